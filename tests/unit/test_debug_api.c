/* Run control (include/swdoctor/debug.h, src/ops/debug*.c) on a fake
 * Cortex-M: the debug registers behave as the ARMv7-M ARM says (C1.6
 * DHCSR/DCRSR/DCRDR/DFSR/DEMCR, C1.8 DWT, C1.11 FPB, B3.2.15-B3.2.18 fault
 * status), so the tests check register selectors, stop reasons, comparator
 * values and the fault sentences against the manual. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <swdoctor/debug.h>

#include "ops/target_internal.h"

#define CPUID_M4  0x410FC241u
#define CPUID_M0P 0x410CC601u
#define MVFR0     0xE000EF40u
#define MVFR0_M4  0x10110021u   /* Cortex-M4 TRM 7.2: single precision */
#define NREGSEL   0x60u
#define MAP_SIZE  96

struct fake {
    uint32_t addr[MAP_SIZE], val[MAP_SIZE];
    unsigned n;
    uint32_t regs[NREGSEL];     /* by DCRSR selector */
    uint32_t dcrdr, dfsr, dhcsr_ctrl;
    int halted, lockup, reset_reads;
    unsigned resumes, steps;
    int bkpt_enabled_during_step;   /* FP_COMP of the PC was on when stepping */
};

static uint32_t *cell(struct fake *f, uint32_t addr)
{
    for (unsigned i = 0; i < f->n; i++)
        if (f->addr[i] == addr)
            return &f->val[i];
    assert_true(f->n < MAP_SIZE);
    f->addr[f->n] = addr;
    f->val[f->n] = 0;
    return &f->val[f->n++];
}

static uint32_t peek(struct fake *f, uint32_t addr) { return *cell(f, addr); }
static void poke(struct fake *f, uint32_t addr, uint32_t v) { *cell(f, addr) = v; }

static bool is_dwt_function(uint32_t addr)
{
    return addr >= ARM_DWT_FUNCTION(0) && addr <= ARM_DWT_FUNCTION(7) &&
           (addr - ARM_DWT_FUNCTION(0)) % 16u == 0;
}

static uint32_t word_read(struct fake *f, uint32_t addr)
{
    switch (addr) {
    case ARM_DHCSR: {
        uint32_t v = f->dhcsr_ctrl | ARM_DHCSR_S_REGRDY;
        if (f->halted)
            v |= ARM_DHCSR_S_HALT;
        if (f->lockup)
            v |= ARM_DHCSR_S_LOCKUP;
        if (f->reset_reads > 0) {
            v |= ARM_DHCSR_S_RESET_ST;
            f->reset_reads--;
        }
        return v;
    }
    case ARM_DCRDR: return f->dcrdr;
    case ARM_DFSR: return f->dfsr;
    }
    uint32_t v = peek(f, addr);
    if (is_dwt_function(addr))
        *cell(f, addr) &= ~ARM_DWT_FUNCTION_MATCHED;   /* C1.8.17: cleared by the read */
    return v;
}

/* FP_COMP that matches the PC (FPBv1 encoding, C1.11.5), or 0. */
static uint32_t fpb_at(struct fake *f, uint32_t pc)
{
    for (unsigned i = 0; i < 6; i++) {
        uint32_t c = peek(f, ARM_FP_COMP(i));
        if ((c & 1u) && (c & 0x1FFFFFFCu) == (pc & ~3u))
            return c;
    }
    return 0;
}

static void dhcsr_write(struct fake *f, uint32_t v)
{
    assert_int_equal(v >> 16, 0xA05Fu);   /* DBGKEY (C1.6.2) */
    f->dhcsr_ctrl = v & 0xFu;
    if (v & ARM_DHCSR_C_HALT) {
        if (!f->halted)
            f->dfsr |= ARM_DFSR_HALTED;
        f->halted = 1;
    } else if ((v & ARM_DHCSR_C_STEP) && f->halted) {
        f->steps++;
        if (fpb_at(f, f->regs[15]))
            f->bkpt_enabled_during_step = 1;
        f->regs[15] += 2;
        f->dfsr |= ARM_DFSR_HALTED;
    } else if (v & ARM_DHCSR_C_DEBUGEN) {
        f->halted = 0;
        f->resumes++;
    }
}

static void word_write(struct fake *f, uint32_t addr, uint32_t v)
{
    switch (addr) {
    case ARM_DHCSR: dhcsr_write(f, v); return;
    case ARM_DCRDR: f->dcrdr = v; return;
    case ARM_DFSR: f->dfsr &= ~v; return;   /* write one to clear */
    case ARM_DCRSR: {
        uint32_t sel = v & 0x7Fu;
        assert_true(sel < NREGSEL);
        if (v & ARM_DCRSR_REGWNR)
            f->regs[sel] = f->dcrdr;
        else
            f->dcrdr = f->regs[sel];
        return;
    }
    }
    if (is_dwt_function(addr))   /* MATCHED is read-only */
        v = (v & ~ARM_DWT_FUNCTION_MATCHED) | (peek(f, addr) & ARM_DWT_FUNCTION_MATCHED);
    poke(f, addr, v);
}

static int fake_read(void *link, unsigned ap, unsigned width, uint32_t addr, uint8_t *buf,
                     size_t len)
{
    (void)ap;
    assert_int_equal(width, 4);
    for (size_t i = 0; i < len; i += 4) {
        uint32_t v = word_read(link, addr + (uint32_t)i);
        memcpy(buf + i, &v, 4);
    }
    return SD_OK;
}

static int fake_write(void *link, unsigned ap, unsigned width, uint32_t addr,
                      const uint8_t *buf, size_t len)
{
    (void)ap;
    assert_int_equal(width, 4);
    for (size_t i = 0; i < len; i += 4) {
        uint32_t v;
        memcpy(&v, buf + i, 4);
        word_write(link, addr + (uint32_t)i, v);
    }
    return SD_OK;
}

static const struct arm_link_ops fake_ops = { .mem_read = fake_read, .mem_write = fake_write };

struct rig {
    struct fake f;
    struct sd_target t;
    struct stm32_part part;
};

/* A halted Cortex-M4 with an FPU, FPBv1 with 6 comparators, 4 DWT. */
static struct rig *rig_new(uint32_t cpuid)
{
    struct rig *r = calloc(1, sizeof *r);
    assert_non_null(r);
    assert_int_equal(sd_session_new(&r->t.s), SD_OK);
    r->t.core = (struct arm_target){ .session = r->t.s, .ops = &fake_ops, .link = &r->f };
    r->t.chip.cpuid = cpuid;
    r->t.chip.part = &r->part;
    poke(&r->f, ARM_CPUID, cpuid);
    poke(&r->f, MVFR0, cpuid == CPUID_M4 ? MVFR0_M4 : 0);
    poke(&r->f, ARM_FP_CTRL, 6u << 4);                        /* NUM_CODE 6, REV 0 */
    poke(&r->f, ARM_DWT_CTRL, 4u << ARM_DWT_CTRL_NUMCOMP_SHIFT);
    r->f.halted = 1;
    r->f.dhcsr_ctrl = ARM_DHCSR_C_DEBUGEN | ARM_DHCSR_C_HALT;
    r->f.regs[15] = 0x08000300u;
    r->f.regs[16] = 1u << 24;   /* Thumb, thread mode */
    return r;
}

static void rig_free(struct rig *r)
{
    sd_session_free(r->t.s);
    free(r);
}

static void registers_map_to_dcrsr_selectors(void **state)
{
    (void)state;
    struct rig *r = rig_new(CPUID_M4);
    uint32_t v = 0;
    r->f.regs[15] = 0x08000123u;
    assert_int_equal(sd_debug_reg_read(&r->t, SD_REG_PC, &v), SD_OK);
    assert_int_equal(v, 0x08000123u);
    r->f.regs[18] = 0x2000F000u;   /* PSP is selector 18 */
    assert_int_equal(sd_debug_reg_read(&r->t, SD_REG_PSP, &v), SD_OK);
    assert_int_equal(v, 0x2000F000u);
    /* Selector 20 packs CONTROL[31:24] FAULTMASK[23:16] BASEPRI[15:8] PRIMASK[7:0]. */
    r->f.regs[20] = 0x02010001u;
    assert_int_equal(sd_debug_reg_read(&r->t, SD_REG_CONTROL, &v), SD_OK);
    assert_int_equal(v, 2);
    assert_int_equal(sd_debug_reg_read(&r->t, SD_REG_FAULTMASK, &v), SD_OK);
    assert_int_equal(v, 1);
    assert_int_equal(sd_debug_reg_write(&r->t, SD_REG_BASEPRI, 0x40), SD_OK);
    assert_int_equal(r->f.regs[20], 0x02014001u);   /* the other three bytes kept */
    /* FPU: S0-S31 are 0x40-0x5F, FPSCR 0x21 (C1.6.3). */
    assert_int_equal(sd_debug_reg_write(&r->t, SD_REG_S0 + 5, 0x3F800000u), SD_OK);
    assert_int_equal(r->f.regs[0x45], 0x3F800000u);
    r->f.regs[0x21] = 0x03000000u;
    assert_int_equal(sd_debug_reg_read(&r->t, SD_REG_FPSCR, &v), SD_OK);
    assert_int_equal(v, 0x03000000u);
    assert_int_equal(sd_debug_reg_read(&r->t, SD_REG_COUNT, &v), SD_ERR_INVALID_ARG);
    /* Registers need a halted core (DCRSR transfers only complete in Debug state). */
    r->f.halted = 0;
    assert_int_equal(sd_debug_reg_read(&r->t, SD_REG_PC, &v), SD_ERR_TARGET_STATE);
    rig_free(r);
}

static void armv6m_and_no_fpu_registers_refused(void **state)
{
    (void)state;
    struct rig *r = rig_new(CPUID_M0P);
    uint32_t v;
    struct sd_core_info ci;
    assert_int_equal(sd_debug_core_info(&r->t, &ci), SD_OK);
    assert_string_equal(ci.name, "Cortex-M0+");
    assert_true(ci.armv6m);
    assert_false(ci.has_fpu);
    assert_int_equal(sd_debug_reg_read(&r->t, SD_REG_BASEPRI, &v), SD_ERR_INVALID_ARG);
    assert_int_equal(sd_debug_reg_read(&r->t, SD_REG_FAULTMASK, &v), SD_ERR_INVALID_ARG);
    assert_int_equal(sd_debug_reg_read(&r->t, SD_REG_S0, &v), SD_ERR_INVALID_ARG);
    assert_int_equal(sd_debug_reg_read(&r->t, SD_REG_PRIMASK, &v), SD_OK);
    rig_free(r);
}

static void core_info_counts_units(void **state)
{
    (void)state;
    struct rig *r = rig_new(CPUID_M4);
    poke(&r->f, ARM_FP_COMP(3), 0x48000101u);   /* left over by an earlier debugger */
    struct sd_core_info ci;
    assert_int_equal(sd_debug_core_info(&r->t, &ci), SD_OK);
    assert_string_equal(ci.name, "Cortex-M4");
    assert_true(ci.has_fpu);
    assert_int_equal(ci.n_breakpoints, 6);
    assert_int_equal(ci.n_watchpoints, 4);
    assert_int_equal(peek(&r->f, ARM_FP_COMP(3)), 0);   /* stale comparators cleared */
    rig_free(r);
}

static void poll_reports_reasons(void **state)
{
    (void)state;
    struct rig *r = rig_new(CPUID_M4);
    struct sd_stop st;
    r->f.halted = 0;
    assert_int_equal(sd_debug_poll(&r->t, &st), SD_OK);
    assert_int_equal(st.reason, SD_STOP_RUNNING);
    r->f.halted = 1;
    r->f.dfsr = ARM_DFSR_BKPT;
    assert_int_equal(sd_debug_poll(&r->t, &st), SD_OK);
    assert_int_equal(st.reason, SD_STOP_BREAKPOINT);
    assert_int_equal(st.pc, 0x08000300u);
    assert_int_equal(st.dfsr, ARM_DFSR_BKPT);
    /* A vector catch in HardFault (IPSR 3) is a fault; at reset (IPSR 0) not. */
    r->f.dfsr = ARM_DFSR_VCATCH;
    r->f.regs[16] = 1u << 24 | 3u;
    assert_int_equal(sd_debug_poll(&r->t, &st), SD_OK);
    assert_int_equal(st.reason, SD_STOP_VECTOR_CATCH);
    assert_int_equal(st.fault, 1);
    r->f.regs[16] = 1u << 24;
    assert_int_equal(sd_debug_poll(&r->t, &st), SD_OK);
    assert_int_equal(st.fault, 0);
    r->f.dfsr = ARM_DFSR_HALTED;
    assert_int_equal(sd_debug_poll(&r->t, &st), SD_OK);
    assert_int_equal(st.reason, SD_STOP_HALT_REQUEST);
    r->f.halted = 0;
    r->f.lockup = 1;
    assert_int_equal(sd_debug_poll(&r->t, &st), SD_OK);
    assert_int_equal(st.reason, SD_STOP_LOCKUP);
    assert_int_equal(st.fault, 1);
    /* S_RESET_ST is sticky: set on two reads in a row means held in reset. */
    r->f.lockup = 0;
    r->f.reset_reads = 1;
    assert_int_equal(sd_debug_poll(&r->t, &st), SD_OK);
    assert_int_equal(st.reason, SD_STOP_RUNNING);
    r->f.reset_reads = 2;
    assert_int_equal(sd_debug_poll(&r->t, &st), SD_OK);
    assert_int_equal(st.reason, SD_STOP_RESET);
    rig_free(r);
}

static void halt_step_resume(void **state)
{
    (void)state;
    struct rig *r = rig_new(CPUID_M4);
    struct sd_stop st;
    r->f.halted = 0;
    assert_int_equal(sd_debug_halt(&r->t), SD_OK);
    assert_int_equal(sd_debug_poll(&r->t, &st), SD_OK);
    assert_int_equal(st.reason, SD_STOP_HALT_REQUEST);
    assert_int_equal(sd_debug_step(&r->t), SD_OK);
    assert_int_equal(sd_debug_poll(&r->t, &st), SD_OK);
    assert_int_equal(st.reason, SD_STOP_STEP);
    assert_int_equal(st.pc, 0x08000302u);
    assert_int_equal(sd_debug_resume(&r->t), SD_OK);
    assert_false(r->f.halted);
    assert_int_equal(r->f.dfsr, 0);   /* cleared before running: only the next stop counts */
    /* Stepping a running core is refused. */
    assert_int_equal(sd_debug_step(&r->t), SD_ERR_TARGET_STATE);
    rig_free(r);
}

static void breakpoints_use_fpb(void **state)
{
    (void)state;
    struct rig *r = rig_new(CPUID_M4);
    assert_int_equal(sd_debug_bkpt_set(&r->t, 0x08000246u), SD_OK);
    /* FPBv1 (C1.11.5): REPLACE 0b10 upper halfword, COMP[28:2], ENABLE. */
    assert_int_equal(peek(&r->f, ARM_FP_COMP(0)), 0x80000000u | 0x08000244u | 1u);
    assert_int_equal(peek(&r->f, ARM_FP_CTRL), 3u);   /* KEY | ENABLE (C1.11.3) */
    assert_int_equal(sd_debug_bkpt_set(&r->t, 0x08000247u), SD_OK);   /* same, Thumb bit */
    assert_int_equal(peek(&r->f, ARM_FP_COMP(1)), 0);
    /* FPBv1 matches the Code region only. */
    assert_int_equal(sd_debug_bkpt_set(&r->t, 0x20000100u), SD_ERR_INVALID_ARG);
    assert_non_null(strstr(sd_session_detail(r->t.s), "Code region"));
    for (uint32_t i = 1; i < 6; i++)
        assert_int_equal(sd_debug_bkpt_set(&r->t, 0x08001000u + 4 * i), SD_OK);
    assert_int_equal(sd_debug_bkpt_set(&r->t, 0x08002000u), SD_ERR_REFUSED);
    assert_non_null(strstr(sd_session_detail(r->t.s), "all 6 FPB comparators are in use"));
    assert_int_equal(sd_debug_bkpt_clear(&r->t, 0x08001008u), SD_OK);
    assert_int_equal(peek(&r->f, ARM_FP_COMP(2)), 0);
    assert_int_equal(sd_debug_bkpt_set(&r->t, 0x08002000u), SD_OK);   /* the freed slot */
    assert_int_equal(peek(&r->f, ARM_FP_COMP(2)), 0x40000000u | 0x08002000u | 1u);
    assert_int_equal(sd_debug_bkpt_clear(&r->t, 0x08003000u), SD_ERR_INVALID_ARG);
    rig_free(r);
}

static void resume_steps_off_a_breakpoint(void **state)
{
    (void)state;
    struct rig *r = rig_new(CPUID_M4);
    r->f.regs[15] = 0x08000400u;
    assert_int_equal(sd_debug_bkpt_set(&r->t, 0x08000400u), SD_OK);
    assert_int_equal(sd_debug_resume(&r->t), SD_OK);
    /* One step with that comparator off, then it is back and the core runs. */
    assert_int_equal(r->f.steps, 1);
    assert_false(r->f.bkpt_enabled_during_step);
    assert_int_equal(peek(&r->f, ARM_FP_COMP(0)), 0x40000000u | 0x08000400u | 1u);
    assert_false(r->f.halted);
    rig_free(r);
}

static void watchpoints_use_dwt(void **state)
{
    (void)state;
    struct rig *r = rig_new(CPUID_M4);
    struct sd_stop st;
    assert_int_equal(sd_debug_watch_set(&r->t, 0x20000004u, 4, 2), SD_OK);
    assert_int_equal(sd_debug_watch_set(&r->t, 0x20000100u, 256, 3), SD_OK);
    assert_int_equal(peek(&r->f, ARM_DWT_COMP(1)), 0x20000100u);
    assert_int_equal(peek(&r->f, ARM_DWT_MASK(1)), 8);          /* C1.8.16: 2^8 bytes */
    assert_int_equal(peek(&r->f, ARM_DWT_FUNCTION(1)), 0x5u);   /* C1.8.17: on read */
    assert_int_equal(peek(&r->f, ARM_DWT_FUNCTION(0)), 0x6u);   /* on write */
    assert_int_equal(sd_debug_watch_set(&r->t, 0x20000000u, 12, 2), SD_ERR_INVALID_ARG);
    assert_int_equal(sd_debug_watch_set(&r->t, 0x20000002u, 4, 2), SD_ERR_INVALID_ARG);
    assert_int_equal(sd_debug_watch_set(&r->t, 0x20000000u, 4, 1), SD_ERR_INVALID_ARG);
    /* Comparator 1 matched: the stop names its address and kind, and a
     * second poll still does although MATCHED cleared on the first read. */
    *cell(&r->f, ARM_DWT_FUNCTION(1)) |= ARM_DWT_FUNCTION_MATCHED;
    r->f.dfsr = ARM_DFSR_DWTTRAP;
    assert_int_equal(sd_debug_poll(&r->t, &st), SD_OK);
    assert_int_equal(st.reason, SD_STOP_WATCHPOINT);
    assert_int_equal(st.watch_addr, 0x20000100u);
    assert_int_equal(st.watch_kind, 3);
    assert_int_equal(sd_debug_watch_clear(&r->t, 0x20000100u, 256, 3), SD_OK);
    assert_int_equal(peek(&r->f, ARM_DWT_FUNCTION(1)), 0);
    assert_int_equal(sd_debug_poll(&r->t, &st), SD_OK);
    assert_int_equal(st.watch_addr, 0x20000100u);
    assert_int_equal(sd_debug_watch_clear(&r->t, 0x20000100u, 256, 3), SD_ERR_INVALID_ARG);
    /* Four comparators, then full. */
    assert_int_equal(sd_debug_watch_set(&r->t, 0x20000010u, 4, 4), SD_OK);
    assert_int_equal(sd_debug_watch_set(&r->t, 0x20000020u, 4, 4), SD_OK);
    assert_int_equal(sd_debug_watch_set(&r->t, 0x20000030u, 4, 4), SD_OK);
    assert_int_equal(sd_debug_watch_set(&r->t, 0x20000040u, 4, 4), SD_ERR_REFUSED);
    rig_free(r);
}

static void fault_catch_bits(void **state)
{
    (void)state;
    struct rig *r = rig_new(CPUID_M4);
    poke(&r->f, ARM_DEMCR, ARM_DEMCR_TRCENA | ARM_DEMCR_VC_CORERESET);
    assert_int_equal(sd_debug_catch_faults(&r->t, 1), SD_OK);
    /* C1.6.5: HARDERR 10, BUSERR 8, STATERR 7, CHKERR 6, NOCPERR 5, MMERR 4. */
    assert_int_equal(peek(&r->f, ARM_DEMCR), ARM_DEMCR_TRCENA | ARM_DEMCR_VC_CORERESET | 0x5F0u);
    assert_int_equal(sd_debug_catch_faults(&r->t, 0), SD_OK);
    assert_int_equal(peek(&r->f, ARM_DEMCR), ARM_DEMCR_TRCENA | ARM_DEMCR_VC_CORERESET);
    rig_free(r);

    r = rig_new(CPUID_M0P);   /* ARMv6-M: VC_HARDERR only */
    assert_int_equal(sd_debug_catch_faults(&r->t, 1), SD_OK);
    assert_int_equal(peek(&r->f, ARM_DEMCR) & 0x7F0u, ARM_DEMCR_VC_HARDERR);
    rig_free(r);
}

static void fault_text_in_words(void **state)
{
    (void)state;
    struct rig *r = rig_new(CPUID_M4);
    char text[256];
    /* BFSR.PRECISERR | BFARVALID, HFSR.FORCED (B3.2.15, B3.2.16). */
    poke(&r->f, ARM_CFSR, 0x00008200u);
    poke(&r->f, ARM_HFSR, 0x40000000u);
    poke(&r->f, ARM_BFAR, 0x20020000u);
    assert_int_equal(sd_debug_fault_text(&r->t, text, sizeof text), SD_OK);
    assert_non_null(strstr(text, "HardFault (FORCED) from a BusFault: precise data bus error "
                                 "at 0x20020000 (BFAR)"));
    /* BFAR not valid: no address. */
    poke(&r->f, ARM_CFSR, 0x00000200u);
    assert_int_equal(sd_debug_fault_text(&r->t, text, sizeof text), SD_OK);
    assert_null(strstr(text, "BFAR)"));
    /* MMFSR.DACCVIOL | MMARVALID with UFSR.DIVBYZERO, no HardFault. */
    poke(&r->f, ARM_CFSR, 0x02000082u);
    poke(&r->f, ARM_HFSR, 0);
    poke(&r->f, ARM_MMFAR, 0x00000010u);
    assert_int_equal(sd_debug_fault_text(&r->t, text, sizeof text), SD_OK);
    assert_non_null(strstr(text, "MemManage fault: data access the MPU forbids at 0x00000010 "
                                 "(MMFAR)"));
    assert_non_null(strstr(text, "UsageFault: division by zero"));
    poke(&r->f, ARM_CFSR, 0);
    assert_int_equal(sd_debug_fault_text(&r->t, text, sizeof text), SD_OK);
    assert_non_null(strstr(text, "no fault recorded"));
    /* A short buffer is cut, still terminated. */
    poke(&r->f, ARM_CFSR, 0x00008200u);
    poke(&r->f, ARM_HFSR, 0x40000000u);
    assert_int_equal(sd_debug_fault_text(&r->t, text, 12), SD_OK);
    assert_int_equal(strlen(text), 11);
    rig_free(r);

    r = rig_new(CPUID_M0P);
    assert_int_equal(sd_debug_fault_text(&r->t, text, sizeof text), SD_OK);
    assert_non_null(strstr(text, "no fault status registers"));
    rig_free(r);
}

static void memory_map_groups_sectors(void **state)
{
    (void)state;
    struct rig *r = rig_new(CPUID_M4);
    /* A dual-bank F42x-like layout: 4x16K, 64K, 2x128K per bank. */
    static const uint32_t sizes[] = { 16384, 16384, 16384, 16384, 65536, 131072, 131072 };
    struct stm32_chip *c = &r->t.chip;
    uint32_t addr = 0x08000000u;
    for (unsigned b = 0; b < 2; b++)
        for (unsigned i = 0; i < 7; i++) {
            c->sectors[c->n_sectors++] = (struct stm32_sector){ .addr = addr, .size = sizes[i],
                                                                .bank = (uint8_t)b };
            addr += sizes[i];
        }
    r->part.sram_kib = 192;
    struct sd_mem_region m;
    static const struct sd_mem_region want[] = {
        { 0x08000000u, 0x10000u, 1, 0x4000u }, { 0x08010000u, 0x10000u, 1, 0x10000u },
        { 0x08020000u, 0x40000u, 1, 0x20000u }, { 0x08060000u, 0x10000u, 1, 0x4000u },
        { 0x08070000u, 0x10000u, 1, 0x10000u }, { 0x08080000u, 0x40000u, 1, 0x20000u },
        { 0x20000000u, 192u * 1024u, 0, 0 },
    };
    for (unsigned i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_int_equal(sd_debug_memory_region(&r->t, i, &m), SD_OK);
        assert_int_equal(m.start, want[i].start);
        assert_int_equal(m.length, want[i].length);
        assert_int_equal(m.is_flash, want[i].is_flash);
        assert_int_equal(m.block_size, want[i].block_size);
    }
    assert_int_equal(sd_debug_memory_region(&r->t, 7, &m), SD_ERR_OUT_OF_RANGE);
    rig_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(registers_map_to_dcrsr_selectors),
        cmocka_unit_test(armv6m_and_no_fpu_registers_refused),
        cmocka_unit_test(core_info_counts_units),
        cmocka_unit_test(poll_reports_reasons),
        cmocka_unit_test(halt_step_resume),
        cmocka_unit_test(breakpoints_use_fpb),
        cmocka_unit_test(resume_steps_off_a_breakpoint),
        cmocka_unit_test(watchpoints_use_dwt),
        cmocka_unit_test(fault_catch_bits),
        cmocka_unit_test(fault_text_in_words),
        cmocka_unit_test(memory_map_groups_sectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
