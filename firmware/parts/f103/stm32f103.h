/* The few STM32F103xC/D/E (high-density) registers the test firmwares
 * touch, by name.
 *
 * Addresses and bits from RM0008 (STM32F101/102/103/105/107 reference
 * manual, Rev 21): memory map §3.3 Table 3, RCC §7.3, GPIO §9.2, AFIO
 * §9.4, IWDG §19.4, DBGMCU §31.16.  The System Control Block is the
 * Cortex-M3's (PM0056 §4.4, ARMv7-M ARM B3.2). */
#ifndef FW_STM32F103_H
#define FW_STM32F103_H

#include <stdint.h>

#define FW_REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* ---- Memory map (RM0008 §3.3 Table 3) ---- */
#define FLASH_BASE_ADDR   0x08000000u
#define SRAM_BASE_ADDR    0x20000000u
#define AFIO_BASE         0x40010000u
#define GPIOA_BASE        0x40010800u
#define GPIOC_BASE        0x40011000u
#define RCC_BASE          0x40021000u

/* ---- RCC (RM0008 §7.3) ---- */
#define RCC_APB2ENR       FW_REG(RCC_BASE + 0x18u)  /* §7.3.7 */
#define RCC_APB2ENR_AFIOEN (1u << 0)
#define RCC_APB2ENR_IOPAEN (1u << 2)
#define RCC_APB2ENR_IOPCEN (1u << 4)

/* ---- GPIO (RM0008 §9.2): 4 bits per pin, MODE[1:0] then CNF[1:0] ---- */
#define GPIO_CRL(base)    FW_REG((base) + 0x00u)    /* §9.2.1, pins 0..7 */
#define GPIO_CRH(base)    FW_REG((base) + 0x04u)    /* §9.2.2, pins 8..15 */
#define GPIO_IDR(base)    FW_REG((base) + 0x08u)    /* §9.2.3 */
#define GPIO_ODR(base)    FW_REG((base) + 0x0Cu)    /* §9.2.4 */
#define GPIO_BSRR(base)   FW_REG((base) + 0x10u)    /* §9.2.5 */
#define GPIO_CR_SHIFT(pin) (((pin) % 8u) * 4u)
#define GPIO_CR_MASK      0xFu
/* MODE = 10 (output, 2 MHz), CNF = 00 (push-pull): Table 20/21 of §9.1. */
#define GPIO_CR_OUT_PP_2MHZ 0x2u

/* ---- AFIO (RM0008 §9.4) ---- */
#define AFIO_MAPR         FW_REG(AFIO_BASE + 0x04u) /* §9.4.2 */
/* SWJ_CFG [26:24], write-only (reads 0): 000 full SWJ (reset), 001 full
 * SWJ without NJTRST, 010 JTAG-DP off and SW-DP on, 100 JTAG-DP and SW-DP
 * both off (PA13/PA14/PA15/PB3/PB4 become GPIO). */
#define AFIO_MAPR_SWJ_CFG_SHIFT 24u
#define AFIO_MAPR_SWJ_CFG_MASK  (7u << AFIO_MAPR_SWJ_CFG_SHIFT)
#define AFIO_MAPR_SWJ_CFG_DISABLE (4u << AFIO_MAPR_SWJ_CFG_SHIFT)

/* The user LED of the F103RC board: PC13, lit when driven low (as on
 * most F103 boards with the LED to 3.3 V). */
#define LED_PORT_BASE     GPIOC_BASE
#define LED_PIN           13u

/* ---- Cortex-M3 System Control Block (PM0056 §4.4.6 SCR) ---- */
#define SCB_SCR           FW_REG(0xE000ED10u)
#define SCB_SCR_SLEEPDEEP (1u << 2)

/* ---- DBGMCU (RM0008 §31.16) ---- */
#define DBGMCU_IDCODE     FW_REG(0xE0042000u)  /* DEV_ID 0x414 high density */

/* Core clock after reset: the 8 MHz HSI (RM0008 §7.2.2). */
#define HSI_HZ            8000000u

#endif
