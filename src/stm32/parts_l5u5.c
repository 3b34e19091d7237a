/* Part rows of this controller generation (see chipdb.c). */
#include "stm32.h"

const struct stm32_part stm32_parts_l5u5[] = {
    { .dev_id = 0 },
};
