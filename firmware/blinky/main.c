/* blinky: the four Discovery LEDs (PD12..PD15) toggle forever with a
 * busy-wait between toggles.  Deterministic, no interrupts.
 *
 * For debugger tests: `main` and `toggle_leds` are places to break,
 * `blink_count` (in .bss, so it proves the zeroing) counts the toggles,
 * and `blink_delay_loops` (in .data, so it proves the copy from flash)
 * holds the delay; a test may write it to make the loop faster. */
#include <stdint.h>

#include "delay.h"
#include "leds.h"

#define BLINK_PERIOD_MS 100u

volatile uint32_t blink_count;
volatile uint32_t blink_delay_loops = DELAY_MS_TO_LOOPS(BLINK_PERIOD_MS);

/* noinline: a debugger must find it as a function of its own. */
__attribute__((noinline)) void toggle_leds(void)
{
    leds_toggle();
    blink_count++;
}

int main(void)
{
    leds_init();
    for (;;) {
        toggle_leds();
        fw_delay_loops(blink_delay_loops);
    }
}
