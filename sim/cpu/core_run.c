/* Running instructions: one uc_emu_start() per chunk, with one code hook
 * that counts instructions and stops exactly at the budget (it is called
 * before each instruction, and Unicorn checks for a stop right after it),
 * checks FPB breakpoints, DWT PC comparators, WFE/SEV, and the bus-error
 * and exception records the other hooks leave.  What ended the chunk is
 * handled here, outside Unicorn, where registers can be written freely
 * (a PC write inside a hook cancels uc_emu_stop() in 2.0.1). */
#include "cpu/core_priv.h"

/* Thumb hint encodings, ARMv7-M A7.7 (T1 16-bit, T2 32-bit) */
#define T16_WFI 0xBF30u
#define T16_WFE 0xBF20u
#define T16_SEV 0xBF40u
#define T32_WFI 0xF3AF8003u
#define T16_YIELD 0xBF10u
#define T32_WFE 0xF3AF8002u
#define T32_YIELD 0xF3AF8001u

/* The halfword at `pc` if it is in a memory region (fast path for the
 * hint check; register blocks never hold code). */
static bool code_halfword(struct sim_core *c, uint32_t pc, uint16_t *hw)
{
    const struct sim_region *r = c->code_cache;
    if (!r || pc - r->base >= r->size - 1u) {
        r = core_find_region(c, pc, 2);
        if (!r || !r->mem)
            return false;
        c->code_cache = r;
    }
    const uint8_t *p = r->mem + (pc - r->base);
    *hw = (uint16_t)(p[0] | p[1] << 8);
    return true;
}

/* Before every instruction (UC_HOOK_CODE). */
static void code_step(struct sim_core *c, uc_engine *uc, uint32_t pc,
                      uint32_t size)
{
    if (c->stop) {
        /* Already stopping; this instruction does not run.  Ask again: a
         * PC write from a callback (reset from AIRCR) sets Unicorn's
         * quit_request, which cancels an earlier uc_emu_stop(). */
        uc_emu_stop(uc);
        return;
    }
    if (c->dwt_halt_pending) {
        /* The previous instruction hit a data watchpoint and completed. */
        c->dwt_halt_pending = false;
        core_request_stop(c, STOP_HALT);
        return;
    }
    if (c->executed >= c->budget) {
        core_request_stop(c, STOP_BUDGET);
        return;
    }
    if (c->fpb.any && core_fpb_match(c, pc)) {
        /* Breakpoint: halt before the instruction (C1.11). */
        if (c->dhcsr_c & DHCSR_C_DEBUGEN) {
            c->halt_dfsr |= DFSR_BKPT;
            core_request_stop(c, STOP_HALT);
            return;
        }
    }
    if (c->dwt.pc_match && core_dwt_pc_match(c, pc)) {
        c->halt_dfsr |= DFSR_DWTTRAP;
        core_request_stop(c, STOP_HALT);
        return;
    }
    uint16_t hw;
    if (size == 2 && code_halfword(c, pc, &hw)) {
        if (hw == T16_WFE) {
            /* WFE: consume the event, or sleep before the WFE (it runs
             * again after the wake-up and then finds the event). */
            if (!c->event && !c->stepping) {
                core_request_stop(c, STOP_SLEEP);
                return;
            }
            c->event = false;
        } else if (hw == T16_SEV) {
            c->event = true;
        }
    }
    c->cur_pc = pc;
    c->cur_size = size;
    c->executed++;
}

static void hook_code(uc_engine *uc, uint64_t address, uint32_t size,
                      void *user)
{
    struct sim_core *c = user;
    c->in_code_hook = true; /* stops asked from here are between insns */
    code_step(c, uc, (uint32_t)address, size);
    c->in_code_hook = false;
}

static void hook_intr(uc_engine *uc, uint32_t intno, void *user)
{
    struct sim_core *c = user;
    (void)uc;
    c->pending_excp = (int)intno;
    core_request_stop(c, STOP_EXCEPTION);
}

void core_install_hooks(struct sim_core *c)
{
    uc_hook_add(c->uc, &c->h_code, UC_HOOK_CODE, (void *)hook_code, c, 1, 0);
    uc_hook_add(c->uc, &c->h_intr, UC_HOOK_INTR, (void *)hook_intr, c, 1, 0);
}

/* The last instruction run, as a 16-bit or 32-bit encoding. */
static bool last_insn(struct sim_core *c, uint32_t *insn)
{
    uint16_t hw, hw2;
    if (!code_halfword(c, c->cur_pc, &hw))
        return false;
    *insn = hw;
    if (c->cur_size == 4) {
        if (!code_halfword(c, c->cur_pc + 2, &hw2))
            return false;
        *insn = (uint32_t)hw << 16 | hw2;
    }
    return true;
}

/* Unicorn ends the run after a WFI (EXCP_HLT, no hook call) and after a
 * WFE or YIELD (EXCP_YIELD, reported as UC_ERR_INSN_INVALID). */
static bool last_is(struct sim_core *c, uint32_t t16, uint32_t t32)
{
    uint32_t insn;
    return last_insn(c, &insn) && (insn == t16 || insn == t32);
}

/* WFI sleeps whatever the event register holds (only WFE looks at it). */
static void go_to_sleep(struct sim_core *c)
{
    if (core_pending_wakes(c))
        return; /* an exception that can preempt is already pending */
    c->sleeping = true;
    if (c->hooks.sleep)
        c->hooks.sleep(c->hooks.ctx, (c->scr & SCR_SLEEPDEEP) != 0);
}

uint64_t core_run_chunk(struct sim_core *c, uint64_t n)
{
    c->budget = n;
    c->executed = 0;
    c->stop = 0;
    c->halt_dfsr = 0;
    c->pending_excp = -1;
    c->stop_mid_insn = false;
    c->dwt_halt_pending = false;
    core_dwt_sync_hooks(c);
    core_apply_invalidations(c);

    uint32_t pc = core_get_pc(c);
    uint32_t begin = pc | ((core_get_xpsr(c) & XPSR_T) ? 1u : 0u);
    c->in_emu = true;
    uc_err err = uc_emu_start(c->uc, begin, 0, 0, 0);
    c->in_emu = false;

    uint64_t done = c->executed;
    sim_stats.cpu_instructions += done;
    if (done)
        c->s_retire_st = true;
    if ((c->dwt.ctrl & DWT_CTRL_CYCCNTENA) && (c->demcr & DEMCR_TRCENA))
        c->dwt.cyccnt += (uint32_t)done;

    if (c->stop & STOP_RESET)
        return done; /* the core was reset from inside; state is fresh */
    if (c->dwt_halt_pending && !(c->stop & (STOP_BUSFAULT | STOP_EXCEPTION))) {
        /* The run ended right after the watched access (the last
         * instruction of the budget, or a WFI): halt there. */
        c->dwt_halt_pending = false;
        c->stop |= STOP_HALT;
    }
    /* A stop asked during the last instruction of a TB is taken at the
     * start of the next TB, before Unicorn has stored the new PC: the PC
     * still shows the instruction that completed.  Move past it. */
    if (c->stop_mid_insn && err == UC_ERR_OK &&
        !(c->stop & (STOP_BUSFAULT | STOP_EXCEPTION)) &&
        core_get_pc(c) == c->cur_pc)
        core_set_pc(c, c->cur_pc + c->cur_size);
    if (c->stop & STOP_BUSFAULT) {
        core_handle_busfault(c);
    } else if (c->stop & STOP_EXCEPTION) {
        core_handle_exception(c);
    } else if (err == UC_ERR_INSN_INVALID &&
               (last_is(c, T16_WFE, T32_WFE) ||
                last_is(c, T16_YIELD, T32_YIELD))) {
        /* a hint that ran: nothing to do, PC is past it */
    } else if (err == UC_ERR_INSN_INVALID) {
        c->pending_excp = QEXCP_UDEF_NUMBER;
        core_handle_exception(c);
    } else if (err == UC_ERR_EXCEPTION) {
        c->pending_excp = QEXCP_INVSTATE_NUMBER;
        core_handle_exception(c);
    } else if (err != UC_ERR_OK) {
        /* An error no hook recorded (should not happen): treat it as a
         * bus error at the PC so the firmware sees a fault, not a hang. */
        c->fault_addr = core_get_pc(c);
        c->fault_is_fetch = true;
        c->fault_is_write = false;
        core_handle_busfault(c);
    } else if (c->stop & STOP_SLEEP) {
        go_to_sleep(c);
    } else if (!(c->stop & (STOP_BUDGET | STOP_HALT | STOP_SYNC)) &&
               done < n && last_is(c, T16_WFI, T32_WFI)) {
        if (!c->stepping)
            go_to_sleep(c);
    }
    if ((c->stop & STOP_HALT) && c->halt_dfsr && !c->halted)
        core_enter_halt(c, c->halt_dfsr);
    return done;
}
