/* What the doctor measures about watchdogs and resets, on the STM32F407VG
 * model with the real Cortex-M core (sim/cpu) and the bench clock; small
 * hand-assembled firmwares (arm-none-eabi-as, source in the comments):
 *   - a firmware that starts the IWDG and never refreshes it resets the
 *     chip every (RL + 1) * 4 / 32 kHz = 512 ms (RM0090 §19.3.3); a
 *     debugger polling DHCSR sees S_RESET_ST again after each reset (it
 *     is sticky and cleared by reading DHCSR, ARMv7-M C1.6.2) and
 *     RCC_CSR.IWDGRSTF set;
 *   - one that refreshes it runs on;
 *   - halted with DBGMCU_APB1_FZ.DBG_IWDG_STOP the core is not reset;
 *   - NRST held low: S_RESET_ST on every read, no halt, no run;
 *   - WFI with SLEEPDEEP = 0: S_SLEEP and the debug port answers;
 *   - erased flash: the core locks up, S_LOCKUP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chips/chip.h"
#include "clock.h"

#define FLASH_BASE      0x08000000u
#define MS              SIM_NS_PER_MS
#define DHCSR           0xE000EDF0u
#define DBGKEY          0xA05F0000u
#define C_DEBUGEN       (1u << 0)
#define C_HALT          (1u << 1)
#define S_HALT          (1u << 17)
#define S_SLEEP         (1u << 18)
#define S_LOCKUP        (1u << 19)
#define S_RESET_ST      (1u << 25)
#define RCC_CSR         0x40023874u      /* RM0090 §7.3.21 */
#define CSR_RMVF        (1u << 24)
#define CSR_PINRSTF     (1u << 26)
#define CSR_IWDGRSTF    (1u << 29)
#define APB1_FZ         0xE0042008u      /* stm32-families.md §5 */
#define DBG_IWDG_STOP   (1u << 12)
#define IWDG_PERIOD     (512 * MS)       /* PR 0, RLR 0xFFF, LSI 32 kHz */

/* SP 0x20020000, reset 0x08000009;
 *   ldr r0, =0x40003000 ; movw r1, #0xCCCC ; str r1, [r0]   IWDG_KR start
 * 1: b 1b */
static const uint8_t fw_watchdog[] = {
    0x00, 0x00, 0x02, 0x20, 0x09, 0x00, 0x00, 0x08, 0x02, 0x48, 0x4c, 0xf6,
    0xcc, 0x41, 0x01, 0x60, 0xfe, 0xe7, 0x00, 0x00, 0x00, 0x30, 0x00, 0x40,
};

/* Same start; then reload (0xAAAA) every ~2M cycles (125 ms at 16 MHz):
 *   movw r3, #0xAAAA
 * 3: ldr r2, =1000000
 * 2: subs r2, #1 ; bne 2b
 *   str r3, [r0] ; b 3b */
static const uint8_t fw_refresh[] = {
    0x00, 0x00, 0x02, 0x20, 0x09, 0x00, 0x00, 0x08, 0x05, 0x48, 0x4c, 0xf6,
    0xcc, 0x41, 0x01, 0x60, 0x4a, 0xf6, 0xaa, 0x23, 0x03, 0x4a, 0x01, 0x3a,
    0xfd, 0xd1, 0x03, 0x60, 0xfa, 0xe7, 0x00, 0x00, 0x00, 0x30, 0x00, 0x40,
    0x40, 0x42, 0x0f, 0x00,
};

/* 1: wfi ; b 1b   (SCR.SLEEPDEEP = 0: plain sleep) */
static const uint8_t fw_sleep[] = {
    0x00, 0x00, 0x02, 0x20, 0x09, 0x00, 0x00, 0x08, 0x30, 0xbf, 0xfd, 0xe7,
};

struct fx {
    uint8_t *nvm;
    struct sim_chip *chip;
};

static void ticker(void *ctx, sim_ns now)
{
    sim_chip_tick(ctx, now);
}

static struct fx *make(const uint8_t *fw, size_t len)
{
    struct fx *f = calloc(1, sizeof *f);
    struct sim_board_config cfg;
    char err[256] = "";
    memset(&cfg, 0, sizeof cfg);
    strcpy(cfg.part, "STM32F407VG");
    sim_clock_reset();
    f->nvm = malloc(sim_chip_nvm_size(cfg.part));
    f->chip = sim_chip_create(&cfg, f->nvm, true, err, sizeof err);
    assert_non_null(f->chip);
    if (fw)
        assert_int_equal(sim_chip_load_flash(f->chip, FLASH_BASE, fw, len), 0);
    sim_clock_add_ticker(ticker, f->chip);
    return f;
}

static void destroy(struct fx *f)
{
    sim_clock_remove_ticker(ticker, f->chip);
    sim_chip_destroy(f->chip);
    free(f->nvm);
    free(f);
}

static uint32_t rd(struct fx *f, uint32_t addr)
{
    uint32_t v = 0;
    assert_int_equal(sim_chip_debug_read(f->chip, 0, addr, 4, &v), SIM_BUS_ACCESS_OK);
    return v;
}

static void wr(struct fx *f, uint32_t addr, uint32_t v)
{
    assert_int_equal(sim_chip_debug_write(f->chip, 0, addr, 4, v), SIM_BUS_ACCESS_OK);
}

/* Poll DHCSR every `step` for `span`; the times S_RESET_ST was seen. */
static unsigned poll_resets(struct fx *f, sim_ns span, sim_ns step,
                            sim_ns *seen, unsigned max)
{
    unsigned n = 0;
    for (sim_ns t = 0; t < span; t += step) {
        sim_clock_advance(step);
        if ((rd(f, DHCSR) & S_RESET_ST) && n < max)
            seen[n++] = sim_clock_now();
    }
    return n;
}

static void test_watchdog_resets_every_period(void **state)
{
    (void)state;
    struct fx *f = make(fw_watchdog, sizeof fw_watchdog);
    sim_chip_power(f->chip, true);
    sim_clock_advance(1 * MS);
    assert_true(rd(f, DHCSR) & S_RESET_ST);       /* the power-on reset */
    assert_false(rd(f, DHCSR) & S_RESET_ST);      /* cleared by the read */
    wr(f, RCC_CSR, CSR_RMVF);
    assert_int_equal(rd(f, RCC_CSR) & CSR_IWDGRSTF, 0);

    sim_ns seen[8];
    unsigned n = poll_resets(f, 2100 * MS, 10 * MS, seen, 8);
    assert_int_equal(n, 4);                       /* 512, 1024, 1536, 2048 ms */
    for (unsigned i = 0; i < n; i++) {
        sim_ns expect = (sim_ns)(i + 1) * IWDG_PERIOD;
        assert_true(seen[i] >= expect && seen[i] < expect + 10 * MS);
    }
    uint32_t csr = rd(f, RCC_CSR);
    assert_int_equal(csr & (CSR_IWDGRSTF | CSR_PINRSTF), CSR_IWDGRSTF | CSR_PINRSTF);
    /* The debug port keeps answering through the resets. */
    assert_true(sim_chip_debug_port_alive(f->chip));
    destroy(f);
}

static void test_refreshed_watchdog_runs_on(void **state)
{
    (void)state;
    struct fx *f = make(fw_refresh, sizeof fw_refresh);
    sim_chip_power(f->chip, true);
    /* One long host tick (a scenario's uptime before the first USB
     * transfer), then ticks of 100 ms (a host that sleeps): CPU accesses
     * stay dated close enough to their time for the refresh to count. */
    sim_clock_advance(1500 * MS);
    assert_false(rd(f, RCC_CSR) & CSR_IWDGRSTF);
    (void)rd(f, DHCSR);
    wr(f, RCC_CSR, CSR_RMVF);
    sim_ns seen[4];
    assert_int_equal(poll_resets(f, 3000 * MS, 100 * MS, seen, 4), 0);
    assert_int_equal(rd(f, RCC_CSR) & CSR_IWDGRSTF, 0);
    destroy(f);
}

static void test_halt_with_freeze_bit(void **state)
{
    (void)state;
    struct fx *f = make(fw_watchdog, sizeof fw_watchdog);
    sim_chip_power(f->chip, true);
    sim_clock_advance(100 * MS);
    (void)rd(f, DHCSR);
    wr(f, DHCSR, DBGKEY | C_DEBUGEN | C_HALT);
    wr(f, APB1_FZ, DBG_IWDG_STOP);
    assert_true(rd(f, DHCSR) & S_HALT);
    sim_ns seen[4];
    assert_int_equal(poll_resets(f, 2000 * MS, 10 * MS, seen, 4), 0);
    assert_true(rd(f, DHCSR) & S_HALT);

    /* Without the bit the watchdog resets the halted core (which halts
     * again: C_HALT survives a system reset). */
    wr(f, APB1_FZ, 0);
    assert_int_equal(poll_resets(f, 600 * MS, 10 * MS, seen, 4), 1);
    /* 100 ms had passed before the halt: the rest of the period after. */
    assert_true(seen[0] >= 2100 * MS + IWDG_PERIOD - 100 * MS);
    assert_true(seen[0] <= 2100 * MS + IWDG_PERIOD - 100 * MS + 10 * MS);
    assert_true(rd(f, DHCSR) & S_HALT);
    assert_true(rd(f, RCC_CSR) & CSR_IWDGRSTF);
    destroy(f);
}

static void test_nrst_held_low(void **state)
{
    (void)state;
    struct fx *f = make(fw_watchdog, sizeof fw_watchdog);
    sim_chip_nrst(f->chip, true);
    sim_chip_power(f->chip, true);
    for (int i = 0; i < 5; i++) {
        sim_clock_advance(10 * MS);
        uint32_t d = rd(f, DHCSR);
        assert_true(d & S_RESET_ST);
        assert_false(d & S_HALT);
    }
    wr(f, DHCSR, DBGKEY | C_DEBUGEN | C_HALT);
    sim_clock_advance(10 * MS);
    uint32_t d = rd(f, DHCSR);
    assert_true(d & S_RESET_ST);
    assert_false(d & S_HALT);
    /* Released: the pending halt request stops it at once (RM0090 connect
     * under reset). */
    sim_chip_nrst(f->chip, false);
    sim_clock_advance(1 * MS);
    d = rd(f, DHCSR);
    assert_true(d & S_HALT);
    destroy(f);
}

static void test_wfi_sleep(void **state)
{
    (void)state;
    struct fx *f = make(fw_sleep, sizeof fw_sleep);
    sim_chip_power(f->chip, true);
    sim_clock_advance(10 * MS);
    assert_true(sim_chip_debug_port_alive(f->chip));
    uint32_t d = rd(f, DHCSR);
    assert_true(d & S_SLEEP);
    assert_false(d & S_HALT);
    wr(f, DHCSR, DBGKEY | C_DEBUGEN | C_HALT);
    d = rd(f, DHCSR);
    assert_true(d & S_HALT);
    assert_false(d & S_SLEEP);
    destroy(f);
}

static void test_erased_flash_locks_up(void **state)
{
    (void)state;
    struct fx *f = make(NULL, 0);
    sim_chip_power(f->chip, true);
    sim_clock_advance(10 * MS);
    assert_true(sim_chip_debug_port_alive(f->chip));
    uint32_t d = rd(f, DHCSR);
    assert_true(d & S_LOCKUP);
    assert_false(d & S_HALT);
    /* Halting ends lockup (ARMv7-M B1.5.15). */
    wr(f, DHCSR, DBGKEY | C_DEBUGEN | C_HALT);
    d = rd(f, DHCSR);
    assert_true(d & S_HALT);
    destroy(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_watchdog_resets_every_period),
        cmocka_unit_test(test_refreshed_watchdog_runs_on),
        cmocka_unit_test(test_halt_with_freeze_bit),
        cmocka_unit_test(test_nrst_held_low),
        cmocka_unit_test(test_wfi_sleep),
        cmocka_unit_test(test_erased_flash_locks_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
