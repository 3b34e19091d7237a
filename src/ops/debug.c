/* Run control for debuggers (include/swdoctor/debug.h): halt, resume,
 * step, reset, why the core stopped, memory.  Registers are in
 * debug_regs.c, breakpoints and watchpoints in debug_points.c, fault text
 * and the memory map in debug_fault.c.  Everything speaks the Cortex-M
 * debug registers through the core layer (src/arm/arm.h). */
#include <stdio.h>
#include <string.h>

#include <swdoctor/debug.h>

#include "common/session_internal.h"
#include "ops/debug_internal.h"

/* CPUID.PARTNO of the ARMv6-M cores (Cortex-M0 r0 TRM 4.1, M0+ TRM 4.1). */
#define CPUID_PARTNO(c)  (((c) >> 4) & 0xFFFu)
#define PARTNO_M0        0xC20u
#define PARTNO_M0P       0xC60u

/* ARMv7-M B1.4.2 xPSR: IPSR[8:0] the exception number; B1.5.2: 3
 * HardFault, 4 MemManage, 5 BusFault, 6 UsageFault, 7 SecureFault (v8-M). */
#define XPSR_IPSR_MASK   0x1FFu
#define EXC_HARDFAULT    3u
#define EXC_LAST_FAULT   7u

/* ARMv7-M C1.6.5 DEMCR vector catch bits. */
#define DEMCR_VC_MMERR   (1u << 4)
#define DEMCR_VC_NOCPERR (1u << 5)
#define DEMCR_VC_CHKERR  (1u << 6)
#define DEMCR_VC_STATERR (1u << 7)
#define DEMCR_VC_BUSERR  (1u << 8)
#define DEMCR_VC_FAULTS_V7 (ARM_DEMCR_VC_HARDERR | DEMCR_VC_BUSERR | DEMCR_VC_MMERR | \
                            DEMCR_VC_CHKERR | DEMCR_VC_NOCPERR | DEMCR_VC_STATERR)

static void probe_units(struct sd_target *t)
{
    struct ops_debug *d = &t->dbg;
    uint32_t cpuid = t->chip.cpuid;
    unsigned part = CPUID_PARTNO(cpuid);
    d->armv6m = part == PARTNO_M0 || part == PARTNO_M0P;
    d->v8m = arm_cpuid_is_v8m(cpuid);
    uint32_t mvfr0 = 0;
    /* MVFR0 is not part of the ARMv6-M SCS. */
    d->has_fpu = !d->armv6m && arm_read32(&t->core, DBG_MVFR0, &mvfr0) == SD_OK &&
                 (mvfr0 & DBG_MVFR0_SP_MASK) != 0;
    unsigned n = 0, rev = 0;
    if (arm_bkpt_count(&t->core, &n, &rev) == SD_OK) {
        d->n_fpb = n > OPS_DEBUG_MAX_FPB ? OPS_DEBUG_MAX_FPB : n;
        d->fpb_rev = rev;
    }
    n = 0;
    if (arm_watch_count(&t->core, &n) == SD_OK)
        d->n_dwt = n > OPS_DEBUG_MAX_DWT ? OPS_DEBUG_MAX_DWT : n;
    /* Comparators are reset by power-on only (C1.8, C1.11): an earlier
     * debugger's breakpoints would still stop the core.  OpenOCD clears
     * them the same way when it examines a Cortex-M. */
    for (unsigned i = 0; i < d->n_fpb; i++)
        (void)arm_bkpt_clear(&t->core, i);
    for (unsigned i = 0; i < d->n_dwt; i++)
        (void)arm_watch_clear(&t->core, i);
    sd_session_clear_error(t->s);
    d->probed = true;
    sd_log(t->s, SD_LOG_DEBUG, SD_LOG_OPS,
           "debug: %s, FPU %s, %u FPB comparators (rev %u), %u DWT comparators",
           stm32_core_name(cpuid), d->has_fpu ? "yes" : "no", d->n_fpb, d->fpb_rev + 1,
           d->n_dwt);
}

int dbg_begin(struct sd_target *t)
{
    if (!t)
        return SD_ERR_INVALID_ARG;
    sd_session_clear_error(t->s);
    if (!t->dbg.probed)
        probe_units(t);
    return SD_OK;
}

int dbg_clear_dfsr(struct sd_target *t)
{
    t->dbg.watch_hit = false;
    return arm_write32(&t->core, ARM_DFSR, DBG_DFSR_ALL);
}

int sd_debug_core_info(struct sd_target *t, struct sd_core_info *info)
{
    int rc = dbg_begin(t);
    if (rc || !info)
        return rc ? rc : SD_ERR_INVALID_ARG;
    memset(info, 0, sizeof *info);
    snprintf(info->name, sizeof info->name, "%s", stm32_core_name(t->chip.cpuid));
    info->has_fpu = t->dbg.has_fpu;
    info->armv6m = t->dbg.armv6m;
    info->n_breakpoints = t->dbg.n_fpb;
    info->n_watchpoints = t->dbg.n_dwt;
    return SD_OK;
}

int sd_debug_halt(struct sd_target *t)
{
    int rc = dbg_begin(t);
    uint32_t dhcsr = 0;
    if (!rc)
        rc = arm_read_dhcsr(&t->core, &dhcsr);
    if (rc || (dhcsr & ARM_DHCSR_S_HALT))
        return rc;   /* already stopped: keep the reason DFSR holds */
    t->dbg.stepped = false;
    return arm_halt(&t->core);
}

/* On a breakpoint address the core would stop again at once (the FPB
 * matches before the instruction runs): step it with that comparator
 * off, as every debugger does.  *stopped: the step itself ended on a
 * watchpoint or a caught fault, so there is nothing to resume. */
static int step_off_breakpoint(struct sd_target *t, bool *stopped)
{
    uint32_t pc, dfsr = 0;
    *stopped = false;
    int rc = arm_reg_read(&t->core, ARM_REG_PC, &pc);
    if (rc)
        return rc;
    int slot = dbg_bkpt_slot(t, pc);
    if (slot < 0)
        return SD_OK;
    rc = dbg_bkpt_arm(t, slot, false);
    if (!rc)
        rc = arm_step(&t->core);
    int rrc = dbg_bkpt_arm(t, slot, true);
    if (!rc)
        rc = rrc;
    if (!rc)
        rc = arm_read32(&t->core, ARM_DFSR, &dfsr);
    *stopped = (dfsr & (ARM_DFSR_DWTTRAP | ARM_DFSR_VCATCH)) != 0;
    return rc;
}

int sd_debug_resume(struct sd_target *t)
{
    int rc = dbg_begin(t);
    uint32_t dhcsr = 0;
    if (!rc)
        rc = arm_read_dhcsr(&t->core, &dhcsr);
    if (rc)
        return rc;
    t->dbg.stepped = false;
    if (dhcsr & ARM_DHCSR_S_HALT) {
        bool stopped = false;
        rc = dbg_clear_dfsr(t);
        if (!rc)
            rc = step_off_breakpoint(t, &stopped);
        if (rc || stopped)
            return rc;
        rc = dbg_clear_dfsr(t);
    }
    return rc ? rc : arm_resume(&t->core);
}

int sd_debug_step(struct sd_target *t)
{
    int rc = dbg_begin(t);
    uint32_t dhcsr = 0, pc = 0;
    if (!rc)
        rc = arm_read_dhcsr(&t->core, &dhcsr);
    if (rc)
        return rc;
    if (!(dhcsr & ARM_DHCSR_S_HALT))
        return sd_fail(t->s, SD_ERR_TARGET_STATE, SD_LOG_OPS,
                       "debug: cannot step a running core; halt it first");
    rc = dbg_clear_dfsr(t);
    if (!rc)
        rc = arm_reg_read(&t->core, ARM_REG_PC, &pc);
    if (rc)
        return rc;
    t->dbg.stepped = true;
    int slot = dbg_bkpt_slot(t, pc);
    if (slot >= 0)
        rc = dbg_bkpt_arm(t, slot, false);
    if (!rc)
        rc = arm_step(&t->core);
    if (slot >= 0) {
        int rrc = dbg_bkpt_arm(t, slot, true);
        if (!rc)
            rc = rrc;
    }
    return rc;
}

int sd_debug_reset(struct sd_target *t, int halt)
{
    int rc = dbg_begin(t);
    if (!rc)
        rc = dbg_clear_dfsr(t);
    if (rc)
        return rc;
    t->dbg.stepped = false;
    /* arm_reset sets DEMCR.VC_CORERESET for the reset and clears it after,
     * keeping the fault catch bits (C1.6.5). */
    return arm_reset(&t->core, ARM_RESET_SYSTEM, halt != 0);
}

int sd_debug_catch_faults(struct sd_target *t, int on)
{
    int rc = dbg_begin(t);
    uint32_t demcr = 0;
    if (!rc)
        rc = arm_read32(&t->core, ARM_DEMCR, &demcr);
    if (rc)
        return rc;
    /* ARMv6-M C1.6.5 DEMCR: VC_HARDERR and VC_CORERESET only. */
    uint32_t bits = t->dbg.armv6m ? ARM_DEMCR_VC_HARDERR : DEMCR_VC_FAULTS_V7;
    demcr = on ? demcr | bits : demcr & ~bits;
    rc = arm_write32(&t->core, ARM_DEMCR, demcr);
    /* A catch halts only with halting debug on (C1.6.5); turning it on
     * cannot resume the core: a halted core already has C_DEBUGEN. */
    uint32_t dhcsr = 0;
    if (!rc && on)
        rc = arm_read_dhcsr(&t->core, &dhcsr);
    if (!rc && on && !(dhcsr & ARM_DHCSR_C_DEBUGEN))
        rc = arm_enable_debug(&t->core);
    return rc;
}

/* The watchpoint that stopped the core: MATCHED clears when read, so the
 * first poll after the stop remembers it for later ones. */
static int which_watch(struct sd_target *t, struct sd_stop *stop)
{
    struct ops_debug *d = &t->dbg;
    if (!d->watch_hit) {
        int idx = -1;
        int rc = arm_watch_matched(&t->core, d->n_dwt, &idx);
        if (rc)
            return rc;
        if (idx < 0) {
            /* MATCHED already read: with one watchpoint set it is that one. */
            for (unsigned i = 0; i < d->n_dwt; i++)
                if (d->watch[i].used)
                    idx = idx == -1 ? (int)i : -2;
        }
        if (idx >= 0 && d->watch[idx].used) {
            d->watch_hit = true;
            d->hit_addr = d->watch[idx].addr;
            d->hit_kind = d->watch[idx].kind;
        }
    }
    if (d->watch_hit) {
        stop->watch_addr = d->hit_addr;
        stop->watch_kind = d->hit_kind;
    }
    return SD_OK;
}

static bool in_fault_handler(uint32_t xpsr)
{
    uint32_t exc = xpsr & XPSR_IPSR_MASK;
    return exc >= EXC_HARDFAULT && exc <= EXC_LAST_FAULT;
}

static int halted_reason(struct sd_target *t, struct sd_stop *stop)
{
    uint32_t xpsr = 0;
    int rc = arm_read32(&t->core, ARM_DFSR, &stop->dfsr);
    if (!rc)
        rc = arm_reg_read(&t->core, ARM_REG_PC, &stop->pc);
    if (!rc)
        rc = arm_reg_read(&t->core, ARM_REG_XPSR, &xpsr);
    if (rc)
        return rc;
    /* Several bits can be set at once (a step that hits a watchpoint):
     * the most specific wins. */
    if (stop->dfsr & ARM_DFSR_BKPT) {
        stop->reason = SD_STOP_BREAKPOINT;
    } else if (stop->dfsr & ARM_DFSR_DWTTRAP) {
        stop->reason = SD_STOP_WATCHPOINT;
        rc = which_watch(t, stop);
    } else if (stop->dfsr & ARM_DFSR_VCATCH) {
        stop->reason = SD_STOP_VECTOR_CATCH;
        stop->fault = in_fault_handler(xpsr);
    } else if ((stop->dfsr & ARM_DFSR_HALTED) && t->dbg.stepped) {
        stop->reason = SD_STOP_STEP;
    } else {
        stop->reason = SD_STOP_HALT_REQUEST;   /* C_HALT, EDBGRQ, or halted at attach */
    }
    return rc;
}

int sd_debug_poll(struct sd_target *t, struct sd_stop *stop)
{
    int rc = dbg_begin(t);
    if (rc || !stop)
        return rc ? rc : SD_ERR_INVALID_ARG;
    memset(stop, 0, sizeof *stop);
    uint32_t dhcsr;
    rc = arm_read_dhcsr(&t->core, &dhcsr);
    /* S_RESET_ST is sticky and cleared by the read (C1.6.2): set again on
     * a second read means the core is held in reset right now. */
    if (!rc && (dhcsr & ARM_DHCSR_S_RESET_ST))
        rc = arm_read_dhcsr(&t->core, &dhcsr);
    if (rc)
        return rc;
    if (dhcsr & ARM_DHCSR_S_RESET_ST) {
        stop->reason = SD_STOP_RESET;
    } else if (dhcsr & ARM_DHCSR_S_LOCKUP) {
        stop->reason = SD_STOP_LOCKUP;   /* B1.5.15: a fault while in HardFault/NMI */
        stop->fault = 1;
        if (dhcsr & ARM_DHCSR_S_HALT)
            rc = arm_reg_read(&t->core, ARM_REG_PC, &stop->pc);
    } else if (dhcsr & ARM_DHCSR_S_HALT) {
        rc = halted_reason(t, stop);
    } else {
        stop->reason = SD_STOP_RUNNING;
    }
    return rc;
}

int sd_debug_mem_read(struct sd_target *t, uint32_t addr, void *buf, size_t len)
{
    int rc = dbg_begin(t);
    if (rc || (!buf && len))
        return rc ? rc : SD_ERR_INVALID_ARG;
    return len ? arm_mem_read(&t->core, addr, buf, len) : SD_OK;
}

int sd_debug_mem_write(struct sd_target *t, uint32_t addr, const void *buf, size_t len)
{
    int rc = dbg_begin(t);
    if (rc || (!buf && len))
        return rc ? rc : SD_ERR_INVALID_ARG;
    return len ? arm_mem_write(&t->core, addr, buf, len) : SD_OK;
}
