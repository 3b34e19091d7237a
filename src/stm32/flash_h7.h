/* The STM32H7 flash driver (H74x/H75x, H72x/H73x, H7A3/B3), shared between
 * flash_h7.c (geometry, erase, program, protection) and flash_h7_options.c
 * (option bytes); rows in parts_h7.c.  Facts: stm32-families.md §2.6,
 * §4.2; RM0433, RM0399, RM0468, RM0455 FLASH chapters; openocd
 * src/flash/nor/stm32h7x.c. */
#ifndef SD_STM32_FLASH_H7_H
#define SD_STM32_FLASH_H7_H

#include <stdbool.h>
#include <stdint.h>

#include "stm32.h"

/* Register offsets from the controller base 0x52002000; the per-bank ones
 * again at +0x100 for bank 2. */
#define H7_BANK2_REGS    0x100u
#define H7_FLASH_KEYR    0x04u
#define H7_FLASH_OPTKEYR 0x08u
#define H7_FLASH_CR      0x0Cu
#define H7_FLASH_SR      0x10u
#define H7_FLASH_CCR     0x14u
#define H7_FLASH_OPTCR   0x18u
#define H7_FLASH_OPTSR_CUR 0x1Cu
#define H7_FLASH_OPTSR_PRG 0x20u
#define H7_FLASH_OPTCCR  0x24u
#define H7_FLASH_WPSN_CUR 0x38u
#define H7_FLASH_WPSN_PRG 0x3Cu
#define H7_FLASH_BOOT_CUR 0x40u   /* BOOT7_CUR on dual core */
#define H7_FLASH_BOOT_PRG 0x44u
#define H7_FLASH_BOOT4_CUR 0x48u  /* dual core only */
#define H7_FLASH_BOOT4_PRG 0x4Cu

/* One die group's controller data (stm32_part.flash_data). */
struct h7_row {
    uint32_t word_bytes;          /* 32 (256-bit) or 16 (128-bit, H7A3/B3) */
    uint32_t sector_kib;          /* 128, or 8 on H7A3/B3 */
    unsigned banks;               /* 2, or 1 on H72x/H73x */
    bool cd_layout;               /* H7A3/B3 FLASH_CR: FW 4, START 5, SNB [12:6], no PSIZE */
    unsigned sectors_per_wpsn_bit; /* 1, or 4 on H7A3/B3 */
    unsigned sector_erase_ms;     /* typical, at x64 where PSIZE exists */
    unsigned bank_erase_ms;
};

const struct h7_row *h7_row_of(const struct stm32_chip *c);
/* H745/747/755/757 share DEV_ID 0x450 with the single-core parts; the
 * Cortex-M4's boot register (BOOT4_CUR) is what tells them apart. */
bool h7_dual_core(const struct stm32_chip *c);

/* Words of struct stm32_ob. */
enum h7_ob_word { H7_OB_OPTSR, H7_OB_BOOT, H7_OB_BOOT4, H7_OB_WPSN1, H7_OB_WPSN2, H7_OB_WORDS };

/* flash_h7_options.c */
int h7_ob_read(struct stm32_chip *c, struct stm32_ob *ob);
int h7_ob_write(struct stm32_chip *c, const struct stm32_ob *ob);
const char *h7_ob_irreversible(const struct stm32_chip *c, const struct stm32_ob *now,
                               const struct stm32_ob *want);
const struct stm32_ob_field *h7_ob_fields_for(const struct stm32_chip *c);

/* RDP: 0xAA level 0, 0xCC level 2, anything else level 1 (openocd
 * stm32h7x.c OPT_RDP_L0/L1/L2 use 0xAA/0x00/0xCC; we write 0xBB). */
#define H7_RDP_VALUES { 0xAAu, 0xBBu, 0xCCu }

#endif
