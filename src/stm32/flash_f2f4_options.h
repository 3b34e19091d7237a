/* Option bytes of the STM32F2/F4/F7 flash controller (flash_f2f4_options.c),
 * plugged into stm32_flash_f2f4's ob_* members (flash_f2f4.c). */
#ifndef SD_STM32_FLASH_F2F4_OPTIONS_H
#define SD_STM32_FLASH_F2F4_OPTIONS_H

#include "stm32.h"

/* RM0090 §3.7.3 / RM0385 §3.7.3: 0xAA level 0, 0xCC level 2, any other
 * value level 1 (0xBB is what openocd and ST's tools write). */
#define F2F4_RDP_VALUES { 0xAAu, 0xBBu, 0xCCu }

const struct stm32_ob_field *f2f4_ob_fields_for(const struct stm32_chip *c);
int f2f4_ob_read(struct stm32_chip *c, struct stm32_ob *ob);
int f2f4_ob_write(struct stm32_chip *c, const struct stm32_ob *ob);
const char *f2f4_ob_irreversible(const struct stm32_chip *c, const struct stm32_ob *now,
                                 const struct stm32_ob *want);

/* The F40x table (also the default for an unknown DEV_ID). */
extern const struct stm32_ob_field f2f4_ob_fields_f40x[];

#endif
