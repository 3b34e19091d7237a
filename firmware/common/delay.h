/* A busy-wait whose length is known in core cycles, for firmwares that
 * must act "about N ms after reset" without a timer or interrupt.
 *
 * Each iteration is SUBS (1 cycle) + a taken BNE (1 + P cycles, P = 1..3
 * for the pipeline refill; Cortex-M4 TRM r0p1 §3.3.1).  Straight-line code
 * from flash at 16 MHz runs with 0 wait states (RM0090 §3.5.1 Table 10:
 * 0 WS up to 30 MHz at 2.7-3.6 V), so a real F407 on its reset clock
 * spends 3 cycles per iteration.  A simulator that charges one cycle per
 * instruction spends 2: the same count then lasts 2/3 of the time.  The
 * firmwares only need "well before a host connects" (the bench connects
 * after board.uptime_ms, 1000 ms in the scenarios), so both are fine. */
#ifndef FW_DELAY_H
#define FW_DELAY_H

#include <stdint.h>

#include "stm32f407.h"

#define DELAY_CYCLES_PER_LOOP 3u

/* Iterations for `ms` milliseconds at the 16 MHz HSI reset clock:
 * 16,000 cycles per ms / 3 = 5,333 iterations per ms (50 ms = 266,666). */
#define DELAY_LOOPS_PER_MS (HSI_HZ / 1000u / DELAY_CYCLES_PER_LOOP)
#define DELAY_MS_TO_LOOPS(ms) ((uint32_t)(ms) * DELAY_LOOPS_PER_MS)

/* Spin `loops` iterations (nothing for 0).  Written in assembly so the
 * compiler can neither drop nor reshape the loop: the count above holds
 * at every optimisation level. */
static inline void fw_delay_loops(uint32_t loops)
{
    if (loops == 0)
        return;
    __asm__ volatile("1:\n\t"
                     "subs %0, %0, #1\n\t"
                     "bne 1b"
                     : "+l"(loops)
                     :
                     : "cc");
}

#endif
