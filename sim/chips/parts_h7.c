/* STM32H7 parts on the bench: layouts (memories, peripherals), flash
 * controller rows (fc_h7.h) and part rows.  Facts: stm32-families.md §1
 * (IDs, memories), §2.6 (controller), §3 (timing), §5 (DBGMCU), §6
 * (GPIO, PWR); RM0433 (H743), RM0399 (H747), RM0468 (H723), RM0455 (H7A3). */
#include "chips/fc_h7.h"

/* ---- Timing ---- */

/* DS12110 (H743) Table "Flash memory programming": 256-bit word x8 290,
 * x16 180, x32 130, x64 100 us typ; 128 KiB sector x8 2 s, x16 1.8 s,
 * x32 1.1 s, x64 1 s typ (stm32-families.md §3 [V]).  Bank erase: x8
 * ~13 s and x64 ~5 s [R, low confidence], x16/x32 interpolated.  Option
 * change ~300 ms (an observation, no datasheet figure). */
static const struct h7_times h74x_times = {
    .program = { 290 * SIM_NS_PER_US, 180 * SIM_NS_PER_US,
                 130 * SIM_NS_PER_US, 100 * SIM_NS_PER_US },
    .sector  = { 2000 * SIM_NS_PER_MS, 1800 * SIM_NS_PER_MS,
                 1100 * SIM_NS_PER_MS, 1000 * SIM_NS_PER_MS },
    .bank    = { 13 * SIM_NS_PER_S, 10 * SIM_NS_PER_S,
                 6 * SIM_NS_PER_S, 5 * SIM_NS_PER_S },
    .options = 300 * SIM_NS_PER_MS,
};

/* H7A3/B3: no datasheet figure found (§3, §8).  Estimates: a 128-bit word
 * ~40 us, an 8 KiB sector ~3 ms, a 1 MiB bank ~300 ms.  No PSIZE: only
 * index 3 is used. */
static const struct h7_times h7a3_times = {
    .program = { 40 * SIM_NS_PER_US, 40 * SIM_NS_PER_US, 40 * SIM_NS_PER_US, 40 * SIM_NS_PER_US },
    .sector  = { 3 * SIM_NS_PER_MS, 3 * SIM_NS_PER_MS, 3 * SIM_NS_PER_MS, 3 * SIM_NS_PER_MS },
    .bank    = { 300 * SIM_NS_PER_MS, 300 * SIM_NS_PER_MS, 300 * SIM_NS_PER_MS,
                 300 * SIM_NS_PER_MS },
    .options = 300 * SIM_NS_PER_MS,
};

/* ---- FLASH_CR layouts (§2.6) ---- */
static const struct h7_cr_bits h74x_cr = {
    .fw = 1u << 6, .start = 1u << 7, .snb_shift = 8, .snb_mask = 0x7, .psize_shift = 4,
};
static const struct h7_cr_bits h7a3_cr = {
    .fw = 1u << 4, .start = 1u << 5, .snb_shift = 6, .snb_mask = 0x7F, .psize_shift = 0,
};

/* ---- Controller rows ---- */

/* Factory option bytes.  Dual core: OPTSR 0x0B86AAF0 (BCM7 = 1, BCM4 = 0,
 * RDP 0xAA), BOOT7 0x1FF00800 (ADD0 0x08000000, ADD1 0x1FF00000), BOOT4
 * 0x10000810 (ADD0 0x08100000, ADD1 0x10000000), as reset values listed by
 * a public H747 register dump.  Single core: IWDG1_SW, NRST_STOP/STBY_D1,
 * RDP 0xAA, FZ_IWDG_STOP/SDBY. */
#define OPTSR_SINGLE_CORE 0x0006AAF0u
#define OPTSR_DUAL_CORE   0x0B86AAF0u
#define BOOT7_FACTORY     0x1FF00800u
#define BOOT4_FACTORY     0x10000810u

#define MIB (1024u * 1024u)

/* H742/743/753 (RM0433): 2 banks x 8 x 128 KiB, bank 2 at 0x08100000. */
static const struct h7_fc_part fc_h743 = {
    .word_bytes = 32, .sector_bytes = 128 * 1024, .sectors_per_bank = 8, .banks = 2,
    .bank2_off = MIB, .cr = &h74x_cr, .sectors_per_wpsn_bit = 1,
    .optsr_factory = OPTSR_SINGLE_CORE, .boot7_factory = BOOT7_FACTORY, .times = &h74x_times,
};

/* H745/747/755/757 (RM0399): the same array, two cores, SMPS. */
static const struct h7_fc_part fc_h747 = {
    .word_bytes = 32, .sector_bytes = 128 * 1024, .sectors_per_bank = 8, .banks = 2,
    .bank2_off = MIB, .cr = &h74x_cr, .dual_core = true, .smps = true,
    .sectors_per_wpsn_bit = 1, .optsr_factory = OPTSR_DUAL_CORE,
    .boot7_factory = BOOT7_FACTORY, .boot4_factory = BOOT4_FACTORY, .times = &h74x_times,
};

/* H723/733 (RM0468): one bank of 8 x 128 KiB, no SMPS (H725/735 have). */
static const struct h7_fc_part fc_h723 = {
    .word_bytes = 32, .sector_bytes = 128 * 1024, .sectors_per_bank = 8, .banks = 1,
    .bank2_off = MIB, .cr = &h74x_cr, .sectors_per_wpsn_bit = 1,
    .optsr_factory = OPTSR_SINGLE_CORE, .boot7_factory = BOOT7_FACTORY, .times = &h74x_times,
};

/* H7A3/B3 (RM0455): 2 banks x 128 x 8 KiB, 128-bit words, WPSN per
 * group of 4 sectors; no SMPS without the Q suffix. */
static const struct h7_fc_part fc_h7a3 = {
    .word_bytes = 16, .sector_bytes = 8 * 1024, .sectors_per_bank = 128, .banks = 2,
    .bank2_off = MIB, .cr = &h7a3_cr, .sectors_per_wpsn_bit = 4,
    .optsr_factory = OPTSR_SINGLE_CORE, .boot7_factory = BOOT7_FACTORY, .times = &h7a3_times,
};

/* ---- Layouts ---- */

/* Shared by every H7 (§1.4, §5, §6.1): flash interface 0x52002000,
 * DBGMCU 0x5C001000 (D1 DBG_STOP bit 1, DBG_STANDBY bit 2), GPIOA
 * 0x58020000 (ports A..K every 0x400; PA13/PA14 AF0 at reset), RCC
 * 0x58024400.  PWR (0x58024800) is fc_h7's own block (h7_pwr.c). */
#define H7_SYSMEM_BASE 0x1FF00000u
#define H7_COMMON_LAYOUT                                                         \
    .flash_base = 0x08000000u,                                                   \
    .periph_base = 0x40000000u, .periph_size = 0x20000000u,                      \
    .flashif_base = 0x52002000u, .flashif_size = 0x400u,                         \
    .dbgmcu_base = 0x5C001000u, .dbgmcu_cr_stop = 1u << 1,                       \
    .dbgmcu_cr_standby = 1u << 2,                                                \
    .gpio_base = 0x58020000u, .gpio_stride = 0x400u, .gpio_ports = 11,           \
    .gpio_style = MCU_GPIO_MODER,                                                \
    .gpioa_moder_reset = 0xABFFFFFFu, .gpioa_pupdr_reset = 0x64000000u,          \
    .rcc_base = 0x58024400u,                                                     \
    /* RCC_CR (RM0433 RCC_CR): HSION, HSIDIVF, D1/D2CKRDY at reset; each */     \
    /* ready flag follows its ON bit.  RCC_CFGR SWS [5:3] follows SW [2:0]. */   \
    .rcc_reset = { { .off = 0x00, .value = 0x0000C021u } },                      \
    .rcc_mirror = { { .off = 0x00, .mask = 1u << 0, .shift = 2 },                \
                    { .off = 0x00, .mask = (1u << 7) | (1u << 12) | (1u << 16) | \
                                           (1u << 24) | (1u << 26) | (1u << 28), \
                      .shift = 1 },                                              \
                    { .off = 0x10, .mask = 0x7u, .shift = 3 } },                 \
    /* RCC_RSR (0xD0): RMVF 16, BORRSTF 21, PINRSTF 22, PORRSTF 23, */          \
    /* SFTRSTF 24, IWDG1RSTF 26 (RM0433 §8.7.39) */                              \
    .rcc_csr_off = 0xD0, .rcc_pinrst_bit = 22, .rcc_porrst_bit = 23,             \
    .rcc_sftrst_bit = 24, .rcc_iwdgrst_bit = 26, .rcc_borrst_bit = 21,           \
    .rcc_rmvf_bit = 16,                                                          \
    /* IWDG1 0x58004800 with WINR, LSI 32 kHz (RM0433 §45); freeze: */          \
    /* DBGMCU_APB4FZ1 (0x5C001054) DBG_IWDG1 bit 18 */                          \
    .iwdg_base = 0x58004800u, .lsi_hz = 32000u, .iwdg_winr = true,               \
    .iwdg_fz_off = 0x54, .iwdg_fz_mask = 1u << 18,                               \
    /* PWR_CPUCR.PDDS_D1: deep sleep enters STANDBY when set */                 \
    .pwr_lp_off = 0x10, .pwr_lp_mask = 1u, .pwr_lp_shift = 0, .pwr_lp_standby = 1

/* H742/743/745/747/750/753/755/757 (§1.4): DTCM 128 KiB at 0x20000000,
 * AXI SRAM 512 KiB, SRAM1-3 288 KiB, SRAM4 64 KiB, backup 4 KiB; system
 * memory 0x1FF00000-0x1FF1FFFF with UID 0x1FF1E800 and FSIZE 0x1FF1E880. */
static const struct mcu_layout h74x_layout = {
    H7_COMMON_LAYOUT,
    .ram = { { .name = "dtcm", .base = 0x20000000u, .kib = 128 },
             { .name = "axi-sram", .base = 0x24000000u, .kib = 512 },
             { .name = "sram1-3", .base = 0x30000000u, .kib = 288 },
             { .name = "sram4", .base = 0x38000000u, .kib = 64 },
             { .name = "backup-sram", .base = 0x38800000u, .kib = 4 } },
    .sysmem_base = H7_SYSMEM_BASE, .sysmem_size = 0x20000u,
    .uid_addr = 0x1FF1E800u, .fsize_addr = 0x1FF1E880u,
};

/* H723/733/725/735/730 (§1.4): AXI 320 KiB, SRAM1/2 32 KiB, SRAM4 16 KiB. */
static const struct mcu_layout h72x_layout = {
    H7_COMMON_LAYOUT,
    .ram = { { .name = "dtcm", .base = 0x20000000u, .kib = 128 },
             { .name = "axi-sram", .base = 0x24000000u, .kib = 320 },
             { .name = "sram1-2", .base = 0x30000000u, .kib = 32 },
             { .name = "sram4", .base = 0x38000000u, .kib = 16 },
             { .name = "backup-sram", .base = 0x38800000u, .kib = 4 } },
    .sysmem_base = H7_SYSMEM_BASE, .sysmem_size = 0x20000u,
    .uid_addr = 0x1FF1E800u, .fsize_addr = 0x1FF1E880u,
};

/* H7A3/B3/B0 (§1.4): AXI 1 MiB, AHB SRAM 128 KiB, SRD SRAM 32 KiB; system
 * memory 0x1FF00000-0x1FF13FFF; UID and FSIZE at 0x08FFF800/0x08FFF80C
 * (outside the system page: fc_h7 maps them, hence 0 here). */
static const struct mcu_layout h7a3_layout = {
    H7_COMMON_LAYOUT,
    .ram = { { .name = "dtcm", .base = 0x20000000u, .kib = 128 },
             { .name = "axi-sram", .base = 0x24000000u, .kib = 1024 },
             { .name = "ahb-sram", .base = 0x30000000u, .kib = 128 },
             { .name = "srd-sram", .base = 0x38000000u, .kib = 32 },
             { .name = "backup-sram", .base = 0x38800000u, .kib = 4 } },
    .sysmem_base = H7_SYSMEM_BASE, .sysmem_size = 0x14000u,
    .uid_addr = 0, .fsize_addr = 0,
};

static const struct mcu_part_data h743_data = { &h74x_layout, &sim_fc_h7, &fc_h743 };
static const struct mcu_part_data h747_data = { &h74x_layout, &sim_fc_h7, &fc_h747 };
static const struct mcu_part_data h723_data = { &h72x_layout, &sim_fc_h7, &fc_h723 };
static const struct mcu_part_data h7a3_data = { &h7a3_layout, &sim_fc_h7, &fc_h7a3 };

/* ---- Debug port (§1.3): SW-DP 0x6BA02477, JTAG 0x6BA00477.  AP0: the
 * Cortex-M7's AHB-AP; AP1: AHB-AP on the D3 system bus; AP2: APB-AP on the
 * debug APB (DBGMCU at 0xE00E1000, usable while NRST is low); AP3: the
 * Cortex-M4's AHB-AP on dual-core parts.  ROM table pointers: the cores'
 * tables at 0xE00FF000, the APB-D table at 0xE00E0000, none on AP1. ---- */
#define H7_AHB_AP_IDR  0x84770001u
#define H7_APB_AP_IDR  0x54770002u
#define H7_ROM_CORE    0xE00FF003u
#define H7_ROM_NONE    0x00000002u
#define H7_ROM_APBD    0xE00E0003u

/* Cortex-M7 r1p1 (CPUID 0x411FC271), 64 MHz HSI after reset; FPB 8
 * instruction comparators, DWT 4. */
#define H7_CM7 \
    .family = &sim_family_mcu, .core_kind = SIM_CORE_M7, .cpuid = 0x411FC271u, \
    .reset_hz = 64000000u, .fpb_code = 8, .fpb_literal = 0, .dwt = 4, \
    .swdp_dpidr = 0x6BA02477u, .jtag_idcode = 0x6BA00477u

#define H7_SINGLE_CORE_APS \
    .n_aps = 3, .ap_idr = { H7_AHB_AP_IDR, H7_AHB_AP_IDR, H7_APB_AP_IDR }, \
    .ap_base = { H7_ROM_CORE, H7_ROM_NONE, H7_ROM_APBD }, \
    .ap_core = { 0, SIM_AP_SYSTEM, SIM_AP_APB_DEBUG }

/* H745/747: the Cortex-M4 r0p1 (CPUID 0x410FC241) on AP3, 64 MHz too. */
#define H7_DUAL_CORE_APS \
    .n_aps = 4, .ap_idr = { H7_AHB_AP_IDR, H7_AHB_AP_IDR, H7_APB_AP_IDR, H7_AHB_AP_IDR }, \
    .ap_base = { H7_ROM_CORE, H7_ROM_NONE, H7_ROM_APBD, H7_ROM_CORE }, \
    .ap_core = { 0, SIM_AP_SYSTEM, SIM_AP_APB_DEBUG, 1 }, \
    .core2_kind = SIM_CORE_M4, .core2_cpuid = 0x410FC241u, .core2_hz = 64000000u

/* REV_ID: 0x2003 = revision V of H742/743/745/747 (RM0433 DBGMCU_IDCODE,
 * RM0399); 0x1001 = revision Z of H72x (RM0468); 0x1003 = revision Z of
 * H7A3 (RM0455). */
const struct sim_chip_part sim_parts_h7[] = {
    { .name = "STM32H743ZI", H7_CM7, H7_SINGLE_CORE_APS, .dev_id = 0x450, .rev_id = 0x2003,
      .flash_kib = 2048, .sram_kib = 128, .family_data = &h743_data },
    { .name = "STM32H747XI", H7_CM7, H7_DUAL_CORE_APS, .dev_id = 0x450, .rev_id = 0x2003,
      .flash_kib = 2048, .sram_kib = 128, .family_data = &h747_data },
    { .name = "STM32H747II", H7_CM7, H7_DUAL_CORE_APS, .dev_id = 0x450, .rev_id = 0x2003,
      .flash_kib = 2048, .sram_kib = 128, .family_data = &h747_data },
    { .name = "STM32H723ZG", H7_CM7, H7_SINGLE_CORE_APS, .dev_id = 0x483, .rev_id = 0x1001,
      .flash_kib = 1024, .sram_kib = 128, .family_data = &h723_data },
    { .name = "STM32H7A3ZI", H7_CM7, H7_SINGLE_CORE_APS, .dev_id = 0x480, .rev_id = 0x1003,
      .flash_kib = 2048, .sram_kib = 128, .family_data = &h7a3_data },
    { .name = NULL },
};
