/* Part facts the shared firmware code needs: STM32L476RG (Cortex-M4). */
#ifndef FW_PART_H
#define FW_PART_H

#include "stm32l476.h"

#define FW_PART_NAME "STM32L476RG"
/* Core clock after reset: MSI at 4 MHz (RM0351 §6.2.3). */
#define FW_RESET_HZ MSI_RESET_HZ
/* Peripheral interrupts WWDG (0) .. FPU (81) (RM0351 NVIC chapter,
 * STM32L47x/L48x vector table; CMSIS stm32l476xx.h IRQn_Type). */
#define FW_IRQ_VECTORS 82
/* SUBS + taken BNE at 0 wait states (0 WS up to 16 MHz in range 1,
 * RM0351 §3.3.3 "Read access latency"; common/delay.h). */
#define FW_DELAY_CYCLES_PER_LOOP 3u

#endif
