/* Unit tests of sim/cpu: the Cortex-M4 core on Unicorn with its debug
 * registers, over test regions (a flash-like CPU_RO region at 0x08000000,
 * RAM at 0x20000000, a register block at 0x40000000).  Expected values
 * come from the ARMv7-M ARM (DDI0403E): B1.5 exceptions, B3.2 SCB,
 * C1.6 debug registers, C1.8 DWT, C1.11 FPB. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "cpu/core.h"

/* ---- test program (arm-none-eabi-as, linked at 0x08000000) ----
 *  0x000  vectors: SP 0x20008000, Reset 0x101, NMI/HardFault/MemManage/
 *         BusFault/UsageFault 0x181, SVCall 0x1A1
 *  0x100  count_loop:  movs r0,#0 / 1: adds r0,#1 / b 1b
 *  0x120  flash_store: mov.w r1,#0x08000800 / ldr r2,=0x12345678 /
 *                      str r2,[r1] / movs r0,#1 / b .
 *  0x140  watch_store: ldr r1,=0x20000100 / movs r2,#7 / str r2,[r1] /
 *                      movs r3,#1 / movs r4,#2 / b .
 *  0x160  sleep_wfi:   wfi / movs r0,#1 / b .
 *  0x180  fault_loop:  b .
 *  0x1A0  svc_handler: adds r5,#1 / bx lr
 *  0x1C0  bkpt_test:   movs r0,#5 / bkpt #0 / movs r0,#6 / b .
 *  0x1E0  busy_poll:   mov.w r1,#0x40000000 / 1: ldr r2,[r1] /
 *                      lsls r2,r2,#31 / bne 1b / movs r0,#1 / b .
 *  0x200  undef_test:  movs r0,#0x11 / udf #0
 *  0x220  svc_test:    movs r5,#0 / svc #0 / movs r0,#9 / b .
 *  0x240  bus_fault:   mov.w r1,#0x60000000 / ldr r2,[r1] / b .
 *  0x260  step_seq:    movs r0,#1 / movs r0,#2 / movs r0,#3 / b .
 *  0x268  literals */
static const uint8_t prog[0x270] = {
    [0x000] = 0x00, 0x80, 0x00, 0x20, 0x01, 0x01, 0x00, 0x08, 0x81, 0x01, 0x00, 0x08, 0x81, 0x01, 0x00, 0x08,
    [0x010] = 0x81, 0x01, 0x00, 0x08, 0x81, 0x01, 0x00, 0x08, 0x81, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00,
    [0x020] = 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xa1, 0x01, 0x00, 0x08,
    [0x100] = 0x00, 0x20, 0x01, 0x30, 0xfd, 0xe7, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    [0x120] = 0x4f, 0xf0, 0x08, 0x21, 0x50, 0x4a, 0x0a, 0x60, 0x01, 0x20, 0xfe, 0xe7, 0x00, 0x00, 0x00, 0x00,
    [0x140] = 0x4a, 0x49, 0x07, 0x22, 0x0a, 0x60, 0x01, 0x23, 0x02, 0x24, 0xfe, 0xe7, 0x00, 0x00, 0x00, 0x00,
    [0x160] = 0x30, 0xbf, 0x01, 0x20, 0xfe, 0xe7, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    [0x180] = 0xfe, 0xe7, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    [0x1a0] = 0x01, 0x35, 0x70, 0x47, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    [0x1c0] = 0x05, 0x20, 0x00, 0xbe, 0x06, 0x20, 0xfe, 0xe7, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    [0x1e0] = 0x4f, 0xf0, 0x80, 0x41, 0x0a, 0x68, 0xd2, 0x07, 0xfc, 0xd1, 0x01, 0x20, 0xfe, 0xe7, 0x00, 0x00,
    [0x200] = 0x11, 0x20, 0x00, 0xde, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    [0x220] = 0x00, 0x25, 0x00, 0xdf, 0x09, 0x20, 0xfe, 0xe7, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    [0x240] = 0x4f, 0xf0, 0xc0, 0x41, 0x0a, 0x68, 0xfe, 0xe7, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    [0x260] = 0x01, 0x20, 0x02, 0x20, 0x03, 0x20, 0xfe, 0xe7, 0x78, 0x56, 0x34, 0x12, 0x00, 0x01, 0x00, 0x20,
};

#define FLASH_BASE 0x08000000u
#define FLASH_SIZE 0x10000u
#define RAM_BASE 0x20000000u
#define RAM_SIZE 0x10000u
#define REG_BASE 0x40000000u
#define HZ 16000000u

#define A_COUNT (FLASH_BASE + 0x100u)
#define A_FLASH_STORE (FLASH_BASE + 0x120u)
#define A_WATCH (FLASH_BASE + 0x140u)
#define A_WFI (FLASH_BASE + 0x160u)
#define A_FAULT_LOOP (FLASH_BASE + 0x180u)
#define A_BKPT (FLASH_BASE + 0x1C0u)
#define A_BUSY (FLASH_BASE + 0x1E0u)
#define A_UNDEF (FLASH_BASE + 0x200u)
#define A_SVC (FLASH_BASE + 0x220u)
#define A_BUSFAULT (FLASH_BASE + 0x240u)
#define A_STEP (FLASH_BASE + 0x260u)

/* Debug register addresses and bits (ARMv7-M C1.6; stlink-protocol.md §0) */
#define DHCSR 0xE000EDF0u
#define DCRSR 0xE000EDF4u
#define DCRDR 0xE000EDF8u
#define DEMCR 0xE000EDFCu
#define DFSR 0xE000ED30u
#define AIRCR 0xE000ED0Cu
#define CPUID 0xE000ED00u
#define SCR 0xE000ED10u
#define CFSR 0xE000ED28u
#define HFSR 0xE000ED2Cu
#define BFAR 0xE000ED38u
#define FP_CTRL 0xE0002000u
#define FP_COMP0 0xE0002008u
#define DWT_COMP0 0xE0001020u
#define DWT_MASK0 0xE0001024u
#define DWT_FUNCTION0 0xE0001028u
#define DWT_CTRL 0xE0001000u
#define DWT_CYCCNT 0xE0001004u
#define ROM_TABLE 0xE00FF000u
#define DBGKEY 0xA05F0000u
#define C_DEBUGEN 0x1u
#define C_HALT 0x2u
#define C_STEP 0x4u
#define C_MASKINTS 0x8u
#define S_REGRDY (1u << 16)
#define S_HALT (1u << 17)
#define S_SLEEP (1u << 18)
#define S_LOCKUP (1u << 19)
#define S_RETIRE_ST (1u << 24)
#define S_RESET_ST (1u << 25)
#define DFSR_HALTED 0x1u
#define DFSR_BKPT 0x2u
#define DFSR_DWTTRAP 0x4u
#define DFSR_VCATCH 0x8u
#define VC_CORERESET 0x1u
#define VC_HARDERR (1u << 10)
#define TRCENA (1u << 24)
#define REGWNR (1u << 16)
#define R_R0 0u
#define R_R3 3u
#define R_R5 5u
#define R_SP 13u
#define R_LR 14u
#define R_PC 15u
#define R_XPSR 16u
#define R_MSP 17u
#define R_PSP 18u
#define R_SPECIAL 20u
#define R_FPSCR 0x21u
#define R_S0 0x40u

struct bench {
    uint8_t flash[FLASH_SIZE];
    uint8_t ram[RAM_SIZE];
    struct sim_region regions[3];
    struct sim_core *core;
    sim_ns t;
    uint32_t reg_value;         /* what the register block reads */
    unsigned flash_writes;
    uint32_t fw_off, fw_val;
    unsigned fw_size;
    unsigned sleeps, sysresets, lockups;
    bool last_deep;
    bool program_on_write;      /* act like a flash controller */
};

static int flash_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                       unsigned size, uint32_t val)
{
    struct bench *b = ctx;
    assert_int_equal(who, SIM_BUS_CPU);
    b->flash_writes++;
    b->fw_off = off;
    b->fw_size = size;
    b->fw_val = val;
    if (b->program_on_write) {
        /* Program the bytes (1 -> 0 only, like NOR flash) and drop the
         * translated code, from inside the CPU store. */
        for (unsigned i = 0; i < size; i++)
            b->flash[off + i] &= (uint8_t)(val >> (8 * i));
        sim_core_invalidate(b->core, FLASH_BASE + off, size);
    }
    return 0;
}

static int flash_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                      unsigned size, uint32_t *val)
{
    (void)ctx; (void)who; (void)off; (void)size;
    *val = 0;
    return 0;
}

static int reg_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                    unsigned size, uint32_t *val)
{
    struct bench *b = ctx;
    (void)who; (void)off; (void)size;
    *val = b->reg_value;
    return 0;
}

static int reg_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                     unsigned size, uint32_t val)
{
    (void)ctx; (void)who; (void)off; (void)size; (void)val;
    return 0;
}

static void on_sleep(void *ctx, bool deep)
{
    struct bench *b = ctx;
    b->sleeps++;
    b->last_deep = deep;
}

static void on_sysreset(void *ctx) { ((struct bench *)ctx)->sysresets++; }
static void on_lockup(void *ctx) { ((struct bench *)ctx)->lockups++; }

static struct bench *bench_new_kind(bool erased, enum sim_core_kind kind,
                                    uint32_t cpuid)
{
    static struct bench b;
    memset(&b, 0, sizeof b);
    memset(b.flash, 0xFF, sizeof b.flash);
    if (!erased)
        memcpy(b.flash, prog, sizeof prog);
    b.regions[0] = (struct sim_region){ .name = "flash", .base = FLASH_BASE,
        .size = FLASH_SIZE, .mem = b.flash,
        .flags = SIM_REGION_EXEC | SIM_REGION_CPU_RO,
        .read = flash_read, .write = flash_write, .ctx = &b };
    b.regions[1] = (struct sim_region){ .name = "sram", .base = RAM_BASE,
        .size = RAM_SIZE, .mem = b.ram, .flags = SIM_REGION_EXEC };
    b.regions[2] = (struct sim_region){ .name = "regs", .base = REG_BASE,
        .size = 0x400, .read = reg_read, .write = reg_write, .ctx = &b };
    struct sim_core_config cfg = { .kind = kind, .cpuid = cpuid,
        .hz = HZ, .fpb_code_comparators = 6, .fpb_literal_comparators = 2,
        .dwt_comparators = 4, .boot_address = FLASH_BASE };
    struct sim_core_hooks hooks = { .ctx = &b, .sleep = on_sleep,
        .sysresetreq = on_sysreset, .lockup = on_lockup };
    b.core = sim_core_create(&cfg, b.regions, 3, &hooks);
    assert_non_null(b.core);
    return &b;
}

static struct bench *bench_new(bool erased)
{
    return bench_new_kind(erased, SIM_CORE_M4, 0x410FC241);
}

static void bench_free(struct bench *b) { sim_core_destroy(b->core); }

static void run_ns(struct bench *b, sim_ns ns)
{
    b->t += ns;
    sim_core_run_until(b->core, b->t);
}

static uint32_t rd(struct bench *b, uint32_t addr)
{
    uint32_t v = 0xDEADBEEF;
    assert_int_equal(sim_core_ppb_read(b->core, addr, &v), 0);
    return v;
}

static void wr(struct bench *b, uint32_t addr, uint32_t v)
{
    assert_int_equal(sim_core_ppb_write(b->core, addr, v), 0);
}

static uint32_t reg_get(struct bench *b, uint32_t sel)
{
    wr(b, DCRSR, sel);
    assert_true(rd(b, DHCSR) & S_REGRDY);
    return rd(b, DCRDR);
}

static void reg_set(struct bench *b, uint32_t sel, uint32_t v)
{
    wr(b, DCRDR, v);
    wr(b, DCRSR, sel | REGWNR);
    assert_true(rd(b, DHCSR) & S_REGRDY);
}

static void halt(struct bench *b)
{
    wr(b, DHCSR, DBGKEY | C_DEBUGEN | C_HALT);
    assert_int_equal(sim_core_state(b->core), SIM_CORE_HALTED);
}

static void resume(struct bench *b) { wr(b, DHCSR, DBGKEY | C_DEBUGEN); }

/* Halt, point the PC at `pc` and let it run `ns`. */
static void run_at(struct bench *b, uint32_t pc, sim_ns ns)
{
    halt(b);
    reg_set(b, R_PC, pc);
    resume(b);
    run_ns(b, ns);
}

static void test_reset_loads_sp_pc(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    uint32_t dhcsr = rd(b, DHCSR);
    assert_true(dhcsr & S_RESET_ST);               /* C1.6.2 */
    assert_false(rd(b, DHCSR) & S_RESET_ST);       /* cleared by the read */
    halt(b);
    assert_int_equal(reg_get(b, R_SP), 0x20008000u);
    assert_int_equal(reg_get(b, R_MSP), 0x20008000u);
    assert_int_equal(reg_get(b, R_PC), A_COUNT);
    assert_int_equal(reg_get(b, R_XPSR), 0x01000000u); /* T, Thread */
    assert_int_equal(reg_get(b, R_LR), 0xFFFFFFFFu);
    assert_int_equal(rd(b, CPUID), 0x410FC241u);
    assert_int_equal(rd(b, DFSR) & DFSR_HALTED, DFSR_HALTED);
    bench_free(b);
}

static void test_run_counts_instructions(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    uint64_t before = sim_stats.cpu_instructions;
    run_ns(b, 1000000); /* 1 ms at 16 MHz = 16000 instructions */
    assert_int_equal(sim_stats.cpu_instructions - before, 16000);
    assert_true(rd(b, DHCSR) & S_RETIRE_ST);         /* sticky ... */
    assert_false(rd(b, DHCSR) & S_RETIRE_ST);        /* ... clear on read */
    halt(b);
    /* movs, then 15999 = 7999 x (adds, b) + adds */
    assert_int_equal(reg_get(b, R_R0), 8000);
    /* Halted time runs nothing. */
    before = sim_stats.cpu_instructions;
    run_ns(b, 1000000);
    assert_int_equal(sim_stats.cpu_instructions, before);
    assert_int_equal(reg_get(b, R_R0), 8000);
    /* Fractional cycles carry over: 1000 x 1 ns at 16 MHz = 16 instrs. */
    resume(b);
    for (int i = 0; i < 1000; i++)
        run_ns(b, 1);
    assert_int_equal(sim_stats.cpu_instructions - before, 16);
    bench_free(b);
}

static void test_write_pc_and_resume(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    run_at(b, A_STEP, 10000);
    halt(b);
    assert_int_equal(reg_get(b, R_R0), 3);
    assert_int_equal(reg_get(b, R_PC), A_STEP + 6);
    bench_free(b);
}

static void test_single_step(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    halt(b);
    reg_set(b, R_PC, A_STEP);
    reg_set(b, R_R0, 0);
    wr(b, DFSR, 0x1F);
    wr(b, DHCSR, DBGKEY | C_DEBUGEN | C_STEP | C_MASKINTS);
    assert_true(rd(b, DHCSR) & S_HALT);
    assert_int_equal(reg_get(b, R_R0), 1);
    assert_int_equal(reg_get(b, R_PC), A_STEP + 2);
    assert_int_equal(rd(b, DFSR), DFSR_HALTED);
    wr(b, DHCSR, DBGKEY | C_DEBUGEN | C_STEP | C_MASKINTS);
    assert_int_equal(reg_get(b, R_R0), 2);
    assert_int_equal(reg_get(b, R_PC), A_STEP + 4);
    bench_free(b);
}

static void test_bkpt_halts(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    wr(b, DFSR, 0x1F);
    run_at(b, A_BKPT, 10000);
    assert_int_equal(sim_core_state(b->core), SIM_CORE_HALTED);
    assert_true(rd(b, DFSR) & DFSR_BKPT);
    assert_int_equal(reg_get(b, R_PC), A_BKPT + 2); /* on the BKPT */
    assert_int_equal(reg_get(b, R_R0), 5);
    wr(b, DFSR, DFSR_BKPT | DFSR_HALTED);            /* w1c */
    assert_int_equal(rd(b, DFSR), 0);
    bench_free(b);
}

static void test_fpb_breakpoint(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    uint32_t ctrl = rd(b, FP_CTRL);
    assert_int_equal((ctrl >> 4) & 0xF, 6);          /* NUM_CODE */
    assert_int_equal((ctrl >> 8) & 0xF, 2);          /* NUM_LIT */
    wr(b, FP_CTRL, 0x3);                             /* KEY | ENABLE */
    /* FPBv1: COMP = word address, REPLACE=01 breaks on the lower
     * halfword (A_STEP + 4 is word aligned). */
    wr(b, FP_COMP0, ((A_STEP + 4) & 0x1FFFFFFCu) | (1u << 30) | 1u);
    wr(b, DFSR, 0x1F);
    run_at(b, A_STEP, 10000);
    assert_int_equal(sim_core_state(b->core), SIM_CORE_HALTED);
    assert_int_equal(reg_get(b, R_PC), A_STEP + 4);
    assert_int_equal(reg_get(b, R_R0), 2);           /* movs r0,#3 not run */
    assert_true(rd(b, DFSR) & DFSR_BKPT);
    /* Without KEY, FP_CTRL.ENABLE does not change. */
    wr(b, FP_CTRL, 0x0);
    assert_int_equal(rd(b, FP_CTRL) & 1, 1);
    bench_free(b);
}

static void test_dwt_write_watchpoint(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    wr(b, DEMCR, TRCENA);
    assert_int_equal(rd(b, DWT_CTRL) >> 28, 4);      /* NUMCOMP */
    wr(b, DWT_COMP0, RAM_BASE + 0x100);
    wr(b, DWT_MASK0, 0);
    wr(b, DWT_FUNCTION0, 6);                         /* write watchpoint */
    wr(b, DFSR, 0x1F);
    run_at(b, A_WATCH, 10000);
    assert_int_equal(sim_core_state(b->core), SIM_CORE_HALTED);
    assert_true(rd(b, DFSR) & DFSR_DWTTRAP);
    assert_int_equal(b->ram[0x100], 7);              /* the store happened */
    assert_int_equal(reg_get(b, R_PC), A_WATCH + 6); /* halted after it */
    assert_int_not_equal(reg_get(b, R_R3), 1);
    assert_true(rd(b, DWT_FUNCTION0) & (1u << 24));  /* MATCHED */
    assert_false(rd(b, DWT_FUNCTION0) & (1u << 24)); /* cleared on read */
    /* Disarmed: the same store runs through. */
    wr(b, DWT_FUNCTION0, 0);
    run_at(b, A_WATCH, 10000);
    halt(b);
    assert_int_equal(reg_get(b, R_PC), A_WATCH + 10);
    bench_free(b);
}

static void test_vc_corereset(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    run_ns(b, 100000);
    wr(b, DHCSR, DBGKEY | C_DEBUGEN);
    wr(b, DEMCR, TRCENA | VC_CORERESET);
    wr(b, DFSR, 0x1F);
    rd(b, DHCSR);
    sim_core_reset(b->core, SIM_RESET_SYSTEM);
    assert_int_equal(sim_core_state(b->core), SIM_CORE_HALTED);
    uint32_t dhcsr = rd(b, DHCSR);
    assert_true(dhcsr & S_HALT);
    assert_true(dhcsr & S_RESET_ST);
    assert_true(dhcsr & C_DEBUGEN);                  /* survives */
    assert_int_equal(rd(b, DEMCR), TRCENA | VC_CORERESET);
    assert_true(rd(b, DFSR) & DFSR_VCATCH);
    assert_int_equal(reg_get(b, R_PC), A_COUNT);
    assert_int_equal(reg_get(b, R_R0), 0);
    /* Without VC_CORERESET a system reset of a halted core leaves it
     * halted (C_HALT is a debug register, kept over a Local reset); after
     * DHCSR = DBGKEY|C_DEBUGEN it runs. */
    wr(b, DEMCR, TRCENA);
    sim_core_reset(b->core, SIM_RESET_SYSTEM);
    assert_int_equal(sim_core_state(b->core), SIM_CORE_HALTED);
    resume(b);
    sim_core_reset(b->core, SIM_RESET_SYSTEM);
    assert_int_equal(sim_core_state(b->core), SIM_CORE_RUNNING);
    /* A power-on reset clears the debug registers: no catch. */
    wr(b, DEMCR, TRCENA | VC_CORERESET);
    sim_core_reset(b->core, SIM_RESET_POWER_ON);
    assert_int_equal(sim_core_state(b->core), SIM_CORE_RUNNING);
    assert_int_equal(rd(b, DEMCR), 0);
    bench_free(b);
}

static void test_sysresetreq_and_vectreset(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    wr(b, AIRCR, 0x00000004);                        /* no VECTKEY */
    assert_int_equal(b->sysresets, 0);
    wr(b, AIRCR, 0x05FA0004);
    assert_int_equal(b->sysresets, 1);
    assert_int_equal(rd(b, AIRCR) >> 16, 0xFA05);    /* VECTKEYSTAT */
    /* VECTRESET: core reset, caught by VC_CORERESET. */
    run_at(b, A_STEP, 10000);
    wr(b, DEMCR, VC_CORERESET);
    wr(b, AIRCR, 0x05FA0001);
    assert_int_equal(sim_core_state(b->core), SIM_CORE_HALTED);
    assert_int_equal(reg_get(b, R_PC), A_COUNT);
    bench_free(b);
}

static void test_wfi_sleepdeep(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    wr(b, SCR, 0x4);                                 /* SLEEPDEEP */
    run_at(b, A_WFI, 10000);
    assert_int_equal(sim_core_state(b->core), SIM_CORE_SLEEPING);
    assert_int_equal(b->sleeps, 1);
    assert_true(b->last_deep);
    assert_true(rd(b, DHCSR) & S_SLEEP);
    uint64_t before = sim_stats.cpu_instructions;
    run_ns(b, 10000);
    assert_int_equal(sim_stats.cpu_instructions, before);
    sim_core_wake(b->core);
    run_ns(b, 10000);
    halt(b);
    assert_int_equal(reg_get(b, R_R0), 1);
    /* A halt request also halts a sleeping core. */
    wr(b, SCR, 0);
    run_at(b, A_WFI, 10000);
    assert_int_equal(sim_core_state(b->core), SIM_CORE_SLEEPING);
    assert_false(b->last_deep);
    halt(b);
    assert_false(rd(b, DHCSR) & S_SLEEP);
    bench_free(b);
}

static void test_cpu_store_to_ro_region(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    run_at(b, A_FLASH_STORE, 10000);
    assert_int_equal(b->flash_writes, 1);
    assert_int_equal(b->fw_off, 0x800);
    assert_int_equal(b->fw_size, 4);
    assert_int_equal(b->fw_val, 0x12345678);
    for (int i = 0; i < 4; i++)
        assert_int_equal(b->flash[0x800 + i], 0xFF); /* mem untouched */
    halt(b);
    assert_int_equal(reg_get(b, R_R0), 1);           /* and it went on */
    bench_free(b);
}

/* The controller programs and invalidates from inside the store: the
 * store must reach it exactly once and the program go on after it. */
static void test_flash_program_from_store_runs_once(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    b->program_on_write = true;
    run_at(b, A_FLASH_STORE, 10000);
    assert_int_equal(b->flash_writes, 1);
    uint32_t v;
    memcpy(&v, b->flash + 0x800, 4);
    assert_int_equal(v, 0x12345678);
    halt(b);
    assert_int_equal(reg_get(b, R_R0), 1);
    assert_int_equal(reg_get(b, R_PC), A_FLASH_STORE + 10);
    bench_free(b);
}

static void put16(uint8_t *p, const uint16_t *hw, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        p[2 * i] = (uint8_t)hw[i];
        p[2 * i + 1] = (uint8_t)(hw[i] >> 8);
    }
}

/* Code changed behind the CPU is seen after sim_core_invalidate() and
 * after a resume from halt. */
static void test_invalidate_translated_code(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    const uint16_t loop1[] = { 0x2001, 0xE7FD }; /* L: movs r0,#1; b L */
    put16(b->ram + 0x400, loop1, 2);
    run_at(b, RAM_BASE + 0x400, 10000);
    b->ram[0x400] = 0x02;                            /* movs r0,#2 */
    run_ns(b, 10000);
    halt(b);
    assert_int_equal(reg_get(b, R_R0), 1);           /* stale code runs... */
    resume(b);
    b->ram[0x400] = 0x03;
    sim_core_invalidate(b->core, RAM_BASE + 0x400, 2);
    run_ns(b, 10000);
    halt(b);
    assert_int_equal(reg_get(b, R_R0), 3);           /* ...until invalidated */
    b->ram[0x400] = 0x04;                            /* changed while halted */
    resume(b);
    run_ns(b, 10000);
    halt(b);
    assert_int_equal(reg_get(b, R_R0), 4);
    bench_free(b);
}

/* SEV sets the event register, the first WFE consumes it, the second
 * sleeps until a wake-up (ARMv7-M B1.5.18). */
static void test_wfe_and_sev(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    const uint16_t code[] = { 0x2000, 0xBF40, 0xBF20, 0xBF20, 0x2001, 0xE7FE };
    put16(b->ram + 0x500, code, 6);
    run_at(b, RAM_BASE + 0x500, 10000);
    assert_int_equal(sim_core_state(b->core), SIM_CORE_SLEEPING);
    assert_int_equal(b->sleeps, 1);
    assert_false(b->last_deep);
    sim_core_wake(b->core);
    run_ns(b, 10000);
    halt(b);
    assert_int_equal(reg_get(b, R_R0), 1);
    bench_free(b);
}

/* NRST low holds the core (no instructions, S_RESET_ST stays set); the
 * rising edge restarts it from the reset vector. */
static void test_hold_reset(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    run_ns(b, 100000);
    sim_core_hold_reset(b->core, true);
    assert_int_equal(sim_core_state(b->core), SIM_CORE_IN_RESET);
    uint64_t before = sim_stats.cpu_instructions;
    run_ns(b, 100000);
    assert_int_equal(sim_stats.cpu_instructions, before);
    assert_true(rd(b, DHCSR) & S_RESET_ST);
    assert_true(rd(b, DHCSR) & S_RESET_ST);          /* while held */
    sim_core_hold_reset(b->core, false);
    run_ns(b, 1000);                                 /* 16 instructions */
    halt(b);
    assert_int_equal(reg_get(b, R_R0), 8);
    bench_free(b);
}

static void test_erased_vector_table_locks_up(void **state)
{
    (void)state;
    struct bench *b = bench_new(true);
    run_ns(b, 100000);
    assert_int_equal(sim_core_state(b->core), SIM_CORE_LOCKUP);
    assert_true(b->lockups >= 1);
    assert_true(rd(b, DHCSR) & S_LOCKUP);
    halt(b);
    /* What OpenOCD shows for a blank STM32: Thread mode, pc 0xfffffffe,
     * msp 0xfffffffc. */
    assert_int_equal(reg_get(b, R_PC), 0xFFFFFFFEu);
    assert_int_equal(reg_get(b, R_MSP), 0xFFFFFFFCu);
    assert_int_equal(reg_get(b, R_XPSR) & 0x1FF, 0);
    bench_free(b);
}

static void test_writes_without_key_ignored(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    wr(b, DHCSR, C_DEBUGEN | C_HALT);
    assert_int_equal(sim_core_state(b->core), SIM_CORE_RUNNING);
    assert_false(rd(b, DHCSR) & (C_DEBUGEN | S_HALT));
    run_ns(b, 1000);
    assert_int_equal(sim_core_state(b->core), SIM_CORE_RUNNING);
    bench_free(b);
}

static void test_hardfault_frame_and_vector_catch(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    wr(b, DEMCR, VC_HARDERR);
    run_at(b, A_UNDEF, 10000);
    assert_int_equal(sim_core_state(b->core), SIM_CORE_HALTED);
    assert_true(rd(b, DFSR) & DFSR_VCATCH);
    assert_int_equal(reg_get(b, R_PC), A_FAULT_LOOP);
    assert_int_equal(reg_get(b, R_XPSR) & 0x1FF, 3); /* HardFault */
    assert_int_equal(reg_get(b, R_LR), 0xFFFFFFF9u); /* Thread, MSP */
    uint32_t sp = reg_get(b, R_SP);
    assert_int_equal(sp, 0x20008000u - 32);
    const uint8_t *f = b->ram + (sp - RAM_BASE);
    uint32_t r0, pc, xpsr;
    memcpy(&r0, f, 4);
    memcpy(&pc, f + 24, 4);
    memcpy(&xpsr, f + 28, 4);
    assert_int_equal(r0, 0x11);
    assert_int_equal(pc, A_UNDEF + 2);               /* the UDF */
    assert_true(xpsr & (1u << 24));
    assert_true(rd(b, CFSR) & (1u << 16));           /* UNDEFINSTR */
    assert_true(rd(b, HFSR) & (1u << 30));           /* FORCED */
    bench_free(b);
}

static void test_svc_and_exception_return(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    run_at(b, A_SVC, 10000);
    halt(b);
    assert_int_equal(reg_get(b, R_R5), 1);
    assert_int_equal(reg_get(b, R_R0), 9);
    assert_int_equal(reg_get(b, R_XPSR) & 0x1FF, 0);
    assert_int_equal(reg_get(b, R_SP), 0x20008000u);
    bench_free(b);
}

static void test_bus_fault_on_unmapped_load(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    wr(b, DEMCR, VC_HARDERR);
    run_at(b, A_BUSFAULT, 10000);
    assert_int_equal(sim_core_state(b->core), SIM_CORE_HALTED);
    assert_int_equal(reg_get(b, R_PC), A_FAULT_LOOP);
    assert_int_equal(rd(b, BFAR), 0x60000000u);
    assert_int_equal(rd(b, CFSR) & 0x8200u, 0x8200u); /* BFARVALID|PRECISERR */
    uint32_t sp = reg_get(b, R_SP), pc;
    memcpy(&pc, b->ram + (sp - RAM_BASE) + 24, 4);
    assert_int_equal(pc, A_BUSFAULT + 4);            /* the LDR */
    bench_free(b);
}

static void test_special_and_fpu_registers(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    halt(b);
    reg_set(b, R_SPECIAL, 0x00000001);               /* PRIMASK */
    assert_int_equal(reg_get(b, R_SPECIAL), 0x00000001);
    reg_set(b, R_SPECIAL, 0x02000000);               /* CONTROL.SPSEL */
    reg_set(b, R_PSP, 0x20004000);
    assert_int_equal(reg_get(b, R_SP), 0x20004000u); /* Thread on PSP */
    assert_int_equal(reg_get(b, R_MSP), 0x20008000u);
    reg_set(b, R_S0 + 3, 0x3F800000);
    assert_int_equal(reg_get(b, R_S0 + 3), 0x3F800000u);
    reg_set(b, R_FPSCR, 0x03000000);
    assert_int_equal(reg_get(b, R_FPSCR), 0x03000000u);
    bench_free(b);
}

static void test_rom_table_and_cyccnt(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    assert_int_equal(rd(b, ROM_TABLE), 0xFFF0F003u); /* SCS */
    assert_int_equal(rd(b, ROM_TABLE + 4), 0xFFF02003u); /* DWT */
    assert_int_equal(rd(b, ROM_TABLE + 8), 0xFFF03003u); /* FPB */
    assert_int_equal(rd(b, ROM_TABLE + 0xFF0), 0x0D);
    assert_int_equal(rd(b, ROM_TABLE + 0xFF4), 0x10); /* class 1: ROM */
    assert_int_equal(sim_core_ppb_read(b->core, 0xE0042000, &(uint32_t){0}), -1);
    wr(b, DEMCR, TRCENA);
    wr(b, DWT_CTRL, 1);                              /* CYCCNTENA */
    run_ns(b, 1000000);
    assert_int_equal(rd(b, DWT_CYCCNT), 16000);
    bench_free(b);
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* SysTick (B3.3) with RVR = 999 on the core clock underflows every 1000
 * cycles and wakes a WFI loop; the handler counts in r6.  PendSV set in
 * ICSR runs its handler (r7).  Vector table in RAM through VTOR. */
static void test_systick_and_pendsv(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    const uint16_t main_loop[] = { 0xBF30, 0xE7FD };  /* L: wfi; b L */
    const uint16_t systick_h[] = { 0x3601, 0x4770 };  /* adds r6,#1; bx lr */
    const uint16_t pendsv_h[] = { 0x3701, 0x4770 };   /* adds r7,#1; bx lr */
    put16(b->ram + 0x600, main_loop, 2);
    put16(b->ram + 0x620, systick_h, 2);
    put16(b->ram + 0x640, pendsv_h, 2);
    put32(b->ram + 14 * 4, RAM_BASE + 0x641);
    put32(b->ram + 15 * 4, RAM_BASE + 0x621);
    halt(b);
    wr(b, 0xE000ED08u, RAM_BASE);                    /* VTOR */
    reg_set(b, R_PC, RAM_BASE + 0x600);
    reg_set(b, 6, 0);
    reg_set(b, 7, 0);
    wr(b, 0xE000E014u, 999);                         /* SYST_RVR */
    wr(b, 0xE000E018u, 0);                           /* SYST_CVR */
    wr(b, 0xE000E010u, 0x7);                         /* CLKSOURCE|TICKINT|ENABLE */
    resume(b);
    run_ns(b, 1050000);                              /* 16800 cycles */
    halt(b);
    assert_int_equal(reg_get(b, 6), 16);
    assert_int_equal(reg_get(b, R_XPSR) & 0x1FF, 0); /* back in Thread */
    assert_true(rd(b, 0xE000E010u) & (1u << 16));    /* COUNTFLAG ... */
    assert_false(rd(b, 0xE000E010u) & (1u << 16));   /* ... read clears */
    /* Halted, the counter stands still. */
    uint32_t cvr = rd(b, 0xE000E018u);
    run_ns(b, 1000000);
    assert_int_equal(rd(b, 0xE000E018u), cvr);
    wr(b, 0xE000E010u, 0);                           /* SysTick off */
    wr(b, 0xE000ED04u, 1u << 28);                    /* ICSR.PENDSVSET */
    assert_true(rd(b, 0xE000ED04u) & (1u << 28));
    resume(b);
    run_ns(b, 10000);
    halt(b);
    assert_int_equal(reg_get(b, 7), 1);
    assert_false(rd(b, 0xE000ED04u) & (1u << 28));
    bench_free(b);
}

/* ARMv6-M (Cortex-M0): the same count loop runs; DEMCR keeps only
 * TRCENA, VC_HARDERR and VC_CORERESET (ARMv6-M C1.6.5); AIRCR has no
 * VECTRESET (B3.2.6); no ITM. */
static void test_cortex_m0_differences(void **state)
{
    (void)state;
    struct bench *b = bench_new_kind(false, SIM_CORE_M0, 0x410CC200);
    run_ns(b, 1000000);
    halt(b);
    assert_int_equal(reg_get(b, R_R0), 8000);
    assert_int_equal(rd(b, CPUID), 0x410CC200u);
    wr(b, DEMCR, 0xFFFFFFFFu);
    assert_int_equal(rd(b, DEMCR), TRCENA | VC_HARDERR | VC_CORERESET);
    wr(b, DEMCR, 0);
    resume(b);
    wr(b, AIRCR, 0x05FA0001);                        /* no VECTRESET */
    assert_int_equal(sim_core_state(b->core), SIM_CORE_RUNNING);
    uint32_t v;
    assert_int_equal(sim_core_ppb_read(b->core, 0xE0000000u, &v), -1);
    bench_free(b);
}

/* A flash loader spinning on a BSY bit for 4 virtual seconds at 16 MHz
 * (64 M instructions, a third of them MMIO reads) in a few real seconds. */
static void test_busy_poll_speed(void **state)
{
    (void)state;
    struct bench *b = bench_new(false);
    b->reg_value = 1;
    run_at(b, A_BUSY, 0);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    uint64_t before = sim_stats.cpu_instructions;
    for (int ms = 0; ms < 4000; ms++)
        run_ns(b, 1000000);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    uint64_t n = sim_stats.cpu_instructions - before;
    print_message("busy poll: %llu instructions in %.2f s (%.1f M/s)\n",
                  (unsigned long long)n, s, (double)n / s / 1e6);
    assert_int_equal(n, 4ull * HZ);
    assert_true(s < 30.0); /* ~1 s on an idle 2-core machine */
    b->reg_value = 0;
    run_ns(b, 1000);
    halt(b);
    assert_int_equal(reg_get(b, R_R0), 1);
    bench_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reset_loads_sp_pc),
        cmocka_unit_test(test_run_counts_instructions),
        cmocka_unit_test(test_write_pc_and_resume),
        cmocka_unit_test(test_single_step),
        cmocka_unit_test(test_bkpt_halts),
        cmocka_unit_test(test_fpb_breakpoint),
        cmocka_unit_test(test_dwt_write_watchpoint),
        cmocka_unit_test(test_vc_corereset),
        cmocka_unit_test(test_sysresetreq_and_vectreset),
        cmocka_unit_test(test_wfi_sleepdeep),
        cmocka_unit_test(test_cpu_store_to_ro_region),
        cmocka_unit_test(test_flash_program_from_store_runs_once),
        cmocka_unit_test(test_invalidate_translated_code),
        cmocka_unit_test(test_wfe_and_sev),
        cmocka_unit_test(test_hold_reset),
        cmocka_unit_test(test_erased_vector_table_locks_up),
        cmocka_unit_test(test_writes_without_key_ignored),
        cmocka_unit_test(test_hardfault_frame_and_vector_catch),
        cmocka_unit_test(test_svc_and_exception_return),
        cmocka_unit_test(test_bus_fault_on_unmapped_load),
        cmocka_unit_test(test_special_and_fpu_registers),
        cmocka_unit_test(test_rom_table_and_cyccnt),
        cmocka_unit_test(test_systick_and_pendsv),
        cmocka_unit_test(test_cortex_m0_differences),
        cmocka_unit_test(test_busy_poll_speed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
