/* The L4-class flash controller plug-in (sim/chips/fc_l4*.c) on its own:
 * a hand-made struct mcu, the shell's services faked below, time moved by
 * hand.  Each test asserts what the reference manuals say the silicon
 * does (RM0351 §3 for the L4; stm32-families.md §2.4, §3, §4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chips/chip_family.h"
#include "chips/fc_l4.h"

/* ---- Fakes of the shell (chips/mcu.h services) ---- */

const struct sim_chip_family sim_family_mcu = { .name = "fake shell" };
struct sim_stats sim_stats;
static sim_ns fake_now;
static bool fake_debug;                  /* debugger connected since POR */
static int resets, ops_started, ops_ended;

sim_ns mcu_now(const struct mcu *m) { (void)m; return fake_now; }
void mcu_flash_op_started(struct mcu *m) { (void)m; ops_started++; }
void mcu_flash_op_ended(struct mcu *m) { (void)m; ops_ended++; }
void mcu_flash_changed(struct mcu *m, uint32_t off, uint32_t len) { (void)m; (void)off; (void)len; }
void mcu_sysmem_changed(struct mcu *m, uint32_t off, uint32_t len) { (void)m; (void)off; (void)len; }
void mcu_flash_erase_all(struct mcu *m) { memset(m->flash, 0xFF, m->flash_size); }
bool mcu_rdp1_blocks_debug(const struct mcu *m) { (void)m; return fake_debug; }
void mcu_system_reset(struct mcu *m)
{
    resets++;
    m->fops->reset(m, false);
}

/* ---- Harness ---- */

#define FLASH_BASE  0x08000000u
#define R_ACR       0x00u
#define R_KEYR      0x08u
#define R_OPTKEYR   0x0Cu
#define R_SR        0x10u
#define R_CR        0x14u
#define R_OPTR      0x20u
#define R_WRP1AR    0x2Cu
#define R_WRP1BR    0x30u

#define SR_EOP      (1u << 0)
#define SR_PROGERR  (1u << 3)
#define SR_WRPERR   (1u << 4)
#define SR_PGAERR   (1u << 5)
#define SR_SIZERR   (1u << 6)
#define SR_PGSERR   (1u << 7)
#define SR_BSY      (1u << 16)
#define CR_PG       (1u << 0)
#define CR_PER      (1u << 1)
#define CR_MER1     (1u << 2)
#define CR_BKER     (1u << 11)
#define CR_MER2     (1u << 15)
#define CR_STRT     (1u << 16)
#define CR_OPTSTRT  (1u << 17)
#define CR_EOPIE    (1u << 24)
#define CR_OBL      (1u << 27)
#define CR_OPTLOCK  (1u << 30)
#define CR_LOCK     (1u << 31)

struct bench {
    struct mcu m;
    uint8_t *sysmem;
};

static struct bench B;

static const struct sim_chip_part *part(const char *name)
{
    for (const struct sim_chip_part *p = sim_parts_l4g0g4wbwlc0; p->name; p++)
        if (strcmp(p->name, name) == 0)
            return p;
    fail_msg("no part %s", name);
    return NULL;
}

static struct mcu *make(const char *name, int rdp, const unsigned *wrp, size_t n_wrp)
{
    struct mcu *m = &B.m;
    memset(m, 0, sizeof *m);
    const struct sim_chip_part *p = part(name);
    const struct mcu_part_data *d = p->family_data;
    m->part = p;
    m->lay = d->layout;
    m->fops = d->flash;
    m->fdata = d->flash_data;
    m->flash_size = p->flash_kib * 1024u;
    m->flash = malloc(m->flash_size);
    memset(m->flash, 0xFF, m->flash_size);
    m->nvm_ctl = calloc(1, m->fops->nvm_size(p));
    m->sysmem = B.sysmem = calloc(1, m->lay->sysmem_size);
    m->fc = m->fops->create(m);
    struct sim_board_config cfg = { .rdp = rdp };
    for (size_t i = 0; i < n_wrp; i++)
        cfg.wrp_sectors[i] = wrp[i];
    cfg.n_wrp_sectors = n_wrp;
    m->fops->init_fresh(m, &cfg);
    m->fops->reset(m, true);
    fake_now = 0;
    fake_debug = false;
    resets = ops_started = ops_ended = 0;
    return m;
}

static int teardown(void **state)
{
    (void)state;
    struct mcu *m = &B.m;
    m->fops->destroy(m->fc);
    free(m->flash);
    free(m->nvm_ctl);
    free(B.sysmem);
    return 0;
}

static uint32_t rd(struct mcu *m, uint32_t off)
{
    uint32_t v = 0;
    assert_int_equal(m->fops->reg_read(m, SIM_BUS_DEBUG, off, 4, &v), 0);
    return v;
}

static int wr(struct mcu *m, uint32_t off, uint32_t v)
{
    return m->fops->reg_write(m, SIM_BUS_DEBUG, off, 4, v);
}

static void run(struct mcu *m, sim_ns ns)
{
    fake_now += ns;
    m->fops->update(m, fake_now);
}

static void unlock(struct mcu *m)
{
    assert_int_equal(wr(m, R_KEYR, 0x45670123u), 0);
    assert_int_equal(wr(m, R_KEYR, 0xCDEF89ABu), 0);
}

static void unlock_options(struct mcu *m)
{
    if (rd(m, R_CR) & CR_LOCK)           /* a key while unlocked is an error */
        unlock(m);
    assert_int_equal(wr(m, R_OPTKEYR, 0x08192A3Bu), 0);
    assert_int_equal(wr(m, R_OPTKEYR, 0x4C5D6E7Fu), 0);
}

static int fw(struct mcu *m, uint32_t addr, uint32_t v)
{
    return m->fops->flash_write(m, SIM_BUS_DEBUG, addr - FLASH_BASE, 4, v);
}

static uint32_t fr(struct mcu *m, uint32_t addr)
{
    uint32_t v = 0;
    assert_int_equal(m->fops->flash_read(m, SIM_BUS_DEBUG, addr - FLASH_BASE, 4, &v), 0);
    return v;
}

/* Program one double word and let it finish. */
static void program_dw(struct mcu *m, uint32_t addr, uint32_t lo, uint32_t hi)
{
    assert_int_equal(fw(m, addr, lo), 0);
    assert_int_equal(fw(m, addr + 4, hi), 0);
    run(m, 100 * SIM_NS_PER_US);
}

/* Change option registers, OPTSTRT, wait, OBL_LAUNCH. */
static void set_options(struct mcu *m, uint32_t off, uint32_t val)
{
    unlock_options(m);
    assert_int_equal(wr(m, off, val), 0);
    assert_int_equal(wr(m, R_CR, CR_OPTSTRT), 0);
    assert_true(rd(m, R_SR) & SR_BSY);
    run(m, 30 * SIM_NS_PER_S);
    assert_false(rd(m, R_SR) & SR_BSY);
    assert_int_equal(wr(m, R_CR, CR_OBL), 0);
}

/* ---- Tests ---- */

/* RM0351 §3.7.5: FLASH_CR resets to 0xC0000000; KEYR clears LOCK, OPTKEYR
 * then clears OPTLOCK. */
static void test_unlock_sequence(void **state)
{
    (void)state;
    struct mcu *m = make("STM32L476RG", 0, NULL, 0);
    assert_int_equal(rd(m, R_CR), 0xC0000000u);
    unlock(m);
    assert_int_equal(rd(m, R_CR), CR_OPTLOCK);
    assert_int_equal(wr(m, R_OPTKEYR, 0x08192A3Bu), 0);
    assert_int_equal(wr(m, R_OPTKEYR, 0x4C5D6E7Fu), 0);
    assert_int_equal(rd(m, R_CR), 0);
    assert_int_equal(wr(m, R_CR, CR_LOCK), 0);
    assert_int_equal(rd(m, R_CR), CR_LOCK | CR_OPTLOCK);
}

/* A wrong key locks FLASH_CR until the next reset, with a bus error. */
static void test_wrong_key_blocks_until_reset(void **state)
{
    (void)state;
    struct mcu *m = make("STM32L476RG", 0, NULL, 0);
    assert_int_equal(wr(m, R_KEYR, 0x12345678u), -1);
    assert_int_equal(wr(m, R_KEYR, 0x45670123u), -1);
    assert_true(rd(m, R_CR) & CR_LOCK);
    m->fops->reset(m, false);
    unlock(m);
    assert_false(rd(m, R_CR) & CR_LOCK);
}

/* A double word: two 32-bit stores, BSY for tPROG (DS10198: 81.69 us),
 * EOP only with EOPIE (RM0351 FLASH_SR). */
static void test_program_double_word(void **state)
{
    (void)state;
    struct mcu *m = make("STM32L476RG", 0, NULL, 0);
    unlock(m);
    wr(m, R_CR, CR_PG);
    fw(m, 0x08000000u, 0x11223344u);
    assert_false(rd(m, R_SR) & SR_BSY);   /* waits for the second word */
    fw(m, 0x08000004u, 0x55667788u);
    assert_true(rd(m, R_SR) & SR_BSY);
    assert_true(m->fops->busy(m));
    run(m, 81 * SIM_NS_PER_US);
    assert_true(rd(m, R_SR) & SR_BSY);
    run(m, 1 * SIM_NS_PER_US);
    assert_false(rd(m, R_SR) & SR_BSY);
    assert_int_equal(rd(m, R_SR), 0);     /* no EOP without EOPIE */
    assert_int_equal(fr(m, 0x08000000u), 0x11223344u);
    assert_int_equal(fr(m, 0x08000004u), 0x55667788u);
    wr(m, R_CR, CR_PG | CR_EOPIE);
    program_dw(m, 0x08000008u, 1, 2);
    assert_int_equal(rd(m, R_SR), SR_EOP);
    wr(m, R_SR, SR_EOP);
    assert_int_equal(rd(m, R_SR), 0);
}

/* ECC: a programmed double word cannot be programmed again (PROGERR)
 * except with all zeros. */
static void test_program_twice_progerr(void **state)
{
    (void)state;
    struct mcu *m = make("STM32L476RG", 0, NULL, 0);
    unlock(m);
    wr(m, R_CR, CR_PG);
    program_dw(m, 0x08000100u, 0xFFFFFFF0u, 0xFFFFFFFFu);
    program_dw(m, 0x08000100u, 0xFFFFFF00u, 0xFFFFFFFFu);
    assert_true(rd(m, R_SR) & SR_PROGERR);
    assert_int_equal(fr(m, 0x08000100u), 0xFFFFFFF0u);
    wr(m, R_SR, SR_PROGERR);
    program_dw(m, 0x08000100u, 0, 0);
    assert_int_equal(rd(m, R_SR), 0);
    assert_int_equal(fr(m, 0x08000100u), 0);
}

/* PGAERR (not 8-byte aligned / not the same row), SIZERR (not a word),
 * PGSERR (no PG, or PG with PER). */
static void test_program_errors(void **state)
{
    (void)state;
    struct mcu *m = make("STM32L476RG", 0, NULL, 0);
    unlock(m);
    fw(m, 0x08000000u, 0);
    assert_true(rd(m, R_SR) & SR_PGSERR);
    wr(m, R_SR, 0xFFFFu);
    wr(m, R_CR, CR_PG);
    fw(m, 0x08000004u, 0);
    assert_true(rd(m, R_SR) & SR_PGAERR);
    wr(m, R_SR, 0xFFFFu);
    fw(m, 0x08000000u, 0);
    fw(m, 0x08000010u, 0);
    assert_true(rd(m, R_SR) & SR_PGAERR);
    wr(m, R_SR, 0xFFFFu);
    assert_int_equal(m->fops->flash_write(m, SIM_BUS_DEBUG, 0, 2, 0), 0);
    assert_true(rd(m, R_SR) & SR_SIZERR);
    wr(m, R_SR, 0xFFFFu);
    wr(m, R_CR, CR_PG | CR_PER);
    fw(m, 0x08000000u, 0);
    assert_true(rd(m, R_SR) & SR_PGSERR);
    assert_int_equal(fr(m, 0x08000000u), 0xFFFFFFFFu);
}

/* L476RG (1 MiB): always dual bank, bank 2 at 0x08080000; PER + PNB + BKER
 * erases one 2 KiB page in 22.02 ms (DS10198). */
static void test_page_erase_bank2(void **state)
{
    (void)state;
    struct mcu *m = make("STM32L476RG", 0, NULL, 0);
    unlock(m);
    wr(m, R_CR, CR_PG);
    program_dw(m, 0x08080800u, 0, 0);    /* bank 2, page 1 */
    program_dw(m, 0x08000800u, 0, 0);    /* bank 1, page 1 */
    wr(m, R_CR, 0);
    wr(m, R_CR, CR_PER | CR_BKER | (1u << 3) | CR_STRT);
    assert_true(rd(m, R_CR) & CR_STRT);
    run(m, 22 * SIM_NS_PER_MS);
    assert_true(rd(m, R_SR) & SR_BSY);
    run(m, 100 * SIM_NS_PER_US);
    assert_false(rd(m, R_SR) & SR_BSY);
    assert_int_equal(fr(m, 0x08080800u), 0xFFFFFFFFu);
    assert_int_equal(fr(m, 0x08000800u), 0);
}

/* MER1 erases bank 1 only; MER1|MER2 both. */
static void test_mass_erase_banks(void **state)
{
    (void)state;
    struct mcu *m = make("STM32L476RG", 0, NULL, 0);
    unlock(m);
    wr(m, R_CR, CR_PG);
    program_dw(m, 0x08000000u, 0, 0);
    program_dw(m, 0x080FFFF8u, 0, 0);
    wr(m, R_CR, CR_MER1);
    wr(m, R_CR, CR_MER1 | CR_STRT);
    run(m, 23 * SIM_NS_PER_MS);
    assert_int_equal(fr(m, 0x08000000u), 0xFFFFFFFFu);
    assert_int_equal(fr(m, 0x080FFFF8u), 0);
    wr(m, R_CR, CR_MER1 | CR_MER2 | CR_STRT);
    run(m, 23 * SIM_NS_PER_MS);
    assert_int_equal(fr(m, 0x080FFFF8u), 0xFFFFFFFFu);
}

/* WRP1AR = pages 2..3 (start 2, end 3), loaded by OBL_LAUNCH (a system
 * reset): erase and program there fail with WRPERR, page 4 works. */
static void test_wrp_area(void **state)
{
    (void)state;
    struct mcu *m = make("STM32L476RG", 0, NULL, 0);
    set_options(m, R_WRP1AR, (3u << 16) | 2u);
    assert_int_equal(resets, 1);
    assert_int_equal(rd(m, R_WRP1AR) & 0x00FF00FFu, 0x00030002u);
    unlock(m);
    wr(m, R_CR, CR_PER | (3u << 3) | CR_STRT);
    assert_true(rd(m, R_SR) & SR_WRPERR);
    assert_false(rd(m, R_SR) & SR_BSY);
    wr(m, R_SR, 0xFFFFu);
    wr(m, R_CR, CR_PG);
    program_dw(m, 0x08001000u, 0, 0);
    assert_true(rd(m, R_SR) & SR_WRPERR);
    assert_int_equal(fr(m, 0x08001000u), 0xFFFFFFFFu);
    wr(m, R_SR, 0xFFFFu);
    program_dw(m, 0x08002000u, 0, 0);
    assert_int_equal(rd(m, R_SR), 0);
    /* A mass erase of a bank with a protected page is refused. */
    wr(m, R_CR, CR_MER1 | CR_STRT);
    assert_true(rd(m, R_SR) & SR_WRPERR);
    assert_int_equal(fr(m, 0x08002000u), 0);
}

/* Option registers change nothing until OPTSTRT + OBL_LAUNCH: before the
 * reload, OPTR reads what was written but the protections use the
 * loaded value. */
static void test_options_need_obl(void **state)
{
    (void)state;
    struct mcu *m = make("STM32L476RG", 0, NULL, 0);
    assert_int_equal(rd(m, R_OPTR), 0xFFEFF8AAu);
    unlock_options(m);
    wr(m, R_OPTR, 0xFFEFF8BBu);
    assert_int_equal(rd(m, R_OPTR) & 0xFF, 0xBB);
    assert_int_equal(m->fops->rdp_level(m), 0);
    wr(m, R_CR, CR_OPTSTRT);
    run(m, 30 * SIM_NS_PER_MS);
    assert_int_equal(m->fops->rdp_level(m), 0);
    assert_int_equal(resets, 0);
    wr(m, R_CR, CR_OBL);
    assert_int_equal(resets, 1);
    assert_int_equal(m->fops->rdp_level(m), 1);
    /* The option-byte image in the system page: value and complement. */
    uint32_t img[2];
    memcpy(img, B.sysmem + 0x7800, 8);
    assert_int_equal(img[0] & 0xFF, 0xBB);
    assert_int_equal(img[1], ~img[0]);
}

/* OBL_LAUNCH needs OPTLOCK clear (RM0351 FLASH_CR). */
static void test_obl_needs_optlock_clear(void **state)
{
    (void)state;
    struct mcu *m = make("STM32L476RG", 0, NULL, 0);
    unlock(m);
    wr(m, R_CR, CR_OBL);
    assert_int_equal(resets, 0);
}

/* RDP level 1: with the debugger connected no flash access; regression
 * to 0xAA mass-erases, taking a mass erase longer (§4.1). */
static void test_rdp_regression_erases(void **state)
{
    (void)state;
    struct mcu *m = make("STM32L476RG", 1, NULL, 0);
    memset(m->flash, 0x5A, 4096);
    fake_debug = true;
    assert_int_equal(m->fops->rdp_level(m), 1);
    uint32_t v;
    assert_int_equal(m->fops->flash_read(m, SIM_BUS_DEBUG, 0, 4, &v), -1);
    unlock(m);
    wr(m, R_CR, CR_PG);
    assert_int_equal(fw(m, FLASH_BASE, 0), -1);
    wr(m, R_CR, 0);
    set_options(m, R_OPTR, 0xFFEFF8AAu);
    assert_int_equal(m->fops->rdp_level(m), 0);
    assert_int_equal(fr(m, FLASH_BASE), 0xFFFFFFFFu);
    assert_int_equal(fr(m, FLASH_BASE + 4092), 0xFFFFFFFFu);
}

/* Level 1 -> 0 regression takes tOPT + tME: BSY still set after 22.4 ms. */
static void test_regression_time(void **state)
{
    (void)state;
    struct mcu *m = make("STM32L476RG", 1, NULL, 0);
    unlock_options(m);
    wr(m, R_OPTR, 0xFFEFF8AAu);
    wr(m, R_CR, CR_OPTSTRT);
    run(m, 23 * SIM_NS_PER_MS);
    assert_true(rd(m, R_SR) & SR_BSY);
    run(m, 22 * SIM_NS_PER_MS);
    assert_false(rd(m, R_SR) & SR_BSY);
}

/* Level 2: the debug port is dead and options cannot change. */
static void test_rdp2(void **state)
{
    (void)state;
    struct mcu *m = make("STM32L476RG", 2, NULL, 0);
    assert_int_equal(m->fops->rdp_level(m), 2);
    assert_false(m->fops->debug_alive(m));
    unlock_options(m);
    wr(m, R_OPTR, 0xFFEFF8AAu);
    wr(m, R_CR, CR_OPTSTRT);
    assert_false(rd(m, R_SR) & SR_BSY);
    assert_true(rd(m, R_SR) & SR_WRPERR);
}

/* G474 (cat.3): DBANK=1 (factory) gives 2 KiB pages and bank 2 at
 * 0x08040000; DBANK=0 gives 4 KiB pages in one bank. */
static void test_g4_dbank(void **state)
{
    (void)state;
    struct mcu *m = make("STM32G474RE", 0, NULL, 0);
    struct fc_l4_geom g;
    fc_l4_geometry(m, &g);
    assert_true(g.dual);
    assert_int_equal(g.page_size, 2048);
    assert_int_equal(g.bank2_off, 0x40000);
    set_options(m, R_OPTR, rd(m, R_OPTR) & ~(1u << 22));
    fc_l4_geometry(m, &g);
    assert_false(g.dual);
    assert_int_equal(g.page_size, 4096);
    unlock(m);
    wr(m, R_CR, CR_PG);
    program_dw(m, 0x08001000u, 0, 0);
    wr(m, R_CR, CR_PER | (1u << 3) | CR_STRT);   /* page 1 = 0x1000 */
    run(m, 23 * SIM_NS_PER_MS);
    assert_int_equal(fr(m, 0x08001000u), 0xFFFFFFFFu);
}

/* L4R5 factory DBANK=1: 4 KiB pages, 2 banks of 1 MiB. */
static void test_l4r_geometry(void **state)
{
    (void)state;
    struct mcu *m = make("STM32L4R5ZI", 0, NULL, 0);
    struct fc_l4_geom g;
    fc_l4_geometry(m, &g);
    assert_true(g.dual);
    assert_int_equal(g.page_size, 4096);
    assert_int_equal(g.bank2_off, 0x100000);
    assert_int_equal(g.pages_per_bank, 256);
}

/* Boot selection (§4.2): G0 factory nBOOT_SEL=1 nBOOT0=1 -> main flash,
 * but an empty flash boots the system memory (PROGEMPTY); L4R with
 * nSWBOOT0=0 follows nBOOT0; L476 follows the BOOT0 pin and nBOOT1. */
static void test_boot_selection(void **state)
{
    (void)state;
    struct mcu *m = make("STM32G071RB", 0, NULL, 0);
    assert_int_equal(m->fops->boot_address(m), 0x1FFF0000u);
    assert_true(rd(m, R_ACR) & (1u << 16));
    m->flash[0] = 0x00;
    m->fops->reset(m, false);
    assert_int_equal(m->fops->boot_address(m), 0x08000000u);
    m->boot0 = 1;                        /* pin ignored with nBOOT_SEL=1 */
    assert_int_equal(m->fops->boot_address(m), 0x08000000u);
    teardown(NULL);

    m = make("STM32L4R5ZI", 0, NULL, 0);
    m->flash[0] = 0x00;
    m->fops->reset(m, false);
    assert_int_equal(m->fops->boot_address(m), 0x08000000u);
    set_options(m, R_OPTR, rd(m, R_OPTR) & ~((1u << 26) | (1u << 27)));
    assert_int_equal(m->fops->boot_address(m), 0x1FFF0000u);
    teardown(NULL);

    m = make("STM32L476RG", 0, NULL, 0);
    assert_int_equal(m->fops->boot_address(m), 0x08000000u);
    m->boot0 = 1;
    assert_int_equal(m->fops->boot_address(m), 0x1FFF0000u);
    set_options(m, R_OPTR, rd(m, R_OPTR) & ~(1u << 23));   /* nBOOT1 = 0 */
    assert_int_equal(m->fops->boot_address(m), 0x20000000u);
}

/* G0: clearing FLASH_ACR.DBG_SWEN cuts the debugger off until reset. */
static void test_dbg_swen(void **state)
{
    (void)state;
    struct mcu *m = make("STM32G071RB", 0, NULL, 0);
    assert_true(m->fops->debug_alive(m));
    wr(m, R_ACR, rd(m, R_ACR) & ~(1u << 18));
    assert_false(m->fops->debug_alive(m));
    m->fops->reset(m, false);
    assert_true(m->fops->debug_alive(m));
}

/* Scenario WRP pages become areas: pages 0-1 protected on a G071. */
static void test_fresh_wrp_from_scenario(void **state)
{
    (void)state;
    static const unsigned pages[] = { 0, 1 };
    struct mcu *m = make("STM32G071RB", 0, pages, 2);
    assert_int_equal(rd(m, R_WRP1AR) & 0x003F003Fu, 0x00010000u);
    assert_true(fc_l4_page_protected(m, 0x800));
    assert_false(fc_l4_page_protected(m, 0x1000));
}

/* OTP: programmed like flash, once. */
static void test_otp(void **state)
{
    (void)state;
    struct mcu *m = make("STM32WB55RG", 0, NULL, 0);
    unlock(m);
    wr(m, R_CR, CR_PG);
    m->fops->sys_write(m, SIM_BUS_DEBUG, 0x7000, 4, 0x12345678u);
    m->fops->sys_write(m, SIM_BUS_DEBUG, 0x7004, 4, 0x9ABCDEF0u);
    run(m, 100 * SIM_NS_PER_US);
    uint32_t v;
    memcpy(&v, B.sysmem + 0x7000, 4);
    assert_int_equal(v, 0x12345678u);
    m->fops->sys_write(m, SIM_BUS_DEBUG, 0x7000, 4, 0x1u);
    m->fops->sys_write(m, SIM_BUS_DEBUG, 0x7004, 4, 0x1u);
    assert_true(rd(m, R_SR) & SR_PROGERR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_unlock_sequence, teardown),
        cmocka_unit_test_teardown(test_wrong_key_blocks_until_reset, teardown),
        cmocka_unit_test_teardown(test_program_double_word, teardown),
        cmocka_unit_test_teardown(test_program_twice_progerr, teardown),
        cmocka_unit_test_teardown(test_program_errors, teardown),
        cmocka_unit_test_teardown(test_page_erase_bank2, teardown),
        cmocka_unit_test_teardown(test_mass_erase_banks, teardown),
        cmocka_unit_test_teardown(test_wrp_area, teardown),
        cmocka_unit_test_teardown(test_options_need_obl, teardown),
        cmocka_unit_test_teardown(test_obl_needs_optlock_clear, teardown),
        cmocka_unit_test_teardown(test_rdp_regression_erases, teardown),
        cmocka_unit_test_teardown(test_regression_time, teardown),
        cmocka_unit_test_teardown(test_rdp2, teardown),
        cmocka_unit_test_teardown(test_g4_dbank, teardown),
        cmocka_unit_test_teardown(test_l4r_geometry, teardown),
        cmocka_unit_test_teardown(test_boot_selection, teardown),
        cmocka_unit_test_teardown(test_dbg_swen, teardown),
        cmocka_unit_test_teardown(test_fresh_wrp_from_scenario, teardown),
        cmocka_unit_test_teardown(test_otp, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
