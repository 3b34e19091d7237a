/* The simulated STM32L552ZE and STM32U585AI flash interface against
 * RM0438 §6 / RM0456 §7 (stm32-families.md §2.5, §4.1, §4.2): unlock,
 * 64-bit (L5) and 128-bit (U5) programming with its error flags, page and
 * bank erase with their timing, option bytes with OPTSTRT/OBL_LAUNCH, WRP
 * areas, RDP level 1 and its regression, the TrustZone rules.  Through the
 * debugger's path, with the fake core and hand-driven clock of
 * test_f4_fakes.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chips/chip.h"
#include "test_f4_fakes.h"

#define FLASH_BASE   0x08000000u
#define FLASH_IF     0x40022000u
#define NSKEYR       (FLASH_IF + 0x08u)
#define OPTKEYR      (FLASH_IF + 0x10u)
#define NSSR         (FLASH_IF + 0x20u)
#define NSCR         (FLASH_IF + 0x28u)
#define OPTR         (FLASH_IF + 0x40u)
#define NSBOOTADD1R  (FLASH_IF + 0x48u)
#define WRP1AR       (FLASH_IF + 0x58u)
#define KEY1         0x45670123u
#define KEY2         0xCDEF89ABu
#define OPTKEY1      0x08192A3Bu
#define OPTKEY2      0x4C5D6E7Fu

#define SR_EOP       (1u << 0)
#define SR_PROGERR   (1u << 3)
#define SR_WRPERR    (1u << 4)
#define SR_PGAERR    (1u << 5)
#define SR_SIZERR    (1u << 6)
#define SR_PGSERR    (1u << 7)
#define SR_OPTWERR   (1u << 13)
#define SR_BSY       (1u << 16)
#define SR_ALL       0x0000FFFFu

#define CR_PG        (1u << 0)
#define CR_PER       (1u << 1)
#define CR_MER1      (1u << 2)
#define CR_PNB(n)    ((uint32_t)(n) << 3)
#define CR_BKER      (1u << 11)
#define CR_MER2      (1u << 15)
#define CR_STRT      (1u << 16)
#define CR_OPTSTRT   (1u << 17)
#define CR_EOPIE     (1u << 24)
#define CR_OBL_LAUNCH (1u << 27)
#define CR_OPTLOCK   (1u << 30)
#define CR_LOCK      (1u << 31)

#define OPTR_DBANK   (1u << 22)
#define OPTR_TZEN    (1u << 31)

#define MS           SIM_NS_PER_MS
#define US           SIM_NS_PER_US

struct fx {
    struct sim_board_config cfg;
    uint8_t *nvm;
    struct sim_chip *chip;
};

static struct sim_board_config cfg_for(const char *part)
{
    struct sim_board_config cfg;
    memset(&cfg, 0, sizeof cfg);
    strcpy(cfg.part, part);
    cfg.powered = true;
    cfg.vdd_mv = 3300;
    cfg.swd_max_khz = 4000;
    cfg.swdio_connected = true;
    return cfg;
}

static void fx_create(struct fx *f, bool fresh)
{
    char err[256] = "";
    if (!f->nvm) {
        size_t n = sim_chip_nvm_size(f->cfg.part);
        assert_true(n > 256u * 1024u);
        f->nvm = malloc(n);
    }
    f->chip = sim_chip_create(&f->cfg, f->nvm, fresh, err, sizeof err);
    assert_non_null(f->chip);
    sim_chip_power(f->chip, true);
}

static int setup_l5(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    sim_clock_reset();
    f->cfg = cfg_for("STM32L552ZE");
    *state = f;
    return 0;
}

static int setup_u5(void **state)
{
    setup_l5(state);
    ((struct fx *)*state)->cfg = cfg_for("STM32U585AIT6Q");
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    if (f->chip)
        sim_chip_destroy(f->chip);
    free(f->nvm);
    free(f);
    return 0;
}

static uint32_t rd(struct sim_chip *c, uint32_t addr)
{
    uint32_t v = 0xDEADBEEF;
    assert_int_equal(sim_chip_debug_read(c, 0, addr, 4, &v), SIM_BUS_ACCESS_OK);
    return v;
}

static void wr(struct sim_chip *c, uint32_t addr, uint32_t v)
{
    assert_int_equal(sim_chip_debug_write(c, 0, addr, 4, v), SIM_BUS_ACCESS_OK);
}

/* As the tools do: keys only while locked (a key written to an unlocked
 * register is a wrong sequence). */
static void unlock(struct sim_chip *c)
{
    if (!(rd(c, NSCR) & CR_LOCK))
        return;
    wr(c, NSKEYR, KEY1);
    wr(c, NSKEYR, KEY2);
    assert_int_equal(rd(c, NSCR) & CR_LOCK, 0);
}

static void unlock_options(struct sim_chip *c)
{
    unlock(c);
    if (!(rd(c, NSCR) & CR_OPTLOCK))
        return;
    wr(c, OPTKEYR, OPTKEY1);
    wr(c, OPTKEYR, OPTKEY2);
    assert_int_equal(rd(c, NSCR) & CR_OPTLOCK, 0);
}

/* Let time pass until BSY clears; returns how long that took. */
static sim_ns wait_idle(struct sim_chip *c)
{
    sim_ns waited = 0;
    while (rd(c, NSSR) & SR_BSY) {
        fake_advance(c, 10 * US);
        waited += 10 * US;
        assert_true(waited < 5 * SIM_NS_PER_S);
    }
    return waited;
}

/* OPTSTRT, wait, OBL_LAUNCH (which resets the chip and loads them). */
static void program_options(struct sim_chip *c)
{
    wr(c, NSCR, CR_OPTSTRT);
    wait_idle(c);
    assert_int_equal(rd(c, NSSR) & SR_OPTWERR, 0);
    wr(c, NSCR, CR_OBL_LAUNCH);
    fake_advance(c, 1 * MS);
}

static uint32_t flash_word(struct sim_chip *c, uint32_t off)
{
    return rd(c, FLASH_BASE + off);
}

/* ---- Identification, reset values ---- */

static void test_l5_ids_and_reset_values(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    /* DBGMCU_IDCODE at 0xE0044000 on the M33 parts (§1.1), DEV_ID 0x472 */
    assert_int_equal(rd(f->chip, 0xE0044000u) & 0xFFFu, 0x472);
    uint32_t v = 0;
    assert_int_equal(sim_chip_debug_read(f->chip, 0, 0x0BFA05E0u, 2, &v), SIM_BUS_ACCESS_OK);
    assert_int_equal(v, 512);
    assert_int_equal(fake_last_core->cfg.kind, SIM_CORE_M33);
    assert_int_equal((fake_last_core->cfg.cpuid >> 4) & 0xFFFu, 0xD21);
    assert_int_equal(sim_chip_dp_idcode(f->chip, SIM_WIRE_SWD), 0x0BE12477);
    /* NSCR reset 0xC0000000; OPTR: RDP 0xAA, TZEN 0, DBANK 1 */
    assert_int_equal(rd(f->chip, NSCR), 0xC0000000u);
    uint32_t optr = rd(f->chip, OPTR);
    assert_int_equal(optr & 0xFFu, 0xAA);
    assert_int_equal(optr & OPTR_TZEN, 0);
    assert_int_equal(optr & OPTR_DBANK, OPTR_DBANK);
    assert_int_equal(rd(f->chip, NSBOOTADD1R) & ~0x7Fu, 0x0BF90000u);
    assert_int_equal(flash_word(f->chip, 0), 0xFFFFFFFFu);
}

static void test_u5_ids(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    assert_int_equal(rd(f->chip, 0xE0044000u) & 0xFFFu, 0x482);
    uint32_t v = 0;
    assert_int_equal(sim_chip_debug_read(f->chip, 0, 0x0BFA07A0u, 2, &v), SIM_BUS_ACCESS_OK);
    assert_int_equal(v, 2048);
    assert_int_equal(rd(f->chip, NSCR), 0xC0000000u);
}

/* ---- Keys ---- */

static void test_wrong_key_locks_until_reset(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    wr(f->chip, NSKEYR, KEY1);
    assert_int_equal(sim_chip_debug_write(f->chip, 0, NSKEYR, 4, 0x12345678u),
                     SIM_BUS_ACCESS_FAULT);
    assert_int_equal(sim_chip_debug_write(f->chip, 0, NSKEYR, 4, KEY1), SIM_BUS_ACCESS_FAULT);
    assert_int_equal(sim_chip_debug_write(f->chip, 0, NSKEYR, 4, KEY2), SIM_BUS_ACCESS_FAULT);
    assert_int_equal(rd(f->chip, NSCR) & CR_LOCK, CR_LOCK);
    /* Option keys need LOCK clear first. */
    assert_int_equal(sim_chip_debug_write(f->chip, 0, OPTKEYR, 4, OPTKEY1),
                     SIM_BUS_ACCESS_FAULT);
}

/* ---- Programming ---- */

static void test_l5_double_word_program(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    unlock(f->chip);
    wr(f->chip, NSCR, CR_PG);
    wr(f->chip, FLASH_BASE + 0x100, 0x11223344u);
    /* First word alone: nothing programmed yet, not busy. */
    assert_int_equal(rd(f->chip, NSSR) & SR_BSY, 0);
    assert_int_equal(flash_word(f->chip, 0x100), 0xFFFFFFFFu);
    wr(f->chip, FLASH_BASE + 0x104, 0x55667788u);
    assert_int_equal(rd(f->chip, NSSR) & SR_BSY, SR_BSY);
    sim_ns t = wait_idle(f->chip);
    /* ~82 us typical for 64 bits (L4-class figure, §3) */
    assert_true(t >= 70 * US && t <= 100 * US);
    assert_int_equal(flash_word(f->chip, 0x100), 0x11223344u);
    assert_int_equal(flash_word(f->chip, 0x104), 0x55667788u);
    assert_int_equal(rd(f->chip, NSSR) & SR_ALL, 0);   /* no EOP without EOPIE */
}

static void test_program_errors(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    unlock(f->chip);
    /* Without PG: PGSERR */
    wr(f->chip, FLASH_BASE, 0);
    assert_int_equal(rd(f->chip, NSSR) & SR_PGSERR, SR_PGSERR);
    wr(f->chip, NSSR, SR_ALL);
    wr(f->chip, NSCR, CR_PG | CR_EOPIE);
    /* First word not on a double word: PGAERR */
    wr(f->chip, FLASH_BASE + 4, 0);
    assert_int_equal(rd(f->chip, NSSR) & SR_PGAERR, SR_PGAERR);
    wr(f->chip, NSSR, SR_ALL);
    /* Half-word store: SIZERR */
    assert_int_equal(sim_chip_debug_write(f->chip, 0, FLASH_BASE, 2, 0x1234),
                     SIM_BUS_ACCESS_OK);
    assert_int_equal(rd(f->chip, NSSR) & SR_SIZERR, SR_SIZERR);
    wr(f->chip, NSSR, SR_ALL);
    /* Programmed once; again with other data: PROGERR; all zeros: allowed */
    wr(f->chip, FLASH_BASE + 8, 0xA5A5A5A5u);
    wr(f->chip, FLASH_BASE + 12, 0xFFFFFFFFu);
    wait_idle(f->chip);
    assert_int_equal(rd(f->chip, NSSR) & SR_ALL, SR_EOP);
    wr(f->chip, NSSR, SR_ALL);
    wr(f->chip, FLASH_BASE + 8, 0x00000001u);
    wr(f->chip, FLASH_BASE + 12, 0);
    assert_int_equal(rd(f->chip, NSSR) & SR_PROGERR, SR_PROGERR);
    assert_int_equal(flash_word(f->chip, 8), 0xA5A5A5A5u);
    wr(f->chip, NSSR, SR_ALL);
    wr(f->chip, FLASH_BASE + 8, 0);
    wr(f->chip, FLASH_BASE + 12, 0);
    wait_idle(f->chip);
    assert_int_equal(rd(f->chip, NSSR) & SR_PROGERR, 0);
    assert_int_equal(flash_word(f->chip, 8), 0);
}

static void test_u5_quad_word_program(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    unlock(f->chip);
    wr(f->chip, NSCR, CR_PG);
    for (unsigned i = 0; i < 3; i++)
        wr(f->chip, FLASH_BASE + 0x2000 + 4 * i, 0x01010101u * (i + 1));
    assert_int_equal(rd(f->chip, NSSR) & SR_BSY, 0);
    assert_int_equal(flash_word(f->chip, 0x2000), 0xFFFFFFFFu);
    wr(f->chip, FLASH_BASE + 0x200C, 0x04040404u);
    sim_ns t = wait_idle(f->chip);
    assert_true(t >= 100 * US && t <= 140 * US);
    for (unsigned i = 0; i < 4; i++)
        assert_int_equal(flash_word(f->chip, 0x2000 + 4 * i), 0x01010101u * (i + 1));
    /* A double word is not a unit on U5: the first word must be 16-aligned */
    wr(f->chip, FLASH_BASE + 0x2018, 0);
    assert_int_equal(rd(f->chip, NSSR) & SR_PGAERR, SR_PGAERR);
}

/* ---- Erase ---- */

static void program_dword(struct sim_chip *c, uint32_t off)
{
    wr(c, NSCR, CR_PG);
    wr(c, FLASH_BASE + off, 0);
    wr(c, FLASH_BASE + off + 4, 0);
    wait_idle(c);
}

static void test_l5_dual_bank_page_erase(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    unlock(f->chip);
    /* DBANK = 1: 2 KiB pages, bank 2 at 0x08040000 */
    program_dword(f->chip, 0x40000 + 3 * 2048);
    program_dword(f->chip, 0x40000 + 4 * 2048);
    program_dword(f->chip, 3 * 2048);
    wr(f->chip, NSCR, CR_PER | CR_BKER | CR_PNB(3));
    wr(f->chip, NSCR, CR_PER | CR_BKER | CR_PNB(3) | CR_STRT);
    sim_ns t = wait_idle(f->chip);
    assert_true(t >= 20 * MS && t <= 25 * MS);         /* 22 ms typ. */
    assert_int_equal(flash_word(f->chip, 0x40000 + 3 * 2048), 0xFFFFFFFFu);
    assert_int_equal(flash_word(f->chip, 0x40000 + 4 * 2048), 0);
    assert_int_equal(flash_word(f->chip, 3 * 2048), 0);
    /* Mass erase of both banks */
    wr(f->chip, NSCR, CR_MER1 | CR_MER2 | CR_STRT);
    wait_idle(f->chip);
    assert_int_equal(flash_word(f->chip, 0x40000 + 4 * 2048), 0xFFFFFFFFu);
    assert_int_equal(flash_word(f->chip, 3 * 2048), 0xFFFFFFFFu);
    /* STRT with no operation bit: PGSERR */
    wr(f->chip, NSCR, CR_STRT);
    assert_int_equal(rd(f->chip, NSSR) & SR_PGSERR, SR_PGSERR);
}

static void test_l5_single_bank_pages(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    unlock_options(f->chip);
    wr(f->chip, OPTR, rd(f->chip, OPTR) & ~OPTR_DBANK);
    program_options(f->chip);
    assert_int_equal(rd(f->chip, OPTR) & OPTR_DBANK, 0);
    unlock(f->chip);
    /* DBANK = 0: 4 KiB pages in one bank; page 1 = 0x1000..0x1FFF */
    program_dword(f->chip, 0x1800);
    program_dword(f->chip, 0x2000);
    wr(f->chip, NSCR, CR_PER | CR_PNB(1) | CR_STRT);
    wait_idle(f->chip);
    assert_int_equal(flash_word(f->chip, 0x1800), 0xFFFFFFFFu);
    assert_int_equal(flash_word(f->chip, 0x2000), 0);
}

/* ---- Option bytes: WRP, RDP, TrustZone ---- */

static void test_wrp_area_refuses_program_and_erase(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    unlock_options(f->chip);
    /* WRP1A: pages 0..1 of bank 1 */
    wr(f->chip, WRP1AR, (rd(f->chip, WRP1AR) & ~0x007F007Fu) | (1u << 16) | 0u);
    /* Not in force before OBL_LAUNCH */
    unlock(f->chip);
    program_dword(f->chip, 0);
    assert_int_equal(rd(f->chip, NSSR) & SR_WRPERR, 0);
    unlock_options(f->chip);
    program_options(f->chip);
    unlock(f->chip);
    wr(f->chip, NSCR, CR_PG);
    wr(f->chip, FLASH_BASE + 2048 + 8, 0);
    wr(f->chip, FLASH_BASE + 2048 + 12, 0);
    assert_int_equal(rd(f->chip, NSSR) & SR_WRPERR, SR_WRPERR);
    assert_int_equal(flash_word(f->chip, 2048 + 8), 0xFFFFFFFFu);
    wr(f->chip, NSSR, SR_ALL);
    wr(f->chip, NSCR, CR_MER1 | CR_STRT);
    assert_int_equal(rd(f->chip, NSSR) & SR_WRPERR, SR_WRPERR);
    assert_int_equal(flash_word(f->chip, 0), 0);           /* nothing erased */
    /* Page 2 is outside the area */
    wr(f->chip, NSSR, SR_ALL);
    program_dword(f->chip, 2 * 2048);
    assert_int_equal(rd(f->chip, NSSR) & SR_WRPERR, 0);
}

static void test_rdp1_blocks_debugger_and_regression_erases(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    unlock(f->chip);
    program_dword(f->chip, 0x80);
    unlock_options(f->chip);
    wr(f->chip, OPTR, (rd(f->chip, OPTR) & ~0xFFu) | 0xBBu);
    program_options(f->chip);
    assert_int_equal(rd(f->chip, OPTR) & 0xFFu, 0xBB);
    uint32_t v;
    assert_int_equal(sim_chip_debug_read(f->chip, 0, FLASH_BASE + 0x80, 4, &v),
                     SIM_BUS_ACCESS_FAULT);
    /* Back to 0: mass erase first (the regression takes longer) */
    unlock_options(f->chip);
    wr(f->chip, OPTR, (rd(f->chip, OPTR) & ~0xFFu) | 0xAAu);
    wr(f->chip, NSCR, CR_OPTSTRT);
    sim_ns t = wait_idle(f->chip);
    assert_true(t > 22 * MS);
    wr(f->chip, NSCR, CR_OBL_LAUNCH);
    fake_advance(f->chip, 1 * MS);
    assert_int_equal(rd(f->chip, OPTR) & 0xFFu, 0xAA);
    assert_int_equal(flash_word(f->chip, 0x80), 0xFFFFFFFFu);
}

static void test_tzen_scenario_and_rules(void **state)
{
    struct fx *f = *state;
    f->cfg.tzen = true;
    fx_create(f, true);
    assert_int_equal(rd(f->chip, OPTR) & OPTR_TZEN, OPTR_TZEN);
    /* Whole flash secure by default: the non-secure interface is refused
     * and the non-secure alias reads as zero. */
    unlock(f->chip);
    wr(f->chip, NSCR, CR_PG);
    wr(f->chip, FLASH_BASE, 0);
    wr(f->chip, FLASH_BASE + 4, 0);
    assert_int_equal(rd(f->chip, NSSR) & SR_WRPERR, SR_WRPERR);
    assert_int_equal(flash_word(f->chip, 0), 0);
    wr(f->chip, NSSR, SR_ALL);
    /* TZEN cannot be cleared at level 0 (only with a 1 -> 0 regression) */
    unlock_options(f->chip);
    wr(f->chip, OPTR, rd(f->chip, OPTR) & ~OPTR_TZEN);
    wr(f->chip, NSCR, CR_OPTSTRT);
    wait_idle(f->chip);
    assert_int_equal(rd(f->chip, NSSR) & SR_OPTWERR, SR_OPTWERR);
    wr(f->chip, NSSR, SR_ALL);
    /* Level 1, then RDP 0xAA with TZEN 0 in one change: allowed */
    wr(f->chip, OPTR, (rd(f->chip, OPTR) & ~0xFFu) | OPTR_TZEN | 0xBBu);
    program_options(f->chip);
    unlock_options(f->chip);
    wr(f->chip, OPTR, (rd(f->chip, OPTR) & ~(0xFFu | OPTR_TZEN)) | 0xAAu);
    program_options(f->chip);
    assert_int_equal(rd(f->chip, OPTR) & (OPTR_TZEN | 0xFFu), 0xAA);
    unlock(f->chip);
    program_dword(f->chip, 0);
    assert_int_equal(rd(f->chip, NSSR) & SR_WRPERR, 0);
}

/* Boot selection (RM0438 §3.3.x boot table): nSWBOOT0 = 1 takes BOOT0
 * from the pin, nSWBOOT0 = 0 from !nBOOT0; BOOT0 = 0 boots at NSBOOTADD0
 * (flash), 1 at NSBOOTADD1 (system memory 0x0BF90000). */
static void test_boot_selection(void **state)
{
    struct fx *f = *state;
    f->cfg.boot0 = 1;
    fx_create(f, true);
    assert_int_equal(fake_last_core->cfg.boot_address, 0x0BF90000u);
    unlock_options(f->chip);
    /* nSWBOOT0 = 0, nBOOT0 = 1: BOOT0 = 0 whatever the pin says */
    wr(f->chip, OPTR, rd(f->chip, OPTR) & ~(1u << 26));
    program_options(f->chip);
    assert_int_equal(fake_last_core->cfg.boot_address, FLASH_BASE);
    unlock_options(f->chip);
    wr(f->chip, OPTR, rd(f->chip, OPTR) & ~(1u << 27));     /* nBOOT0 = 0: BOOT0 = 1 */
    program_options(f->chip);
    assert_int_equal(fake_last_core->cfg.boot_address, 0x0BF90000u);
}

static void test_state_survives_power_cycle(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    unlock(f->chip);
    wr(f->chip, NSCR, CR_PG);                               /* one quad word */
    for (unsigned i = 0; i < 4; i++)
        wr(f->chip, FLASH_BASE + 0x40 + 4 * i, 0);
    wait_idle(f->chip);
    unlock_options(f->chip);
    wr(f->chip, OPTR, rd(f->chip, OPTR) & ~(1u << 26));    /* nSWBOOT0 = 0 */
    wr(f->chip, NSCR, CR_OPTSTRT);
    wait_idle(f->chip);
    sim_chip_destroy(f->chip);
    fx_create(f, false);
    assert_int_equal(flash_word(f->chip, 0x40), 0);
    assert_int_equal(rd(f->chip, OPTR) & (1u << 26), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_l5_ids_and_reset_values, setup_l5, teardown),
        cmocka_unit_test_setup_teardown(test_u5_ids, setup_u5, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_key_locks_until_reset, setup_l5, teardown),
        cmocka_unit_test_setup_teardown(test_l5_double_word_program, setup_l5, teardown),
        cmocka_unit_test_setup_teardown(test_program_errors, setup_l5, teardown),
        cmocka_unit_test_setup_teardown(test_u5_quad_word_program, setup_u5, teardown),
        cmocka_unit_test_setup_teardown(test_l5_dual_bank_page_erase, setup_l5, teardown),
        cmocka_unit_test_setup_teardown(test_l5_single_bank_pages, setup_l5, teardown),
        cmocka_unit_test_setup_teardown(test_wrp_area_refuses_program_and_erase, setup_l5,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_rdp1_blocks_debugger_and_regression_erases,
                                        setup_l5, teardown),
        cmocka_unit_test_setup_teardown(test_tzen_scenario_and_rules, setup_l5, teardown),
        cmocka_unit_test_setup_teardown(test_boot_selection, setup_l5, teardown),
        cmocka_unit_test_setup_teardown(test_state_survives_power_cycle, setup_u5, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
