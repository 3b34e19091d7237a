/* l476-swd-off: an STM32L476RG firmware built with CubeMX "SYS > Debug:
 * No Debug" and "Set all free pins as analog".  About 50 ms after reset
 * MX_GPIO_Init puts PA13 (SWDIO) and PA14 (SWCLK) in analog mode with the
 * other free pins of port A: the SW-DP is wired to the pins only while
 * GPIOA_MODER selects the alternate function (AF0) for them (RM0351
 * chapter 8; GPIOA_MODER reset value 0xABFFFFFF).  Connecting under reset works:
 * the reset puts MODER back before the firmware runs.
 *
 * 50 ms at the 4 MHz MSI: 50 x 1,333 = 66,650 iterations of 3 cycles
 * (common/delay.h). */
#include <stdint.h>

#include "delay.h"
#include "leds.h"
#include "stm32l476.h"

#define SWD_OFF_AFTER_MS 50u
#define BLINK_PERIOD_MS 100u

volatile uint32_t blink_count;

/* noinline: the doctor and a debugger find the write in a function of
 * this name. */
__attribute__((noinline)) void MX_GPIO_Init(void)
{
    /* A GPIO port ignores writes until its clock runs (RM0351 §6.4.17). */
    RCC_AHB2ENR |= RCC_AHB2ENR_GPIOAEN;
    (void)RCC_AHB2ENR;

    /* "Free pins as analog": PA13/PA14 are free once Debug is off. */
    uint32_t moder = GPIO_MODER(GPIOA_BASE);
    moder |= (GPIO_MODE_ANALOG << GPIO_MODER_SHIFT(SWDIO_PIN)) |
             (GPIO_MODE_ANALOG << GPIO_MODER_SHIFT(SWCLK_PIN));
    GPIO_MODER(GPIOA_BASE) = moder;

    leds_init();
}

int main(void)
{
    fw_delay_loops(DELAY_MS_TO_LOOPS(SWD_OFF_AFTER_MS));
    MX_GPIO_Init();
    for (;;) {
        leds_toggle();
        blink_count++;
        fw_delay_loops(DELAY_MS_TO_LOOPS(BLINK_PERIOD_MS));
    }
}
