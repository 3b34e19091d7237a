/* Row data of the STM32F0/F1/F3 flash driver (flash_f1.c): what differs
 * between dies of the FPEC generation (stm32-families.md §2.1, §4.2). */
#ifndef SD_STM32_FLASH_F1_H
#define SD_STM32_FLASH_F1_H

#include <stdbool.h>
#include <stdint.h>

#include "stm32.h"

/* Which manual the option bytes follow: F1 (RDP 0xA5, OBR USER at [9:2])
 * or F0/F3 (RDP 0xAA/0xCC, OBR USER at [15:8], OBL_LAUNCH). */
enum stm32_f1_line { STM32_F1_LINE_F1, STM32_F1_LINE_F0, STM32_F1_LINE_F3 };

struct stm32_f1_data {
    enum stm32_f1_line line;
    uint32_t page_size;          /* 1024 or 2048 */
    uint32_t bank1_kib;          /* F1 XL: 512 (bank 2 registers at +0x40); 0 otherwise */
    uint8_t wrp_bytes;           /* WRP0..WRP3, or WRP0/WRP1 on F03x/F04x/F05x */
    uint8_t pages_per_wrp;       /* pages one WRP bit protects */
    bool wrp_last_bit_rest;      /* the last WRP bit covers every page after */
    const struct stm32_ob_field *fields;
};

/* Words of struct stm32_ob: the option bytes as loaded (FLASH_OBR,
 * FLASH_WRPR); word 4 holds WRP0 | WRP1 << 8 | WRP2 << 16 | WRP3 << 24. */
enum { STM32_F1_OB_RDP, STM32_F1_OB_USER, STM32_F1_OB_DATA0, STM32_F1_OB_DATA1,
       STM32_F1_OB_WRP };

/* Field tables (flash_f1_fields.c), named as in RM0008 / RM0091 / RM0316. */
extern const struct stm32_ob_field stm32_f1_fields_f1[];     /* F10x */
extern const struct stm32_ob_field stm32_f1_fields_f1_xl[];  /* + BFB2 */
extern const struct stm32_ob_field stm32_f1_fields_f0_small[]; /* F03x/F05x: WRP0/1 */
extern const struct stm32_ob_field stm32_f1_fields_f04x[];   /* + nBOOT0, BOOT_SEL; WRP0/1 */
extern const struct stm32_ob_field stm32_f1_fields_f07x[];   /* WRP0..3 */
extern const struct stm32_ob_field stm32_f1_fields_f09x[];   /* + nBOOT0, BOOT_SEL */
extern const struct stm32_ob_field stm32_f1_fields_f3[];     /* F3 */
extern const struct stm32_ob_field stm32_f1_fields_f3_sram_pe[]; /* F303x4/6/8, F334, F328 */

extern const struct stm32_flash_ops stm32_flash_f1;    /* F1: rdp_value 0xA5 / 0x00 */
extern const struct stm32_flash_ops stm32_flash_f0f3;  /* F0/F3: 0xAA / 0xBB / 0xCC */

#endif
