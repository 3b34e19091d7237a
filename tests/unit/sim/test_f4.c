/* The simulated STM32F407VG against RM0090 (flash interface §3, option
 * bytes and RDP §3.6/3.7, DBGMCU §38, GPIO §8, PWR §5, RCC §7) and the
 * F405/407 datasheet timings (DS8626; stm32-families.md §3), through the
 * debugger's path (sim_chip_debug_read/write) and, for firmware actions,
 * through the regions the core would map. */
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
#define KEY1            0x45670123u
#define KEY2            0xCDEF89ABu
#define OPTKEY1         0x08192A3Bu
#define OPTKEY2         0x4C5D6E7Fu

#define SR_EOP          (1u << 0)
#define SR_OPERR        (1u << 1)
#define SR_WRPERR       (1u << 4)
#define SR_PGAERR       (1u << 5)
#define SR_PGPERR       (1u << 6)
#define SR_PGSERR       (1u << 7)
#define SR_BSY          (1u << 16)
#define SR_ERRORS       (SR_OPERR | SR_WRPERR | SR_PGAERR | SR_PGPERR | SR_PGSERR)

#define CR_PG           (1u << 0)
#define CR_SER          (1u << 1)
#define CR_MER          (1u << 2)
#define CR_SNB(n)       ((uint32_t)(n) << 3)
#define CR_PSIZE_X8     (0u << 8)
#define CR_PSIZE_X32    (2u << 8)
#define CR_STRT         (1u << 16)
#define CR_EOPIE        (1u << 24)
#define CR_LOCK         (1u << 31)

#define OPTCR_OPTLOCK   (1u << 0)
#define OPTCR_OPTSTRT   (1u << 1)
#define OPTCR_FACTORY   0x0FFFAAEDu

#define DBGMCU_IDCODE   0xE0042000u
#define DBGMCU_CR       0xE0042004u
#define DBG_STOP        (1u << 1)
#define DBG_STANDBY     (1u << 2)
#define FLASH_SIZE_REG  0x1FFF7A22u
#define GPIOA_MODER     0x40020000u
#define GPIOA_AFRH      0x40020024u
#define PWR_CR          0x40007000u
#define PWR_CR_LPDS     (1u << 0)
#define PWR_CR_PDDS     (1u << 1)
#define RCC_CR          0x40023800u
#define RCC_PLLCFGR     0x40023804u
#define RCC_CFGR        0x40023808u
#define RCC_AHB1ENR     0x40023830u
#define SRAM            0x20000000u

#define MS              SIM_NS_PER_MS
#define US              SIM_NS_PER_US

struct fx {
    struct sim_board_config cfg;
    uint8_t *nvm;
    struct sim_chip *chip;
};

static struct sim_board_config default_cfg(void)
{
    struct sim_board_config cfg;
    memset(&cfg, 0, sizeof cfg);
    strcpy(cfg.part, "STM32F407VG");
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
        assert_true(n > 512u * 1024u);
        f->nvm = malloc(n);
    }
    f->chip = sim_chip_create(&f->cfg, f->nvm, fresh, err, sizeof err);
    assert_non_null(f->chip);
    sim_chip_power(f->chip, true);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    sim_clock_reset();
    f->cfg = default_cfg();
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

static void unlock(struct sim_chip *c)
{
    wr(c, FLASH_KEYR, KEY1);
    wr(c, FLASH_KEYR, KEY2);
    assert_int_equal(rd(c, FLASH_CR) & CR_LOCK, 0);
}

static void nrst_pulse(struct sim_chip *c)
{
    sim_chip_nrst(c, true);
    fake_advance(c, 1 * MS);
    sim_chip_nrst(c, false);
}

/* ---- Identification ---- */

static void test_ids_through_debug_path(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    /* RM0090 §38.6.1: REV_ID[31:16], DEV_ID[11:0] = 0x413 */
    assert_int_equal(rd(f->chip, DBGMCU_IDCODE) & 0xFFFu, 0x413);
    assert_int_equal(rd(f->chip, DBGMCU_IDCODE) >> 16, 0x1007);
    /* RM0090 §39.2: flash size in KiB, a 16-bit register */
    uint32_t v = 0;
    assert_int_equal(sim_chip_debug_read(f->chip, 0, FLASH_SIZE_REG, 2, &v),
                     SIM_BUS_ACCESS_OK);
    assert_int_equal(v, 1024);
    assert_int_equal(sim_chip_dp_idcode(f->chip, SIM_WIRE_SWD), 0x2BA01477);
    assert_int_equal(sim_chip_dp_idcode(f->chip, SIM_WIRE_JTAG), 0x4BA00477);
    assert_int_equal(sim_chip_ap_count(f->chip), 1);
    assert_int_equal(sim_chip_ap_idr(f->chip, 0), 0x24770011);
    assert_int_equal(sim_chip_ap_base(f->chip, 0), 0xE00FF003);
    assert_int_equal(fake_last_core->cfg.cpuid, 0x410FC241);
    assert_int_equal(fake_last_core->hz, 16000000);
    assert_int_equal(rd(f->chip, FLASH_OPTCR), OPTCR_FACTORY);
    assert_true(sim_chip_debug_port_alive(f->chip));
    /* The core's PPB registers are reached through the same path. */
    wr(f->chip, 0xE000EDFC, 0x01000001);               /* DEMCR */
    assert_int_equal(fake_last_core->ppb[0xEDFC / 4], 0x01000001);
    assert_int_equal(rd(f->chip, 0xE000EDFC), 0x01000001);
    v = 0;
    assert_int_equal(sim_chip_debug_read(f->chip, 0, 0xE000EDFF, 1, &v),
                     SIM_BUS_ACCESS_OK);
    assert_int_equal(v, 0x01);
    assert_int_equal(sim_chip_debug_read(f->chip, 0, 0xE0100000, 4, &v),
                     SIM_BUS_ACCESS_FAULT);             /* nothing there */
}

static void test_unknown_part_and_bad_ap(void **state)
{
    struct fx *f = *state;
    char err[128] = "";
    strcpy(f->cfg.part, "STM32X999");
    assert_int_equal(sim_chip_nvm_size(f->cfg.part), 0);
    uint8_t dummy[16];
    assert_null(sim_chip_create(&f->cfg, dummy, true, err, sizeof err));
    assert_non_null(strstr(err, "STM32X999"));
    f->cfg = default_cfg();
    fx_create(f, true);
    uint32_t v;
    assert_int_equal(sim_chip_debug_read(f->chip, 1, SRAM, 4, &v),
                     SIM_BUS_ACCESS_FAULT);
}

/* F411xE (RM0383): 512 KiB in sectors 0-7, 128 KiB SRAM, no CCM. */
static void test_f411_row(void **state)
{
    struct fx *f = *state;
    strcpy(f->cfg.part, "STM32F411RET6");
    fx_create(f, true);
    assert_int_equal(rd(f->chip, DBGMCU_IDCODE) & 0xFFFu, 0x431);
    uint32_t v = 0;
    sim_chip_debug_read(f->chip, 0, FLASH_SIZE_REG, 2, &v);
    assert_int_equal(v, 512);
    assert_int_equal(sim_chip_debug_read(f->chip, 0, 0x10000000, 4, &v),
                     SIM_BUS_ACCESS_FAULT);               /* no CCM */
    unlock(f->chip);
    wr(f->chip, FLASH_CR, CR_SER | CR_SNB(8) | CR_PSIZE_X32 | CR_STRT);
    assert_int_equal(rd(f->chip, FLASH_SR), SR_PGSERR);   /* no sector 8 */
    wr(f->chip, FLASH_SR, SR_PGSERR);
    wr(f->chip, FLASH_CR, CR_SER | CR_SNB(7) | CR_PSIZE_X32 | CR_STRT);
    assert_int_equal(rd(f->chip, FLASH_SR), SR_BSY);
    fake_advance(f->chip, 1000 * MS);                     /* 128 KiB x32: 1 s */
    assert_int_equal(rd(f->chip, FLASH_SR), 0);
    wr(f->chip, FLASH_CR, CR_MER | CR_PSIZE_X32 | CR_STRT);
    fake_advance(f->chip, 3999 * MS);                     /* 512 KiB x32: 4 s */
    assert_int_equal(rd(f->chip, FLASH_SR), SR_BSY);
    fake_advance(f->chip, 1 * MS);
    assert_int_equal(rd(f->chip, FLASH_SR), 0);
}

/* ---- Keys (RM0090 §3.5.1) ---- */

static void test_unlock_and_wrong_key_locks_until_reset(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    assert_int_equal(rd(f->chip, FLASH_CR), CR_LOCK);   /* reset value */
    unlock(f->chip);
    wr(f->chip, FLASH_CR, CR_LOCK);                       /* relock */
    assert_int_equal(rd(f->chip, FLASH_CR) & CR_LOCK, CR_LOCK);

    /* Wrong second key: bus error, and the right sequence no longer works. */
    wr(f->chip, FLASH_KEYR, KEY1);
    assert_int_equal(sim_chip_debug_write(f->chip, 0, FLASH_KEYR, 4, 0x12345678),
                     SIM_BUS_ACCESS_FAULT);
    assert_int_equal(sim_chip_debug_write(f->chip, 0, FLASH_KEYR, 4, KEY1),
                     SIM_BUS_ACCESS_FAULT);
    sim_chip_debug_write(f->chip, 0, FLASH_KEYR, 4, KEY2);
    assert_int_equal(rd(f->chip, FLASH_CR) & CR_LOCK, CR_LOCK);
    /* CR writes are ignored while locked. */
    wr(f->chip, FLASH_CR, CR_PG);
    assert_int_equal(rd(f->chip, FLASH_CR) & CR_PG, 0);

    nrst_pulse(f->chip);
    unlock(f->chip);
}

/* ---- Programming (RM0090 §3.5.4) ---- */

static void test_program_word_x32(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    unlock(f->chip);
    wr(f->chip, FLASH_CR, CR_PG | CR_PSIZE_X32);
    wr(f->chip, FLASH_BASE + 0x100, 0x12345678);
    /* BSY for one word program time (DS8626: 16 us typ.); reading flash
     * stalls the bus: the debugger gets WAIT. */
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_BSY, SR_BSY);
    uint32_t v;
    assert_int_equal(sim_chip_debug_read(f->chip, 0, FLASH_BASE + 0x100, 4, &v),
                     SIM_BUS_ACCESS_WAIT);
    assert_int_equal(sim_chip_debug_write(f->chip, 0, FLASH_BASE + 0x104, 4, 0),
                     SIM_BUS_ACCESS_WAIT);
    fake_advance(f->chip, 15 * US);
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_BSY, SR_BSY);
    fake_advance(f->chip, 1 * US);
    assert_int_equal(rd(f->chip, FLASH_SR), 0);    /* no EOP without EOPIE */
    assert_int_equal(rd(f->chip, FLASH_BASE + 0x100), 0x12345678);
    /* The boot alias at 0 shows the same flash. */
    assert_int_equal(rd(f->chip, 0x100), 0x12345678);
    assert_int_equal(sim_stats.flash_bytes_programmed, 4);
    assert_true(fake_last_core->invalidations > 0);
    uint32_t base;
    size_t size;
    const uint8_t *img = sim_chip_flash(f->chip, &base, &size);
    assert_int_equal(base, FLASH_BASE);
    assert_int_equal(size, 1024 * 1024);
    assert_int_equal(img[0x100], 0x78);
}

static void test_program_errors(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    unlock(f->chip);

    /* Write with PG clear: PGSERR, nothing written. */
    wr(f->chip, FLASH_CR, CR_PSIZE_X32);
    wr(f->chip, FLASH_BASE, 0);
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_ERRORS, SR_PGSERR);
    wr(f->chip, FLASH_SR, SR_PGSERR);                  /* w1c */
    assert_int_equal(rd(f->chip, FLASH_SR), 0);

    /* Byte access with x32 parallelism: PGPERR. */
    wr(f->chip, FLASH_CR, CR_PG | CR_PSIZE_X32);
    assert_int_equal(sim_chip_debug_write(f->chip, 0, FLASH_BASE, 1, 0),
                     SIM_BUS_ACCESS_OK);
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_ERRORS, SR_PGPERR);
    assert_int_equal(rd(f->chip, FLASH_BASE), 0xFFFFFFFF);
    wr(f->chip, FLASH_SR, SR_ERRORS);

    /* 0 -> 1 needs an erase (RM0090 §3.5.4): bits already 0 stay 0. */
    wr(f->chip, FLASH_BASE + 8, 0x0000FFFF);
    fake_advance(f->chip, 20 * US);
    wr(f->chip, FLASH_BASE + 8, 0xFFFF00FF);
    fake_advance(f->chip, 20 * US);
    assert_int_equal(rd(f->chip, FLASH_BASE + 8), 0x000000FF);
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_ERRORS, 0);

    /* SER left over from an erase does not stop a program (st-flash
     * writes CR = PG|SER|SNB|PSIZE on real F4 parts). */
    wr(f->chip, FLASH_CR, CR_PG | CR_SER | CR_SNB(2) | CR_PSIZE_X32);
    wr(f->chip, FLASH_BASE + 12, 0x12345678);
    fake_advance(f->chip, 20 * US);
    assert_int_equal(rd(f->chip, FLASH_BASE + 12), 0x12345678);
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_ERRORS, 0);

    /* Byte programming with x8 works and ANDs into the cell. */
    wr(f->chip, FLASH_CR, CR_PG | CR_PSIZE_X8);
    assert_int_equal(sim_chip_debug_write(f->chip, 0, FLASH_BASE + 8, 1, 0x0F),
                     SIM_BUS_ACCESS_OK);
    fake_advance(f->chip, 20 * US);
    assert_int_equal(rd(f->chip, FLASH_BASE + 8), 0x0000000F);

    /* Locked controller: PGSERR. */
    wr(f->chip, FLASH_CR, CR_LOCK);
    assert_int_equal(sim_chip_debug_write(f->chip, 0, FLASH_BASE + 16, 1, 0),
                     SIM_BUS_ACCESS_OK);
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_ERRORS, SR_PGSERR);
}

/* ---- Erase (RM0090 §3.5.3; DS8626 / stm32-families.md §3 times) ---- */

static void test_sector_erase_timing(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    uint8_t pattern[64];
    memset(pattern, 0x5A, sizeof pattern);
    assert_int_equal(sim_chip_load_flash(f->chip, FLASH_BASE + 0x4000, pattern,
                                         sizeof pattern), 0);
    assert_int_equal(sim_chip_load_flash(f->chip, FLASH_BASE + 0x8000, pattern,
                                         sizeof pattern), 0);
    unlock(f->chip);
    /* Sector 1 (16 KiB at 0x08004000), x32: 250 ms typ. */
    wr(f->chip, FLASH_CR, CR_SER | CR_SNB(1) | CR_PSIZE_X32 | CR_EOPIE);
    wr(f->chip, FLASH_CR, CR_SER | CR_SNB(1) | CR_PSIZE_X32 | CR_EOPIE | CR_STRT);
    assert_int_equal(rd(f->chip, FLASH_SR), SR_BSY);
    fake_advance(f->chip, 249 * MS);
    assert_int_equal(rd(f->chip, FLASH_SR), SR_BSY);
    uint32_t v;
    assert_int_equal(sim_chip_debug_read(f->chip, 0, FLASH_BASE + 0x4000, 4, &v),
                     SIM_BUS_ACCESS_WAIT);
    fake_advance(f->chip, 1 * MS);
    assert_int_equal(rd(f->chip, FLASH_SR), SR_EOP);
    assert_int_equal(rd(f->chip, FLASH_BASE + 0x4000), 0xFFFFFFFF);
    assert_int_equal(rd(f->chip, FLASH_BASE + 0x8000), 0x5A5A5A5A); /* sector 2 kept */
    assert_int_equal(sim_stats.flash_erases, 1);
    wr(f->chip, FLASH_SR, SR_EOP);
    assert_int_equal(rd(f->chip, FLASH_SR), 0);

    /* Sector 5 (first 128 KiB one) at x8: 2 s typ. */
    wr(f->chip, FLASH_CR, CR_SER | CR_SNB(5) | CR_PSIZE_X8 | CR_STRT);
    fake_advance(f->chip, 1999 * MS);
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_BSY, SR_BSY);
    fake_advance(f->chip, 1 * MS);
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_BSY, 0);
}

/* RM0090 §3.5: reading flash while BSY stalls the bus, so a CPU that
 * executes from flash gets no clock until the erase ends; a loader in SRAM
 * keeps running. */
static void test_erase_stalls_core_executing_from_flash(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    unlock(f->chip);
    fake_last_core->pcsr = 0x20000400;                 /* loader in SRAM */
    wr(f->chip, FLASH_CR, CR_SER | CR_SNB(0) | CR_PSIZE_X32 | CR_STRT);
    fake_advance(f->chip, 10 * MS);
    assert_int_equal(fake_last_core->last_run_hz, 16000000);
    fake_advance(f->chip, 300 * MS);
    fake_last_core->pcsr = 0x08000400;                 /* firmware in flash */
    wr(f->chip, FLASH_CR, CR_SER | CR_SNB(0) | CR_PSIZE_X32 | CR_STRT);
    fake_advance(f->chip, 10 * MS);
    assert_int_equal(fake_last_core->last_run_hz, 0);
    assert_int_equal(fake_last_core->ran_until, fake_now);
    fake_advance(f->chip, 300 * MS);
    assert_int_equal(fake_last_core->hz, 16000000);
    assert_int_equal(fake_last_core->last_run_hz, 16000000);
}

/* A loader in SRAM that writes the next word whenever BSY is clear. */
static unsigned loader_words;
static void loader_fw(struct fake_core *core, sim_ns now)
{
    (void)core;
    (void)now;
    uint32_t sr = 0;
    assert_int_equal(fake_cpu_read(FLASH_SR, 4, &sr), 0);
    if (sr & SR_BSY)
        return;
    assert_int_equal(fake_cpu_write(FLASH_BASE + 4u * loader_words, 4, 0), 0);
    loader_words++;
}

/* DS8626: 16 us per word, whatever the host's tick: a CPU loader that
 * polls BSY programs about 1 ms / 16 us words per millisecond. */
static void test_cpu_loader_programs_at_datasheet_rate(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    unlock(f->chip);
    wr(f->chip, FLASH_CR, CR_PG | CR_PSIZE_X32);
    loader_words = 0;
    fake_last_core->firmware = loader_fw;
    fake_advance(f->chip, 10 * MS);              /* one big host tick */
    fake_last_core->firmware = NULL;
    assert_in_range(loader_words, 10 * 1000 / 16 - 2, 10 * 1000 / 16 + 2);
    assert_int_equal(sim_stats.flash_bytes_programmed, 4u * loader_words);
    assert_int_equal(rd(f->chip, FLASH_BASE), 0);
}

static void test_mass_erase(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    uint8_t pattern[256];
    memset(pattern, 0, sizeof pattern);
    sim_chip_load_flash(f->chip, FLASH_BASE, pattern, sizeof pattern);
    sim_chip_load_flash(f->chip, FLASH_BASE + 0xFFF00, pattern, sizeof pattern);
    unlock(f->chip);
    wr(f->chip, FLASH_CR, CR_MER | CR_PSIZE_X32 | CR_STRT);
    fake_advance(f->chip, 7999 * MS);                    /* x32: 8 s typ. */
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_BSY, SR_BSY);
    fake_advance(f->chip, 1 * MS);
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_BSY, 0);
    assert_int_equal(rd(f->chip, FLASH_BASE), 0xFFFFFFFF);
    assert_int_equal(rd(f->chip, FLASH_BASE + 0xFFF00), 0xFFFFFFFF);
    assert_int_equal(sim_stats.flash_erases, 1);
}

/* ---- Write protection (nWRP, RM0090 §3.7.4) ---- */

static void test_wrp_sector(void **state)
{
    struct fx *f = *state;
    f->cfg.wrp_sectors[0] = 2;
    f->cfg.n_wrp_sectors = 1;
    fx_create(f, true);
    /* nWRP bit 2 cleared in OPTCR[27:16] */
    assert_int_equal(rd(f->chip, FLASH_OPTCR) >> 16, 0xFFB);
    unlock(f->chip);
    wr(f->chip, FLASH_CR, CR_SER | CR_SNB(2) | CR_PSIZE_X32 | CR_STRT);
    assert_int_equal(rd(f->chip, FLASH_SR), SR_WRPERR);   /* not busy */
    wr(f->chip, FLASH_SR, SR_WRPERR);
    wr(f->chip, FLASH_CR, CR_PG | CR_PSIZE_X32);
    wr(f->chip, FLASH_BASE + 0x8000, 0);
    assert_int_equal(rd(f->chip, FLASH_SR), SR_WRPERR);
    assert_int_equal(rd(f->chip, FLASH_BASE + 0x8000), 0xFFFFFFFF);
    wr(f->chip, FLASH_SR, SR_WRPERR);
    /* Mass erase with a protected sector is refused too. */
    wr(f->chip, FLASH_CR, CR_MER | CR_PSIZE_X32 | CR_STRT);
    assert_int_equal(rd(f->chip, FLASH_SR), SR_WRPERR);
    /* Sector 3 is not protected. */
    wr(f->chip, FLASH_SR, SR_WRPERR);
    wr(f->chip, FLASH_CR, CR_PG | CR_PSIZE_X32);
    wr(f->chip, FLASH_BASE + 0xC000, 0);
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_ERRORS, 0);
}

/* ---- Read protection (RM0090 §3.7.3) ---- */

static void test_rdp1_blocks_debug_flash_reads(void **state)
{
    struct fx *f = *state;
    f->cfg.rdp = 1;
    fx_create(f, true);
    uint32_t v;
    assert_true(sim_chip_debug_port_alive(f->chip));
    assert_int_equal(sim_chip_debug_read(f->chip, 0, FLASH_BASE, 4, &v),
                     SIM_BUS_ACCESS_FAULT);
    assert_int_equal(sim_chip_debug_read(f->chip, 0, 0x0, 4, &v),
                     SIM_BUS_ACCESS_FAULT);             /* the alias too */
    /* SRAM, peripherals, system memory stay readable. */
    wr(f->chip, SRAM, 0xCAFEF00D);
    assert_int_equal(rd(f->chip, SRAM), 0xCAFEF00D);
    assert_int_equal(rd(f->chip, DBGMCU_IDCODE) & 0xFFF, 0x413);
    assert_int_equal((rd(f->chip, FLASH_OPTCR) >> 8) & 0xFF, 0xBB);
    /* Program and erase are refused while the debugger is connected. */
    unlock(f->chip);
    wr(f->chip, FLASH_CR, CR_PG | CR_PSIZE_X32);
    assert_int_equal(sim_chip_debug_write(f->chip, 0, FLASH_BASE, 4, 0),
                     SIM_BUS_ACCESS_FAULT);
    wr(f->chip, FLASH_CR, CR_SER | CR_SNB(0) | CR_PSIZE_X32 | CR_STRT);
    assert_int_equal(rd(f->chip, FLASH_SR) & (SR_WRPERR | SR_BSY), SR_WRPERR);
    /* Still level 1 after a system reset: the debugger stays "connected"
     * until a power-on reset. */
    nrst_pulse(f->chip);
    assert_int_equal(sim_chip_debug_read(f->chip, 0, FLASH_BASE, 4, &v),
                     SIM_BUS_ACCESS_FAULT);
}

static void test_rdp1_regression_erases_flash(void **state)
{
    struct fx *f = *state;
    f->cfg.rdp = 1;
    fx_create(f, true);
    uint8_t fw[1024];
    memset(fw, 0x11, sizeof fw);
    sim_chip_load_flash(f->chip, FLASH_BASE, fw, sizeof fw);
    wr(f->chip, FLASH_OPTKEYR, OPTKEY1);
    wr(f->chip, FLASH_OPTKEYR, OPTKEY2);
    assert_int_equal(rd(f->chip, FLASH_OPTCR) & OPTCR_OPTLOCK, 0);
    uint32_t optcr = (rd(f->chip, FLASH_OPTCR) & ~0xFF00u) | (0xAAu << 8);
    wr(f->chip, FLASH_OPTCR, optcr);
    wr(f->chip, FLASH_OPTCR, optcr | OPTCR_OPTSTRT);
    /* Mass erase first: at least the 8 s of an x32 mass erase
     * (PSIZE at reset is x8: 16 s). */
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_BSY, SR_BSY);
    assert_int_equal(rd(f->chip, FLASH_OPTCR) & OPTCR_OPTSTRT, OPTCR_OPTSTRT);
    fake_advance(f->chip, 15 * SIM_NS_PER_S);
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_BSY, SR_BSY);
    fake_advance(f->chip, 2 * SIM_NS_PER_S);
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_BSY, 0);
    uint32_t base;
    size_t size;
    const uint8_t *img = sim_chip_flash(f->chip, &base, &size);
    for (size_t i = 0; i < sizeof fw; i++)
        assert_int_equal(img[i], 0xFF);
    /* Level 0 after the option bytes are reloaded (reset). */
    nrst_pulse(f->chip);
    assert_int_equal((rd(f->chip, FLASH_OPTCR) >> 8) & 0xFF, 0xAA);
    assert_int_equal(rd(f->chip, FLASH_BASE), 0xFFFFFFFF);
}

static void test_rdp2_kills_debug_port(void **state)
{
    struct fx *f = *state;
    f->cfg.rdp = 2;
    fx_create(f, true);
    assert_false(sim_chip_debug_port_alive(f->chip));
    sim_chip_power(f->chip, false);
    sim_chip_power(f->chip, true);
    assert_false(sim_chip_debug_port_alive(f->chip));
}

static void test_rdp2_programmed_is_permanent(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    wr(f->chip, FLASH_OPTKEYR, OPTKEY1);
    wr(f->chip, FLASH_OPTKEYR, OPTKEY2);
    uint32_t optcr = (rd(f->chip, FLASH_OPTCR) & ~0xFF00u) | (0xCCu << 8);
    wr(f->chip, FLASH_OPTCR, optcr | OPTCR_OPTSTRT);
    fake_advance(f->chip, 1 * SIM_NS_PER_S);
    assert_int_equal(rd(f->chip, FLASH_SR) & SR_BSY, 0);
    assert_true(sim_chip_debug_port_alive(f->chip));   /* not yet loaded */
    nrst_pulse(f->chip);
    assert_false(sim_chip_debug_port_alive(f->chip));
    /* The state survives: a new chip on the same nvm is still level 2. */
    sim_chip_destroy(f->chip);
    fx_create(f, false);
    assert_false(sim_chip_debug_port_alive(f->chip));
}

/* ---- SWD pins (RM0090 §8.4; stm32-families.md §6.1) ---- */

static void test_gpioa_moder_kills_debug_until_reset(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    assert_int_equal(rd(f->chip, GPIOA_MODER), 0xA8000000);
    /* Firmware makes PA13/PA14 outputs. */
    assert_int_equal(fake_cpu_write(GPIOA_MODER, 4, 0x54000000), 0);
    assert_false(sim_chip_debug_port_alive(f->chip));
    sim_chip_nrst(f->chip, true);              /* connect under reset works */
    assert_true(sim_chip_debug_port_alive(f->chip));
    sim_chip_nrst(f->chip, false);
    assert_true(sim_chip_debug_port_alive(f->chip));

    /* AF mode but another alternate function on PA14: dead too. */
    assert_int_equal(fake_cpu_write(GPIOA_AFRH, 4, 0x07000000), 0);
    assert_false(sim_chip_debug_port_alive(f->chip));
    sim_chip_power(f->chip, false);
    assert_false(sim_chip_debug_port_alive(f->chip));
    sim_chip_power(f->chip, true);
    assert_true(sim_chip_debug_port_alive(f->chip));

    /* Other pins of GPIOA may change freely. */
    assert_int_equal(fake_cpu_write(GPIOA_MODER, 4, 0xA8000055), 0);
    assert_true(sim_chip_debug_port_alive(f->chip));
}

/* ---- Low power (RM0090 §5.3, §38.16.2) ---- */

static void enter_deep_sleep(struct sim_chip *chip, uint32_t pwr_cr)
{
    assert_int_equal(fake_cpu_write(PWR_CR, 4, pwr_cr), 0);
    fake_last_core->state = SIM_CORE_SLEEPING;
    fake_last_core->hooks.sleep(fake_last_core->hooks.ctx, true);
    fake_advance(chip, 1 * MS);
}

static void test_stop_without_dbg_stop_kills_debug(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    enter_deep_sleep(f->chip, PWR_CR_LPDS);
    assert_false(sim_chip_debug_port_alive(f->chip));
    nrst_pulse(f->chip);                       /* NRST always wakes */
    assert_true(sim_chip_debug_port_alive(f->chip));

    /* Plain sleep keeps the debug port. */
    fake_last_core->state = SIM_CORE_SLEEPING;
    fake_last_core->hooks.sleep(fake_last_core->hooks.ctx, false);
    assert_true(sim_chip_debug_port_alive(f->chip));
}

static void test_stop_with_dbg_stop_keeps_debug(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    wr(f->chip, DBGMCU_CR, DBG_STOP);
    enter_deep_sleep(f->chip, PWR_CR_LPDS);
    assert_true(sim_chip_debug_port_alive(f->chip));
    /* STANDBY needs DBG_STANDBY. */
    fake_last_core->state = SIM_CORE_RUNNING;
    fake_advance(f->chip, 1 * MS);
    enter_deep_sleep(f->chip, PWR_CR_PDDS);
    assert_false(sim_chip_debug_port_alive(f->chip));
    /* DBGMCU_CR survives a system reset, not a power-on reset. */
    nrst_pulse(f->chip);
    assert_int_equal(rd(f->chip, DBGMCU_CR), DBG_STOP);
    wr(f->chip, DBGMCU_CR, DBG_STOP | DBG_STANDBY);
    enter_deep_sleep(f->chip, PWR_CR_PDDS);
    assert_true(sim_chip_debug_port_alive(f->chip));
    sim_chip_power(f->chip, false);
    sim_chip_power(f->chip, true);
    assert_int_equal(rd(f->chip, DBGMCU_CR), 0);
}

static void test_scenario_dbgmcu_cr_applies_at_first_power_on(void **state)
{
    struct fx *f = *state;
    f->cfg.dbgmcu_cr = DBG_STOP;
    fx_create(f, true);
    assert_int_equal(rd(f->chip, DBGMCU_CR), DBG_STOP);
}

/* ---- Resets ---- */

static void test_sysresetreq_resets_chip(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    assert_int_equal(fake_last_core->resets[SIM_RESET_POWER_ON], 1);
    fake_cpu_write(GPIOA_MODER, 4, 0);
    unlock(f->chip);
    assert_false(sim_chip_debug_port_alive(f->chip));
    fake_last_core->hooks.sysresetreq(fake_last_core->hooks.ctx);
    assert_int_equal(fake_last_core->resets[SIM_RESET_SYSTEM], 1);
    assert_true(sim_chip_debug_port_alive(f->chip));
    assert_int_equal(rd(f->chip, FLASH_CR), CR_LOCK);
    /* RCC_CSR: SFTRSTF (bit 28) after a software reset. */
    assert_true(rd(f->chip, 0x40023874) & (1u << 28));
}

static void test_nvm_kept_when_not_fresh(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    uint8_t fw[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    sim_chip_load_flash(f->chip, FLASH_BASE + 0x1000, fw, sizeof fw);
    assert_int_equal(sim_chip_load_flash(f->chip, FLASH_BASE + 0x100000, fw, 1), -1);
    sim_chip_destroy(f->chip);
    fx_create(f, false);
    assert_int_equal(rd(f->chip, FLASH_BASE + 0x1000), 0x04030201);
}

static void test_boot0_boots_system_memory(void **state)
{
    struct fx *f = *state;
    f->cfg.boot0 = 1;
    fx_create(f, true);
    /* Vector table at 0 = system memory: SP in SRAM, reset vector Thumb
     * in system memory. */
    uint32_t sp = rd(f->chip, 0x0), pc = rd(f->chip, 0x4);
    assert_int_equal(sp, 0x20020000);
    assert_int_equal(pc & 1u, 1u);
    assert_true(pc >= 0x1FFF0000 && pc < 0x1FFF7800);
    assert_int_equal(rd(f->chip, 0x4), rd(f->chip, 0x1FFF0004));
}

/* ---- RCC: enough for firmware clock setup (RM0090 §7.3) ---- */

static void test_rcc_pll_switch_sets_core_clock(void **state)
{
    struct fx *f = *state;
    fx_create(f, true);
    assert_int_equal(rd(f->chip, RCC_CR) & 0x3, 0x3);        /* HSION|HSIRDY */
    fake_cpu_write(RCC_CR, 4, rd(f->chip, RCC_CR) | (1u << 16));  /* HSEON */
    assert_true(rd(f->chip, RCC_CR) & (1u << 17));          /* HSERDY */
    /* HSE 8 MHz / M 8 * N 336 / P 2 = 168 MHz */
    fake_cpu_write(RCC_PLLCFGR, 4, (1u << 22) | 8u | (336u << 6) | (0u << 16));
    fake_cpu_write(RCC_CR, 4, rd(f->chip, RCC_CR) | (1u << 24));  /* PLLON */
    assert_true(rd(f->chip, RCC_CR) & (1u << 25));          /* PLLRDY */
    fake_cpu_write(RCC_CFGR, 4, 2u);                        /* SW = PLL */
    assert_int_equal((rd(f->chip, RCC_CFGR) >> 2) & 3u, 2u); /* SWS = PLL */
    assert_int_equal(fake_last_core->hz, 168000000);
    /* Bit-band alias: set GPIOBEN (AHB1ENR bit 1) via 0x42000000. */
    uint32_t alias = 0x42000000u + (RCC_AHB1ENR - 0x40000000u) * 32u + 1u * 4u;
    assert_int_equal(fake_cpu_write(alias, 4, 1), 0);
    assert_true(rd(f->chip, RCC_AHB1ENR) & (1u << 1));
    /* Unmodelled peripherals: RAZ/WI, no fault. */
    assert_int_equal(fake_cpu_write(0x40011000, 4, 0xFFFF), 0);   /* USART1 */
    assert_int_equal(rd(f->chip, 0x40011000), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ids_through_debug_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_part_and_bad_ap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_f411_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unlock_and_wrong_key_locks_until_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_program_word_x32, setup, teardown),
        cmocka_unit_test_setup_teardown(test_program_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sector_erase_timing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_erase_stalls_core_executing_from_flash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cpu_loader_programs_at_datasheet_rate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mass_erase, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrp_sector, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rdp1_blocks_debug_flash_reads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rdp1_regression_erases_flash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rdp2_kills_debug_port, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rdp2_programmed_is_permanent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gpioa_moder_kills_debug_until_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stop_without_dbg_stop_kills_debug, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stop_with_dbg_stop_keeps_debug, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scenario_dbgmcu_cr_applies_at_first_power_on, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sysresetreq_resets_chip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nvm_kept_when_not_fresh, setup, teardown),
        cmocka_unit_test_setup_teardown(test_boot0_boots_system_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rcc_pll_switch_sets_core_clock, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
