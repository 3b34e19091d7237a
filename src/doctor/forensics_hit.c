/* What to do when a watchpoint stops the core: find the store (before the
 * PC after a write; ahead of it after a read of a pin register, judged
 * before it runs), read the value written and judge it. */
#include <stdio.h>
#include <string.h>

#include "doctor/doctor_internal.h"
#include "doctor/forensics.h"

#define STEP_LIMIT 64u              /* instructions from a read to its store */
#define LOOKBACK_BYTES 16u          /* code read before the halt PC */
#define IWDG_KEY_REFRESH 0xAAAAu
#define REG_SP 13u
#define REG_PC 15u

static int read_regs(struct arm_target *t, uint32_t r[16])
{
    for (unsigned i = 0; i < 16; i++) {
        int rc = arm_reg_read(t, (enum arm_reg)i, &r[i]);
        if (rc)
            return rc;
    }
    return SD_OK;
}

static bool read_halfwords(struct arm_target *t, uint32_t addr, uint16_t *hw, unsigned n)
{
    uint8_t buf[2 * 16];
    if (n > 16 || arm_mem_read(t, addr, buf, 2u * n))
        return false;
    for (unsigned i = 0; i < n; i++)
        hw[i] = (uint16_t)(buf[2 * i] | buf[2 * i + 1] << 8);
    return true;
}

static void read_context(struct fx *x, struct watch_context *c)
{
    struct arm_target *t = &x->d->core;
    memset(c, 0, sizeof *c);
    /* Failures leave zeros: the judgement then errs on "harmful" for
     * pins only if the written value itself says so. */
    if (x->f->gpioa_base) {
        arm_read32(t, x->f->gpioa_base, &c->moder);
        arm_read32(t, x->f->gpioa_base + 0x24u, &c->afrh);
    }
    if (x->f->afio_mapr)
        arm_read32(t, x->f->afio_mapr, &c->afio_mapr);
    if (x->f->dbgmcu_cr.addr)
        arm_read32(t, x->f->dbgmcu_cr.addr, &c->dbgmcu_cr);
    if (x->f->pwr_mode.addr)
        arm_read32(t, x->f->pwr_mode.addr, &c->pwr_mode);
    sd_session_clear_error(x->d->s);
}

/* The word a store of `s` with value `v` at `addr` makes of `old`. */
static uint32_t merge_store(const struct thumb_store *s, uint32_t addr, uint32_t v, uint32_t old)
{
    if (s->size == 4)
        return v;
    unsigned sh = 8u * (addr & 3u);
    uint32_t m = (s->size == 2 ? 0xFFFFu : 0xFFu) << sh;
    return (old & ~m) | ((v << sh) & m);
}

static enum hit step_until_store(struct fx *x, const struct watch_reg *w);

/* The watchdog was started or refreshed: note when, and its timeout from
 * IWDG_PR/IWDG_RLR (RM0090 §21.4: LSI / (4 << PR) per tick, RLR + 1 ticks;
 * LSI 32 kHz nominal on F4/L4/H7, 40 kHz on F1: the lower one gives the
 * shorter, i.e. the safe, estimate for "it would have fired by now"). */
#define IWDG_PR_OFF  0x04u
#define IWDG_RLR_OFF 0x08u
#define IWDG_PR_MAX  6u
#define IWDG_RLR_MASK 0xFFFu
#define LSI_HZ_MAX   40000u
static void iwdg_kick(struct fx *x)
{
    uint32_t pr = 0, rlr = IWDG_RLR_MASK;
    arm_read32(&x->d->core, x->f->iwdg_kr + IWDG_PR_OFF, &pr);
    arm_read32(&x->d->core, x->f->iwdg_kr + IWDG_RLR_OFF, &rlr);
    sd_session_clear_error(x->d->s);
    pr = pr > IWDG_PR_MAX ? IWDG_PR_MAX : pr;
    uint64_t ticks = (uint64_t)((rlr & IWDG_RLR_MASK) + 1u) * (4u << pr);
    x->iwdg_timeout_ms = (unsigned)(ticks * 1000u / LSI_HZ_MAX);
    x->iwdg_kick_ms = fx_now_ms();
}

static enum hit judge(struct fx *x, const struct watch_reg *w, uint32_t pc, uint32_t value)
{
    struct watch_context c;
    read_context(x, &c);
    char why[160];
    enum watch_verdict v = forensics_judge(x->f, w, value, &c, why, sizeof why);
    struct sd_code_location loc;
    fx_locate(x, pc, w, value, &loc);
    char where[220];
    fx_where_text(&loc, where, sizeof where);
    switch (v) {
    case VERDICT_HARMLESS:
        doctor_step(x->d, "forensics", "%s writes %s = 0x%08x (keeps debug access)", where,
                    w->name, value);
        return HIT_CONTINUE;
    case VERDICT_WATCHDOG:
        if (doctor_has(x->d, "watchdog-resets-core")) {
            /* check_core saw the resets: this is the instruction behind them. */
            fx_report(x, v, SD_CONFIDENCE_CERTAIN, &loc, why);
            return HIT_STOP;
        }
        /* Starting the watchdog is fine if the firmware refreshes it: keep
         * watching the key register and decide at the end of the run. */
        doctor_step(x->d, "forensics", "%s starts the independent watchdog", where);
        if (!x->iwdg_started)
            x->iwdg_loc = loc;
        x->iwdg_started = true;
        iwdg_kick(x);
        return HIT_CONTINUE;
    case VERDICT_SUPPLY:
        doctor_step(x->d, "forensics", "%s selects the supply: PWR_CR3 = 0x%08x (BYPASS %u, "
                    "LDOEN %u, SDEN %u)", where, value, value & 1u, (value >> 1) & 1u,
                    (value >> 2) & 1u);
        for (size_t i = 0; i < x->d->r->n_findings; i++) {
            struct sd_finding *fd = &x->d->r->findings[i];
            if (strcmp(fd->id, "power-supply-config-mismatch") == 0) {
                fd->has_location = 1;
                fd->location = loc;
                doctor_evidence(fd, "PWR_CR3 written", "0x%08x by %s", value, where);
            }
        }
        return HIT_CONTINUE;   /* a wrong supply shows as a lost target or lock-up */
    case VERDICT_DEBUG_OFF:
        doctor_step(x->d, "forensics", "%s writes DBGMCU_CR = 0x%08x: %s", where, value, why);
        return HIT_CONTINUE;
    default:
        fx_report(x, v, SD_CONFIDENCE_CERTAIN, &loc, why);
        return HIT_STOP;
    }
}

/* The core stopped at a read of a pin register: step to the store to the
 * same register and judge its value before it is written. */
static enum hit step_to_store(struct fx *x, const struct watch_reg *w, unsigned idx)
{
    struct arm_target *t = &x->d->core;
    /* The comparator is off while stepping: the store is judged before it
     * runs, and a match on every step would only stop the step early. */
    if (arm_watch_clear(t, idx))
        return HIT_STOP;
    enum hit h = step_until_store(x, w);
    if (h == HIT_CONTINUE && arm_watch_set(t, x->v8m, idx, w->addr, 4, ARM_WATCH_ACCESS))
        return HIT_STOP;
    return h;
}

static enum hit step_until_store(struct fx *x, const struct watch_reg *w)
{
    struct arm_target *t = &x->d->core;
    for (unsigned n = 0; n < STEP_LIMIT; n++) {
        uint32_t r[16];
        uint16_t hw[2];
        if (read_regs(t, r) || !read_halfwords(t, r[REG_PC], hw, 2))
            return HIT_STOP;
        struct thumb_store s;
        if (thumb_decode_store(hw[0], hw[1], &s)) {
            uint32_t addr = thumb_store_address(&s, r);
            if (addr >= w->addr && addr < w->addr + 4u) {
                uint32_t old = 0;
                arm_read32(t, w->addr, &old);
                uint32_t v = merge_store(&s, addr, s.rt == REG_SP ? r[REG_SP] : r[s.rt], old);
                if (judge(x, w, r[REG_PC], v) == HIT_STOP)
                    return HIT_STOP;   /* not executed: the link stays */
                return arm_step(t) ? HIT_STOP : HIT_CONTINUE;
            }
        }
        if (arm_step(t))
            return HIT_STOP;
    }
    /* A read without a store nearby (firmware only looked): fine. */
    return HIT_CONTINUE;
}

/* The core stopped after a write: the store is just before the PC. */
static enum hit after_write(struct fx *x, const struct watch_reg *w)
{
    struct arm_target *t = &x->d->core;
    uint32_t r[16];
    if (read_regs(t, r))
        return HIT_STOP;
    uint16_t code[LOOKBACK_BYTES / 2];
    uint32_t pc = r[REG_PC], store_pc = 0;
    uint32_t value = 0;
    bool have_value = false;
    if (read_halfwords(t, pc - LOOKBACK_BYTES, code, LOOKBACK_BYTES / 2)) {
        unsigned back = thumb_store_before(code, LOOKBACK_BYTES / 2);
        if (back) {
            struct thumb_store s;
            unsigned i = (LOOKBACK_BYTES - back) / 2;
            uint16_t hw2 = i + 1 < LOOKBACK_BYTES / 2 ? code[i + 1] : 0;
            store_pc = pc - back;
            /* Write-only registers (IWDG_KR reads 0): the value is still in Rt. */
            if (w->what == WATCH_IWDG_KR && thumb_decode_store(code[i], hw2, &s)) {
                value = r[s.rt];
                have_value = true;
            }
        }
    }
    if (!have_value && arm_read32(t, w->addr, &value))
        return HIT_STOP;
    if (w->what == WATCH_IWDG_KR && (value & 0xFFFFu) == IWDG_KEY_REFRESH) {
        iwdg_kick(x);
        return HIT_CONTINUE;
    }
    return judge(x, w, store_pc, value);
}

enum hit fx_on_watch(struct fx *x, const struct watch_reg *armed, unsigned n_armed)
{
    int idx;
    if (arm_watch_matched(&x->d->core, x->n_comp, &idx) || idx < 0 || (unsigned)idx >= n_armed)
        return HIT_STOP;
    const struct watch_reg *w = &armed[idx];
    if (!w->read_too)
        return after_write(x, w);
    /* Read or write?  If the instruction before the PC stored to the
     * register and we can still talk, the write was harmless; else step
     * ahead to the store. */
    uint32_t r[16];
    uint16_t code[LOOKBACK_BYTES / 2];
    if (read_regs(&x->d->core, r) ||
        !read_halfwords(&x->d->core, r[REG_PC] - LOOKBACK_BYTES, code, LOOKBACK_BYTES / 2))
        return HIT_STOP;
    unsigned n = LOOKBACK_BYTES / 2, back = thumb_access_before(code, n);
    struct thumb_store s;
    if (back && thumb_decode_access(code[n - back / 2], back == 4 ? code[n - 1] : 0, &s)) {
        if (!s.load)
            return after_write(x, w);   /* it was the write, and SWD still works */
    }
    return step_to_store(x, w, (unsigned)idx);
}
