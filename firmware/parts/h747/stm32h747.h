/* The few STM32H745/747 registers the test firmwares touch from the
 * Cortex-M7, by name.
 *
 * Addresses and bits from RM0399 (STM32H745/755, H747/757 reference
 * manual, Rev 3): memory map ("Memory organization"), PWR (chapter 7,
 * register map §7.8), RCC (chapter 9), GPIO (chapter 12), DBGMCU; the
 * same facts the bench uses (sim/chips/parts_h7.c, h7_pwr.c) and
 * stm32-families.md §6.2.  The System Control Block is the Cortex-M7's
 * (PM0253 §4.3, ARMv7-M ARM B3.2). */
#ifndef FW_STM32H747_H
#define FW_STM32H747_H

#include <stdint.h>

#define FW_REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* ---- Memory map (RM0399 memory map table) ---- */
#define FLASH_BASE_ADDR   0x08000000u  /* bank 1; bank 2 at 0x08100000 */
#define DTCM_BASE_ADDR    0x20000000u  /* 128 KiB, Cortex-M7 only */
#define AXI_SRAM_BASE     0x24000000u  /* 512 KiB, D1 domain */
#define GPIOA_BASE        0x58020000u  /* ports A..K every 0x400 (AHB4) */
#define GPIOI_BASE        0x58022000u
#define RCC_BASE          0x58024400u
#define PWR_BASE          0x58024800u

/* ---- RCC (RM0399 chapter 9) ---- */
/* RCC_AHB4ENR (offset 0x0E0; the per-core alias RCC_C1_AHB4ENR at 0x140
 * reaches the same enables): GPIOxEN = bit x for ports A..K. */
#define RCC_AHB4ENR       FW_REG(RCC_BASE + 0x0E0u)
#define RCC_AHB4ENR_GPIOIEN (1u << 8)

/* ---- GPIO (RM0399 chapter 12; the F4-style MODER layout) ---- */
#define GPIO_MODER(base)  FW_REG((base) + 0x00u)
#define GPIO_ODR(base)    FW_REG((base) + 0x14u)
#define GPIO_BSRR(base)   FW_REG((base) + 0x18u)
#define GPIO_MODE_OUTPUT  1u
#define GPIO_MODE_MASK    3u
#define GPIO_MODER_SHIFT(pin) ((pin) * 2u)

/* The STM32H747I-DISCO's four user LEDs on PI12..PI15, lit when driven
 * low (UM2411 "LEDs"). */
#define LED_PORT_BASE     GPIOI_BASE
#define LED_FIRST_PIN     12u
#define LED_COUNT         4u

/* ---- PWR (RM0399 §7.8) ---- */
#define PWR_CSR1          FW_REG(PWR_BASE + 0x04u)  /* control status 1 */
#define PWR_CSR1_ACTVOSRDY (1u << 13)   /* VCORE is at the level ACTVOS says */
#define PWR_CR3           FW_REG(PWR_BASE + 0x0Cu)  /* control 3: supply config */
/* PWR_CR3 supply bits on the SMPS parts (H745/747/755/757): written once
 * per power-on; a value the board is not wired for leaves VCORE without a
 * supply (stm32-families.md §6.2).  Reset value 0x00000006 = SMPSEN |
 * LDOEN (SMPS feeding the LDO). */
#define PWR_CR3_BYPASS    (1u << 0)
#define PWR_CR3_LDOEN     (1u << 1)
#define PWR_CR3_SMPSEN    (1u << 2)
#define PWR_CR3_SMPSEXTHP (1u << 3)
#define PWR_CR3_SMPSLEVEL (3u << 4)
#define PWR_CR3_SUPPLY_MASK (PWR_CR3_SMPSLEVEL | PWR_CR3_SMPSEXTHP | PWR_CR3_SMPSEN | \
                             PWR_CR3_LDOEN | PWR_CR3_BYPASS)
/* The two supply configurations the seed's boards use, as ST's HAL names
 * them (stm32h7xx_hal_pwr_ex.h): PWR_LDO_SUPPLY = LDOEN alone,
 * PWR_DIRECT_SMPS_SUPPLY = SMPSEN alone. */
#define PWR_SUPPLY_LDO    PWR_CR3_LDOEN
#define PWR_SUPPLY_DIRECT_SMPS PWR_CR3_SMPSEN
#define PWR_D3CR          FW_REG(PWR_BASE + 0x18u)  /* D3 domain control */
#define PWR_D3CR_VOS_SHIFT 14u
#define PWR_D3CR_VOS_MASK (3u << PWR_D3CR_VOS_SHIFT)
#define PWR_D3CR_VOS_SCALE1 (3u << PWR_D3CR_VOS_SHIFT)
#define PWR_D3CR_VOSRDY   (1u << 13)

/* ---- Cortex-M7 System Control Block (PM0253 §4.3.6 SCR) ---- */
#define SCB_SCR           FW_REG(0xE000ED10u)
#define SCB_SCR_SLEEPDEEP (1u << 2)

/* ---- DBGMCU (RM0399 DBGMCU chapter) ---- */
#define DBGMCU_IDCODE     FW_REG(0x5C001000u)  /* DEV_ID 0x450 */

/* Core clock after reset: the 64 MHz HSI (RM0399 RCC chapter, "HSI
 * oscillator"; sim/chips/parts_h7.c reset_hz). */
#define HSI_HZ            64000000u

#endif
