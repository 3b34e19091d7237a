/* Part rows and layouts of the STM32F0, F1 and F3 (chips/mcu.h, flash
 * controller fc_f1.c).  IDs: stm32-families.md §1.2-1.4; debug: §1.3;
 * DBGMCU §5; GPIO/SWD pins §6.1; timings §3. */
#include "chips/fc_f1.h"

/* ---- Shared addresses (RM0008 §3.3 Table 3, RM0091 §2.2, RM0316 §3.2) ---- */
#define FLASH_BASE       0x08000000u
#define SRAM_BASE        0x20000000u
#define CCM_BASE         0x10000000u
#define OPTBYTES_BASE    0x1FFFF800u
#define PERIPH_BASE      0x40000000u
#define PERIPH_SIZE      0x20000000u
#define PERIPH_BB_BASE   0x42000000u
#define FLASHIF_BASE     0x40022000u
#define FLASHIF_SIZE     0x400u
#define RCC_BASE         0x40021000u
#define PWR_BASE         0x40007000u
#define DBGMCU_CM3_BASE  0xE0042000u
#define DBGMCU_CM0_BASE  0x40015800u
#define F1_AFIO_BASE     0x40010000u
#define F1_GPIOA_BASE    0x40010800u
#define F0F3_GPIOA_BASE  0x48000000u
#define GPIO_STRIDE      0x400u

/* F1: U_ID and F_SIZE (RM0008 §30.1-30.2); F0/F3 (RM0091 §33, RM0316 §34). */
#define F1_UID           0x1FFFF7E8u
#define F1_FSIZE         0x1FFFF7E0u
#define F0F3_UID         0x1FFFF7ACu
#define F0F3_FSIZE       0x1FFFF7CCu

/* DBGMCU_CR DBG_STOP / DBG_STANDBY (§5) */
#define DBG_STOP         (1u << 1)
#define DBG_STANDBY      (1u << 2)

/* RCC (RM0008 §7.3): CR reset 0x83 (HSION, HSIRDY, HSITRIM 16), AHBENR
 * 0x14 (SRAM and FLITF clocks); CSR at 0x24 with PINRSTF 26, PORRSTF 27,
 * SFTRSTF 28 (the same on F0/F3). */
#define RCC_CR           0x00u
#define RCC_CFGR         0x04u
#define RCC_AHBENR       0x14u
#define IWDG_BASE        0x40003000u
#define RCC_CSR          0x24u
#define RCC_CR_RESET     0x00000083u
#define RCC_AHBENR_RESET 0x00000014u
#define RCC_ON_TO_RDY    1u                /* HSIRDY/HSERDY/PLLRDY = ON << 1 */
#define RCC_HSION        (1u << 0)
#define RCC_HSEON        (1u << 16)
#define RCC_PLLON        (1u << 24)
#define RCC_CFGR_SW      3u
#define RCC_SW_TO_SWS    2u

/* PWR_CR.PDDS (bit 1): deep sleep is STANDBY (RM0008 §5.4.1). */
#define PWR_CR           0x00u
#define PWR_CR_PDDS      (1u << 1)

/* GPIOA reset values (§6.1): PA13/PA14 in AF mode. */
#define F0_MODER_RESET   0x28000000u
#define F0_PUPDR_RESET   0x24000000u
#define F3_MODER_RESET   0xA8000000u
#define F3_PUPDR_RESET   0x64000000u

#define COMMON_LAYOUT                                                              \
    .flash_base = FLASH_BASE,                                                      \
    .optbytes_base = OPTBYTES_BASE, .optbytes_size = FC_F1_OB_SIZE,                \
    .periph_base = PERIPH_BASE, .periph_size = PERIPH_SIZE,                        \
    .flashif_base = FLASHIF_BASE, .flashif_size = FLASHIF_SIZE,                    \
    .dbgmcu_cr_stop = DBG_STOP, .dbgmcu_cr_standby = DBG_STANDBY,                  \
    .rcc_base = RCC_BASE,                                                          \
    .rcc_reset = { { RCC_CR, RCC_CR_RESET }, { RCC_AHBENR, RCC_AHBENR_RESET } },   \
    .rcc_mirror = { { RCC_CR, RCC_HSION, RCC_ON_TO_RDY },                          \
                    { RCC_CR, RCC_HSEON, RCC_ON_TO_RDY },                          \
                    { RCC_CR, RCC_PLLON, RCC_ON_TO_RDY },                          \
                    { RCC_CFGR, RCC_CFGR_SW, RCC_SW_TO_SWS } },                    \
    .rcc_csr_off = RCC_CSR,                                                        \
    .rcc_pinrst_bit = 26, .rcc_porrst_bit = 27, .rcc_sftrst_bit = 28,              \
    /* RCC_CSR IWDGRSTF 29, RMVF 24 (RM0008 §7.3.10, RM0091 §6.4.10) */            \
    .rcc_iwdgrst_bit = 29, .rcc_rmvf_bit = 24,                                     \
    /* IWDG 0x40003000, LSI 40 kHz (RM0008 §19.2, RM0091 §20.2, RM0316 §27.2) */   \
    .iwdg_base = IWDG_BASE, .lsi_hz = 40000u,                                      \
    .pwr_base = PWR_BASE, .pwr_lp_off = PWR_CR, .pwr_lp_mask = PWR_CR_PDDS,        \
    .pwr_lp_shift = 1, .pwr_lp_standby = 1

/* F1: Cortex-M3 with bit-band, DBGMCU on the PPB, CRL/CRH GPIO (A..G)
 * with the SWD pins owned by AFIO_MAPR.SWJ_CFG. */
#define F1_LAYOUT                                                                  \
    COMMON_LAYOUT,                                                                 \
    .ram = { { .name = "sram", .base = SRAM_BASE } },                              \
    .sram_bitband = true, .periph_bitband_base = PERIPH_BB_BASE,                   \
    .uid_addr = F1_UID, .fsize_addr = F1_FSIZE,                                    \
    .dbgmcu_base = DBGMCU_CM3_BASE,                                                \
    .gpio_base = F1_GPIOA_BASE, .gpio_stride = GPIO_STRIDE, .gpio_ports = 7,       \
    .gpio_style = MCU_GPIO_F1, .afio_base = F1_AFIO_BASE,                          \
    /* DBGMCU_CR.DBG_IWDG_STOP (bit 8); no IWDG_WINR on F1 */                      \
    .iwdg_fz_off = 0x04, .iwdg_fz_mask = 1u << 8

/* System memory (bootloader) start, rounded down to 4 KiB; the page runs
 * to 0x1FFFFFFF and holds U_ID, F_SIZE and the option bytes (§1.4). */
static const struct mcu_layout f1_layout_ld_md_hd = {   /* 0x1FFFF000, 2 KiB */
    F1_LAYOUT, .sysmem_base = 0x1FFFF000u, .sysmem_size = 0x1000u,
};
static const struct mcu_layout f1_layout_xl = {         /* 0x1FFFE000, 6 KiB */
    F1_LAYOUT, .sysmem_base = 0x1FFFE000u, .sysmem_size = 0x2000u,
};
static const struct mcu_layout f1_layout_cl = {         /* 0x1FFFB000, 18 KiB */
    F1_LAYOUT, .sysmem_base = 0x1FFFB000u, .sysmem_size = 0x5000u,
};

/* F0: Cortex-M0, no bit-band, DBGMCU on APB at 0x40015800, MODER GPIO
 * (A..F) at 0x48000000. */
#define F0_LAYOUT                                                                  \
    COMMON_LAYOUT,                                                                 \
    .ram = { { .name = "sram", .base = SRAM_BASE } },                              \
    .uid_addr = F0F3_UID, .fsize_addr = F0F3_FSIZE,                                \
    .dbgmcu_base = DBGMCU_CM0_BASE,                                                \
    .gpio_base = F0F3_GPIOA_BASE, .gpio_stride = GPIO_STRIDE, .gpio_ports = 6,     \
    .gpio_style = MCU_GPIO_MODER,                                                  \
    .gpioa_moder_reset = F0_MODER_RESET, .gpioa_pupdr_reset = F0_PUPDR_RESET,      \
    /* DBGMCU_APB1_FZ (0x40015808) DBG_IWDG_STOP bit 12; IWDG_WINR (RM0091) */     \
    .iwdg_winr = true, .iwdg_fz_off = 0x08, .iwdg_fz_mask = 1u << 12

static const struct mcu_layout f0_layout_f03x_f05x = {  /* 0x1FFFEC00, 3 KiB */
    F0_LAYOUT, .sysmem_base = 0x1FFFE000u, .sysmem_size = 0x2000u,
};
static const struct mcu_layout f0_layout_f07x = {       /* 0x1FFFC800, 12 KiB */
    F0_LAYOUT, .sysmem_base = 0x1FFFC000u, .sysmem_size = 0x4000u,
};

/* F3: Cortex-M4 with bit-band, DBGMCU on the PPB, MODER GPIO (A..F),
 * CCM SRAM at 0x10000000 (code and data). */
#define F3_LAYOUT(ccm)                                                             \
    COMMON_LAYOUT,                                                                 \
    .ram = { { .name = "sram", .base = SRAM_BASE },                                \
             { .name = "ccm", .base = CCM_BASE, .kib = (ccm) } },                  \
    .sram_bitband = true, .periph_bitband_base = PERIPH_BB_BASE,                   \
    .uid_addr = F0F3_UID, .fsize_addr = F0F3_FSIZE,                                \
    .dbgmcu_base = DBGMCU_CM3_BASE,                                                \
    .gpio_base = F0F3_GPIOA_BASE, .gpio_stride = GPIO_STRIDE, .gpio_ports = 6,     \
    .gpio_style = MCU_GPIO_MODER,                                                  \
    .gpioa_moder_reset = F3_MODER_RESET, .gpioa_pupdr_reset = F3_PUPDR_RESET,      \
    .sysmem_base = 0x1FFFD000u, .sysmem_size = 0x3000u, /* 0x1FFFD800, 8 KiB */   \
    /* DBGMCU_APB1_FZ (0xE0042008) bit 12; IWDG_WINR (RM0316 §27.4.5) */           \
    .iwdg_winr = true, .iwdg_fz_off = 0x08, .iwdg_fz_mask = 1u << 12

static const struct mcu_layout f3_layout_xc = { F3_LAYOUT(8) };
static const struct mcu_layout f3_layout_xe = { F3_LAYOUT(16) };

/* ---- Controller rows (stm32-families.md §2.1, §3) ---- */

/* DS5319 Table 28: tPROG 52.5 us typ; tERASE and tME 20..40 ms (no typ
 * given: the middle of the range). */
#define F1_TIMES .t_prog = 52500, .t_page_erase = 30 * SIM_NS_PER_MS, \
                 .t_mass_erase = 30 * SIM_NS_PER_MS
/* F0/F3 datasheets: tPROG 53.5 us typ; erase 20..40 ms. */
#define F0F3_TIMES .t_prog = 53500, .t_page_erase = 30 * SIM_NS_PER_MS, \
                   .t_mass_erase = 30 * SIM_NS_PER_MS

static const struct fc_f1_part fc_f1_ld_md = {   /* 1 KiB pages, 4 per WRP bit */
    .line = FC_F1_LINE_F1, .page_size = 1024, .pages_per_wrp = 4, .wrp_bytes = 4,
    .wrp_last_bit_rest = true, F1_TIMES,
};
static const struct fc_f1_part fc_f1_hd_cl = {   /* 2 KiB pages, 2 per WRP bit */
    .line = FC_F1_LINE_F1, .page_size = 2048, .pages_per_wrp = 2, .wrp_bytes = 4,
    .wrp_last_bit_rest = true, F1_TIMES,
};
static const struct fc_f1_part fc_f1_xl = {      /* bank 2 from 512 KiB */
    .line = FC_F1_LINE_F1, .page_size = 2048, .bank1_size = 512 * 1024,
    .pages_per_wrp = 2, .wrp_bytes = 4, .wrp_last_bit_rest = true, F1_TIMES,
};
static const struct fc_f1_part fc_f0_f03x_f05x = {  /* 1 KiB pages, WRP0/1, 4 KiB per bit */
    .line = FC_F1_LINE_F0, .page_size = 1024, .pages_per_wrp = 4, .wrp_bytes = 2,
    F0F3_TIMES,
};
static const struct fc_f1_part fc_f0_f07x = {    /* 2 KiB pages, WRP0..3 */
    .line = FC_F1_LINE_F0, .page_size = 2048, .pages_per_wrp = 2, .wrp_bytes = 4,
    F0F3_TIMES,
};
static const struct fc_f1_part fc_f3 = {         /* 2 KiB pages, WRP0..3 */
    .line = FC_F1_LINE_F3, .page_size = 2048, .pages_per_wrp = 2, .wrp_bytes = 4,
    .wrp_last_bit_rest = true, F0F3_TIMES,
};

#define PD(name, lay, fc) \
    static const struct mcu_part_data name = { .layout = &(lay), .flash = &fc_f1_ops, \
                                               .flash_data = &(fc) }
PD(pd_f1_md, f1_layout_ld_md_hd, fc_f1_ld_md);
PD(pd_f1_hd, f1_layout_ld_md_hd, fc_f1_hd_cl);
PD(pd_f1_xl, f1_layout_xl, fc_f1_xl);
PD(pd_f1_cl, f1_layout_cl, fc_f1_hd_cl);
PD(pd_f0_f05x, f0_layout_f03x_f05x, fc_f0_f03x_f05x);
PD(pd_f0_f07x, f0_layout_f07x, fc_f0_f07x);
PD(pd_f3_xc, f3_layout_xc, fc_f3);
PD(pd_f3_xe, f3_layout_xe, fc_f3);

/* ---- Cores and debug ports (§1.3) ---- */

/* ROM table pointer with "present" + "ADIv5 format" (0xE00FF003). */
#define AP_BASE_ROM 0xE00FF003u

/* F1: Cortex-M3 r1p1, FPB 6+2, DWT 4; SW-DP 0x1BA01477, JTAG 0x3BA00477;
 * AHB-AP IDR 0x14770011 (openocd logs); HSI 8 MHz after reset. */
#define F1_CM3 \
    .family = &sim_family_mcu, .core_kind = SIM_CORE_M3, .cpuid = 0x411FC231, \
    .reset_hz = 8000000, .fpb_code = 6, .fpb_literal = 2, .dwt = 4, \
    .swdp_dpidr = 0x1BA01477, .jtag_idcode = 0x3BA00477, \
    .n_aps = 1, .ap_idr = { 0x14770011 }, .ap_base = { AP_BASE_ROM }
/* F0: Cortex-M0 r0p0, BPU 4, DWT 2; SW-DP 0x0BB11477 (SWD only); AHB-AP
 * IDR 0x04770021. */
#define F0_CM0 \
    .family = &sim_family_mcu, .core_kind = SIM_CORE_M0, .cpuid = 0x410CC200, \
    .reset_hz = 8000000, .fpb_code = 4, .fpb_literal = 0, .dwt = 2, \
    .swdp_dpidr = 0x0BB11477, .jtag_idcode = 0, \
    .n_aps = 1, .ap_idr = { 0x04770021 }, .ap_base = { AP_BASE_ROM }
/* F3: Cortex-M4 r0p1, SW-DP 0x2BA01477, JTAG 0x4BA00477, AHB-AP 0x24770011. */
#define F3_CM4 \
    .family = &sim_family_mcu, .core_kind = SIM_CORE_M4, .cpuid = 0x410FC241, \
    .reset_hz = 8000000, .fpb_code = 6, .fpb_literal = 2, .dwt = 4, \
    .swdp_dpidr = 0x2BA01477, .jtag_idcode = 0x4BA00477, \
    .n_aps = 1, .ap_idr = { 0x24770011 }, .ap_base = { AP_BASE_ROM }

/* REV_IDs: RM0008 §31.6.1 (MD 0x2003 rev Y, HD 0x1003 rev Y, XL 0x1000
 * rev A, CL 0x1001 rev Z), RM0091 §40.5.1, RM0316 §33.6.1. */
const struct sim_chip_part sim_parts_f0f1f3[] = {
    /* F1 medium density (0x410) */
    { .name = "STM32F103C8", .dev_id = 0x410, .rev_id = 0x2003, .flash_kib = 64,
      .sram_kib = 20, .family_data = &pd_f1_md, F1_CM3 },
    { .name = "STM32F103RB", .dev_id = 0x410, .rev_id = 0x2003, .flash_kib = 128,
      .sram_kib = 20, .family_data = &pd_f1_md, F1_CM3 },
    /* F1 high density (0x414): the seed board's part */
    { .name = "STM32F103RC", .dev_id = 0x414, .rev_id = 0x1003, .flash_kib = 256,
      .sram_kib = 48, .family_data = &pd_f1_hd, F1_CM3 },
    { .name = "STM32F103VE", .dev_id = 0x414, .rev_id = 0x1003, .flash_kib = 512,
      .sram_kib = 64, .family_data = &pd_f1_hd, F1_CM3 },
    /* F1 XL density (0x430), dual bank */
    { .name = "STM32F103ZG", .dev_id = 0x430, .rev_id = 0x1000, .flash_kib = 1024,
      .sram_kib = 96, .family_data = &pd_f1_xl, F1_CM3 },
    /* F1 connectivity line (0x418) */
    { .name = "STM32F107VC", .dev_id = 0x418, .rev_id = 0x1001, .flash_kib = 256,
      .sram_kib = 64, .family_data = &pd_f1_cl, F1_CM3 },
    /* F0: F030x8/F05x (0x440), F07x (0x448) */
    { .name = "STM32F030R8", .dev_id = 0x440, .rev_id = 0x1000, .flash_kib = 64,
      .sram_kib = 8, .family_data = &pd_f0_f05x, F0_CM0 },
    { .name = "STM32F051R8", .dev_id = 0x440, .rev_id = 0x2000, .flash_kib = 64,
      .sram_kib = 8, .family_data = &pd_f0_f05x, F0_CM0 },
    { .name = "STM32F072RB", .dev_id = 0x448, .rev_id = 0x2000, .flash_kib = 128,
      .sram_kib = 16, .family_data = &pd_f0_f07x, F0_CM0 },
    /* F3: F303xB/C (0x422), F303xD/E (0x446) */
    { .name = "STM32F303VC", .dev_id = 0x422, .rev_id = 0x1001, .flash_kib = 256,
      .sram_kib = 40, .ccm_kib = 8, .family_data = &pd_f3_xc, F3_CM4 },
    { .name = "STM32F303RE", .dev_id = 0x446, .rev_id = 0x1001, .flash_kib = 512,
      .sram_kib = 64, .ccm_kib = 16, .family_data = &pd_f3_xe, F3_CM4 },
    { .name = NULL },
};
