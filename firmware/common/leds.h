/* The board's user LED(s), one implementation per part
 * (parts/<part>/leds.c): PD12..PD15 on the STM32F4DISCOVERY (F407), PC13
 * on the F103RC board, PA5 on the NUCLEO-L476RG, PI12..PI15 on the
 * STM32H747I-DISCO. */
#ifndef FW_LEDS_H
#define FW_LEDS_H

#include <stdint.h>

/* Clock the LEDs' GPIO port and make the pins push-pull outputs, all off. */
void leds_init(void);

/* Invert every LED. */
void leds_toggle(void);

#endif
