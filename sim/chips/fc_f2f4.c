/* STM32F2/F4/F7 flash interface (RM0090 §3 "Embedded Flash memory
 * interface", RM0385/RM0410 §3; stm32-families.md §2.2): keys, program and
 * erase with the datasheet's timing, BSY, error flags, write protection,
 * OTP; the plug-in's operations table.  Option bytes: fc_f2f4_options.c. */
#include <stdlib.h>
#include <string.h>

#include "chips/fc_f2f4.h"

/* Register offsets (RM0090 §3.9, RM0410 §3.7) */
#define FLASH_ACR       0x00u
#define FLASH_KEYR      0x04u
#define FLASH_OPTKEYR   0x08u
#define FLASH_SR        0x0Cu
#define FLASH_CR        0x10u
#define FLASH_OPTCR     0x14u
#define FLASH_OPTCR1    0x18u

/* RM0090 §3.5.1 unlock keys */
#define FLASH_KEY1      0x45670123u
#define FLASH_KEY2      0xCDEF89ABu

/* FLASH_SR (RM0090 §3.9.4); error bits and EOP are write-1-to-clear.
 * Bit 7 is PGSERR on F2/F4, ERSERR on F7: same role. */
#define SR_EOP          (1u << 0)
#define SR_OPERR        (1u << 1)
#define SR_WRPERR       (1u << 4)
#define SR_PGAERR       (1u << 5)
#define SR_PGPERR       (1u << 6)
#define SR_PGSERR       (1u << 7)
#define SR_BSY          (1u << 16)
#define SR_W1C          (SR_EOP | SR_OPERR | SR_WRPERR | SR_PGAERR | \
                         SR_PGPERR | SR_PGSERR)

/* FLASH_CR (RM0090 §3.9.5, RM0410 §3.7.5), reset value 0x80000000 */
#define CR_PG           (1u << 0)
#define CR_SER          (1u << 1)
#define CR_MER          (1u << 2)
#define CR_SNB_SHIFT    3u
#define CR_SNB_MASK     (0x1Fu << CR_SNB_SHIFT)
#define CR_PSIZE_SHIFT  8u
#define CR_PSIZE_MASK   (3u << CR_PSIZE_SHIFT)
#define CR_MER1         (1u << 15)     /* bank 2 mass erase (F76x dual bank) */
#define CR_STRT         (1u << 16)
#define CR_EOPIE        (1u << 24)
#define CR_ERRIE        (1u << 25)
#define CR_LOCK         (1u << 31)
#define CR_RESET        CR_LOCK
#define CR_WRITABLE     (CR_PG | CR_SER | CR_MER | CR_SNB_MASK | CR_PSIZE_MASK | \
                         CR_EOPIE | CR_ERRIE)
#define SNB_BANK2       0x10u          /* dual bank: bank-2 sector k is k | 0x10 */

/* RM0090 §3.5.4: a program access may not cross a 128-bit row. */
#define FLASH_ROW_BYTES 16u
#define OTP_BLOCKS      16u            /* RM0090 §3.8: 16 blocks, one lock byte each */
#define OTP_LOCKED      0x00u

static unsigned psize_code(const struct f24 *f)
{
    return (f->cr & CR_PSIZE_MASK) >> CR_PSIZE_SHIFT;
}

bool f24_busy(const struct mcu *m)
{
    return f24_cof(m)->op != F24_OP_NONE;
}

/* ---- Geometry (stm32-families.md §2.2: with M the largest sector,
 * sectors 0-3 = M/8, 4 = M/2, then M; per bank in dual-bank mode) ---- */

static uint32_t bank_size(const struct mcu *m)
{
    return f24_dual_bank(m) ? m->flash_size / 2u : m->flash_size;
}

static uint32_t largest(const struct mcu *m)
{
    const struct fc_f2f4_part *r = f24_cof(m)->row;
    return f24_dual_bank(m) ? r->dual_largest : r->largest_sector;
}

static uint32_t size_in_bank(uint32_t big, unsigned i)
{
    return i < 4 ? big / 8u : i == 4 ? big / 2u : big;
}

static unsigned sectors_per_bank(const struct mcu *m)
{
    unsigned n = 0;
    for (uint32_t a = 0; a < bank_size(m); a += size_in_bank(largest(m), n))
        n++;
    return n;
}

static uint32_t sector_size(const struct mcu *m, unsigned i)
{
    return size_in_bank(largest(m), i % sectors_per_bank(m));
}

static uint32_t sector_start(const struct mcu *m, unsigned i)
{
    uint32_t a = 0;
    for (unsigned k = 0; k < i; k++)
        a += sector_size(m, k);
    return a;
}

unsigned f24_sector_count(const struct mcu *m)
{
    return f24_dual_bank(m) ? 2u * sectors_per_bank(m) : sectors_per_bank(m);
}

bool f24_sector_of(const struct mcu *m, uint32_t off, unsigned *sector)
{
    uint32_t a = 0;
    for (unsigned i = 0; i < f24_sector_count(m); a += sector_size(m, i), i++) {
        if (off < a + sector_size(m, i)) {
            *sector = i;
            return true;
        }
    }
    return false;
}

/* SNB as written to FLASH_CR -> sector index, or false. */
static bool sector_of_snb(const struct mcu *m, unsigned snb, unsigned *sector)
{
    unsigned per = sectors_per_bank(m);
    if (f24_dual_bank(m) && (snb & SNB_BANK2)) {
        *sector = per + (snb & ~SNB_BANK2);
        return (snb & ~SNB_BANK2) < per;
    }
    *sector = snb;
    return snb < per;
}

static sim_ns sector_erase_time(const struct mcu *m, unsigned i)
{
    const struct f24 *f = f24_cof(m);
    unsigned k = i % sectors_per_bank(m), ps = psize_code(f);
    return k < 4 ? f->row->times->sector_small[ps]
         : k == 4 ? f->row->times->sector_mid[ps]
                  : f->row->times->sector_large[ps];
}

sim_ns f24_mass_erase_time(const struct mcu *m)
{
    const struct f24 *f = f24_cof(m);
    return f->row->times->mass[psize_code(f)];
}

/* ---- Busy state ---- */

void f24_start_busy(struct mcu *m, enum f24_op op, sim_ns duration)
{
    struct f24 *f = f24_of(m);
    f->op = op;
    f->busy_until = mcu_now(m) + duration;
    sim_stats.flash_busy_ns += duration;   /* the benchmarks' flash-bound limit */
    mcu_flash_op_started(m);
}

static void set_error(struct f24 *f, uint32_t bit)
{
    f->sr |= bit;
    if (f->cr & CR_ERRIE)          /* OPERR only with ERRIE (RM0090 §3.9.4) */
        f->sr |= SR_OPERR;
}

static void fc_update(struct mcu *m, sim_ns now)
{
    struct f24 *f = f24_of(m);
    if (f->op == F24_OP_NONE || f->busy_until > now)
        return;
    switch (f->op) {
    case F24_OP_SECTOR_ERASE: {
        uint32_t a = sector_start(m, f->sector), n = sector_size(m, f->sector);
        memset(m->flash + a, 0xFF, n);
        mcu_flash_changed(m, a, n);
        sim_stats.flash_erases++;
        break;
    }
    case F24_OP_MASS_ERASE: {
        uint32_t half = bank_size(m);
        if (f->mass_bank[0])
            memset(m->flash, 0xFF, half);
        if (f->mass_bank[1] || !f24_dual_bank(m))
            memset(m->flash + (f24_dual_bank(m) ? half : 0u), 0xFF,
                   f24_dual_bank(m) ? half : m->flash_size);
        mcu_flash_changed(m, 0, m->flash_size);
        sim_stats.flash_erases++;
        break;
    }
    case F24_OP_OPTIONS:
        f24_options_complete(m);
        break;
    case F24_OP_PROGRAM:
    case F24_OP_NONE:
        break;
    }
    f->op = F24_OP_NONE;
    mcu_flash_op_ended(m);
    /* RM0090 §3.9.4: EOP "is set only if the end of operation interrupts
     * are enabled (EOPIE = 1)". */
    if (f->cr & CR_EOPIE)
        f->sr |= SR_EOP;
}

/* ---- Erase (RM0090 §3.5.3) ---- */

static bool range_protected(const struct mcu *m, unsigned first, unsigned n)
{
    for (unsigned i = first; i < first + n; i++)
        if (f24_sector_protected(m, i))
            return true;
    return false;
}

static void start_mass_erase(struct mcu *m)
{
    struct f24 *f = f24_of(m);
    bool dual = f24_dual_bank(m);
    unsigned per = sectors_per_bank(m);
    f->mass_bank[0] = !dual || (f->cr & CR_MER);
    f->mass_bank[1] = dual && (f->cr & CR_MER1);
    if ((f->mass_bank[0] && range_protected(m, 0, per)) ||
        (f->mass_bank[1] && range_protected(m, per, per)) ||
        (f24_rdp_level(m) == 1 && mcu_rdp1_blocks_debug(m))) {
        set_error(f, SR_WRPERR);
        return;
    }
    sim_ns t = f24_mass_erase_time(m);
    if (dual && !(f->mass_bank[0] && f->mass_bank[1]))
        t /= 2u;                   /* one bank of two */
    f24_start_busy(m, F24_OP_MASS_ERASE, t);
}

static void start_erase(struct mcu *m)
{
    struct f24 *f = f24_of(m);
    uint32_t cr = f->cr;
    bool mer = cr & (CR_MER | CR_MER1);
    if ((cr & CR_SER) && mer) {
        set_error(f, SR_PGSERR);   /* "neither ... can be performed" */
        return;
    }
    if (mer) {
        start_mass_erase(m);
        return;
    }
    unsigned sector;
    if (!sector_of_snb(m, (cr & CR_SNB_MASK) >> CR_SNB_SHIFT, &sector)) {
        set_error(f, SR_PGSERR);
        return;
    }
    if (f24_sector_protected(m, sector) ||
        (f24_rdp_level(m) == 1 && mcu_rdp1_blocks_debug(m))) {
        set_error(f, SR_WRPERR);
        return;
    }
    f->sector = sector;
    f24_start_busy(m, F24_OP_SECTOR_ERASE, sector_erase_time(m, sector));
}

/* ---- Program (RM0090 §3.5.4) ---- */

static bool program_allowed(struct f24 *f, uint32_t off, unsigned size)
{
    /* SER/MER left set by an earlier erase do not matter to a write with
     * PG set (st-flash programs F4 with CR = PG|SER|SNB|PSIZE, which real
     * parts accept); "erase and program together" is about STRT. */
    if (f->key != F24_KEY_UNLOCKED || !(f->cr & CR_PG) ||
        (f->op != F24_OP_NONE && f->op != F24_OP_PROGRAM)) {
        set_error(f, SR_PGSERR);
        return false;
    }
    if (size != (1u << psize_code(f))) {
        set_error(f, SR_PGPERR);
        return false;
    }
    if ((off % FLASH_ROW_BYTES) + size > FLASH_ROW_BYTES) {
        set_error(f, SR_PGAERR);
        return false;
    }
    return true;
}

/* Bits only go 1 -> 0: "Writing '1' requires a Flash memory erase
 * operation" (RM0090 §3.5.4); no error flag, the cell keeps its 0. */
static bool program_bytes(uint8_t *dst, unsigned size, uint32_t val)
{
    bool changed = false;
    for (unsigned i = 0; i < size; i++) {
        uint8_t b = dst[i] & (uint8_t)(val >> (8u * i));
        changed |= b != dst[i];
        dst[i] = b;
    }
    return changed;
}

static void program_busy(struct mcu *m, unsigned size)
{
    /* Back-to-back CPU writes queue behind the running one (the bus stalls
     * the CPU; the debugger gets WAIT before it gets here). */
    struct f24 *f = f24_of(m);
    sim_ns now = mcu_now(m);
    sim_ns start = (f->op == F24_OP_PROGRAM && f->busy_until > now)
                       ? f->busy_until : now;
    f->op = F24_OP_PROGRAM;
    f->busy_until = start + f->row->times->program;
    sim_stats.flash_busy_ns += f->row->times->program;
    mcu_flash_op_started(m);
    sim_stats.flash_bytes_programmed += size;
}

static int fc_flash_read(struct mcu *m, enum sim_bus_initiator who,
                         uint32_t off, unsigned size, uint32_t *val)
{
    /* RM0090 §3.7.3: level 1, debugger connected: AHB error. */
    if (who == SIM_BUS_DEBUG && f24_rdp_level(m) == 1 && mcu_rdp1_blocks_debug(m))
        return -1;
    *val = 0;
    memcpy(val, m->flash + off, size);
    return 0;
}

static int fc_flash_write(struct mcu *m, enum sim_bus_initiator who,
                          uint32_t off, unsigned size, uint32_t val)
{
    (void)who;
    struct f24 *f = f24_of(m);
    fc_update(m, mcu_now(m));
    if (f24_rdp_level(m) == 1 && mcu_rdp1_blocks_debug(m))
        return -1;
    if (!program_allowed(f, off, size))
        return 0;
    unsigned sector;
    if (f24_sector_of(m, off, &sector) && f24_sector_protected(m, sector)) {
        set_error(f, SR_WRPERR);
        return 0;
    }
    /* Translated code only goes stale if a byte changed. */
    if (program_bytes(m->flash + off, size, val))
        mcu_flash_changed(m, off, size);
    program_busy(m, size);
    return 0;
}

/* ---- OTP in the system page (RM0090 §3.8, RM0385 §3.6) ---- */

static uint8_t *otp_nvm(struct mcu *m)
{
    return m->nvm_ctl + F24_NVM_OTP;
}

static int fc_sys_write(struct mcu *m, enum sim_bus_initiator who,
                        uint32_t off, unsigned size, uint32_t val)
{
    (void)who;
    struct f24 *f = f24_of(m);
    const struct fc_f2f4_part *r = f->row;
    uint32_t otp_off = r->otp_addr - m->lay->sysmem_base;
    uint32_t total = r->otp_data + F24_OTP_LOCK;
    fc_update(m, mcu_now(m));
    if (off < otp_off || off - otp_off >= total)
        return 0;                       /* ROM: writes ignored */
    uint32_t o = off - otp_off;
    if (!program_allowed(f, o, size))
        return 0;
    /* A lock byte at 0x00 freezes its block. */
    if (o < r->otp_data &&
        otp_nvm(m)[r->otp_data + o / (r->otp_data / OTP_BLOCKS)] == OTP_LOCKED) {
        set_error(f, SR_WRPERR);
        return 0;
    }
    if (o + size > total)
        return -1;
    if (program_bytes(otp_nvm(m) + o, size, val)) {
        memcpy(m->sysmem + off, otp_nvm(m) + o, size);
        mcu_sysmem_changed(m, off, size);
    }
    program_busy(m, size);
    return 0;
}

/* ---- Registers ---- */

static int keyr_write(struct f24 *f, uint32_t val)
{
    /* RM0090 §3.5.1: a wrong sequence locks FLASH_CR until the next reset
     * and the access gets a bus error (HardFault on the CPU). */
    switch (f->key) {
    case F24_KEY_LOCKED:
        if (val == FLASH_KEY1) {
            f->key = F24_KEY_GOT_KEY1;
            return 0;
        }
        break;
    case F24_KEY_GOT_KEY1:
        if (val == FLASH_KEY2) {
            f->key = F24_KEY_UNLOCKED;
            f->cr &= ~CR_LOCK;
            return 0;
        }
        break;
    case F24_KEY_UNLOCKED:          /* a key while unlocked is a wrong sequence */
    case F24_KEY_BLOCKED:
        break;
    }
    f->key = F24_KEY_BLOCKED;
    f->cr |= CR_LOCK;
    return -1;
}

static void cr_write(struct mcu *m, uint32_t val)
{
    struct f24 *f = f24_of(m);
    if (f->key != F24_KEY_UNLOCKED)
        return;                     /* locked: writes ignored */
    uint32_t writable = CR_WRITABLE | (f->row->dual_largest ? CR_MER1 : 0u);
    f->cr = (f->cr & ~writable) | (val & writable);
    if (val & CR_LOCK) {
        f->cr |= CR_LOCK;
        f->key = F24_KEY_LOCKED;
        return;
    }
    if ((val & CR_STRT) && f->op == F24_OP_NONE)
        start_erase(m);
}

static int fc_reg_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                       unsigned size, uint32_t *val)
{
    (void)who;
    struct mcu *m = ctx;
    struct f24 *f = f24_of(m);
    fc_update(m, mcu_now(m));
    uint32_t reg;
    switch (off & ~3u) {
    case FLASH_ACR:    reg = f->acr; break;
    case FLASH_SR:     reg = f->sr | (f->op != F24_OP_NONE ? SR_BSY : 0u); break;
    case FLASH_CR:     reg = f->cr; break;
    case FLASH_OPTCR:  reg = f24_optcr_read(m); break;
    case FLASH_OPTCR1: reg = f->row->f7 ? f24_optcr1_read(m) : 0u; break;
    default:           reg = 0; break;  /* KEYR, OPTKEYR are write-only */
    }
    *val = sim_reg_extract(reg, off, size);
    return 0;
}

static int fc_reg_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                        unsigned size, uint32_t val)
{
    (void)who;
    struct mcu *m = ctx;
    struct f24 *f = f24_of(m);
    fc_update(m, mcu_now(m));
    switch (off & ~3u) {
    case FLASH_ACR:
        f->acr = sim_reg_merge(f->acr, off, size, val);
        return 0;
    case FLASH_KEYR:
        return keyr_write(f, val);
    case FLASH_OPTKEYR:
        return f24_optkeyr_write(m, val);
    case FLASH_SR:
        f->sr &= ~(sim_reg_merge(0, off, size, val) & SR_W1C);
        return 0;
    case FLASH_CR:
        cr_write(m, sim_reg_merge(f->cr, off, size, val));
        return 0;
    case FLASH_OPTCR:
        return f24_optcr_write(m, sim_reg_merge(f24_optcr_read(m), off, size, val));
    case FLASH_OPTCR1:
        if (!f->row->f7)
            return 0;
        return f24_optcr1_write(m, sim_reg_merge(f24_optcr1_read(m), off, size, val));
    default:
        return 0;
    }
}

/* ---- Plug-in operations ---- */

static size_t fc_nvm_size(const struct sim_chip_part *part)
{
    const struct mcu_part_data *pd = part->family_data;
    const struct fc_f2f4_part *r = pd->flash_data;
    return F24_NVM_OTP + r->otp_data + F24_OTP_LOCK;
}

static void *fc_create(struct mcu *m)
{
    struct f24 *f = calloc(1, sizeof *f);
    if (f)
        f->row = m->fdata;
    return f;
}

static void fc_destroy(void *fc)
{
    free(fc);
}

static void fc_init_fresh(struct mcu *m, const struct sim_board_config *cfg)
{
    const struct fc_f2f4_part *r = f24_of(m)->row;
    memset(otp_nvm(m), 0xFF, r->otp_data + F24_OTP_LOCK);   /* OTP erased */
    f24_options_init_fresh(m, cfg);
}

static void fc_reset(struct mcu *m, bool power_on)
{
    (void)power_on;
    struct f24 *f = f24_of(m);
    /* A reset aborts the operation. */
    f->acr = f->sr = 0;
    f->cr = CR_RESET;
    f->key = F24_KEY_LOCKED;
    f->op = F24_OP_NONE;
    f24_options_load(m);
    f24_rcc_reset(m);
}

static int fc_rdp_level(const struct mcu *m)
{
    return f24_rdp_level(m);
}

static sim_ns fc_program_ns(const struct mcu *m)
{
    return f24_cof(m)->row->times->program;
}

static bool fc_program_armed(const struct mcu *m)
{
    const struct f24 *f = f24_cof(m);
    return f->key == F24_KEY_UNLOCKED && (f->cr & CR_PG);
}

static sim_ns fc_busy_until(const struct mcu *m)
{
    return f24_cof(m)->busy_until;
}

static void fc_add_peripherals(struct mcu *m)
{
    /* The OTP area of the system page shows the stored OTP bytes. */
    const struct fc_f2f4_part *r = f24_of(m)->row;
    uint32_t otp_off = r->otp_addr - m->lay->sysmem_base;
    if (m->sysmem && otp_off + r->otp_data + F24_OTP_LOCK <= m->lay->sysmem_size)
        memcpy(m->sysmem + otp_off, otp_nvm(m), r->otp_data + F24_OTP_LOCK);
    f24_add_peripherals(m);
}

const struct mcu_flash_ops fc_f2f4_ops = {
    .name = "STM32F2/F4/F7 flash interface (RM0090 §3, RM0410 §3)",
    .erased = 0xFF,
    .nvm_size = fc_nvm_size,
    .create = fc_create,
    .destroy = fc_destroy,
    .init_fresh = fc_init_fresh,
    .reset = fc_reset,
    .rdp_level = fc_rdp_level,
    .busy = f24_busy,
    .update = fc_update,
    .program_ns = fc_program_ns,
    .reg_read = fc_reg_read,
    .reg_write = fc_reg_write,
    .flash_read = fc_flash_read,
    .flash_write = fc_flash_write,
    .opt_read = f24_opt_read,
    .sys_write = fc_sys_write,
    .boot_address = f24_boot_address,
    .add_peripherals = fc_add_peripherals,
    .program_armed = fc_program_armed,
    .busy_until = fc_busy_until,
    .lowpower = f24_rcc_enter_stop,
    .iwdg_hardware = f24_iwdg_hardware,
};
