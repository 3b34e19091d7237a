/* Part rows of the STM32L0/L1 flash controller generation (see chipdb.c):
 * every L0 and L1 DEV_ID of stm32-families.md §1.2.  The driver is
 * flash_l0l1.c; each row's flash_data (struct l0l1_row) gives the page
 * size, the write-protection registers, the banks and the flash-size
 * register's quirk (openocd stm32lx.c stm32lx_parts; CMSIS FLASHSIZE_BASE,
 * UID_BASE, DATA_EEPROM_* of stm32l0xx / stm32l1xx headers).
 * sram_kib: the smallest SRAM of the line (what a loader may use without
 * knowing the exact part). */
#include "flash_l0l1.h"

extern const struct stm32_flash_ops stm32_flash_l0l1;

#define L0_FLASH_REGS 0x40022000u   /* RM0367 §3.7 */
#define L1_FLASH_REGS 0x40023C00u   /* RM0038 §3.9 */
#define L0L1_FLASH_BASE 0x08000000u

/* Datasheet programming time (word, half-page, page erase): L0 typ
 * 3.2 ms, L1 typ 3.28 ms, max 3.94 ms (stm32-families.md §3). */
#define TPROG_L0 3200u
#define TPROG_L1 3280u

/* L0: 128 B pages, WRPROT1 (32 sectors) + WRPROT2 on cat.5. */
static const struct l0l1_row l0_cat1 = {
    .gen = L0L1_L0, .page_size = 128, .wrpr_regs = 1, .fsize = L0L1_FSIZE_KIB,
    .eeprom_kib_max = 1, .tprog_us = TPROG_L0,
};
static const struct l0l1_row l0_cat2 = {
    .gen = L0L1_L0, .page_size = 128, .wrpr_regs = 1, .fsize = L0L1_FSIZE_KIB,
    .eeprom_kib_max = 1, .tprog_us = TPROG_L0,
};
static const struct l0l1_row l0_cat3 = {
    .gen = L0L1_L0, .page_size = 128, .wrpr_regs = 1, .fsize = L0L1_FSIZE_KIB,
    .eeprom_kib_max = 2, .tprog_us = TPROG_L0,
};
/* Cat.5: two banks at 128 and 192 KiB (openocd stm32lx_update_part_info). */
static const struct l0l1_row l0_cat5 = {
    .gen = L0L1_L0, .page_size = 128, .wrpr_regs = 2, .dual_min_kib = 128,
    .fsize = L0L1_FSIZE_KIB, .eeprom_kib_max = 6, .tprog_us = TPROG_L0,
};
/* L1: 256 B pages, FLASH_WRPR1..4. */
static const struct l0l1_row l1_cat1 = {
    .gen = L0L1_L1, .page_size = 256, .wrpr_regs = 1, .fsize = L0L1_FSIZE_KIB,
    .eeprom_kib_max = 4, .tprog_us = TPROG_L1,
};
static const struct l0l1_row l1_cat2 = {   /* size register: low byte only */
    .gen = L0L1_L1, .page_size = 256, .wrpr_regs = 1, .fsize = L0L1_FSIZE_LOW_BYTE,
    .eeprom_kib_max = 4, .tprog_us = TPROG_L1,
};
static const struct l0l1_row l1_cat3 = {
    .gen = L0L1_L1, .page_size = 256, .wrpr_regs = 2, .fsize = L0L1_FSIZE_KIB,
    .eeprom_kib_max = 8, .tprog_us = TPROG_L1,
};
static const struct l0l1_row l1_cat4 = {   /* 0 = 384 KiB (two banks), 1 = 256 KiB */
    .gen = L0L1_L1, .page_size = 256, .wrpr_regs = 3, .dual_min_kib = 384,
    .fsize = L0L1_FSIZE_CODE_384_256, .eeprom_kib_max = 12, .tprog_us = TPROG_L1,
};
static const struct l0l1_row l1_cat5 = {
    .gen = L0L1_L1, .page_size = 256, .wrpr_regs = 4, .dual_min_kib = 384,
    .fsize = L0L1_FSIZE_KIB, .eeprom_kib_max = 16, .tprog_us = TPROG_L1,
};

#define L0_ROW(id, nm, kib, sram, data)                                                       \
    { .dev_id = id, .name = nm, .family = "L0", .flash = &stm32_flash_l0l1,                   \
      .flash_regs = L0_FLASH_REGS, .flash_base = L0L1_FLASH_BASE, .flash_kib_max = kib,       \
      .flash_size_reg = 0x1FF8007Cu, .uid_reg = 0x1FF80050u, .sram_kib = sram,                \
      .flash_data = &data }
#define L1_ROW(id, nm, kib, fsize, uid, sram, data)                                          \
    { .dev_id = id, .name = nm, .family = "L1", .flash = &stm32_flash_l0l1,                   \
      .flash_regs = L1_FLASH_REGS, .flash_base = L0L1_FLASH_BASE, .flash_kib_max = kib,       \
      .flash_size_reg = fsize, .uid_reg = uid, .sram_kib = sram, .flash_data = &data }

const struct stm32_part stm32_parts_l0l1[] = {
    L0_ROW(0x457, "STM32L01x/L02x (cat.1)", 16, 2, l0_cat1),
    L0_ROW(0x425, "STM32L031/L041 (cat.2)", 32, 8, l0_cat2),
    L0_ROW(0x417, "STM32L05x/L06x (cat.3)", 64, 8, l0_cat3),
    L0_ROW(0x447, "STM32L07x/L08x (cat.5)", 192, 20, l0_cat5),
    L1_ROW(0x416, "STM32L1xx cat.1", 128, 0x1FF8004Cu, 0x1FF80050u, 10, l1_cat1),
    L1_ROW(0x429, "STM32L1xx cat.2", 128, 0x1FF8004Cu, 0x1FF80050u, 16, l1_cat2),
    L1_ROW(0x427, "STM32L1xx cat.3", 256, 0x1FF800CCu, 0x1FF800D0u, 32, l1_cat3),
    L1_ROW(0x436, "STM32L1xx cat.4/cat.3", 384, 0x1FF800CCu, 0x1FF800D0u, 32, l1_cat4),
    L1_ROW(0x437, "STM32L1xx cat.5/cat.6 (L15x/L16xxE/D)", 512, 0x1FF800CCu, 0x1FF800D0u, 80,
           l1_cat5),
    { .dev_id = 0 },
};
