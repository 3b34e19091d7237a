/* The STM32F4DISCOVERY's four user LEDs on PD12..PD15 (UM1472 §6.3). */
#ifndef FW_LEDS_H
#define FW_LEDS_H

#include <stdint.h>

/* Clock GPIOD and make PD12..PD15 push-pull outputs, all off. */
void leds_init(void);

/* Invert all four LEDs. */
void leds_toggle(void);

#endif
