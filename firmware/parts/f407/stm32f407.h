/* The few STM32F405/407 registers the test firmwares touch, by name.
 *
 * Addresses and bits from RM0090 (STM32F405/415, F407/417, F42x/43x
 * reference manual, Rev 19): memory map §2.3 Table 1, PWR §5.4, RCC for
 * F405/407 §7.3, GPIO §8.4, IWDG §19.4, DBGMCU §38.16.  The System Control Block is
 * the Cortex-M4's (PM0214 §4.4, ARMv7-M ARM B3.2). */
#ifndef FW_STM32F407_H
#define FW_STM32F407_H

#include <stdint.h>

#define FW_REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* ---- Memory map (RM0090 §2.3 Table 1) ---- */
#define FLASH_BASE_ADDR   0x08000000u
#define SRAM_BASE_ADDR    0x20000000u
#define SRAM_SIZE         0x00020000u   /* SRAM1 112 KiB + SRAM2 16 KiB */
#define IWDG_BASE         0x40003000u
#define PWR_BASE          0x40007000u
#define GPIOA_BASE        0x40020000u
#define GPIOD_BASE        0x40020C00u
#define RCC_BASE          0x40023800u

/* ---- RCC (RM0090 §7.3) ---- */
#define RCC_AHB1ENR       FW_REG(RCC_BASE + 0x30u)  /* §7.3.10 */
#define RCC_AHB1ENR_GPIOAEN (1u << 0)
#define RCC_AHB1ENR_GPIODEN (1u << 3)
#define RCC_APB1ENR       FW_REG(RCC_BASE + 0x40u)  /* §7.3.13 */
#define RCC_APB1ENR_PWREN (1u << 28)

/* ---- GPIO (RM0090 §8.4) ---- */
#define GPIO_MODER(base)  FW_REG((base) + 0x00u)    /* §8.4.1, 2 bits per pin */
#define GPIO_IDR(base)    FW_REG((base) + 0x10u)    /* §8.4.5 */
#define GPIO_ODR(base)    FW_REG((base) + 0x14u)    /* §8.4.6 */
#define GPIO_BSRR(base)   FW_REG((base) + 0x18u)    /* §8.4.7 */
#define GPIO_AFRH(base)   FW_REG((base) + 0x24u)    /* §8.4.10, pins 8..15 */

#define GPIO_MODE_INPUT   0u
#define GPIO_MODE_OUTPUT  1u
#define GPIO_MODE_AF      2u
#define GPIO_MODE_ANALOG  3u
#define GPIO_MODE_MASK    3u
#define GPIO_MODER_SHIFT(pin) ((pin) * 2u)

/* The SWD pins: PA13 = SWDIO (JTMS), PA14 = SWCLK (JTCK), AF0 after reset
 * (RM0090 §8.3.2; GPIOA_MODER reset value 0xA8000000, §8.4.1). */
#define SWDIO_PIN         13u
#define SWCLK_PIN         14u

/* The four LEDs of the STM32F4DISCOVERY board, PD12..PD15 (UM1472 §6.3). */
#define LED_FIRST_PIN     12u
#define LED_COUNT         4u

/* ---- PWR (RM0090 §5.4.1 PWR_CR) ---- */
#define PWR_CR            FW_REG(PWR_BASE + 0x00u)
#define PWR_CR_LPDS       (1u << 0)   /* low-power regulator in STOP */
#define PWR_CR_PDDS       (1u << 1)   /* 1 = STANDBY, 0 = STOP on deep sleep */
#define PWR_CR_CWUF       (1u << 2)   /* clear the wake-up flag */

/* ---- IWDG (RM0090 §19.4: IWDG_KR, IWDG_PR, IWDG_RLR, IWDG_SR) ----
 * Clocked by the ~32 kHz LSI (RM0090 §7.2.5); once started it cannot be
 * stopped except by a reset, and it resets the chip when the down-counter
 * reaches 0 without a refresh. */
#define IWDG_KR           FW_REG(IWDG_BASE + 0x00u)
#define IWDG_KEY_START    0xCCCCu     /* starts the watchdog */
#define IWDG_KEY_ACCESS   0x5555u     /* unlocks PR and RLR */
#define IWDG_KEY_REFRESH  0xAAAAu     /* reloads the counter from RLR */
#define IWDG_PR           FW_REG(IWDG_BASE + 0x04u)
#define IWDG_PR_DIV4      0u          /* LSI / 4 */
#define IWDG_RLR          FW_REG(IWDG_BASE + 0x08u)
#define IWDG_RLR_MAX      0xFFFu      /* 12-bit reload */
#define IWDG_SR           FW_REG(IWDG_BASE + 0x0Cu)
#define IWDG_SR_PVU       (1u << 0)   /* prescaler update in progress */
#define IWDG_SR_RVU       (1u << 1)   /* reload update in progress */
#define LSI_HZ            32000u

/* ---- Cortex-M4 System Control Block (PM0214 §4.4.6 SCR) ---- */
#define SCB_SCR           FW_REG(0xE000ED10u)
#define SCB_SCR_SLEEPDEEP (1u << 2)

/* ---- DBGMCU (RM0090 §38.16) ---- */
#define DBGMCU_IDCODE     FW_REG(0xE0042000u)  /* §38.6.1, DEV_ID 0x413 */

/* Core clock after reset: the 16 MHz HSI (RM0090 §7.2.2). */
#define HSI_HZ            16000000u

#endif
