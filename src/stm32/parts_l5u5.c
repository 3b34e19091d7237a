/* Part rows of the STM32L5 / STM32U5 flash generation (see chipdb.c;
 * stm32-families.md §1.2, §1.4): non-secure flash interface at 0x40022000,
 * flash 0x08000000, flash-size and UID words in the info block at
 * 0x0BFAxxxx, SRAM contiguous from 0x20000000 (what a loader may use). */
#include "stm32.h"

extern const struct stm32_flash_ops stm32_flash_l5u5;
struct l5u5_row;
extern const struct l5u5_row stm32_l5u5_row_l5, stm32_l5u5_row_u5;

#define L5U5_FLASH_REGS 0x40022000u

#define L5U5_ROW(id, nm, fam, kib, fsize, uid, sram, rowdata)                     \
    { .dev_id = id, .name = nm, .family = fam, .flash = &stm32_flash_l5u5,          \
      .flash_regs = L5U5_FLASH_REGS, .flash_base = 0x08000000u,                     \
      .flash_kib_max = kib, .flash_size_reg = fsize, .uid_reg = uid,                \
      .sram_kib = sram, .flash_data = &(rowdata) }

const struct stm32_part stm32_parts_l5u5[] = {
    /* L552/L562: SRAM1 192 + SRAM2 64 KiB (RM0438 §2.2). */
    L5U5_ROW(0x472, "STM32L552/562", "L5", 512, 0x0BFA05E0u, 0x0BFA0590u, 256,
             stm32_l5u5_row_l5),
    /* U535/U545: SRAM1 192 + SRAM2 64 KiB. */
    L5U5_ROW(0x455, "STM32U535/545", "U5", 512, 0x0BFA07A0u, 0x0BFA0700u, 256,
             stm32_l5u5_row_u5),
    /* U575/U585: SRAM1 192 + SRAM2 64 + SRAM3 512 KiB (RM0456 §2.3). */
    L5U5_ROW(0x482, "STM32U575/585", "U5", 2048, 0x0BFA07A0u, 0x0BFA0700u, 768,
             stm32_l5u5_row_u5),
    /* U59x/U5Ax and U5Fx/U5Gx: 4 MiB (256 pages per bank); at least the
     * U575's 768 KiB of SRAM is contiguous from 0x20000000. */
    L5U5_ROW(0x481, "STM32U59x/5Ax", "U5", 4096, 0x0BFA07A0u, 0x0BFA0700u, 768,
             stm32_l5u5_row_u5),
    L5U5_ROW(0x476, "STM32U5Fx/5Gx", "U5", 4096, 0x0BFA07A0u, 0x0BFA0700u, 768,
             stm32_l5u5_row_u5),
    { .dev_id = 0 },
};
