/* STM32F0/F1/F3 flash controller ("FPEC"): keys, half-word programming,
 * page and mass erase with the datasheet's timing, BSY/EOP, PGERR and
 * WRPRTERR, and the second register block of the F1 XL parts (bank 2 at
 * 0x08080000, registers at +0x40).  RM0008 §3.3-3.4, PM0075 §2.3-2.4,
 * RM0091 §3.2, RM0316 §4.2; stm32-families.md §2.1.  Option bytes and
 * RDP are in fc_f1_options.c. */
#include <stdlib.h>
#include <string.h>

#include "chips/fc_f1.h"

#define HALFWORD_ERASED 0xFFFFu

/* CR bits software writes (RM0008 §3.4.5); OPTWRE only by the key
 * sequence, STRT and OBL_LAUNCH act and are not stored. */
#define CR_STORED (FC_F1_CR_PG | FC_F1_CR_PER | FC_F1_CR_MER | FC_F1_CR_OPTPG | \
                   FC_F1_CR_OPTER | FC_F1_CR_ERRIE | FC_F1_CR_EOPIE)

#define ACR_RESET 0x30u          /* PRFTBE | PRFTBS (RM0008 §3.4.1) */

static unsigned bank_count(const struct mcu *m)
{
    return fc_f1_part_of(m)->bank1_size ? 2u : 1u;
}

/* Which bank holds flash offset `off`, and that bank's [lo, hi). */
static unsigned bank_of(const struct mcu *m, uint32_t off)
{
    uint32_t b1 = fc_f1_part_of(m)->bank1_size;
    return b1 && off >= b1 ? 1u : 0u;
}

static void bank_range(const struct mcu *m, unsigned bank, uint32_t *lo, uint32_t *hi)
{
    uint32_t b1 = fc_f1_part_of(m)->bank1_size;
    if (!b1) {
        *lo = 0;
        *hi = m->flash_size;
    } else if (bank == 0) {
        *lo = 0;
        *hi = b1 < m->flash_size ? b1 : m->flash_size;
    } else {
        *lo = b1;
        *hi = m->flash_size;
    }
}

/* ---- Busy state ---- */

bool fc_f1_any_busy(const struct mcu *m)
{
    const struct fc_f1 *f = fc_f1_cof(m);
    return f->bank[0].op != FC_F1_OP_NONE || f->bank[1].op != FC_F1_OP_NONE;
}

void fc_f1_start_busy(struct mcu *m, unsigned bank, enum fc_f1_op op, sim_ns t)
{
    struct fc_f1_bank *b = &fc_f1_of(m)->bank[bank];
    sim_ns now = mcu_now(m);
    /* A program queues behind the one running (the bus stalls the CPU's
     * next store until BSY clears). */
    bool queued = b->op == op && b->busy_until > now &&
                  (op == FC_F1_OP_PROGRAM || op == FC_F1_OP_OPT_PROGRAM);
    sim_ns start = queued ? b->busy_until : now;
    b->op = op;
    b->busy_until = start + t;
    sim_stats.flash_busy_ns += t;
    mcu_flash_op_started(m);
}

void fc_f1_set_error(struct mcu *m, unsigned bank, uint32_t bit)
{
    fc_f1_of(m)->bank[bank].sr |= bit;
}

static bool fc_busy(const struct mcu *m)
{
    return fc_f1_any_busy(m);
}

static void erase_range(struct mcu *m, uint32_t lo, uint32_t hi)
{
    memset(m->flash + lo, m->fops->erased, hi - lo);
    mcu_flash_changed(m, lo, hi - lo);
    sim_stats.flash_erases++;
}

static void fc_update(struct mcu *m, sim_ns now)
{
    struct fc_f1 *f = fc_f1_of(m);
    bool finished = false;
    for (unsigned i = 0; i < 2; i++) {
        struct fc_f1_bank *b = &f->bank[i];
        if (b->op == FC_F1_OP_NONE || b->busy_until > now)
            continue;
        if (b->op == FC_F1_OP_PAGE_ERASE)
            erase_range(m, b->target, b->target + fc_f1_part_of(m)->page_size);
        else if (b->op == FC_F1_OP_MASS_ERASE) {
            uint32_t lo, hi;
            bank_range(m, i, &lo, &hi);
            erase_range(m, lo, hi);
        }
        /* Programs and option-byte work changed their bytes at the start;
         * reads stalled meanwhile. */
        b->op = FC_F1_OP_NONE;
        b->sr |= FC_F1_SR_EOP;   /* RM0008 §3.4.4: set at every end of operation */
        finished = true;
    }
    if (finished && !fc_f1_any_busy(m))
        mcu_flash_op_ended(m);
}

static sim_ns fc_program_ns(const struct mcu *m)
{
    return fc_f1_part_of(m)->t_prog;
}

/* A store to flash (or to the option bytes) would start a program. */
static bool fc_program_armed(const struct mcu *m)
{
    for (unsigned i = 0; i < bank_count(m); i++) {
        const struct fc_f1_bank *b = &fc_f1_cof(m)->bank[i];
        if (b->key == FC_F1_KEY_OPEN && (b->cr & (FC_F1_CR_PG | FC_F1_CR_OPTPG)))
            return true;
    }
    return false;
}

/* The earliest end of a running operation. */
static sim_ns fc_busy_until(const struct mcu *m)
{
    sim_ns t = 0;
    for (unsigned i = 0; i < 2; i++) {
        const struct fc_f1_bank *b = &fc_f1_cof(m)->bank[i];
        if (b->op != FC_F1_OP_NONE && (!t || b->busy_until < t))
            t = b->busy_until;
    }
    return t;
}

/* ---- Life cycle ---- */

static size_t fc_nvm_size(const struct sim_chip_part *part)
{
    return fc_f1_nvm_size(part);
}

static void *fc_create(struct mcu *m)
{
    (void)m;
    return calloc(1, sizeof(struct fc_f1));
}

static void fc_destroy(void *fc)
{
    free(fc);
}

static void fc_init_fresh(struct mcu *m, const struct sim_board_config *cfg)
{
    fc_f1_options_init_fresh(m, cfg);
}

static void fc_reset(struct mcu *m, bool power_on)
{
    (void)power_on;              /* a system reset reloads the options too */
    struct fc_f1 *f = fc_f1_of(m);
    bool was_busy = fc_f1_any_busy(m);
    f->acr = ACR_RESET;
    for (unsigned i = 0; i < 2; i++)
        f->bank[i] = (struct fc_f1_bank){ .cr = FC_F1_CR_LOCK, .key = FC_F1_KEY_LOCKED };
    f->optkey = FC_F1_KEY_LOCKED;
    fc_f1_options_load(m);
    if (was_busy)
        mcu_flash_op_ended(m);
}

static int fc_rdp_level(const struct mcu *m)
{
    return fc_f1_rdp_level(m);
}

static bool fc_debug_alive(const struct mcu *m)
{
    return fc_f1_rdp_level(m) != 2;  /* F0/F3 level 2: debug port disabled */
}

/* RDP level 1 with the debugger connected (or booted from RAM/system
 * memory): no access to main flash (PM0075 §2.4.1; RM0091 §3.3.1). */
static bool flash_blocked(const struct mcu *m)
{
    return fc_f1_rdp_level(m) >= 1 && mcu_rdp1_blocks_debug(m);
}

/* A page the controller may not erase or program: WRP option bytes, and
 * on F1 at level 1 the first 4 KiB. */
static bool page_locked(const struct mcu *m, uint32_t page)
{
    if (fc_f1_page_protected(m, page))
        return true;
    return fc_f1_cof(m)->rdp1_low_pages_locked &&
           page * fc_f1_part_of(m)->page_size < 4096u;
}

/* ---- Erase (RM0008 §3.3.4 / PM0075 §2.3.4) ---- */

static void start_page_erase(struct mcu *m, unsigned bank)
{
    struct fc_f1_bank *b = &fc_f1_of(m)->bank[bank];
    const struct fc_f1_part *p = fc_f1_part_of(m);
    uint32_t off = b->ar - m->lay->flash_base;
    uint32_t lo, hi;
    bank_range(m, bank, &lo, &hi);
    /* An address outside this register block's bank erases nothing. */
    if (b->ar < m->lay->flash_base || off < lo || off >= hi) {
        fc_f1_set_error(m, bank, FC_F1_SR_PGERR);
        return;
    }
    uint32_t page = off / p->page_size;
    if (page_locked(m, page) || flash_blocked(m)) {
        fc_f1_set_error(m, bank, FC_F1_SR_WRPRTERR);
        return;
    }
    b->target = page * p->page_size;
    fc_f1_start_busy(m, bank, FC_F1_OP_PAGE_ERASE, p->t_page_erase);
}

static void start_mass_erase(struct mcu *m, unsigned bank)
{
    const struct fc_f1_part *p = fc_f1_part_of(m);
    uint32_t lo, hi;
    bank_range(m, bank, &lo, &hi);
    for (uint32_t page = lo / p->page_size; page < hi / p->page_size; page++) {
        if (fc_f1_page_protected(m, page)) {
            fc_f1_set_error(m, bank, FC_F1_SR_WRPRTERR);
            return;
        }
    }
    if (flash_blocked(m)) {
        fc_f1_set_error(m, bank, FC_F1_SR_WRPRTERR);
        return;
    }
    fc_f1_start_busy(m, bank, FC_F1_OP_MASS_ERASE, p->t_mass_erase);
}

static void start_op(struct mcu *m, unsigned bank)
{
    struct fc_f1_bank *b = &fc_f1_of(m)->bank[bank];
    if (b->op != FC_F1_OP_NONE)
        return;                  /* STRT while busy: ignored */
    if (b->cr & FC_F1_CR_PER)
        start_page_erase(m, bank);
    else if (b->cr & FC_F1_CR_MER)
        start_mass_erase(m, bank);
    else if (bank == 0 && (b->cr & FC_F1_CR_OPTER) && (b->cr & FC_F1_CR_OPTWRE))
        fc_f1_option_erase(m);
}

/* ---- Program (PM0075 §2.3.3) ---- */

static int fc_flash_read(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                         unsigned size, uint32_t *val)
{
    (void)who;
    fc_update(m, mcu_now(m));
    if (flash_blocked(m))
        return -1;               /* AHB error: read protection */
    if (off >= m->flash_size || size > m->flash_size - off)
        return -1;
    *val = 0;
    memcpy(val, m->flash + off, size);
    return 0;
}

static int fc_flash_write(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                          unsigned size, uint32_t val)
{
    (void)who;
    fc_update(m, mcu_now(m));
    if (off >= m->flash_size || size > m->flash_size - off)
        return -1;
    if (flash_blocked(m))
        return -1;
    unsigned bi = bank_of(m, off);
    struct fc_f1_bank *b = &fc_f1_of(m)->bank[bi];
    if (b->key != FC_F1_KEY_OPEN || !(b->cr & FC_F1_CR_PG))
        return 0;                /* not programming: the write does nothing */
    /* PM0075 §2.3.3: "Any attempt to write data that are not half-word
     * long will result in a bus error response from the FPEC." */
    if (size != 2 || (off & 1u))
        return -1;
    if (b->op != FC_F1_OP_NONE && b->op != FC_F1_OP_PROGRAM) {
        fc_f1_set_error(m, bi, FC_F1_SR_PGERR);
        return 0;
    }
    const struct fc_f1_part *p = fc_f1_part_of(m);
    if (page_locked(m, off / p->page_size)) {
        fc_f1_set_error(m, bi, FC_F1_SR_WRPRTERR);
        return 0;
    }
    uint16_t cur = (uint16_t)(m->flash[off] | (m->flash[off + 1] << 8));
    uint16_t v = (uint16_t)val;
    /* PM0075 §2.3.3: a half-word that is not erased is not programmed and
     * PGERR is set, except when 0x0000 is written. */
    if (cur != HALFWORD_ERASED && v != 0) {
        fc_f1_set_error(m, bi, FC_F1_SR_PGERR);
        return 0;
    }
    if (cur != v) {
        m->flash[off] = (uint8_t)v;
        m->flash[off + 1] = (uint8_t)(v >> 8);
        mcu_flash_changed(m, off, 2);
    }
    sim_stats.flash_bytes_programmed += 2;
    fc_f1_start_busy(m, bi, FC_F1_OP_PROGRAM, p->t_prog);
    return 0;
}

/* ---- Registers (RM0008 §3.4) ---- */

static int keyr_write(struct fc_f1_bank *b, uint32_t val)
{
    /* RM0008 §3.3.1: a wrong sequence locks the FPEC and FLASH_CR until
     * the next reset, and the access gets a bus error. */
    switch (b->key) {
    case FC_F1_KEY_LOCKED:
        if (val == FC_F1_KEY1) {
            b->key = FC_F1_KEY_GOT1;
            return 0;
        }
        break;
    case FC_F1_KEY_GOT1:
        if (val == FC_F1_KEY2) {
            b->key = FC_F1_KEY_OPEN;
            b->cr &= ~FC_F1_CR_LOCK;
            return 0;
        }
        break;
    case FC_F1_KEY_OPEN:
        /* The keys again while unlocked change nothing: OpenOCD's
         * stm32f1x.c writes them before programming the option bytes
         * right after its option erase left the FPEC unlocked, and that
         * works on silicon. */
        if (val == FC_F1_KEY1 || val == FC_F1_KEY2)
            return 0;
        break;
    case FC_F1_KEY_BLOCKED:
        break;
    }
    b->key = FC_F1_KEY_BLOCKED;
    b->cr |= FC_F1_CR_LOCK;
    return -1;
}

/* OPTKEYR takes the same keys (stm32-families.md §2 table) and sets
 * CR.OPTWRE; it needs the FPEC unlocked first. */
static void optkeyr_write(struct mcu *m, uint32_t val)
{
    struct fc_f1 *f = fc_f1_of(m);
    if (f->bank[0].key != FC_F1_KEY_OPEN) {
        f->optkey = FC_F1_KEY_LOCKED;
        return;
    }
    if (f->optkey == FC_F1_KEY_GOT1 && val == FC_F1_KEY2) {
        f->optkey = FC_F1_KEY_LOCKED;
        f->bank[0].cr |= FC_F1_CR_OPTWRE;
        return;
    }
    f->optkey = val == FC_F1_KEY1 ? FC_F1_KEY_GOT1 : FC_F1_KEY_LOCKED;
}

static void cr_write(struct mcu *m, unsigned bank, uint32_t val)
{
    struct fc_f1_bank *b = &fc_f1_of(m)->bank[bank];
    if (b->key != FC_F1_KEY_OPEN)
        return;                  /* locked: writes ignored */
    b->cr = (b->cr & ~CR_STORED) | (val & CR_STORED);
    if (!(val & FC_F1_CR_OPTWRE))
        b->cr &= ~FC_F1_CR_OPTWRE;   /* software may only clear it */
    if (val & FC_F1_CR_LOCK) {
        b->cr |= FC_F1_CR_LOCK;
        b->key = FC_F1_KEY_LOCKED;
        return;
    }
    if (val & FC_F1_CR_STRT)
        start_op(m, bank);
    /* RM0091 §4.4.5 / RM0316: OBL_LAUNCH reloads the option bytes and
     * resets the chip (not on F1, which has no such bit). */
    if (bank == 0 && (val & FC_F1_CR_OBL_LAUNCH) &&
        fc_f1_part_of(m)->line != FC_F1_LINE_F1)
        mcu_system_reset(m);
}

static uint32_t bank_reg_read(const struct mcu *m, unsigned bank, uint32_t reg)
{
    const struct fc_f1_bank *b = &fc_f1_cof(m)->bank[bank];
    switch (reg) {
    case FC_F1_SR:
        return b->sr | (b->op != FC_F1_OP_NONE ? FC_F1_SR_BSY : 0u);
    case FC_F1_CR:
        return b->cr;
    case FC_F1_AR:
        return b->ar;
    default:
        return 0;                /* KEYR, OPTKEYR: write-only */
    }
}

static int fc_reg_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                       unsigned size, uint32_t *val)
{
    (void)who;
    struct mcu *m = ctx;
    fc_update(m, mcu_now(m));
    uint32_t reg = off & ~3u, v = 0;
    if (reg == FC_F1_ACR)
        v = fc_f1_cof(m)->acr;
    else if (reg == FC_F1_OBR)
        v = fc_f1_obr(m);
    else if (reg == FC_F1_WRPR)
        v = fc_f1_cof(m)->ob.wrpr;
    else if (reg < FC_F1_BANK2)
        v = bank_reg_read(m, 0, reg);
    else if (reg < 2 * FC_F1_BANK2 && bank_count(m) == 2)
        v = bank_reg_read(m, 1, reg - FC_F1_BANK2);
    *val = sim_reg_extract(v, off, size);
    return 0;
}

static int bank_reg_write(struct mcu *m, unsigned bank, uint32_t reg, uint32_t off,
                          unsigned size, uint32_t val)
{
    struct fc_f1_bank *b = &fc_f1_of(m)->bank[bank];
    switch (reg) {
    case FC_F1_KEYR:
        return keyr_write(b, val);
    case FC_F1_OPTKEYR:
        if (bank == 0)
            optkeyr_write(m, val);
        return 0;
    case FC_F1_SR:
        b->sr &= ~(sim_reg_merge(0, off, size, val) & FC_F1_SR_W1C);
        return 0;
    case FC_F1_CR:
        cr_write(m, bank, sim_reg_merge(b->cr, off, size, val));
        return 0;
    case FC_F1_AR:
        if (b->key == FC_F1_KEY_OPEN && b->op == FC_F1_OP_NONE)
            b->ar = sim_reg_merge(b->ar, off, size, val);
        return 0;
    default:
        return 0;
    }
}

static int fc_reg_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                        unsigned size, uint32_t val)
{
    (void)who;
    struct mcu *m = ctx;
    fc_update(m, mcu_now(m));
    uint32_t reg = off & ~3u;
    if (reg == FC_F1_ACR) {
        struct fc_f1 *f = fc_f1_of(m);
        f->acr = sim_reg_merge(f->acr, off, size, val);
        return 0;
    }
    if (reg < FC_F1_BANK2)
        return bank_reg_write(m, 0, reg, off, size, val);
    if (reg < 2 * FC_F1_BANK2 && bank_count(m) == 2)
        return bank_reg_write(m, 1, reg - FC_F1_BANK2, off, size, val);
    return 0;
}

static int fc_opt_read(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                       unsigned size, uint32_t *val)
{
    return fc_f1_opt_read(m, who, off, size, val);
}

static int fc_opt_write(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                        unsigned size, uint32_t val)
{
    fc_update(m, mcu_now(m));
    return fc_f1_opt_write(m, who, off, size, val);
}

static uint32_t fc_boot_address(const struct mcu *m)
{
    return fc_f1_boot_address(m);
}

const struct mcu_flash_ops fc_f1_ops = {
    .name = "STM32F0/F1/F3 FPEC (RM0008 §3, PM0075, RM0091, RM0316)",
    .erased = 0xFF,
    .nvm_size = fc_nvm_size,
    .create = fc_create,
    .destroy = fc_destroy,
    .init_fresh = fc_init_fresh,
    .reset = fc_reset,
    .rdp_level = fc_rdp_level,
    .busy = fc_busy,
    .update = fc_update,
    .program_ns = fc_program_ns,
    .reg_read = fc_reg_read,
    .reg_write = fc_reg_write,
    .flash_read = fc_flash_read,
    .flash_write = fc_flash_write,
    .opt_read = fc_opt_read,
    .opt_write = fc_opt_write,
    .boot_address = fc_boot_address,
    .debug_alive = fc_debug_alive,
    .program_armed = fc_program_armed,
    .busy_until = fc_busy_until,
};
