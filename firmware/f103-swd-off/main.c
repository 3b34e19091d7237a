/* f103-swd-off: an STM32F103RC firmware built with CubeMX "SYS > Debug:
 * No Debug".  About 50 ms after reset MX_GPIO_Init clocks the AFIO block
 * and writes AFIO_MAPR.SWJ_CFG = 100 (__HAL_AFIO_REMAP_SWJ_DISABLE), which
 * switches off both JTAG-DP and SW-DP: PA13/PA14 become plain GPIO
 * (RM0008 §9.3.5, §9.4.2).  SWJ_CFG is write-only and reads 0 (§9.4.2),
 * so reading AFIO_MAPR afterwards does not show it; the way back in is a
 * connection while NRST is held (system reset clears SWJ_CFG) or BOOT0 =
 * 1, whose bootloader never writes AFIO_MAPR.
 *
 * (CubeMX puts the remap in HAL_MspInit on F1; here it sits in
 * MX_GPIO_Init, the name the doctor's report uses for pin set-up.)
 *
 * 50 ms at the 8 MHz HSI: 50 x 2,666 = 133,300 iterations of 3 cycles
 * (common/delay.h). */
#include <stdint.h>

#include "delay.h"
#include "leds.h"
#include "stm32f103.h"

#define SWD_OFF_AFTER_MS 50u
#define BLINK_PERIOD_MS 100u

volatile uint32_t blink_count;

/* noinline: the doctor and a debugger find the write in a function of
 * this name. */
__attribute__((noinline)) void MX_GPIO_Init(void)
{
    /* AFIO registers take writes only while the AFIO clock runs (RM0008
     * §7.3.7 AFIOEN). */
    RCC_APB2ENR |= RCC_APB2ENR_AFIOEN;
    (void)RCC_APB2ENR;  /* read back: the enable takes effect first */

    /* Read-modify-write as the HAL does: SWJ_CFG reads 0, the other
     * remap bits are kept. */
    uint32_t mapr = AFIO_MAPR;
    mapr &= ~AFIO_MAPR_SWJ_CFG_MASK;
    mapr |= AFIO_MAPR_SWJ_CFG_DISABLE;
    AFIO_MAPR = mapr;

    leds_init();
}

int main(void)
{
    fw_delay_loops(DELAY_MS_TO_LOOPS(SWD_OFF_AFTER_MS));
    MX_GPIO_Init();
    for (;;) {
        leds_toggle();
        blink_count++;
        fw_delay_loops(DELAY_MS_TO_LOOPS(BLINK_PERIOD_MS));
    }
}
