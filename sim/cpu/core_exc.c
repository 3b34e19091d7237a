/* Reset, exception entry and return, faults and lockup (ARMv7-M B1.5;
 * ARMv6-M B1.5), done by hand because Unicorn 2.0.1 leaves every
 * exception to the UC_HOOK_INTR callback (see core_priv.h).
 *
 * Model: the basic 8-word frame (R0-R3, R12, LR, ReturnAddress, xPSR)
 * with CCR.STKALIGN padding; EXC_RETURN 0xFFFFFFF1/F9/FD; extended FP
 * frames are accepted on return but never created (lazy FP stacking is
 * not modelled).  No NVIC: external interrupts never fire; SVCall,
 * PendSV, SysTick (core_systick.c), faults and the debug events do.
 *
 * Faults: a configurable fault (MemManage, BusFault, UsageFault) is taken
 * when enabled in SHCSR and its priority is above the current one,
 * otherwise it escalates to HardFault with HFSR.FORCED.  A fault while in
 * HardFault or NMI, a failed vector fetch or stacking during HardFault
 * entry -> lockup: S_LOCKUP, hooks->lockup, no more instructions.  The
 * registers stay as they were when the fault happened (an erased chip
 * shows PC = 0xFFFFFFFE, MSP = 0xFFFFFFFC in Thread mode, as OpenOCD logs
 * from real blank STM32s show), rather than the architectural lockup
 * address 0xEFFFFFFE. */
#include "cpu/core_priv.h"

/* QEMU exception numbers delivered to UC_HOOK_INTR (target/arm/cpu.h in
 * Unicorn 2.0.1) */
enum {
    QEXCP_UDEF = QEXCP_UDEF_NUMBER, QEXCP_SWI = 2, QEXCP_PREFETCH_ABORT = 3,
    QEXCP_DATA_ABORT = 4, QEXCP_BKPT = 7, QEXCP_EXCEPTION_EXIT = 8,
    QEXCP_NOCP = 17, QEXCP_INVSTATE = QEXCP_INVSTATE_NUMBER, QEXCP_STKOF = 19,
    QEXCP_LAZYFP = 20, QEXCP_UNALIGNED = 22,
};

#define CFSR_STKOF (1u << 20) /* v8-M UFSR.STKOF */
#define CFSR_UNSTKERR (1u << 11)
#define FRAME_WORDS 8u
#define FP_FRAME_EXTRA_WORDS 18u /* S0-S15, FPSCR, reserved */
#define RESET_LR 0xFFFFFFFFu

void core_reset_regs(struct sim_core *c)
{
    uint32_t sp = 0, pc = 0;
    c->vtor = c->cfg.boot_address & VTOR_TBLOFF_MASK;
    c->aircr_prigroup = 0;
    c->scr = 0;
    c->ccr = c->k->armv6m ? CCR_V6M_VALUE : CCR_V7M_RESET;
    c->cpacr = 0;
    c->shpr[0] = c->shpr[1] = c->shpr[2] = 0;
    c->shcsr = c->cfsr = c->hfsr = c->mmfar = c->bfar = c->afsr = 0;
    c->pend = 0;
    c->active = 0;
    c->systick[0] = c->systick[1] = c->systick[2] = 0;
    c->stk_countflag = false;
    c->stk_prescale = 0;
    c->event = false;
    c->sleeping = false;
    c->lockup = false;
    c->s_reset_st = true;
    c->debt = 0;

    for (int r = 0; r <= 12; r++)
        core_reg_set(c, UC_ARM_REG_R0 + r, 0);
    core_reg_set(c, UC_ARM_REG_LR, RESET_LR);
    if (c->k->has_fpu)
        core_reg_set(c, UC_ARM_REG_FPSCR, 0);

    bool ok = core_bus_read32(c, c->cfg.boot_address, &sp) == 0 &&
              core_bus_read32(c, c->cfg.boot_address + 4, &pc) == 0;
    struct core_special s = { .ipsr = 0, .control = 0, .msp = sp & ~3u,
                              .psp = 0 };
    core_set_special(c, &s);
    /* EPSR.T comes from bit 0 of the reset vector (B1.5.5); 0 faults with
     * INVSTATE on the first instruction. */
    core_reg_set(c, UC_ARM_REG_XPSR_NZCVQG, (pc & 1u) ? XPSR_T : 0);
    core_reg_set(c, UC_ARM_REG_PC, pc);
    c->inval_all = true;
    if (!c->in_emu)
        core_apply_invalidations(c);
    if (!ok)
        core_do_lockup(c); /* no vector table at all */
}

/* Priority of an exception number (-1 HardFault, -2 NMI). */
int core_exc_priority(const struct sim_core *c, unsigned exc)
{
    if (exc == EXC_NMI)
        return -2;
    if (exc == EXC_HARDFAULT)
        return -1;
    if (exc >= EXC_MEMMANAGE && exc <= EXC_SYSTICK) {
        unsigned idx = exc - EXC_MEMMANAGE;
        return (int)((c->shpr[idx / 4] >> ((idx % 4) * 8)) & 0xFFu);
    }
    return 0; /* external interrupts: not modelled */
}

/* Current execution priority (B1.5.4); WFI's wake-up test leaves PRIMASK
 * out. */
int core_exec_priority(struct sim_core *c, bool with_primask)
{
    struct core_special s;
    core_get_special(c, &s);
    int p = PRIO_NONE;
    for (unsigned e = 2; e < 16; e++)
        if ((c->active & (1u << e)) && core_exc_priority(c, e) < p)
            p = core_exc_priority(c, e);
    if (s.ipsr && s.ipsr >= 16 && p > 0)
        p = 0;
    if (s.basepri && (int)s.basepri < p)
        p = (int)s.basepri;
    if (with_primask && s.primask && p > 0)
        p = 0;
    if (s.faultmask && p > -1)
        p = -1;
    return p;
}

static void vector_catch(struct sim_core *c, unsigned exc)
{
    uint32_t vc = 0;
    switch (exc) {
    case EXC_HARDFAULT: vc = DEMCR_VC_HARDERR; break;
    case EXC_BUSFAULT: vc = DEMCR_VC_BUSERR; break;
    case EXC_MEMMANAGE: vc = DEMCR_VC_MMERR; break;
    case EXC_USAGEFAULT:
        if (c->cfsr & CFSR_NOCP)
            vc = DEMCR_VC_NOCPERR;
        else if (c->cfsr & (CFSR_UNALIGNED | CFSR_DIVBYZERO | CFSR_INVPC))
            vc = DEMCR_VC_CHKERR;
        else
            vc = DEMCR_VC_STATERR;
        break;
    default: return;
    }
    if ((c->dhcsr_c & DHCSR_C_DEBUGEN) && (c->demcr & vc))
        core_enter_halt(c, DFSR_VCATCH);
}

bool core_take_exception(struct sim_core *c, unsigned exc, uint32_t ret_addr)
{
    struct core_special s;
    uint32_t regs[FRAME_WORDS], vector = 0;
    core_get_special(c, &s);
    bool from_thread = s.ipsr == 0;
    bool use_psp = from_thread && (s.control & CONTROL_SPSEL);
    uint32_t sp = use_psp ? s.psp : s.msp;
    bool pad = (c->ccr & CCR_STKALIGN) && (sp & 4u);
    uint32_t frame = (sp - FRAME_WORDS * 4u) & ~(pad ? 4u : 0u);

    static const int saved[] = { UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2,
                                 UC_ARM_REG_R3, UC_ARM_REG_R12,
                                 UC_ARM_REG_LR };
    for (unsigned i = 0; i < 6; i++)
        regs[i] = core_reg_get(c, saved[i]);
    regs[6] = ret_addr & ~1u;
    regs[7] = core_get_xpsr(c) | (pad ? XPSR_STKALIGN : 0);

    bool stacked = true;
    for (unsigned i = 0; i < FRAME_WORDS && stacked; i++)
        stacked = core_bus_write32(c, frame + 4u * i, regs[i]) == 0;
    bool vec_ok = core_bus_read32(c, c->vtor + 4u * exc, &vector) == 0;
    if (!stacked || !vec_ok) {
        if (exc == EXC_HARDFAULT || exc == EXC_NMI) {
            core_do_lockup(c);
            return false;
        }
        if (!stacked)
            c->cfsr |= CFSR_STKERR;
        else
            c->hfsr |= HFSR_VECTTBL;
        c->hfsr |= HFSR_FORCED;
        return core_take_exception(c, EXC_HARDFAULT, ret_addr);
    }

    if (use_psp)
        s.psp = frame;
    else
        s.msp = frame;
    uint32_t exc_return = !from_thread ? EXC_RETURN_HANDLER
                          : use_psp    ? EXC_RETURN_THREAD_PSP
                                       : EXC_RETURN_THREAD_MSP;
    s.control &= ~(CONTROL_SPSEL | CONTROL_FPCA);
    s.ipsr = exc;
    core_set_special(c, &s);
    core_reg_set(c, UC_ARM_REG_LR, exc_return);
    /* EPSR: T from the vector's bit 0, IT cleared. */
    core_reg_set(c, UC_ARM_REG_XPSR_NZCVQG,
                 (core_get_xpsr(c) & ~(XPSR_T | XPSR_IT_MASK)) |
                     ((vector & 1u) ? XPSR_T : 0));
    core_reg_set(c, UC_ARM_REG_PC, vector);
    c->active |= 1u << (exc & 31u);
    c->event = true;
    vector_catch(c, exc);
    return true;
}

/* A fault of kind `exc` (4, 5, 6 or 3) raised by the instruction at
 * `ret_addr`. */
static void raise_fault(struct sim_core *c, unsigned exc, uint32_t cfsr_bits,
                        uint32_t ret_addr)
{
    uint32_t ipsr = core_get_xpsr(c) & XPSR_IPSR_MASK;
    if (ipsr == EXC_HARDFAULT || ipsr == EXC_NMI) {
        core_do_lockup(c);
        return;
    }
    if (c->k->armv6m) {
        core_take_exception(c, EXC_HARDFAULT, ret_addr);
        return;
    }
    c->cfsr |= cfsr_bits;
    static const uint32_t ena[] = { [EXC_MEMMANAGE] = SHCSR_MEMFAULTENA,
                                    [EXC_BUSFAULT] = SHCSR_BUSFAULTENA,
                                    [EXC_USAGEFAULT] = SHCSR_USGFAULTENA };
    bool take = exc >= EXC_MEMMANAGE && exc <= EXC_USAGEFAULT &&
                (c->shcsr & ena[exc]) && !(c->active & (1u << exc)) &&
                core_exc_priority(c, exc) < core_exec_priority(c, true);
    if (!take && exc != EXC_HARDFAULT) {
        c->hfsr |= HFSR_FORCED;
        exc = EXC_HARDFAULT;
    }
    core_take_exception(c, exc, ret_addr);
}

void core_handle_busfault(struct sim_core *c)
{
    uint32_t a = c->fault_addr;
    if (c->fault_is_fetch) {
        /* 0xE0000000 and up is Execute Never in the default map (B3.1). */
        if (a >= PPB_ITM_BASE)
            raise_fault(c, EXC_MEMMANAGE, CFSR_IACCVIOL, a);
        else
            raise_fault(c, EXC_BUSFAULT, CFSR_IBUSERR, a);
        return;
    }
    c->bfar = a;
    raise_fault(c, EXC_BUSFAULT, CFSR_PRECISERR | CFSR_BFARVALID, c->cur_pc);
}

void core_exception_return(struct sim_core *c, uint32_t exc_return)
{
    struct core_special s;
    uint32_t w[FRAME_WORDS];
    uint32_t low = exc_return & 0xFu;
    if (low != (EXC_RETURN_HANDLER & 0xFu) &&
        low != (EXC_RETURN_THREAD_MSP & 0xFu) &&
        low != (EXC_RETURN_THREAD_PSP & 0xFu)) {
        raise_fault(c, EXC_USAGEFAULT, CFSR_INVPC, c->cur_pc);
        return;
    }
    core_get_special(c, &s);
    bool to_psp = (exc_return & EXC_RETURN_PSP_BIT) != 0;
    uint32_t frame = to_psp ? s.psp : s.msp;
    for (unsigned i = 0; i < FRAME_WORDS; i++) {
        if (core_bus_read32(c, frame + 4u * i, &w[i]) != 0) {
            raise_fault(c, EXC_BUSFAULT, CFSR_UNSTKERR, c->cur_pc);
            return;
        }
    }
    uint32_t size = FRAME_WORDS * 4u;
    if (!(exc_return & EXC_RETURN_BASIC_FRAME) && c->k->has_fpu) {
        uint32_t v;
        for (unsigned i = 0; i < 16; i++)
            if (core_bus_read32(c, frame + size + 4u * i, &v) == 0)
                core_reg_set(c, UC_ARM_REG_S0 + (int)i, v);
        if (core_bus_read32(c, frame + size + 64u, &v) == 0)
            core_reg_set(c, UC_ARM_REG_FPSCR, v);
        size += FP_FRAME_EXTRA_WORDS * 4u;
    }
    if (w[7] & XPSR_STKALIGN)
        size += 4u;
    c->active &= ~(1u << (s.ipsr & 31u));
    if (to_psp)
        s.psp = frame + size;
    else
        s.msp = frame + size;
    bool to_thread = (exc_return & EXC_RETURN_THREAD_BIT) != 0;
    s.ipsr = to_thread ? 0 : (w[7] & XPSR_IPSR_MASK);
    s.control = (s.control & ~(CONTROL_SPSEL | CONTROL_FPCA)) |
                (to_psp ? CONTROL_SPSEL : 0) |
                ((exc_return & EXC_RETURN_BASIC_FRAME) ? 0 : CONTROL_FPCA);
    core_set_special(c, &s);
    static const int restored[] = { UC_ARM_REG_R0, UC_ARM_REG_R1,
                                    UC_ARM_REG_R2, UC_ARM_REG_R3,
                                    UC_ARM_REG_R12, UC_ARM_REG_LR };
    for (unsigned i = 0; i < 6; i++)
        core_reg_set(c, restored[i], w[i]);
    core_reg_set(c, UC_ARM_REG_PC, (w[6] & ~1u) | ((w[7] & XPSR_T) ? 1u : 0u));
    core_reg_set(c, UC_ARM_REG_XPSR_NZCVQG,
                 (w[7] & ~(XPSR_IPSR_MASK | XPSR_STKALIGN)) | s.ipsr);
    c->event = true;
    if (to_thread && (c->scr & SCR_SLEEPONEXIT)) {
        c->sleeping = true;
        if (c->hooks.sleep)
            c->hooks.sleep(c->hooks.ctx, (c->scr & SCR_SLEEPDEEP) != 0);
    }
}

void core_handle_exception(struct sim_core *c)
{
    uint32_t pc = core_get_pc(c);
    int e = c->pending_excp;
    c->pending_excp = -1;
    switch (e) {
    case QEXCP_EXCEPTION_EXIT:
        core_exception_return(c, pc | 1u);
        break;
    case QEXCP_BKPT:
        /* Debug event: halt on the BKPT (C1.5), or HardFault when halting
         * debug is off and no monitor is enabled. */
        if (c->dhcsr_c & DHCSR_C_DEBUGEN) {
            core_enter_halt(c, DFSR_BKPT);
        } else {
            c->hfsr |= HFSR_DEBUGEVT;
            raise_fault(c, EXC_HARDFAULT, 0, pc);
        }
        break;
    case QEXCP_SWI: {
        /* SVCall; a SVC that cannot preempt escalates (B1.5.4). */
        if (core_exc_priority(c, EXC_SVCALL) < core_exec_priority(c, true)) {
            core_take_exception(c, EXC_SVCALL, pc);
        } else {
            c->hfsr |= HFSR_FORCED;
            raise_fault(c, EXC_HARDFAULT, 0, pc);
        }
        break;
    }
    case QEXCP_UDEF: raise_fault(c, EXC_USAGEFAULT, CFSR_UNDEFINSTR, pc); break;
    case QEXCP_INVSTATE: raise_fault(c, EXC_USAGEFAULT, CFSR_INVSTATE, pc); break;
    case QEXCP_NOCP: raise_fault(c, EXC_USAGEFAULT, CFSR_NOCP, pc); break;
    case QEXCP_UNALIGNED: raise_fault(c, EXC_USAGEFAULT, CFSR_UNALIGNED, pc); break;
    case QEXCP_STKOF: raise_fault(c, EXC_USAGEFAULT, CFSR_STKOF, pc); break;
    case QEXCP_PREFETCH_ABORT:
        raise_fault(c, EXC_MEMMANAGE, CFSR_IACCVIOL, pc);
        break;
    case QEXCP_DATA_ABORT:
        raise_fault(c, EXC_BUSFAULT, CFSR_PRECISERR, pc);
        break;
    case QEXCP_LAZYFP:
    default:
        c->hfsr |= HFSR_FORCED;
        raise_fault(c, EXC_HARDFAULT, 0, pc);
        break;
    }
}
