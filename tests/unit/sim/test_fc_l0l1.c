/* The STM32L0/L1 flash controller on the generic bench chip (chips/mcu.h,
 * fc_l0l1*.c) against RM0367 §3 (L0x3) and RM0038 §3 (L1): unlock keys,
 * word / half-page programming and page erase with the datasheet's tPROG
 * (3.2 ms L0, 3.28 ms L1; stm32-families.md §3), erased = 0x00, L0
 * NOTZEROERR, WRP (1 = protected), option words with their complements,
 * OBL_LAUNCH, RDP levels and the 1 -> 0 regression (program memory and
 * data EEPROM erased), data EEPROM writes.  Everything through the
 * debugger's path (sim_chip_debug_read/write), as a probe sees it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chips/chip.h"
#include "clock.h"

#define FLASH_BASE   0x08000000u
#define EEPROM_BASE  0x08080000u
#define OB_BASE      0x1FF80000u
#define L0_FLASH     0x40022000u
#define L1_FLASH     0x40023C00u
#define PECR         0x04u
#define PEKEYR       0x0Cu
#define PRGKEYR      0x10u
#define OPTKEYR      0x14u
#define SR           0x18u
#define OBR          0x1Cu
#define WRPR1        0x20u

#define PEKEY1       0x89ABCDEFu
#define PEKEY2       0x02030405u
#define PRGKEY1      0x8C9DAEBFu
#define PRGKEY2      0x13141516u
#define OPTKEY1      0xFBEAD9C8u
#define OPTKEY2      0x24252627u

#define PECR_PELOCK  (1u << 0)
#define PECR_PRGLOCK (1u << 1)
#define PECR_OPTLOCK (1u << 2)
#define PECR_PROG    (1u << 3)
#define PECR_DATA    (1u << 4)
#define PECR_FIX     (1u << 8)
#define PECR_ERASE   (1u << 9)
#define PECR_FPRG    (1u << 10)
#define PECR_OBL     (1u << 18)
#define SR_BSY       (1u << 0)
#define SR_EOP       (1u << 1)
#define SR_IDLE      0x0Cu        /* ENDHV | READY: SR reset value */
#define SR_WRPERR    (1u << 8)
#define SR_PGAERR    (1u << 9)
#define SR_SIZERR    (1u << 10)
#define SR_OPTVERR   (1u << 11)
#define SR_NOTZERO   (1u << 16)

#define US           SIM_NS_PER_US
#define L0_TPROG     (3200u * US)
#define L1_TPROG     (3280u * US)

struct fx {
    struct sim_chip *chip;
    uint8_t *nvm;
    uint32_t regs;
};

static struct fx *make(const char *part, int rdp, const unsigned *wrp, size_t n_wrp)
{
    struct fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    sim_clock_reset();
    struct sim_board_config cfg = { .powered = true, .vdd_mv = 3300, .rdp = rdp };
    snprintf(cfg.part, sizeof cfg.part, "%s", part);
    for (size_t i = 0; i < n_wrp; i++)
        cfg.wrp_sectors[i] = wrp[i];
    cfg.n_wrp_sectors = n_wrp;
    size_t n = sim_chip_nvm_size(part);
    assert_true(n > 0);
    f->nvm = calloc(1, n);
    char err[256];
    f->chip = sim_chip_create(&cfg, f->nvm, true, err, sizeof err);
    if (!f->chip)
        fail_msg("%s", err);
    sim_chip_power(f->chip, true);
    f->regs = strstr(part, "L0") ? L0_FLASH : L1_FLASH;
    return f;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    if (f) {
        sim_chip_destroy(f->chip);
        free(f->nvm);
        free(f);
    }
    return 0;
}

static uint32_t rd(struct fx *f, uint32_t addr)
{
    uint32_t v = 0;
    assert_int_equal(sim_chip_debug_read(f->chip, 0, addr, 4, &v), SIM_BUS_ACCESS_OK);
    return v;
}

static enum sim_bus_access wr_rc(struct fx *f, uint32_t addr, uint32_t v)
{
    return sim_chip_debug_write(f->chip, 0, addr, 4, v);
}

static void wr(struct fx *f, uint32_t addr, uint32_t v)
{
    assert_int_equal(wr_rc(f, addr, v), SIM_BUS_ACCESS_OK);
}

static uint32_t reg(struct fx *f, uint32_t off) { return rd(f, f->regs + off); }
static void set_reg(struct fx *f, uint32_t off, uint32_t v) { wr(f, f->regs + off, v); }

static void unlock_prg(struct fx *f)
{
    set_reg(f, PEKEYR, PEKEY1);
    set_reg(f, PEKEYR, PEKEY2);
    set_reg(f, PRGKEYR, PRGKEY1);
    set_reg(f, PRGKEYR, PRGKEY2);
}

static void unlock_opt(struct fx *f)
{
    set_reg(f, PEKEYR, PEKEY1);
    set_reg(f, PEKEYR, PEKEY2);
    set_reg(f, OPTKEYR, OPTKEY1);
    set_reg(f, OPTKEYR, OPTKEY2);
}

static void wait_ns(sim_ns ns) { sim_clock_advance(ns); }

/* Let the current operation finish (generous: ten cycles). */
static void settle(struct fx *f)
{
    wait_ns(10u * L1_TPROG);
    assert_int_equal(reg(f, SR) & SR_BSY, 0);
}

static void obl_launch(struct fx *f)
{
    set_reg(f, PECR, PECR_OBL);
}

/* ---- Identification and reset state ---- */

static void test_l053_reset_state(void **state)
{
    struct fx *f = *state = make("STM32L053R8", 0, NULL, 0);
    assert_int_equal(rd(f, 0x40015800u), 0x10380417u);      /* DBGMCU_IDCODE on APB */
    assert_int_equal(reg(f, PECR), PECR_PELOCK | PECR_PRGLOCK | PECR_OPTLOCK);
    assert_int_equal(reg(f, SR), SR_IDLE);
    assert_int_equal(reg(f, OBR) & 0xFFu, 0xAAu);
    assert_int_equal(rd(f, OB_BASE), 0xFF5500AAu);         /* level 0 word */
    assert_int_equal(rd(f, 0x1FF8007Cu) & 0xFFFFu, 64u);     /* F_SIZE, KiB */
    assert_int_equal(rd(f, FLASH_BASE), 0u);                /* erased reads 0x00 */
    assert_int_equal(rd(f, EEPROM_BASE), 0u);
}

static void test_l152_reset_state(void **state)
{
    struct fx *f = *state = make("STM32L152RE", 0, NULL, 0);
    assert_int_equal(rd(f, 0xE0042000u) & 0xFFFu, 0x437u);
    assert_int_equal(rd(f, 0x1FF800CCu) & 0xFFFFu, 512u);
    assert_int_not_equal(rd(f, 0x1FF800D0u), 0u);          /* unique ID */
    assert_int_equal(reg(f, PECR), 7u);
    assert_int_equal(reg(f, OBR) & 0xFFu, 0xAAu);
}

/* ---- Keys (RM0367 §3.3.1) ---- */

static void test_unlock_sequence(void **state)
{
    struct fx *f = *state = make("STM32L053R8", 0, NULL, 0);
    set_reg(f, PEKEYR, PEKEY1);
    assert_int_equal(reg(f, PECR) & PECR_PELOCK, PECR_PELOCK);
    set_reg(f, PEKEYR, PEKEY2);
    assert_int_equal(reg(f, PECR), PECR_PRGLOCK | PECR_OPTLOCK);
    set_reg(f, PRGKEYR, PRGKEY1);
    set_reg(f, PRGKEYR, PRGKEY2);
    assert_int_equal(reg(f, PECR), PECR_OPTLOCK);
    /* Setting PELOCK locks everything again. */
    set_reg(f, PECR, PECR_PELOCK);
    assert_int_equal(reg(f, PECR), 7u);
}

static void test_wrong_key_blocks_until_reset(void **state)
{
    struct fx *f = *state = make("STM32L053R8", 0, NULL, 0);
    assert_int_equal(wr_rc(f, f->regs + PEKEYR, 0x12345678u), SIM_BUS_ACCESS_FAULT);
    assert_int_equal(wr_rc(f, f->regs + PEKEYR, PEKEY1), SIM_BUS_ACCESS_FAULT);
    assert_int_equal(wr_rc(f, f->regs + PEKEYR, PEKEY2), SIM_BUS_ACCESS_FAULT);
    assert_int_equal(reg(f, PECR), 7u);
    sim_chip_nrst(f->chip, true);
    sim_chip_nrst(f->chip, false);
    unlock_prg(f);
    assert_int_equal(reg(f, PECR), PECR_OPTLOCK);
}

static void test_prgkey_needs_pelock_clear(void **state)
{
    struct fx *f = *state = make("STM32L053R8", 0, NULL, 0);
    assert_int_equal(wr_rc(f, f->regs + PRGKEYR, PRGKEY1), SIM_BUS_ACCESS_FAULT);
}

/* ---- Program memory ---- */

static void test_locked_write_faults(void **state)
{
    struct fx *f = *state = make("STM32L053R8", 0, NULL, 0);
    assert_int_equal(wr_rc(f, FLASH_BASE + 0x100u, 0x12345678u), SIM_BUS_ACCESS_FAULT);
    assert_int_equal(rd(f, FLASH_BASE + 0x100u), 0u);
}

static void test_word_program_takes_tprog(void **state)
{
    struct fx *f = *state = make("STM32L053R8", 0, NULL, 0);
    unlock_prg(f);
    wr(f, FLASH_BASE + 0x100u, 0xA5A55A5Au);
    assert_int_equal(reg(f, SR) & SR_BSY, SR_BSY);
    uint32_t v;
    assert_int_equal(sim_chip_debug_read(f->chip, 0, FLASH_BASE, 4, &v), SIM_BUS_ACCESS_WAIT);
    wait_ns(L0_TPROG - 100u * US);
    assert_int_equal(reg(f, SR) & SR_BSY, SR_BSY);
    wait_ns(200u * US);
    assert_int_equal(reg(f, SR), SR_IDLE | SR_EOP);
    assert_int_equal(rd(f, FLASH_BASE + 0x100u), 0xA5A55A5Au);
    set_reg(f, SR, SR_EOP);                                 /* w1c */
    assert_int_equal(reg(f, SR), SR_IDLE);
}

static void test_l0_notzero_refused(void **state)
{
    struct fx *f = *state = make("STM32L053R8", 0, NULL, 0);
    unlock_prg(f);
    wr(f, FLASH_BASE, 0x000000FFu);
    settle(f);
    wr(f, FLASH_BASE, 0x0000FF00u);
    settle(f);
    assert_int_equal(reg(f, SR) & SR_NOTZERO, SR_NOTZERO);
    assert_int_equal(rd(f, FLASH_BASE), 0x000000FFu);
}

static void test_l1_program_sets_bits(void **state)
{
    struct fx *f = *state = make("STM32L152RE", 0, NULL, 0);
    unlock_prg(f);
    wr(f, FLASH_BASE, 0x0000FFFFu);
    settle(f);
    wr(f, FLASH_BASE, 0xFF000000u);
    settle(f);
    assert_int_equal(rd(f, FLASH_BASE), 0xFF00FFFFu);        /* 0 -> 1 only */
}

static void test_sizerr_on_halfword(void **state)
{
    struct fx *f = *state = make("STM32L053R8", 0, NULL, 0);
    unlock_prg(f);
    assert_int_equal(sim_chip_debug_write(f->chip, 0, FLASH_BASE, 2, 0x1234u), SIM_BUS_ACCESS_OK);
    assert_int_equal(reg(f, SR) & SR_SIZERR, SR_SIZERR);
    assert_int_equal(rd(f, FLASH_BASE), 0u);
}

/* Half-page: 16 words on L0, 32 on L1; one tPROG after the last word. */
static void half_page(struct fx *f, uint32_t addr, unsigned words, sim_ns tprog)
{
    unlock_prg(f);
    set_reg(f, PECR, PECR_FPRG);
    set_reg(f, PECR, PECR_FPRG | PECR_PROG);
    for (unsigned i = 0; i + 1 < words; i++)
        wr(f, addr + 4u * i, 0x01010101u * (i + 1));
    assert_int_equal(reg(f, SR) & SR_BSY, 0);               /* still latching */
    sim_ns t0 = sim_clock_now();
    wr(f, addr + 4u * (words - 1), 0xCAFEF00Du);
    assert_int_equal(reg(f, SR) & SR_BSY, SR_BSY);
    wait_ns(tprog - 50u * US);
    assert_int_equal(reg(f, SR) & SR_BSY, SR_BSY);
    wait_ns(100u * US);
    assert_true(sim_clock_now() - t0 < tprog + 200u * US);
    assert_int_equal(reg(f, SR), SR_IDLE | SR_EOP);
    for (unsigned i = 0; i + 1 < words; i++)
        assert_int_equal(rd(f, addr + 4u * i), 0x01010101u * (i + 1));
    assert_int_equal(rd(f, addr + 4u * (words - 1)), 0xCAFEF00Du);
    assert_int_equal(rd(f, addr + 4u * words), 0u);
}

static void test_l0_half_page(void **state)
{
    struct fx *f = *state = make("STM32L053R8", 0, NULL, 0);
    half_page(f, FLASH_BASE + 0x40u, 16, L0_TPROG);
}

static void test_l1_half_page(void **state)
{
    struct fx *f = *state = make("STM32L152RE", 0, NULL, 0);
    half_page(f, FLASH_BASE + 0x80u, 32, L1_TPROG);
}

static void test_half_page_outside_is_pgaerr(void **state)
{
    struct fx *f = *state = make("STM32L053R8", 0, NULL, 0);
    unlock_prg(f);
    set_reg(f, PECR, PECR_FPRG);
    set_reg(f, PECR, PECR_FPRG | PECR_PROG);
    wr(f, FLASH_BASE, 1u);
    wr(f, FLASH_BASE + 0x40u, 2u);                          /* next half-page */
    assert_int_equal(reg(f, SR) & SR_PGAERR, SR_PGAERR);
    assert_int_equal(rd(f, FLASH_BASE), 0u);
}

static void test_page_erase(void **state)
{
    struct fx *f = *state = make("STM32L053R8", 0, NULL, 0);
    unlock_prg(f);
    wr(f, FLASH_BASE + 0x100u, 0x11111111u);                /* page 2 */
    settle(f);
    wr(f, FLASH_BASE + 0x17Cu, 0x22222222u);                /* page 2, last word */
    settle(f);
    wr(f, FLASH_BASE + 0x180u, 0x33333333u);                /* page 3 */
    settle(f);
    set_reg(f, PECR, PECR_ERASE | PECR_PROG);
    wr(f, FLASH_BASE + 0x140u, 0);                          /* any word of page 2 */
    assert_int_equal(reg(f, SR) & SR_BSY, SR_BSY);
    wait_ns(L0_TPROG + 10u * US);
    assert_int_equal(reg(f, SR) & SR_BSY, 0);
    assert_int_equal(rd(f, FLASH_BASE + 0x100u), 0u);
    assert_int_equal(rd(f, FLASH_BASE + 0x17Cu), 0u);
    assert_int_equal(rd(f, FLASH_BASE + 0x180u), 0x33333333u);
}

static void test_wrp_sector(void **state)
{
    const unsigned wrp[] = { 1 };
    struct fx *f = *state = make("STM32L053R8", 0, wrp, 1);
    assert_int_equal(reg(f, WRPR1), 0x2u);                  /* 1 = protected */
    unlock_prg(f);
    wr(f, FLASH_BASE + 0x1000u, 0x5555AAAAu);
    assert_int_equal(reg(f, SR) & SR_WRPERR, SR_WRPERR);
    assert_int_equal(rd(f, FLASH_BASE + 0x1000u), 0u);
    wr(f, FLASH_BASE + 0x0FFCu, 0x5555AAAAu);               /* sector 0 */
    settle(f);
    assert_int_equal(rd(f, FLASH_BASE + 0x0FFCu), 0x5555AAAAu);
}

/* ---- Option bytes, RDP ---- */

static void test_option_write_needs_optlock_clear(void **state)
{
    struct fx *f = *state = make("STM32L053R8", 0, NULL, 0);
    assert_int_equal(wr_rc(f, OB_BASE, 0xFFFF0000u), SIM_BUS_ACCESS_FAULT);
    assert_int_equal(rd(f, OB_BASE), 0xFF5500AAu);
}

static void test_rdp1_after_obl(void **state)
{
    struct fx *f = *state = make("STM32L053R8", 0, NULL, 0);
    unlock_opt(f);
    wr(f, OB_BASE, 0xFFFF0000u);                            /* openocd's level 1 word */
    settle(f);
    assert_int_equal(reg(f, OBR) & 0xFFu, 0xAAu);           /* not loaded yet */
    obl_launch(f);
    assert_int_equal(reg(f, OBR) & 0xFFu, 0x00u);
    assert_int_equal(reg(f, PECR), 7u);                     /* the reset relocked */
    uint32_t v;
    assert_int_equal(sim_chip_debug_read(f->chip, 0, FLASH_BASE, 4, &v), SIM_BUS_ACCESS_FAULT);
    assert_int_equal(sim_chip_debug_read(f->chip, 0, EEPROM_BASE, 4, &v), SIM_BUS_ACCESS_FAULT);
    assert_int_equal(rd(f, OB_BASE), 0xFFFF0000u);          /* options stay readable */
}

static void test_regression_erases_flash_and_eeprom(void **state)
{
    const unsigned wrp[] = { 3 };
    struct fx *f = *state = make("STM32L053R8", 0, wrp, 1);
    unlock_prg(f);
    wr(f, FLASH_BASE, 0x20001000u);
    settle(f);
    wr(f, EEPROM_BASE + 8u, 0xDEADBEEFu);
    settle(f);
    set_reg(f, PECR, PECR_PELOCK);
    unlock_opt(f);
    wr(f, OB_BASE, 0xFF4400BBu);
    settle(f);
    obl_launch(f);
    unlock_opt(f);
    sim_ns t0 = sim_clock_now();
    wr(f, OB_BASE, 0xFF5500AAu);
    assert_int_equal(reg(f, SR) & SR_BSY, SR_BSY);
    while (reg(f, SR) & SR_BSY)
        wait_ns(100u * US);
    assert_true(sim_clock_now() - t0 >= 3u * L0_TPROG);
    obl_launch(f);
    assert_int_equal(reg(f, OBR) & 0xFFu, 0xAAu);
    assert_int_equal(rd(f, FLASH_BASE), 0u);
    assert_int_equal(rd(f, EEPROM_BASE + 8u), 0u);
    assert_int_equal(reg(f, WRPR1), 1u << 3);               /* WRP kept */
}

static void test_bad_complement_is_level1(void **state)
{
    struct fx *f = *state = make("STM32L053R8", 0, NULL, 0);
    unlock_opt(f);
    wr(f, OB_BASE, 0x000000AAu);                            /* complement wrong */
    settle(f);
    obl_launch(f);
    assert_int_equal(reg(f, SR) & SR_OPTVERR, SR_OPTVERR);
    uint32_t v;
    assert_int_equal(sim_chip_debug_read(f->chip, 0, FLASH_BASE, 4, &v), SIM_BUS_ACCESS_FAULT);
}

static void test_level2_kills_debug(void **state)
{
    struct fx *f = *state = make("STM32L152RE", 0, NULL, 0);
    unlock_opt(f);
    wr(f, OB_BASE, 0xFF3300CCu);
    settle(f);
    assert_true(sim_chip_debug_port_alive(f->chip));
    obl_launch(f);
    assert_false(sim_chip_debug_port_alive(f->chip));
}

static void test_fresh_rdp1_scenario(void **state)
{
    struct fx *f = *state = make("STM32L073RZ", 1, NULL, 0);
    assert_int_not_equal(reg(f, OBR) & 0xFFu, 0xAAu);
    uint32_t v;
    assert_int_equal(sim_chip_debug_read(f->chip, 0, FLASH_BASE, 4, &v), SIM_BUS_ACCESS_FAULT);
}

/* ---- Data EEPROM ---- */

static void test_eeprom_writes(void **state)
{
    struct fx *f = *state = make("STM32L053R8", 0, NULL, 0);
    assert_int_equal(sim_chip_debug_write(f->chip, 0, EEPROM_BASE + 1u, 1, 0x42u),
                     SIM_BUS_ACCESS_FAULT);                 /* PELOCK */
    set_reg(f, PEKEYR, PEKEY1);
    set_reg(f, PEKEYR, PEKEY2);
    /* Bytes that are 0: one cycle; overwriting: erase + program, two. */
    assert_int_equal(sim_chip_debug_write(f->chip, 0, EEPROM_BASE + 1u, 1, 0x42u),
                     SIM_BUS_ACCESS_OK);
    wait_ns(L0_TPROG + 10u * US);
    assert_int_equal(reg(f, SR) & SR_BSY, 0);
    assert_int_equal(sim_chip_debug_write(f->chip, 0, EEPROM_BASE + 1u, 1, 0x17u),
                     SIM_BUS_ACCESS_OK);
    wait_ns(L0_TPROG + 10u * US);
    assert_int_equal(reg(f, SR) & SR_BSY, SR_BSY);
    wait_ns(L0_TPROG);
    assert_int_equal(reg(f, SR) & SR_BSY, 0);
    assert_int_equal(rd(f, EEPROM_BASE), 0x1700u);
    /* Word erase: ERASE + DATA, write a word. */
    set_reg(f, PECR, PECR_ERASE | PECR_DATA);
    wr(f, EEPROM_BASE, 0);
    settle(f);
    assert_int_equal(rd(f, EEPROM_BASE), 0u);
    /* The L053 has 2 KiB: the next byte is a bus error. */
    uint32_t v;
    assert_int_equal(sim_chip_debug_read(f->chip, 0, EEPROM_BASE + 2048u, 4, &v),
                     SIM_BUS_ACCESS_FAULT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_l053_reset_state, teardown),
        cmocka_unit_test_teardown(test_l152_reset_state, teardown),
        cmocka_unit_test_teardown(test_unlock_sequence, teardown),
        cmocka_unit_test_teardown(test_wrong_key_blocks_until_reset, teardown),
        cmocka_unit_test_teardown(test_prgkey_needs_pelock_clear, teardown),
        cmocka_unit_test_teardown(test_locked_write_faults, teardown),
        cmocka_unit_test_teardown(test_word_program_takes_tprog, teardown),
        cmocka_unit_test_teardown(test_l0_notzero_refused, teardown),
        cmocka_unit_test_teardown(test_l1_program_sets_bits, teardown),
        cmocka_unit_test_teardown(test_sizerr_on_halfword, teardown),
        cmocka_unit_test_teardown(test_l0_half_page, teardown),
        cmocka_unit_test_teardown(test_l1_half_page, teardown),
        cmocka_unit_test_teardown(test_half_page_outside_is_pgaerr, teardown),
        cmocka_unit_test_teardown(test_page_erase, teardown),
        cmocka_unit_test_teardown(test_wrp_sector, teardown),
        cmocka_unit_test_teardown(test_option_write_needs_optlock_clear, teardown),
        cmocka_unit_test_teardown(test_rdp1_after_obl, teardown),
        cmocka_unit_test_teardown(test_regression_erases_flash_and_eeprom, teardown),
        cmocka_unit_test_teardown(test_bad_complement_is_level1, teardown),
        cmocka_unit_test_teardown(test_level2_kills_debug, teardown),
        cmocka_unit_test_teardown(test_fresh_rdp1_scenario, teardown),
        cmocka_unit_test_teardown(test_eeprom_writes, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
