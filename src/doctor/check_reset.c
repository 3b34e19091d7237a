/* Layer 5: NRST.  Does the reset line do what it should?
 *
 * DHCSR tells (ARMv7-M ARM C1.6.2): S_RESET_ST is set while the core is in
 * reset and stays set until read after the core left it; S_RETIRE_ST is
 * set when an instruction retired since the last read.
 *  - With the probe's NRST released, a core that shows S_RESET_ST on every
 *    read for 15 ms and never retires an instruction is held in reset by
 *    the board: nrst-held-low (seed 002: a reset switch shorting NRST to
 *    GND).  Nothing the debugger does can help: the doctor stops.
 *  - Driving NRST low must make S_RESET_ST read 1.  When it does not, but
 *    AIRCR.SYSRESETREQ does reset the core, the probe's NRST does not reach
 *    the chip: nrst-not-connected (advisory; it matters for connect under
 *    reset and recovery).  On a suspected clone that is one more sign.
 * The test resets the chip once: the firmware starts again from its reset
 * vector, which is the state the checks after this one expect. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/session_internal.h"
#include "doctor/doctor_internal.h"
#include "doctor/rules.h"

#define HELD_READS 3
#define HELD_READ_GAP_MS 5        /* 15 ms: a reset pulse lasts 20 us..a few ms (RC on NRST) */
#define NRST_ASSERT_MS 2          /* > tNRST(PW) 20 us (STM32 datasheets) */
#define RELEASE_SETTLE_MS 5       /* reset-temporisation ~ 1 ms after NRST rises (RM0090 §6.1.2) */

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static const char *bits(uint32_t dhcsr, char *buf, size_t len)
{
    int n = snprintf(buf, len, "0x%08x (%s%s%s%s%s", dhcsr,
                     dhcsr & ARM_DHCSR_S_RESET_ST ? "S_RESET_ST " : "",
                     dhcsr & ARM_DHCSR_S_RETIRE_ST ? "S_RETIRE_ST " : "",
                     dhcsr & ARM_DHCSR_S_HALT ? "S_HALT " : "",
                     dhcsr & ARM_DHCSR_S_SLEEP ? "S_SLEEP " : "",
                     dhcsr & ARM_DHCSR_S_LOCKUP ? "S_LOCKUP " : "");
    /* "0x01000000 (S_RETIRE_ST)": drop the trailing space, close */
    if (n > 0 && (size_t)n < len && buf[n - 1] == ' ')
        buf[n - 1] = ')';
    else if (n > 0 && (size_t)n + 1 < len)
        snprintf(buf + n, len - (size_t)n, "none)");
    return buf;
}

static struct sd_finding *finding_of(struct doctor *d, const char *id)
{
    for (size_t i = 0; i < d->r->n_findings; i++)
        if (strcmp(d->r->findings[i].id, id) == 0)
            return &d->r->findings[i];
    return NULL;
}

/* The board holds NRST low: every read after release shows the core in reset. */
static bool check_held(struct doctor *d)
{
    uint32_t first, reads[HELD_READS];
    if (arm_read_dhcsr(&d->core, &first))   /* clears a stale S_RESET_ST from power-on */
        return false;
    for (unsigned i = 0; i < HELD_READS; i++) {
        sleep_ms(HELD_READ_GAP_MS);
        if (arm_read_dhcsr(&d->core, &reads[i]))
            return false;
    }
    if (!rules_held_in_reset(reads, HELD_READS))
        return false;
    d->nrst_stuck_low = true;
    d->nrst_tested = true;
    char b[96];
    struct sd_finding *f = doctor_find(
        d, "nrst-held-low", SD_CONFIDENCE_CERTAIN,
        "the chip is held in reset with the probe's NRST released: something on the board "
        "pulls NRST low");
    doctor_evidence(f, "DHCSR", "%s on each of %u reads over %u ms", bits(reads[0], b, sizeof b),
                    HELD_READS, HELD_READS * HELD_READ_GAP_MS);
    doctor_evidence(f, "S_RETIRE_ST", "never set: the core has not run one instruction");
    doctor_evidence(f, "probe NRST", "released (driven high) by the doctor");
    if (d->target_mv > 0)
        doctor_evidence(f, "target voltage", "%d.%02d V: not a brown-out", d->target_mv / 1000,
                        (d->target_mv % 1000) / 10);
    doctor_step(d, "reset", "core held in reset: DHCSR %s for %u ms with NRST released", b,
                HELD_READS * HELD_READ_GAP_MS);
    return true;
}

/* Drive NRST low: the core must go into reset. */
static int pulse_test(struct doctor *d, uint32_t *during, uint32_t *after)
{
    uint32_t v;
    int rc = stlink_nrst(d->st, STLINK_NRST_ASSERT);
    if (rc)
        return rc;
    sleep_ms(NRST_ASSERT_MS);
    rc = arm_read_dhcsr(&d->core, &v);              /* sticky from before or now in reset */
    if (!rc)
        rc = arm_read_dhcsr(&d->core, during);      /* set only while held */
    int rel = stlink_nrst(d->st, STLINK_NRST_RELEASE);
    if (rc || rel)
        return rc ? rc : rel;
    sleep_ms(RELEASE_SETTLE_MS);
    rc = arm_read_dhcsr(&d->core, &v);
    if (!rc)
        rc = arm_read_dhcsr(&d->core, after);
    return rc;
}

/* AIRCR.SYSRESETREQ: does the core reset when asked in software? */
static bool soft_reset_works(struct doctor *d, uint32_t *seen)
{
    uint32_t v;
    if (arm_read_dhcsr(&d->core, &v))
        return false;
    (void)arm_write32(&d->core, ARM_AIRCR, ARM_AIRCR_VECTKEY | ARM_AIRCR_SYSRESETREQ);
    sd_session_clear_error(d->s);   /* the write may be answered with an error as it resets */
    sleep_ms(NRST_ASSERT_MS);
    if (arm_read_dhcsr(&d->core, seen))
        return false;
    return (*seen & ARM_DHCSR_S_RESET_ST) != 0;
}

static void not_connected(struct doctor *d, uint32_t during)
{
    uint32_t soft = 0;
    bool soft_ok = soft_reset_works(d, &soft);
    char b[96], c[96];
    doctor_step(d, "reset", "NRST low: DHCSR %s; AIRCR.SYSRESETREQ: DHCSR %s",
                bits(during, b, sizeof b), bits(soft, c, sizeof c));
    if (!soft_ok)
        return;   /* neither reset shows: the core is not telling, claim nothing */
    struct sd_finding *f = doctor_find(d, "nrst-not-connected", SD_CONFIDENCE_LIKELY,
                                       "driving the probe's NRST low does not reset the chip, "
                                       "while a software reset does");
    doctor_evidence(f, "DHCSR with NRST low", "%s: no S_RESET_ST, the core keeps running", b);
    doctor_evidence(f, "DHCSR after SYSRESETREQ", "%s", c);
    struct sd_finding *clone = finding_of(d, "probe-clone-suspected");
    if (clone) {
        doctor_evidence(f, "probe", "suspected clone: most clones have no NRST line");
        doctor_evidence(clone, "clone sign", "driving NRST low did not reset the chip (most "
                                             "clones leave NRST unconnected)");
        clone->confidence = SD_CONFIDENCE_LIKELY;
        if (clone->n_candidates)   /* the first candidate said NRST would decide it */
            snprintf(clone->candidates[0], sizeof clone->candidates[0],
                     "a clone (F103-class MCU, no NRST line): NRST had no effect on the chip, "
                     "as most clones' does");
    }
}

enum doctor_flow check_reset(struct doctor *d)
{
    if (d->reach == REACH_NONE || d->reach == REACH_UNKNOWN || !d->connected)
        return DOCTOR_NEXT;
    if (d->reach == REACH_UNDER_RESET) {
        /* The chip answered only while the probe held NRST low, so NRST
         * reaches it. */
        d->nrst_works = d->nrst_tested = true;
        doctor_step(d, "reset", "NRST works: the chip answered only while it was held low");
        return DOCTOR_NEXT;
    }
    (void)stlink_nrst(d->st, STLINK_NRST_RELEASE);
    sd_session_clear_error(d->s);
    if (check_held(d))
        return DOCTOR_STOP;   /* nothing below can run while the core is in reset */
    sd_session_clear_error(d->s);

    uint32_t during = 0, after = 0;
    int rc = pulse_test(d, &during, &after);
    if (rc) {
        doctor_step(d, "reset", "NRST test failed: %s", sd_session_detail(d->s));
        sd_session_clear_error(d->s);
        return DOCTOR_NEXT;
    }
    d->nrst_tested = true;
    d->nrst_works = (during & ARM_DHCSR_S_RESET_ST) != 0;
    if (d->nrst_works) {
        char b[96], c[96];
        doctor_step(d, "reset", "NRST works: DHCSR %s while low, %s %u ms after release",
                    bits(during, b, sizeof b), bits(after, c, sizeof c), RELEASE_SETTLE_MS);
        return DOCTOR_NEXT;
    }
    not_connected(d, during);
    return DOCTOR_NEXT;
}
