/* Erase (sectors or all) and reset. */
#include "common/session_internal.h"
#include "ops/target_internal.h"

int sd_erase(struct sd_target *t, uint32_t addr, uint32_t len, unsigned *first, unsigned *count)
{
    if (!t || !len)
        return SD_ERR_INVALID_ARG;
    sd_session_clear_error(t->s);
    struct stm32_chip *c = &t->chip;
    uint64_t end = (uint64_t)addr + len;
    if (addr < c->part->flash_base || end > stm32_flash_end(c))
        return sd_fail(t->s, SD_ERR_OUT_OF_RANGE, SD_LOG_OPS,
                       "0x%08x..0x%08llx is not inside the chip's flash 0x%08x-0x%08x", addr,
                       (unsigned long long)(end - 1), c->part->flash_base,
                       stm32_flash_end(c) - 1);
    const struct stm32_sector *lo = stm32_sector_at(c, addr);
    const struct stm32_sector *hi = stm32_sector_at(c, (uint32_t)(end - 1));
    int rc = ops_check_unprotected(t, "erase the flash");
    if (!rc)
        rc = ops_halt_for_operation(t);
    if (!rc)
        rc = c->part->flash->unlock(c);
    for (const struct stm32_sector *s = lo; !rc && s <= hi; s++)
        rc = c->part->flash->erase_sector(c, s);
    int lrc = c->part->flash->lock(c);
    if (first)
        *first = lo->id;
    if (count)
        *count = (unsigned)(hi - lo) + 1;
    return rc ? rc : lrc;
}

int sd_erase_all(struct sd_target *t)
{
    if (!t)
        return SD_ERR_INVALID_ARG;
    sd_session_clear_error(t->s);
    struct stm32_chip *c = &t->chip;
    int rc = ops_check_unprotected(t, "erase the flash");
    if (!rc)
        rc = ops_halt_for_operation(t);
    if (!rc)
        rc = c->part->flash->unlock(c);
    if (!rc)
        rc = c->part->flash->mass_erase(c);
    int lrc = c->part->flash->lock(c);
    return rc ? rc : lrc;
}

int sd_reset(struct sd_target *t, int halt, int hardware)
{
    if (!t)
        return SD_ERR_INVALID_ARG;
    sd_session_clear_error(t->s);
    return arm_reset(&t->core, hardware ? ARM_RESET_HARDWARE : ARM_RESET_SYSTEM, halt != 0);
}
