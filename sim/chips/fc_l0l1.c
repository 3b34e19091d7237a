/* STM32L0/L1 flash controller: registers, the PEKEYR/PRGKEYR/OPTKEYR
 * unlock sequences, program memory (word, half-page, page erase) with the
 * datasheet's timing, and the plug-in table for the generic chip
 * (chips/mcu.h).  RM0367 §3 (L0x3), RM0038 §3 (L1); stm32-families.md §2.3.
 *
 * Erased program memory reads 0x00 and programming sets bits (0 -> 1).
 * There is no mass-erase bit: the RDP 1 -> 0 regression erases everything
 * (fc_l0l1_options.c). */
#include <stdlib.h>
#include <string.h>

#include "chips/fc_l0l1.h"

/* Register offsets (RM0367 §3.7, RM0038 §3.9) */
#define REG_ACR      0x00u
#define REG_PECR     0x04u
#define REG_PDKEYR   0x08u
#define REG_PEKEYR   0x0Cu
#define REG_PRGKEYR  0x10u
#define REG_OPTKEYR  0x14u
#define REG_SR       0x18u
#define REG_OBR      0x1Cu       /* OPTR on L0 */
#define REG_WRPR1    0x20u
#define REG_WRPR2    0x80u
#define REG_WRPR3    0x84u
#define REG_WRPR4    0x88u

/* Unlock keys (stm32-families.md §2, RM0367 §3.3.1) */
#define PEKEY1       0x89ABCDEFu
#define PEKEY2       0x02030405u
#define PRGKEY1      0x8C9DAEBFu
#define PRGKEY2      0x13141516u
#define OPTKEY1      0xFBEAD9C8u
#define OPTKEY2      0x24252627u

#define ACR_WRITABLE 0x7Fu       /* LATENCY, PRFTEN, ACC64 (L1), SLEEP_PD, RUN_PD, ... */
#define SR_W1C       (L0L1_SR_EOP | L0L1_SR_WRPERR | L0L1_SR_PGAERR | L0L1_SR_SIZERR | \
                      L0L1_SR_OPTVERR | L0L1_SR_OPTVERRUSR | L0L1_SR_RDERR |            \
                      L0L1_SR_NOTZEROERR | L0L1_SR_FWWERR)
/* Idle: high voltage off and the memory ready (SR reset value 0x0C). */
#define SR_IDLE      (L0L1_SR_ENDHV | L0L1_SR_READY)

/* ---- Shared helpers ---- */

bool l0l1_pe_unlocked(const struct mcu *m)
{
    return !(l0l1_fc(m)->pecr & L0L1_PECR_PELOCK);
}

bool l0l1_access_blocked(const struct mcu *m)
{
    return l0l1_options_rdp_level(m) == 1 && mcu_rdp1_blocks_debug(m);
}

void l0l1_set_error(struct mcu *m, uint32_t bits)
{
    l0l1_fc(m)->sr |= bits;
}

void l0l1_start_busy(struct mcu *m, enum l0l1_op op, sim_ns duration)
{
    /* A write arriving while an operation runs waits for it (the AHB
     * stalls a CPU store; a loader writing the next half-page back to
     * back is served after the current one, as on silicon). */
    struct l0l1_fc *fc = l0l1_fc(m);
    sim_ns now = mcu_now(m);
    bool was_busy = fc->op != L0L1_OP_NONE;
    sim_ns start = was_busy && fc->busy_until > now ? fc->busy_until : now;
    if (fc->op != L0L1_OP_REGRESSION)
        fc->op = op;
    fc->busy_until = start + duration;
    sim_stats.flash_busy_ns += duration;
    if (!was_busy)
        mcu_flash_op_started(m);
}

static void update(struct mcu *m, sim_ns now)
{
    struct l0l1_fc *fc = l0l1_fc(m);
    if (fc->op == L0L1_OP_NONE || fc->busy_until > now)
        return;
    enum l0l1_op done = fc->op;
    fc->op = L0L1_OP_NONE;
    if (done == L0L1_OP_OPTION || done == L0L1_OP_REGRESSION)
        l0l1_options_complete(m, done);
    /* EOP is set by every successful operation (RM0367 §3.7.8). */
    fc->sr |= L0L1_SR_EOP;
    mcu_flash_op_ended(m);
}

/* ---- Program memory (RM0367 §3.3.4-3.3.6, RM0038 §3.5) ---- */

static uint32_t word_at(const struct mcu *m, uint32_t off)
{
    uint32_t w;
    memcpy(&w, m->flash + off, 4);
    return w;
}

/* Erased is 0: programming ORs the new bits in.  L0 refuses a word that
 * is not zero (NOTZEROERR) unless PECR.NZDISABLE (cat.5) is set. */
static bool notzero_refused(const struct mcu *m, uint32_t off, uint32_t len)
{
    const struct l0l1_fc *fc = l0l1_fc(m);
    if (l0l1_part(m)->gen != L0L1_GEN_L0 || (fc->pecr & L0L1_PECR_NZDISABLE))
        return false;
    for (uint32_t o = off; o < off + len; o += 4)
        if (word_at(m, o) != 0)
            return true;
    return false;
}

static void store_word(struct mcu *m, uint32_t off, uint32_t val)
{
    uint32_t w = word_at(m, off) | val;
    memcpy(m->flash + off, &w, 4);
}

static int word_program(struct mcu *m, uint32_t off, uint32_t val)
{
    if (l0l1_sector_protected(m, off)) {
        l0l1_set_error(m, L0L1_SR_WRPERR);
        return 0;
    }
    if (notzero_refused(m, off, 4)) {
        l0l1_set_error(m, L0L1_SR_NOTZEROERR);
        return 0;
    }
    store_word(m, off, val);
    mcu_flash_changed(m, off, 4);
    sim_stats.flash_bytes_programmed += 4;
    l0l1_start_busy(m, L0L1_OP_PROGRAM, l0l1_part(m)->tprog);
    return 0;
}

static int page_erase(struct mcu *m, uint32_t off)
{
    uint32_t page = l0l1_part(m)->page_bytes;
    uint32_t start = off & ~(page - 1u);
    if (l0l1_sector_protected(m, start)) {
        l0l1_set_error(m, L0L1_SR_WRPERR);
        return 0;
    }
    memset(m->flash + start, 0, page);
    mcu_flash_changed(m, start, page);
    sim_stats.flash_erases++;
    l0l1_start_busy(m, L0L1_OP_ERASE, l0l1_part(m)->tprog);
    return 0;
}

/* Half-page: FPRG and PROG set, then every word of one half-page (16 on
 * L0, 32 on L1); the program cycle starts with the last one.  A word
 * outside the half-page being filled is a PGAERR and drops the latch. */
static int half_page_word(struct mcu *m, uint32_t off, uint32_t val)
{
    struct l0l1_fc *fc = l0l1_fc(m);
    uint32_t hp = l0l1_part(m)->page_bytes / 2u;
    uint32_t words = hp / 4u;
    uint32_t base = off & ~(hp - 1u);
    if (!fc->hp_open) {
        fc->hp_open = true;
        fc->hp_off = base;
        fc->hp_seen = 0;
    } else if (base != fc->hp_off) {
        fc->hp_open = false;
        l0l1_set_error(m, L0L1_SR_PGAERR);
        return 0;
    }
    unsigned i = (off - base) / 4u;
    fc->hp_data[i] = val;
    fc->hp_seen |= 1u << i;
    uint32_t all = words >= 32 ? 0xFFFFFFFFu : (1u << words) - 1u;
    if (fc->hp_seen != all)
        return 0;
    fc->hp_open = false;
    if (l0l1_sector_protected(m, base)) {
        l0l1_set_error(m, L0L1_SR_WRPERR);
        return 0;
    }
    if (notzero_refused(m, base, hp)) {
        l0l1_set_error(m, L0L1_SR_NOTZEROERR);
        return 0;
    }
    for (uint32_t k = 0; k < words; k++)
        store_word(m, base + 4u * k, fc->hp_data[k]);
    mcu_flash_changed(m, base, hp);
    sim_stats.flash_bytes_programmed += hp;
    l0l1_start_busy(m, L0L1_OP_PROGRAM, l0l1_part(m)->tprog);
    return 0;
}

static int flash_write(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                       unsigned size, uint32_t val)
{
    (void)who;
    struct l0l1_fc *fc = l0l1_fc(m);
    update(m, mcu_now(m));
    if (off >= m->flash_size || size > m->flash_size - off)
        return -1;
    if (l0l1_access_blocked(m))
        return -1;                       /* RDP level 1: bus error */
    /* A write to locked program memory is a bus error (RM0367 §3.3.4) [R]. */
    if (fc->pecr & (L0L1_PECR_PELOCK | L0L1_PECR_PRGLOCK))
        return -1;
    if (size != 4) {
        l0l1_set_error(m, L0L1_SR_SIZERR);   /* program memory: words only */
        return 0;
    }
    uint32_t p = fc->pecr;
    if ((p & L0L1_PECR_ERASE) && (p & L0L1_PECR_PROG))
        return page_erase(m, off);
    if ((p & L0L1_PECR_FPRG) && (p & L0L1_PECR_PROG))
        return half_page_word(m, off, val);
    return word_program(m, off, val);
}

static int flash_read(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                      unsigned size, uint32_t *val)
{
    if (who == SIM_BUS_DEBUG && l0l1_access_blocked(m))
        return -1;                       /* AHB error: RDP level 1 */
    if (off >= m->flash_size || size > m->flash_size - off)
        return -1;
    if (l0l1_sector_pcrop(m, off)) {     /* L0 WPRMOD=1: execute only */
        l0l1_set_error(m, L0L1_SR_RDERR);
        return -1;
    }
    *val = 0;
    memcpy(val, m->flash + off, size);
    return 0;
}

/* ---- Registers ---- */

/* One key sequence: KEY1 then KEY2 while the bit is locked.  A wrong key,
 * a key out of order or a third write is a bus error and locks the
 * register until the next reset (RM0367 §3.3.1). */
static int key_write(struct mcu *m, unsigned *step, uint32_t val, uint32_t key1,
                     uint32_t key2, uint32_t lock_bit, bool needs_pe)
{
    struct l0l1_fc *fc = l0l1_fc(m);
    bool ok = !fc->keys_blocked && (fc->pecr & lock_bit) &&
              (!needs_pe || !(fc->pecr & L0L1_PECR_PELOCK));
    if (ok && *step == 0 && val == key1) {
        *step = 1;
        return 0;
    }
    if (ok && *step == 1 && val == key2) {
        *step = 0;
        fc->pecr &= ~lock_bit;
        return 0;
    }
    fc->keys_blocked = true;
    fc->pecr |= L0L1_PECR_LOCKS;
    *step = 0;
    return -1;
}

static uint32_t pecr_writable(const struct mcu *m)
{
    const struct l0l1_part *p = l0l1_part(m);
    uint32_t w = L0L1_PECR_PROG | L0L1_PECR_DATA | L0L1_PECR_FIX | L0L1_PECR_ERASE |
                 L0L1_PECR_FPRG | L0L1_PECR_EOPIE | L0L1_PECR_ERRIE;
    if (p->bank2_off)
        w |= L0L1_PECR_PARALLBANK;
    if (p->gen == L0L1_GEN_L0)
        w |= L0L1_PECR_HALF_ARRAY;
    if (p->has_nzdisable)
        w |= L0L1_PECR_NZDISABLE;
    return w;
}

static int pecr_write(struct mcu *m, uint32_t val)
{
    struct l0l1_fc *fc = l0l1_fc(m);
    if (fc->pecr & L0L1_PECR_PELOCK)
        return 0;                        /* locked: "can't be written" */
    /* Lock bits are only set by software; keys clear them.  Setting
     * PELOCK puts the whole register back to its reset value: tools
     * relock by writing PECR | 7 with ERASE/PROG/FPRG still set and later
     * unlock and program without clearing them (stlink-org common.c,
     * openocd stm32lx.c), which works on silicon only this way [R]. */
    if (val & L0L1_PECR_PELOCK) {
        fc->pecr = L0L1_PECR_LOCKS;
        fc->hp_open = false;
        return 0;
    }
    uint32_t locks = (fc->pecr | val) & L0L1_PECR_LOCKS;
    fc->pecr = locks | (val & pecr_writable(m));
    if ((fc->pecr & (L0L1_PECR_FPRG | L0L1_PECR_PROG)) != (L0L1_PECR_FPRG | L0L1_PECR_PROG))
        fc->hp_open = false;
    /* OBL_LAUNCH (OPTLOCK clear): reload the options with a system reset
     * (RM0367 §3.4.3); the reset puts PECR back to its locked value. */
    if ((val & L0L1_PECR_OBL_LAUNCH) && !(locks & L0L1_PECR_OPTLOCK))
        mcu_system_reset(m);
    return 0;
}

static uint32_t sr_value(const struct mcu *m)
{
    const struct l0l1_fc *fc = l0l1_fc(m);
    if (fc->op != L0L1_OP_NONE)
        return fc->sr | L0L1_SR_BSY | L0L1_SR_READY;   /* high voltage on */
    return fc->sr | SR_IDLE;
}

static int reg_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                    unsigned size, uint32_t *val)
{
    (void)who;
    struct mcu *m = ctx;
    struct l0l1_fc *fc = l0l1_fc(m);
    update(m, mcu_now(m));
    uint32_t reg = 0;
    switch (off & ~3u) {
    case REG_ACR:   reg = fc->acr; break;
    case REG_PECR:  reg = fc->pecr; break;
    case REG_SR:    reg = sr_value(m); break;
    case REG_OBR:   reg = l0l1_optr_value(m); break;
    case REG_WRPR1: reg = l0l1_wrpr_value(m, 0); break;
    case REG_WRPR2: reg = l0l1_wrpr_value(m, 1); break;
    case REG_WRPR3: reg = l0l1_wrpr_value(m, 2); break;
    case REG_WRPR4: reg = l0l1_wrpr_value(m, 3); break;
    default:        break;               /* key registers are write-only */
    }
    *val = sim_reg_extract(reg, off, size);
    return 0;
}

static int reg_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                     unsigned size, uint32_t val)
{
    (void)who;
    struct mcu *m = ctx;
    struct l0l1_fc *fc = l0l1_fc(m);
    update(m, mcu_now(m));
    switch (off & ~3u) {
    case REG_ACR:
        fc->acr = sim_reg_merge(fc->acr, off, size, val) & ACR_WRITABLE;
        return 0;
    case REG_PECR:
        return pecr_write(m, sim_reg_merge(fc->pecr, off, size, val));
    case REG_PEKEYR:
        return key_write(m, &fc->pe_keys, val, PEKEY1, PEKEY2, L0L1_PECR_PELOCK, false);
    case REG_PRGKEYR:
        return key_write(m, &fc->prg_keys, val, PRGKEY1, PRGKEY2, L0L1_PECR_PRGLOCK, true);
    case REG_OPTKEYR:
        return key_write(m, &fc->opt_keys, val, OPTKEY1, OPTKEY2, L0L1_PECR_OPTLOCK, true);
    case REG_SR:
        fc->sr &= ~(sim_reg_merge(0, off, size, val) & SR_W1C);
        return 0;
    case REG_PDKEYR:                     /* power-down keys: no model */
    default:
        return 0;
    }
}

/* ---- Plug-in entry points ---- */

static size_t nvm_size(const struct sim_chip_part *part)
{
    const struct mcu_part_data *pd = part->family_data;
    const struct l0l1_part *p = pd->flash_data;
    return L0L1_OPT_IMAGE + p->eeprom_bytes;
}

static void *create(struct mcu *m)
{
    (void)m;
    return calloc(1, sizeof(struct l0l1_fc));
}

static void destroy(void *fc)
{
    free(fc);
}

static void init_fresh(struct mcu *m, const struct sim_board_config *cfg)
{
    l0l1_options_init_fresh(m, cfg);
}

static void reset(struct mcu *m, bool power_on)
{
    (void)power_on;
    struct l0l1_fc *fc = l0l1_fc(m);
    bool was_busy = fc->op != L0L1_OP_NONE;
    /* PECR reset value 0x00000007: everything locked (RM0367 §3.7.2). */
    *fc = (struct l0l1_fc){ .pecr = L0L1_PECR_LOCKS, .op = L0L1_OP_NONE };
    if (was_busy)
        mcu_flash_op_ended(m);
    l0l1_options_load(m);
}

static int rdp_level(const struct mcu *m)
{
    return l0l1_options_rdp_level(m);
}

static bool busy(const struct mcu *m)
{
    return l0l1_fc(m)->op != L0L1_OP_NONE;
}

static sim_ns program_ns(const struct mcu *m)
{
    return l0l1_part(m)->tprog;
}

/* Program memory unlocked: the next CPU store programs a word (no PG bit
 * on this controller), so the shell runs the core in tPROG slices. */
static bool program_armed(const struct mcu *m)
{
    return !(l0l1_fc(m)->pecr & (L0L1_PECR_PELOCK | L0L1_PECR_PRGLOCK));
}

static sim_ns busy_until(const struct mcu *m)
{
    return l0l1_fc(m)->busy_until;
}

static uint32_t boot_address(const struct mcu *m)
{
    return l0l1_boot_address(m);
}

static void add_peripherals(struct mcu *m)
{
    l0l1_eeprom_add_region(m);
}

const struct mcu_flash_ops mcu_fc_l0l1 = {
    .name = "STM32L0/L1 PECR flash (RM0367 §3, RM0038 §3)",
    .erased = 0x00,
    .nvm_size = nvm_size,
    .create = create,
    .destroy = destroy,
    .init_fresh = init_fresh,
    .reset = reset,
    .rdp_level = rdp_level,
    .busy = busy,
    .update = update,
    .program_ns = program_ns,
    .reg_read = reg_read,
    .reg_write = reg_write,
    .flash_read = flash_read,
    .flash_write = flash_write,
    .opt_read = l0l1_opt_read,
    .opt_write = l0l1_opt_write,
    .sys_write = NULL,
    .boot_address = boot_address,
    .add_peripherals = add_peripherals,
    .debug_alive = NULL,
    .program_armed = program_armed,
    .busy_until = busy_until,
};
