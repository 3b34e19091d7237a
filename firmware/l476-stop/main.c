/* l476-stop: enters STOP 2 over and over, about 1 ms after reset, with
 * DBGMCU_CR left at its reset value 0.  In STOP 2 the core and HCLK are
 * off, so without DBGMCU_CR.DBG_STOP the debug port stops answering
 * (RM0351 DBGMCU_CR); the ways in are connecting under reset, or setting
 * DBG_STOP while the chip is held in reset.  Nothing wakes it (no EXTI
 * line or wake-up source is enabled); should anything do so, the loop goes
 * straight back to STOP 2.
 *
 * STOP 2 = SLEEPDEEP with PWR_CR1.LPMS = 010 (RM0351 §5.4.1), as
 * HAL_PWREx_EnterSTOP2Mode(PWR_STOPENTRY_WFI) does. */
#include <stdint.h>

#include "delay.h"
#include "stm32l476.h"

#define STOP_AFTER_MS 1u

volatile uint32_t stop_entries;

/* noinline: the doctor and a debugger find the writes in a function of
 * this name. */
__attribute__((noinline, noreturn)) void enter_stop_mode(void)
{
    RCC_APB1ENR1 |= RCC_APB1ENR1_PWREN;   /* PWR registers need their clock */
    (void)RCC_APB1ENR1;
    PWR_CR1 = (PWR_CR1 & ~PWR_CR1_LPMS_MASK) | PWR_CR1_LPMS_STOP2;
    SCB_SCR |= SCB_SCR_SLEEPDEEP;

    for (;;) {
        stop_entries++;
        __asm__ volatile("dsb\n\twfi" ::: "memory");
    }
}

int main(void)
{
    fw_delay_loops(DELAY_MS_TO_LOOPS(STOP_AFTER_MS));
    enter_stop_mode();
}
