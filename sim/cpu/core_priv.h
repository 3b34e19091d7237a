/* Internals of the Cortex-M core (sim/cpu/): shared by the small files
 * that implement core.h.  Nothing outside sim/cpu/ includes this.
 *
 * What Unicorn 2.0.1 does on its own for M-class (read in its sources,
 * qemu/accel/tcg/cpu-exec.c, target/arm/{translate,m_helper,op_helper}.c,
 * and checked by tests/unit/sim/test_core.c):
 *  - It never takes an exception itself: QEMU's do_interrupt is not called.
 *    Every exception becomes a UC_HOOK_INTR call with QEMU's EXCP_* number
 *    (core_exc.c lists them) and execution then continues at the current
 *    PC.  So exception entry (stacking, vector fetch, EXC_RETURN) and
 *    return (BX/POP/LDR to 0xFFFFFFFx in handler mode arrives as
 *    EXCP_EXCEPTION_EXIT with PC = the magic value) are ours: core_exc.c.
 *  - BKPT arrives as EXCP_BKPT with PC at the BKPT; SVC as EXCP_SWI with PC
 *    after it; undefined instructions as EXCP_UDEF; a vector with bit 0
 *    clear as EXCP_INVSTATE on the first instruction.
 *  - WFI ends uc_emu_start() (EXCP_HLT) with PC after the WFI and no hook
 *    call; WFE is a YIELD (a no-op).  We see both in the code hook.
 *  - MRS/MSR, CPS work on QEMU's own v7m state (PRIMASK, BASEPRI,
 *    FAULTMASK, CONTROL, banked MSP/PSP).  Writing IPSR or CONTROL through
 *    uc_reg_write neither swaps the banked SP nor rebuilds QEMU's cached TB
 *    flags: core_regs.c core_set_special() does both by hand.
 *  - The FPU is always enabled (fp_exception_el() returns 0): CPACR is
 *    kept and read back, but does not gate FP instructions.
 *  - There is no NVIC or SCS device: the whole PPB is ours to map.
 *  - Unmapped accesses stop emulation (UC_ERR_*_UNMAPPED) after the
 *    faulting instruction "completed" with 0; we record the PC in the code
 *    hook and raise a precise BusFault from there.
 *  - A UC_HOOK_CODE over everything is what uc_emu_start(count) would add
 *    anyway; ours counts instructions, checks FPB breakpoints and steps, so
 *    one hook, installed once, serves all (no TB flushes when breakpoints
 *    change).  Memory hooks make every access take the slow path, so the
 *    DWT installs them only while a data watchpoint is armed. */
#ifndef SIM_CPU_CORE_PRIV_H
#define SIM_CPU_CORE_PRIV_H

#include <unicorn/unicorn.h>

#include "cpu/core.h"
#include "cpu/core_regs.h"

/* unicorn.h's UC_CTL() shifts a signed int into bit 31 for read
 * controls (undefined behaviour UBSan reports); the same value, unsigned. */
#define CORE_UC_CTL_READ(type, nr) \
    ((uc_control_type)((uint32_t)(type) | ((uint32_t)(nr) << 26) | \
                       ((uint32_t)UC_CTL_IO_READ << 30)))

/* Per-core differences: one row per enum sim_core_kind (core.c). */
struct core_kind_info {
    const char *name;
    int uc_model;              /* UC_CPU_ARM_CORTEX_* */
    bool armv6m;               /* v6-M: no FAULTMASK/BASEPRI, no VECTRESET,
                                  only VC_HARDERR/VC_CORERESET, no CFSR */
    bool armv8m;
    bool has_fpu;              /* as on STM32 parts (M4F, M7, M33 with FPU) */
    bool has_vectreset;        /* AIRCR.VECTRESET exists (v7-M only) */
    unsigned fpb_rev;          /* FP_CTRL.REV: 0 = FPBv1, 1 = FPBv2 */
    uint16_t scs_part;         /* PIDR part numbers of the PPB components */
    uint16_t dwt_part, fpb_part, itm_part, tpiu_part;
    uint32_t rom_entries[8];   /* ROM table at 0xE00FF000, 0-terminated */
    uint32_t rom_pidr_part;
};

enum core_stop {                 /* why the last uc_emu_start() returned */
    STOP_NONE = 0,
    STOP_BUDGET = 1u << 0,       /* instruction budget used up */
    STOP_HALT = 1u << 1,         /* enter debug state (DFSR set already) */
    STOP_EXCEPTION = 1u << 2,    /* UC_HOOK_INTR: pending_excp */
    STOP_BUSFAULT = 1u << 3,     /* data/fetch bus error recorded */
    STOP_SLEEP = 1u << 4,        /* WFE without event */
    STOP_SYNC = 1u << 5,         /* re-sync hooks / invalidate code */
    STOP_RESET = 1u << 6,        /* VECTRESET or sysresetreq from the CPU */
};

#define CORE_MAX_FPB 8
#define CORE_MAX_DWT 4
#define CORE_MAX_INVAL 16
#define CORE_MAX_SPANS 32

/* One uc_mmio_map() span: its callbacks get offsets from `base`. */
struct core_span { struct sim_core *c; uint32_t base; };

struct core_fpb {
    uint32_t ctrl_enable;
    uint32_t comp[CORE_MAX_FPB];
    unsigned ncode, nlit;
    bool any;                    /* some breakpoint armed (fast check) */
};

struct core_dwt {
    uint32_t ctrl;               /* writable bits only */
    uint32_t cyccnt;
    uint32_t comp[CORE_MAX_DWT], mask[CORE_MAX_DWT], func[CORE_MAX_DWT];
    unsigned n;
    bool pc_match;               /* a FUNCTION=4 comparator is armed */
    bool data_armed;             /* a data comparator is armed */
    uc_hook h_read, h_write;     /* installed while data_armed */
    bool hooks_on;
};

struct sim_core {
    uc_engine *uc;
    struct sim_core_config cfg;
    const struct core_kind_info *k;
    const struct sim_region *regions;
    size_t nregions;
    struct sim_core_hooks hooks;

    /* state */
    bool halted, sleeping, lockup, held;
    bool in_emu;                 /* inside uc_emu_start() */
    sim_ns last_ns;
    uint64_t ns_frac;            /* remainder of hz*ns/1e9 */
    uint64_t debt;               /* instructions run beyond the budget */
    uint64_t budget, executed;   /* for the current chunk */
    unsigned stop;               /* enum core_stop bits */
    uint32_t cur_pc;             /* instruction being executed */
    uint32_t cur_size;           /* its size in bytes */
    bool in_code_hook;
    bool stop_mid_insn;          /* stop asked by a memory/MMIO callback */
    uint32_t halt_dfsr;          /* DFSR bits of a halt requested in a hook */
    /* A data watchpoint matched during the current instruction: halt
     * before the next one, once the access (and a load's register write)
     * has completed (ARMv7-M C1.8.1: the halt is imprecise, after the
     * instruction).  Stopping inside Unicorn's memory hook would abandon
     * the load half-done. */
    bool dwt_halt_pending;
    bool stepping;               /* running one instruction for C_STEP */
    const struct sim_region *code_cache; /* last region fetched from */
    bool event;                  /* WFE event register */
    int pending_excp;            /* QEMU EXCP_* from the intr hook */
    uint32_t fault_addr;         /* bus error address */
    bool fault_is_fetch, fault_is_write;

    /* debug registers (ARMv7-M C1.6) */
    uint32_t dhcsr_c;            /* C_* control bits */
    bool s_reset_st, s_retire_st, s_regrdy;
    uint32_t dcrdr, demcr, dfsr;

    /* SCB (ARMv7-M B3.2) */
    uint32_t vtor, aircr_prigroup, scr, ccr, cpacr;
    uint32_t shpr[3], shcsr, cfsr, hfsr, mmfar, bfar, afsr;
    uint32_t pend;               /* bit n: system exception n pending */
    uint32_t active;             /* bit n: system exception n active */
    uint32_t systick[3];         /* CSR (without COUNTFLAG), RVR, CVR */
    bool stk_countflag;
    uint32_t stk_prescale;       /* core cycles toward the next ref tick */

    struct core_fpb fpb;
    struct core_dwt dwt;

    uint32_t inval_addr[CORE_MAX_INVAL], inval_len[CORE_MAX_INVAL];
    unsigned ninval;
    bool inval_all;

    struct core_span spans[CORE_MAX_SPANS];
    unsigned nspans;

    uc_hook h_code, h_intr, h_wprot, h_unmapped;
};

/* core.c */
void core_enter_halt(struct sim_core *c, uint32_t dfsr_bits);
void core_resume(struct sim_core *c);
void core_do_lockup(struct sim_core *c);
void core_reset_regs(struct sim_core *c);
void core_request_stop(struct sim_core *c, unsigned why);
void core_apply_invalidations(struct sim_core *c);

/* core_mem.c: mapping and the bus as the core itself uses it */
int core_map_regions(struct sim_core *c);
int core_bus_read32(struct sim_core *c, uint32_t addr, uint32_t *val);
int core_bus_write32(struct sim_core *c, uint32_t addr, uint32_t val);
bool core_is_ppb_own(uint32_t addr);
int core_ppb_access(struct sim_core *c, enum sim_bus_initiator who,
                    bool write, uint32_t addr, unsigned size, uint32_t *val);
const struct sim_region *core_find_region(const struct sim_core *c,
                                          uint32_t addr, uint32_t len);

/* core_run.c */
void core_install_hooks(struct sim_core *c);
uint64_t core_run_chunk(struct sim_core *c, uint64_t n);

/* core_exc.c.  Unicorn reports these two as uc_emu_start() errors
 * (UC_ERR_INSN_INVALID, UC_ERR_EXCEPTION) instead of UC_HOOK_INTR calls
 * (arm_stop_interrupt() in 2.0.1); QEMU's EXCP_UDEF and EXCP_INVSTATE. */
#define QEXCP_UDEF_NUMBER 1
#define QEXCP_INVSTATE_NUMBER 18

void core_handle_exception(struct sim_core *c);
void core_handle_busfault(struct sim_core *c);
bool core_take_exception(struct sim_core *c, unsigned excnum,
                         uint32_t return_addr);
void core_exception_return(struct sim_core *c, uint32_t exc_return);

#define PRIO_NONE 256            /* execution priority with nothing active */
int core_exc_priority(const struct sim_core *c, unsigned exc);
int core_exec_priority(struct sim_core *c, bool with_primask);

/* core_systick.c */
int core_systick_read(struct sim_core *c, uint32_t off, uint32_t *val);
int core_systick_write(struct sim_core *c, uint32_t off, uint32_t val);
uint64_t core_systick_cycles_to_event(const struct sim_core *c);
void core_systick_advance(struct sim_core *c, uint64_t cycles);
uint32_t core_icsr_pending_bits(const struct sim_core *c);
void core_icsr_write(struct sim_core *c, uint32_t val);
int core_best_pending(const struct sim_core *c);
bool core_take_pending(struct sim_core *c);
bool core_pending_wakes(struct sim_core *c);

/* core_scs.c */
int core_scs_read(struct sim_core *c, enum sim_bus_initiator who,
                  uint32_t off, uint32_t *val);
int core_scs_write(struct sim_core *c, enum sim_bus_initiator who,
                   uint32_t off, uint32_t val, uint32_t bytemask);

/* core_regs.c: registers as the debugger and exception logic see them */
uint32_t core_reg_get(struct sim_core *c, int ucreg);
void core_reg_set(struct sim_core *c, int ucreg, uint32_t v);
uint32_t core_get_pc(struct sim_core *c);
void core_set_pc(struct sim_core *c, uint32_t pc);
uint32_t core_get_xpsr(struct sim_core *c);
struct core_special {
    uint32_t ipsr, control, msp, psp, primask, basepri, faultmask;
};
void core_get_special(struct sim_core *c, struct core_special *s);
void core_set_special(struct sim_core *c, const struct core_special *s);
int core_dcrsr_transfer(struct sim_core *c, uint32_t dcrsr);

/* core_debug.c: FPB, DWT, ITM/TPIU/ROM table */
int core_fpb_read(struct sim_core *c, uint32_t off, uint32_t *val);
int core_fpb_write(struct sim_core *c, uint32_t off, uint32_t val);
bool core_fpb_match(const struct sim_core *c, uint32_t pc);
int core_dwt_read(struct sim_core *c, uint32_t off, uint32_t *val);
int core_dwt_write(struct sim_core *c, uint32_t off, uint32_t val);
void core_dwt_sync_hooks(struct sim_core *c);
bool core_dwt_pc_match(struct sim_core *c, uint32_t pc);
int core_rom_read(struct sim_core *c, uint32_t base, uint32_t off,
                  uint32_t *val);
uint32_t core_cid_pid(uint32_t off, uint16_t part, uint8_t cls);

#endif
