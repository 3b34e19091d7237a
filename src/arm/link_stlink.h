/* arm_link_ops for an ST-LINK; the link pointer is the struct stlink. */
#ifndef SD_ARM_LINK_STLINK_H
#define SD_ARM_LINK_STLINK_H

#include "arm/arm.h"

extern const struct arm_link_ops arm_stlink_link;

#endif
