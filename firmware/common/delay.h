/* A busy-wait whose length is known in core cycles, for firmwares that
 * must act "about N ms after reset" without a timer or interrupt.
 *
 * Each iteration is SUBS (1 cycle) + a taken BNE (1 + P cycles, P = 1..3
 * for the pipeline refill; Cortex-M4 TRM r0p1 §3.3.1, the same on the
 * Cortex-M3, TRM r2p1 §3.3.1).  Straight-line code from flash on the reset
 * clock runs with 0 wait states on the parts here (F407 16 MHz: RM0090
 * §3.5.1 Table 10; F103 8 MHz: RM0008 §3.3.3; L476 4 MHz: RM0351 §3.3.3),
 * so a real chip spends 3 cycles per iteration; each part's fw_part.h
 * gives its count (FW_DELAY_CYCLES_PER_LOOP) and reset clock
 * (FW_RESET_HZ).  A simulator that charges one cycle per instruction
 * spends 2: the same count then lasts 2/3 of the time.  The firmwares
 * only need "well before a host connects" (the bench connects after
 * board.uptime_ms, 1000 ms in the scenarios), so both are fine. */
#ifndef FW_DELAY_H
#define FW_DELAY_H

#include <stdint.h>

#include "fw_part.h"

#define DELAY_CYCLES_PER_LOOP FW_DELAY_CYCLES_PER_LOOP

/* Iterations for `ms` milliseconds at the part's reset clock; F407 (16 MHz
 * HSI): 16,000 cycles per ms / 3 = 5,333 iterations per ms (50 ms =
 * 266,650). */
#define DELAY_LOOPS_PER_MS (FW_RESET_HZ / 1000u / DELAY_CYCLES_PER_LOOP)
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
