/* stop-loop: enters STOP mode over and over, shortly (about 1 ms) after
 * reset.  In STOP the core clock and HCLK are off, so unless DBGMCU_CR
 * DBG_STOP is set the debug port stops answering (RM0090 §38.16.3); the
 * way in is to connect under reset, or to set DBG_STOP while the chip is
 * held in reset.  Nothing wakes it (no EXTI line is enabled), and should
 * anything do so, the loop goes straight back to STOP.
 *
 * STOP = SLEEPDEEP with PWR_CR.PDDS = 0; LPDS puts the regulator in
 * low-power mode (RM0090 §5.3.5). */
#include <stdint.h>

#include "delay.h"
#include "stm32f407.h"

#define STOP_AFTER_MS 1u

volatile uint32_t stop_entries;

int main(void)
{
    fw_delay_loops(DELAY_MS_TO_LOOPS(STOP_AFTER_MS));

    RCC_APB1ENR |= RCC_APB1ENR_PWREN;   /* PWR registers need their clock */
    (void)RCC_APB1ENR;
    PWR_CR = (PWR_CR & ~PWR_CR_PDDS) | PWR_CR_LPDS | PWR_CR_CWUF;
    SCB_SCR |= SCB_SCR_SLEEPDEEP;

    for (;;) {
        stop_entries++;
        __asm__ volatile("dsb\n\twfi" ::: "memory");
    }
}
