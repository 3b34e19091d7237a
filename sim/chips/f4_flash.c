/* STM32F2/F4 flash interface (RM0090 §3, "Embedded Flash memory
 * interface"; stm32-families.md §2.2): keys, program and erase with the
 * datasheet's timing, BSY, error flags, write protection; the flash and
 * OTP memory as the bus sees them. */
#include <string.h>

#include "chips/f4.h"

/* Register offsets (RM0090 §3.9) */
#define FLASH_ACR       0x00u
#define FLASH_KEYR      0x04u
#define FLASH_OPTKEYR   0x08u
#define FLASH_SR        0x0Cu
#define FLASH_CR        0x10u
#define FLASH_OPTCR     0x14u

/* RM0090 §3.5.1 unlock keys */
#define FLASH_KEY1      0x45670123u
#define FLASH_KEY2      0xCDEF89ABu

/* FLASH_SR (RM0090 §3.9.4); error bits and EOP are write-1-to-clear */
#define SR_EOP          (1u << 0)
#define SR_OPERR        (1u << 1)
#define SR_WRPERR       (1u << 4)
#define SR_PGAERR       (1u << 5)
#define SR_PGPERR       (1u << 6)
#define SR_PGSERR       (1u << 7)
#define SR_BSY          (1u << 16)
#define SR_W1C          (SR_EOP | SR_OPERR | SR_WRPERR | SR_PGAERR | \
                         SR_PGPERR | SR_PGSERR)

/* FLASH_CR (RM0090 §3.9.5), reset value 0x80000000 */
#define CR_PG           (1u << 0)
#define CR_SER          (1u << 1)
#define CR_MER          (1u << 2)
#define CR_SNB_SHIFT    3u
#define CR_SNB_MASK     (0x1Fu << CR_SNB_SHIFT)
#define CR_PSIZE_SHIFT  8u
#define CR_PSIZE_MASK   (3u << CR_PSIZE_SHIFT)
#define CR_STRT         (1u << 16)
#define CR_EOPIE        (1u << 24)
#define CR_ERRIE        (1u << 25)
#define CR_LOCK         (1u << 31)
#define CR_RESET        CR_LOCK
#define CR_WRITABLE     (CR_PG | CR_SER | CR_MER | CR_SNB_MASK | CR_PSIZE_MASK | \
                         CR_EOPIE | CR_ERRIE)

/* RM0090 §3.5.4: a program access may not cross a 128-bit row. */
#define FLASH_ROW_BYTES 16u
#define OTP_BLOCK_BYTES 32u      /* RM0090 §3.8: 16 blocks of 32 bytes */
#define OTP_LOCKED      0x00u

/* CPU's PC sample (ARMv7-M C1.8.7 DWT_PCSR): tells whether the core is
 * executing from flash when the controller becomes busy. */
#define DWT_PCSR        0xE000101Cu

void f4_flash_reset(struct f4_chip *c)
{
    /* A reset aborts the operation; queued code invalidations survive. */
    struct f4_inval f = c->fl.inval_flash, s = c->fl.inval_sys;
    c->fl = (struct f4_flash_ctl){ .cr = CR_RESET, .key = F4_KEY_LOCKED,
                                   .op = F4_OP_NONE, .inval_flash = f,
                                   .inval_sys = s };
}

static unsigned psize_code(const struct f4_chip *c)
{
    return (c->fl.cr & CR_PSIZE_MASK) >> CR_PSIZE_SHIFT;
}

/* ---- Geometry (stm32-families.md §2.2: sectors 0-3 = M/8, 4 = M/2,
 * then M, with M the largest sector) ---- */

static uint32_t sector_size(const struct f4_chip *c, unsigned i)
{
    uint32_t m = c->fp->largest_sector;
    return i < 4 ? m / 8u : i == 4 ? m / 2u : m;
}

static uint32_t sector_start(const struct f4_chip *c, unsigned i)
{
    uint32_t a = 0;
    for (unsigned k = 0; k < i; k++)
        a += sector_size(c, k);
    return a;
}

unsigned f4_flash_sector_count(const struct f4_chip *c)
{
    unsigned n = 0;
    for (uint32_t a = 0; a < c->flash_size; a += sector_size(c, n))
        n++;
    return n;
}

bool f4_flash_sector_of(const struct f4_chip *c, uint32_t off, unsigned *sector)
{
    uint32_t a = 0;
    for (unsigned i = 0; a < c->flash_size; a += sector_size(c, i), i++) {
        if (off < a + sector_size(c, i)) {
            *sector = i;
            return true;
        }
    }
    return false;
}

static sim_ns sector_erase_time(const struct f4_chip *c, unsigned i)
{
    const struct f4_erase_times *t = c->fp->times;
    uint32_t size = sector_size(c, i);
    unsigned ps = psize_code(c);
    if (size <= 16u * 1024u)
        return t->sector_16k[ps];
    if (size <= 64u * 1024u)
        return t->sector_64k[ps];
    return t->sector_128k[ps];
}

sim_ns f4_flash_mass_erase_time(const struct f4_chip *c)
{
    return c->fp->times->mass[psize_code(c)];
}

/* ---- Busy state ---- */

bool f4_flash_busy(const struct f4_chip *c)
{
    return c->fl.op != F4_OP_NONE;
}

bool f4_flash_program_armed(const struct f4_chip *c)
{
    return c->fl.key == F4_KEY_UNLOCKED && (c->fl.cr & CR_PG);
}

static bool core_in_flash(const struct f4_chip *c)
{
    uint32_t pc = 0;
    if (sim_core_ppb_read(c->core, DWT_PCSR, &pc) != 0)
        return false;
    uint32_t fs = c->flash_size;
    return (pc >= F4_FLASH_BASE && pc - F4_FLASH_BASE < fs) ||
           (!c->boot0 && pc < fs);
}

void f4_flash_start_busy(struct f4_chip *c, enum f4_flash_op op, sim_ns duration)
{
    c->fl.op = op;
    c->fl.busy_until = f4_now(c) + duration;
    c->fl.core_stalled = core_in_flash(c);
    if (c->in_core_run)
        c->cpu_started_op = true;
}

/* Stale translated code goes on a change of flash (or OTP) bytes.  A
 * change made by a CPU store is queued and handed to the core when the
 * slice of CPU time ends (f4_flash_flush_invalidations): asking the core
 * to drop code from inside a store would stop the emulator in the middle
 * of that instruction. */
static void queue_range(struct f4_inval *q, uint32_t off, uint32_t len)
{
    if (!q->pending) {
        q->lo = off;
        q->hi = off + len;
        q->pending = true;
        return;
    }
    if (off < q->lo)
        q->lo = off;
    if (off + len > q->hi)
        q->hi = off + len;
}

static void invalidate_flash(struct f4_chip *c, uint32_t off, uint32_t len)
{
    if (c->in_core_run) {
        queue_range(&c->fl.inval_flash, off, len);
        return;
    }
    sim_core_invalidate(c->core, F4_FLASH_BASE + off, len);
    if (!c->boot0)
        sim_core_invalidate(c->core, off, len);
}

static void invalidate_sys(struct f4_chip *c, uint32_t off, uint32_t len)
{
    if (c->in_core_run) {
        queue_range(&c->fl.inval_sys, off, len);
        return;
    }
    sim_core_invalidate(c->core, F4_SYSMEM_BASE + off, len);
    if (c->boot0)
        sim_core_invalidate(c->core, off, len);
}

void f4_flash_flush_invalidations(struct f4_chip *c)
{
    struct f4_inval f = c->fl.inval_flash, s = c->fl.inval_sys;
    c->fl.inval_flash.pending = c->fl.inval_sys.pending = false;
    if (f.pending)
        invalidate_flash(c, f.lo, f.hi - f.lo);
    if (s.pending)
        invalidate_sys(c, s.lo, s.hi - s.lo);
}

void f4_flash_erase_all(struct f4_chip *c)
{
    memset(c->flash, 0xFF, c->flash_size);
    invalidate_flash(c, 0, c->flash_size);
}

static void set_error(struct f4_chip *c, uint32_t bit)
{
    c->fl.sr |= bit;
    if (c->fl.cr & CR_ERRIE)          /* OPERR only with ERRIE (RM0090 §3.9.4) */
        c->fl.sr |= SR_OPERR;
}

static void end_of_operation(struct f4_chip *c)
{
    /* RM0090 §3.9.4: EOP "is set only if the end of operation interrupts
     * are enabled (EOPIE = 1)". */
    if (c->fl.cr & CR_EOPIE)
        c->fl.sr |= SR_EOP;
}

void f4_flash_update(struct f4_chip *c, sim_ns now)
{
    if (c->fl.op == F4_OP_NONE || c->fl.busy_until > now)
        return;
    switch (c->fl.op) {
    case F4_OP_SECTOR_ERASE: {
        uint32_t a = sector_start(c, c->fl.sector);
        uint32_t n = sector_size(c, c->fl.sector);
        memset(c->flash + a, 0xFF, n);
        invalidate_flash(c, a, n);
        sim_stats.flash_erases++;
        break;
    }
    case F4_OP_MASS_ERASE:
        f4_flash_erase_all(c);
        sim_stats.flash_erases++;
        break;
    case F4_OP_OPTIONS:
        f4_options_complete(c);
        break;
    case F4_OP_PROGRAM:
    case F4_OP_NONE:
        break;
    }
    c->fl.op = F4_OP_NONE;
    c->fl.core_stalled = false;
    end_of_operation(c);
}

/* RM0090 §3.7.3: at level 1, no access (read, erase, program) to flash
 * while the debug features are connected or after booting from RAM or
 * system memory. */
bool f4_flash_access_blocked(const struct f4_chip *c)
{
    return f4_options_rdp_level(c) == 1 && (c->debug_connected || c->boot0);
}

/* ---- Erase (RM0090 §3.5.3) ---- */

static void start_erase(struct f4_chip *c)
{
    uint32_t cr = c->fl.cr;
    if ((cr & CR_SER) && (cr & CR_MER)) {
        set_error(c, SR_PGSERR);       /* "neither ... can be performed" */
        return;
    }
    if (cr & CR_MER) {
        for (unsigned i = 0; i < f4_flash_sector_count(c); i++) {
            if (f4_options_sector_protected(c, i)) {
                set_error(c, SR_WRPERR);
                return;
            }
        }
        if (f4_flash_access_blocked(c)) {
            set_error(c, SR_WRPERR);
            return;
        }
        f4_flash_start_busy(c, F4_OP_MASS_ERASE, f4_flash_mass_erase_time(c));
        return;
    }
    unsigned snb = (cr & CR_SNB_MASK) >> CR_SNB_SHIFT;
    if (snb >= f4_flash_sector_count(c)) {
        set_error(c, SR_PGSERR);
        return;
    }
    if (f4_options_sector_protected(c, snb) || f4_flash_access_blocked(c)) {
        set_error(c, SR_WRPERR);
        return;
    }
    c->fl.sector = snb;
    f4_flash_start_busy(c, F4_OP_SECTOR_ERASE, sector_erase_time(c, snb));
}

/* ---- Program (RM0090 §3.5.4) ---- */

/* Common checks of a program access; true if it may go ahead. */
static bool program_allowed(struct f4_chip *c, uint32_t off, unsigned size)
{
    /* SER/MER left set by an earlier erase do not matter to a write with
     * PG set (st-flash programs F4 with CR = PG|SER|SNB|PSIZE, which real
     * parts accept); "erase and program together" is about STRT (RM0090
     * §3.5.4). */
    if (c->fl.key != F4_KEY_UNLOCKED || !(c->fl.cr & CR_PG) ||
        (c->fl.op != F4_OP_NONE && c->fl.op != F4_OP_PROGRAM)) {
        set_error(c, SR_PGSERR);
        return false;
    }
    if (size != (1u << psize_code(c))) {
        set_error(c, SR_PGPERR);
        return false;
    }
    if ((off % FLASH_ROW_BYTES) + size > FLASH_ROW_BYTES) {
        set_error(c, SR_PGAERR);
        return false;
    }
    return true;
}

/* Bits only go 1 -> 0: "Writing '1' requires a Flash memory erase
 * operation" (RM0090 §3.5.4); no error flag is defined for it, the
 * cell keeps its 0. */
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

static void program_busy(struct f4_chip *c, unsigned size)
{
    /* Back-to-back CPU writes queue behind the running one (the bus stalls
     * the CPU; the debugger gets WAIT before it gets here). */
    sim_ns now = f4_now(c);
    sim_ns start = (c->fl.op == F4_OP_PROGRAM && c->fl.busy_until > now)
                       ? c->fl.busy_until : now;
    bool was_busy = c->fl.op == F4_OP_PROGRAM;
    c->fl.op = F4_OP_PROGRAM;
    c->fl.busy_until = start + c->fp->times->program;
    if (!was_busy)
        c->fl.core_stalled = core_in_flash(c);
    if (c->in_core_run)
        c->cpu_started_op = true;
    sim_stats.flash_bytes_programmed += size;
}

int f4_flash_mem_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                      unsigned size, uint32_t *val)
{
    struct f4_chip *c = ctx;
    if (who == SIM_BUS_DEBUG && f4_flash_access_blocked(c))
        return -1;                      /* AHB error: RDP level 1 */
    if (off >= c->flash_size || size > c->flash_size - off)
        return -1;
    *val = 0;
    memcpy(val, c->flash + off, size);
    return 0;
}

int f4_flash_mem_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                       unsigned size, uint32_t val)
{
    (void)who;
    struct f4_chip *c = ctx;
    f4_flash_update(c, f4_now(c));
    if (off >= c->flash_size || size > c->flash_size - off)
        return -1;
    if (f4_flash_access_blocked(c))
        return -1;
    if (!program_allowed(c, off, size))
        return 0;
    unsigned sector;
    if (f4_flash_sector_of(c, off, &sector) &&
        f4_options_sector_protected(c, sector)) {
        set_error(c, SR_WRPERR);
        return 0;
    }
    /* Translated code only goes stale if a byte changed. */
    if (program_bytes(c->flash + off, size, val))
        invalidate_flash(c, off, size);
    program_busy(c, size);
    return 0;
}

/* ---- System memory page: ROM, OTP (programmable), U_ID, F_SIZE ---- */

int f4_sysmem_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                   unsigned size, uint32_t *val)
{
    (void)who;                          /* readable at every RDP level < 2 */
    struct f4_chip *c = ctx;
    if (off >= F4_SYSPAGE_SIZE || size > F4_SYSPAGE_SIZE - off)
        return -1;
    *val = 0;
    memcpy(val, c->syspage + off, size);
    return 0;
}

int f4_sysmem_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                    unsigned size, uint32_t val)
{
    (void)who;
    struct f4_chip *c = ctx;
    const uint32_t otp_off = F4_OTP_BASE - F4_SYSMEM_BASE;
    f4_flash_update(c, f4_now(c));
    if (off < otp_off || off - otp_off >= F4_OTP_SIZE)
        return 0;                       /* ROM: writes ignored */
    uint32_t o = off - otp_off;
    if (!program_allowed(c, o, size))
        return 0;
    /* RM0090 §3.8: a lock byte at 0x00 freezes its 32-byte block. */
    if (o < F4_OTP_DATA_SIZE &&
        c->nvm_otp[F4_OTP_DATA_SIZE + o / OTP_BLOCK_BYTES] == OTP_LOCKED) {
        set_error(c, SR_WRPERR);
        return 0;
    }
    if (o + size > F4_OTP_SIZE)
        return -1;
    if (program_bytes(c->nvm_otp + o, size, val)) {
        memcpy(c->syspage + off, c->nvm_otp + o, size);
        invalidate_sys(c, off, size);
    }
    program_busy(c, size);
    return 0;
}

/* ---- Registers ---- */

static int keyr_write(struct f4_chip *c, uint32_t val)
{
    /* RM0090 §3.5.1: a wrong sequence locks FLASH_CR until the next reset
     * and the access gets a bus error (HardFault on the CPU). */
    switch (c->fl.key) {
    case F4_KEY_LOCKED:
        if (val == FLASH_KEY1) {
            c->fl.key = F4_KEY_GOT_KEY1;
            return 0;
        }
        break;
    case F4_KEY_GOT_KEY1:
        if (val == FLASH_KEY2) {
            c->fl.key = F4_KEY_UNLOCKED;
            c->fl.cr &= ~CR_LOCK;
            return 0;
        }
        break;
    case F4_KEY_UNLOCKED:            /* a key while unlocked is a wrong sequence */
    case F4_KEY_BLOCKED:
        break;
    }
    c->fl.key = F4_KEY_BLOCKED;
    c->fl.cr |= CR_LOCK;
    return -1;
}

static void cr_write(struct f4_chip *c, uint32_t val)
{
    if (c->fl.key != F4_KEY_UNLOCKED)
        return;                         /* locked: writes ignored */
    c->fl.cr = (c->fl.cr & ~CR_WRITABLE) | (val & CR_WRITABLE);
    if (val & CR_LOCK) {
        c->fl.cr |= CR_LOCK;
        c->fl.key = F4_KEY_LOCKED;
        return;
    }
    if ((val & CR_STRT) && c->fl.op == F4_OP_NONE)
        start_erase(c);
}

static uint32_t sr_value(const struct f4_chip *c)
{
    return c->fl.sr | (c->fl.op != F4_OP_NONE ? SR_BSY : 0u);
}

int f4_flashif_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                    unsigned size, uint32_t *val)
{
    (void)who;
    struct f4_chip *c = ctx;
    f4_flash_update(c, f4_now(c));
    uint32_t reg;
    switch (off & ~3u) {
    case FLASH_ACR:   reg = c->fl.acr; break;
    case FLASH_SR:    reg = sr_value(c); break;
    case FLASH_CR:    reg = c->fl.cr; break;
    case FLASH_OPTCR: reg = f4_optcr_read(c); break;
    default:          reg = 0; break;  /* KEYR, OPTKEYR are write-only */
    }
    *val = sim_reg_extract(reg, off, size);
    return 0;
}

int f4_flashif_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                     unsigned size, uint32_t val)
{
    (void)who;
    struct f4_chip *c = ctx;
    f4_flash_update(c, f4_now(c));
    switch (off & ~3u) {
    case FLASH_ACR:
        c->fl.acr = sim_reg_merge(c->fl.acr, off, size, val);
        return 0;
    case FLASH_KEYR:
        return keyr_write(c, val);
    case FLASH_OPTKEYR:
        return f4_optkeyr_write(c, val);
    case FLASH_SR:
        c->fl.sr &= ~(sim_reg_merge(0, off, size, val) & SR_W1C);
        return 0;
    case FLASH_CR:
        cr_write(c, sim_reg_merge(c->fl.cr, off, size, val));
        return 0;
    case FLASH_OPTCR:
        return f4_optcr_write(c, sim_reg_merge(f4_optcr_read(c), off, size, val));
    default:
        return 0;
    }
}
