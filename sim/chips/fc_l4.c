/* The L4-class flash controller (fc_l4.h): unlock keys, double-word
 * programming with the ECC rules, page and bank erase with the datasheet
 * timing, status flags, and the mcu_flash_ops table the shell calls.
 * Option bytes, RDP, WRP and boot selection: fc_l4_options.c. */
#include <stdlib.h>
#include <string.h>

#include "chips/fc_l4.h"

/* FLASH_KEYR keys (stm32-families.md §2: same as every family but L0/L1) */
#define KEY1             0x45670123u
#define KEY2             0xCDEF89ABu
#define OPTKEY1          0x08192A3Bu
#define OPTKEY2          0x4C5D6E7Fu

/* FLASH_SR (stm32-families.md §2.4; openocd stm32l4x.h) */
#define SR_EOP           (1u << 0)
#define SR_OPERR         (1u << 1)
#define SR_PROGERR       (1u << 3)
#define SR_WRPERR        (1u << 4)
#define SR_PGAERR        (1u << 5)
#define SR_SIZERR        (1u << 6)
#define SR_PGSERR        (1u << 7)
#define SR_MISERR        (1u << 8)
#define SR_FASTERR       (1u << 9)
#define SR_RDERR         (1u << 14)
#define SR_OPTVERR       (1u << 15)
#define SR_BSY           (1u << 16)
#define SR_PEMPTY        (1u << 17)      /* L4+ */
#define SR_CFGBSY        (1u << 18)      /* G0/C0/WB/WL */
#define SR_W1C           (SR_EOP | SR_OPERR | SR_PROGERR | SR_WRPERR | SR_PGAERR | \
                          SR_SIZERR | SR_PGSERR | SR_MISERR | SR_FASTERR | \
                          SR_RDERR | SR_OPTVERR)

/* FLASH_CR, reset value 0xC0000000 (LOCK | OPTLOCK) */
#define CR_PG            (1u << 0)
#define CR_PER           (1u << 1)
#define CR_MER1          (1u << 2)       /* "MER" on G0/C0/WB/WL */
#define CR_PNB_SHIFT     3u
#define CR_MER2          (1u << 15)
#define CR_STRT          (1u << 16)
#define CR_OPTSTRT       (1u << 17)
#define CR_FSTPG         (1u << 18)
#define CR_EOPIE         (1u << 24)
#define CR_ERRIE         (1u << 25)
#define CR_RDERRIE       (1u << 26)
#define CR_OBL_LAUNCH    (1u << 27)
#define CR_OPTLOCK       (1u << 30)
#define CR_LOCK          (1u << 31)
/* Bits software keeps in CR (the rest is derived: locks, STRT while busy). */
#define CR_STORED        (0x0000FFFFu | CR_FSTPG | CR_EOPIE | CR_ERRIE | CR_RDERRIE)

/* FLASH_ACR bits */
#define ACR_DBG_SWEN     (1u << 18)      /* G0/G4/C0: 0 cuts the debugger off */

/* Fast programming writes rows of 32 double words (RM0351 §3.3.7):
 * DS10198 gives 1.91 ms per row fast against 2.61 ms normal. */
#define FAST_ROW_NUM     191u
#define FAST_ROW_DEN     261u

static sim_ns now_of(const struct mcu *m)
{
    return mcu_now(m);
}

/* ---- Geometry (openocd stm32l4x.c stm32l4_probe) ---- */

void fc_l4_geometry(const struct mcu *m, struct fc_l4_geom *g)
{
    const struct fc_l4 *fc = fc_l4_of(m);
    const struct fc_l4_part *p = fc->p;
    uint32_t optr = fc->opt_loaded[FC_L4_OPTR];
    uint32_t size = m->flash_size;
    bool at_max = size == p->max_flash_kib * 1024u;
    *g = (struct fc_l4_geom){ .page_size = p->page_size };
    switch (p->banks) {
    case FC_L4_SINGLE:
        break;
    case FC_L4_DUAL_AT_MAX_OR_BIT:
        g->dual = at_max || (optr & p->dual_bit);
        break;
    case FC_L4_DUAL_BIT_HALF_PAGES:
        g->dual = (optr & p->dual_bit) != 0;
        if (g->dual)
            g->page_size /= 2u;
        break;
    case FC_L4_DUAL_BIT:
        g->dual = (optr & p->dual_bit) != 0;
        break;
    }
    g->bank_size = g->dual ? size / 2u : size;
    g->bank2_off = !g->dual ? 0 : p->bank2_fixed_off ? p->bank2_fixed_off : size / 2u;
    g->pages_per_bank = g->bank_size / g->page_size;
    /* Significant bits of a WRP page field: from the family's largest
     * part, halved in dual-bank mode (openocd wrpxxr_mask). */
    uint32_t max_pages = p->max_flash_kib * 1024u / g->page_size;
    g->wrp_mask = (max_pages >> (g->dual ? 1 : 0)) - 1u;
}

/* ---- Busy and errors ---- */

void fc_l4_start_busy(struct mcu *m, enum fc_l4_op op, sim_ns duration)
{
    struct fc_l4 *fc = fc_l4_of(m);
    fc->op = op;
    fc->busy_until = now_of(m) + duration;
    sim_stats.flash_busy_ns += duration;   /* the benchmarks' flash-bound limit */
    mcu_flash_op_started(m);
}

void fc_l4_set_error(struct mcu *m, uint32_t sr_bit)
{
    struct fc_l4 *fc = fc_l4_of(m);
    fc->sr |= sr_bit;
    if (fc->cr & CR_ERRIE)               /* OPERR only with ERRIE */
        fc->sr |= SR_OPERR;
}

static void finish(struct mcu *m)
{
    struct fc_l4 *fc = fc_l4_of(m);
    switch (fc->op) {
    case FC_L4_OP_PAGE_ERASE:
    case FC_L4_OP_MASS_ERASE:
        memset(m->flash + fc->erase_off, m->fops->erased, fc->erase_len);
        mcu_flash_changed(m, fc->erase_off, fc->erase_len);
        sim_stats.flash_erases++;
        break;
    case FC_L4_OP_OPTIONS:
        fc_l4_options_complete(m);
        break;
    case FC_L4_OP_PROGRAM:
    case FC_L4_OP_NONE:
        break;
    }
    fc->op = FC_L4_OP_NONE;
    /* EOP "is set only if EOPIE = 1" (RM0351 FLASH_SR; stm32-families.md §2.4). */
    if (fc->cr & CR_EOPIE)
        fc->sr |= SR_EOP;
    mcu_flash_op_ended(m);
}

static void fc_update(struct mcu *m, sim_ns now)
{
    struct fc_l4 *fc = fc_l4_of(m);
    if (fc->op != FC_L4_OP_NONE && fc->busy_until <= now)
        finish(m);
}

static bool fc_busy(const struct mcu *m)
{
    return fc_l4_of(m)->op != FC_L4_OP_NONE;
}

static sim_ns fc_program_ns(const struct mcu *m)
{
    return fc_l4_of(m)->p->times->program;
}

/* PG (or FSTPG) set with the controller unlocked: the next CPU store
 * starts a program (shell: run the core in tPROG slices). */
static bool fc_program_armed(const struct mcu *m)
{
    const struct fc_l4 *fc = fc_l4_of(m);
    return fc->key == FC_L4_KEY_UNLOCKED && (fc->cr & (CR_PG | CR_FSTPG));
}

static sim_ns fc_busy_until(const struct mcu *m)
{
    return fc_l4_of(m)->busy_until;
}

/* ---- Erase (RM0351 §3.3.6: PER + PNB + BKER, or MER1/MER2, then STRT) ---- */

static bool range_protected(const struct mcu *m, uint32_t off, uint32_t len, uint32_t page)
{
    for (uint32_t a = off; a < off + len; a += page)
        if (fc_l4_page_protected(m, a))
            return true;
    return false;
}

static void start_page_erase(struct mcu *m, const struct fc_l4_geom *g)
{
    struct fc_l4 *fc = fc_l4_of(m);
    uint32_t pnb = (fc->cr >> CR_PNB_SHIFT) & ((1u << fc->p->pnb_bits) - 1u);
    bool bank2 = g->dual && fc->p->bker_bit && (fc->cr & (1u << fc->p->bker_bit));
    if (pnb >= g->pages_per_bank) {
        fc_l4_set_error(m, SR_PGSERR);
        return;
    }
    uint32_t off = (bank2 ? g->bank2_off : 0) + pnb * g->page_size;
    if (off + g->page_size > m->flash_size) {
        fc_l4_set_error(m, SR_PGSERR);
        return;
    }
    if (fc_l4_page_protected(m, off)) {
        fc_l4_set_error(m, SR_WRPERR);
        return;
    }
    fc->erase_off = off;
    fc->erase_len = g->page_size;
    fc_l4_start_busy(m, FC_L4_OP_PAGE_ERASE, fc->p->times->page_erase);
}

static void start_mass_erase(struct mcu *m, const struct fc_l4_geom *g)
{
    struct fc_l4 *fc = fc_l4_of(m);
    bool b1 = fc->cr & CR_MER1, b2 = fc->cr & CR_MER2;
    uint32_t off = 0, len = m->flash_size;
    /* Single bank: either bit erases the whole array.  Dual bank: MER1
     * bank 1, MER2 bank 2, both everything. */
    if (g->dual && !(b1 && b2)) {
        off = b1 ? 0 : g->bank2_off;
        len = g->bank_size;
    }
    if (off + len > m->flash_size)
        len = m->flash_size - off;
    /* A protected page anywhere in the bank fails the whole mass erase
     * (RM0351 §3.5.2: "mass erase ... not performed if a page is
     * write-protected"). */
    if (range_protected(m, off, len, g->page_size)) {
        fc_l4_set_error(m, SR_WRPERR);
        return;
    }
    fc->erase_off = off;
    fc->erase_len = len;
    fc_l4_start_busy(m, FC_L4_OP_MASS_ERASE, fc->p->times->mass_erase);
}

static void start_erase(struct mcu *m)
{
    struct fc_l4 *fc = fc_l4_of(m);
    uint32_t cr = fc->cr;
    bool per = cr & CR_PER, mer = cr & (CR_MER1 | CR_MER2);
    if (!per && !mer)
        return;                          /* STRT alone does nothing */
    if ((per && mer) || (cr & (CR_PG | CR_FSTPG))) {
        fc_l4_set_error(m, SR_PGSERR);   /* one operation at a time */
        return;
    }
    /* RDP level 1 with the debugger connected: no flash access at all
     * (stm32-families.md §4.1); only the RDP regression erases. */
    if (fc_l4_access_blocked(m)) {
        fc_l4_set_error(m, SR_WRPERR);
        return;
    }
    struct fc_l4_geom g;
    fc_l4_geometry(m, &g);
    if (per)
        start_page_erase(m, &g);
    else
        start_mass_erase(m, &g);
}

/* ---- Program (RM0351 §3.3.7: PG, two 32-bit stores, low word first) ---- */

static void program_busy(struct mcu *m)
{
    struct fc_l4 *fc = fc_l4_of(m);
    sim_ns t = fc->p->times->program;
    if (fc->cr & CR_FSTPG)
        t = fc->p->times->program * FAST_ROW_NUM / FAST_ROW_DEN;
    /* A store while the previous double word is still being written
     * waits for it (the bus stalls the CPU). */
    sim_ns now = now_of(m);
    bool was_busy = fc->op == FC_L4_OP_PROGRAM && fc->busy_until > now;
    sim_ns start = was_busy ? fc->busy_until : now;
    fc->op = FC_L4_OP_PROGRAM;
    fc->busy_until = start + t;
    sim_stats.flash_busy_ns += t;
    sim_stats.flash_bytes_programmed += 8;
    if (!was_busy)
        mcu_flash_op_started(m);
}

/* The double word [dst, dst+8) gets `dw`.  ECC: a double word can be
 * written once after erase; only all-zeros may overwrite (stm32-families.md
 * §2.4, RM0351 "PROGERR"). */
static bool write_dword(struct mcu *m, uint8_t *dst, uint64_t dw)
{
    uint64_t cur;
    memcpy(&cur, dst, 8);
    if (cur != UINT64_MAX && dw != 0) {
        fc_l4_set_error(m, SR_PROGERR);
        return false;
    }
    memcpy(dst, &dw, 8);
    return cur != dw;
}

static int program_word(struct mcu *m, uint32_t off, unsigned size, uint32_t val, bool otp)
{
    struct fc_l4 *fc = fc_l4_of(m);
    if (size != 4) {                     /* byte/half-word store: SIZERR */
        fc->half_pending = false;
        fc_l4_set_error(m, SR_SIZERR);
        return 0;
    }
    if (fc->key != FC_L4_KEY_UNLOCKED || !(fc->cr & (CR_PG | CR_FSTPG)) ||
        (fc->cr & (CR_PER | CR_MER1 | CR_MER2)) ||
        (fc->op != FC_L4_OP_NONE && fc->op != FC_L4_OP_PROGRAM)) {
        fc->half_pending = false;
        fc_l4_set_error(m, SR_PGSERR);
        return 0;
    }
    if (!fc->half_pending) {
        if (off & 7u) {                  /* first word must start the row */
            fc_l4_set_error(m, SR_PGAERR);
            return 0;
        }
        fc->half_pending = true;
        fc->half_otp = otp;
        fc->half_off = off;
        fc->half_val = val;
        return 0;
    }
    fc->half_pending = false;
    if (fc->half_otp != otp || off != fc->half_off + 4u) {
        fc_l4_set_error(m, SR_PGAERR);   /* not the same 64-bit row */
        return 0;
    }
    uint32_t at = fc->half_off;
    uint64_t dw = (uint64_t)fc->half_val | ((uint64_t)val << 32);
    if (otp) {
        if (write_dword(m, fc_l4_otp(m) + at, dw))
            fc_l4_refresh_sysmem(m);
    } else {
        if (fc_l4_page_protected(m, at)) {
            fc_l4_set_error(m, SR_WRPERR);
            return 0;
        }
        if (write_dword(m, m->flash + at, dw))
            mcu_flash_changed(m, at, 8);
    }
    program_busy(m);
    return 0;
}

/* ---- Memories ---- */

static int fc_flash_read(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                         unsigned size, uint32_t *val)
{
    (void)who;                           /* level 1 blocks CPU and debugger alike */
    if (fc_l4_access_blocked(m))
        return -1;
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
    fc_update(m, now_of(m));
    if (off >= m->flash_size || size > m->flash_size - off)
        return -1;
    if (fc_l4_access_blocked(m))
        return -1;                       /* AHB error at RDP level 1 */
    return program_word(m, off, size, val, false);
}

/* OTP in the system page (1 KiB, programmed like flash, never erased). */
static int fc_sys_write(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                        unsigned size, uint32_t val)
{
    (void)who;
    const struct fc_l4_part *p = fc_l4_of(m)->p;
    fc_update(m, now_of(m));
    if (off < p->otp_off || off - p->otp_off >= p->otp_size)
        return 0;                        /* ROM: ignored */
    return program_word(m, off - p->otp_off, size, val, true);
}

/* ---- Registers ---- */

static int keyr_write(struct fc_l4 *fc, uint32_t val)
{
    /* A wrong key or order locks FLASH_CR until the next reset and the
     * access gets a bus error (RM0351 §3.3.5). */
    if (fc->key == FC_L4_KEY_LOCKED && val == KEY1) {
        fc->key = FC_L4_KEY_GOT1;
        return 0;
    }
    if (fc->key == FC_L4_KEY_GOT1 && val == KEY2) {
        fc->key = FC_L4_KEY_UNLOCKED;
        return 0;
    }
    fc->key = FC_L4_KEY_BLOCKED;
    fc->optkey = FC_L4_KEY_BLOCKED;
    return -1;
}

static int optkeyr_write(struct fc_l4 *fc, uint32_t val)
{
    /* OPTKEYR works once FLASH_CR is unlocked (RM0351 §3.4.2). */
    if (fc->key != FC_L4_KEY_UNLOCKED)
        return 0;
    if (fc->optkey == FC_L4_KEY_LOCKED && val == OPTKEY1) {
        fc->optkey = FC_L4_KEY_GOT1;
        return 0;
    }
    if (fc->optkey == FC_L4_KEY_GOT1 && val == OPTKEY2) {
        fc->optkey = FC_L4_KEY_UNLOCKED;
        return 0;
    }
    fc->optkey = FC_L4_KEY_BLOCKED;
    return -1;
}

static uint32_t cr_value(const struct fc_l4 *fc)
{
    uint32_t v = fc->cr;
    if (fc->key != FC_L4_KEY_UNLOCKED)
        v |= CR_LOCK;
    if (fc->key != FC_L4_KEY_UNLOCKED || fc->optkey != FC_L4_KEY_UNLOCKED)
        v |= CR_OPTLOCK;
    /* STRT and OPTSTRT read 1 until BSY clears. */
    if (fc->op == FC_L4_OP_PAGE_ERASE || fc->op == FC_L4_OP_MASS_ERASE)
        v |= CR_STRT;
    if (fc->op == FC_L4_OP_OPTIONS)
        v |= CR_OPTSTRT;
    return v;
}

static void cr_write(struct mcu *m, uint32_t val)
{
    struct fc_l4 *fc = fc_l4_of(m);
    if (fc->key != FC_L4_KEY_UNLOCKED)
        return;                          /* locked: CR is write-protected */
    fc->cr = val & CR_STORED;
    if (!(fc->cr & (CR_PG | CR_FSTPG)))
        fc->half_pending = false;
    if (val & CR_LOCK) {                 /* LOCK also closes the options */
        fc->key = FC_L4_KEY_LOCKED;
        fc->optkey = FC_L4_KEY_LOCKED;
        fc->half_pending = false;
        return;
    }
    if ((val & CR_OPTLOCK) && fc->optkey != FC_L4_KEY_BLOCKED)
        fc->optkey = FC_L4_KEY_LOCKED;
    bool opt_open = fc->optkey == FC_L4_KEY_UNLOCKED;
    if ((val & CR_OBL_LAUNCH) && opt_open) {
        /* Reload the option bytes: a system reset (RM0351 §3.4.2).  The
         * probe sees the connection drop, as on silicon. */
        mcu_system_reset(m);
        return;
    }
    if (fc->op != FC_L4_OP_NONE)
        return;
    if ((val & CR_OPTSTRT) && opt_open)
        fc_l4_options_start(m);
    else if (val & CR_STRT)
        start_erase(m);
}

static uint32_t sr_value(const struct mcu *m)
{
    const struct fc_l4 *fc = fc_l4_of(m);
    uint32_t v = fc->sr;
    if (fc->op != FC_L4_OP_NONE)
        v |= SR_BSY;
    if (fc->p->has_cfgbsy && (fc->op != FC_L4_OP_NONE || fc->half_pending))
        v |= SR_CFGBSY;
    if (fc->p->empty == FC_L4_EMPTY_SR17 && fc->empty)
        v |= SR_PEMPTY;
    return v;
}

static int fc_reg_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                       unsigned size, uint32_t *val)
{
    (void)who;
    struct mcu *m = ctx;
    struct fc_l4 *fc = fc_l4_of(m);
    fc_update(m, now_of(m));
    uint32_t r = off & ~3u, reg = 0;
    if (r == FC_L4_ACR)
        reg = fc->acr;
    else if (r == FC_L4_SR)
        reg = sr_value(m);
    else if (r == FC_L4_CR)
        reg = cr_value(fc);
    else if (r >= FC_L4_OPT_FIRST && r < FC_L4_OPT_FIRST + 4u * FC_L4_OPT_SLOTS)
        reg = fc_l4_opt_read(m, (r - FC_L4_OPT_FIRST) / 4u);
    /* KEYR, OPTKEYR, PDKEYR are write-only; ECCR reads 0 (no ECC errors). */
    *val = sim_reg_extract(reg, off, size);
    return 0;
}

static int fc_reg_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                        unsigned size, uint32_t val)
{
    (void)who;
    struct mcu *m = ctx;
    struct fc_l4 *fc = fc_l4_of(m);
    fc_update(m, now_of(m));
    uint32_t r = off & ~3u;
    switch (r) {
    case FC_L4_ACR:
        fc->acr = sim_reg_merge(fc->acr, off, size, val);
        return 0;
    case FC_L4_KEYR:
        return keyr_write(fc, val);
    case FC_L4_OPTKEYR:
        return optkeyr_write(fc, val);
    case FC_L4_SR:
        fc->sr &= ~(sim_reg_merge(0, off, size, val) & SR_W1C);
        return 0;
    case FC_L4_CR:
        cr_write(m, sim_reg_merge(cr_value(fc), off, size, val));
        return 0;
    default:
        break;
    }
    if (r >= FC_L4_OPT_FIRST && r < FC_L4_OPT_FIRST + 4u * FC_L4_OPT_SLOTS) {
        unsigned slot = (r - FC_L4_OPT_FIRST) / 4u;
        /* Option registers change only with both locks open and no
         * operation running (RM0351 §3.4.2). */
        if (fc->key == FC_L4_KEY_UNLOCKED && fc->optkey == FC_L4_KEY_UNLOCKED &&
            fc->op == FC_L4_OP_NONE)
            fc_l4_opt_write(m, slot, sim_reg_merge(fc_l4_opt_read(m, slot), off, size, val));
    }
    return 0;                            /* PDKEYR and the rest: ignored */
}

/* ---- Life cycle ---- */

static void *fc_create(struct mcu *m)
{
    const struct mcu_part_data *d = m->part->family_data;
    struct fc_l4 *fc = calloc(1, sizeof *fc);
    if (fc)
        fc->p = d->flash_data;
    return fc;
}

static void fc_destroy(void *fc)
{
    free(fc);
}

static void fc_reset(struct mcu *m, bool power_on)
{
    (void)power_on;                      /* the options reload on every reset */
    struct fc_l4 *fc = fc_l4_of(m);
    bool was_busy = fc->op != FC_L4_OP_NONE;
    /* A reset aborts the running operation; what it did so far stays. */
    fc->op = FC_L4_OP_NONE;
    fc->regression = false;
    fc->key = FC_L4_KEY_LOCKED;
    fc->optkey = FC_L4_KEY_LOCKED;
    fc->cr = 0;
    fc->sr = 0;
    fc->half_pending = false;
    if (was_busy)
        mcu_flash_op_ended(m);
    fc_l4_options_load(m);
    fc->acr = fc->p->acr_reset;
    if (fc->p->empty == FC_L4_EMPTY_ACR16 && fc->empty)
        fc->acr |= 1u << 16;             /* PROGEMPTY (G0/C0), EMPTY (WB/WL) */
    fc_l4_refresh_sysmem(m);
}

static bool fc_debug_alive(const struct mcu *m)
{
    const struct fc_l4 *fc = fc_l4_of(m);
    if (fc_l4_rdp_level(m) == 2)
        return false;                    /* level 2: SWD disabled for good */
    /* FLASH_ACR.DBG_SWEN = 0 disables the debugger until the next reset
     * (stm32-families.md §6.1). */
    return !fc->p->has_dbg_swen || (fc->acr & ACR_DBG_SWEN);
}

const struct mcu_flash_ops fc_l4_ops = {
    .name = "STM32 L4-class flash (RM0351, RM0432, RM0444, RM0440, RM0434, RM0453, RM0490)",
    .erased = 0xFF,
    .nvm_size = fc_l4_nvm_size,
    .create = fc_create,
    .destroy = fc_destroy,
    .init_fresh = fc_l4_options_init_fresh,
    .reset = fc_reset,
    .rdp_level = fc_l4_rdp_level,
    .busy = fc_busy,
    .update = fc_update,
    .program_ns = fc_program_ns,
    .reg_read = fc_reg_read,
    .reg_write = fc_reg_write,
    .flash_read = fc_flash_read,
    .flash_write = fc_flash_write,
    .sys_write = fc_sys_write,
    .boot_address = fc_l4_boot_address,
    .debug_alive = fc_debug_alive,
    .program_armed = fc_program_armed,
    .busy_until = fc_busy_until,
};
