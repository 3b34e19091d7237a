/* Part facts the shared firmware code needs: STM32F407VG (Cortex-M4). */
#ifndef FW_PART_H
#define FW_PART_H

#include "stm32f407.h"

#define FW_PART_NAME "STM32F407VG"
/* Core clock after reset: the 16 MHz HSI (RM0090 §7.2.2). */
#define FW_RESET_HZ HSI_HZ
/* Peripheral interrupts WWDG (0) .. FPU (81) (RM0090 §12.1.2 Table 61). */
#define FW_IRQ_VECTORS 82
/* SUBS + taken BNE at 0 wait states (common/delay.h). */
#define FW_DELAY_CYCLES_PER_LOOP 3u

#endif
