/* STM32L5 / STM32U5 flash controller: the non-secure registers, program
 * and erase with the datasheet's timing, the error flags, the flash and
 * OTP memory as the bus sees them (RM0438 §6.3-6.9, RM0456 §7.3-7.9;
 * stm32-families.md §2.5, §3).  Option bytes: fc_l5u5_options.c.
 *
 * Modelled: NSKEYR/OPTKEYR unlock (a wrong key locks until reset, bus
 * error), NSSR/NSCR, PG with 64-bit (L5) or 128-bit (U5) units written as
 * 32-bit stores, page erase (PER, PNB, BKER), bank erase (MER1, MER2),
 * PROGERR/WRPERR/PGAERR/SIZERR/PGSERR, EOP only with EOPIE, OPERR only
 * with ERRIE, the 512-byte OTP at 0x0BFA0000.
 * Not modelled: the secure register set at 0x50022000 (reads as zero),
 * SECBB block-based security, U5 burst write (BWR programs quad word by
 * quad word), SWAP_BANK (stored, the banks stay in place), ECC. */
#include <stdlib.h>
#include <string.h>

#include "chips/fc_l5u5.h"

#define FLASH_KEY1 0x45670123u      /* stm32-families.md §2 */
#define FLASH_KEY2 0xCDEF89ABu
#define OPT_KEY1   0x08192A3Bu
#define OPT_KEY2   0x4C5D6E7Fu

#define CR_RESET     (L5U5_CR_LOCK | L5U5_CR_OPTLOCK)
#define CR_OP_BITS   (L5U5_CR_PG | L5U5_CR_PER | L5U5_CR_MER1 | L5U5_CR_MER2)
#define SECCR_RESET  L5U5_CR_LOCK    /* secure register set: locked, not modelled */

static const struct fc_l5u5_row *row_of(const struct mcu *m)
{
    return (const struct fc_l5u5_row *)m->fdata;
}

/* ---- Geometry (stm32-families.md §2.5) ---- */

uint32_t l5u5_page_size(const struct mcu *m)
{
    return l5u5_opt_dual_bank(m) ? row_of(m)->page_dual : row_of(m)->page_single;
}

static uint32_t bank_size(const struct mcu *m)
{
    return l5u5_opt_dual_bank(m) ? m->flash_size / 2u : m->flash_size;
}

unsigned l5u5_pages_per_bank(const struct mcu *m)
{
    return bank_size(m) / l5u5_page_size(m);
}

static void locate(const struct mcu *m, uint32_t off, unsigned *bank, unsigned *page)
{
    *bank = off / bank_size(m);
    *page = (off % bank_size(m)) / l5u5_page_size(m);
}

/* RM0438 §6.5.2 / RM0456 §7.6.2: at level 1 with the debugger connected
 * (or after a boot from SRAM or system memory) the flash cannot be read,
 * programmed or erased. */
static bool rdp1_blocked(const struct mcu *m)
{
    return l5u5_opt_rdp_level(m) == 1 && mcu_rdp1_blocks_debug(m);
}

static bool page_refused(const struct mcu *m, unsigned bank, unsigned page)
{
    return l5u5_opt_page_wrp(m, bank, page) || l5u5_opt_page_secure(m, bank, page);
}

/* ---- Busy, errors, end of operation ---- */

void l5u5_set_error(struct mcu *m, uint32_t bit)
{
    struct l5u5_fc *fc = l5u5_fc(m);
    fc->sr |= bit;
    if (fc->cr & L5U5_CR_ERRIE)      /* OPERR only with ERRIE (NSSR description) */
        fc->sr |= L5U5_SR_OPERR;
}

void l5u5_start_busy(struct mcu *m, enum l5u5_op op, sim_ns duration)
{
    struct l5u5_fc *fc = l5u5_fc(m);
    sim_ns now = mcu_now(m);
    bool was_idle = fc->op == L5U5_OP_NONE;
    /* Back-to-back program units queue behind the running one: the bus
     * stalls the writer on silicon, here the end moves out. */
    sim_ns start = (!was_idle && fc->busy_until > now) ? fc->busy_until : now;
    fc->op = op;
    fc->busy_until = start + duration;
    sim_stats.flash_busy_ns += duration;
    if (was_idle)
        mcu_flash_op_started(m);
}

static void end_of_operation(struct mcu *m)
{
    struct l5u5_fc *fc = l5u5_fc(m);
    /* "EOP ... is set only if the end of operation interrupts are
     * enabled (EOPIE = 1)" (NSSR description). */
    if (fc->cr & L5U5_CR_EOPIE)
        fc->sr |= L5U5_SR_EOP;
    fc->op = L5U5_OP_NONE;
    mcu_flash_op_ended(m);
}

static void erase_range(struct mcu *m, uint32_t off, uint32_t len)
{
    memset(m->flash + off, 0xFF, len);
    mcu_flash_changed(m, off, len);
    sim_stats.flash_erases++;
}

static void fc_update(struct mcu *m, sim_ns now)
{
    struct l5u5_fc *fc = l5u5_fc(m);
    if (fc->op == L5U5_OP_NONE || fc->busy_until > now)
        return;
    switch (fc->op) {
    case L5U5_OP_PAGE_ERASE: {
        uint32_t ps = l5u5_page_size(m);
        erase_range(m, fc->erase_bank * bank_size(m) + fc->erase_page * ps, ps);
        break;
    }
    case L5U5_OP_MASS_ERASE:
        for (unsigned b = 0; b < 2; b++)
            if (fc->erase_bank_mask[b] && b * bank_size(m) < m->flash_size)
                erase_range(m, b * bank_size(m), bank_size(m));
        break;
    case L5U5_OP_OPTIONS:
        l5u5_opt_complete(m);
        break;
    case L5U5_OP_PROGRAM:
    case L5U5_OP_NONE:
        break;
    }
    end_of_operation(m);
}

static void update_now(struct mcu *m)
{
    fc_update(m, mcu_now(m));
}

/* ---- Erase (RM0438 §6.3.6, RM0456 §7.3.6) ---- */

static void start_erase(struct mcu *m)
{
    struct l5u5_fc *fc = l5u5_fc(m);
    uint32_t cr = fc->cr;
    bool mer = (cr & (L5U5_CR_MER1 | L5U5_CR_MER2)) != 0;
    if ((cr & L5U5_CR_PG) || ((cr & L5U5_CR_PER) && mer) ||
        !(cr & (L5U5_CR_PER | L5U5_CR_MER1 | L5U5_CR_MER2))) {
        l5u5_set_error(m, L5U5_SR_PGSERR);   /* "STRT with MER1, MER2 and PER reset" */
        return;
    }
    bool dual = l5u5_opt_dual_bank(m);
    unsigned ppb = l5u5_pages_per_bank(m);
    if (cr & L5U5_CR_PER) {
        unsigned bank = dual && (cr & L5U5_CR_BKER) ? 1u : 0u;
        unsigned page = (cr & L5U5_CR_PNB_MASK) >> L5U5_CR_PNB_SHIFT;
        if (page >= ppb) {
            l5u5_set_error(m, L5U5_SR_PGSERR);
            return;
        }
        if (rdp1_blocked(m) || page_refused(m, bank, page)) {
            l5u5_set_error(m, L5U5_SR_WRPERR);
            return;
        }
        fc->erase_bank = bank;
        fc->erase_page = page;
        l5u5_start_busy(m, L5U5_OP_PAGE_ERASE, row_of(m)->t_page_erase);
        return;
    }
    /* Single bank: MER1 or MER2 erases the whole array. */
    bool banks[2] = { dual ? (cr & L5U5_CR_MER1) != 0 : true,
                      dual && (cr & L5U5_CR_MER2) != 0 };
    if (rdp1_blocked(m)) {
        l5u5_set_error(m, L5U5_SR_WRPERR);
        return;
    }
    /* A write-protected (or, with TrustZone, secure) page in a bank stops
     * the whole mass erase: nothing is erased. */
    for (unsigned b = 0; b < 2; b++)
        for (unsigned p = 0; banks[b] && p < ppb; p++)
            if (page_refused(m, b, p)) {
                l5u5_set_error(m, L5U5_SR_WRPERR);
                return;
            }
    fc->erase_bank_mask[0] = banks[0];
    fc->erase_bank_mask[1] = banks[1];
    l5u5_start_busy(m, L5U5_OP_MASS_ERASE, row_of(m)->t_bank_erase);
}

/* ---- Program (RM0438 §6.3.7, RM0456 §7.3.7) ---- */

static void drop_unit(struct l5u5_fc *fc)
{
    fc->buf_n = 0;
}

static uint8_t *unit_target(struct mcu *m, const struct l5u5_fc *fc)
{
    if (fc->buf_otp)
        return m->nvm_ctl + L5U5_OPT_COUNT * 4u + fc->buf_off;
    return m->flash + fc->buf_off;
}

/* The last word of a unit arrived: check the target and program it. */
static void program_unit(struct mcu *m)
{
    struct l5u5_fc *fc = l5u5_fc(m);
    unsigned unit = row_of(m)->unit;
    uint8_t data[16];
    for (unsigned i = 0; i < unit / 4u; i++)
        for (unsigned b = 0; b < 4; b++)
            data[i * 4 + b] = (uint8_t)(fc->buf[i] >> (8 * b));
    drop_unit(fc);
    if (!fc->buf_otp) {
        unsigned bank, page;
        locate(m, fc->buf_off, &bank, &page);
        if (rdp1_blocked(m) || page_refused(m, bank, page)) {
            l5u5_set_error(m, L5U5_SR_WRPERR);
            return;
        }
    }
    uint8_t *dst = unit_target(m, fc);
    bool erased = true, zeros = true;
    for (unsigned i = 0; i < unit; i++) {
        erased &= dst[i] == 0xFF;
        zeros &= data[i] == 0x00;
    }
    /* ECC: a unit is programmed once after erase; only all-zeros may
     * overwrite it (NSSR.PROGERR description). */
    if (!erased && !zeros) {
        l5u5_set_error(m, L5U5_SR_PROGERR);
        return;
    }
    if (memcmp(dst, data, unit) != 0) {
        memcpy(dst, data, unit);
        if (fc->buf_otp) {
            if (m->sysmem) {
                memcpy(m->sysmem + L5U5_OTP_SYS_OFF + fc->buf_off, data, unit);
                mcu_sysmem_changed(m, L5U5_OTP_SYS_OFF + fc->buf_off, unit);
            }
        } else {
            mcu_flash_changed(m, fc->buf_off, unit);
        }
    }
    sim_stats.flash_bytes_programmed += unit;
    l5u5_start_busy(m, L5U5_OP_PROGRAM, row_of(m)->t_prog);
}

/* One store into flash or OTP with PG set. */
static void program_word(struct mcu *m, bool otp, uint32_t off, unsigned size, uint32_t val)
{
    struct l5u5_fc *fc = l5u5_fc(m);
    unsigned unit = row_of(m)->unit;
    if (fc->key != L5U5_KEY_UNLOCKED || !(fc->cr & L5U5_CR_PG) ||
        (fc->cr & (L5U5_CR_PER | L5U5_CR_MER1 | L5U5_CR_MER2)) ||
        (fc->op != L5U5_OP_NONE && fc->op != L5U5_OP_PROGRAM)) {
        drop_unit(fc);
        l5u5_set_error(m, L5U5_SR_PGSERR);
        return;
    }
    if (size != 4) {                    /* "only ... successive word accesses" */
        drop_unit(fc);
        l5u5_set_error(m, L5U5_SR_SIZERR);
        return;
    }
    if (fc->buf_n == 0) {
        if (off % unit) {
            l5u5_set_error(m, L5U5_SR_PGAERR);
            return;
        }
        fc->buf_off = off;
        fc->buf_otp = otp;
    } else if (otp != fc->buf_otp || off != fc->buf_off + 4u * fc->buf_n) {
        drop_unit(fc);                  /* a word outside the unit being filled */
        l5u5_set_error(m, L5U5_SR_PGAERR);
        return;
    }
    fc->buf[fc->buf_n++] = val;
    if (fc->buf_n * 4u == unit)
        program_unit(m);
}

static int fc_flash_read(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                         unsigned size, uint32_t *val)
{
    if (off >= m->flash_size || size > m->flash_size - off)
        return -1;
    if (who == SIM_BUS_DEBUG && rdp1_blocked(m))
        return -1;                      /* AHB error: RDP level 1 */
    *val = 0;
    unsigned bank, page;
    locate(m, off, &bank, &page);
    /* TrustZone on: a secure page read through the non-secure alias
     * 0x08000000 reads as zero (RM0438 §6.5.4, illegal access). */
    if (l5u5_opt_page_secure(m, bank, page))
        return 0;
    memcpy(val, m->flash + off, size);
    return 0;
}

static int fc_flash_write(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                          unsigned size, uint32_t val)
{
    (void)who;
    if (off >= m->flash_size || size > m->flash_size - off)
        return -1;
    update_now(m);
    program_word(m, false, off, size, val);
    return 0;
}

/* System page: ROM, the OTP at 0x0BFA0000 (programmable, never erased),
 * the factory words. */
static int fc_sys_write(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                        unsigned size, uint32_t val)
{
    (void)who;
    if (off < L5U5_OTP_SYS_OFF || off - L5U5_OTP_SYS_OFF >= L5U5_OTP_SIZE)
        return 0;                       /* ROM: writes ignored */
    update_now(m);
    program_word(m, true, off - L5U5_OTP_SYS_OFF, size, val);
    return 0;
}

/* ---- Registers ---- */

static int keyr_write(struct l5u5_fc *fc, enum l5u5_key *key, uint32_t k1, uint32_t k2,
                      uint32_t val)
{
    /* A wrong sequence keeps the register locked until the next reset and
     * the access gets a bus error (RM0438 §6.3.5). */
    if (*key == L5U5_KEY_LOCKED && val == k1) {
        *key = L5U5_KEY_GOT1;
        return 0;
    }
    if (*key == L5U5_KEY_GOT1 && val == k2) {
        *key = L5U5_KEY_UNLOCKED;
        fc->cr &= key == &fc->key ? ~L5U5_CR_LOCK : ~L5U5_CR_OPTLOCK;
        return 0;
    }
    *key = L5U5_KEY_BLOCKED;
    return -1;
}

static void cr_write(struct mcu *m, uint32_t val)
{
    struct l5u5_fc *fc = l5u5_fc(m);
    if (fc->key != L5U5_KEY_UNLOCKED)
        return;                         /* locked: writes ignored */
    uint32_t writable = CR_OP_BITS | L5U5_CR_PNB_MASK | L5U5_CR_BKER | L5U5_CR_EOPIE |
                        L5U5_CR_ERRIE | (row_of(m)->u5 ? L5U5_CR_BWR : 0u);
    uint32_t old = fc->cr;
    fc->cr = (fc->cr & ~writable) | (val & writable);
    if ((old ^ fc->cr) & CR_OP_BITS)
        drop_unit(fc);
    if (val & L5U5_CR_LOCK) {           /* LOCK sets OPTLOCK too */
        fc->cr |= L5U5_CR_LOCK | L5U5_CR_OPTLOCK;
        fc->key = L5U5_KEY_LOCKED;
        fc->optkey = L5U5_KEY_LOCKED;
        return;
    }
    if (val & L5U5_CR_OPTLOCK) {
        fc->cr |= L5U5_CR_OPTLOCK;
        fc->optkey = L5U5_KEY_LOCKED;
    }
    if ((val & L5U5_CR_STRT) && fc->op == L5U5_OP_NONE)
        start_erase(m);
    bool opt_open = fc->optkey == L5U5_KEY_UNLOCKED;
    if ((val & L5U5_CR_OPTSTRT) && opt_open) {
        if (fc->op == L5U5_OP_NONE)
            l5u5_opt_start(m);
        else
            l5u5_set_error(m, L5U5_SR_PGSERR);
    }
    /* OBL_LAUNCH: load the option bytes, which resets the chip (the probe
     * sees the debug port drop; openocd ignores that write's error). */
    if ((val & L5U5_CR_OBL_LAUNCH) && opt_open && fc->op == L5U5_OP_NONE)
        mcu_system_reset(m);
}

static uint32_t cr_value(const struct mcu *m)
{
    const struct l5u5_fc *fc = l5u5_fc(m);
    uint32_t v = fc->cr;
    /* STRT and OPTSTRT read 1 until BSY clears. */
    if (fc->op == L5U5_OP_PAGE_ERASE || fc->op == L5U5_OP_MASS_ERASE)
        v |= L5U5_CR_STRT;
    if (fc->op == L5U5_OP_OPTIONS)
        v |= L5U5_CR_OPTSTRT;
    return v;
}

static uint32_t sr_value(const struct mcu *m)
{
    const struct l5u5_fc *fc = l5u5_fc(m);
    uint32_t v = fc->sr;
    if (fc->op != L5U5_OP_NONE)
        v |= L5U5_SR_BSY;
    if (row_of(m)->u5 && fc->buf_n)
        v |= L5U5_SR_WDW;
    return v;
}

static int fc_reg_read(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size,
                       uint32_t *val)
{
    (void)who;
    struct mcu *m = ctx;
    struct l5u5_fc *fc = l5u5_fc(m);
    update_now(m);
    uint32_t reg = 0;
    enum l5u5_opt which;
    switch (off & ~3u) {
    case L5U5_ACR:   reg = fc->acr; break;
    case L5U5_NSSR:  reg = sr_value(m); break;
    case L5U5_SECSR: reg = fc->op != L5U5_OP_NONE ? L5U5_SR_BSY : 0u; break;
    case L5U5_NSCR:  reg = cr_value(m); break;
    case L5U5_SECCR: reg = SECCR_RESET; break;
    default:
        if (l5u5_opt_reg(off & ~3u, &which))
            reg = l5u5_opt_read(m, which);
        break;                          /* keys are write-only; the rest RAZ */
    }
    *val = sim_reg_extract(reg, off, size);
    return 0;
}

static int fc_reg_write(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size,
                        uint32_t val)
{
    (void)who;
    struct mcu *m = ctx;
    struct l5u5_fc *fc = l5u5_fc(m);
    update_now(m);
    enum l5u5_opt which;
    switch (off & ~3u) {
    case L5U5_ACR:
        fc->acr = sim_reg_merge(fc->acr, off, size, val);
        return 0;
    case L5U5_NSKEYR:
        return keyr_write(fc, &fc->key, FLASH_KEY1, FLASH_KEY2, val);
    case L5U5_OPTKEYR:
        /* "The LOCK bit in the FLASH_NSCR must be cleared before doing the
         * unlock sequence for OPTLOCK" (NSCR.OPTLOCK description). */
        if (fc->key != L5U5_KEY_UNLOCKED) {
            fc->optkey = L5U5_KEY_BLOCKED;
            return -1;
        }
        return keyr_write(fc, &fc->optkey, OPT_KEY1, OPT_KEY2, val);
    case L5U5_NSSR:
        fc->sr &= ~(sim_reg_merge(0, off, size, val) & L5U5_SR_W1C);
        return 0;
    case L5U5_NSCR:
        cr_write(m, sim_reg_merge(fc->cr, off, size, val));
        return 0;
    default:
        if (l5u5_opt_reg(off & ~3u, &which) && fc->key == L5U5_KEY_UNLOCKED &&
            fc->optkey == L5U5_KEY_UNLOCKED && fc->op == L5U5_OP_NONE)
            l5u5_opt_write(m, which, sim_reg_merge(l5u5_opt_read(m, which), off, size, val));
        return 0;                       /* secure set, SECBB, ECCR: ignored */
    }
}

/* ---- Life cycle ---- */

static size_t fc_nvm_size(const struct sim_chip_part *part)
{
    (void)part;
    return L5U5_NVM_SIZE;
}

static void *fc_create(struct mcu *m)
{
    struct l5u5_fc *fc = calloc(1, sizeof *fc);
    if (fc)
        fc->row = row_of(m);
    return fc;
}

static void fc_destroy(void *fc)
{
    free(fc);
}

static void fc_init_fresh(struct mcu *m, const struct sim_board_config *cfg)
{
    l5u5_opt_init_fresh(m, cfg);
}

static void fc_reset(struct mcu *m, bool power_on)
{
    (void)power_on;                     /* POR and system reset both reload options */
    struct l5u5_fc *fc = l5u5_fc(m);
    /* A reset aborts a running operation (the page is left half-done on
     * silicon; here it is left as it was). */
    bool was_busy = fc->op != L5U5_OP_NONE;
    *fc = (struct l5u5_fc){ .row = fc->row, .cr = CR_RESET, .key = L5U5_KEY_LOCKED,
                            .optkey = L5U5_KEY_LOCKED, .op = L5U5_OP_NONE };
    if (was_busy)
        mcu_flash_op_ended(m);
    l5u5_opt_load(m);
    if (m->sysmem) {
        memcpy(m->sysmem + L5U5_OTP_SYS_OFF, m->nvm_ctl + L5U5_OPT_COUNT * 4u, L5U5_OTP_SIZE);
        mcu_sysmem_changed(m, L5U5_OTP_SYS_OFF, L5U5_OTP_SIZE);
    }
}

static int fc_rdp_level(const struct mcu *m)
{
    return l5u5_opt_rdp_level(m);
}

static bool fc_busy(const struct mcu *m)
{
    return l5u5_fc(m)->op != L5U5_OP_NONE;
}

static sim_ns fc_program_ns(const struct mcu *m)
{
    return row_of(m)->t_prog;
}

static bool fc_program_armed(const struct mcu *m)
{
    const struct l5u5_fc *fc = l5u5_fc(m);
    return fc->key == L5U5_KEY_UNLOCKED && (fc->cr & L5U5_CR_PG);
}

static sim_ns fc_busy_until(const struct mcu *m)
{
    return l5u5_fc(m)->busy_until;
}

static uint32_t fc_boot_address(const struct mcu *m)
{
    return l5u5_opt_boot_address(m);
}

const struct mcu_flash_ops fc_l5u5_ops = {
    .name = "STM32L5/U5 non-secure flash interface (RM0438 §6, RM0456 §7)",
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
    .sys_write = fc_sys_write,
    .boot_address = fc_boot_address,
    .program_armed = fc_program_armed,
    .busy_until = fc_busy_until,
};
