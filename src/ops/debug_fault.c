/* Fault status in words (ARMv7-M ARM B3.2.15 CFSR = MMFSR|BFSR|UFSR,
 * B3.2.16 HFSR, B3.2.17 MMFAR, B3.2.18 BFAR) and the memory map a
 * debugger needs (flash regions with their erase unit, then RAM). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <swdoctor/debug.h>

#include "common/session_internal.h"
#include "ops/debug_internal.h"

/* MMFSR, CFSR[7:0] (B3.2.15). */
#define MMFSR_IACCVIOL  (1u << 0)
#define MMFSR_DACCVIOL  (1u << 1)
#define MMFSR_MUNSTKERR (1u << 3)
#define MMFSR_MSTKERR   (1u << 4)
#define MMFSR_MLSPERR   (1u << 5)
#define MMFSR_MMARVALID (1u << 7)
/* BFSR, CFSR[15:8]. */
#define BFSR_IBUSERR     (1u << 8)
#define BFSR_PRECISERR   (1u << 9)
#define BFSR_IMPRECISERR (1u << 10)
#define BFSR_UNSTKERR    (1u << 11)
#define BFSR_STKERR      (1u << 12)
#define BFSR_LSPERR      (1u << 13)
#define BFSR_BFARVALID   (1u << 15)
/* UFSR, CFSR[31:16] (STKOF: ARMv8-M B3.2 UFSR). */
#define UFSR_UNDEFINSTR (1u << 16)
#define UFSR_INVSTATE   (1u << 17)
#define UFSR_INVPC      (1u << 18)
#define UFSR_NOCP       (1u << 19)
#define UFSR_STKOF      (1u << 20)
#define UFSR_UNALIGNED  (1u << 24)
#define UFSR_DIVBYZERO  (1u << 25)
#define CFSR_MMFSR 0x000000FFu
#define CFSR_BFSR  0x0000FF00u
#define CFSR_UFSR  0xFFFF0000u
/* HFSR (B3.2.16). */
#define HFSR_VECTTBL  (1u << 1)
#define HFSR_FORCED   (1u << 30)
#define HFSR_DEBUGEVT (1u << 31)

#define XPSR_IPSR_MASK 0x1FFu
#define EXC_HARDFAULT  3u
#define SRAM_BASE      0x20000000u   /* ARMv7-M B3.1 SRAM region */

struct fault_bit {
    uint32_t bit;
    const char *text;
    int far;   /* 1: MMFAR when MMARVALID, 2: BFAR when BFARVALID */
};

static const struct fault_bit mm_bits[] = {
    { MMFSR_IACCVIOL,
      "instruction fetch from an address that does not allow execution (XN region or MPU)", 0 },
    { MMFSR_DACCVIOL, "data access the MPU forbids", 1 },
    { MMFSR_MUNSTKERR, "MPU fault unstacking on exception return", 0 },
    { MMFSR_MSTKERR, "MPU fault stacking on exception entry", 0 },
    { MMFSR_MLSPERR, "MPU fault saving the FPU state (lazy stacking)", 0 },
};
static const struct fault_bit bus_bits[] = {
    { BFSR_IBUSERR, "instruction fetch bus error", 0 },
    { BFSR_PRECISERR, "precise data bus error", 2 },
    { BFSR_IMPRECISERR, "imprecise data bus error (the address is not recorded)", 0 },
    { BFSR_UNSTKERR, "bus error unstacking on exception return", 0 },
    { BFSR_STKERR, "bus error stacking on exception entry (stack pointer out of RAM?)", 0 },
    { BFSR_LSPERR, "bus error saving the FPU state (lazy stacking)", 0 },
};
static const struct fault_bit usage_bits[] = {
    { UFSR_UNDEFINSTR, "undefined instruction", 0 },
    { UFSR_INVSTATE, "invalid state (a branch to an address without the Thumb bit?)", 0 },
    { UFSR_INVPC, "invalid EXC_RETURN on exception return", 0 },
    { UFSR_NOCP, "coprocessor instruction with the coprocessor off (FPU not enabled in CPACR?)",
      0 },
    { UFSR_STKOF, "stack overflow (stack limit register)", 0 },
    { UFSR_UNALIGNED, "unaligned access", 0 },
    { UFSR_DIVBYZERO, "division by zero", 0 },
};

struct text {
    char *buf;
    size_t len, used;
};

static void put(struct text *o, const char *fmt, ...) SD_PRINTF(2, 3);
static void put(struct text *o, const char *fmt, ...)
{
    if (o->used >= o->len)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->used, o->len - o->used, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->used += (size_t)n < o->len - o->used ? (size_t)n : o->len - o->used - 1;
}

struct fault_regs {
    uint32_t cfsr, hfsr, mmfar, bfar;
};

/* "a BusFault: precise data bus error at 0x20020000 (BFAR)" for one part of CFSR. */
static void describe_part(struct text *o, const struct fault_regs *r, const char *name,
                          const struct fault_bit *bits, size_t n, bool *first_part)
{
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (!(r->cfsr & bits[i].bit))
            continue;
        if (!any)
            put(o, "%s%s: ", *first_part ? "" : "; ", name);
        put(o, "%s%s", any ? ", " : "", bits[i].text);
        if (bits[i].far == 1 && (r->cfsr & MMFSR_MMARVALID))
            put(o, " at 0x%08x (MMFAR)", r->mmfar);
        if (bits[i].far == 2 && (r->cfsr & BFSR_BFARVALID))
            put(o, " at 0x%08x (BFAR)", r->bfar);
        any = true;
        *first_part = false;
    }
}

static void describe_cfsr(struct text *o, const struct fault_regs *r)
{
    bool first = true;
    describe_part(o, r, "MemManage fault", mm_bits, sizeof mm_bits / sizeof mm_bits[0], &first);
    describe_part(o, r, "BusFault", bus_bits, sizeof bus_bits / sizeof bus_bits[0], &first);
    describe_part(o, r, "UsageFault", usage_bits, sizeof usage_bits / sizeof usage_bits[0],
                  &first);
}

/* The sentence for a given set of fault registers (no target access). */
static void fault_sentence(struct text *o, const struct fault_regs *r)
{
    if (r->hfsr & HFSR_FORCED) {
        /* A configurable fault that was disabled or could not be taken. */
        put(o, "HardFault (FORCED)");
        if (r->cfsr) {
            put(o, " from a ");
            describe_cfsr(o, r);
        } else {
            put(o, ", but CFSR records no cause");
        }
    } else if (r->hfsr & HFSR_VECTTBL) {
        put(o, "HardFault (VECTTBL): bus error reading the vector table during exception "
               "processing");
    } else if (r->hfsr & HFSR_DEBUGEVT) {
        put(o, "HardFault (DEBUGEVT): a debug event (BKPT instruction?) with halting debug off");
    } else if (r->cfsr) {
        describe_cfsr(o, r);
    } else {
        put(o, "no fault recorded");
    }
    put(o, " [CFSR 0x%08x, HFSR 0x%08x]", r->cfsr, r->hfsr);
}

int sd_debug_fault_text(struct sd_target *t, char *buf, size_t len)
{
    int rc = dbg_begin(t);
    if (rc || !buf || !len)
        return rc ? rc : SD_ERR_INVALID_ARG;
    buf[0] = '\0';
    struct text o = { .buf = buf, .len = len };
    if (t->dbg.armv6m) {
        /* ARMv6-M has no CFSR/HFSR/MMFAR/BFAR: only where the core is. */
        uint32_t dhcsr = 0, xpsr = 0;
        rc = arm_read_dhcsr(&t->core, &dhcsr);
        if (!rc && (dhcsr & ARM_DHCSR_S_HALT))
            rc = arm_reg_read(&t->core, ARM_REG_XPSR, &xpsr);
        if (rc)
            return rc;
        if (dhcsr & ARM_DHCSR_S_LOCKUP)
            put(&o, "locked up (a fault inside the HardFault handler); ");
        else if ((xpsr & XPSR_IPSR_MASK) == EXC_HARDFAULT)
            put(&o, "in the HardFault handler; ");
        put(&o, "ARMv6-M (Cortex-M0/M0+) has no fault status registers (CFSR, HFSR): "
                "the cause of a fault is not recorded");
        return SD_OK;
    }
    struct fault_regs r;
    rc = arm_read32(&t->core, ARM_CFSR, &r.cfsr);
    if (!rc)
        rc = arm_read32(&t->core, ARM_HFSR, &r.hfsr);
    if (!rc)
        rc = arm_read32(&t->core, ARM_MMFAR, &r.mmfar);
    if (!rc)
        rc = arm_read32(&t->core, ARM_BFAR, &r.bfar);
    if (rc)
        return rc;
    uint32_t dhcsr = 0;
    if (arm_read_dhcsr(&t->core, &dhcsr) == SD_OK && (dhcsr & ARM_DHCSR_S_LOCKUP))
        put(&o, "locked up (a fault inside the HardFault or NMI handler); ");
    fault_sentence(&o, &r);
    return SD_OK;
}

int sd_debug_memory_region(struct sd_target *t, unsigned i, struct sd_mem_region *r)
{
    int rc = dbg_begin(t);
    if (rc || !r)
        return rc ? rc : SD_ERR_INVALID_ARG;
    const struct stm32_chip *c = &t->chip;
    unsigned k = 0, region = 0;
    /* Flash: runs of consecutive sectors of one size in one bank (F4's
     * 16/64/128 KiB sectors give three regions per bank). */
    while (k < c->n_sectors) {
        const struct stm32_sector *s = &c->sectors[k];
        unsigned end = k + 1;
        while (end < c->n_sectors && c->sectors[end].size == s->size &&
               c->sectors[end].bank == s->bank &&
               c->sectors[end].addr == c->sectors[end - 1].addr + s->size)
            end++;
        if (region == i) {
            *r = (struct sd_mem_region){ .start = s->addr, .length = (end - k) * s->size,
                                         .is_flash = 1, .block_size = s->size };
            return SD_OK;
        }
        region++;
        k = end;
    }
    if (region == i && c->part && c->part->sram_kib) {
        *r = (struct sd_mem_region){ .start = SRAM_BASE, .length = c->part->sram_kib * 1024u };
        return SD_OK;
    }
    return SD_ERR_OUT_OF_RANGE;
}
