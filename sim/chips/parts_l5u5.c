/* STM32L5 and STM32U5 on the bench: memory layouts, controller rows and
 * part rows (stm32-families.md §1.2-1.4, §2.5, §3, §5, §6.1).  Cortex-M33
 * (ARMv8-M Mainline) with TrustZone; the bench runs them with TZEN = 0
 * unless the scenario says "tzen": true. */
#include "chips/fc_l5u5.h"

/* ---- Debug port (stm32-families.md §1.3) ---- */

/* Cortex-M33 r0p4 CPUID [R]; SW-DP as openocd's stm32x5x_common.cfg
 * expects (stlink-org says 0x0BE02477, [!] §7); JTAG 0x0BA04477.  The
 * AHB5-AP of an ARMv8-M DAP (IDR 0x84770001) with the ROM table pointer
 * ADIv5-formatted.  M33 FPB: 8 instruction comparators, no literal ones;
 * DWT: 4 comparators.  MSI 4 MHz after reset (both families). */
#define M33_DEBUG \
    .core_kind = SIM_CORE_M33, .cpuid = 0x410FD214, .reset_hz = 4000000, \
    .fpb_code = 8, .fpb_literal = 0, .dwt = 4, \
    .swdp_dpidr = 0x0BE12477, .jtag_idcode = 0x0BA04477, \
    .n_aps = 1, .ap_idr = { 0x84770001u }, .ap_base = { 0xE00FF003u }

/* ---- Layouts ---- */

/* Shared by both: flash 0x08000000, system memory + OTP + factory words
 * from 0x0BF90000 up to 0x0BFA0FFF (OTP 0x0BFA0000), flash interface at
 * 0x40022000 (non-secure), DBGMCU at 0xE0044000 (CR bit 1 DBG_STOP, 2
 * DBG_STANDBY), GPIOA at 0x42020000 with PA13/PA14 in AF0 (§6.1). */
#define L5U5_COMMON \
    .flash_base = 0x08000000u, \
    .sram_bitband = false, \
    .sysmem_base = 0x0BF90000u, .sysmem_size = 0x11000u, \
    .optbytes_base = 0, .optbytes_size = 0, \
    .periph_base = 0x40000000u, .periph_size = 0x20000000u, \
    .periph_bitband_base = 0, \
    .flashif_base = 0x40022000u, .flashif_size = 0x400u, \
    .dbgmcu_base = 0xE0044000u, \
    .dbgmcu_cr_stop = 1u << 1, .dbgmcu_cr_standby = 1u << 2, \
    .gpio_base = 0x42020000u, .gpio_stride = 0x400u, \
    .gpio_style = MCU_GPIO_MODER, \
    .gpioa_moder_reset = 0xABFFFFFFu, .gpioa_pupdr_reset = 0x64000000u, \
    /* IWDG (non-secure alias 0x40003000) with IWDG_WINR, LSI 32 kHz (RM0438 \
     * §40, RM0456 §52); DBGMCU_APB1FZR1 (0xE0044008) DBG_IWDG_STOP bit 12; \
     * RCC_CSR RMVF 23, IWDGRSTF 29. */ \
    .iwdg_base = 0x40003000u, .lsi_hz = 32000u, .iwdg_winr = true, \
    .iwdg_fz_off = 0x08, .iwdg_fz_mask = 1u << 12, \
    .rcc_iwdgrst_bit = 29, .rcc_rmvf_bit = 23

/* STM32L552/562 (RM0438): SRAM1 192 KiB + SRAM2 64 KiB contiguous from
 * 0x20000000; UID 0x0BFA0590, flash size 0x0BFA05E0.  RCC at 0x40021000
 * (CR: MSION 0 -> MSIRDY 1, HSION 8 -> HSIRDY 10, HSEON 16 -> HSERDY 17,
 * PLLON 24 -> PLLRDY 25; CFGR 0x08 SW -> SWS; CSR 0x94 with PINRSTF 26,
 * BORRSTF 27 (set by POR), SFTRSTF 28); reset CR 0x63 = MSI 4 MHz ready.
 * PWR at 0x40007000: CR1.LPMS [2:0], 3 = Standby; SR2 (VOSF) reads 0. */
static const struct mcu_layout layout_l5 = {
    L5U5_COMMON,
    .ram = { { .name = "sram", .base = 0x20000000u, .kib = 0 } },
    .uid_addr = 0x0BFA0590u, .fsize_addr = 0x0BFA05E0u,
    .gpio_ports = 8,
    .rcc_base = 0x40021000u,
    .rcc_reset = { { 0x00, 0x00000063u } },
    .rcc_mirror = { { 0x00, 1u << 0, 1 }, { 0x00, 1u << 8, 2 }, { 0x00, 1u << 16, 1 },
                    { 0x00, 1u << 24, 1 }, { 0x08, 0x3u, 2 } },
    .rcc_csr_off = 0x94, .rcc_pinrst_bit = 26, .rcc_porrst_bit = 27, .rcc_sftrst_bit = 28,
    .pwr_base = 0x40007000u,
    .pwr_reset = { { 0x00, 0x00000400u } },
    .pwr_lp_off = 0x00, .pwr_lp_mask = 0x7u, .pwr_lp_shift = 0, .pwr_lp_standby = 3,
};

/* STM32U575/585 (RM0456): SRAM1 192 + SRAM2 64 + SRAM3 512 KiB contiguous
 * from 0x20000000, SRAM4 16 KiB at 0x28000000; UID 0x0BFA0700, flash size
 * 0x0BFA07A0.  RCC at 0x46020C00 (CR: MSISON 0 -> MSISRDY 2, HSION 8 ->
 * HSIRDY 10, HSEON 16 -> HSERDY 17, PLL1ON 24 -> PLL1RDY 25; CFGR1 0x1C
 * SW -> SWS; CSR 0xF4 flags as on L5); reset CR 0x35.  PWR at 0x46020800:
 * CR1.LPMS [2:0], 4 = Standby; VOSR (0x0C) reads VOSRDY (bit 15) and, a
 * bench simplification, BOOSTRDY (bit 14): the EPOD booster is always
 * ready (openocd's stm32u5x.cfg waits for both). */
static const struct mcu_layout layout_u5 = {
    L5U5_COMMON,
    .ram = { { .name = "sram", .base = 0x20000000u, .kib = 0 },
             { .name = "sram4", .base = 0x28000000u, .kib = 16 } },
    .uid_addr = 0x0BFA0700u, .fsize_addr = 0x0BFA07A0u,
    .gpio_ports = 9,
    .rcc_base = 0x46020C00u,
    .rcc_reset = { { 0x00, 0x00000035u } },
    .rcc_mirror = { { 0x00, 1u << 0, 2 }, { 0x00, 1u << 8, 2 }, { 0x00, 1u << 16, 1 },
                    { 0x00, 1u << 24, 1 }, { 0x1C, 0x3u, 2 } },
    .rcc_csr_off = 0xF4, .rcc_pinrst_bit = 26, .rcc_porrst_bit = 27, .rcc_sftrst_bit = 28,
    .pwr_base = 0x46020800u,
    .pwr_reset = { { 0x0C, 0x0000C000u } },
    .pwr_lp_off = 0x00, .pwr_lp_mask = 0x7u, .pwr_lp_shift = 0, .pwr_lp_standby = 4,
};

/* ---- Controller rows ---- */

/* L552/L562, 512 KiB: DBANK (OPTR bit 22) = 1 gives two banks of 128
 * pages of 2 KiB, 0 one bank of 128 pages of 4 KiB; 64-bit programming.
 * Factory OPTR 0x7FEFF8AA [R]: RDP 0xAA, BOR off, no reset in
 * Stop/Standby/Shutdown, software watchdogs, DB256K = DBANK = 1, SRAM2
 * parity off, nSWBOOT0 = nBOOT0 = 1 (BOOT0 pin), PA15 pull-up, TZEN 0.
 * Timings: stm32-families.md §3 gives "L5 ≈ L4" (DS10198 typical: 64-bit
 * program 81.69 us, 2 KiB page 22.02 ms, bank/mass 22.13 ms); an option
 * change is estimated as a page erase plus a few program units. */
static const struct fc_l5u5_row row_l5_512k = {
    .u5 = false, .unit = 8,
    .page_single = 4096, .page_dual = 2048, .always_dual = false,
    .dbank_bit = 1u << 22,
    .optr_factory = 0x7FEFF8AAu, .optr_writable = 0x9F7F77FFu,
    .nsbootadd0 = 0x08000000u, .nsbootadd1 = 0x0BF90000u,
    .t_prog = 81690, .t_page_erase = 22020 * SIM_NS_PER_US,
    .t_bank_erase = 22130 * SIM_NS_PER_US, .t_options = 22500 * SIM_NS_PER_US,
};

/* U575/U585, 2 MiB (the largest of DEV_ID 0x482): always two banks of 128
 * pages of 8 KiB; 128-bit programming.  Factory OPTR 0x1FEFF8AA [R]:
 * RDP 0xAA, BOR off, no reset in low-power modes, SRAM1345_RST = 1,
 * software watchdogs, DUALBANK = 1, ECC of BKPRAM/SRAM2/SRAM3 off,
 * SRAM2_RST = 1, nSWBOOT0 = nBOOT0 = 1, PA15 pull-up, TZEN 0.  Timings:
 * stm32-families.md §3 (low confidence): quad word 118 us, 8 KiB page
 * 1.5 ms, bank 1.5 ms; an option change ~2 ms (estimate). */
static const struct fc_l5u5_row row_u5_2m = {
    .u5 = true, .unit = 16,
    .page_single = 8192, .page_dual = 8192, .always_dual = true,
    .dbank_bit = 1u << 21,
    .optr_factory = 0x1FEFF8AAu, .optr_writable = 0xFFFFF7FFu,
    .nsbootadd0 = 0x08000000u, .nsbootadd1 = 0x0BF90000u,
    .t_prog = 118 * SIM_NS_PER_US, .t_page_erase = 1500 * SIM_NS_PER_US,
    .t_bank_erase = 1500 * SIM_NS_PER_US, .t_options = 2000 * SIM_NS_PER_US,
};

static const struct mcu_part_data data_l5_512k = {
    .layout = &layout_l5, .flash = &fc_l5u5_ops, .flash_data = &row_l5_512k,
};

static const struct mcu_part_data data_u5_2m = {
    .layout = &layout_u5, .flash = &fc_l5u5_ops, .flash_data = &row_u5_2m,
};

/* ---- Part rows ---- */

/* L552/L562: DEV_ID 0x472, 256 KiB SRAM; REV_ID 0x2000 = rev B (openocd
 * stm32l4x.c revision table). */
#define L5_512K_DIE \
    .family = &sim_family_mcu, .dev_id = 0x472, .rev_id = 0x2000, \
    .flash_kib = 512, .sram_kib = 256, .family_data = &data_l5_512k, M33_DEBUG

/* U575/U585: DEV_ID 0x482, 768 KiB contiguous SRAM; REV_ID 0x2000 = rev B
 * (openocd stm32l4x.c revision table). */
#define U5_2M_DIE \
    .family = &sim_family_mcu, .dev_id = 0x482, .rev_id = 0x2000, \
    .flash_kib = 2048, .sram_kib = 768, .family_data = &data_u5_2m, M33_DEBUG

const struct sim_chip_part sim_parts_l5u5[] = {
    { .name = "STM32L552ZE", L5_512K_DIE },
    { .name = "STM32L552RE", L5_512K_DIE },
    { .name = "STM32L562QE", L5_512K_DIE },
    { .name = "STM32U585AI", U5_2M_DIE },
    { .name = "STM32U575ZI", U5_2M_DIE },
    { .name = NULL },
};
