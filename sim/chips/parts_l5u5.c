/* Part rows of this family (chips/mcu.h).  Filled in by the family's model. */
#include "chips/chip_family.h"

const struct sim_chip_part sim_parts_l5u5[] = {
    { .name = NULL },
};
