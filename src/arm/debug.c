/* Halt, resume, step, registers: the Cortex-M debug registers
 * (ARMv7-M ARM C1.6; the same on ARMv6-M and ARMv8-M mainline). */
#include <time.h>

#include "arm.h"
#include "common/session_internal.h"

/* Polls for S_REGRDY after a DCRSR write: a handful is plenty on real
 * cores (the transfer takes a few core cycles), so more means trouble. */
#define REGRDY_POLLS 32

const char *arm_core_state_name(enum arm_core_state st)
{
    switch (st) {
    case ARM_CORE_RUNNING: return "running";
    case ARM_CORE_HALTED: return "halted";
    case ARM_CORE_SLEEPING: return "sleeping";
    case ARM_CORE_LOCKUP: return "locked up";
    case ARM_CORE_RESET: return "held in reset";
    }
    return "?";
}

enum arm_core_state arm_core_state_of(uint32_t dhcsr)
{
    if (dhcsr & ARM_DHCSR_S_LOCKUP)
        return ARM_CORE_LOCKUP;
    if (dhcsr & ARM_DHCSR_S_HALT)
        return ARM_CORE_HALTED;
    if (dhcsr & ARM_DHCSR_S_SLEEP)
        return ARM_CORE_SLEEPING;
    return ARM_CORE_RUNNING;
}

int arm_read_dhcsr(struct arm_target *t, uint32_t *dhcsr)
{
    return arm_read32(t, ARM_DHCSR, dhcsr);
}

int arm_state(struct arm_target *t, enum arm_core_state *st)
{
    uint32_t d;
    int rc = arm_read_dhcsr(t, &d);
    /* S_RESET_ST is sticky and cleared by the read: still set on a second
     * read means the core is being held in reset now (NRST low). */
    if (!rc && (d & ARM_DHCSR_S_RESET_ST))
        rc = arm_read_dhcsr(t, &d);
    if (!rc)
        *st = (d & ARM_DHCSR_S_RESET_ST) ? ARM_CORE_RESET : arm_core_state_of(d);
    return rc;
}

static int write_dhcsr(struct arm_target *t, uint32_t ctrl)
{
    return arm_write32(t, ARM_DHCSR, ARM_DHCSR_DBGKEY | ctrl);
}

int arm_enable_debug(struct arm_target *t)
{
    return write_dhcsr(t, ARM_DHCSR_C_DEBUGEN);
}

int arm_halt(struct arm_target *t)
{
    int rc = write_dhcsr(t, ARM_DHCSR_C_DEBUGEN | ARM_DHCSR_C_HALT);
    return rc ? rc : arm_wait_halt(t, 100);
}

int arm_resume(struct arm_target *t)
{
    return write_dhcsr(t, ARM_DHCSR_C_DEBUGEN);
}

int arm_step(struct arm_target *t)
{
    /* C_MASKINTS while stepping so an interrupt does not swallow the step
     * (ARMv7-M C1.6.2: only change C_MASKINTS while halted). */
    int rc = write_dhcsr(t, ARM_DHCSR_C_DEBUGEN | ARM_DHCSR_C_HALT | ARM_DHCSR_C_MASKINTS);
    if (!rc)
        rc = write_dhcsr(t, ARM_DHCSR_C_DEBUGEN | ARM_DHCSR_C_STEP | ARM_DHCSR_C_MASKINTS);
    if (!rc)
        rc = arm_wait_halt(t, 100);
    if (!rc)
        rc = write_dhcsr(t, ARM_DHCSR_C_DEBUGEN | ARM_DHCSR_C_HALT);
    return rc;
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int arm_wait_halt(struct arm_target *t, unsigned timeout_ms)
{
    uint64_t deadline = now_ms() + timeout_ms;
    uint32_t d = 0;
    for (;;) {
        int rc = arm_read_dhcsr(t, &d);
        if (rc)
            return rc;
        if (d & ARM_DHCSR_S_HALT)
            return SD_OK;
        if (now_ms() >= deadline)
            break;
    }
    return sd_fail(t->session, SD_ERR_TARGET_TIMEOUT, SD_LOG_CORE,
                   "core did not halt within %u ms (DHCSR 0x%08x: %s)", timeout_ms, d,
                   arm_core_state_name(arm_core_state_of(d)));
}

static int wait_regrdy(struct arm_target *t, unsigned regsel)
{
    uint32_t d = 0;
    for (int i = 0; i < REGRDY_POLLS; i++) {
        int rc = arm_read_dhcsr(t, &d);
        if (rc)
            return rc;
        if (d & ARM_DHCSR_S_REGRDY)
            return SD_OK;
    }
    return sd_fail(t->session, SD_ERR_TARGET_STATE, SD_LOG_CORE,
                   "register %u transfer never completed (DHCSR 0x%08x: core %s)", regsel, d,
                   arm_core_state_name(arm_core_state_of(d)));
}

int arm_reg_read(struct arm_target *t, enum arm_reg reg, uint32_t *val)
{
    if (t->ops->reg_read)
        return t->ops->reg_read(t->link, t->ap, (unsigned)reg, val);
    int rc = arm_write32(t, ARM_DCRSR, (uint32_t)reg);
    if (!rc)
        rc = wait_regrdy(t, reg);
    return rc ? rc : arm_read32(t, ARM_DCRDR, val);
}

int arm_reg_write(struct arm_target *t, enum arm_reg reg, uint32_t val)
{
    if (t->ops->reg_write)
        return t->ops->reg_write(t->link, t->ap, (unsigned)reg, val);
    int rc = arm_write32(t, ARM_DCRDR, val);
    if (!rc)
        rc = arm_write32(t, ARM_DCRSR, ARM_DCRSR_REGWNR | (uint32_t)reg);
    return rc ? rc : wait_regrdy(t, reg);
}

int arm_start_call(struct arm_target *t, const struct arm_call *call)
{
    static const enum arm_reg arg_regs[4] = { ARM_REG_R0, ARM_REG_R0 + 1, ARM_REG_R0 + 2,
                                              ARM_REG_R0 + 3 };
    int rc = SD_OK;
    for (unsigned i = 0; i < call->nargs && i < 4 && !rc; i++)
        rc = arm_reg_write(t, arg_regs[i], call->args[i]);
    if (!rc)
        rc = arm_reg_write(t, ARM_REG_SP, call->sp);
    if (!rc)
        rc = arm_reg_write(t, ARM_REG_PC, call->entry | 1u);
    /* xPSR with only the Thumb bit: a clean execution state. */
    if (!rc)
        rc = arm_reg_write(t, ARM_REG_XPSR, 1u << 24);
    if (!rc)
        rc = arm_write32(t, ARM_DEMCR, ARM_DEMCR_TRCENA);
    if (!rc)
        rc = write_dhcsr(t, ARM_DHCSR_C_DEBUGEN | ARM_DHCSR_C_MASKINTS);
    return rc;
}
