/* The F103RC board's LED on PC13 (common/leds.h). */
#include "leds.h"

#include "stm32f103.h"

void leds_init(void)
{
    /* A GPIO port ignores writes until its clock runs (RM0008 §7.3.7). */
    RCC_APB2ENR |= RCC_APB2ENR_IOPCEN;
    (void)RCC_APB2ENR;

    /* Output high first: the LED (to 3.3 V) stays off. */
    GPIO_BSRR(LED_PORT_BASE) = 1u << LED_PIN;
    uint32_t crh = GPIO_CRH(LED_PORT_BASE);
    crh &= ~(GPIO_CR_MASK << GPIO_CR_SHIFT(LED_PIN));
    crh |= GPIO_CR_OUT_PP_2MHZ << GPIO_CR_SHIFT(LED_PIN);
    GPIO_CRH(LED_PORT_BASE) = crh;
}

void leds_toggle(void)
{
    GPIO_ODR(LED_PORT_BASE) ^= 1u << LED_PIN;
}
