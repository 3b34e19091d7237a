/* Placeholder until the generic shell lands (chips/mcu.h). */
#include "chips/mcu.h"

const struct sim_chip_family sim_family_mcu = { .name = "STM32 (generic)" };
