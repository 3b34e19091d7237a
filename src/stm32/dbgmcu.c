/* Per-family debug facts (dbgmcu.h): one row per group of families that
 * share them, and the two things done with them everywhere (is the SWD pin
 * configuration intact, keep debug alive in low power).
 *
 * Sources, cited per row:
 *  - DBGMCU addresses and bits: stm32-families.md §5 (CMSIS DBGMCU_TypeDef
 *    offsets; OpenOCD tcl/target/stm32*.cfg examine-end handlers, which
 *    set the same bits);
 *  - system memory: stm32-families.md §1.4 (AN2606 ranges);
 *  - GPIOA bases, F1 AFIO_MAPR, FLASH_ACR.DBG_SWEN: stm32-families.md §6.1;
 *  - H7 PWR_CR3: stm32-families.md §6.2;
 *  - RCC reset flags, PWR low-power mode fields, IWDG_KR: each family's
 *    reference manual (RCC_CSR / RCC_RSR, PWR_CR / PWR_CR1 / PWR_CPUCR,
 *    IWDG register map); H7 RCC_RSR bits checked against public CMSIS-style
 *    definitions (RMVF 16, BORRSTF 21, PINRSTF 22, PORRSTF 23, SFTRSTF 24,
 *    IWDG1RSTF 26, WWDG1RSTF 28, LPWRRSTF 30). */
#include <stddef.h>
#include <string.h>

#include "common/session_internal.h"
#include "stm32/dbgmcu.h"
#include "stm32/stm32.h"

/* DBGMCU_CR low-power bits (stm32-families.md §5; same positions on every
 * family that has them). */
#define DBG_SLEEP         (1u << 0)
#define DBG_STOP          (1u << 1)
#define DBG_STANDBY       (1u << 2)
#define DBG_ALL           (DBG_SLEEP | DBG_STOP | DBG_STANDBY)
#define DBG_NO_SLEEP      (DBG_STOP | DBG_STANDBY)   /* F0, G0, C0, L5, U5: no DBG_SLEEP */
/* IWDG freeze: bit 12 of the APB1 freeze register; F1: DBGMCU_CR bit 8. */
#define DBG_IWDG_STOP     (1u << 12)
#define F1_DBG_IWDG_STOP  (1u << 8)
/* H7 (RM0433 DBGMCU_CR; OpenOCD stm32h7x.cfg): D1/D3 debug clock enables,
 * IWDG1 freeze in APB4FZ1 bit 18. */
#define H7_D1DBGCKEN      (1u << 21)
#define H7_D3DBGCKEN      (1u << 22)
#define H7_DBG_IWDG1      (1u << 18)

/* DBGMCU on the PPB of Cortex-M3/M4/M7, on the APB of Cortex-M0/M0+,
 * 0xE0044000 on L5/U5, 0x5C001000 on H7 (stm32-families.md §5). */
#define DBGMCU_CR_PPB     0xE0042004u
#define DBGMCU_FZ_PPB     0xE0042008u
#define DBGMCU_CR_APB     0x40015804u
#define DBGMCU_FZ_APB     0x40015808u
#define DBGMCU_CR_X5X     0xE0044004u
#define DBGMCU_FZ_X5X     0xE0044008u
#define DBGMCU_FZ_WBWL    0xE004203Cu
#define H7_DBGMCU_CR      0x5C001004u
#define H7_DBGMCU_APB4FZ1 0x5C001054u
/* H7 DBGMCU through AP2 (APB-D), usable while NRST is low (OpenOCD
 * stm32h7x.cfg, stm32-families.md §5). */
#define H7_DBGMCU_AP      2u
#define H7_DBGMCU_CR_APBD 0xE00E1004u
#define H7_DBGMCU_FZ_APBD 0xE00E1054u

/* GPIOA (stm32-families.md §6.1). */
#define GPIOA_AHB1        0x40020000u   /* F2, F4, F7, L1 */
#define GPIOA_AHB2        0x48000000u   /* F0, F3, L4, G4, WB, WL */
#define GPIOA_IOPORT      0x50000000u   /* L0, G0, C0 */
#define GPIOA_X5X         0x42020000u   /* L5, U5 (non-secure) */
#define GPIOA_H7          0x58020000u
#define F1_AFIO_MAPR      0x40010004u
/* FLASH_ACR.DBG_SWEN, bit 18 (G0, G4, C0; §6.1). */
#define FLASH_ACR_L4CLASS 0x40022000u
#define FLASH_ACR_DBG_SWEN (1u << 18)

/* PWR low-power selection.  F0/F1/F2/F3/F4/F7 PWR_CR(1): LPDS 0, PDDS 1
 * (RM0090 §5.4.1, RM0008 §5.4.1, RM0091 §6.4.1); L0/L1 PWR_CR: LPSDSR 0,
 * PDDS 1 (RM0377 §6.4.1, RM0038 §5.4.1); L4/L4+/G0/G4/C0/WB/WL/L5/U5
 * PWR_CR1.LPMS [2:0] (RM0351 §5.4.1, RM0444 §4.4.1, RM0440 §6.4.1, RM0434,
 * RM0453, RM0438, RM0456); H7 PWR_CPUCR PDDS_D1 0, PDDS_D2 1, PDDS_D3 2
 * (RM0433 §6.8.7; CMSIS PWR_CPUCR_PDDS_D1_Pos 0). */
#define PWR_CR_F          0x40007000u
#define PWR_LPDS_PDDS     0x3u
#define PWR_LPMS          0x7u
#define PWR_CR1_WBWL      0x58000400u
#define PWR_CR1_U5        0x46020800u
#define H7_PWR_CPUCR      0x58024810u
#define H7_PWR_PDDS       0x7u
#define H7_PWR_CR3        0x5802480Cu   /* §6.2 */

/* IWDG_KR: IWDG at 0x40003000 (APB1) on every family but H7 (IWDG1
 * 0x58004800, RM0433 §2.3.2); KR at offset 0. */
#define IWDG_KR_APB1      0x40003000u
#define H7_IWDG1_KR       0x58004800u

/* RCC reset-flag registers.  RCC_CSR: F0/F1/F3 0x40021024 (RM0091 §6.4.10,
 * RM0008 §7.3.10, RM0316 §9.4.10); F2/F4/F7 0x40023874 (RM0090 §6.3.21,
 * RM0385 §5.3.21); L1 0x40023834 (RM0038 §6.3.14); L0 0x40021050 (RM0377
 * §7.3.21); L4/L4+/G4/L5 0x40021094 (RM0351 §6.4.29, RM0440 §7.4.29,
 * RM0438 §9.8.39); G0/C0 RCC_CSR(2) 0x40021060 (RM0444 §5.4.24, RM0490);
 * WB/WL 0x58000094 (RM0434 §7.4.39, RM0453); U5 0x46020CF4 (RM0456
 * §11.8.45); H7 RCC_RSR 0x580244D0 (RM0433 §8.7.39). */
#define RCC_CSR_F0F1F3    0x40021024u
#define RCC_CSR_F2F4F7    0x40023874u
#define RCC_CSR_L1        0x40023834u
#define RCC_CSR_L0        0x40021050u
#define RCC_CSR_L4        0x40021094u
#define RCC_CSR_G0C0      0x40021060u
#define RCC_CSR_WBWL      0x58000094u
#define RCC_CSR_U5        0x46020CF4u
#define H7_RCC_RSR        0x580244D0u

#define BIT(n) (1u << (n))

/* The flag layout of every RCC_CSR: LPWRRSTF 31, WWDGRSTF 30, IWDGRSTF 29,
 * SFTRSTF 28, PORRSTF (BORRSTF / PWRRSTF where there is no POR flag) 27,
 * PINRSTF 26; RMVF 24 on F0-F4/F7/L1, 23 on L0/L4-class/L5/U5. */
#define CSR_FLAGS(rmvf)                                                           \
    .iwdg_reset_flag = BIT(29), .wwdg_reset_flag = BIT(30), .pin_reset_flag = BIT(26), \
    .por_reset_flag = BIT(27), .sw_reset_flag = BIT(28), .lowpower_reset_flag = BIT(31), \
    .rcc_reset_flags_clear = BIT(rmvf)

/* Boot selectors, said to the user. */
#define BOOT_PINS      "the BOOT0 pin (and BOOT1)"
#define BOOT_F0F3      "the BOOT0 pin and the nBOOT1 option bit (F04x/F09x: nBOOT0 with BOOT_SEL)"
#define BOOT_F7        "the BOOT0 pin with the BOOT_ADD0/BOOT_ADD1 option bytes"
#define BOOT_L4        "the BOOT0 pin, or the nBOOT0 option bit when nSWBOOT0 = 0 (nBOOT1 picks system memory)"
#define BOOT_G0C0      "the nBOOT0 option bit (nBOOT_SEL = 1, factory) or the BOOT0 pin (nBOOT_SEL = 0); erased flash also boots system memory"
#define BOOT_WBWL      "the BOOT0 pin, or nBOOT0 when nSWBOOT0 = 0; erased flash also boots system memory"
#define BOOT_X5X       "the BOOT0 pin, or nBOOT0 when nSWBOOT0 = 0 (NSBOOTADD0/1 give the addresses)"
#define BOOT_H7        "the BOOT0 pin with the BOOT_ADD0/BOOT_ADD1 option bytes"

static const struct stm32_debug_facts facts[] = {
    /* F0 (RM0091): DBGMCU on the APB, its clock RCC_APB2ENR.DBGMCUEN bit 22
     * (0x40021018; OpenOCD stm32f0x.cfg); system memory from F04x's
     * 0x1FFFC400 to 0x1FFFF7FF covers every F0 (§1.4). */
    { .families = "F0",
      .dbgmcu_cr = { DBGMCU_CR_APB, DBG_NO_SLEEP }, .dbgmcu_stop_bit = DBG_STOP,
      .iwdg_freeze = { DBGMCU_FZ_APB, DBG_IWDG_STOP },
      .dbgmcu_clock = { 0x40021018u, BIT(22) },
      .gpioa_base = GPIOA_AHB2,
      .pwr_mode = { PWR_CR_F, PWR_LPDS_PDDS }, .iwdg_kr = IWDG_KR_APB1,
      .rcc_reset_flags = RCC_CSR_F0F1F3, CSR_FLAGS(24),
      .sysmem_base = 0x1FFFC400u, .sysmem_size = 0x3400u, .boot_selector = BOOT_F0F3 },
    /* F1 (RM0008 §31.16.3): IWDG freeze in DBGMCU_CR bit 8 (OpenOCD
     * stm32f1x.cfg mmw 0xE0042004 0x307); SWD pins through AFIO_MAPR
     * SWJ_CFG; system memory 0x1FFFB000 (CL) .. 0x1FFFF7FF covers all. */
    { .families = "F1",
      .dbgmcu_cr = { DBGMCU_CR_PPB, DBG_ALL }, .dbgmcu_stop_bit = DBG_STOP,
      .iwdg_freeze = { DBGMCU_CR_PPB, F1_DBG_IWDG_STOP },
      .afio_mapr = F1_AFIO_MAPR,
      .pwr_mode = { PWR_CR_F, PWR_LPDS_PDDS }, .iwdg_kr = IWDG_KR_APB1,
      .rcc_reset_flags = RCC_CSR_F0F1F3, CSR_FLAGS(24),
      .sysmem_base = 0x1FFFB000u, .sysmem_size = 0x4800u, .boot_selector = BOOT_PINS },
    /* F2/F4 (RM0033, RM0090 §38.16; OpenOCD stm32f2x.cfg, stm32f4x.cfg):
     * system memory 0x1FFF0000-0x1FFF77FF. */
    { .families = "F2 F4",
      .dbgmcu_cr = { DBGMCU_CR_PPB, DBG_ALL }, .dbgmcu_stop_bit = DBG_STOP,
      .iwdg_freeze = { DBGMCU_FZ_PPB, DBG_IWDG_STOP },
      .gpioa_base = GPIOA_AHB1,
      .pwr_mode = { PWR_CR_F, PWR_LPDS_PDDS }, .iwdg_kr = IWDG_KR_APB1,
      .rcc_reset_flags = RCC_CSR_F2F4F7, CSR_FLAGS(24),
      .sysmem_base = 0x1FFF0000u, .sysmem_size = 0x7800u, .boot_selector = BOOT_PINS },
    /* F3 (RM0316; OpenOCD stm32f3x.cfg): system memory 0x1FFFD800 ..
     * 0x1FFFF7FF (§1.4). */
    { .families = "F3",
      .dbgmcu_cr = { DBGMCU_CR_PPB, DBG_ALL }, .dbgmcu_stop_bit = DBG_STOP,
      .iwdg_freeze = { DBGMCU_FZ_PPB, DBG_IWDG_STOP },
      .gpioa_base = GPIOA_AHB2,
      .pwr_mode = { PWR_CR_F, PWR_LPDS_PDDS }, .iwdg_kr = IWDG_KR_APB1,
      .rcc_reset_flags = RCC_CSR_F0F1F3, CSR_FLAGS(24),
      .sysmem_base = 0x1FFFD800u, .sysmem_size = 0x2000u, .boot_selector = BOOT_F0F3 },
    /* F7 (RM0385, RM0410; OpenOCD stm32f7x.cfg): PWR_CR1 LPDS/PDDS as F4;
     * system memory 0x1FF00000-0x1FF0EDBF. */
    { .families = "F7",
      .dbgmcu_cr = { DBGMCU_CR_PPB, DBG_ALL }, .dbgmcu_stop_bit = DBG_STOP,
      .iwdg_freeze = { DBGMCU_FZ_PPB, DBG_IWDG_STOP },
      .gpioa_base = GPIOA_AHB1,
      .pwr_mode = { PWR_CR_F, PWR_LPDS_PDDS }, .iwdg_kr = IWDG_KR_APB1,
      .rcc_reset_flags = RCC_CSR_F2F4F7, CSR_FLAGS(24),
      .sysmem_base = 0x1FF00000u, .sysmem_size = 0xEDC0u, .boot_selector = BOOT_F7 },
    /* L0 (RM0377 §27.9; OpenOCD stm32l0.cfg): DBGMCU on the APB, clock
     * RCC_APB2ENR.DBGMCUEN bit 22 (0x40021034); system memory
     * 0x1FF00000-0x1FF01FFF (cat.5; cat.1-3 end at 0x1FF00FFF). */
    { .families = "L0",
      .dbgmcu_cr = { DBGMCU_CR_APB, DBG_ALL }, .dbgmcu_stop_bit = DBG_STOP,
      .iwdg_freeze = { DBGMCU_FZ_APB, DBG_IWDG_STOP },
      .dbgmcu_clock = { 0x40021034u, BIT(22) },
      .gpioa_base = GPIOA_IOPORT,
      .pwr_mode = { PWR_CR_F, PWR_LPDS_PDDS }, .iwdg_kr = IWDG_KR_APB1,
      .rcc_reset_flags = RCC_CSR_L0, CSR_FLAGS(23),
      .sysmem_base = 0x1FF00000u, .sysmem_size = 0x2000u, .boot_selector = BOOT_F0F3 },
    /* L1 (RM0038 §30.16; OpenOCD stm32l1.cfg): system memory 0x1FF00000-
     * 0x1FF01FFF (AN2606). */
    { .families = "L1",
      .dbgmcu_cr = { DBGMCU_CR_PPB, DBG_ALL }, .dbgmcu_stop_bit = DBG_STOP,
      .iwdg_freeze = { DBGMCU_FZ_PPB, DBG_IWDG_STOP },
      .gpioa_base = GPIOA_AHB1,
      .pwr_mode = { PWR_CR_F, PWR_LPDS_PDDS }, .iwdg_kr = IWDG_KR_APB1,
      .rcc_reset_flags = RCC_CSR_L1, CSR_FLAGS(24),
      .sysmem_base = 0x1FF00000u, .sysmem_size = 0x2000u, .boot_selector = BOOT_PINS },
    /* L4/L4+ (RM0351 §46.16, RM0432; OpenOCD stm32l4x.cfg): APB1FZR1 bit 12;
     * PWR_CR1.LPMS; system memory 0x1FFF0000-0x1FFF6FFF. */
    { .families = "L4 L4+",
      .dbgmcu_cr = { DBGMCU_CR_PPB, DBG_ALL }, .dbgmcu_stop_bit = DBG_STOP,
      .iwdg_freeze = { DBGMCU_FZ_PPB, DBG_IWDG_STOP },
      .gpioa_base = GPIOA_AHB2,
      .pwr_mode = { PWR_CR_F, PWR_LPMS }, .iwdg_kr = IWDG_KR_APB1,
      .rcc_reset_flags = RCC_CSR_L4, CSR_FLAGS(23),
      .sysmem_base = 0x1FFF0000u, .sysmem_size = 0x7000u, .boot_selector = BOOT_L4 },
    /* G4 (RM0440; OpenOCD stm32g4x.cfg): as L4, plus FLASH_ACR.DBG_SWEN. */
    { .families = "G4",
      .dbgmcu_cr = { DBGMCU_CR_PPB, DBG_ALL }, .dbgmcu_stop_bit = DBG_STOP,
      .iwdg_freeze = { DBGMCU_FZ_PPB, DBG_IWDG_STOP },
      .gpioa_base = GPIOA_AHB2,
      .flash_acr_swen = { FLASH_ACR_L4CLASS, FLASH_ACR_DBG_SWEN },
      .pwr_mode = { PWR_CR_F, PWR_LPMS }, .iwdg_kr = IWDG_KR_APB1,
      .rcc_reset_flags = RCC_CSR_L4, CSR_FLAGS(23),
      .sysmem_base = 0x1FFF0000u, .sysmem_size = 0x7000u, .boot_selector = BOOT_L4 },
    /* G0 (RM0444 §40.9; OpenOCD stm32g0x.cfg): DBG on the APB, clock
     * RCC_APBENR1.DBGEN bit 27 (0x4002103C); no DBG_SLEEP; system memory
     * 0x1FFF0000-0x1FFF6FFF (G07x; G03x/G04x end earlier). */
    { .families = "G0",
      .dbgmcu_cr = { DBGMCU_CR_APB, DBG_NO_SLEEP }, .dbgmcu_stop_bit = DBG_STOP,
      .iwdg_freeze = { DBGMCU_FZ_APB, DBG_IWDG_STOP },
      .dbgmcu_clock = { 0x4002103Cu, BIT(27) },
      .gpioa_base = GPIOA_IOPORT,
      .flash_acr_swen = { FLASH_ACR_L4CLASS, FLASH_ACR_DBG_SWEN },
      .pwr_mode = { PWR_CR_F, PWR_LPMS }, .iwdg_kr = IWDG_KR_APB1,
      .rcc_reset_flags = RCC_CSR_G0C0, CSR_FLAGS(23),
      .sysmem_base = 0x1FFF0000u, .sysmem_size = 0x7000u, .boot_selector = BOOT_G0C0 },
    /* C0 (RM0490; OpenOCD stm32c0x.cfg sets RCC_APBENR1 bit 27 first):
     * system memory 0x1FFF0000-0x1FFF17FF. */
    { .families = "C0",
      .dbgmcu_cr = { DBGMCU_CR_APB, DBG_NO_SLEEP }, .dbgmcu_stop_bit = DBG_STOP,
      .iwdg_freeze = { DBGMCU_FZ_APB, DBG_IWDG_STOP },
      .dbgmcu_clock = { 0x4002103Cu, BIT(27) },
      .gpioa_base = GPIOA_IOPORT,
      .flash_acr_swen = { FLASH_ACR_L4CLASS, FLASH_ACR_DBG_SWEN },
      .pwr_mode = { PWR_CR_F, PWR_LPMS }, .iwdg_kr = IWDG_KR_APB1,
      .rcc_reset_flags = RCC_CSR_G0C0, CSR_FLAGS(23),
      .sysmem_base = 0x1FFF0000u, .sysmem_size = 0x1800u, .boot_selector = BOOT_G0C0 },
    /* WB (RM0434; OpenOCD stm32wbx.cfg): APB1FZR1 at 0xE004203C; RCC and
     * PWR at 0x58000000/0x58000400; system memory 0x1FFF0000-0x1FFF6FFF. */
    { .families = "WB",
      .dbgmcu_cr = { DBGMCU_CR_PPB, DBG_ALL }, .dbgmcu_stop_bit = DBG_STOP,
      .iwdg_freeze = { DBGMCU_FZ_WBWL, DBG_IWDG_STOP },
      .gpioa_base = GPIOA_AHB2,
      .pwr_mode = { PWR_CR1_WBWL, PWR_LPMS }, .iwdg_kr = IWDG_KR_APB1,
      .rcc_reset_flags = RCC_CSR_WBWL, CSR_FLAGS(23),
      .sysmem_base = 0x1FFF0000u, .sysmem_size = 0x7000u, .boot_selector = BOOT_WBWL },
    /* WL (RM0453; OpenOCD stm32wlx.cfg): as WB; system memory
     * 0x1FFF0000-0x1FFF3FFF. */
    { .families = "WL",
      .dbgmcu_cr = { DBGMCU_CR_PPB, DBG_ALL }, .dbgmcu_stop_bit = DBG_STOP,
      .iwdg_freeze = { DBGMCU_FZ_WBWL, DBG_IWDG_STOP },
      .gpioa_base = GPIOA_AHB2,
      .pwr_mode = { PWR_CR1_WBWL, PWR_LPMS }, .iwdg_kr = IWDG_KR_APB1,
      .rcc_reset_flags = RCC_CSR_WBWL, CSR_FLAGS(23),
      .sysmem_base = 0x1FFF0000u, .sysmem_size = 0x4000u, .boot_selector = BOOT_WBWL },
    /* L5 (RM0438; OpenOCD stm32x5x_common.cfg): DBGMCU at 0xE0044000, no
     * DBG_SLEEP; non-secure aliases; system memory 0x0BF90000-0x0BF97FFF. */
    { .families = "L5",
      .dbgmcu_cr = { DBGMCU_CR_X5X, DBG_NO_SLEEP }, .dbgmcu_stop_bit = DBG_STOP,
      .iwdg_freeze = { DBGMCU_FZ_X5X, DBG_IWDG_STOP },
      .gpioa_base = GPIOA_X5X,
      .pwr_mode = { PWR_CR_F, PWR_LPMS }, .iwdg_kr = IWDG_KR_APB1,
      .rcc_reset_flags = RCC_CSR_L4, CSR_FLAGS(23),
      .sysmem_base = 0x0BF90000u, .sysmem_size = 0x8000u, .boot_selector = BOOT_X5X },
    /* U5 (RM0456; OpenOCD stm32x5x_common.cfg): PWR 0x46020800, RCC
     * 0x46020C00; system memory 0x0BF90000-0x0BF9FFFF. */
    { .families = "U5",
      .dbgmcu_cr = { DBGMCU_CR_X5X, DBG_NO_SLEEP }, .dbgmcu_stop_bit = DBG_STOP,
      .iwdg_freeze = { DBGMCU_FZ_X5X, DBG_IWDG_STOP },
      .gpioa_base = GPIOA_X5X,
      .pwr_mode = { PWR_CR1_U5, PWR_LPMS }, .iwdg_kr = IWDG_KR_APB1,
      .rcc_reset_flags = RCC_CSR_U5, CSR_FLAGS(23),
      .sysmem_base = 0x0BF90000u, .sysmem_size = 0x10000u, .boot_selector = BOOT_X5X },
    /* H7 (RM0433 §60.5.8, RM0399; OpenOCD stm32h7x.cfg): the D1/D3 debug
     * clocks with the D1 low-power bits; IWDG1 freeze APB4FZ1 bit 18;
     * RCC_RSR flags; PWR_CPUCR PDDS_Dx; system memory 0x1FF00000-0x1FF1E7FF
     * (H7A3/B3 end at 0x1FF13FFF). */
    { .families = "H7",
      .dbgmcu_cr = { H7_DBGMCU_CR, H7_D1DBGCKEN | H7_D3DBGCKEN | DBG_ALL },
      .dbgmcu_stop_bit = DBG_STOP,
      .iwdg_freeze = { H7_DBGMCU_APB4FZ1, H7_DBG_IWDG1 },
      .gpioa_base = GPIOA_H7,
      .pwr_mode = { H7_PWR_CPUCR, H7_PWR_PDDS }, .iwdg_kr = H7_IWDG1_KR,
      .rcc_reset_flags = H7_RCC_RSR,
      .iwdg_reset_flag = BIT(26), .wwdg_reset_flag = BIT(28), .pin_reset_flag = BIT(22),
      .por_reset_flag = BIT(23), .sw_reset_flag = BIT(24), .lowpower_reset_flag = BIT(30),
      .rcc_reset_flags_clear = BIT(16),
      .pwr_cr3 = H7_PWR_CR3,
      .sysmem_base = 0x1FF00000u, .sysmem_size = 0x1E800u, .boot_selector = BOOT_H7 },
};

#define N_FACTS (sizeof facts / sizeof facts[0])

/* Is `family` one of the space-separated words of `list`? */
static bool in_list(const char *list, const char *family)
{
    size_t n = strlen(family);
    for (const char *p = list; *p;) {
        size_t w = strcspn(p, " ");
        if (w == n && strncmp(p, family, n) == 0)
            return true;
        p += w;
        p += strspn(p, " ");
    }
    return false;
}

const struct stm32_debug_facts *stm32_debug_facts_for_family(const char *family)
{
    if (!family || !*family)
        return NULL;
    for (size_t i = 0; i < N_FACTS; i++)
        if (in_list(facts[i].families, family))
            return &facts[i];
    return NULL;
}

bool stm32_family_has_supply_lock(const char *family)
{
    const struct stm32_debug_facts *f = stm32_debug_facts_for_family(family);
    return f && f->pwr_cr3;
}

const struct stm32_debug_facts *stm32_debug_facts(const struct stm32_chip *c)
{
    return c && c->part ? stm32_debug_facts_for_family(c->part->family) : NULL;
}

/* MODER: two bits per pin, 0b10 = alternate function; AFRH: four bits per
 * pin 8..15, AF0 = the debug port (stm32-families.md §6.1). */
#define PA13 13u
#define PA14 14u
#define MODER_FIELD(v, pin) (((v) >> (2u * (pin))) & 3u)
#define MODER_AF 2u
#define AFRH_NIBBLE(v, pin) (((v) >> (4u * ((pin) - 8u))) & 0xFu)
/* F1 AFIO_MAPR SWJ_CFG [26:24]: 0b100 turns JTAG-DP and SW-DP off. */
#define SWJ_CFG_SHIFT 24u
#define SWJ_CFG_MASK  7u
#define SWJ_CFG_ALL_OFF 4u

bool stm32_swd_pins_intact(const struct stm32_debug_facts *f, uint32_t moder, uint32_t afrh,
                           uint32_t afio_mapr)
{
    if (!f)
        return true;
    if (f->afio_mapr)
        /* SWJ_CFG is write-only (reads back 0): the caller passes the value
         * seen written (a watchpoint hit), not a read. */
        return ((afio_mapr >> SWJ_CFG_SHIFT) & SWJ_CFG_MASK) != SWJ_CFG_ALL_OFF;
    return MODER_FIELD(moder, PA13) == MODER_AF && MODER_FIELD(moder, PA14) == MODER_AF &&
           AFRH_NIBBLE(afrh, PA13) == 0 && AFRH_NIBBLE(afrh, PA14) == 0;
}

/* Read-modify-write: set `bits` at `addr` through `t`. */
static int set_bits(struct arm_target *t, uint32_t addr, uint32_t bits)
{
    uint32_t v;
    int rc = arm_read32(t, addr, &v);
    if (rc)
        return rc;
    if ((v & bits) == bits)
        return 0;
    return arm_write32(t, addr, v | bits);
}

/* H7: DBGMCU through AP2 first (works with NRST low, OpenOCD does the
 * same), then through the core's AP at 0x5C001000. */
static int h7_keep_debug(struct stm32_chip *c, const struct stm32_debug_facts *f)
{
    struct arm_target apbd = *c->t;
    apbd.ap = H7_DBGMCU_AP;
    int rc = set_bits(&apbd, H7_DBGMCU_CR_APBD, f->dbgmcu_cr.bits);
    if (!rc)
        rc = set_bits(&apbd, H7_DBGMCU_FZ_APBD, f->iwdg_freeze.bits);
    if (!rc)
        return 0;
    sd_session_clear_error(c->t->session);   /* old probe firmware: no AP2 */
    rc = set_bits(c->t, f->dbgmcu_cr.addr, f->dbgmcu_cr.bits);
    if (!rc)
        rc = set_bits(c->t, f->iwdg_freeze.addr, f->iwdg_freeze.bits);
    return rc;
}

int stm32_dbgmcu_keep_debug(struct stm32_chip *c)
{
    if (!c || !c->t)
        return SD_ERR_INVALID_ARG;
    const struct stm32_debug_facts *f = stm32_debug_facts(c);
    if (!f)
        return SD_ERR_UNKNOWN_CHIP;
    if (f->pwr_cr3)   /* the H7 row */
        return h7_keep_debug(c, f);
    int rc = 0;
    if (f->dbgmcu_clock.addr)
        rc = set_bits(c->t, f->dbgmcu_clock.addr, f->dbgmcu_clock.bits);
    if (!rc)
        rc = set_bits(c->t, f->dbgmcu_cr.addr, f->dbgmcu_cr.bits);
    if (!rc && f->iwdg_freeze.addr)
        rc = set_bits(c->t, f->iwdg_freeze.addr, f->iwdg_freeze.bits);
    return rc;
}
