/* The few STM32L476 registers the test firmwares touch, by name.
 *
 * Addresses and bits from RM0351 (STM32L47x/48x/49x/4Ax reference manual,
 * Rev 9): memory map §2.2.2 Table 1, PWR §5.4, RCC §6.4, GPIO chapter 8
 * (GPIOx_* registers), DBGMCU chapter (DBGMCU_CR).  The System Control Block is the Cortex-M4's
 * (PM0214 §4.4, ARMv7-M ARM B3.2). */
#ifndef FW_STM32L476_H
#define FW_STM32L476_H

#include <stdint.h>

#define FW_REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* ---- Memory map (RM0351 §2.2.2 Table 1) ---- */
#define FLASH_BASE_ADDR   0x08000000u
#define SRAM_BASE_ADDR    0x20000000u
#define PWR_BASE          0x40007000u
#define RCC_BASE          0x40021000u
#define GPIOA_BASE        0x48000000u

/* ---- RCC (RM0351 §6.4) ---- */
#define RCC_AHB2ENR       FW_REG(RCC_BASE + 0x4Cu)  /* §6.4.17 */
#define RCC_AHB2ENR_GPIOAEN (1u << 0)
#define RCC_APB1ENR1      FW_REG(RCC_BASE + 0x58u)  /* §6.4.19 */
#define RCC_APB1ENR1_PWREN (1u << 28)

/* ---- GPIO (RM0351 chapter 8) ---- */
#define GPIO_MODER(base)  FW_REG((base) + 0x00u)    /* 2 bits per pin */
#define GPIO_IDR(base)    FW_REG((base) + 0x10u)
#define GPIO_ODR(base)    FW_REG((base) + 0x14u)
#define GPIO_BSRR(base)   FW_REG((base) + 0x18u)

#define GPIO_MODE_INPUT   0u
#define GPIO_MODE_OUTPUT  1u
#define GPIO_MODE_AF      2u
#define GPIO_MODE_ANALOG  3u          /* the L4's reset mode for most pins */
#define GPIO_MODE_MASK    3u
#define GPIO_MODER_SHIFT(pin) ((pin) * 2u)

/* The SWD pins: PA13 = SWDIO (JTMS), PA14 = SWCLK (JTCK), AF0 after reset
 * (GPIOA_MODER reset value 0xABFFFFFF, RM0351 GPIOx_MODER; the "I/O pin
 * alternate function multiplexer and mapping" section of chapter 8). */
#define SWDIO_PIN         13u
#define SWCLK_PIN         14u

/* The NUCLEO-L476RG's user LED LD2 on PA5 (UM1724 §6.4). */
#define LED_PORT_BASE     GPIOA_BASE
#define LED_PIN           5u

/* ---- PWR (RM0351 §5.4.1 PWR_CR1) ---- */
#define PWR_CR1           FW_REG(PWR_BASE + 0x00u)
#define PWR_CR1_LPMS_SHIFT 0u
#define PWR_CR1_LPMS_MASK (7u << PWR_CR1_LPMS_SHIFT)
/* LPMS: the mode SLEEPDEEP enters: 000 Stop 0, 001 Stop 1, 010 Stop 2,
 * 011 Standby, 1xx Shutdown. */
#define PWR_CR1_LPMS_STOP2 (2u << PWR_CR1_LPMS_SHIFT)

/* ---- Cortex-M4 System Control Block (PM0214 §4.4.6 SCR) ---- */
#define SCB_SCR           FW_REG(0xE000ED10u)
#define SCB_SCR_SLEEPDEEP (1u << 2)

/* ---- DBGMCU (RM0351 DBGMCU chapter) ---- */
#define DBGMCU_IDCODE     FW_REG(0xE0042000u)  /* DEV_ID 0x415 */
#define DBGMCU_CR         FW_REG(0xE0042004u)  /* DBG_STOP bit 1: never set here */

/* Core clock after reset: MSI at 4 MHz (MSIRANGE 6, RM0351 §6.2.3). */
#define MSI_RESET_HZ      4000000u

#endif
