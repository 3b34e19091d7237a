/* System Control Space, 0xE000E000 (ARMv7-M B3.2, C1.6; ARMv6-M B3.2, C1):
 * CPUID, ICSR, VTOR, AIRCR, SCR, CCR, SHPR, SHCSR, fault status and
 * address registers, CPACR, SysTick (core_systick.c) and the debug
 * registers DHCSR, DCRSR, DCRDR, DEMCR, DFSR.  The NVIC registers read as
 * zero (no external interrupts are modelled).
 *
 * Accesses come from the debugger (SIM_BUS_DEBUG, via sim_core_ppb_*)
 * or from the CPU (an MMIO callback while Unicorn runs); the differences
 * that matter: software cannot set C_DEBUGEN (C1.6.2), and a step runs
 * at once only for the debugger (the CPU cannot nest a run). */
#include "cpu/core_priv.h"

#define FPCCR_RESET 0xC0000000u /* ASPEN | LSPEN (B3.2.23) */
#define MVFR0_M4    0x10110021u /* Cortex-M4 TRM 7.2 */
#define MVFR1_M4    0x11000011u
#define CPACR_MASK  0x00F00000u /* CP10, CP11 */

static uint32_t read_dhcsr(struct sim_core *c)
{
    uint32_t v = c->dhcsr_c;
    if (c->s_regrdy)
        v |= DHCSR_S_REGRDY;
    if (c->halted)
        v |= DHCSR_S_HALT;
    if (c->sleeping && !c->halted)
        v |= DHCSR_S_SLEEP;
    if (c->lockup)
        v |= DHCSR_S_LOCKUP;
    if (c->s_retire_st)
        v |= DHCSR_S_RETIRE_ST;
    if (c->s_reset_st)
        v |= DHCSR_S_RESET_ST;
    /* Sticky bits clear on read (C1.6.2); S_RESET_ST stays while the
     * core is held in reset. */
    c->s_retire_st = false;
    c->s_reset_st = c->held;
    return v;
}

static void step_now(struct sim_core *c)
{
    c->halted = false;
    c->stepping = true;
    core_apply_invalidations(c);
    core_run_chunk(c, 1);
    c->stepping = false;
    if (!c->halted && !c->held)
        core_enter_halt(c, DFSR_HALTED);
}

static void write_dhcsr(struct sim_core *c, enum sim_bus_initiator who,
                        uint32_t val)
{
    if ((val & DHCSR_KEY_MASK) != DHCSR_DBGKEY)
        return; /* writes without DBGKEY are ignored */
    uint32_t ctl = val & DHCSR_C_MASK;
    if (who == SIM_BUS_CPU)
        ctl = (ctl & ~DHCSR_C_DEBUGEN) | (c->dhcsr_c & DHCSR_C_DEBUGEN);
    if (!(ctl & DHCSR_C_DEBUGEN))
        ctl = 0; /* the other bits mean nothing without C_DEBUGEN */
    c->dhcsr_c = ctl;
    if (c->held)
        return; /* a halt request is served when reset is released:
                   only VC_CORERESET catches it (C1.6.2) */
    if (ctl & DHCSR_C_HALT) {
        if (!c->halted)
            core_enter_halt(c, DFSR_HALTED);
        return;
    }
    if (!c->halted)
        return;
    if ((ctl & DHCSR_C_STEP) && who == SIM_BUS_DEBUG) {
        step_now(c);
        return;
    }
    core_resume(c);
}

/* AIRCR (B3.2.6): VECTRESET resets the core only, SYSRESETREQ asks the
 * chip for a system reset. */
static void write_aircr(struct sim_core *c, uint32_t val)
{
    if ((val & AIRCR_KEY_MASK) != AIRCR_VECTKEY)
        return;
    if (!c->k->armv6m)
        c->aircr_prigroup = val & AIRCR_PRIGROUP_MASK;
    if ((val & AIRCR_VECTRESET) && c->k->has_vectreset) {
        sim_core_reset(c, SIM_RESET_CORE);
        return;
    }
    if (val & AIRCR_SYSRESETREQ) {
        if (c->hooks.sysresetreq)
            c->hooks.sysresetreq(c->hooks.ctx);
        else
            sim_core_reset(c, SIM_RESET_SYSTEM);
    }
}

static uint32_t read_icsr(struct sim_core *c)
{
    uint32_t ipsr = core_get_xpsr(c) & XPSR_IPSR_MASK;
    return ipsr | core_icsr_pending_bits(c);
}

int core_scs_read(struct sim_core *c, enum sim_bus_initiator who,
                  uint32_t off, uint32_t *val)
{
    (void)who;
    bool v7 = !c->k->armv6m;
    *val = 0;
    switch (off) {
    case SCS_CPUID: *val = c->cfg.cpuid; break;
    case SCS_ICSR: *val = read_icsr(c); break;
    case SCS_VTOR: *val = c->vtor; break;
    case SCS_AIRCR: *val = AIRCR_VECTKEYSTAT | c->aircr_prigroup; break;
    case SCS_SCR: *val = c->scr; break;
    case SCS_CCR: *val = c->ccr; break;
    case SCS_SHPR1: *val = v7 ? c->shpr[0] : 0; break;
    case SCS_SHPR2: *val = c->shpr[1]; break;
    case SCS_SHPR3: *val = c->shpr[2]; break;
    case SCS_SHCSR: {
        uint32_t act = 0;
        static const struct { unsigned exc; uint32_t bit; } map[] = {
            { EXC_MEMMANAGE, SHCSR_MEMFAULTACT },
            { EXC_BUSFAULT, SHCSR_BUSFAULTACT },
            { EXC_USAGEFAULT, SHCSR_USGFAULTACT },
            { EXC_SVCALL, SHCSR_SVCALLACT }, { EXC_PENDSV, SHCSR_PENDSVACT },
            { EXC_SYSTICK, SHCSR_SYSTICKACT } };
        for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
            if (c->active & (1u << map[i].exc))
                act |= map[i].bit;
        *val = (c->shcsr & SHCSR_ENA_MASK) | act;
        break;
    }
    case SCS_CFSR: *val = v7 ? c->cfsr : 0; break;
    case SCS_HFSR: *val = v7 ? c->hfsr : 0; break;
    case SCS_DFSR: *val = c->dfsr; break;
    case SCS_MMFAR: *val = v7 ? c->mmfar : 0; break;
    case SCS_BFAR: *val = v7 ? c->bfar : 0; break;
    case SCS_AFSR: *val = c->afsr; break;
    case SCS_CPACR: *val = c->cpacr; break;
    case SCS_DHCSR: *val = read_dhcsr(c); break;
    case SCS_DCRSR: *val = 0; break; /* write-only */
    case SCS_DCRDR: *val = c->dcrdr; break;
    case SCS_DEMCR: *val = c->demcr; break;
    case SCS_STK_CSR:
    case SCS_STK_RVR:
    case SCS_STK_CVR:
    case SCS_STK_CALIB: return core_systick_read(c, off, val);
    case SCS_FPCCR: *val = c->k->has_fpu ? FPCCR_RESET : 0; break;
    case SCS_MVFR0: *val = c->k->has_fpu ? MVFR0_M4 : 0; break;
    case SCS_MVFR1: *val = c->k->has_fpu ? MVFR1_M4 : 0; break;
    default:
        if (off >= CS_PIDR4)
            *val = core_cid_pid(off, c->k->scs_part, CS_CLASS_GENERIC);
        break; /* NVIC and reserved: read as zero */
    }
    return 0;
}

static uint32_t merge(uint32_t old, uint32_t val, uint32_t m)
{
    return (old & ~m) | (val & m);
}

int core_scs_write(struct sim_core *c, enum sim_bus_initiator who,
                   uint32_t off, uint32_t val, uint32_t m)
{
    bool v7 = !c->k->armv6m;
    switch (off) {
    case SCS_DHCSR:
        if (m == 0xFFFFFFFFu)
            write_dhcsr(c, who, val);
        break;
    case SCS_DCRSR:
        core_dcrsr_transfer(c, val & m);
        break;
    case SCS_DCRDR: c->dcrdr = merge(c->dcrdr, val, m); break;
    case SCS_DEMCR:
        c->demcr = merge(c->demcr, val, m) &
                   (v7 ? DEMCR_V7M_MASK : DEMCR_V6M_MASK);
        break;
    case SCS_DFSR: c->dfsr &= ~(val & m & DFSR_MASK); break; /* w1c */
    case SCS_AIRCR:
        if (m == 0xFFFFFFFFu)
            write_aircr(c, val);
        break;
    case SCS_VTOR: c->vtor = merge(c->vtor, val, m) & VTOR_TBLOFF_MASK; break;
    case SCS_SCR: c->scr = merge(c->scr, val, m) & SCR_MASK; break;
    case SCS_CCR:
        if (v7)
            c->ccr = merge(c->ccr, val, m) & CCR_V7M_WRITABLE;
        break;
    case SCS_SHPR1: if (v7) c->shpr[0] = merge(c->shpr[0], val, m); break;
    case SCS_SHPR2: c->shpr[1] = merge(c->shpr[1], val, m); break;
    case SCS_SHPR3: c->shpr[2] = merge(c->shpr[2], val, m); break;
    case SCS_SHCSR:
        if (v7)
            c->shcsr = merge(c->shcsr, val, m) & SHCSR_ENA_MASK;
        break;
    case SCS_CFSR: if (v7) c->cfsr &= ~(val & m); break;          /* w1c */
    case SCS_HFSR: if (v7) c->hfsr &= ~(val & m); break;          /* w1c */
    case SCS_MMFAR: if (v7) c->mmfar = merge(c->mmfar, val, m); break;
    case SCS_BFAR: if (v7) c->bfar = merge(c->bfar, val, m); break;
    case SCS_CPACR:
        if (c->k->has_fpu)
            c->cpacr = merge(c->cpacr, val, m) & CPACR_MASK;
        break;
    case SCS_ICSR: core_icsr_write(c, val & m); break; /* set/clear bits */
    case SCS_STK_CSR:
        return core_systick_write(c, off, merge(c->systick[0], val, m));
    case SCS_STK_RVR:
        return core_systick_write(c, off, merge(c->systick[1], val, m));
    case SCS_STK_CVR: return core_systick_write(c, off, 0);
    default: break; /* NVIC, read-only and reserved: ignored */
    }
    return 0;
}
