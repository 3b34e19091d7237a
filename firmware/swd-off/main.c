/* swd-off: what CubeMX generates for "SYS > Debug: No Debug".  About 50 ms
 * after reset the firmware turns PA13 (SWDIO) into a GPIO input and PA14
 * (SWCLK) into a GPIO output, which disconnects the SW-DP from the pins
 * (RM0090 §8.3.2: the debug pins are AF0 only while MODER says AF).  A
 * probe can then only attach by holding NRST during the connection
 * ("connect under reset"), because the GPIO reset value gives the pins back
 * to the debug port (GPIOA_MODER reset 0xA8000000, §8.4.1).
 *
 * The 50 ms are a busy-wait counted for the 16 MHz HSI reset clock:
 * 50 x 5,333 = 266,650 iterations of 3 cycles (see common/delay.h). */
#include <stdint.h>

#include "delay.h"
#include "leds.h"
#include "stm32f407.h"

#define SWD_OFF_AFTER_MS 50u
#define BLINK_PERIOD_MS 100u

volatile uint32_t blink_count;

/* CubeMX's name for the pin set-up; static as CubeMX writes it, so the
 * compiler inlines it into main (the doctor names it from the DWARF
 * inline records). */
static void MX_GPIO_Init(void)
{
    RCC_AHB1ENR |= RCC_AHB1ENR_GPIOAEN;
    (void)RCC_AHB1ENR;

    uint32_t moder = GPIO_MODER(GPIOA_BASE);
    moder &= ~((GPIO_MODE_MASK << GPIO_MODER_SHIFT(SWDIO_PIN)) |
               (GPIO_MODE_MASK << GPIO_MODER_SHIFT(SWCLK_PIN)));
    moder |= (GPIO_MODE_INPUT << GPIO_MODER_SHIFT(SWDIO_PIN)) |
             (GPIO_MODE_OUTPUT << GPIO_MODER_SHIFT(SWCLK_PIN));
    GPIO_MODER(GPIOA_BASE) = moder;
}

int main(void)
{
    fw_delay_loops(DELAY_MS_TO_LOOPS(SWD_OFF_AFTER_MS));
    MX_GPIO_Init();
    leds_init();
    for (;;) {
        leds_toggle();
        blink_count++;
        fw_delay_loops(DELAY_MS_TO_LOOPS(BLINK_PERIOD_MS));
    }
}
