/* STM32H7 embedded flash controller (RM0433, RM0399, RM0468, RM0455
 * FLASH chapters; stm32-families.md §2.6): per-bank keys, control and status
 * registers, the flash-word write buffer (256 or 128 bits), sector and
 * bank erase with the datasheet's timing, write protection, RDP level 1
 * blocking the debugger; plus the mcu_flash_ops table of the generation.
 * Option bytes are in fc_h7_options.c, PWR_CR3 in h7_pwr.c. */
#include <stdlib.h>
#include <string.h>

#include "chips/fc_h7.h"

/* Per-bank register offsets; bank 2 at +0x100 (§2.6 table) */
#define H7_BANK2_REGS   0x100u
#define FLASH_ACR       0x00u
#define FLASH_KEYR      0x04u
#define FLASH_CR        0x0Cu
#define FLASH_SR        0x10u
#define FLASH_CCR       0x14u

/* FLASH_KEYR unlock keys, same on every H7 (stm32-families.md §2 table) */
#define FLASH_KEY1      0x45670123u
#define FLASH_KEY2      0xCDEF89ABu

/* FLASH_CR common bits (§2.6) */
#define CR_LOCK         (1u << 0)
#define CR_PG           (1u << 1)
#define CR_SER          (1u << 2)
#define CR_BER          (1u << 3)
#define CR_RESET_PSIZE  (3u << 4)      /* reset value 0x31: LOCK, x64 */

/* FLASH_SR (§2.6): BSY, WBNE, QW; flags cleared through CCR */
#define SR_BSY          (1u << 0)
#define SR_WBNE         (1u << 1)
#define SR_QW           (1u << 2)
#define SR_EOP          (1u << 16)
#define SR_WRPERR       (1u << 17)
#define SR_PGSERR       (1u << 18)
#define SR_STRBERR      (1u << 19)
#define SR_INCERR       (1u << 21)
#define SR_OPERR        (1u << 22)
#define SR_CLEARABLE    0x1FEF0000u    /* EOP..CRCRDERR (bits 16-28, no 20) */

/* ---- Geometry ---- */

static const struct h7_fc_part *fp_of(const struct mcu *m)
{
    return (const struct h7_fc_part *)m->fdata;
}

unsigned h7_sector_count(const struct mcu *m)
{
    return fp_of(m)->sectors_per_bank * fp_of(m)->banks;
}

/* Which bank's registers govern flash offset `off` (registers follow the
 * addresses when banks are swapped: RM0433 Table 16). */
static unsigned bank_of(const struct mcu *m, uint32_t off)
{
    return fp_of(m)->banks > 1 && off >= fp_of(m)->bank2_off ? 1u : 0u;
}

/* Offset of the cell in m->flash: with SWAP_BANK the two halves trade
 * places on the bus. */
static uint32_t phys_off(const struct mcu *m, uint32_t off)
{
    const struct h7_fc_part *fp = fp_of(m);
    if (!h7_fc(m)->swapped || fp->banks < 2)
        return off;
    return off < fp->bank2_off ? off + fp->bank2_off : off - fp->bank2_off;
}

static uint32_t bank_size(const struct mcu *m)
{
    return fp_of(m)->sector_bytes * fp_of(m)->sectors_per_bank;
}

static uint32_t bank_start(const struct mcu *m, unsigned bank)
{
    return bank ? fp_of(m)->bank2_off : 0;
}

static unsigned psize_index(const struct mcu *m, const struct h7_bank *b)
{
    const struct h7_cr_bits *bits = fp_of(m)->cr;
    if (!bits->psize_shift)
        return 3;
    return (b->cr >> bits->psize_shift) & 3u;
}

/* ---- Operations and time ---- */

static void invalidate(struct mcu *m, uint32_t off, uint32_t len)
{
    mcu_flash_changed(m, off, len);
}

static void start_op(struct mcu *m, struct h7_bank *b, enum h7_op op, sim_ns duration)
{
    sim_ns now = mcu_now(m);
    bool was_idle = !h7_any_busy(m);
    /* A flash word queued behind one being programmed starts when that one
     * ends (the write queue: QW stays set meanwhile, stm32-families.md §2.6). */
    sim_ns start = b->op == H7_OP_PROGRAM && b->busy_until > now ? b->busy_until : now;
    b->op = op;
    b->busy_until = start + duration;
    sim_stats.flash_busy_ns += duration;
    if (was_idle)
        mcu_flash_op_started(m);
}


static void erase_range(struct mcu *m, uint32_t off, uint32_t len)
{
    memset(m->flash + phys_off(m, off), m->fops->erased, len);
    invalidate(m, off, len);
    sim_stats.flash_erases++;
}

void h7_flash_update(struct mcu *m, sim_ns now)
{
    struct h7_fc *fc = h7_fc(m);
    bool was_busy = h7_any_busy(m);
    for (unsigned i = 0; i < fp_of(m)->banks; i++) {
        struct h7_bank *b = &fc->bank[i];
        if (b->op == H7_OP_NONE || b->busy_until > now)
            continue;
        uint32_t sb = fp_of(m)->sector_bytes;
        if (b->op == H7_OP_SECTOR_ERASE)
            erase_range(m, bank_start(m, i) + b->sector * sb, sb);
        else if (b->op == H7_OP_BANK_ERASE)
            erase_range(m, bank_start(m, i), bank_size(m));
        b->op = H7_OP_NONE;
        b->sr |= SR_EOP;             /* RM0433 FLASH_SR.EOP: set when an operation ends */
    }
    h7_options_update(m, now);
    if (was_busy && !h7_any_busy(m))
        mcu_flash_op_ended(m);
}

/* RDP level 1 (§4.1): no debugger access to user flash once the debug
 * port was used since power-on, or after booting from RAM/system memory. */
static bool access_blocked(const struct mcu *m)
{
    return h7_options_rdp_level(m) == 1 && mcu_rdp1_blocks_debug(m);
}

void h7_start_bank_erase(struct mcu *m, unsigned bank)
{
    struct h7_bank *b = &h7_fc(m)->bank[bank];
    const struct h7_fc_part *fp = fp_of(m);
    if (b->op != H7_OP_NONE)
        return;
    for (unsigned s = 0; s < fp->sectors_per_bank; s++)
        if (h7_options_sector_protected(m, bank, s)) {
            b->sr |= SR_WRPERR;      /* bank erase: no sector may be protected */
            return;
        }
    if (access_blocked(m)) {
        b->sr |= SR_WRPERR;
        return;
    }
    start_op(m, b, H7_OP_BANK_ERASE, fp->times->bank[psize_index(m, b)]);
}

static void start_erase(struct mcu *m, unsigned bank)
{
    struct h7_bank *b = &h7_fc(m)->bank[bank];
    const struct h7_fc_part *fp = fp_of(m);
    if ((b->cr & CR_SER) && (b->cr & CR_BER)) {
        b->sr |= SR_PGSERR;          /* one kind of erase at a time */
        return;
    }
    if (b->wb_mask) {
        b->sr |= SR_PGSERR;          /* a flash word is half written */
        return;
    }
    unsigned ps = psize_index(m, b);
    if (b->cr & CR_BER) {
        h7_start_bank_erase(m, bank);
        return;
    }
    if (!(b->cr & CR_SER))
        return;                      /* START alone does nothing */
    unsigned snb = (b->cr >> fp->cr->snb_shift) & fp->cr->snb_mask;
    if (snb >= fp->sectors_per_bank) {
        b->sr |= SR_PGSERR;
        return;
    }
    if (h7_options_sector_protected(m, bank, snb) || access_blocked(m)) {
        b->sr |= SR_WRPERR;
        return;
    }
    b->sector = snb;
    start_op(m, b, H7_OP_SECTOR_ERASE, fp->times->sector[ps]);
}

sim_ns h7_bank_erase_time(const struct mcu *m, unsigned bank)
{
    return fp_of(m)->times->bank[psize_index(m, &h7_fc(m)->bank[bank])];
}

/* ---- Programming: the write buffer (RM0433 FLASH programming; §2.6) ---- */

/* Program the buffered word: bits only go 1 -> 0 (a word must be erased
 * before it is rewritten; ECC makes a rewrite unusable on silicon). */
static void program_word(struct mcu *m, unsigned bank)
{
    struct h7_bank *b = &h7_fc(m)->bank[bank];
    uint32_t wb = fp_of(m)->word_bytes, p = phys_off(m, b->wb_off);
    bool changed = false;
    for (uint32_t i = 0; i < wb; i++) {
        if (!(b->wb_mask & (1u << i)))
            continue;
        uint8_t v = m->flash[p + i] & b->wb[i];
        changed |= v != m->flash[p + i];
        m->flash[p + i] = v;
    }
    if (changed)
        invalidate(m, b->wb_off, wb);
    b->wb_mask = 0;
    sim_stats.flash_bytes_programmed += wb;
    start_op(m, b, H7_OP_PROGRAM, fp_of(m)->times->program[psize_index(m, b)]);
}

static int flash_write(struct mcu *m, enum sim_bus_initiator who, uint32_t off, unsigned size,
                       uint32_t val)
{
    (void)who;
    h7_flash_update(m, mcu_now(m));
    if (off >= m->flash_size || size > m->flash_size - off)
        return -1;
    if (access_blocked(m))
        return -1;                   /* AHB error: RDP level 1 */
    unsigned bank = bank_of(m, off);
    struct h7_bank *b = &h7_fc(m)->bank[bank];
    const struct h7_fc_part *fp = fp_of(m);
    if (b->key != H7_KEY_UNLOCKED || !(b->cr & CR_PG) ||
        b->op == H7_OP_SECTOR_ERASE || b->op == H7_OP_BANK_ERASE) {
        b->sr |= SR_PGSERR;
        return 0;
    }
    uint32_t word = off & ~(fp->word_bytes - 1), at = off - word;
    if (b->wb_mask && word != b->wb_off) {
        b->sr |= SR_INCERR;          /* another flash word while one is open */
        b->wb_mask = 0;
        return 0;
    }
    unsigned sector = (off - bank_start(m, bank)) / fp->sector_bytes;
    if (h7_options_sector_protected(m, bank, sector)) {
        b->sr |= SR_WRPERR;
        b->wb_mask = 0;
        return 0;
    }
    uint32_t lanes = ((1u << size) - 1u) << at;
    if (b->wb_mask & lanes) {
        b->sr |= SR_STRBERR;         /* the same byte written twice */
        return 0;
    }
    b->wb_off = word;
    for (unsigned i = 0; i < size; i++)
        b->wb[at + i] = (uint8_t)(val >> (8u * i));
    b->wb_mask |= lanes;
    uint32_t full = fp->word_bytes == 32 ? 0xFFFFFFFFu : (1u << fp->word_bytes) - 1u;
    if (b->wb_mask == full)
        program_word(m, bank);
    return 0;
}

static int flash_read(struct mcu *m, enum sim_bus_initiator who, uint32_t off, unsigned size,
                      uint32_t *val)
{
    if (who == SIM_BUS_DEBUG && access_blocked(m))
        return -1;
    if (off >= m->flash_size || size > m->flash_size - off)
        return -1;
    *val = 0;
    memcpy(val, m->flash + phys_off(m, off), size);
    return 0;
}

/* ---- Bank registers ---- */

static int keyr_write(struct h7_bank *b, uint32_t val)
{
    /* stm32-families.md §2: a wrong key locks the bank until the next reset and
     * the access gets a bus error. */
    if (b->key == H7_KEY_LOCKED && val == FLASH_KEY1) {
        b->key = H7_KEY_GOT_KEY1;
        return 0;
    }
    if (b->key == H7_KEY_GOT_KEY1 && val == FLASH_KEY2) {
        b->key = H7_KEY_UNLOCKED;
        b->cr &= ~CR_LOCK;
        return 0;
    }
    b->key = H7_KEY_BLOCKED;
    b->cr |= CR_LOCK;
    return -1;
}

static void cr_write(struct mcu *m, unsigned bank, uint32_t val)
{
    struct h7_bank *b = &h7_fc(m)->bank[bank];
    const struct h7_cr_bits *bits = fp_of(m)->cr;
    if (b->key != H7_KEY_UNLOCKED)
        return;                      /* locked: writes ignored */
    if (val & CR_LOCK) {
        b->cr |= CR_LOCK;
        b->key = H7_KEY_LOCKED;
        return;
    }
    /* FW and START are strobes: they act and read back as 0. */
    b->cr = val & ~(bits->fw | bits->start | CR_LOCK);
    if ((val & bits->fw) && b->wb_mask)
        program_word(m, bank);       /* force write: the rest stays erased */
    if ((val & bits->start) && b->op == H7_OP_NONE)
        start_erase(m, bank);
}

static uint32_t sr_value(const struct h7_bank *b)
{
    uint32_t v = b->sr;
    if (b->op != H7_OP_NONE)
        v |= SR_BSY | SR_QW;
    if (b->wb_mask)
        v |= SR_WBNE;
    return v;
}

static bool bank_reg(const struct mcu *m, uint32_t off, unsigned *bank, uint32_t *reg)
{
    uint32_t r = off & 0xFFu;
    if (off >= 2 * H7_BANK2_REGS ||
        (r != FLASH_KEYR && r != FLASH_CR && r != FLASH_SR && r != FLASH_CCR))
        return false;
    *bank = off >= H7_BANK2_REGS ? 1u : 0u;
    *reg = r;
    return *bank < fp_of(m)->banks;
}

static int reg_read(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size,
                    uint32_t *val)
{
    (void)who;
    struct mcu *m = ctx;
    struct h7_fc *fc = h7_fc(m);
    h7_flash_update(m, mcu_now(m));
    uint32_t reg = 0, r;
    unsigned bank;
    if (bank_reg(m, off & ~3u, &bank, &r)) {
        if (r == FLASH_CR)
            reg = fc->bank[bank].cr;
        else if (r == FLASH_SR)
            reg = sr_value(&fc->bank[bank]);
    } else if ((off & 0xFCu) == FLASH_ACR) {
        reg = fc->acr;
    } else if (!h7_options_reg_read(m, off & ~3u, &reg)) {
        reg = 0;
    }
    *val = sim_reg_extract(reg, off, size);
    return 0;
}

static int reg_write(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size,
                     uint32_t val)
{
    (void)who;
    struct mcu *m = ctx;
    struct h7_fc *fc = h7_fc(m);
    h7_flash_update(m, mcu_now(m));
    uint32_t r;
    unsigned bank;
    if (bank_reg(m, off & ~3u, &bank, &r)) {
        struct h7_bank *b = &fc->bank[bank];
        switch (r) {
        case FLASH_KEYR: return keyr_write(b, val);
        case FLASH_CR: cr_write(m, bank, sim_reg_merge(b->cr, off, size, val)); return 0;
        case FLASH_CCR: b->sr &= ~(sim_reg_merge(0, off, size, val) & SR_CLEARABLE); return 0;
        default: return 0;           /* SR is read-only */
        }
    }
    if ((off & 0xFCu) == FLASH_ACR) {
        fc->acr = sim_reg_merge(fc->acr, off, size, val);
        return 0;
    }
    int rc = h7_options_reg_write(m, off & ~3u, sim_reg_merge(0, off, size, val));
    return rc < 0 ? -1 : 0;
}

/* ---- The ops table ---- */

static size_t h7_nvm_size(const struct sim_chip_part *part)
{
    (void)part;
    return sizeof(struct h7_ob);
}

static void *h7_create(struct mcu *m)
{
    struct h7_fc *fc = calloc(1, sizeof *fc);
    if (fc)
        fc->fp = fp_of(m);
    return fc;
}

static void h7_destroy(void *fc)
{
    free(fc);
}

static void h7_init_fresh(struct mcu *m, const struct sim_board_config *cfg)
{
    h7_options_fresh(m, cfg);
}

/* ACR reset: LATENCY 7 wait states, WRHIGHFREQ 3 (SVD: 0x37). */
#define ACR_RESET 0x37u

static void h7_reset(struct mcu *m, bool power_on)
{
    struct h7_fc *fc = h7_fc(m);
    bool was_busy = h7_any_busy(m);
    for (unsigned i = 0; i < H7_MAX_BANKS; i++)
        fc->bank[i] = (struct h7_bank){ .cr = CR_LOCK | CR_RESET_PSIZE, .key = H7_KEY_LOCKED };
    fc->acr = ACR_RESET;
    h7_options_load(m);              /* aborts an option change, reloads CUR */
    h7_pwr_reset(m, power_on);
    /* H745/747 with BCM7 = 0: the Cortex-M7 stays gated after reset until
     * the M4 releases it (RCC_GCR.BOOT_C1, not modelled: it stays held). */
    if (fp_of(m)->dual_core)
        mcu_core_hold(m, 0, !(fc->cur.optsr & H7_OPTSR_BCM7));
    if (was_busy)
        mcu_flash_op_ended(m);
}

static int h7_rdp_level(const struct mcu *m)
{
    return h7_options_rdp_level(m);
}

bool h7_any_busy(const struct mcu *m)
{
    const struct h7_fc *fc = h7_fc(m);
    for (unsigned i = 0; i < H7_MAX_BANKS; i++)
        if (fc->bank[i].op != H7_OP_NONE)
            return true;
    return fc->opt_busy;
}

static sim_ns h7_program_ns(const struct mcu *m)
{
    const struct h7_fc *fc = h7_fc(m);
    return fp_of(m)->times->program[psize_index(m, &fc->bank[0])];
}

static uint32_t h7_boot_address(const struct mcu *m)
{
    return h7_options_boot_address(m);
}

/* H7A3/B3 keep the UID and flash-size words at 0x08FFF800 / 0x08FFF80C
 * (stm32-families.md §1.2), outside the system-memory page; other H7s have
 * them in it (the layout's uid_addr/fsize_addr). */
#define H7A3_INFO_BASE 0x08FFF000u
#define H7A3_INFO_SIZE 0x1000u
#define H7A3_UID_OFF   0x800u
#define H7A3_FSIZE_OFF 0x80Cu

static int info_read(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size,
                     uint32_t *val)
{
    (void)who;
    const struct mcu *m = ctx;
    uint32_t reg = 0;
    if ((off & ~3u) >= H7A3_UID_OFF && (off & ~3u) < H7A3_UID_OFF + 12)
        reg = 0x00300000u + (uint32_t)m->part->dev_id * 0x10u + ((off & ~3u) - H7A3_UID_OFF);
    else if ((off & ~3u) == H7A3_FSIZE_OFF)
        reg = m->part->flash_kib;
    *val = sim_reg_extract(reg, off, size);
    return 0;
}

static int info_write(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size,
                      uint32_t val)
{
    (void)ctx, (void)who, (void)off, (void)size, (void)val;
    return 0;                        /* read-only area */
}

static void h7_add_peripherals(struct mcu *m)
{
    h7_pwr_add(m);
    if (m->lay->fsize_addr == 0 && m->nregions < sizeof m->regions / sizeof m->regions[0])
        m->regions[m->nregions++] = (struct sim_region){
            .name = "h7-info", .base = H7A3_INFO_BASE, .size = H7A3_INFO_SIZE,
            .read = info_read, .write = info_write, .ctx = m };
}

/* PG set on an unlocked bank: the next CPU store fills the write buffer. */
static bool h7_program_armed(const struct mcu *m)
{
    const struct h7_fc *fc = h7_fc(m);
    for (unsigned i = 0; i < fp_of(m)->banks; i++)
        if (fc->bank[i].key == H7_KEY_UNLOCKED && (fc->bank[i].cr & CR_PG))
            return true;
    return false;
}

static sim_ns h7_busy_until(const struct mcu *m)
{
    const struct h7_fc *fc = h7_fc(m);
    sim_ns t = 0;
    for (unsigned i = 0; i < fp_of(m)->banks; i++)
        if (fc->bank[i].op != H7_OP_NONE && (t == 0 || fc->bank[i].busy_until < t))
            t = fc->bank[i].busy_until;
    if (fc->opt_busy && (t == 0 || fc->opt_until < t))
        t = fc->opt_until;
    return t;
}

static uint32_t h7_boot_address2(const struct mcu *m)
{
    /* H745/747: the Cortex-M4 boots from BOOT_CM4_ADD0/1 when BCM4 is set
     * (RM0399 FLASH_BOOT4/OPTSR.BCM4); otherwise it waits for the M7 (RCC_GCR.BOOT_C2). */
    const struct h7_fc *fc = h7_fc(m);
    if (!fp_of(m)->dual_core || !(fc->cur.optsr & H7_OPTSR_BCM4))
        return MCU_BOOT_HELD;
    uint32_t add = m->boot0 ? fc->cur.boot4 >> 16 : fc->cur.boot4 & 0xFFFFu;
    return add << 16;
}

static bool h7_debug_alive(const struct mcu *m)
{
    return !h7_fc(m)->pwr.supply_failed;
}

const struct mcu_flash_ops sim_fc_h7 = {
    .name = "STM32H7 embedded flash (RM0433, RM0399, RM0468, RM0455)",
    .erased = 0xFF,
    .nvm_size = h7_nvm_size,
    .create = h7_create,
    .destroy = h7_destroy,
    .init_fresh = h7_init_fresh,
    .reset = h7_reset,
    .rdp_level = h7_rdp_level,
    .busy = h7_any_busy,
    .update = h7_flash_update,
    .program_ns = h7_program_ns,
    .reg_read = reg_read,
    .reg_write = reg_write,
    .flash_read = flash_read,
    .flash_write = flash_write,
    .boot_address = h7_boot_address,
    .add_peripherals = h7_add_peripherals,
    .debug_alive = h7_debug_alive,
    .program_armed = h7_program_armed,
    .busy_until = h7_busy_until,
    .boot_address2 = h7_boot_address2,
};
