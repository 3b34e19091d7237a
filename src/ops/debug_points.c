/* Hardware breakpoints (FPB, ARMv7-M ARM C1.11; ARMv6-M BPU C1.9) and
 * watchpoints (DWT, C1.8) for debuggers.  Which address sits in which
 * comparator is remembered in t->dbg, so clearing finds the slot without
 * reading comparators back. */
#include <swdoctor/debug.h>

#include "common/session_internal.h"
#include "ops/debug_internal.h"

/* The Z-packet numbers of debug.h's watch kinds. */
#define KIND_WRITE  2
#define KIND_READ   3
#define KIND_ACCESS 4

int dbg_bkpt_slot(const struct sd_target *t, uint32_t addr)
{
    addr &= ~1u;   /* Thumb bit */
    for (unsigned i = 0; i < t->dbg.n_fpb; i++)
        if (t->dbg.bkpt_used[i] && t->dbg.bkpt[i] == addr)
            return (int)i;
    return -1;
}

int dbg_bkpt_arm(struct sd_target *t, int slot, bool on)
{
    if (!on)
        return arm_bkpt_clear(&t->core, (unsigned)slot);
    return arm_bkpt_set(&t->core, t->dbg.fpb_rev, (unsigned)slot, t->dbg.bkpt[slot]);
}

int sd_debug_bkpt_set(struct sd_target *t, uint32_t addr)
{
    int rc = dbg_begin(t);
    if (rc)
        return rc;
    struct ops_debug *d = &t->dbg;
    addr &= ~1u;
    if (dbg_bkpt_slot(t, addr) >= 0)
        return SD_OK;   /* already there: debuggers insert again freely */
    if (d->n_fpb == 0)
        return sd_fail(t->s, SD_ERR_NOT_SUPPORTED, SD_LOG_OPS,
                       "debug: this core has no FPB breakpoint comparators");
    if (!arm_bkpt_encode(d->fpb_rev, addr))
        return sd_fail(t->s, SD_ERR_INVALID_ARG, SD_LOG_OPS,
                       "debug: no hardware breakpoint at 0x%08x: this core's FPB (version 1) "
                       "breaks only in the Code region (below 0x20000000)", addr);
    int slot = -1;
    for (unsigned i = 0; i < d->n_fpb && slot < 0; i++)
        if (!d->bkpt_used[i])
            slot = (int)i;
    if (slot < 0)
        return sd_fail(t->s, SD_ERR_REFUSED, SD_LOG_OPS,
                       "all %u FPB comparators are in use", d->n_fpb);
    d->bkpt[slot] = addr;
    rc = dbg_bkpt_arm(t, slot, true);
    if (!rc)
        rc = arm_bkpt_enable(&t->core, true);   /* FP_CTRL.ENABLE with KEY (C1.11.3) */
    if (!rc)
        d->bkpt_used[slot] = true;
    return rc;
}

int sd_debug_bkpt_clear(struct sd_target *t, uint32_t addr)
{
    int rc = dbg_begin(t);
    if (rc)
        return rc;
    int slot = dbg_bkpt_slot(t, addr);
    if (slot < 0)
        return sd_fail(t->s, SD_ERR_INVALID_ARG, SD_LOG_OPS,
                       "debug: no breakpoint at 0x%08x", addr & ~1u);
    rc = dbg_bkpt_arm(t, slot, false);
    if (!rc)
        t->dbg.bkpt_used[slot] = false;
    return rc;
}

static int watch_kind(struct sd_target *t, int kind, enum arm_watch_kind *out)
{
    switch (kind) {
    case KIND_WRITE: *out = ARM_WATCH_WRITE; return SD_OK;
    case KIND_READ: *out = ARM_WATCH_READ; return SD_OK;
    case KIND_ACCESS: *out = ARM_WATCH_ACCESS; return SD_OK;
    }
    return sd_fail(t->s, SD_ERR_INVALID_ARG, SD_LOG_OPS,
                   "debug: watchpoint kind %d (2 write, 3 read, 4 access)", kind);
}

static int watch_slot(const struct sd_target *t, uint32_t addr, uint32_t len, int kind)
{
    for (unsigned i = 0; i < t->dbg.n_dwt; i++)
        if (t->dbg.watch[i].used && t->dbg.watch[i].addr == addr &&
            t->dbg.watch[i].len == len && t->dbg.watch[i].kind == kind)
            return (int)i;
    return -1;
}

int sd_debug_watch_set(struct sd_target *t, uint32_t addr, uint32_t len, int kind)
{
    enum arm_watch_kind ak = ARM_WATCH_ACCESS;
    int rc = dbg_begin(t);
    if (!rc)
        rc = watch_kind(t, kind, &ak);
    if (rc)
        return rc;
    struct ops_debug *d = &t->dbg;
    if (watch_slot(t, addr, len, kind) >= 0)
        return SD_OK;
    struct arm_dwt_setting s;
    if (arm_watch_encode(d->v8m, addr, len, ak, &s))
        return sd_fail(t->s, SD_ERR_INVALID_ARG, SD_LOG_OPS,
                       "debug: a DWT comparator watches a power of two bytes aligned to its "
                       "size%s; not %u bytes at 0x%08x",
                       d->v8m ? " (at most 4 on ARMv8-M)" : "", len, addr);
    if (d->n_dwt == 0)
        return sd_fail(t->s, SD_ERR_NOT_SUPPORTED, SD_LOG_OPS,
                       "debug: this core has no DWT comparators");
    int slot = -1;
    for (unsigned i = 0; i < d->n_dwt && slot < 0; i++)
        if (!d->watch[i].used)
            slot = (int)i;
    if (slot < 0)
        return sd_fail(t->s, SD_ERR_REFUSED, SD_LOG_OPS,
                       "all %u DWT comparators are in use", d->n_dwt);
    rc = arm_watch_set(&t->core, d->v8m, (unsigned)slot, addr, len, ak);
    if (!rc) {
        d->watch[slot].addr = addr;
        d->watch[slot].len = len;
        d->watch[slot].kind = kind;
        d->watch[slot].used = true;
    }
    return rc;
}

int sd_debug_watch_clear(struct sd_target *t, uint32_t addr, uint32_t len, int kind)
{
    int rc = dbg_begin(t);
    if (rc)
        return rc;
    int slot = watch_slot(t, addr, len, kind);
    if (slot < 0)
        return sd_fail(t->s, SD_ERR_INVALID_ARG, SD_LOG_OPS,
                       "debug: no watchpoint (kind %d) on %u bytes at 0x%08x", kind, len, addr);
    rc = arm_watch_clear(&t->core, (unsigned)slot);
    if (!rc)
        t->dbg.watch[slot].used = false;
    return rc;
}
