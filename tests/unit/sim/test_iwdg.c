/* The independent watchdog and the RCC reset flags of the generic STM32
 * (sim/chips/mcu_iwdg.c, mcu_sysctl.c, fc_f2f4_rcc.c) against the
 * reference manuals, on one part of every family, with the fake core and
 * hand-driven clock of test_f4_fakes.c:
 *   - period (RL + 1) * (4 << PR) / f_LSI (RM0090 §19.3.3 Table 107;
 *     LSI 40 kHz on F0/F1/F3, 37 kHz on L0/L1, 32 kHz elsewhere);
 *   - reloads (0xAAAA) keep the chip alive, no reload resets it with
 *     IWDGRSTF (and PINRSTF) set, and nothing but a reset stops it;
 *   - the DBGMCU freeze bit stops the counter while the core is halted
 *     (stm32-families.md §5);
 *   - power-on sets PORRSTF/BORRSTF and PINRSTF; RMVF clears the flags;
 *     flags survive system resets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chips/chip.h"
#include "test_f4_fakes.h"

#define MS          SIM_NS_PER_MS
#define US          SIM_NS_PER_US

#define KR          0x00u
#define PR          0x04u
#define RLR         0x08u
#define SR          0x0Cu
#define WINR        0x10u
#define KEY_UNLOCK  0x5555u
#define KEY_RELOAD  0xAAAAu
#define KEY_START   0xCCCCu
#define SR_PVU      (1u << 0)
#define SR_RVU      (1u << 1)

#define BIT(n)      (1u << (n))

/* One part per family: where its IWDG, freeze bit and reset flags are. */
struct row {
    const char *part;
    uint32_t iwdg;
    uint32_t lsi_hz;
    bool winr;
    uint32_t fz_addr, fz_bit;
    uint32_t csr;                       /* RCC_CSR / RCC_RSR */
    uint32_t por, pin, sft, iwdgf, rmvf;
};

static const struct row rows[] = {
    /* RM0090 §7.3.21 RCC_CSR 0x74: BORRSTF 25 also set by POR */
    { "STM32F407VG", 0x40003000u, 32000, false, 0xE0042008u, BIT(12),
      0x40023874u, BIT(27) | BIT(25), BIT(26), BIT(28), BIT(29), BIT(24) },
    { "STM32F746ZG", 0x40003000u, 32000, true, 0xE0042008u, BIT(12),
      0x40023874u, BIT(27) | BIT(25), BIT(26), BIT(28), BIT(29), BIT(24) },
    /* RM0008 §7.3.10 RCC_CSR 0x24; DBGMCU_CR.DBG_IWDG_STOP bit 8 */
    { "STM32F103RC", 0x40003000u, 40000, false, 0xE0042004u, BIT(8),
      0x40021024u, BIT(27), BIT(26), BIT(28), BIT(29), BIT(24) },
    /* RM0091 §6.4.10; DBGMCU_APB1_FZ 0x40015808 */
    { "STM32F072RB", 0x40003000u, 40000, true, 0x40015808u, BIT(12),
      0x40021024u, BIT(27), BIT(26), BIT(28), BIT(29), BIT(24) },
    { "STM32F303VC", 0x40003000u, 40000, true, 0xE0042008u, BIT(12),
      0x40021024u, BIT(27), BIT(26), BIT(28), BIT(29), BIT(24) },
    /* RM0367 §7.3.21 RCC_CSR 0x50, RMVF 23 */
    { "STM32L053R8", 0x40003000u, 37000, true, 0x40015808u, BIT(12),
      0x40021050u, BIT(27), BIT(26), BIT(28), BIT(29), BIT(23) },
    /* RM0038 §6.3.14 RCC_CSR 0x34, RMVF 24 */
    { "STM32L152RE", 0x40003000u, 37000, false, 0xE0042008u, BIT(12),
      0x40023834u, BIT(27), BIT(26), BIT(28), BIT(29), BIT(24) },
    /* RM0351 §6.4.29 RCC_CSR 0x94: BORRSTF 27 (power-on), RMVF 23 */
    { "STM32L476RG", 0x40003000u, 32000, true, 0xE0042008u, BIT(12),
      0x40021094u, BIT(27), BIT(26), BIT(28), BIT(29), BIT(23) },
    { "STM32G474RE", 0x40003000u, 32000, true, 0xE0042008u, BIT(12),
      0x40021094u, BIT(27), BIT(26), BIT(28), BIT(29), BIT(23) },
    /* RM0444 §5.4.26 RCC_CSR 0x60: PWRRSTF 27 */
    { "STM32G071RB", 0x40003000u, 32000, true, 0x40015808u, BIT(12),
      0x40021060u, BIT(27), BIT(26), BIT(28), BIT(29), BIT(23) },
    { "STM32C031C6", 0x40003000u, 32000, true, 0x40015808u, BIT(12),
      0x40021060u, BIT(27), BIT(26), BIT(28), BIT(29), BIT(23) },
    /* RM0434: RCC at 0x58000000, APB1FZR1 at 0xE004203C */
    { "STM32WB55RG", 0x40003000u, 32000, true, 0xE004203Cu, BIT(12),
      0x58000094u, BIT(27), BIT(26), BIT(28), BIT(29), BIT(23) },
    { "STM32WLE5JC", 0x40003000u, 32000, true, 0xE004203Cu, BIT(12),
      0x58000094u, BIT(27), BIT(26), BIT(28), BIT(29), BIT(23) },
    /* RM0438 / RM0456: DBGMCU at 0xE0044000 */
    { "STM32L552ZE", 0x40003000u, 32000, true, 0xE0044008u, BIT(12),
      0x40021094u, BIT(27), BIT(26), BIT(28), BIT(29), BIT(23) },
    { "STM32U585AI", 0x40003000u, 32000, true, 0xE0044008u, BIT(12),
      0x46020CF4u, BIT(27), BIT(26), BIT(28), BIT(29), BIT(23) },
    /* RM0433 §8.7.39 RCC_RSR 0x580244D0; IWDG1; DBGMCU_APB4FZ1 bit 18 */
    { "STM32H743ZI", 0x58004800u, 32000, true, 0x5C001054u, BIT(18),
      0x580244D0u, BIT(23) | BIT(21), BIT(22), BIT(24), BIT(26), BIT(16) },
};
#define NROWS (sizeof rows / sizeof rows[0])

struct fx {
    const struct row *r;
    uint8_t *nvm;
    struct sim_chip *chip;
    struct fake_core *core;
};

static void fx_open(struct fx *f, const struct row *r)
{
    struct sim_board_config cfg;
    memset(&cfg, 0, sizeof cfg);
    snprintf(cfg.part, sizeof cfg.part, "%s", r->part);
    cfg.powered = true;
    cfg.vdd_mv = 3300;
    cfg.swd_max_khz = 4000;
    cfg.swdio_connected = true;
    char err[256] = "";
    sim_clock_reset();
    f->r = r;
    f->nvm = malloc(sim_chip_nvm_size(r->part));
    assert_non_null(f->nvm);
    f->chip = sim_chip_create(&cfg, f->nvm, true, err, sizeof err);
    if (!f->chip)
        fail_msg("%s: %s", r->part, err);
    f->core = fake_last_core;
    sim_chip_power(f->chip, true);
}

static void fx_close(struct fx *f)
{
    sim_chip_destroy(f->chip);
    free(f->nvm);
}

static void wr(uint32_t addr, uint32_t v)
{
    assert_int_equal(fake_cpu_write(addr, 4, v), 0);
}

static uint32_t rd(uint32_t addr)
{
    uint32_t v = 0;
    assert_int_equal(fake_cpu_read(addr, 4, &v), 0);
    return v;
}

static unsigned resets(const struct fx *f)
{
    return f->core->resets[SIM_RESET_SYSTEM];
}

/* (RL + 1) * (4 << PR) / f_LSI, in ns. */
static sim_ns period(const struct row *r, unsigned pr, unsigned rl)
{
    return (sim_ns)(rl + 1u) * (4u << pr) * SIM_NS_PER_S / r->lsi_hz;
}

static uint32_t all_flags(const struct row *r)
{
    return r->por | r->pin | r->sft | r->iwdgf;
}

static void test_por_flags_and_rmvf(void **state)
{
    (void)state;
    for (size_t i = 0; i < NROWS; i++) {
        struct fx f;
        fx_open(&f, &rows[i]);
        const struct row *r = f.r;
        /* Power-on: POR (and BOR) and PIN, nothing else. */
        uint32_t csr = rd(r->csr) & all_flags(r);
        if (csr != (r->por | r->pin))
            fail_msg("%s: CSR flags 0x%08x after power-on", r->part, csr);
        /* A CSR write without RMVF keeps them (read-only). */
        wr(r->csr, rd(r->csr) & ~all_flags(r));
        assert_int_equal(rd(r->csr) & all_flags(r), r->por | r->pin);
        /* RMVF clears them all. */
        wr(r->csr, rd(r->csr) | r->rmvf);
        if (rd(r->csr) & (all_flags(r) | r->rmvf))
            fail_msg("%s: RMVF left 0x%08x", r->part, rd(r->csr));
        /* A NRST pulse sets PINRSTF only. */
        sim_chip_nrst(f.chip, true);
        sim_chip_nrst(f.chip, false);
        assert_int_equal(rd(r->csr) & all_flags(r), r->pin);
        fx_close(&f);
    }
}

/* No reload: the chip resets (RL + 1) prescaled ticks after the start,
 * with IWDGRSTF and PINRSTF added to the flags it had. */
static void test_period_and_reset_flag(void **state)
{
    (void)state;
    for (size_t i = 0; i < NROWS; i++) {
        struct fx f;
        fx_open(&f, &rows[i]);
        const struct row *r = f.r;
        fake_advance(f.chip, 1 * MS);
        wr(r->csr, r->rmvf);                       /* clear POR/PIN */
        unsigned before = resets(&f);

        /* Reset values PR 0 (/4), RLR 0xFFF. */
        wr(r->iwdg + KR, KEY_START);
        sim_ns p = period(r, 0, 0xFFF);
        fake_advance(f.chip, p - 200 * US);
        if (resets(&f) != before)
            fail_msg("%s: reset before %llu ns", r->part, (unsigned long long)p);
        fake_advance(f.chip, 400 * US);
        if (resets(&f) != before + 1)
            fail_msg("%s: no reset after %llu ns", r->part, (unsigned long long)p);
        uint32_t csr = rd(r->csr) & all_flags(r);
        if (csr != (r->iwdgf | r->pin))
            fail_msg("%s: flags 0x%08x after the watchdog reset", r->part, csr);

        /* The reset stopped it: nothing more happens. */
        fake_advance(f.chip, 3 * p);
        assert_int_equal(resets(&f), before + 1);

        /* Programmed: PR 3 (/32), RL 99 -> 100 * 32 / f_LSI. */
        wr(r->iwdg + KR, KEY_START);
        wr(r->iwdg + KR, KEY_UNLOCK);
        wr(r->iwdg + PR, 3);
        wr(r->iwdg + RLR, 99);
        assert_int_equal(rd(r->iwdg + SR) & (SR_PVU | SR_RVU), SR_PVU | SR_RVU);
        assert_int_equal(rd(r->iwdg + PR), 3);
        assert_int_equal(rd(r->iwdg + RLR), 99);
        fake_advance(f.chip, 200 * US);            /* 5 LSI cycles */
        assert_int_equal(rd(r->iwdg + SR), 0);
        wr(r->iwdg + KR, KEY_RELOAD);
        sim_ns q = period(r, 3, 99);
        fake_advance(f.chip, q - 100 * US);
        assert_int_equal(resets(&f), before + 1);
        fake_advance(f.chip, 200 * US);
        if (resets(&f) != before + 2)
            fail_msg("%s: programmed period %llu ns not kept", r->part,
                     (unsigned long long)q);
        /* Flags accumulate across system resets. */
        assert_int_equal(rd(r->csr) & all_flags(r), r->iwdgf | r->pin);
        fx_close(&f);
    }
}

/* Reloads within the period keep the chip alive; no key stops it. */
static void test_reload_keeps_alive(void **state)
{
    (void)state;
    for (size_t i = 0; i < NROWS; i++) {
        struct fx f;
        fx_open(&f, &rows[i]);
        const struct row *r = f.r;
        unsigned before = resets(&f);
        wr(r->iwdg + KR, KEY_START);
        sim_ns p = period(r, 0, 0xFFF);
        for (int k = 0; k < 10; k++) {
            fake_advance(f.chip, p / 2);
            wr(r->iwdg + KR, KEY_RELOAD);
        }
        assert_int_equal(resets(&f), before);
        /* Writes that are not keys, and a locked PR/RLR, do not stop it. */
        wr(r->iwdg + KR, 0);
        wr(r->iwdg + RLR, 0);                      /* locked: ignored */
        assert_int_equal(rd(r->iwdg + RLR), 0xFFF);
        fake_advance(f.chip, p + 1 * MS);
        if (resets(&f) != before + 1)
            fail_msg("%s: watchdog did not reset after reloads stopped", r->part);
        assert_int_equal(rd(r->csr) & r->iwdgf, r->iwdgf);
        fx_close(&f);
    }
}

/* Halted core + DBGMCU freeze bit: the counter stops; halted without the
 * bit it keeps counting (what the doctor warns about). */
static void test_freeze_while_halted(void **state)
{
    (void)state;
    for (size_t i = 0; i < NROWS; i++) {
        struct fx f;
        fx_open(&f, &rows[i]);
        const struct row *r = f.r;
        unsigned before = resets(&f);
        sim_ns p = period(r, 0, 0xFFF);
        wr(r->iwdg + KR, KEY_START);
        fake_advance(f.chip, p / 2);
        /* The debugger halts the core and sets the freeze bit. */
        f.core->state = SIM_CORE_HALTED;
        assert_int_equal(sim_chip_debug_write(f.chip, 0, r->fz_addr, 4, r->fz_bit),
                         SIM_BUS_ACCESS_OK);
        fake_advance(f.chip, 3 * p);
        if (resets(&f) != before)
            fail_msg("%s: watchdog ran while frozen", r->part);
        /* Resumed: the other half of the period, then the reset. */
        f.core->state = SIM_CORE_RUNNING;
        uint32_t v = 0;
        assert_int_equal(sim_chip_debug_read(f.chip, 0, r->fz_addr, 4, &v),
                         SIM_BUS_ACCESS_OK);
        fake_advance(f.chip, p / 2 - 1 * MS);
        assert_int_equal(resets(&f), before);
        fake_advance(f.chip, 2 * MS);
        if (resets(&f) != before + 1)
            fail_msg("%s: no reset after resuming", r->part);

        /* Halted without the freeze bit: it counts. */
        assert_int_equal(sim_chip_debug_write(f.chip, 0, r->fz_addr, 4, 0),
                         SIM_BUS_ACCESS_OK);
        wr(r->iwdg + KR, KEY_START);
        f.core->state = SIM_CORE_HALTED;
        assert_int_equal(sim_chip_debug_read(f.chip, 0, r->fz_addr, 4, &v),
                         SIM_BUS_ACCESS_OK);
        fake_advance(f.chip, p + 1 * MS);
        if (resets(&f) != before + 2)
            fail_msg("%s: halted without freeze did not reset", r->part);
        fx_close(&f);
    }
}

/* Window option: a reload while the counter is above WINR resets
 * (RM0091 §20.3.3); families without WINR read it as 0. */
static void test_window(void **state)
{
    (void)state;
    for (size_t i = 0; i < NROWS; i++) {
        struct fx f;
        fx_open(&f, &rows[i]);
        const struct row *r = f.r;
        if (!r->winr) {
            assert_int_equal(rd(r->iwdg + WINR), 0);
            fx_close(&f);
            continue;
        }
        assert_int_equal(rd(r->iwdg + WINR), 0xFFF);
        unsigned before = resets(&f);
        sim_ns p = period(r, 0, 0xFFF);
        wr(r->iwdg + KR, KEY_START);
        wr(r->iwdg + KR, KEY_UNLOCK);
        wr(r->iwdg + WINR, 0x400);                 /* also reloads */
        /* Inside the window (counter < 0x400, i.e. after 3/4 of the period). */
        fake_advance(f.chip, p * 7 / 8);
        wr(r->iwdg + KR, KEY_RELOAD);
        fake_advance(f.chip, 1 * MS);
        assert_int_equal(resets(&f), before);
        /* Too early: reset. */
        fake_advance(f.chip, p / 8);
        wr(r->iwdg + KR, KEY_RELOAD);
        fake_advance(f.chip, 1 * MS);
        if (resets(&f) != before + 1)
            fail_msg("%s: early reload outside the window did not reset", r->part);
        fx_close(&f);
    }
}

/* NRST low and power-off stop the watchdog (every reset does). */
static void test_pin_reset_stops_it(void **state)
{
    (void)state;
    struct fx f;
    fx_open(&f, &rows[0]);
    const struct row *r = f.r;
    sim_ns p = period(r, 0, 0xFFF);
    wr(r->iwdg + KR, KEY_START);
    fake_advance(f.chip, p / 2);
    sim_chip_nrst(f.chip, true);
    sim_chip_nrst(f.chip, false);
    unsigned after_pin = resets(&f);
    fake_advance(f.chip, 2 * p);
    assert_int_equal(resets(&f), after_pin);
    fx_close(&f);
}

/* F4 option byte WDG_SW = 0 (RM0090 §3.9.10, §19.3.2): the hardware
 * watchdog runs from every reset without a start key. */
#define FLASH_OPTKEYR   0x40023C08u
#define FLASH_OPTCR     0x40023C14u
#define FLASH_SR        0x40023C0Cu
#define SR_BSY          (1u << 16)
#define OPTCR_OPTSTRT   (1u << 1)
#define OPTCR_WDG_SW    (1u << 5)

static void test_hardware_watchdog_option(void **state)
{
    (void)state;
    struct fx f;
    fx_open(&f, &rows[0]);
    const struct row *r = f.r;
    sim_ns p = period(r, 0, 0xFFF);
    unsigned before = resets(&f);
    fake_advance(f.chip, 2 * p);
    assert_int_equal(resets(&f), before);        /* software watchdog: off */

    wr(FLASH_OPTKEYR, 0x08192A3Bu);
    wr(FLASH_OPTKEYR, 0x4C5D6E7Fu);
    uint32_t optcr = rd(FLASH_OPTCR) & ~OPTCR_WDG_SW;
    wr(FLASH_OPTCR, optcr);
    wr(FLASH_OPTCR, optcr | OPTCR_OPTSTRT);
    for (int i = 0; i < 100 && (rd(FLASH_SR) & SR_BSY); i++)
        fake_advance(f.chip, 10 * MS);
    assert_int_equal(rd(FLASH_SR) & SR_BSY, 0);
    /* Loaded at the next reset: from then on it runs by itself. */
    sim_chip_nrst(f.chip, true);
    sim_chip_nrst(f.chip, false);
    wr(r->csr, r->rmvf);
    before = resets(&f);
    fake_advance(f.chip, p - 1 * MS);
    assert_int_equal(resets(&f), before);
    fake_advance(f.chip, 2 * MS);
    assert_int_equal(resets(&f), before + 1);
    assert_int_equal(rd(r->csr) & all_flags(r), r->iwdgf | r->pin);
    fake_advance(f.chip, p);                      /* and again after that one */
    assert_int_equal(resets(&f), before + 2);
    fx_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_por_flags_and_rmvf),
        cmocka_unit_test(test_period_and_reset_flag),
        cmocka_unit_test(test_reload_keeps_alive),
        cmocka_unit_test(test_freeze_while_halted),
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_pin_reset_stops_it),
        cmocka_unit_test(test_hardware_watchdog_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
