/* The STM32H747I-DISCO's LEDs on PI12..PI15 (common/leds.h). */
#include "leds.h"

#include "stm32h747.h"

#define LED_MASK (((1u << LED_COUNT) - 1u) << LED_FIRST_PIN)

void leds_init(void)
{
    /* A GPIO port ignores writes until its clock runs. */
    RCC_AHB4ENR |= RCC_AHB4ENR_GPIOIEN;
    (void)RCC_AHB4ENR;

    GPIO_BSRR(LED_PORT_BASE) = LED_MASK;      /* BSy: high = LEDs off */
    uint32_t moder = GPIO_MODER(LED_PORT_BASE);
    for (uint32_t pin = LED_FIRST_PIN; pin < LED_FIRST_PIN + LED_COUNT; pin++) {
        moder &= ~(GPIO_MODE_MASK << GPIO_MODER_SHIFT(pin));
        moder |= GPIO_MODE_OUTPUT << GPIO_MODER_SHIFT(pin);
    }
    GPIO_MODER(LED_PORT_BASE) = moder;
}

void leds_toggle(void)
{
    GPIO_ODR(LED_PORT_BASE) ^= LED_MASK;
}
