/* STUB (lead). */
#include <stddef.h>

#include "stm32/dbgmcu.h"
#include "stm32/stm32.h"

const struct stm32_debug_facts *stm32_debug_facts_for_family(const char *family)
{
    (void)family;
    return NULL;
}

const struct stm32_debug_facts *stm32_debug_facts(const struct stm32_chip *c)
{
    return c && c->part ? stm32_debug_facts_for_family(c->part->family) : NULL;
}

bool stm32_swd_pins_intact(const struct stm32_debug_facts *f, uint32_t moder, uint32_t afrh,
                           uint32_t afio_mapr)
{
    (void)f; (void)moder; (void)afrh; (void)afio_mapr;
    return true;
}

int stm32_dbgmcu_keep_debug(struct stm32_chip *c)
{
    (void)c;
    return 0;
}
