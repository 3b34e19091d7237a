/* Part facts the shared firmware code needs: STM32H747II, Cortex-M7. */
#ifndef FW_PART_H
#define FW_PART_H

#include "stm32h747.h"

#define FW_PART_NAME "STM32H747II"
/* Core clock after reset: the 64 MHz HSI. */
#define FW_RESET_HZ HSI_HZ
/* The Cortex-M7's peripheral interrupts WWDG (0) .. WAKEUP_PIN (149)
 * (RM0399 NVIC chapter, vector table; CMSIS stm32h747xx.h IRQn_Type). */
#define FW_IRQ_VECTORS 150
/* The Cortex-M7 issues SUBS and a predicted BNE in about 2 cycles
 * (Cortex-M7 TRM: dual issue, branch prediction).  A real chip on its
 * reset flash latency without the caches is slower; the H7 images only
 * wait for ACTVOSRDY and blink, so nothing depends on the exact time. */
#define FW_DELAY_CYCLES_PER_LOOP 2u

#endif
