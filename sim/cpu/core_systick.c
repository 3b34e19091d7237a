/* SysTick (ARMv7-M B3.3, ARMv6-M B3.3) and the pendable system
 * exceptions PendSV and SysTick (ICSR, B3.2.4).
 *
 * The counter runs on the core clock (CSR.CLKSOURCE = 1) or on the
 * reference clock, which STM32 parts feed with HCLK/8 (RM0090 §6.2,
 * "SysTick ... clocked with HCLK/8").  It counts while the core runs or
 * sleeps; not while halted (debug state), in reset, locked up, or in deep
 * sleep (STOP gates HCLK on STM32: the chip wakes the core itself).
 *
 * A pending exception is taken between chunks of instructions: run_budget
 * (core.c) ends a chunk at the next SysTick underflow, and a CPU write
 * that pends PendSV ends the chunk at once.  One thing is coarse: code that
 * unmasks (CPSIE, BASEPRI) with an exception already pending takes it at
 * the end of the current chunk, not on the next instruction. */
#include "cpu/core_priv.h"

#define STK_CSR_ENABLE    (1u << 0)
#define STK_CSR_TICKINT   (1u << 1)
#define STK_CSR_CLKSOURCE (1u << 2)
#define STK_CSR_COUNTFLAG (1u << 16)
#define STK_REF_DIVIDER   8u  /* STM32: reference clock = HCLK / 8 */
#define STK_CALIB_VALUE   0u  /* reference present, TENMS not given */

#define ICSR_PENDSTCLR  (1u << 25)
#define ICSR_PENDSVCLR  (1u << 27)
#define ICSR_VECTPENDING_SHIFT 12

int core_systick_read(struct sim_core *c, uint32_t off, uint32_t *val)
{
    switch (off) {
    case SCS_STK_CSR:
        *val = c->systick[0] | (c->stk_countflag ? STK_CSR_COUNTFLAG : 0);
        c->stk_countflag = false; /* COUNTFLAG clears on read */
        break;
    case SCS_STK_RVR: *val = c->systick[1]; break;
    case SCS_STK_CVR: *val = c->systick[2]; break;
    default: *val = STK_CALIB_VALUE; break;
    }
    return 0;
}

int core_systick_write(struct sim_core *c, uint32_t off, uint32_t val)
{
    switch (off) {
    case SCS_STK_CSR: c->systick[0] = val & STK_CSR_WRITABLE; break;
    case SCS_STK_RVR: c->systick[1] = val & STK_RVR_MASK; break;
    case SCS_STK_CVR: /* any write clears the counter and COUNTFLAG */
        c->systick[2] = 0;
        c->stk_countflag = false;
        break;
    default: break;
    }
    return 0;
}

static void underflow(struct sim_core *c)
{
    c->stk_countflag = true;
    if (c->systick[0] & STK_CSR_TICKINT)
        c->pend |= 1u << EXC_SYSTICK;
}

/* Core cycles until the counter next reaches zero with TICKINT set, or
 * UINT64_MAX (nothing to wake or interrupt). */
uint64_t core_systick_cycles_to_event(const struct sim_core *c)
{
    uint32_t csr = c->systick[0], rvr = c->systick[1], cvr = c->systick[2];
    if (!(csr & STK_CSR_ENABLE) || !(csr & STK_CSR_TICKINT))
        return UINT64_MAX;
    uint64_t ticks = cvr ? cvr : (rvr ? (uint64_t)rvr + 1u : 0);
    if (ticks == 0)
        return UINT64_MAX;
    if (csr & STK_CSR_CLKSOURCE)
        return ticks;
    return ticks * STK_REF_DIVIDER - c->stk_prescale;
}

void core_systick_advance(struct sim_core *c, uint64_t cycles)
{
    uint32_t csr = c->systick[0], rvr = c->systick[1];
    if (!(csr & STK_CSR_ENABLE))
        return;
    uint64_t ticks = cycles;
    if (!(csr & STK_CSR_CLKSOURCE)) {
        uint64_t t = c->stk_prescale + cycles;
        ticks = t / STK_REF_DIVIDER;
        c->stk_prescale = (uint32_t)(t % STK_REF_DIVIDER);
    }
    while (ticks) {
        uint32_t cvr = c->systick[2];
        if (cvr == 0) {
            if (rvr == 0)
                return; /* a zero reload stops the counter at 0 */
            uint64_t period = (uint64_t)rvr + 1u; /* reload tick + RVR */
            if (ticks >= period) {                /* whole periods */
                ticks %= period;
                underflow(c);
                continue;
            }
            c->systick[2] = rvr;
            ticks--;
            continue;
        }
        if (ticks < cvr) {
            c->systick[2] = cvr - (uint32_t)ticks;
            return;
        }
        ticks -= cvr;
        c->systick[2] = 0;
        underflow(c);
    }
}

/* ---- pending PendSV / SysTick ---- */

uint32_t core_icsr_pending_bits(const struct sim_core *c)
{
    uint32_t v = 0;
    if (c->pend & (1u << EXC_PENDSV))
        v |= ICSR_PENDSVSET;
    if (c->pend & (1u << EXC_SYSTICK))
        v |= ICSR_PENDSTSET;
    int best = core_best_pending(c);
    if (best > 0)
        v |= (uint32_t)best << ICSR_VECTPENDING_SHIFT;
    return v;
}

void core_icsr_write(struct sim_core *c, uint32_t val)
{
    if (val & ICSR_PENDSVSET)
        c->pend |= 1u << EXC_PENDSV;
    if (val & ICSR_PENDSVCLR)
        c->pend &= ~(1u << EXC_PENDSV);
    if (val & ICSR_PENDSTSET)
        c->pend |= 1u << EXC_SYSTICK;
    if (val & ICSR_PENDSTCLR)
        c->pend &= ~(1u << EXC_SYSTICK);
    if (c->pend && c->in_emu)
        core_request_stop(c, STOP_SYNC); /* take it between instructions */
}

/* The pending exception that would be taken first (lowest priority
 * value, then lowest number), or -1. */
int core_best_pending(const struct sim_core *c)
{
    int best = -1, best_prio = PRIO_NONE + 1;
    for (unsigned e = EXC_PENDSV; e <= EXC_SYSTICK; e++) {
        if (!(c->pend & (1u << e)))
            continue;
        int p = core_exc_priority(c, e);
        if (p < best_prio) {
            best = (int)e;
            best_prio = p;
        }
    }
    return best;
}

/* Take the best pending exception if it preempts; true if one was taken.
 * C_MASKINTS masks PendSV and SysTick while debugging (C1.6.2). */
bool core_take_pending(struct sim_core *c)
{
    int best = core_best_pending(c);
    if (best < 0)
        return false;
    if ((c->dhcsr_c & (DHCSR_C_DEBUGEN | DHCSR_C_MASKINTS)) ==
        (DHCSR_C_DEBUGEN | DHCSR_C_MASKINTS))
        return false;
    if (core_exc_priority(c, (unsigned)best) >= core_exec_priority(c, true))
        return false;
    c->pend &= ~(1u << best);
    core_take_exception(c, (unsigned)best, core_get_pc(c));
    return true;
}

/* WFI/WFE wake on an exception that would preempt if PRIMASK were 0
 * (B1.5.19). */
bool core_pending_wakes(struct sim_core *c)
{
    int best = core_best_pending(c);
    return best >= 0 &&
           core_exc_priority(c, (unsigned)best) < core_exec_priority(c, false);
}
