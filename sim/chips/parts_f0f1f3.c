/* Part rows of this family (chips/mcu.h).  Filled in by the family's model. */
#include "chips/chip_family.h"

const struct sim_chip_part sim_parts_f0f1f3[] = {
    { .name = NULL },
};
