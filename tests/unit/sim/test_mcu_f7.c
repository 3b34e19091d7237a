/* The simulated STM32F7 (generic shell + fc_f2f4 plug-in) against RM0385
 * (F74x), RM0410 (F76x: nDBANK), RM0431 (F72x): identification, sector
 * geometry in single- and dual-bank mode, OPTCR/OPTCR1 factory values,
 * BOOT_ADD boot selection, OTP, with the fake core and clock of
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

#define FLASH_BASE      0x08000000u
#define FLASH_IF        0x40023C00u
#define FLASH_KEYR      (FLASH_IF + 0x04u)
#define FLASH_OPTKEYR   (FLASH_IF + 0x08u)
#define FLASH_SR        (FLASH_IF + 0x0Cu)
#define FLASH_CR        (FLASH_IF + 0x10u)
#define FLASH_OPTCR     (FLASH_IF + 0x14u)
#define FLASH_OPTCR1    (FLASH_IF + 0x18u)
#define KEY1            0x45670123u
#define KEY2            0xCDEF89ABu
#define OPTKEY1         0x08192A3Bu
#define OPTKEY2         0x4C5D6E7Fu
#define SR_WRPERR       (1u << 4)
#define SR_PGSERR       (1u << 7)
#define SR_BSY          (1u << 16)
#define CR_PG           (1u << 0)
#define CR_SER          (1u << 1)
#define CR_MER          (1u << 2)
#define CR_SNB(n)       ((uint32_t)(n) << 3)
#define CR_PSIZE_X32    (2u << 8)
#define CR_MER1         (1u << 15)
#define CR_STRT         (1u << 16)
#define OPTCR_OPTSTRT   (1u << 1)
#define OPTCR_NDBANK    (1u << 29)
#define DBGMCU_IDCODE   0xE0042000u
#define MS              SIM_NS_PER_MS
#define US              SIM_NS_PER_US

struct fx {
    struct sim_board_config cfg;
    uint8_t *nvm;
    struct sim_chip *chip;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    sim_clock_reset();
    strcpy(f->cfg.part, "STM32F767ZI");
    f->cfg.powered = true;
    f->cfg.vdd_mv = 3300;
    *state = f;
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

static void fx_create(struct fx *f)
{
    char err[256] = "";
    f->nvm = malloc(sim_chip_nvm_size(f->cfg.part));
    f->chip = sim_chip_create(&f->cfg, f->nvm, true, err, sizeof err);
    assert_non_null(f->chip);
    sim_chip_power(f->chip, true);
}

static uint32_t rd(struct sim_chip *c, uint32_t addr)
{
    uint32_t v = 0xDEADBEEF;
    assert_int_equal(sim_chip_debug_read(c, 0, addr, 4, &v), SIM_BUS_ACCESS_OK);
    return v;
}

static uint16_t rd16(struct sim_chip *c, uint32_t addr)
{
    uint32_t v = 0;
    assert_int_equal(sim_chip_debug_read(c, 0, addr, 2, &v), SIM_BUS_ACCESS_OK);
    return (uint16_t)v;
}

static void wr(struct sim_chip *c, uint32_t addr, uint32_t v)
{
    assert_int_equal(sim_chip_debug_write(c, 0, addr, 4, v), SIM_BUS_ACCESS_OK);
}

static void nrst_pulse(struct sim_chip *c)
{
    sim_chip_nrst(c, true);
    fake_advance(c, 1 * MS);
    sim_chip_nrst(c, false);
}

static void erase(struct sim_chip *c, uint32_t cr)
{
    if (rd(c, FLASH_CR) & (1u << 31)) {     /* LOCK: a key while unlocked faults */
        wr(c, FLASH_KEYR, KEY1);
        wr(c, FLASH_KEYR, KEY2);
    }
    wr(c, FLASH_CR, cr | CR_PSIZE_X32);
    wr(c, FLASH_CR, cr | CR_PSIZE_X32 | CR_STRT);
}

static void program_options(struct sim_chip *c, uint32_t optcr, uint32_t optcr1)
{
    wr(c, FLASH_OPTKEYR, OPTKEY1);
    wr(c, FLASH_OPTKEYR, OPTKEY2);
    wr(c, FLASH_OPTCR1, optcr1);
    wr(c, FLASH_OPTCR, optcr);
    wr(c, FLASH_OPTCR, optcr | OPTCR_OPTSTRT);
    fake_advance(c, 1 * SIM_NS_PER_S);
    assert_int_equal(rd(c, FLASH_SR) & SR_BSY, 0);
    nrst_pulse(c);                          /* option bytes load at reset */
}

/* RM0410 §44.6.1 IDCODE, §45.2 F_SIZE; stm32-families.md §1.3 M7 IDs. */
static void test_f767_ids_and_factory_options(void **state)
{
    struct fx *f = *state;
    fx_create(f);
    assert_int_equal(rd(f->chip, DBGMCU_IDCODE), 0x10010451);
    assert_int_equal(rd16(f->chip, 0x1FF0F442), 2048);
    assert_int_equal(sim_chip_dp_idcode(f->chip, SIM_WIRE_SWD), 0x5BA02477);
    assert_int_equal(fake_last_core->cfg.cpuid, 0x411FC270);
    assert_int_equal(fake_last_core->cfg.kind, SIM_CORE_M7);
    /* RM0410 §3.7.6/3.7.7 reset values: nDBANK = nDBOOT = 1, nWRP all 1. */
    assert_int_equal(rd(f->chip, FLASH_OPTCR), 0xFFFFAAFD);
    assert_int_equal(rd(f->chip, FLASH_OPTCR1), 0x00400080);
    /* BOOT_ADD0 0x0080 = flash on ITCM, which the bench runs from its AXI
     * address; no alias at 0 on a Cortex-M7: ITCM RAM is there. */
    assert_int_equal(fake_last_core->cfg.boot_address, FLASH_BASE);
    wr(f->chip, 0x00000010, 0x12345678);
    assert_int_equal(rd(f->chip, 0x00000010), 0x12345678);
    /* DTCM + SRAM1 + SRAM2: 512 KiB from 0x20000000; no CCM, no bit-band. */
    wr(f->chip, 0x2007FFFC, 0xA5A5A5A5);
    assert_int_equal(rd(f->chip, 0x2007FFFC), 0xA5A5A5A5);
    uint32_t v;
    assert_int_equal(sim_chip_debug_read(f->chip, 0, 0x10000000, 4, &v),
                     SIM_BUS_ACCESS_FAULT);
    assert_int_equal(sim_chip_debug_read(f->chip, 0, 0x22000000, 4, &v),
                     SIM_BUS_ACCESS_FAULT);
}

/* Single bank (nDBANK = 1): 4x32, 128, 7x256 KiB (RM0410 §3.3.1). */
static void test_f767_single_bank_geometry(void **state)
{
    struct fx *f = *state;
    fx_create(f);
    uint8_t pat[16];
    memset(pat, 0x5A, sizeof pat);
    sim_chip_load_flash(f->chip, FLASH_BASE + 0x40000, pat, sizeof pat);  /* sector 5 */
    sim_chip_load_flash(f->chip, FLASH_BASE + 0x80000, pat, sizeof pat);  /* sector 6 */
    erase(f->chip, CR_SER | CR_SNB(5));
    fake_advance(f->chip, 999 * MS);        /* 256 KiB class at x32: 1 s typ. */
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_BSY, SR_BSY);
    fake_advance(f->chip, 1 * MS);
    assert_int_equal(rd(f->chip, FLASH_SR), 0);
    assert_int_equal(rd(f->chip, FLASH_BASE + 0x40000), 0xFFFFFFFF);
    assert_int_equal(rd(f->chip, FLASH_BASE + 0x80000), 0x5A5A5A5A);
    wr(f->chip, FLASH_CR, CR_SER | CR_SNB(12) | CR_PSIZE_X32 | CR_STRT);
    assert_int_equal(rd(f->chip, FLASH_SR), SR_PGSERR);   /* 12 sectors */
    wr(f->chip, FLASH_SR, SR_PGSERR);
    wr(f->chip, FLASH_CR, CR_SER | CR_SNB(0x10) | CR_PSIZE_X32 | CR_STRT);
    assert_int_equal(rd(f->chip, FLASH_SR), SR_PGSERR);   /* no bank 2 */
}

/* Dual bank (nDBANK = 0): each bank 4x16, 64, 7x128 KiB, bank 2 at
 * 0x08100000, its sector k erased as SNB k | 0x10; MER1 erases bank 2. */
static void test_f767_dual_bank_after_ndbank_cleared(void **state)
{
    struct fx *f = *state;
    fx_create(f);
    program_options(f->chip, rd(f->chip, FLASH_OPTCR) & ~OPTCR_NDBANK & ~1u,
                    rd(f->chip, FLASH_OPTCR1));
    assert_int_equal(rd(f->chip, FLASH_OPTCR) & OPTCR_NDBANK, 0);
    uint8_t pat[16];
    memset(pat, 0x11, sizeof pat);
    sim_chip_load_flash(f->chip, FLASH_BASE, pat, sizeof pat);
    sim_chip_load_flash(f->chip, FLASH_BASE + 0x100000, pat, sizeof pat);
    sim_chip_load_flash(f->chip, FLASH_BASE + 0x104000, pat, sizeof pat);
    /* Bank 2 sector 0: 16 KiB at x32 250 ms typ. */
    erase(f->chip, CR_SER | CR_SNB(0x10));
    fake_advance(f->chip, 249 * MS);
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_BSY, SR_BSY);
    fake_advance(f->chip, 1 * MS);
    assert_int_equal(rd(f->chip, FLASH_SR), 0);
    assert_int_equal(rd(f->chip, FLASH_BASE + 0x100000), 0xFFFFFFFF);
    assert_int_equal(rd(f->chip, FLASH_BASE + 0x104000), 0x11111111);
    assert_int_equal(rd(f->chip, FLASH_BASE), 0x11111111);
    wr(f->chip, FLASH_CR, CR_SER | CR_SNB(12) | CR_PSIZE_X32 | CR_STRT);
    assert_int_equal(rd(f->chip, FLASH_SR), SR_PGSERR);
    wr(f->chip, FLASH_SR, SR_PGSERR);
    /* MER1 alone: bank 2 only. */
    wr(f->chip, FLASH_CR, CR_MER1 | CR_PSIZE_X32 | CR_STRT);
    fake_advance(f->chip, 10 * SIM_NS_PER_S);
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_BSY, 0);
    assert_int_equal(rd(f->chip, FLASH_BASE + 0x104000), 0xFFFFFFFF);
    assert_int_equal(rd(f->chip, FLASH_BASE), 0x11111111);
    /* nWRP bit 1 protects sector 1 of both banks in dual-bank mode. */
    program_options(f->chip, rd(f->chip, FLASH_OPTCR) & ~(1u << 17) & ~1u,
                    rd(f->chip, FLASH_OPTCR1));
    erase(f->chip, CR_SER | CR_SNB(0x11));
    assert_int_equal(rd(f->chip, FLASH_SR), SR_WRPERR);
}

/* RM0410 §2.5: BOOT0 = 0 boots at BOOT_ADD0 << 14, BOOT0 = 1 at
 * BOOT_ADD1 << 14 (factory: system memory, 0x00100000 on ITCM). */
static void test_f767_boot_add(void **state)
{
    struct fx *f = *state;
    f->cfg.boot0 = 1;
    fx_create(f);
    assert_int_equal(fake_last_core->cfg.boot_address, 0x1FF00000);
    /* BOOT_ADD1 = 0x8000: SRAM at 0x20000000. */
    program_options(f->chip, rd(f->chip, FLASH_OPTCR) & ~1u, 0x80000080u);
    assert_int_equal(fake_last_core->cfg.boot_address, 0x20000000);
    /* Booting SRAM counts as "not from flash" for RDP level 1. */
    uint32_t sp = rd(f->chip, 0x1FF00000);
    assert_int_equal(sp, 0x20080000);                   /* top of SRAM */
}

/* F746 (RM0385): IDs, F_SIZE; OTP 1 KiB at 0x1FF0F000 programmable with PG. */
static void test_f746_otp(void **state)
{
    struct fx *f = *state;
    strcpy(f->cfg.part, "STM32F746ZG");
    fx_create(f);
    assert_int_equal(rd(f->chip, DBGMCU_IDCODE) & 0xFFF, 0x449);
    assert_int_equal(rd16(f->chip, 0x1FF0F442), 1024);
    assert_int_equal(fake_last_core->cfg.cpuid, 0x410FC271);
    assert_int_equal(rd(f->chip, FLASH_OPTCR), 0xC0FFAAFD);
    assert_int_equal(rd(f->chip, 0x1FF0F3FC), 0xFFFFFFFF);
    wr(f->chip, FLASH_KEYR, KEY1);
    wr(f->chip, FLASH_KEYR, KEY2);
    wr(f->chip, FLASH_CR, CR_PG | CR_PSIZE_X32);
    wr(f->chip, 0x1FF0F3FC, 0xC0FFEE00);
    fake_advance(f->chip, 20 * US);
    assert_int_equal(rd(f->chip, 0x1FF0F3FC), 0xC0FFEE00);
    /* 4x32 KiB first: sector 1 starts at 0x08008000. */
    uint8_t pat[4] = { 0, 0, 0, 0 };
    sim_chip_load_flash(f->chip, FLASH_BASE + 0x8000, pat, sizeof pat);
    erase(f->chip, CR_SER | CR_SNB(0));
    fake_advance(f->chip, 300 * MS);
    assert_int_equal(rd(f->chip, FLASH_BASE + 0x8000), 0);
    assert_int_equal(rd(f->chip, FLASH_BASE + 0x7FFC), 0xFFFFFFFF);
}

/* F722 (RM0431): F_SIZE at 0x1FF07A22, 4x16 KiB first sectors. */
static void test_f722_row(void **state)
{
    struct fx *f = *state;
    strcpy(f->cfg.part, "STM32F722ZET6");
    fx_create(f);
    assert_int_equal(rd(f->chip, DBGMCU_IDCODE) & 0xFFF, 0x452);
    assert_int_equal(rd16(f->chip, 0x1FF07A22), 512);
    erase(f->chip, CR_SER | CR_SNB(8));
    assert_int_equal(rd(f->chip, FLASH_SR), SR_PGSERR);   /* 8 sectors */
    wr(f->chip, FLASH_SR, SR_PGSERR);
    erase(f->chip, CR_MER);
    fake_advance(f->chip, 3999 * MS);                     /* 512 KiB x32: 4 s */
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_BSY, SR_BSY);
    fake_advance(f->chip, 1 * MS);
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_BSY, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_f767_ids_and_factory_options, setup, teardown),
        cmocka_unit_test_setup_teardown(test_f767_single_bank_geometry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_f767_dual_bank_after_ndbank_cleared, setup, teardown),
        cmocka_unit_test_setup_teardown(test_f767_boot_add, setup, teardown),
        cmocka_unit_test_setup_teardown(test_f746_otp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_f722_row, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
