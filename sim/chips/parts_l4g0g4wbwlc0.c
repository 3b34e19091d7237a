/* Part rows of the L4-class families on the bench (chips/mcu.h): STM32L4,
 * L4+, G0, G4, WB, WL, C0.  One memory layout per die group, one
 * controller row (struct fc_l4_part, chips/fc_l4.h) per die, one
 * sim_chip_part per modelled part.
 *
 * Facts: stm32-families.md §1.2 (DEV_ID, sizes, UID/FSIZE), §1.3 (debug
 * port, CPUID), §1.4 (memories), §2.4 (controller), §3 (timing), §4.2
 * (option bytes), §5 (DBGMCU), §6.1 (GPIOA reset). */
#include "chips/chip_family.h"
#include "chips/fc_l4.h"

/* ---- Debug ports (stm32-families.md §1.3) ---- */

/* Cortex-M4 AHB-AP (IDR 0x24770011) with the ROM table at 0xE00FF000. */
#define AHB_AP_IDR_CM4      0x24770011u
#define AHB_AP_BASE_CM4     0xE00FF003u
/* Cortex-M0+ AHB-AP (ADIv5 IDR 0x04770031); the STM32G0/C0 ROM table
 * sits at 0xF0000000 (openocd stm32g0x.cfg reads it there). */
#define AHB_AP_IDR_CM0P     0x04770031u
#define AHB_AP_BASE_CM0P    0xF0000003u

#define CM4_CORE(dpidr, tap) \
    .core_kind = SIM_CORE_M4, .cpuid = 0x410FC241, \
    .fpb_code = 6, .fpb_literal = 2, .dwt = 4, \
    .swdp_dpidr = (dpidr), .jtag_idcode = (tap), \
    .n_aps = 1, .ap_idr = { AHB_AP_IDR_CM4 }, .ap_base = { AHB_AP_BASE_CM4 }

/* M0+ r0p1, BPU 4 comparators, DWT 2; SWD only. */
#define CM0P_CORE \
    .core_kind = SIM_CORE_M0PLUS, .cpuid = 0x410CC601, \
    .fpb_code = 4, .fpb_literal = 0, .dwt = 2, \
    .swdp_dpidr = 0x0BC11477, .jtag_idcode = 0, \
    .n_aps = 1, .ap_idr = { AHB_AP_IDR_CM0P }, .ap_base = { AHB_AP_BASE_CM0P }

/* ---- Timing (stm32-families.md §3) ---- */

/* DS10198 (L476): 64-bit program 81.69 us, 2 KiB page 22.02 ms, mass
 * 22.13 ms (typical).  G4/WB/WL datasheets give the same figures [R].
 * OPTSTRT: no datasheet figure; estimated as a page erase plus a few
 * programs (the controller rewrites its option page). */
static const struct fc_l4_times times_l4 = {
    .program = 81690,
    .page_erase = 22020 * SIM_NS_PER_US,
    .mass_erase = 22130 * SIM_NS_PER_US,
    .options = 22400 * SIM_NS_PER_US,
};

/* G030 datasheet: 64-bit program typ 85 us, page erase typ 22 ms; mass
 * ~22.1 ms [R].  C0 assumed equal [R]. */
static const struct fc_l4_times times_g0 = {
    .program = 85 * SIM_NS_PER_US,
    .page_erase = 22 * SIM_NS_PER_MS,
    .mass_erase = 22100 * SIM_NS_PER_US,
    .options = 22400 * SIM_NS_PER_US,
};

/* ---- Option registers ---- */

#define OPT(slot) (1u << (slot))
#define L4_OPTS  (OPT(FC_L4_OPTR) | OPT(FC_L4_PCROP1SR) | OPT(FC_L4_PCROP1ER) | \
                  OPT(FC_L4_WRP1AR) | OPT(FC_L4_WRP1BR))
#define BANK2_OPTS (OPT(FC_L4_PCROP2SR) | OPT(FC_L4_PCROP2ER) | OPT(FC_L4_WRP2AR) | \
                    OPT(FC_L4_WRP2BR))
#define G0_OPTS  (L4_OPTS | OPT(FC_L4_PCROP1BSR) | OPT(FC_L4_PCROP1BER))
#define WB_OPTS  (G0_OPTS | OPT(FC_L4_IPCCBR))

/* Factory values as the registers read on a new L476 (BMP stm32l4.c
 * option table; a public L4 register dump: OPTR 0xFFEFF8AA, WRP1AR
 * 0xFF00FFFF = start 0xFF > end 0, no area).  WRP areas are inactive
 * (start > end), PCROP areas empty (start 0xFFFF > end 0). */
#define WRP_OFF_FACTORY     0xFF00FFFFu
#define PCROP_S_FACTORY     0xFFFFFFFFu
#define PCROP_E_FACTORY     0x00000000u
#define PCROP_WRITABLE      0x0000FFFFu
#define PCROP_E_WRITABLE    0x8000FFFFu  /* + PCROP_RDP */

#define PCROP_WRP_ROWS \
    [FC_L4_PCROP1SR] = PCROP_S_FACTORY, [FC_L4_PCROP1ER] = PCROP_E_FACTORY, \
    [FC_L4_WRP1AR] = WRP_OFF_FACTORY, [FC_L4_WRP1BR] = WRP_OFF_FACTORY, \
    [FC_L4_PCROP1BSR] = PCROP_S_FACTORY, [FC_L4_PCROP1BER] = PCROP_E_FACTORY, \
    [FC_L4_PCROP2SR] = PCROP_S_FACTORY, [FC_L4_PCROP2ER] = PCROP_E_FACTORY, \
    [FC_L4_WRP2AR] = WRP_OFF_FACTORY, [FC_L4_WRP2BR] = WRP_OFF_FACTORY
#define PCROP_WRP_MASKS(wrpmask) \
    [FC_L4_PCROP1SR] = PCROP_WRITABLE, [FC_L4_PCROP1ER] = PCROP_E_WRITABLE, \
    [FC_L4_WRP1AR] = (wrpmask), [FC_L4_WRP1BR] = (wrpmask), \
    [FC_L4_PCROP1BSR] = PCROP_WRITABLE, [FC_L4_PCROP1BER] = PCROP_WRITABLE, \
    [FC_L4_PCROP2SR] = PCROP_WRITABLE, [FC_L4_PCROP2ER] = PCROP_E_WRITABLE, \
    [FC_L4_WRP2AR] = (wrpmask), [FC_L4_WRP2BR] = (wrpmask)

#define OB_IMAGE_L4   0x7800u            /* 0x1FFF7800 - 0x1FFF0000 */
#define OB_IMAGE_WB   0x8000u            /* 0x1FFF8000 */
#define OTP_OFF       0x7000u            /* 0x1FFF7000, 1 KiB */
#define OTP_SIZE      1024u

/* STM32L47x/L48x (RM0351): 1 MiB parts always dual bank (2 x 256 pages of
 * 2 KiB), smaller ones by OPTR.DUALBANK (bit 21); BKER bit 11; boot from
 * the BOOT0 pin (no nSWBOOT0 on L47x, stm32-families.md §4.2).  OPTR
 * writable bits: BMP's L47x mask without nSWBOOT0/nBOOT0. */
static const struct fc_l4_part fc_l47x = {
    .name = "STM32L47x/L48x (RM0351)",
    .max_flash_kib = 1024, .page_size = 2048,
    .banks = FC_L4_DUAL_AT_MAX_OR_BIT, .dual_bit = 1u << 21,
    .bker_bit = 11, .pnb_bits = 8,
    .has_sram2_erase = true,
    .boot = FC_L4_BOOT_PIN, .empty = FC_L4_EMPTY_NONE,
    .acr_reset = 0x00000600,             /* ICEN | DCEN */
    .opt_present = L4_OPTS | BANK2_OPTS,
    .opt_factory = { [FC_L4_OPTR] = 0xFFEFF8AAu, PCROP_WRP_ROWS },
    .opt_writable = { [FC_L4_OPTR] = 0x03DF77FFu, PCROP_WRP_MASKS(0x00FF00FFu) },
    .ob_image_off = OB_IMAGE_L4, .otp_off = OTP_OFF, .otp_size = OTP_SIZE,
    .times = &times_l4,
};

/* STM32L4R/L4S (RM0432): DBANK (bit 22, factory 1) selects 2 x 256 pages
 * of 4 KiB, else 256 pages of 8 KiB; all four WRP areas in single-bank
 * mode; nSWBOOT0/nBOOT0; SR.PEMPTY empty check. */
static const struct fc_l4_part fc_l4rx = {
    .name = "STM32L4R/L4S (RM0432)",
    .max_flash_kib = 2048, .page_size = 8192,
    .banks = FC_L4_DUAL_BIT_HALF_PAGES, .dual_bit = 1u << 22,
    .bker_bit = 11, .pnb_bits = 8, .use_all_wrp = true,
    .has_sram2_erase = true,
    .boot = FC_L4_BOOT_NSWBOOT0, .empty = FC_L4_EMPTY_SR17,
    .acr_reset = 0x00000600,
    .opt_present = L4_OPTS | BANK2_OPTS,
    .opt_factory = { [FC_L4_OPTR] = 0xFFEFF8AAu, PCROP_WRP_ROWS },
    .opt_writable = { [FC_L4_OPTR] = 0x0FFF77FFu, PCROP_WRP_MASKS(0x00FF00FFu) },
    .ob_image_off = OB_IMAGE_L4, .otp_off = OTP_OFF, .otp_size = OTP_SIZE,
    .times = &times_l4,
};

/* STM32G07x/G08x (RM0444): single bank, 64 pages of 2 KiB; nBOOT_SEL
 * boot selection, ACR.PROGEMPTY, CFGBSY, DBG_SWEN.  Factory OPTR
 * 0xFFFFFEAA and writable mask 0x3F7FFFFF from the Keil STM32G0 flash
 * algorithm (CMSIS pack); WRP fields 6 bits (openocd: 128 KiB / 2 KiB). */
static const struct fc_l4_part fc_g07x = {
    .name = "STM32G07x/G08x (RM0444)",
    .max_flash_kib = 128, .page_size = 2048,
    .banks = FC_L4_SINGLE, .pnb_bits = 7,
    .has_cfgbsy = true, .has_dbg_swen = true,
    .boot = FC_L4_BOOT_NBOOT_SEL, .empty = FC_L4_EMPTY_ACR16,
    .acr_reset = 0x00040600,             /* DBG_SWEN | ICEN | ICRST=0 */
    .opt_present = G0_OPTS,
    .opt_factory = { [FC_L4_OPTR] = 0xFFFFFEAAu, PCROP_WRP_ROWS },
    .opt_writable = { [FC_L4_OPTR] = 0x3F7FFFFFu, PCROP_WRP_MASKS(0x003F003Fu) },
    .ob_image_off = OB_IMAGE_L4, .otp_off = OTP_OFF, .otp_size = OTP_SIZE,
    .times = &times_g0,
};

/* STM32G47x/G48x cat.3 (RM0440): DBANK (bit 22, factory 1) selects
 * 2 x 128 pages of 2 KiB with bank 2 always at 0x08040000, else 128 pages
 * of 4 KiB; all four WRP areas in single-bank mode; DBG_SWEN. */
static const struct fc_l4_part fc_g47x = {
    .name = "STM32G47x/G48x (RM0440)",
    .max_flash_kib = 512, .page_size = 4096,
    .banks = FC_L4_DUAL_BIT_HALF_PAGES, .dual_bit = 1u << 22,
    .bank2_fixed_off = 0x40000,
    .bker_bit = 11, .pnb_bits = 8, .use_all_wrp = true,
    .has_dbg_swen = true, .has_sram2_erase = true,
    .boot = FC_L4_BOOT_NSWBOOT0, .empty = FC_L4_EMPTY_NONE,
    .acr_reset = 0x00040600,
    .opt_present = L4_OPTS | BANK2_OPTS,
    .opt_factory = { [FC_L4_OPTR] = 0xFFEFF8AAu, PCROP_WRP_ROWS },
    .opt_writable = { [FC_L4_OPTR] = 0x7FDF77FFu, PCROP_WRP_MASKS(0x007F007Fu) },
    .ob_image_off = OB_IMAGE_L4, .otp_off = OTP_OFF, .otp_size = OTP_SIZE,
    .times = &times_l4,
};

/* STM32WB5x (RM0434), CPU1 view: registers at 0x58004000, 256 pages of
 * 4 KiB, option bytes at 0x1FFF8000, ACR.EMPTY, CFGBSY.  Factory OPTR is
 * an estimate [R]: RDP 0xAA, ESE, resets and watchdogs in hardware-off
 * state, nBOOT1/SRAM2/nSWBOOT0/nBOOT0 set. */
static const struct fc_l4_part fc_wb5x = {
    .name = "STM32WB5x (RM0434)",
    .max_flash_kib = 1024, .page_size = 4096,
    .banks = FC_L4_SINGLE, .pnb_bits = 8,
    .has_cfgbsy = true, .has_sram2_erase = true,
    .boot = FC_L4_BOOT_NSWBOOT0, .empty = FC_L4_EMPTY_ACR16,
    .acr_reset = 0x00000600,
    .opt_present = WB_OPTS,
    .opt_factory = { [FC_L4_OPTR] = 0x0FFF71AAu, [FC_L4_IPCCBR] = 0xFFFFC000u,
                     PCROP_WRP_ROWS },
    .opt_writable = { [FC_L4_OPTR] = 0x0F8F7EFFu, [FC_L4_IPCCBR] = 0x00003FFFu,
                      PCROP_WRP_MASKS(0x00FF00FFu) },
    .ob_image_off = OB_IMAGE_WB, .otp_off = OTP_OFF, .otp_size = OTP_SIZE,
    .times = &times_l4,
};

/* STM32WLE5/WL5x (RM0453/RM0461), CPU1 view: registers at 0x58004000,
 * 128 pages of 2 KiB, ACR.EMPTY, CFGBSY, BOOT_LOCK (bit 30). */
static const struct fc_l4_part fc_wlx = {
    .name = "STM32WLx (RM0453, RM0461)",
    .max_flash_kib = 256, .page_size = 2048,
    .banks = FC_L4_SINGLE, .pnb_bits = 7,
    .has_cfgbsy = true,
    .boot = FC_L4_BOOT_NSWBOOT0, .empty = FC_L4_EMPTY_ACR16,
    .acr_reset = 0x00000600,
    .opt_present = WB_OPTS,
    .opt_factory = { [FC_L4_OPTR] = 0x0FFF70AAu, [FC_L4_IPCCBR] = 0xFFFFC000u,
                     PCROP_WRP_ROWS },
    .opt_writable = { [FC_L4_OPTR] = 0x4F8F7EFFu, [FC_L4_IPCCBR] = 0x00003FFFu,
                      PCROP_WRP_MASKS(0x007F007Fu) },
    .ob_image_off = OB_IMAGE_L4, .otp_off = OTP_OFF, .otp_size = OTP_SIZE,
    .times = &times_l4,
};

/* STM32C03x (RM0490): 16 pages of 2 KiB, G0-style options (nBOOT_SEL),
 * no PCROP, DBG_SWEN, PROGEMPTY, CFGBSY.  Factory OPTR as G0 [R]. */
static const struct fc_l4_part fc_c03x = {
    .name = "STM32C03x (RM0490)",
    .max_flash_kib = 32, .page_size = 2048,
    .banks = FC_L4_SINGLE, .pnb_bits = 7,
    .has_cfgbsy = true, .has_dbg_swen = true,
    .boot = FC_L4_BOOT_NBOOT_SEL, .empty = FC_L4_EMPTY_ACR16,
    .acr_reset = 0x00040600,
    .opt_present = OPT(FC_L4_OPTR) | OPT(FC_L4_WRP1AR) | OPT(FC_L4_WRP1BR),
    .opt_factory = { [FC_L4_OPTR] = 0xFFFFFEAAu, [FC_L4_WRP1AR] = WRP_OFF_FACTORY,
                     [FC_L4_WRP1BR] = WRP_OFF_FACTORY },
    .opt_writable = { [FC_L4_OPTR] = 0x3F7FFFFFu, [FC_L4_WRP1AR] = 0x000F000Fu,
                      [FC_L4_WRP1BR] = 0x000F000Fu },
    .ob_image_off = OB_IMAGE_L4, .otp_off = OTP_OFF, .otp_size = OTP_SIZE,
    .times = &times_g0,
};

/* ---- Memory layouts ---- */

/* RCC ready bits that follow their enable bits (RCC_CR MSION 0 -> MSIRDY 1,
 * HSION 8 -> HSIRDY 10, HSEON 16 -> HSERDY 17, PLLON 24 -> PLLRDY 25) and
 * RCC_CFGR SW [1:0] -> SWS [3:2]. */
#define RCC_CR          0x00u
#define RCC_CFGR        0x08u
#define RCC_MIRRORS_L4 \
    .rcc_mirror = { { RCC_CR, 1u << 0, 1 }, { RCC_CR, 1u << 8, 2 }, \
                    { RCC_CR, 1u << 16, 1 }, { RCC_CR, 1u << 24, 1 }, \
                    { RCC_CFGR, 3u, 2 } }
/* G0/C0: no MSI; CFGR SW [2:0] -> SWS [5:3]. */
#define RCC_MIRRORS_G0 \
    .rcc_mirror = { { RCC_CR, 1u << 8, 2 }, { RCC_CR, 1u << 16, 1 }, \
                    { RCC_CR, 1u << 24, 1 }, { RCC_CFGR, 7u, 3 } }

/* PWR_CR1.LPMS [2:0]: 0-2 STOP0/1/2, 3 STANDBY, 4 SHUTDOWN (RM0351 §5.4.1). */
#define PWR_LPMS \
    .pwr_lp_off = 0x00, .pwr_lp_mask = 7u, .pwr_lp_shift = 0, .pwr_lp_standby = 3

/* RCC_CSR reset flags: RMVF 23, PINRSTF 26, BORRSTF/PWRRSTF 27, SFTRSTF 28,
 * IWDGRSTF 29 (RM0351 §6.4.29, RM0444 §5.4.26; CMSIS RCC_CSR_*_Pos). */
#define RCC_FLAGS(csr) \
    .rcc_csr_off = (csr), .rcc_pinrst_bit = 26, .rcc_porrst_bit = 27, .rcc_sftrst_bit = 28, \
    .rcc_iwdgrst_bit = 29, .rcc_rmvf_bit = 23

/* IWDG at 0x40003000 with IWDG_WINR, LSI 32 kHz (RM0351 §32, RM0444 §26,
 * RM0440 §42, RM0434 §31, RM0453 §33, RM0490 §20); the freeze bit is
 * DBG_IWDG_STOP, bit 12 of APB1FZR1 (+0x08; WB/WL +0x3C, stm32-families.md §5). */
#define IWDG_L4(fz_off) \
    .iwdg_base = 0x40003000u, .lsi_hz = 32000u, .iwdg_winr = true, \
    .iwdg_fz_off = (fz_off), .iwdg_fz_mask = 1u << 12

/* Cortex-M4 parts with the APB/AHB map of the L4 (GPIO at 0x48000000). */
#define M4_COMMON(flashif, rcc, pwr, ports) \
    .flash_base = 0x08000000u, .sram_bitband = true, \
    .sysmem_base = 0x1FFF0000u, .uid_addr = 0x1FFF7590u, .fsize_addr = 0x1FFF75E0u, \
    .periph_base = 0x40000000u, .periph_size = 0x20000000u, \
    .periph_bitband_base = 0x42000000u, \
    .flashif_base = (flashif), .flashif_size = 0x400, \
    .dbgmcu_base = 0xE0042000u, .dbgmcu_cr_stop = 1u << 1, .dbgmcu_cr_standby = 1u << 2, \
    .gpio_base = 0x48000000u, .gpio_stride = 0x400, .gpio_ports = (ports), \
    .gpio_style = MCU_GPIO_MODER, \
    .gpioa_moder_reset = 0xABFFFFFFu, .gpioa_pupdr_reset = 0x64000000u, \
    .rcc_base = (rcc), RCC_MIRRORS_L4, RCC_FLAGS(0x94), \
    .pwr_base = (pwr), PWR_LPMS

/* L47x/L48x: SRAM1 96 KiB, SRAM2 32 KiB at 0x10000000 (its alias at
 * 0x20018000 is not modelled); 4 MHz MSI after reset (RCC_CR 0x63). */
static const struct mcu_layout lay_l47x = {
    IWDG_L4(0x08),
    M4_COMMON(0x40022000u, 0x40021000u, 0x40007000u, 9),
    .ram = { { .name = "sram", .base = 0x20000000u },
             { .name = "sram2", .base = 0x10000000u, .kib = 32 } },
    .sysmem_size = 0x8000,
    .rcc_reset = { { RCC_CR, 0x00000063u } },
    .pwr_reset = { { 0x00, 0x00000200u } },
};

/* L4R/L4S: SRAM1+2+3 640 KiB contiguous; SRAM2 also at 0x10000000 (the
 * alias is modelled as a separate 64 KiB block). */
static const struct mcu_layout lay_l4rx = {
    IWDG_L4(0x08),
    M4_COMMON(0x40022000u, 0x40021000u, 0x40007000u, 9),
    .ram = { { .name = "sram", .base = 0x20000000u },
             { .name = "sram2", .base = 0x10000000u, .kib = 64 } },
    .sysmem_size = 0x8000,
    .rcc_reset = { { RCC_CR, 0x00000063u } },
    .pwr_reset = { { 0x00, 0x00000200u } },
};

/* G47x: SRAM1+SRAM2 96 KiB, CCM SRAM 32 KiB at 0x10000000; HSI16 after
 * reset (RCC_CR HSION, CFGR SW = HSI16). */
static const struct mcu_layout lay_g47x = {
    IWDG_L4(0x08),
    M4_COMMON(0x40022000u, 0x40021000u, 0x40007000u, 7),
    .ram = { { .name = "sram", .base = 0x20000000u },
             { .name = "ccm", .base = 0x10000000u, .kib = 32 } },
    .sysmem_size = 0x8000,
    .rcc_reset = { { RCC_CR, 0x00000100u }, { RCC_CFGR, 0x00000001u } },
    .pwr_reset = { { 0x00, 0x00000200u } },
};

/* WB5x: flash registers 0x58004000, RCC 0x58000000, PWR 0x58000400;
 * SRAM1 192 KiB (SRAM2a/b at 0x20030000, shared with CPU2, as "sram2");
 * option bytes at 0x1FFF8000 so the system page is 36 KiB. */
static const struct mcu_layout lay_wb5x = {
    IWDG_L4(0x3C),
    M4_COMMON(0x58004000u, 0x58000000u, 0x58000400u, 8),
    .ram = { { .name = "sram", .base = 0x20000000u },
             { .name = "sram2", .base = 0x20030000u, .kib = 64 } },
    .sysmem_size = 0x9000,
    .rcc_reset = { { RCC_CR, 0x00000063u } },
    .pwr_reset = { { 0x00, 0x00000200u } },
};

/* WLE5: SRAM1+SRAM2 64 KiB contiguous; same map as WB for the flash
 * interface, RCC and PWR. */
static const struct mcu_layout lay_wlx = {
    IWDG_L4(0x3C),
    M4_COMMON(0x58004000u, 0x58000000u, 0x58000400u, 8),
    .ram = { { .name = "sram", .base = 0x20000000u } },
    .sysmem_size = 0x8000,
    .rcc_reset = { { RCC_CR, 0x00000063u } },
    .pwr_reset = { { 0x00, 0x00000200u } },
};

/* Cortex-M0+ parts: DBGMCU on the APB at 0x40015800, GPIO on the IOPORT
 * at 0x50000000, no bit-band. */
#define M0P_COMMON(uid, fsize) \
    .flash_base = 0x08000000u, \
    .ram = { { .name = "sram", .base = 0x20000000u } }, \
    .sysmem_base = 0x1FFF0000u, .sysmem_size = 0x8000, \
    .uid_addr = (uid), .fsize_addr = (fsize), \
    .periph_base = 0x40000000u, .periph_size = 0x20000000u, \
    .flashif_base = 0x40022000u, .flashif_size = 0x400, \
    .dbgmcu_base = 0x40015800u, .dbgmcu_cr_stop = 1u << 1, .dbgmcu_cr_standby = 1u << 2, \
    .gpio_base = 0x50000000u, .gpio_stride = 0x400, .gpio_ports = 6, \
    .gpio_style = MCU_GPIO_MODER, \
    .gpioa_moder_reset = 0xEBFFFFFFu, .gpioa_pupdr_reset = 0x24000000u, \
    .rcc_base = 0x40021000u, RCC_MIRRORS_G0, RCC_FLAGS(0x60), \
    .rcc_reset = { { RCC_CR, 0x00000100u } }, \
    .pwr_base = 0x40007000u, PWR_LPMS, \
    .pwr_reset = { { 0x00, 0x00000208u } }, \
    IWDG_L4(0x08)

static const struct mcu_layout lay_g07x = { M0P_COMMON(0x1FFF7590u, 0x1FFF75E0u) };
static const struct mcu_layout lay_c03x = { M0P_COMMON(0x1FFF7550u, 0x1FFF75A0u) };

/* ---- Part rows ---- */

static const struct mcu_part_data pd_l47x = { &lay_l47x, &fc_l4_ops, &fc_l47x };
static const struct mcu_part_data pd_l4rx = { &lay_l4rx, &fc_l4_ops, &fc_l4rx };
static const struct mcu_part_data pd_g07x = { &lay_g07x, &fc_l4_ops, &fc_g07x };
static const struct mcu_part_data pd_g47x = { &lay_g47x, &fc_l4_ops, &fc_g47x };
static const struct mcu_part_data pd_wb5x = { &lay_wb5x, &fc_l4_ops, &fc_wb5x };
static const struct mcu_part_data pd_wlx = { &lay_wlx, &fc_l4_ops, &fc_wlx };
static const struct mcu_part_data pd_c03x = { &lay_c03x, &fc_l4_ops, &fc_c03x };

/* REV_IDs from openocd's revision tables (stm32l4x.c): L47x 0x1007 "4",
 * L4R 0x1001 "Z", G07x 0x2000 "B", G47x 0x2001 "Z", WB5x 0x2001 "2.1",
 * WLE 0x1000 "1.0", C03x 0x1001 "Z".  Reset clocks: MSI 4 MHz (L4, L4+,
 * WB, WL), HSI16 (G0, G4), HSI48/4 = 12 MHz (C0). */
const struct sim_chip_part sim_parts_l4g0g4wbwlc0[] = {
    { .name = "STM32L476RG", .family = &sim_family_mcu, .dev_id = 0x415, .rev_id = 0x1007,
      .flash_kib = 1024, .sram_kib = 96, .reset_hz = 4000000,
      CM4_CORE(0x2BA01477, 0x4BA00477), .family_data = &pd_l47x },
    { .name = "STM32L4R5ZI", .family = &sim_family_mcu, .dev_id = 0x470, .rev_id = 0x1001,
      .flash_kib = 2048, .sram_kib = 640, .reset_hz = 4000000,
      CM4_CORE(0x2BA01477, 0x4BA00477), .family_data = &pd_l4rx },
    { .name = "STM32G071RB", .family = &sim_family_mcu, .dev_id = 0x460, .rev_id = 0x2000,
      .flash_kib = 128, .sram_kib = 36, .reset_hz = 16000000,
      CM0P_CORE, .family_data = &pd_g07x },
    { .name = "STM32G474RE", .family = &sim_family_mcu, .dev_id = 0x469, .rev_id = 0x2001,
      .flash_kib = 512, .sram_kib = 96, .reset_hz = 16000000,
      CM4_CORE(0x2BA01477, 0x4BA00477), .family_data = &pd_g47x },
    { .name = "STM32WB55RG", .family = &sim_family_mcu, .dev_id = 0x495, .rev_id = 0x2001,
      .flash_kib = 1024, .sram_kib = 192, .reset_hz = 4000000,
      CM4_CORE(0x6BA02477, 0x6BA00477), .family_data = &pd_wb5x },
    { .name = "STM32WLE5JC", .family = &sim_family_mcu, .dev_id = 0x497, .rev_id = 0x1000,
      .flash_kib = 256, .sram_kib = 64, .reset_hz = 4000000,
      CM4_CORE(0x6BA02477, 0x6BA00477), .family_data = &pd_wlx },
    { .name = "STM32C031C6", .family = &sim_family_mcu, .dev_id = 0x453, .rev_id = 0x1001,
      .flash_kib = 32, .sram_kib = 12, .reset_hz = 12000000,
      CM0P_CORE, .family_data = &pd_c03x },
    { .name = NULL },
};
