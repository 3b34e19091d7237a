/* STM32F2/F4/F7 parts on the generic STM32 (chips/mcu.h) with the
 * fc_f2f4 flash controller: the memory layouts, the controller's row data
 * (sector geometry, nWRP width, datasheet timings) and the part rows.
 * IDs: stm32-families.md §1.2/§1.3; maps: §1.4; geometry §2.2; timing §3. */
#include "chips/fc_f2f4.h"

/* ---- Layouts ---- */

#define FLASH_BASE      0x08000000u
#define SRAM_BASE       0x20000000u
#define CCM_BASE        0x10000000u   /* F4 core-coupled RAM: D-bus only */
#define PERIPH_BASE     0x40000000u
#define PERIPH_SIZE     0x20000000u
#define PERIPH_BB_BASE  0x42000000u
#define FLASHIF_BASE    0x40023C00u   /* RM0090 §3.9, RM0410 §3.7 */
#define DBGMCU_M3M4M7   0xE0042000u   /* stm32-families.md §1.1 */
#define DBG_STOP        (1u << 1)     /* DBGMCU_CR (stm32-families.md §5) */
#define DBG_STANDBY     (1u << 2)
#define GPIOA_BASE      0x40020000u   /* RM0090 §2.3, RM0410 §2.2.2 */
#define GPIO_STRIDE     0x400u
#define GPIOA_MODER_RST 0xA8000000u   /* PA13/14/15 AF (RM0090 §8.4.1) */
#define GPIOA_PUPDR_RST 0x64000000u
#define PWR_BASE        0x40007000u
#define IWDG_BASE       0x40003000u
#define PWR_CR          0x00u
#define PWR_CSR         0x04u
#define PWR_CR_PDDS     (1u << 1)     /* RM0090 §5.4.1; F7 PWR_CR1 the same */
#define PWR_PDDS_SHIFT  1u

/* RM0090 §2.3 / §2.4 / §3.6: system memory 30 KiB + OTP 528 B + U_ID +
 * F_SIZE in one 32 KiB page at 0x1FFF0000, option bytes at 0x1FFFC000. */
static const struct mcu_layout layout_f2f4 = {
    .flash_base = FLASH_BASE,
    .ram = {
        { .name = "sram", .base = SRAM_BASE },
        { .name = "ccm", .base = CCM_BASE, .no_exec = true },   /* part->ccm_kib */
    },
    .sram_bitband = true,
    .sysmem_base = 0x1FFF0000u, .sysmem_size = 0x8000u,
    .uid_addr = 0x1FFF7A10u, .fsize_addr = 0x1FFF7A22u,
    .optbytes_base = 0x1FFFC000u, .optbytes_size = 0x1000u,
    .periph_base = PERIPH_BASE, .periph_size = PERIPH_SIZE,
    .periph_bitband_base = PERIPH_BB_BASE,
    .flashif_base = FLASHIF_BASE, .flashif_size = 0x400u,
    .dbgmcu_base = DBGMCU_M3M4M7,
    .dbgmcu_cr_stop = DBG_STOP, .dbgmcu_cr_standby = DBG_STANDBY,
    .gpio_base = GPIOA_BASE, .gpio_stride = GPIO_STRIDE, .gpio_ports = 9,  /* A..I */
    .gpio_style = MCU_GPIO_MODER,
    .gpioa_moder_reset = GPIOA_MODER_RST, .gpioa_pupdr_reset = GPIOA_PUPDR_RST,
    .rcc_base = 0,                     /* the family's own (fc_f2f4_rcc.c) */
    .pwr_base = PWR_BASE,
    /* PWR_CR.VOS = 1 at reset; CSR.VOSRDY: the regulator is ready as soon
     * as the chip runs (RM0090 §5.4.1/§5.4.2). */
    .pwr_reset = { { PWR_CR, 1u << 14 }, { PWR_CSR, 1u << 14 } },
    .pwr_lp_off = PWR_CR, .pwr_lp_mask = PWR_CR_PDDS,
    .pwr_lp_shift = PWR_PDDS_SHIFT, .pwr_lp_standby = 1,
    /* IWDG 0x40003000, LSI 32 kHz, no window (RM0090 §19, RM0033 §17);
     * DBGMCU_APB1_FZ DBG_IWDG_STOP bit 12. */
    .iwdg_base = IWDG_BASE, .lsi_hz = 32000u,
    .iwdg_fz_off = 0x08, .iwdg_fz_mask = 1u << 12,
};

/* F7 (RM0385 §2.2, RM0410 §2.2; stm32-families.md §1.4): DTCM + SRAM1 +
 * SRAM2 contiguous from 0x20000000 (part->sram_kib), ITCM RAM 16 KiB at 0,
 * no bit-band (Cortex-M7).  System memory 0x1FF00000 with OTP, U_ID and
 * F_SIZE in the same 64 KiB page; option bytes at 0x1FFF0000; GPIO A..K. */
#define F7_SYSMEM_BASE  0x1FF00000u
#define F7_SYSMEM_SIZE  0x10000u
#define F7_ITCM_KIB     16u
#define F7_LAYOUT_COMMON \
    .flash_base = FLASH_BASE, \
    .ram = { \
        { .name = "sram", .base = SRAM_BASE }, \
        { .name = "itcm-ram", .base = 0x00000000u, .kib = F7_ITCM_KIB }, \
    }, \
    .sysmem_base = F7_SYSMEM_BASE, .sysmem_size = F7_SYSMEM_SIZE, \
    .optbytes_base = 0x1FFF0000u, .optbytes_size = 0x1000u, \
    .periph_base = PERIPH_BASE, .periph_size = PERIPH_SIZE, \
    .flashif_base = FLASHIF_BASE, .flashif_size = 0x400u, \
    .dbgmcu_base = DBGMCU_M3M4M7, \
    .dbgmcu_cr_stop = DBG_STOP, .dbgmcu_cr_standby = DBG_STANDBY, \
    .gpio_base = GPIOA_BASE, .gpio_stride = GPIO_STRIDE, .gpio_ports = 11, \
    .gpio_style = MCU_GPIO_MODER, \
    .gpioa_moder_reset = GPIOA_MODER_RST, .gpioa_pupdr_reset = GPIOA_PUPDR_RST, \
    .rcc_base = 0, \
    .pwr_base = PWR_BASE, \
    /* PWR_CR1.VOS = 11 at reset, CSR1.VOSRDY (RM0410 §4.4.1/§4.4.2) */ \
    .pwr_reset = { { PWR_CR, 3u << 14 }, { PWR_CSR, 1u << 14 } }, \
    .pwr_lp_off = PWR_CR, .pwr_lp_mask = PWR_CR_PDDS, \
    .pwr_lp_shift = PWR_PDDS_SHIFT, .pwr_lp_standby = 1, \
    /* IWDG with IWDG_WINR, LSI 32 kHz (RM0385 §26); APB1_FZ bit 12 */ \
    .iwdg_base = IWDG_BASE, .lsi_hz = 32000u, .iwdg_winr = true, \
    .iwdg_fz_off = 0x08, .iwdg_fz_mask = 1u << 12

/* F74x/F75x, F76x/F77x: U_ID 0x1FF0F420, F_SIZE 0x1FF0F442 (§1.2). */
static const struct mcu_layout layout_f74x_f76x = {
    F7_LAYOUT_COMMON,
    .uid_addr = 0x1FF0F420u, .fsize_addr = 0x1FF0F442u,
};

/* F72x/F73x: U_ID 0x1FF07A10, F_SIZE 0x1FF07A22 (§1.2). */
static const struct mcu_layout layout_f72x = {
    F7_LAYOUT_COMMON,
    .uid_addr = 0x1FF07A10u, .fsize_addr = 0x1FF07A22u,
};

/* ---- Controller rows ---- */

/* DS8626 Table 40 (F405/407 flash characteristics), typical values;
 * stm32-families.md §3.  x64 needs VPP: the x32 figures are used. */
static const struct fc_f2f4_times times_f40x = {
    .sector_small = { 400 * SIM_NS_PER_MS, 300 * SIM_NS_PER_MS,
                      250 * SIM_NS_PER_MS, 250 * SIM_NS_PER_MS },
    .sector_mid   = { 1200 * SIM_NS_PER_MS, 700 * SIM_NS_PER_MS,
                      550 * SIM_NS_PER_MS, 550 * SIM_NS_PER_MS },
    .sector_large = { 2000 * SIM_NS_PER_MS, 1300 * SIM_NS_PER_MS,
                      1000 * SIM_NS_PER_MS, 1000 * SIM_NS_PER_MS },
    .mass         = { 16 * SIM_NS_PER_S, 11 * SIM_NS_PER_S,
                      8 * SIM_NS_PER_S, 8 * SIM_NS_PER_S },
    .program      = 16 * SIM_NS_PER_US,   /* word program, typ. */
    /* No datasheet figure for OPTSTRT: estimated as one 16 KiB erase at x32
     * (the controller erases and rewrites its option sector). */
    .options      = 250 * SIM_NS_PER_MS,
};

/* F401xD/E, F411xC/E (512 KiB): sector times as F40x, mass erase of
 * 512 KiB x8 8 s, x16 5.5 s, x32 4 s typ. (stm32-families.md §3). */
static const struct fc_f2f4_times times_f4x1_512k = {
    .sector_small = { 400 * SIM_NS_PER_MS, 300 * SIM_NS_PER_MS,
                      250 * SIM_NS_PER_MS, 250 * SIM_NS_PER_MS },
    .sector_mid   = { 1200 * SIM_NS_PER_MS, 700 * SIM_NS_PER_MS,
                      550 * SIM_NS_PER_MS, 550 * SIM_NS_PER_MS },
    .sector_large = { 2000 * SIM_NS_PER_MS, 1300 * SIM_NS_PER_MS,
                      1000 * SIM_NS_PER_MS, 1000 * SIM_NS_PER_MS },
    .mass         = { 8 * SIM_NS_PER_S, 5500 * SIM_NS_PER_MS,
                      4 * SIM_NS_PER_S, 4 * SIM_NS_PER_S },
    .program      = 16 * SIM_NS_PER_US,
    .options      = 250 * SIM_NS_PER_MS,
};

#define F4_OTP_ADDR     0x1FFF7800u   /* RM0090 §3.8: 512 B + 16 lock bytes */
#define F4_OTP_DATA     512u

static const struct fc_f2f4_part fc_f40x_1m = {    /* F2, F405/407/415/417 */
    .largest_sector = 128 * 1024, .nwrp_bits = 12,
    .otp_addr = F4_OTP_ADDR, .otp_data = F4_OTP_DATA, .times = &times_f40x,
};

static const struct fc_f2f4_part fc_f4x1_512k = {  /* F401xD/E, F411xC/E */
    .largest_sector = 128 * 1024, .nwrp_bits = 8,
    .otp_addr = F4_OTP_ADDR, .otp_data = F4_OTP_DATA, .times = &times_f4x1_512k,
};

static const struct mcu_part_data pd_f40x_1m = {
    .layout = &layout_f2f4, .flash = &fc_f2f4_ops, .flash_data = &fc_f40x_1m,
};
static const struct mcu_part_data pd_f4x1_512k = {
    .layout = &layout_f2f4, .flash = &fc_f2f4_ops, .flash_data = &fc_f4x1_512k,
};

/* F7: the F746/F767 datasheets give the F40x figures per sector class
 * (32/128/256 KiB sectors: x8 max 0.8/2.4/4 s, typ about half; mass x8
 * max 32 s; word program 16 us typ; stm32-families.md §3). */
#define F7_OTP_DATA     1024u         /* RM0385 §3.6: 16 x 64 B + 16 lock bytes */
#define F7_BOOT_ADD     0x00400080u   /* BOOT_ADD0 0x0080 (0x00200000), BOOT_ADD1 0x0040 */

static const struct fc_f2f4_part fc_f72x = {       /* 4x16, 64, 3x128 KiB */
    .largest_sector = 128 * 1024, .nwrp_bits = 8, .f7 = true,
    .otp_addr = 0x1FF07800u, .otp_data = F4_OTP_DATA,
    .optcr1_factory = F7_BOOT_ADD, .times = &times_f4x1_512k,
};

static const struct fc_f2f4_part fc_f74x = {       /* 4x32, 128, 3x256 KiB */
    .largest_sector = 256 * 1024, .nwrp_bits = 8, .f7 = true,
    .otp_addr = 0x1FF0F000u, .otp_data = F7_OTP_DATA,
    .optcr1_factory = F7_BOOT_ADD, .times = &times_f40x,
};

/* F76x/F77x 2 MiB: nDBANK = 1 4x32, 128, 7x256 KiB; nDBANK = 0 two banks
 * of 4x16, 64, 7x128 KiB (RM0410 §3.3.1). */
static const struct fc_f2f4_part fc_f76x = {
    .largest_sector = 256 * 1024, .dual_largest = 128 * 1024, .nwrp_bits = 12,
    .f7 = true, .otp_addr = 0x1FF0F000u, .otp_data = F7_OTP_DATA,
    .optcr1_factory = F7_BOOT_ADD, .times = &times_f40x,
};

static const struct mcu_part_data pd_f72x = {
    .layout = &layout_f72x, .flash = &fc_f2f4_ops, .flash_data = &fc_f72x,
};
static const struct mcu_part_data pd_f74x = {
    .layout = &layout_f74x_f76x, .flash = &fc_f2f4_ops, .flash_data = &fc_f74x,
};
static const struct mcu_part_data pd_f76x = {
    .layout = &layout_f74x_f76x, .flash = &fc_f2f4_ops, .flash_data = &fc_f76x,
};

/* ---- Part rows ---- */

/* AHB-AP of the Cortex-M3/M4 DAP (ADIv5, IDR 0x24770011) and the ROM table
 * pointer with "present" and "ADIv5 format" bits (BASE = 0xE00FF003).
 * ref: stlink-protocol.md / stm32-families.md §1.3. */
#define AHB_AP_IDR_CM4      0x24770011u
#define AHB_AP_BASE_CM      0xE00FF003u

/* The Cortex-M4 parts of the F4 line share the core and debug port
 * (stm32-families.md §1.3): CPUID 0x410FC241 (r0p1), FPB 6+2, DWT 4,
 * SW-DP 0x2BA01477, JTAG 0x4BA00477, one AHB-AP; 16 MHz HSI after reset. */
#define F4_CM4_DEBUG \
    .core_kind = SIM_CORE_M4, .cpuid = 0x410FC241, .reset_hz = 16000000, \
    .fpb_code = 6, .fpb_literal = 2, .dwt = 4, \
    .swdp_dpidr = 0x2BA01477, .jtag_idcode = 0x4BA00477, \
    .n_aps = 1, .ap_idr = { AHB_AP_IDR_CM4 }, .ap_base = { AHB_AP_BASE_CM }

/* F405/407/415/417 die: DEV_ID 0x413 (stm32-families.md §1.2), 1 MiB
 * flash, 112+16 KiB SRAM, 64 KiB CCM; REV_ID 0x1007 = revision 1
 * (RM0090 §38.6.1). */
/* Cortex-M7 (stm32-families.md §1.3): SW-DP 0x5BA02477, JTAG 0x5BA00477,
 * AHB-AP IDR 0x74770001; FPB 8 instruction comparators, no literal ones
 * (Cortex-M7 TRM §3.7), DWT 4; 16 MHz HSI after reset (RM0410 §5.2.2). */
#define AHB_AP_IDR_CM7      0x74770001u
#define F7_CM7_DEBUG(cpuid_) \
    .core_kind = SIM_CORE_M7, .cpuid = (cpuid_), .reset_hz = 16000000, \
    .fpb_code = 8, .fpb_literal = 0, .dwt = 4, \
    .swdp_dpidr = 0x5BA02477, .jtag_idcode = 0x5BA00477, \
    .n_aps = 1, .ap_idr = { AHB_AP_IDR_CM7 }, .ap_base = { AHB_AP_BASE_CM }
#define CPUID_M7_R0P1       0x410FC271u   /* F74x/F75x */
#define CPUID_M7_R1P0       0x411FC270u   /* F76x/F77x, F72x/F73x */

/* F74x/F75x: DEV_ID 0x449, 1 MiB, 320 KiB SRAM; REV_ID 0x1001 = rev Z
 * (RM0385 §40.6.1). */
#define F74X_1M_DIE \
    .family = &sim_family_mcu, .dev_id = 0x449, .rev_id = 0x1001, \
    .flash_kib = 1024, .sram_kib = 320, \
    .family_data = &pd_f74x, F7_CM7_DEBUG(CPUID_M7_R0P1)
/* F76x/F77x: DEV_ID 0x451, 2 MiB, 512 KiB SRAM; REV_ID 0x1001 = rev Z
 * (RM0410 §44.6.1). */
#define F76X_2M_DIE \
    .family = &sim_family_mcu, .dev_id = 0x451, .rev_id = 0x1001, \
    .flash_kib = 2048, .sram_kib = 512, \
    .family_data = &pd_f76x, F7_CM7_DEBUG(CPUID_M7_R1P0)
/* F72x/F73x: DEV_ID 0x452, 512 KiB, 256 KiB SRAM; REV_ID 0x1001 = rev Z
 * (RM0431 §35.6.1). */
#define F72X_512K_DIE \
    .family = &sim_family_mcu, .dev_id = 0x452, .rev_id = 0x1001, \
    .flash_kib = 512, .sram_kib = 256, \
    .family_data = &pd_f72x, F7_CM7_DEBUG(CPUID_M7_R1P0)

/* F205/207/215/217 (RM0033): DEV_ID 0x411, Cortex-M3 r2p0 (CPUID
 * 0x412FC230, SW-DP 0x2BA01477: stm32-families.md §1.3), 1 MiB, 112+16 KiB
 * SRAM, no CCM; REV_ID 0x2000 = rev B (RM0033 §32.6.1).  The controller
 * is the F40x's (RM0033 §2.3-2.4). */
#define F2_1M_DIE \
    .family = &sim_family_mcu, .dev_id = 0x411, .rev_id = 0x2000, \
    .flash_kib = 1024, .sram_kib = 128, \
    .family_data = &pd_f40x_1m, \
    .core_kind = SIM_CORE_M3, .cpuid = 0x412FC230, .reset_hz = 16000000, \
    .fpb_code = 6, .fpb_literal = 2, .dwt = 4, \
    .swdp_dpidr = 0x2BA01477, .jtag_idcode = 0x4BA00477, \
    .n_aps = 1, .ap_idr = { AHB_AP_IDR_CM4 }, .ap_base = { AHB_AP_BASE_CM }

#define F40X_1M_DIE \
    .family = &sim_family_mcu, .dev_id = 0x413, .rev_id = 0x1007, \
    .flash_kib = 1024, .sram_kib = 128, .ccm_kib = 64, \
    .family_data = &pd_f40x_1m, F4_CM4_DEBUG

const struct sim_chip_part sim_parts_f2f4f7[] = {
    { .name = "STM32F407VG", F40X_1M_DIE },
    { .name = "STM32F407ZG", F40X_1M_DIE },
    { .name = "STM32F407IG", F40X_1M_DIE },
    { .name = "STM32F405RG", F40X_1M_DIE },
    { .name = "STM32F417VG", F40X_1M_DIE },
    /* F401xD/E: DEV_ID 0x433, 96 KiB SRAM, no CCM; REV_ID 0x1001 = rev Z
     * (RM0368 §23.6.1). */
    { .name = "STM32F401RE", .family = &sim_family_mcu, .dev_id = 0x433,
      .rev_id = 0x1001, .flash_kib = 512, .sram_kib = 96,
      .family_data = &pd_f4x1_512k, F4_CM4_DEBUG },
    /* F411xC/E: DEV_ID 0x431, 128 KiB SRAM, no CCM; REV_ID 0x1000 = rev A
     * (RM0383 §23.6.1). */
    { .name = "STM32F411RE", .family = &sim_family_mcu, .dev_id = 0x431,
      .rev_id = 0x1000, .flash_kib = 512, .sram_kib = 128,
      .family_data = &pd_f4x1_512k, F4_CM4_DEBUG },
    /* F2 */
    { .name = "STM32F207ZG", F2_1M_DIE },
    { .name = "STM32F205RG", F2_1M_DIE },
    /* F7 */
    { .name = "STM32F746ZG", F74X_1M_DIE },
    { .name = "STM32F746NG", F74X_1M_DIE },
    { .name = "STM32F745VG", F74X_1M_DIE },
    { .name = "STM32F756ZG", F74X_1M_DIE },
    { .name = "STM32F767ZI", F76X_2M_DIE },
    { .name = "STM32F769NI", F76X_2M_DIE },
    { .name = "STM32F777ZI", F76X_2M_DIE },
    { .name = "STM32F722ZE", F72X_512K_DIE },
    { .name = "STM32F723ZE", F72X_512K_DIE },
    { .name = "STM32F732RE", F72X_512K_DIE },
    { .name = NULL },
};
