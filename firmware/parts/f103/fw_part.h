/* Part facts the shared firmware code needs: STM32F103RC (Cortex-M3,
 * high density). */
#ifndef FW_PART_H
#define FW_PART_H

#include "stm32f103.h"

#define FW_PART_NAME "STM32F103RC"
/* Core clock after reset: the 8 MHz HSI (RM0008 §7.2.2). */
#define FW_RESET_HZ HSI_HZ
/* Peripheral interrupts of high-density parts: WWDG (0) ..
 * DMA2_Channel4_5 (59) (RM0008 §10.1.2 Table 63). */
#define FW_IRQ_VECTORS 60
/* SUBS + taken BNE at 0 wait states (FLASH_ACR LATENCY 0 up to 24 MHz,
 * RM0008 §3.3.3; common/delay.h). */
#define FW_DELAY_CYCLES_PER_LOOP 3u

#endif
