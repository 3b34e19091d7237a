/* The NUCLEO-L476RG's LED LD2 on PA5 (common/leds.h). */
#include "leds.h"

#include "stm32l476.h"

void leds_init(void)
{
    /* A GPIO port ignores writes until its clock runs (RM0351 §6.4.17). */
    RCC_AHB2ENR |= RCC_AHB2ENR_GPIOAEN;
    (void)RCC_AHB2ENR;

    /* Only PA5's two MODER bits change: PA13/PA14 stay AF0 (SWD). */
    uint32_t moder = GPIO_MODER(LED_PORT_BASE);
    moder &= ~(GPIO_MODE_MASK << GPIO_MODER_SHIFT(LED_PIN));
    moder |= GPIO_MODE_OUTPUT << GPIO_MODER_SHIFT(LED_PIN);
    GPIO_MODER(LED_PORT_BASE) = moder;
    GPIO_BSRR(LED_PORT_BASE) = (1u << LED_PIN) << 16;  /* BRy: off */
}

void leds_toggle(void)
{
    GPIO_ODR(LED_PORT_BASE) ^= 1u << LED_PIN;
}
