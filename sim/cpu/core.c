/* Cortex-M core: the per-core table, life cycle, reset, halt/resume,
 * sleep and the time budget (core.h).  Execution itself is core_run.c,
 * exceptions core_exc.c, the PPB registers core_scs.c / core_debug.c.
 *
 * Timing: one instruction per core clock cycle.  run_until() turns the
 * elapsed virtual time into hz * ns / 1e9 instructions (the remainder is
 * carried, so no cycle is lost between calls); an IT block cannot be cut,
 * so a chunk may run a few instructions over and that debt is paid from
 * the next budget.  Time spent halted, asleep, locked up or in reset runs
 * nothing.  Deterministic: the same calls give the same instruction count.
 *
 * Reset semantics (ARMv7-M B1.5.5, C1.6): POWER_ON clears the debug
 * registers; SYSTEM and CORE (a Local reset) keep DHCSR's control bits,
 * DEMCR, FPB, DWT and DFSR: the debug logic has its own reset.  So the
 * core leaves reset halted when DEMCR.VC_CORERESET catches it (DFSR.VCATCH)
 * or when C_HALT is still set (a halt requested under reset, or a core
 * halted before the reset; DFSR.HALTED); that is why OpenOCD writes
 * DHCSR = DBGKEY|C_DEBUGEN before a "reset run".  Every reset sets
 * S_RESET_ST. */
#include <stdlib.h>
#include <string.h>

#include "cpu/core_priv.h"

#define NS_PER_S 1000000000ull

/* ROM table entries: offset from 0xE00FF000 to the component, bit0 =
 * present, bit1 = 32-bit format.  Cortex-M4 TRM table 2-3 / M3 TRM. */
#define ROM_ENTRY(addr) ((uint32_t)((addr) - PPB_ROM_BASE) | 3u)
#define ROM_ABSENT(addr) ((uint32_t)((addr) - PPB_ROM_BASE) | 2u)
#define ROM_V7M_ENTRIES { ROM_ENTRY(PPB_SCS_BASE), ROM_ENTRY(PPB_DWT_BASE), \
    ROM_ENTRY(PPB_FPB_BASE), ROM_ENTRY(PPB_ITM_BASE), \
    ROM_ENTRY(PPB_TPIU_BASE), ROM_ABSENT(0xE0041000u) /* ETM */, 0 }
#define ROM_V6M_ENTRIES { ROM_ENTRY(PPB_SCS_BASE), ROM_ENTRY(PPB_DWT_BASE), \
    ROM_ENTRY(PPB_FPB_BASE) /* BPU */, 0 }

/* Per-core differences.  Part numbers from the cores' TRMs (as OpenOCD's
 * arm_coresight component table names them).  M7 and M33 use the flat
 * M4-style ROM table here (the real M7 has a two-level table at
 * 0xE00FD000; the M33 adds CTI/BPU entries): good enough for tools that
 * read CPUID, not for ones that walk the ROM table of those cores. */
static const struct core_kind_info kinds[] = {
    [SIM_CORE_M0] = { .name = "Cortex-M0", .uc_model = UC_CPU_ARM_CORTEX_M0,
        .armv6m = true, .scs_part = 0x008, .dwt_part = 0x00A,
        .fpb_part = 0x00B, .rom_entries = ROM_V6M_ENTRIES,
        .rom_pidr_part = 0x471 },
    /* Unicorn 2.0.1 has no M0+ model; the M0 one decodes the same ISA. */
    [SIM_CORE_M0PLUS] = { .name = "Cortex-M0+",
        .uc_model = UC_CPU_ARM_CORTEX_M0, .armv6m = true, .scs_part = 0x008,
        .dwt_part = 0x00A, .fpb_part = 0x00B, .rom_entries = ROM_V6M_ENTRIES,
        .rom_pidr_part = 0x4C0 },
    [SIM_CORE_M3] = { .name = "Cortex-M3", .uc_model = UC_CPU_ARM_CORTEX_M3,
        .has_vectreset = true, .scs_part = 0x000, .dwt_part = 0x002,
        .fpb_part = 0x003, .itm_part = 0x001, .tpiu_part = 0x923,
        .rom_entries = ROM_V7M_ENTRIES, .rom_pidr_part = 0x4C3 },
    [SIM_CORE_M4] = { .name = "Cortex-M4", .uc_model = UC_CPU_ARM_CORTEX_M4,
        .has_fpu = true, .has_vectreset = true, .scs_part = 0x00C,
        .dwt_part = 0x002, .fpb_part = 0x003, .itm_part = 0x001,
        .tpiu_part = 0x9A1, .rom_entries = ROM_V7M_ENTRIES,
        .rom_pidr_part = 0x4C4 },
    [SIM_CORE_M7] = { .name = "Cortex-M7", .uc_model = UC_CPU_ARM_CORTEX_M7,
        .has_fpu = true, .has_vectreset = true, .fpb_rev = 1,
        .scs_part = 0x00C, .dwt_part = 0x002, .fpb_part = 0x00E,
        .itm_part = 0x001, .tpiu_part = 0x9A9,
        .rom_entries = ROM_V7M_ENTRIES, .rom_pidr_part = 0x4C7 },
    [SIM_CORE_M33] = { .name = "Cortex-M33",
        .uc_model = UC_CPU_ARM_CORTEX_M33, .armv8m = true, .has_fpu = true,
        .fpb_rev = 1, .scs_part = 0xD21, .dwt_part = 0xD21,
        .fpb_part = 0xD21, .itm_part = 0xD21, .tpiu_part = 0xD21,
        .rom_entries = ROM_V7M_ENTRIES, .rom_pidr_part = 0x4C9 },
};

struct sim_core *sim_core_create(const struct sim_core_config *cfg,
                                 const struct sim_region *regions,
                                 size_t nregions,
                                 const struct sim_core_hooks *hooks)
{
    if ((size_t)cfg->kind >= sizeof kinds / sizeof kinds[0])
        return NULL;
    struct sim_core *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->cfg = *cfg;
    c->k = &kinds[cfg->kind];
    c->regions = regions;
    c->nregions = nregions;
    if (hooks)
        c->hooks = *hooks;
    c->fpb.ncode = cfg->fpb_code_comparators > CORE_MAX_FPB
                       ? CORE_MAX_FPB : cfg->fpb_code_comparators;
    c->fpb.nlit = cfg->fpb_literal_comparators;
    if (c->fpb.ncode + c->fpb.nlit > CORE_MAX_FPB)
        c->fpb.nlit = CORE_MAX_FPB - c->fpb.ncode;
    c->dwt.n = cfg->dwt_comparators > CORE_MAX_DWT ? CORE_MAX_DWT
                                                   : cfg->dwt_comparators;
    c->pending_excp = -1;

    if (uc_open(UC_ARCH_ARM, UC_MODE_THUMB | UC_MODE_MCLASS, &c->uc) !=
        UC_ERR_OK)
        goto fail;
    if (uc_ctl_set_cpu_model(c->uc, c->k->uc_model) != UC_ERR_OK)
        goto fail;
    /* No `until` address: uc_emu_start's exit would otherwise be 0, a
     * valid address on a chip that aliases flash there. */
    if (uc_ctl_exits_enable(c->uc) != UC_ERR_OK)
        goto fail;
    if (core_map_regions(c) != 0)
        goto fail;
    core_install_hooks(c);
    sim_core_reset(c, SIM_RESET_POWER_ON);
    return c;
fail:
    sim_core_destroy(c);
    return NULL;
}

void sim_core_destroy(struct sim_core *c)
{
    if (!c)
        return;
    if (c->uc)
        uc_close(c->uc);
    free(c);
}

static void flush_code(struct sim_core *c)
{
    c->inval_all = true;
    if (!c->in_emu)
        core_apply_invalidations(c);
}

void sim_core_reset(struct sim_core *c, enum sim_reset_kind kind)
{
    if (kind == SIM_RESET_POWER_ON) {
        c->dhcsr_c = 0;
        c->demcr = 0;
        c->dfsr = 0;
        c->dcrdr = 0;
        memset(c->fpb.comp, 0, sizeof c->fpb.comp);
        c->fpb.ctrl_enable = 0;
        c->fpb.any = false;
        memset(c->dwt.comp, 0, sizeof c->dwt.comp);
        memset(c->dwt.mask, 0, sizeof c->dwt.mask);
        memset(c->dwt.func, 0, sizeof c->dwt.func);
        c->dwt.ctrl = 0;
        c->dwt.cyccnt = 0;
        c->dwt.pc_match = c->dwt.data_armed = false;
    }
    c->halted = false;
    c->s_regrdy = false;
    core_reset_regs(c);
    if (c->in_emu)
        core_request_stop(c, STOP_RESET);
    if (c->lockup || !(c->dhcsr_c & DHCSR_C_DEBUGEN))
        return;
    if (c->demcr & DEMCR_VC_CORERESET)
        core_enter_halt(c, DFSR_VCATCH);
    else if (c->dhcsr_c & DHCSR_C_HALT)
        core_enter_halt(c, DFSR_HALTED);
}

void sim_core_hold_reset(struct sim_core *c, bool held)
{
    if (held == c->held)
        return;
    c->held = held;
    if (held) {
        c->s_reset_st = true;
        c->halted = c->sleeping = false;
    } else {
        /* The rising edge of NRST is a system reset (core.h).  A chip
         * that also calls sim_core_reset(SYSTEM) just repeats it. */
        sim_core_reset(c, SIM_RESET_SYSTEM);
    }
}

void sim_core_set_boot_address(struct sim_core *c, uint32_t addr)
{
    c->cfg.boot_address = addr;
}

void sim_core_set_hz(struct sim_core *c, uint32_t hz)
{
    c->cfg.hz = hz;
    c->ns_frac = 0;
}

enum sim_core_state sim_core_state(const struct sim_core *c)
{
    if (c->held)
        return SIM_CORE_IN_RESET;
    if (c->halted)
        return SIM_CORE_HALTED;
    if (c->lockup)
        return SIM_CORE_LOCKUP;
    if (c->sleeping)
        return SIM_CORE_SLEEPING;
    return SIM_CORE_RUNNING;
}

static bool can_run(const struct sim_core *c)
{
    return sim_core_state(c) == SIM_CORE_RUNNING && c->cfg.hz != 0;
}

void core_request_stop(struct sim_core *c, unsigned why)
{
    c->stop |= why;
    if (c->in_emu) {
        if (!c->in_code_hook)
            c->stop_mid_insn = true;
        uc_emu_stop(c->uc);
    }
}

void core_enter_halt(struct sim_core *c, uint32_t dfsr_bits)
{
    c->halted = true;
    c->sleeping = false;
    /* Entering Debug state ends lockup (ARMv7-M B1.5.15). */
    c->lockup = false;
    c->dfsr |= dfsr_bits;
    c->dhcsr_c |= DHCSR_C_HALT;
    c->s_regrdy = true;
    core_request_stop(c, STOP_HALT);
}

void core_resume(struct sim_core *c)
{
    c->halted = false;
    /* The debugger may have changed memory or breakpoints: be safe. */
    flush_code(c);
}

void core_do_lockup(struct sim_core *c)
{
    c->lockup = true;
    c->sleeping = false;
    core_request_stop(c, STOP_HALT);
    if (c->hooks.lockup)
        c->hooks.lockup(c->hooks.ctx);
}

/* Does the core clock tick (instructions or, asleep, SysTick)?  Deep
 * sleep gates it: on STM32 STOP turns HCLK off and the chip wakes us. */
static bool clock_runs(const struct sim_core *c)
{
    enum sim_core_state st = sim_core_state(c);
    return c->cfg.hz != 0 &&
           (st == SIM_CORE_RUNNING ||
            (st == SIM_CORE_SLEEPING && !(c->scr & SCR_SLEEPDEEP)));
}

/* Let `n` core cycles pass: instructions while running (one per cycle),
 * SysTick while running or asleep, pending PendSV/SysTick taken between
 * chunks; a chunk ends at the next SysTick underflow. */
static void run_budget(struct sim_core *c, uint64_t n)
{
    unsigned idle = 0;
    while (n > 0 && clock_runs(c) && idle < 4) {
        uint64_t ev = core_systick_cycles_to_event(c);
        uint64_t slice = ev < n ? ev : n;
        if (c->sleeping) {
            core_systick_advance(c, slice);
            n -= slice;
            if (core_pending_wakes(c))
                sim_core_wake(c);
            continue;
        }
        core_take_pending(c);
        if (!can_run(c))
            continue; /* a vector catch on the way in halted it */
        uint64_t done = core_run_chunk(c, slice);
        core_systick_advance(c, done);
        if (done == 0) {
            idle++;
            continue;
        }
        idle = 0;
        if (done > n) {
            c->debt += done - n;
            n = 0;
        } else {
            n -= done;
        }
    }
}

void sim_core_run_until(struct sim_core *c, sim_ns now)
{
    if (now <= c->last_ns)
        return;
    sim_ns dt = now - c->last_ns;
    c->last_ns = now;
    if (!clock_runs(c)) {
        c->ns_frac = 0;
        return;
    }
    uint64_t hz = c->cfg.hz;
    uint64_t part = (dt % NS_PER_S) * hz + c->ns_frac;
    uint64_t n = (dt / NS_PER_S) * hz + part / NS_PER_S;
    c->ns_frac = part % NS_PER_S;
    if (n <= c->debt) {
        c->debt -= n;
        return;
    }
    n -= c->debt;
    c->debt = 0;
    run_budget(c, n);
}

void sim_core_wake(struct sim_core *c)
{
    c->event = true;
    c->sleeping = false;
}

/* Queue a range of translated code to drop; applied before the CPU runs
 * again (never under a running TB: the flash controller calls this from
 * inside a CPU store). */
void sim_core_invalidate(struct sim_core *c, uint32_t addr, uint32_t len)
{
    if (len == 0)
        return;
    if (c->ninval < CORE_MAX_INVAL) {
        c->inval_addr[c->ninval] = addr;
        c->inval_len[c->ninval] = len;
        c->ninval++;
    } else {
        c->inval_all = true;
    }
    if (c->in_emu)
        core_request_stop(c, STOP_SYNC);
    else
        core_apply_invalidations(c);
}

/* Drop translations for [addr, addr+len) at every address that shows the
 * same bytes (a chip aliases flash at 0 and at 0x08000000). */
static void invalidate_aliases(struct sim_core *c, uint32_t addr, uint32_t len)
{
    const struct sim_region *r = core_find_region(c, addr, 1);
    if (!r || !r->mem) {
        uc_ctl_remove_cache(c->uc, (uint64_t)addr, (uint64_t)addr + len);
        return;
    }
    const uint8_t *host = r->mem + (addr - r->base);
    for (size_t i = 0; i < c->nregions; i++) {
        const struct sim_region *a = &c->regions[i];
        if (!a->mem || host < a->mem || host >= a->mem + a->size)
            continue;
        uint32_t start = a->base + (uint32_t)(host - a->mem);
        uint32_t n = len;
        if ((uint64_t)(start - a->base) + n > a->size)
            n = a->size - (start - a->base);
        uc_ctl_remove_cache(c->uc, (uint64_t)start, (uint64_t)start + n);
    }
}

void core_apply_invalidations(struct sim_core *c)
{
    if (c->inval_all) {
        uc_ctl_flush_tlb(c->uc); /* UC_CTL_TB_FLUSH: all translated code */
    } else {
        for (unsigned i = 0; i < c->ninval; i++)
            invalidate_aliases(c, c->inval_addr[i], c->inval_len[i]);
    }
    c->ninval = 0;
    c->inval_all = false;
}

int sim_core_ppb_read(struct sim_core *c, uint32_t addr, uint32_t *val)
{
    return core_ppb_access(c, SIM_BUS_DEBUG, false, addr, 4, val);
}

int sim_core_ppb_write(struct sim_core *c, uint32_t addr, uint32_t val)
{
    return core_ppb_access(c, SIM_BUS_DEBUG, true, addr, 4, &val);
}
