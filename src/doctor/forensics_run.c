/* The forensics run: halt before the first firmware instruction, arm DWT
 * comparators on the watch list (several passes when there are more
 * registers than comparators), let the firmware run for
 * opt.forensics_ms in all, and judge every write that stops the core.
 *
 * A data watchpoint stops the core after the access (ARMv7-M ARM C1.8.1),
 * and a write to the pin registers cuts SWD off at once, so the pin
 * registers are watched for reads as well: firmware reads MODER (or
 * AFIO_MAPR) before writing it, the core stops at the read, and we step
 * to the store, decode it and judge the value before it is written. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arm/link_stlink.h"
#include "doctor/doctor_internal.h"
#include "doctor/forensics.h"

#define POLL_MS 5u
#define IWDG_MARGIN_MS 100u         /* past the timeout before calling it unrefreshed */
#define NORMAL_BUDGET_DIVISOR 5u    /* 400 ms of the default 2000 */
#define DFSR_ALL 0x1Fu              /* write-one-to-clear */
#define IPSR_MASK 0x1FFu
#define IPSR_HARDFAULT 3u

uint64_t fx_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);   /* virtual on the bench */
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { .tv_sec = 0, .tv_nsec = (long)ms * 1000000L };
    nanosleep(&ts, NULL);
}

static bool halt_at_reset(struct fx *x)
{
    struct doctor *d = x->d;
    if (!d->core.ops)
        d->core = (struct arm_target){ .session = d->s, .ops = &arm_stlink_link, .link = d->st };
    if (d->halted_at_reset && d->connected)
        return true;
    if (d->connected && d->reach == REACH_NORMAL &&
        arm_reset(&d->core, ARM_RESET_SYSTEM, true) == SD_OK)
        return d->halted_at_reset = true;
    sd_session_clear_error(d->s);
    /* Under reset: no firmware instruction runs before the halt. */
    if (d->connected || d->nrst_low)
        doctor_disconnect(d);
    uint32_t id;
    if (!doctor_try_connect(d, STLINK_CONNECT_UNDER_RESET, d->best_khz, &id))
        return false;
    d->connected = true;
    d->nrst_low = true;
    int rc = arm_write32(&d->core, ARM_DHCSR, ARM_DHCSR_DBGKEY | ARM_DHCSR_C_DEBUGEN |
                                                  ARM_DHCSR_C_HALT);
    if (!rc)
        rc = arm_write32(&d->core, ARM_DEMCR, ARM_DEMCR_TRCENA | ARM_DEMCR_VC_CORERESET);
    int rel = stlink_nrst(d->st, STLINK_NRST_RELEASE);
    d->nrst_low = false;
    if (!rc && !rel)
        rc = arm_wait_halt(&d->core, 500);
    sd_session_clear_error(d->s);
    return d->halted_at_reset = (rc == SD_OK && rel == SD_OK);
}

/* The link died: reconnect under reset and ask the debug logic (which a
 * system reset leaves alone, ARMv7-M C1.1) which comparator matched. */
static void after_loss(struct fx *x, const struct watch_reg *armed, unsigned n_armed)
{
    struct doctor *d = x->d;
    x->lost = true;
    uint64_t at = fx_now_ms() - x->t_start_ms;
    sd_session_clear_error(d->s);
    d->halted_at_reset = false;
    if (!halt_at_reset(x)) {
        doctor_step(d, "forensics", "the target stopped answering %llu ms after reset and "
                    "does not answer under reset either", (unsigned long long)at);
        return;
    }
    int idx = -1;
    arm_watch_matched(&d->core, x->n_comp, &idx);
    if (idx >= 0 && (unsigned)idx < n_armed) {
        const struct watch_reg *w = &armed[idx];
        uint32_t value = 0;
        struct sd_code_location loc;
        fx_locate(x, 0, w, value, &loc);
        if (w->what == WATCH_PINS_MODER || w->what == WATCH_PINS_AFRH ||
            w->what == WATCH_PINS_AFIO_MAPR || w->what == WATCH_FLASH_ACR_SWEN) {
            struct sd_finding *fd = doctor_find(
                d, "debug-pins-disabled-by-firmware", SD_CONFIDENCE_CERTAIN,
                "the firmware writes %s and SWD stops answering at once (%llu ms after reset)",
                w->name, (unsigned long long)at);
            fd->has_location = 1;
            fd->location = loc;
            doctor_fix(fd, "%s", fx_fix_for(VERDICT_PINS, x->f));
            doctor_evidence(fd, "watchpoint", "%s (0x%08x) written, then no SWD answer",
                            w->name, w->addr);
            doctor_evidence(fd, "instruction", "unknown: the write cut SWD off before the "
                            "core could be read");
            x->harmful = true;
            return;
        }
    }
    doctor_step(d, "forensics", "the target stopped answering %llu ms after reset, without a "
                "watched write before", (unsigned long long)at);
}

/* What the core's halt says; HIT_STOP ends the pass. */
static enum hit on_halt(struct fx *x, const struct watch_reg *armed, unsigned n_armed)
{
    struct arm_target *t = &x->d->core;
    uint32_t dfsr = 0;
    if (arm_read32(t, ARM_DFSR, &dfsr))
        return HIT_STOP;
    arm_write32(t, ARM_DFSR, DFSR_ALL);
    if (dfsr & ARM_DFSR_DWTTRAP)
        return fx_on_watch(x, armed, n_armed);
    uint32_t pc = 0, xpsr = 0;
    arm_reg_read(t, ARM_REG_PC, &pc);
    arm_reg_read(t, ARM_REG_XPSR, &xpsr);
    uint64_t at = fx_now_ms() - x->t_start_ms;
    if ((dfsr & ARM_DFSR_VCATCH) && (xpsr & IPSR_MASK) == IPSR_HARDFAULT) {
        uint32_t hfsr = 0, cfsr = 0;
        arm_read32(t, ARM_HFSR, &hfsr);
        arm_read32(t, ARM_CFSR, &cfsr);
        doctor_step(x->d, "forensics", "HardFault %llu ms after reset (PC 0x%08x, HFSR 0x%08x, "
                    "CFSR 0x%08x)", (unsigned long long)at, pc, hfsr, cfsr);
    } else if (dfsr & ARM_DFSR_VCATCH) {
        x->reset_seen = true;
        doctor_step(x->d, "forensics", "the core was reset %llu ms after reset",
                    (unsigned long long)at);
    } else {
        doctor_step(x->d, "forensics", "the core halted %llu ms after reset (DFSR 0x%02x, PC "
                    "0x%08x)", (unsigned long long)at, dfsr, pc);
    }
    return HIT_STOP;
}

static void run_pass(struct fx *x, const struct watch_reg *armed, unsigned n_armed,
                     unsigned budget_ms)
{
    struct arm_target *t = &x->d->core;
    for (unsigned i = 0; i < n_armed; i++)
        if (arm_watch_set(t, x->v8m, i, armed[i].addr, 4,
                          armed[i].read_too ? ARM_WATCH_ACCESS : ARM_WATCH_WRITE))
            return;
    /* Vector catch on reset and HardFault: a watchdog reset or a fault
     * during the run stops the core where we can see it. */
    arm_write32(t, ARM_DEMCR, ARM_DEMCR_TRCENA | ARM_DEMCR_VC_CORERESET | ARM_DEMCR_VC_HARDERR);
    arm_write32(t, ARM_DFSR, DFSR_ALL);
    x->t_start_ms = fx_now_ms();
    uint64_t deadline = x->t_start_ms + budget_ms;
    if (arm_resume(t))
        return;
    x->d->halted_at_reset = false;
    /* A started watchdog gets the time to fire (within the user's budget). */
    uint64_t limit = x->t_start_ms + (budget_ms > x->d->opt.forensics_ms ? budget_ms
                                                                        : x->d->opt.forensics_ms);
    for (;;) {
        uint64_t t_now = fx_now_ms();
        if (x->iwdg_started && !x->reset_seen) {
            uint64_t want = x->iwdg_kick_ms + x->iwdg_timeout_ms + IWDG_MARGIN_MS;
            if (want > deadline)
                deadline = want < limit ? want : limit;
        }
        if (t_now >= deadline)
            break;
        uint32_t dhcsr;
        if (arm_read_dhcsr(t, &dhcsr)) {
            after_loss(x, armed, n_armed);
            return;
        }
        if (dhcsr & ARM_DHCSR_S_HALT) {
            if (on_halt(x, armed, n_armed) == HIT_STOP)
                return;
            arm_write32(t, ARM_DFSR, DFSR_ALL);   /* stepping left its own reasons */
            if (arm_resume(t))
                return;
            continue;
        }
        if (dhcsr & ARM_DHCSR_S_LOCKUP) {
            doctor_step(x->d, "forensics", "the core locked up %llu ms after reset",
                        (unsigned long long)(fx_now_ms() - x->t_start_ms));
            return;
        }
        sleep_ms(POLL_MS);
    }
}

static void finish(struct fx *x, uint32_t demcr)
{
    struct doctor *d = x->d;
    struct arm_target *t = &d->core;
    sd_session_clear_error(d->s);
    for (unsigned i = 0; i < x->n_comp; i++)
        arm_watch_clear(t, i);
    arm_write32(t, ARM_DEMCR, demcr & ~(ARM_DEMCR_VC_CORERESET | ARM_DEMCR_VC_HARDERR));
    /* Leave the board as found: reset and running its firmware. */
    if (arm_reset(t, ARM_RESET_SYSTEM, false))
        stlink_nrst(d->st, STLINK_NRST_PULSE_ACTION);
    d->halted_at_reset = false;
    sd_session_clear_error(d->s);
}

void forensics_run(struct doctor *d)
{
    struct fx x = { .d = d, .f = d->facts };
    x.n_regs = forensics_watch_list(d->facts, x.regs);
    if (d->opt.firmware_elf) {
        char err[160];
        x.elf = elf_lines_open(d->opt.firmware_elf, err, sizeof err);
        if (!x.elf)
            doctor_step(d, "forensics", "no source lines: %s", err);
    }
    if (!halt_at_reset(&x)) {
        doctor_step(d, "forensics", "not run: cannot halt the core at its reset vector");
        if (d->reach == REACH_UNDER_RESET)
            forensics_only_under_reset(d, SD_CONFIDENCE_POSSIBLE,
                                       "the firmware could not be run under watchpoints");
        elf_lines_close(x.elf);
        return;
    }
    uint32_t cpuid = 0, demcr = 0;
    arm_read32(&d->core, ARM_CPUID, &cpuid);
    arm_read32(&d->core, ARM_DEMCR, &demcr);
    x.v8m = arm_cpuid_is_v8m(cpuid);
    if (arm_watch_count(&d->core, &x.n_comp) || x.n_comp == 0) {
        doctor_step(d, "forensics", "not run: the core has no DWT comparators");
        finish(&x, demcr);
        elf_lines_close(x.elf);
        return;
    }
    unsigned plan[FORENSICS_MAX_WATCH][FORENSICS_MAX_WATCH], in_pass[FORENSICS_MAX_WATCH];
    unsigned passes = forensics_plan(x.regs, x.n_regs, x.n_comp, plan, in_pass);
    /* A board that answers normally already ran its firmware with debug
     * access intact (check_core watched it): a short look for a late
     * write is enough, and keeps a healthy verdict quick.  Under reset,
     * the firmware is the suspect: it gets the whole budget. */
    unsigned total = d->reach == REACH_NORMAL ? d->opt.forensics_ms / NORMAL_BUDGET_DIVISOR
                                              : d->opt.forensics_ms;
    unsigned budget = total / (passes ? passes : 1);
    doctor_step(d, "forensics", "running the firmware from reset for %u ms under %u DWT "
                "comparators (%u registers, %u pass%s)", total, x.n_comp, x.n_regs, passes,
                passes == 1 ? "" : "es");
    for (unsigned p = 0; p < passes && !x.harmful && !x.lost; p++) {
        if (p > 0 && !halt_at_reset(&x))
            break;
        struct watch_reg armed[FORENSICS_MAX_WATCH];
        for (unsigned i = 0; i < in_pass[p]; i++)
            armed[i] = x.regs[plan[p][i]];
        for (unsigned i = 0; i < x.n_comp; i++)
            arm_watch_clear(&d->core, i);
        x.iwdg_started = x.reset_seen = false;   /* a reset stops the watchdog */
        run_pass(&x, armed, in_pass[p], budget);
        uint64_t quiet = fx_now_ms() - x.iwdg_kick_ms;
        if (x.iwdg_started && !x.harmful && (x.reset_seen || quiet > x.iwdg_timeout_ms)) {
            char why[160];
            if (x.reset_seen)
                snprintf(why, sizeof why, "0xCCCC starts the independent watchdog (timeout "
                         "about %u ms) and the firmware lets it reset the core",
                         x.iwdg_timeout_ms);
            else
                snprintf(why, sizeof why, "0xCCCC starts the independent watchdog (timeout "
                         "about %u ms) and the firmware does not refresh it for %llu ms",
                         x.iwdg_timeout_ms, (unsigned long long)quiet);
            fx_report(&x, VERDICT_WATCHDOG,
                   x.reset_seen ? SD_CONFIDENCE_CERTAIN : SD_CONFIDENCE_LIKELY, &x.iwdg_loc, why);
            fx_watchdog_evidence(&x);
        }
    }
    if (!x.harmful) {
        if (d->reach == REACH_UNDER_RESET)
            forensics_only_under_reset(d, SD_CONFIDENCE_POSSIBLE,
                                       x.lost ? "the target was lost during the run without a "
                                                "watched write before"
                                              : "no watched register was written harmfully "
                                                "while watched");
        else
            doctor_step(d, "forensics", "the firmware kept debug access for %u ms", total);
    }
    finish(&x, demcr);
    elf_lines_close(x.elf);
}
