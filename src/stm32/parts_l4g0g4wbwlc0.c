/* Part rows of the L4-class flash controller generation (see chipdb.c):
 * STM32L4, L4+, G0, G4, WB, WL, C0 -- every DEV_ID of stm32-families.md
 * §1.2 for these lines.  The driver is flash_l4.c; each row's flash_data
 * (struct l4_row) says how its banks, pages and option registers look
 * (openocd stm32l4x.c stm32l4_probe; stm32-families.md §2.4, §4.2).
 * sram_kib: the smallest part of the line's contiguous SRAM at 0x20000000
 * (what a loader may use without knowing the exact part). */
#include "flash_l4.h"

extern const struct stm32_flash_ops stm32_flash_l4;

#define SR_BSY  (1u << 16)
#define SR_BSY2 (1u << 17)       /* G0B bank 2 */
#define CR_BKER (1u << 11)
#define CR_BKER_G0 (1u << 13)

#define W(x) (1u << (x))
#define OPTS_BANK1 (W(L4_OB_OPTR) | W(L4_OB_PCROP1SR) | W(L4_OB_PCROP1ER) | W(L4_OB_WRP1AR) | \
                    W(L4_OB_WRP1BR))
#define OPTS_BANK2 (W(L4_OB_PCROP2SR) | W(L4_OB_PCROP2ER) | W(L4_OB_WRP2AR) | W(L4_OB_WRP2BR))
#define OPTS_G0    (OPTS_BANK1 | W(L4_OB_PCROP1BSR) | W(L4_OB_PCROP1BER))

/* DS10198 (L476) typical: page erase 22.02 ms, mass 22.13 ms, 64-bit
 * program 81.69 us; G0 (G030 DS) 22 ms / 85 us; the others alike [R]. */
#define TIMES_L4 .program_us = 82, .page_erase_ms = 22, .mass_erase_ms = 23
#define TIMES_G0 .program_us = 85, .page_erase_ms = 22, .mass_erase_ms = 23

static const struct l4_row row_l47x = {
    .page_size = 2048, .banks = L4_DUAL_AT_MAX_OR_BIT, .dual_bit = W(21), .bker = CR_BKER,
    .busy_mask = SR_BSY, .opt_mask = OPTS_BANK1 | OPTS_BANK2, .fields = l4_fields_l47x, TIMES_L4,
};
static const struct l4_row row_l49x = {
    .page_size = 2048, .banks = L4_DUAL_AT_MAX_OR_BIT, .dual_bit = W(21), .bker = CR_BKER,
    .busy_mask = SR_BSY, .opt_mask = OPTS_BANK1 | OPTS_BANK2, .fields = l4_fields_l49x, TIMES_L4,
};
static const struct l4_row row_l4single = {
    .page_size = 2048, .banks = L4_SINGLE, .busy_mask = SR_BSY, .opt_mask = OPTS_BANK1,
    .fields = l4_fields_l4single, TIMES_L4,
};
/* L4R/S (2 MiB) and L4P/Q (1 MiB): DBANK at the largest size, DB1M /
 * DB512K (bit 21) on the half-size parts; 8 KiB pages, 4 KiB when dual. */
static const struct l4_row row_l4plus = {
    .page_size = 8192, .banks = L4_DUAL_BIT_HALF_PAGES, .dual_bit = W(22), .dual_bit_half = W(21),
    .bker = CR_BKER, .busy_mask = SR_BSY, .opt_mask = OPTS_BANK1 | OPTS_BANK2,
    .use_all_wrp = true, .fields = l4_fields_l4plus, TIMES_L4,
};
static const struct l4_row row_g0 = {
    .page_size = 2048, .banks = L4_SINGLE, .busy_mask = SR_BSY, .opt_mask = OPTS_G0,
    .fields = l4_fields_g0, TIMES_G0,
};
static const struct l4_row row_g0b = {
    .page_size = 2048, .banks = L4_DUAL_BIT, .dual_bit = W(21), .bker = CR_BKER_G0,
    .busy_mask = SR_BSY | SR_BSY2, .opt_mask = OPTS_G0 | W(L4_OB_WRP2AR) | W(L4_OB_WRP2BR),
    .fields = l4_fields_g0b, TIMES_G0,
};
static const struct l4_row row_g4single = {
    .page_size = 2048, .banks = L4_SINGLE, .busy_mask = SR_BSY, .opt_mask = OPTS_BANK1,
    .fields = l4_fields_g4single, TIMES_L4,
};
/* G47x/G48x: DBANK (bit 22) -> 2 x 2 KiB-page banks, bank 2 always at
 * 0x08040000; else 4 KiB pages. */
static const struct l4_row row_g4dual = {
    .page_size = 4096, .banks = L4_DUAL_BIT_HALF_PAGES, .dual_bit = W(22),
    .bank2_fixed_off = 0x40000, .bker = CR_BKER, .busy_mask = SR_BSY,
    .opt_mask = OPTS_BANK1 | OPTS_BANK2, .use_all_wrp = true, .fields = l4_fields_g4dual, TIMES_L4,
};
static const struct l4_row row_wb4k = {
    .page_size = 4096, .banks = L4_SINGLE, .busy_mask = SR_BSY, .opt_mask = OPTS_G0,
    .fields = l4_fields_wb, TIMES_L4,
};
static const struct l4_row row_wb2k = {
    .page_size = 2048, .banks = L4_SINGLE, .busy_mask = SR_BSY, .opt_mask = OPTS_G0,
    .fields = l4_fields_wb, TIMES_L4,
};
static const struct l4_row row_wl = {
    .page_size = 2048, .banks = L4_SINGLE, .busy_mask = SR_BSY, .opt_mask = OPTS_G0,
    .fields = l4_fields_wl, TIMES_L4,
};
static const struct l4_row row_c0 = {
    .page_size = 2048, .banks = L4_SINGLE, .busy_mask = SR_BSY,
    .opt_mask = W(L4_OB_OPTR) | W(L4_OB_WRP1AR) | W(L4_OB_WRP1BR),
    .fields = l4_fields_c0, TIMES_G0,
};

/* Controller bases: 0x40022000, WB/WL 0x58004000 (stm32-families.md §2.4).
 * Flash size / UID registers: 0x1FFF75E0 / 0x1FFF7590, C0 0x1FFF75A0 /
 * 0x1FFF7550 (§1.2). */
#define FLASH_REGS    0x40022000u
#define FLASH_REGS_WB 0x58004000u

#define L4_ROW(id, nm, fam, kib, sram, regs, fsize, uid, row)                                    \
    { .dev_id = id, .name = nm, .family = fam, .flash = &stm32_flash_l4, .flash_regs = regs,     \
      .flash_base = 0x08000000u, .flash_kib_max = kib, .flash_size_reg = fsize, .uid_reg = uid, \
      .sram_kib = sram, .flash_data = &row }
#define ROW(id, nm, fam, kib, sram, row) \
    L4_ROW(id, nm, fam, kib, sram, FLASH_REGS, 0x1FFF75E0u, 0x1FFF7590u, row)
#define ROW_WBWL(id, nm, fam, kib, sram, row) \
    L4_ROW(id, nm, fam, kib, sram, FLASH_REGS_WB, 0x1FFF75E0u, 0x1FFF7590u, row)
#define ROW_C0(id, nm, kib, sram) \
    L4_ROW(id, nm, "C0", kib, sram, FLASH_REGS, 0x1FFF75A0u, 0x1FFF7550u, row_c0)

const struct stm32_part stm32_parts_l4g0g4wbwlc0[] = {
    ROW(0x415, "STM32L47x/L48x", "L4", 1024, 96, row_l47x),
    ROW(0x461, "STM32L49x/L4Ax", "L4", 1024, 256, row_l49x),
    ROW(0x435, "STM32L43x/L44x", "L4", 256, 48, row_l4single),
    ROW(0x462, "STM32L45x/L46x", "L4", 512, 128, row_l4single),
    ROW(0x464, "STM32L41x/L42x", "L4", 128, 32, row_l4single),
    ROW(0x470, "STM32L4R/L4S", "L4+", 2048, 640, row_l4plus),
    ROW(0x471, "STM32L4P/L4Q", "L4+", 1024, 320, row_l4plus),
    ROW(0x466, "STM32G03x/G04x", "G0", 64, 8, row_g0),
    ROW(0x456, "STM32G05x/G06x", "G0", 64, 18, row_g0),
    ROW(0x460, "STM32G07x/G08x", "G0", 128, 36, row_g0),
    ROW(0x467, "STM32G0Bx/G0Cx", "G0", 512, 144, row_g0b),
    ROW(0x468, "STM32G43x/G44x", "G4", 128, 16, row_g4single),
    ROW(0x469, "STM32G47x/G48x", "G4", 512, 96, row_g4dual),
    ROW(0x479, "STM32G49x/G4Ax", "G4", 512, 80, row_g4single),
    ROW_WBWL(0x495, "STM32WB5x/WB3x", "WB", 1024, 192, row_wb4k),
    ROW_WBWL(0x494, "STM32WB1x", "WB", 320, 12, row_wb2k),
    ROW_WBWL(0x496, "STM32WB3x", "WB", 512, 32, row_wb4k),
    ROW_WBWL(0x497, "STM32WLE5/WLE4/WL55/WL54", "WL", 256, 20, row_wl),
    ROW_C0(0x443, "STM32C011", 32, 6),
    ROW_C0(0x453, "STM32C031", 32, 12),
    ROW_C0(0x44C, "STM32C05x", 64, 12),
    ROW_C0(0x493, "STM32C071", 128, 24),
    ROW_C0(0x44D, "STM32C09x", 256, 36),
    { .dev_id = 0 },
};
