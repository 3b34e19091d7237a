/* The STM32H7 flash-controller plug-in (sim/chips/fc_h7*.c, h7_pwr.c) on
 * its own: a hand-built struct mcu with fake shell services and a
 * hand-driven clock.  Expectations come from RM0433/RM0399/RM0455 and
 * stm32-families.md §2.6, §3, §4.2, §6.2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chips/fc_h7.h"

/* ---- Fakes for the shell (chips/mcu.h services) ---- */
struct sim_stats sim_stats;
const struct sim_chip_family sim_family_mcu = { .name = "fake shell" };
static sim_ns fake_now;
static int ops_started, ops_ended;
static bool fake_debug_connected;

sim_ns mcu_now(const struct mcu *m) { (void)m; return fake_now; }
void mcu_flash_op_started(struct mcu *m) { (void)m; ops_started++; }
void mcu_flash_op_ended(struct mcu *m) { (void)m; ops_ended++; }
void mcu_flash_changed(struct mcu *m, uint32_t off, uint32_t len) { (void)m, (void)off, (void)len; }
void mcu_flash_erase_all(struct mcu *m) { memset(m->flash, 0xFF, m->flash_size); }
bool mcu_rdp1_blocks_debug(const struct mcu *m) { (void)m; return fake_debug_connected; }
void mcu_core_hold(struct mcu *m, unsigned idx, bool held) { m->core_held[idx] = held; }

/* ---- A chip ---- */
#define FLASHIF  0x52002000u
#define PWR      0x58024800u
#define PERIPH   0x40000000u
#define FLASH    0x08000000u

#define KEYR(b)  (0x04u + 0x100u * (b))
#define CR(b)    (0x0Cu + 0x100u * (b))
#define SR(b)    (0x10u + 0x100u * (b))
#define CCR(b)   (0x14u + 0x100u * (b))
#define OPTKEYR  0x08u
#define OPTCR    0x18u
#define OPTSR_CUR 0x1Cu
#define OPTSR_PRG 0x20u
#define OPTCCR   0x24u
#define WPSN_CUR(b) (0x38u + 0x100u * (b))
#define WPSN_PRG(b) (0x3Cu + 0x100u * (b))
#define BOOT_CUR 0x40u
#define BOOT4_CUR 0x48u

#define SR_BSY     (1u << 0)
#define SR_WBNE    (1u << 1)
#define SR_QW      (1u << 2)
#define SR_EOP     (1u << 16)
#define SR_WRPERR  (1u << 17)
#define SR_PGSERR  (1u << 18)
#define SR_STRBERR (1u << 19)
#define SR_INCERR  (1u << 21)

/* H74x CR bits */
#define CR_LOCK  (1u << 0)
#define CR_PG    (1u << 1)
#define CR_SER   (1u << 2)
#define CR_BER   (1u << 3)
#define CR_X64   (3u << 4)
#define CR_FW    (1u << 6)
#define CR_START (1u << 7)
#define CR_SNB(n) ((uint32_t)(n) << 8)
/* H7A3 CR bits */
#define CD_FW    (1u << 4)
#define CD_START (1u << 5)
#define CD_SNB(n) ((uint32_t)(n) << 6)

#define PWR_CSR1 0x04u
#define PWR_CR3  0x0Cu
#define ACTVOSRDY (1u << 13)
#define CR3_BYPASS (1u << 0)
#define CR3_LDOEN  (1u << 1)
#define CR3_SCUEN  (1u << 2)
#define CR3_SMPSEN (1u << 2)

struct rig {
    struct mcu m;
    uint8_t *flash;
    uint8_t *nvm;
};

static struct rig *make(const char *name, struct sim_board_config *cfg)
{
    const struct sim_chip_part *part = NULL;
    for (const struct sim_chip_part *p = sim_parts_h7; p->name; p++)
        if (strcmp(p->name, name) == 0)
            part = p;
    assert_non_null(part);
    const struct mcu_part_data *pd = part->family_data;
    struct rig *r = calloc(1, sizeof *r);
    assert_non_null(r);
    struct mcu *m = &r->m;
    m->part = part;
    m->lay = pd->layout;
    m->fops = pd->flash;
    m->fdata = pd->flash_data;
    m->flash_size = part->flash_kib * 1024u;
    r->flash = malloc(m->flash_size);
    r->nvm = calloc(1, m->fops->nvm_size(part));
    memset(r->flash, 0xFF, m->flash_size);
    m->flash = r->flash;
    m->nvm_ctl = r->nvm;
    m->fc = m->fops->create(m);
    assert_non_null(m->fc);
    sim_periph_bus_init(&m->pbus, PERIPH, 0x20000000u, 0);
    struct sim_board_config def = { .supply = SIM_SUPPLY_DEFAULT };
    m->fops->init_fresh(m, cfg ? cfg : &def);
    m->fops->add_peripherals(m);
    m->fops->reset(m, true);
    fake_now = 0;
    fake_debug_connected = false;
    ops_started = ops_ended = 0;
    return r;
}

static void drop(struct rig *r)
{
    r->m.fops->destroy(r->m.fc);
    free(r->flash);
    free(r->nvm);
    free(r);
}

static uint32_t rd(struct rig *r, uint32_t off)
{
    uint32_t v = 0xDEADBEEF;
    assert_int_equal(r->m.fops->reg_read(&r->m, SIM_BUS_DEBUG, off, 4, &v), 0);
    return v;
}

static int wr(struct rig *r, uint32_t off, uint32_t v)
{
    return r->m.fops->reg_write(&r->m, SIM_BUS_DEBUG, off, 4, v);
}

static uint32_t pwr_rd(struct rig *r, uint32_t off)
{
    uint32_t v = 0;
    assert_int_equal(sim_periph_bus_read(&r->m.pbus, SIM_BUS_CPU, PWR + off - PERIPH, 4, &v), 0);
    return v;
}

static void pwr_wr(struct rig *r, uint32_t off, uint32_t v)
{
    assert_int_equal(sim_periph_bus_write(&r->m.pbus, SIM_BUS_CPU, PWR + off - PERIPH, 4, v), 0);
}

static void advance(struct rig *r, sim_ns dt)
{
    fake_now += dt;
    r->m.fops->update(&r->m, fake_now);
}

static void unlock(struct rig *r, unsigned bank)
{
    assert_int_equal(wr(r, KEYR(bank), 0x45670123u), 0);
    assert_int_equal(wr(r, KEYR(bank), 0xCDEF89ABu), 0);
    assert_int_equal(rd(r, CR(bank)) & CR_LOCK, 0);
}

static void unlock_options(struct rig *r)
{
    assert_int_equal(wr(r, OPTKEYR, 0x08192A3Bu), 0);
    assert_int_equal(wr(r, OPTKEYR, 0x4C5D6E7Fu), 0);
    assert_int_equal(rd(r, OPTCR) & 1u, 0);
}

static void fwrite32(struct rig *r, uint32_t addr, uint32_t v)
{
    assert_int_equal(r->m.fops->flash_write(&r->m, SIM_BUS_CPU, addr - FLASH, 4, v), 0);
}

static uint32_t fread32(struct rig *r, uint32_t addr)
{
    uint32_t v = 0;
    assert_int_equal(r->m.fops->flash_read(&r->m, SIM_BUS_DEBUG, addr - FLASH, 4, &v), 0);
    return v;
}

/* ---- Bank registers and programming ---- */

static void reset_values(void **state)
{
    (void)state;
    struct rig *r = make("STM32H743ZI", NULL);
    /* CR reset 0x31 (LOCK, PSIZE x64); both banks; OPTCR locked. */
    assert_int_equal(rd(r, CR(0)), 0x31u);
    assert_int_equal(rd(r, CR(1)), 0x31u);
    assert_int_equal(rd(r, OPTCR) & 1u, 1u);
    assert_int_equal((rd(r, OPTSR_CUR) >> 8) & 0xFF, 0xAA);
    assert_int_equal(rd(r, WPSN_CUR(0)), 0xFF);
    assert_int_equal(rd(r, BOOT_CUR), 0x1FF00800u);
    assert_int_equal(r->m.fops->rdp_level(&r->m), 0);
    drop(r);
}

static void wrong_key_blocks_until_reset(void **state)
{
    (void)state;
    struct rig *r = make("STM32H743ZI", NULL);
    assert_int_equal(wr(r, KEYR(0), 0x12345678u), -1);
    assert_int_equal(wr(r, KEYR(0), 0x45670123u), -1);
    assert_int_equal(rd(r, CR(0)) & CR_LOCK, CR_LOCK);
    /* Bank 2 has its own key state. */
    unlock(r, 1);
    r->m.fops->reset(&r->m, false);
    unlock(r, 0);
    drop(r);
}

static void program_one_flash_word(void **state)
{
    (void)state;
    struct rig *r = make("STM32H743ZI", NULL);
    unlock(r, 0);
    assert_int_equal(wr(r, CR(0), CR_PG | CR_X64), 0);
    for (unsigned i = 0; i < 7; i++) {
        fwrite32(r, FLASH + 0x100 + 4 * i, 0x11111111u * i);
        assert_true(rd(r, SR(0)) & SR_WBNE);          /* buffered, not programmed */
        assert_int_equal(fread32(r, FLASH + 0x100), 0xFFFFFFFFu);
    }
    fwrite32(r, FLASH + 0x11C, 0x77777777u);            /* the 8th word: 256 bits */
    uint32_t sr = rd(r, SR(0));
    assert_true(sr & SR_BSY);
    assert_true(sr & SR_QW);
    assert_false(sr & SR_WBNE);
    assert_true(r->m.fops->busy(&r->m));
    /* DS12110: x64 100 us typ. */
    assert_int_equal(r->m.fops->program_ns(&r->m), 100 * SIM_NS_PER_US);
    advance(r, 99 * SIM_NS_PER_US);
    assert_true(rd(r, SR(0)) & SR_QW);
    advance(r, 1 * SIM_NS_PER_US);
    sr = rd(r, SR(0));
    assert_false(sr & (SR_BSY | SR_QW));
    assert_true(sr & SR_EOP);
    assert_int_equal(fread32(r, FLASH + 0x104), 0x11111111u);
    assert_int_equal(fread32(r, FLASH + 0x11C), 0x77777777u);
    assert_int_equal(ops_started, 1);
    assert_int_equal(ops_ended, 1);
    /* CCR clears EOP. */
    wr(r, CCR(0), SR_EOP);
    assert_false(rd(r, SR(0)) & SR_EOP);
    drop(r);
}

static void force_write_and_inconsistency(void **state)
{
    (void)state;
    struct rig *r = make("STM32H743ZI", NULL);
    unlock(r, 0);
    wr(r, CR(0), CR_PG | CR_X64);
    fwrite32(r, FLASH + 0x40, 0x01020304u);
    wr(r, CR(0), CR_PG | CR_X64 | CR_FW);                /* force the partial word */
    advance(r, SIM_NS_PER_MS);
    assert_int_equal(fread32(r, FLASH + 0x40), 0x01020304u);
    assert_int_equal(fread32(r, FLASH + 0x44), 0xFFFFFFFFu);
    assert_false(rd(r, CR(0)) & CR_FW);                   /* a strobe */
    /* A write to another flash word while one is open: INCERR. */
    fwrite32(r, FLASH + 0x80, 0);
    fwrite32(r, FLASH + 0xA0, 0);
    assert_true(rd(r, SR(0)) & SR_INCERR);
    /* The same byte twice: STRBERR. */
    fwrite32(r, FLASH + 0xC0, 0);
    fwrite32(r, FLASH + 0xC0, 0);
    assert_true(rd(r, SR(0)) & SR_STRBERR);
    drop(r);
}

static void program_needs_pg_and_unlock(void **state)
{
    (void)state;
    struct rig *r = make("STM32H743ZI", NULL);
    fwrite32(r, FLASH, 0);                                /* locked */
    assert_true(rd(r, SR(0)) & SR_PGSERR);
    unlock(r, 0);
    wr(r, CCR(0), SR_PGSERR);
    fwrite32(r, FLASH, 0);                                /* PG clear */
    assert_true(rd(r, SR(0)) & SR_PGSERR);
    assert_int_equal(fread32(r, FLASH), 0xFFFFFFFFu);
    /* Bank 2's address range answers to CR2, not CR1. */
    wr(r, CR(0), CR_PG | CR_X64);
    fwrite32(r, FLASH + 0x100000, 0);
    assert_true(rd(r, SR(1)) & SR_PGSERR);
    drop(r);
}

static void sector_and_bank_erase(void **state)
{
    (void)state;
    struct rig *r = make("STM32H743ZI", NULL);
    memset(r->flash, 0, r->m.flash_size);
    unlock(r, 1);
    /* Sector 3 of bank 2 (0x08160000): 1 s at x64 (DS12110). */
    wr(r, CR(1), CR_SER | CR_X64 | CR_SNB(3));
    wr(r, CR(1), CR_SER | CR_X64 | CR_SNB(3) | CR_START);
    assert_true(rd(r, SR(1)) & SR_QW);
    advance(r, 999 * SIM_NS_PER_MS);
    assert_int_equal(r->flash[0x160000], 0);
    advance(r, SIM_NS_PER_MS);
    assert_false(rd(r, SR(1)) & SR_QW);
    assert_int_equal(r->flash[0x160000], 0xFF);
    assert_int_equal(r->flash[0x17FFFF], 0xFF);
    assert_int_equal(r->flash[0x15FFFF], 0);
    assert_int_equal(r->flash[0x180000], 0);
    /* x8 takes 2 s. */
    wr(r, CR(1), CR_SER | CR_SNB(4) | CR_START);
    advance(r, 1999 * SIM_NS_PER_MS);
    assert_true(rd(r, SR(1)) & SR_BSY);
    advance(r, SIM_NS_PER_MS);
    assert_false(rd(r, SR(1)) & SR_BSY);
    /* Bank erase of bank 2 leaves bank 1 alone. */
    wr(r, CR(1), CR_BER | CR_X64 | CR_START);
    advance(r, 5 * SIM_NS_PER_S);
    assert_int_equal(r->flash[0x100000], 0xFF);
    assert_int_equal(r->flash[0x1FFFFF], 0xFF);
    assert_int_equal(r->flash[0xFFFFF], 0);
    drop(r);
}

static void write_protection(void **state)
{
    (void)state;
    struct sim_board_config cfg = { .supply = SIM_SUPPLY_DEFAULT,
                                    .wrp_sectors = { 1, 9 }, .n_wrp_sectors = 2 };
    struct rig *r = make("STM32H743ZI", &cfg);
    assert_int_equal(rd(r, WPSN_CUR(0)), 0xFDu);
    assert_int_equal(rd(r, WPSN_CUR(1)), 0xFDu);
    unlock(r, 0);
    wr(r, CR(0), CR_SER | CR_X64 | CR_SNB(1) | CR_START);
    assert_true(rd(r, SR(0)) & SR_WRPERR);
    assert_false(rd(r, SR(0)) & SR_QW);
    wr(r, CR(0), CR_BER | CR_X64 | CR_START);             /* bank erase: any WRP refuses */
    assert_false(rd(r, SR(0)) & SR_QW);
    wr(r, CR(0), CR_PG | CR_X64);
    fwrite32(r, FLASH + 0x20000, 0);
    assert_true(rd(r, SR(0)) & SR_WRPERR);
    fwrite32(r, FLASH + 0x40000, 0);                      /* sector 2 is free */
    assert_true(rd(r, SR(0)) & SR_WBNE);
    drop(r);
}

/* ---- Option bytes ---- */

static void options_need_the_option_keys(void **state)
{
    (void)state;
    struct rig *r = make("STM32H743ZI", NULL);
    wr(r, OPTSR_PRG, 0x0006BBF0u);                        /* ignored: OPTLOCK */
    assert_int_equal((rd(r, OPTSR_PRG) >> 8) & 0xFF, 0xAA);
    assert_int_equal(wr(r, OPTKEYR, 0x45670123u), -1);    /* the main key is wrong here */
    assert_int_equal(rd(r, OPTCR) & 1u, 1u);
    drop(r);
}

static void rdp_raise_then_regress_erases(void **state)
{
    (void)state;
    struct rig *r = make("STM32H743ZI", NULL);
    memset(r->flash, 0x5A, r->m.flash_size);
    unlock_options(r);
    wr(r, OPTSR_PRG, (rd(r, OPTSR_PRG) & ~0xFF00u) | 0xBB00u);
    wr(r, OPTCR, 1u << 1);                                /* OPTSTART */
    assert_true(rd(r, OPTSR_CUR) & 1u);                   /* OPT_BUSY */
    advance(r, 300 * SIM_NS_PER_MS);
    assert_false(rd(r, OPTSR_CUR) & 1u);
    assert_int_equal(r->m.fops->rdp_level(&r->m), 1);
    assert_int_equal(r->flash[0], 0x5A);                  /* raising never erases */
    /* The debugger is now locked out of flash. */
    fake_debug_connected = true;
    uint32_t v;
    assert_int_equal(r->m.fops->flash_read(&r->m, SIM_BUS_DEBUG, 0, 4, &v), -1);
    assert_int_equal(r->m.fops->flash_read(&r->m, SIM_BUS_CPU, 0, 4, &v), 0);
    /* Back to 0xAA: both banks are erased, then the options change. */
    wr(r, OPTSR_PRG, (rd(r, OPTSR_PRG) & ~0xFF00u) | 0xAA00u);
    wr(r, OPTCR, 1u << 1);
    advance(r, 300 * SIM_NS_PER_MS);
    assert_true(rd(r, OPTSR_CUR) & 1u);                   /* + two bank erases */
    advance(r, 10 * SIM_NS_PER_S);
    assert_false(rd(r, OPTSR_CUR) & 1u);
    assert_int_equal(r->m.fops->rdp_level(&r->m), 0);
    assert_int_equal(r->flash[0], 0xFF);
    assert_int_equal(r->flash[r->m.flash_size - 1], 0xFF);
    /* Kept across a power cycle (the nvm holds them). */
    r->m.fops->reset(&r->m, true);
    assert_int_equal((rd(r, OPTSR_CUR) >> 8) & 0xFF, 0xAA);
    drop(r);
}

static void rdp2_is_final(void **state)
{
    (void)state;
    struct sim_board_config cfg = { .supply = SIM_SUPPLY_DEFAULT, .rdp = 2 };
    struct rig *r = make("STM32H743ZI", &cfg);
    assert_int_equal(r->m.fops->rdp_level(&r->m), 2);
    unlock_options(r);
    wr(r, OPTSR_PRG, (rd(r, OPTSR_PRG) & ~0xFF00u) | 0xAA00u);
    wr(r, OPTCR, 1u << 1);
    advance(r, 20 * SIM_NS_PER_S);
    assert_true(rd(r, OPTSR_CUR) & (1u << 30));           /* OPTCHANGEERR */
    assert_int_equal(r->m.fops->rdp_level(&r->m), 2);
    wr(r, OPTCCR, 1u << 30);
    assert_false(rd(r, OPTSR_CUR) & (1u << 30));
    drop(r);
}

static void wpsn_and_boot_address(void **state)
{
    (void)state;
    struct rig *r = make("STM32H743ZI", NULL);
    assert_int_equal(r->m.fops->boot_address(&r->m), 0x08000000u);
    r->m.boot0 = 1;
    assert_int_equal(r->m.fops->boot_address(&r->m), 0x1FF00000u);
    unlock_options(r);
    wr(r, WPSN_PRG(1), 0xFEu);
    wr(r, OPTCR, 1u << 1);
    advance(r, SIM_NS_PER_S);
    assert_int_equal(rd(r, WPSN_CUR(1)), 0xFEu);
    assert_int_equal(rd(r, WPSN_CUR(1) - 0x100), 0xFFu);
    unlock(r, 1);
    wr(r, CR(1), CR_SER | CR_X64 | CR_SNB(0) | CR_START);
    assert_true(rd(r, SR(1)) & SR_WRPERR);
    drop(r);
}

static void dual_core_rows(void **state)
{
    (void)state;
    struct rig *r = make("STM32H747II", NULL);
    const struct sim_chip_part *p = r->m.part;
    assert_int_equal(p->dev_id, 0x450);
    assert_int_equal(p->n_aps, 4);
    assert_int_equal(p->ap_core[0], 0);
    assert_int_equal(p->ap_core[1], SIM_AP_SYSTEM);
    assert_int_equal(p->ap_core[2], SIM_AP_APB_DEBUG);
    assert_int_equal(p->ap_core[3], 1);
    assert_int_equal(p->core2_kind, SIM_CORE_M4);
    assert_int_equal(p->core2_cpuid >> 4 & 0xFFF, 0xC24);
    /* BCM7 = 1, BCM4 = 0 as shipped; BOOT4 points the M4 at bank 2. */
    assert_true(rd(r, OPTSR_CUR) & (1u << 23));
    assert_false(rd(r, OPTSR_CUR) & (1u << 22));
    assert_int_equal(rd(r, BOOT4_CUR), 0x10000810u);
    /* As shipped the M7 boots and the M4 waits (RM0399 BCM7/BCM4). */
    assert_false(r->m.core_held[0]);
    assert_int_equal(r->m.fops->boot_address2(&r->m), MCU_BOOT_HELD);
    /* BCM4 = 1: the M4 boots from BOOT_CM4_ADD0; BCM7 = 0: the M7 is held. */
    unlock_options(r);
    wr(r, OPTSR_PRG, (rd(r, OPTSR_PRG) | (1u << 22)) & ~(1u << 23));
    wr(r, OPTCR, 1u << 1);
    advance(r, SIM_NS_PER_S);
    r->m.fops->reset(&r->m, false);
    assert_true(r->m.core_held[0]);
    assert_int_equal(r->m.fops->boot_address2(&r->m), 0x08100000u);
    drop(r);
}

static void h7a3_words_and_sectors(void **state)
{
    (void)state;
    struct rig *r = make("STM32H7A3ZI", NULL);
    assert_int_equal(rd(r, WPSN_CUR(0)), 0xFFFFFFFFu);    /* 32 groups of 4 sectors */
    unlock(r, 0);
    wr(r, CR(0), CR_PG);
    for (unsigned i = 0; i < 4; i++)
        fwrite32(r, FLASH + 0x2000 + 4 * i, 0);           /* 128 bits: programmed */
    assert_true(rd(r, SR(0)) & SR_QW);
    assert_false(rd(r, SR(0)) & SR_WBNE);
    advance(r, SIM_NS_PER_MS);
    assert_int_equal(fread32(r, FLASH + 0x200C), 0);
    /* Sector 1 (8 KiB at 0x08002000): SNB at bit 6, START at bit 5. */
    wr(r, CR(0), CR_SER | CD_SNB(1) | CD_START);
    assert_true(rd(r, SR(0)) & SR_QW);
    advance(r, 10 * SIM_NS_PER_MS);
    assert_int_equal(fread32(r, FLASH + 0x200C), 0xFFFFFFFFu);
    drop(r);
}

/* ---- PWR_CR3 supply configuration (§6.2) ---- */

static void ldo_part_on_ldo_board(void **state)
{
    (void)state;
    struct sim_board_config cfg = { .supply = SIM_SUPPLY_LDO };
    struct rig *r = make("STM32H743ZI", &cfg);
    assert_int_equal(pwr_rd(r, PWR_CR3), 0x00000006u);   /* LDOEN | SCUEN */
    pwr_wr(r, PWR_CR3, CR3_LDOEN);                        /* HAL: PWR_LDO_SUPPLY */
    assert_int_equal(pwr_rd(r, PWR_CR3) & 7u, CR3_LDOEN);
    assert_true(pwr_rd(r, PWR_CSR1) & ACTVOSRDY);
    /* Written once: BYPASS now is ignored (and cannot hurt). */
    pwr_wr(r, PWR_CR3, CR3_BYPASS);
    assert_int_equal(pwr_rd(r, PWR_CR3) & 7u, CR3_LDOEN);
    assert_true(r->m.fops->debug_alive(&r->m));
    assert_false(r->m.hard_locked);
    drop(r);
}

static void bypass_on_ldo_board_kills_the_chip(void **state)
{
    (void)state;
    struct sim_board_config cfg = { .supply = SIM_SUPPLY_LDO };
    struct rig *r = make("STM32H743ZI", &cfg);
    pwr_wr(r, PWR_CR3, CR3_BYPASS);
    assert_true(r->m.hard_locked);
    assert_false(r->m.fops->debug_alive(&r->m));
    assert_false(pwr_rd(r, PWR_CSR1) & ACTVOSRDY);
    drop(r);
}

static void smps_firmware_on_ldo_wired_h747_locks_until_power_cycle(void **state)
{
    (void)state;
    /* The seed: an H747II wired for the LDO, firmware configured for the
     * direct SMPS (CubeMX's default on H747). */
    struct sim_board_config cfg = { .supply = SIM_SUPPLY_LDO };
    struct rig *r = make("STM32H747II", &cfg);
    assert_int_equal(pwr_rd(r, PWR_CR3), 0x00000006u);   /* LDOEN | SMPSEN */
    assert_true(r->m.fops->debug_alive(&r->m));
    pwr_wr(r, PWR_CR3, CR3_SMPSEN);                        /* PWR_DIRECT_SMPS_SUPPLY */
    assert_true(r->m.hard_locked);
    assert_false(r->m.fops->debug_alive(&r->m));
    /* NRST / system reset does not help ... */
    r->m.fops->reset(&r->m, false);
    assert_true(r->m.hard_locked);
    assert_false(r->m.fops->debug_alive(&r->m));
    /* ... a power cycle does (and CR3 is back to its default). */
    r->m.fops->reset(&r->m, true);
    assert_false(r->m.hard_locked);
    assert_true(r->m.fops->debug_alive(&r->m));
    assert_int_equal(pwr_rd(r, PWR_CR3), 0x00000006u);
    drop(r);
}

static void smps_part_matching_and_illegal_writes(void **state)
{
    (void)state;
    struct sim_board_config cfg = { .supply = SIM_SUPPLY_SMPS };
    struct rig *r = make("STM32H747XI", &cfg);
    /* BYPASS together with LDOEN is not a configuration: ignored. */
    pwr_wr(r, PWR_CR3, CR3_BYPASS | CR3_LDOEN);
    assert_int_equal(pwr_rd(r, PWR_CR3) & 0x3Fu, 0x06u);
    assert_false(r->m.hard_locked);
    /* Writing the default again does not use up the one write. */
    pwr_wr(r, PWR_CR3, CR3_SMPSEN | CR3_LDOEN);
    pwr_wr(r, PWR_CR3, CR3_SMPSEN);                        /* direct SMPS: matches */
    assert_false(r->m.hard_locked);
    assert_true(pwr_rd(r, PWR_CSR1) & ACTVOSRDY);
    pwr_wr(r, PWR_CR3, CR3_LDOEN);                         /* locked: ignored */
    assert_int_equal(pwr_rd(r, PWR_CR3) & 0x3Fu, CR3_SMPSEN);
    assert_false(r->m.hard_locked);
    /* SMPS feeding the LDO on an SMPS-only board: mismatch. */
    r->m.fops->reset(&r->m, true);
    pwr_wr(r, PWR_CR3, (1u << 4) | CR3_SMPSEN | CR3_LDOEN);
    assert_true(r->m.hard_locked);
    drop(r);
}

static void wiring_kept_with_the_state(void **state)
{
    (void)state;
    struct sim_board_config cfg = { .supply = SIM_SUPPLY_LDO };
    struct rig *r = make("STM32H747II", &cfg);
    /* A later run on the same state (no init_fresh) still knows the wiring. */
    r->m.fops->destroy(r->m.fc);
    r->m.fc = r->m.fops->create(&r->m);
    r->m.fops->add_peripherals(&r->m);
    r->m.fops->reset(&r->m, true);
    pwr_wr(r, PWR_CR3, CR3_SMPSEN);
    assert_true(r->m.hard_locked);
    /* Unmodelled wiring: anything goes. */
    assert_true(h7_pwr_supply_matches(true, CR3_SMPSEN, SIM_SUPPLY_DEFAULT));
    assert_true(h7_pwr_supply_matches(false, CR3_BYPASS, SIM_SUPPLY_BYPASS));
    assert_false(h7_pwr_supply_matches(false, CR3_LDOEN, SIM_SUPPLY_SMPS));
    drop(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reset_values),
        cmocka_unit_test(wrong_key_blocks_until_reset),
        cmocka_unit_test(program_one_flash_word),
        cmocka_unit_test(force_write_and_inconsistency),
        cmocka_unit_test(program_needs_pg_and_unlock),
        cmocka_unit_test(sector_and_bank_erase),
        cmocka_unit_test(write_protection),
        cmocka_unit_test(options_need_the_option_keys),
        cmocka_unit_test(rdp_raise_then_regress_erases),
        cmocka_unit_test(rdp2_is_final),
        cmocka_unit_test(wpsn_and_boot_address),
        cmocka_unit_test(dual_core_rows),
        cmocka_unit_test(h7a3_words_and_sectors),
        cmocka_unit_test(ldo_part_on_ldo_board),
        cmocka_unit_test(bypass_on_ldo_board_kills_the_chip),
        cmocka_unit_test(smps_firmware_on_ldo_wired_h747_locks_until_power_cycle),
        cmocka_unit_test(smps_part_matching_and_illegal_writes),
        cmocka_unit_test(wiring_kept_with_the_state),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
