/* h747-blinky and h747-smps: an STM32H747 Cortex-M7 firmware whose
 * SystemClock_Config starts, as every CubeMX H7 project does, with
 * HAL_PWREx_ConfigSupply(<supply>): one write of the supply bits of
 * PWR_CR3, then a wait for PWR_CSR1.ACTVOSRDY.  Then it selects voltage
 * scale 1 (PWR_D3CR.VOS, wait VOSRDY) and blinks PI12..PI15 on the 64 MHz
 * HSI (no PLL: the clock tree does not matter here).
 *
 * The build compiles this file twice (firmware/CMakeLists.txt):
 *   h747-blinky  H747_SUPPLY = PWR_SUPPLY_LDO          (PWR_LDO_SUPPLY)
 *   h747-smps    H747_SUPPLY = PWR_SUPPLY_DIRECT_SMPS  (PWR_DIRECT_SMPS_SUPPLY)
 * PWR_CR3's supply configuration can be written once per power-on, and
 * it must match how the board is wired (RM0399 PWR chapter, "Power supply
 * configurations"; stm32-families.md §6.2).  On a board wired for the LDO
 * (the seed's custom PCB, the bench's "supply": "ldo"), direct SMPS leaves
 * VCORE without a supply: ACTVOSRDY never comes, the core domain goes
 * down and the debug port with it, until the power is removed.  BOOT0 = 1
 * at the next power-on keeps this firmware from running again. */
#include <stdint.h>

#include "delay.h"
#include "leds.h"
#include "stm32h747.h"

#ifndef H747_SUPPLY
#error "build with -DH747_SUPPLY=PWR_SUPPLY_LDO or PWR_SUPPLY_DIRECT_SMPS"
#endif

#define BLINK_PERIOD_MS 100u
/* HAL_PWREx_ConfigSupply gives ACTVOSRDY 1000 ms (PWR_FLAG_SETTING_DELAY)
 * before it returns HAL_ERROR; counted here in poll iterations of at
 * least DELAY_CYCLES_PER_LOOP cycles each. */
#define ACTVOSRDY_TIMEOUT_MS 1000u

volatile uint32_t blink_count;
/* What SystemClock_Config found, for a debugger: 1 = VCORE ready. */
volatile uint32_t supply_ready;

/* CubeMX's Error_Handler: stop here. */
__attribute__((noinline)) void Error_Handler(void)
{
    for (;;)
        ;
}

/* noinline: the doctor and a debugger find the PWR_CR3 write in a
 * function of this name. */
__attribute__((noinline)) void SystemClock_Config(void)
{
    /* HAL_PWREx_ConfigSupply(H747_SUPPLY): the supply bits, once. */
    PWR_CR3 = (PWR_CR3 & ~PWR_CR3_SUPPLY_MASK) | H747_SUPPLY;
    uint32_t polls = DELAY_MS_TO_LOOPS(ACTVOSRDY_TIMEOUT_MS);
    while ((PWR_CSR1 & PWR_CSR1_ACTVOSRDY) == 0) {
        if (--polls == 0)
            Error_Handler();
    }
    supply_ready = 1;

    /* __HAL_PWR_VOLTAGESCALING_CONFIG(PWR_REGULATOR_VOLTAGE_SCALE1) */
    PWR_D3CR = (PWR_D3CR & ~PWR_D3CR_VOS_MASK) | PWR_D3CR_VOS_SCALE1;
    while ((PWR_D3CR & PWR_D3CR_VOSRDY) == 0)
        ;
}

int main(void)
{
    SystemClock_Config();
    leds_init();
    for (;;) {
        leds_toggle();
        blink_count++;
        fw_delay_loops(DELAY_MS_TO_LOOPS(BLINK_PERIOD_MS));
    }
}
