/* LEDs PD12..PD15 through GPIOD (RM0090 §8.4). */
#include "leds.h"

#include "stm32f407.h"

#define LED_MASK (((1u << LED_COUNT) - 1u) << LED_FIRST_PIN)

void leds_init(void)
{
    /* A GPIO port ignores writes until its clock runs (RM0090 §7.3.10). */
    RCC_AHB1ENR |= RCC_AHB1ENR_GPIODEN;
    (void)RCC_AHB1ENR;  /* read back: ES0182 "Delay after an RCC peripheral clock enabling" */

    uint32_t moder = GPIO_MODER(GPIOD_BASE);
    for (uint32_t pin = LED_FIRST_PIN; pin < LED_FIRST_PIN + LED_COUNT; pin++) {
        moder &= ~(GPIO_MODE_MASK << GPIO_MODER_SHIFT(pin));
        moder |= GPIO_MODE_OUTPUT << GPIO_MODER_SHIFT(pin);
    }
    GPIO_MODER(GPIOD_BASE) = moder;
    GPIO_BSRR(GPIOD_BASE) = LED_MASK << 16;  /* BRy: reset to 0 (§8.4.7) */
}

void leds_toggle(void)
{
    GPIO_ODR(GPIOD_BASE) ^= LED_MASK;
}
