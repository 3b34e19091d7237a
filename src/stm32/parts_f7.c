/* STM32F7 parts: the F2/F4 flash interface at the same address with
 * larger sectors (see flash_f2f4.c; chipdb.c looks rows up by DEV_ID).
 * Facts: stm32-families.md §1.2 (DEV_ID, F_SIZE and U_ID addresses), §1.4
 * (SRAM from 0x20000000: DTCM + SRAM1 + SRAM2 contiguous), §2.2 (sector
 * layouts: M = 256 KiB on F74x/F76x, 128 KiB on F72x; F76x dual bank with
 * nDBANK = 0 is handled in flash_f2f4.c). */
#include "stm32.h"

extern const struct stm32_flash_ops stm32_flash_f2f4;

#define F7_FLASH_REGS   0x40023C00u   /* RM0385 §3.7, RM0410 §3.7 */
#define F7_FLASH_BASE   0x08000000u   /* AXIM view of the flash */

#define F7_ROW(id, nm, kib, sram, big, fsize, uid)                               \
    { .dev_id = id, .name = nm, .family = "F7", .flash = &stm32_flash_f2f4,      \
      .flash_regs = F7_FLASH_REGS, .flash_base = F7_FLASH_BASE,                  \
      .flash_kib_max = kib, .flash_size_reg = fsize, .uid_reg = uid,             \
      .sram_kib = sram, .largest_sector_kib = big }

const struct stm32_part stm32_parts_f7[] = {
    /* F74x/F75x: 1 MiB (4x32, 128, 3x256 KiB), 320 KiB SRAM (RM0385). */
    F7_ROW(0x449, "STM32F74x/75x", 1024, 320, 256, 0x1FF0F442u, 0x1FF0F420u),
    /* F76x/F77x: 2 MiB (single bank 4x32, 128, 7x256 KiB), 512 KiB SRAM
     * (RM0410). */
    F7_ROW(0x451, "STM32F76x/77x", 2048, 512, 256, 0x1FF0F442u, 0x1FF0F420u),
    /* F72x/F73x: 512 KiB (4x16, 64, 3x128 KiB), 256 KiB SRAM; the
     * size and ID registers sit lower than on the other F7 (RM0431). */
    F7_ROW(0x452, "STM32F72x/73x", 512, 256, 128, 0x1FF07A22u, 0x1FF07A10u),
    { .dev_id = 0 },
};
