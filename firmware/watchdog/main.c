/* watchdog (F407): starts the independent watchdog the way CubeMX's
 * MX_IWDG_Init does with the default settings (prescaler 4, reload 4095:
 * 4 x 4096 / 32 kHz LSI = about 0.51 s, RM0090 §19.3 Table 107), then
 * blinks and never refreshes it.  The chip resets about every half second,
 * runs the firmware again, starts the watchdog again: a debugger that
 * halts the core keeps losing it unless DBGMCU_APB1_FZ.DBG_IWDG_STOP
 * freezes the counter while the core is halted (RM0090 §38.16.4).
 *
 * The sequence is the one ST's HAL_IWDG_Init uses (RM0090 §19.3, §19.4):
 * KR = 0xCCCC starts the counter at 0xFFF, 0x5555 unlocks PR and RLR,
 * write them, wait until SR shows both updates done, then 0xAAAA reloads
 * the counter once. */
#include <stdint.h>

#include "delay.h"
#include "leds.h"
#include "stm32f407.h"

#define BLINK_PERIOD_MS 100u
/* CubeMX defaults for IWDG: IWDG_PRESCALER_4, reload 4095. */
#define IWDG_PRESCALER IWDG_PR_DIV4
#define IWDG_RELOAD    IWDG_RLR_MAX

volatile uint32_t blink_count;

/* noinline: the doctor and a debugger find the start key in a function
 * of this name. */
__attribute__((noinline)) void MX_IWDG_Init(void)
{
    IWDG_KR = IWDG_KEY_START;
    IWDG_KR = IWDG_KEY_ACCESS;
    IWDG_PR = IWDG_PRESCALER;
    IWDG_RLR = IWDG_RELOAD;
    /* The new values cross into the LSI domain: a few LSI periods. */
    while (IWDG_SR & (IWDG_SR_PVU | IWDG_SR_RVU))
        ;
    IWDG_KR = IWDG_KEY_REFRESH;
}

int main(void)
{
    leds_init();
    MX_IWDG_Init();
    for (;;) {
        leds_toggle();
        blink_count++;
        fw_delay_loops(DELAY_MS_TO_LOOPS(BLINK_PERIOD_MS));
    }
}
