/* STM32L0 and STM32L1 parts on the bench: die layouts (chips/mcu.h) and
 * part rows, with the PECR flash controller of fc_l0l1.c.  Facts:
 * stm32-families.md §1.2 (DEV_ID, page sizes, flash-size and UID words),
 * §1.4 (memories), §2.3, §3 (timing), §5 (DBGMCU), §6.1 (GPIO reset);
 * CMSIS stm32l053xx.h, stm32l073xx.h, stm32l152xe.h, stm32l151xb.h (RCC,
 * PWR, GPIO, DATA_EEPROM bases and sizes). */
#include "chips/chip_family.h"
#include "chips/fc_l0l1.h"
#include "chips/mcu.h"

/* Datasheet programming time, word or half-page, and page erase (one
 * cycle each): L0 typ 3.2 ms, L1 typ 3.28 ms (max 3.94 ms; §3). */
#define L0_TPROG_NS (3200ull * SIM_NS_PER_US)
#define L1_TPROG_NS (3280ull * SIM_NS_PER_US)

/* Reset clock: MSI range 5, 2.097 MHz (RM0367 §7.2.3, RM0038 §6.2.3). */
#define MSI_RESET_HZ 2097000u

/* ---- Layouts ---- */

/* RCC_CR: HSI16ON 0 -> HSI16RDYF 2 (L0) or HSION 0 -> HSIRDY 1 (L1);
 * MSION 8, HSEON 16, PLLON 24 -> the bit above; reset MSION|MSIRDY.
 * RCC_CFGR: SW [1:0] -> SWS [3:2] (openocd's stm32l0.cfg waits for SWS).
 * RCC_CSR: LSION 0 -> LSIRDY 1; PINRSTF 26, PORRSTF 27, SFTRSTF 28. */
#define RCC_CR_RESET_MSI   0x00000300u
#define PWR_CR_RESET_VOS2  0x00001000u   /* VOS = range 2 */
#define PWR_CSR_RESET      0x00000008u   /* VREFINTRDYF */
#define PWR_CR_PDDS        0x2u

#define L0L1_COMMON_LAYOUT(sysmem_kib)                                          \
    .flash_base = 0x08000000u,                                                  \
    .ram = { { .name = "sram", .base = 0x20000000u, .kib = 0 } },               \
    .sysmem_base = 0x1FF00000u, .sysmem_size = (sysmem_kib) * 1024u,            \
    /* flash size and UID live in the option page: fc_l0l1_options.c */        \
    .uid_addr = 0, .fsize_addr = 0,                                             \
    .optbytes_base = L0L1_OPT_BASE, .optbytes_size = 0x1000u,                   \
    .periph_base = 0x40000000u, .periph_size = 0x20000000u,                     \
    .flashif_size = 0x400u,                                                     \
    .dbgmcu_cr_stop = 1u << 1, .dbgmcu_cr_standby = 1u << 2,                    \
    .gpio_stride = 0x400u, .gpio_ports = 8, .gpio_style = MCU_GPIO_MODER,       \
    .rcc_pinrst_bit = 26, .rcc_porrst_bit = 27, .rcc_sftrst_bit = 28,           \
    .rcc_iwdgrst_bit = 29,                                                      \
    /* IWDG 0x40003000 on LSI 37 kHz (RM0367 §25, RM0038 §21; ST's HAL */      \
    /* LSI_VALUE 37000); freeze DBG_APB1_FZ bit 12 */                          \
    .iwdg_base = 0x40003000u, .lsi_hz = 37000u,                                 \
    .iwdg_fz_off = 0x08, .iwdg_fz_mask = 1u << 12,                              \
    .pwr_base = 0x40007000u,                                                    \
    .pwr_reset = { { 0x00, PWR_CR_RESET_VOS2 }, { 0x04, PWR_CSR_RESET } },      \
    .pwr_lp_off = 0x00, .pwr_lp_mask = PWR_CR_PDDS, .pwr_lp_shift = 1,          \
    .pwr_lp_standby = 1

/* L0: Cortex-M0+, no bit-band; flash interface 0x40022000, DBGMCU on APB
 * at 0x40015800, GPIO on the IOPORT bus at 0x50000000 (MODER reset
 * 0xEBFFFCFF), RCC 0x40021000 (CFGR 0x0C, CSR 0x50). */
#define L0_LAYOUT(sysmem_kib)                                                   \
    L0L1_COMMON_LAYOUT(sysmem_kib),                                             \
    .sram_bitband = false, .periph_bitband_base = 0,                            \
    .flashif_base = 0x40022000u, .dbgmcu_base = 0x40015800u,                    \
    .gpio_base = 0x50000000u,                                                   \
    .gpioa_moder_reset = 0xEBFFFCFFu, .gpioa_pupdr_reset = 0x24000000u,         \
    .rcc_base = 0x40021000u,                                                    \
    .rcc_reset = { { 0x00, RCC_CR_RESET_MSI } },                                \
    .rcc_mirror = { { 0x00, 0x00000001u, 2 }, { 0x00, 0x01010100u, 1 },         \
                    { 0x0C, 0x3u, 2 }, { 0x50, 0x00000101u, 1 } },              \
    .rcc_csr_off = 0x50, .rcc_rmvf_bit = 23,     /* RM0367 §7.3.21 */          \
    .iwdg_winr = true

/* L1: Cortex-M3 with bit-band; flash interface 0x40023C00, DBGMCU
 * 0xE0042000, GPIO on AHB at 0x40020000 (MODER reset 0xA8000000), RCC
 * 0x40023800 (CFGR 0x08, CSR 0x34). */
#define L1_LAYOUT(sysmem_kib)                                                   \
    L0L1_COMMON_LAYOUT(sysmem_kib),                                             \
    .sram_bitband = true, .periph_bitband_base = 0x42000000u,                   \
    .flashif_base = 0x40023C00u, .dbgmcu_base = 0xE0042000u,                    \
    .gpio_base = 0x40020000u,                                                   \
    .gpioa_moder_reset = 0xA8000000u, .gpioa_pupdr_reset = 0x64000000u,         \
    .rcc_base = 0x40023800u,                                                    \
    .rcc_reset = { { 0x00, RCC_CR_RESET_MSI } },                                \
    .rcc_mirror = { { 0x00, 0x01010101u, 1 }, { 0x08, 0x3u, 2 },                \
                    { 0x34, 0x00000101u, 1 } },                                 \
    .rcc_csr_off = 0x34, .rcc_rmvf_bit = 24      /* RM0038 §6.3.14 */

/* System memory: 4 KiB on L0 cat.3, 8 KiB on cat.5 and on L1 (AN2606). */
static const struct mcu_layout l0_cat3_layout = { L0_LAYOUT(4) };
static const struct mcu_layout l0_cat5_layout = { L0_LAYOUT(8) };
static const struct mcu_layout l1_layout = { L1_LAYOUT(8) };

/* ---- Controller rows ---- */

/* L0 cat.3 (L05x/L06x, 0x417): 128 B pages, 2 KiB EEPROM, one bank. */
static const struct l0l1_part l0_cat3_64k = {
    .gen = L0L1_GEN_L0, .page_bytes = 128, .eeprom_bytes = 2048,
    .wrp_words = 1, .fsize_off = 0x7C, .uid_off = 0x50, .tprog = L0_TPROG_NS,
};
/* L0 cat.5 (L07x/L08x, 0x447) 192 KiB: two banks of 96 KiB (bank 2 at
 * 0x08018000), 6 KiB EEPROM in two banks, WRPROT1 + WRPROT2 (48 sectors). */
static const struct l0l1_part l0_cat5_192k = {
    .gen = L0L1_GEN_L0, .page_bytes = 128, .eeprom_bytes = 6144,
    .bank2_off = 0x18000, .wrp_words = 3, .has_bfb2 = true, .has_nzdisable = true,
    .fsize_off = 0x7C, .uid_off = 0x50, .tprog = L0_TPROG_NS,
};
/* L1 cat.1 (0x416) 64 KiB: 256 B pages, 4 KiB EEPROM; size/UID at 0x4C/0x50. */
static const struct l0l1_part l1_cat1_64k = {
    .gen = L0L1_GEN_L1, .page_bytes = 256, .eeprom_bytes = 4096,
    .wrp_words = 1, .fsize_off = 0x4C, .uid_off = 0x50, .tprog = L1_TPROG_NS,
};
/* L1 cat.5 (0x437) 512 KiB: two banks (bank 2 at 0x08040000), 16 KiB
 * EEPROM, WRP over 128 sectors; size/UID at 0xCC/0xD0. */
static const struct l0l1_part l1_cat5_512k = {
    .gen = L0L1_GEN_L1, .page_bytes = 256, .eeprom_bytes = 16384,
    .bank2_off = 0x40000, .wrp_words = 8, .has_bfb2 = true,
    .fsize_off = 0xCC, .uid_off = 0xD0, .tprog = L1_TPROG_NS,
};

static const struct mcu_part_data l053_data = {
    .layout = &l0_cat3_layout, .flash = &mcu_fc_l0l1, .flash_data = &l0_cat3_64k,
};
static const struct mcu_part_data l073_data = {
    .layout = &l0_cat5_layout, .flash = &mcu_fc_l0l1, .flash_data = &l0_cat5_192k,
};
static const struct mcu_part_data l151c8_data = {
    .layout = &l1_layout, .flash = &mcu_fc_l0l1, .flash_data = &l1_cat1_64k,
};
static const struct mcu_part_data l152re_data = {
    .layout = &l1_layout, .flash = &mcu_fc_l0l1, .flash_data = &l1_cat5_512k,
};

/* ---- Cores and debug ports (stm32-families.md §1.3) ---- */

/* The cores serve their ROM table at 0xE00FF000; the L0's AP BASE on
 * silicon points at an ST table at 0xF0000000 that leads there, the bench
 * points straight at it. */
#define ROM_TABLE_BASE 0xE00FF003u

/* Cortex-M0+ r0p1: CPUID 0x410CC601, BPU with 4 comparators, DWT 2,
 * SW-DP 0x0BC11477 (SWD only), AHB-AP IDR 0x04770031. */
#define L0_CM0P_DEBUG                                                           \
    .core_kind = SIM_CORE_M0PLUS, .cpuid = 0x410CC601u, .reset_hz = MSI_RESET_HZ, \
    .fpb_code = 4, .fpb_literal = 0, .dwt = 2,                                  \
    .swdp_dpidr = 0x0BC11477u, .jtag_idcode = 0,                                \
    .n_aps = 1, .ap_idr = { 0x04770031u }, .ap_base = { ROM_TABLE_BASE }

/* Cortex-M3 r2p0: CPUID 0x412FC230, FPB 6+2, DWT 4, SW-DP 0x2BA01477,
 * JTAG 0x4BA00477, AHB-AP IDR 0x24770011. */
#define L1_CM3_DEBUG                                                            \
    .core_kind = SIM_CORE_M3, .cpuid = 0x412FC230u, .reset_hz = MSI_RESET_HZ,   \
    .fpb_code = 6, .fpb_literal = 2, .dwt = 4,                                  \
    .swdp_dpidr = 0x2BA01477u, .jtag_idcode = 0x4BA00477u,                      \
    .n_aps = 1, .ap_idr = { 0x24770011u }, .ap_base = { ROM_TABLE_BASE }

/* REV_IDs from openocd stm32lx.c's revision tables. */
const struct sim_chip_part sim_parts_l0l1[] = {
    { .name = "STM32L053R8", .family = &sim_family_mcu, .dev_id = 0x417,
      .rev_id = 0x1038, .flash_kib = 64, .sram_kib = 8,
      .family_data = &l053_data, L0_CM0P_DEBUG },
    { .name = "STM32L073RZ", .family = &sim_family_mcu, .dev_id = 0x447,
      .rev_id = 0x2008, .flash_kib = 192, .sram_kib = 20,
      .family_data = &l073_data, L0_CM0P_DEBUG },
    { .name = "STM32L151C8", .family = &sim_family_mcu, .dev_id = 0x416,
      .rev_id = 0x1038, .flash_kib = 64, .sram_kib = 10,
      .family_data = &l151c8_data, L1_CM3_DEBUG },
    { .name = "STM32L152RE", .family = &sim_family_mcu, .dev_id = 0x437,
      .rev_id = 0x1000, .flash_kib = 512, .sram_kib = 80,
      .family_data = &l152re_data, L1_CM3_DEBUG },
    { .name = NULL },
};
