/* The doctor's decision procedure: run the checks layer by layer, stop
 * where a cause is proven, order the findings, time the verdict. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/session_internal.h"
#include "doctor/doctor_internal.h"
#include "doctor/findings.h"

typedef enum doctor_flow (*check_fn)(struct doctor *d);

/* The layers, top of the USB cable to the firmware (issue order:
 * USB and permissions, probe, voltage, wire with clock step-down and
 * connect under reset, NRST, core state, H7 supply, boot mode,
 * protection, then what the firmware does once it runs). */
static const check_fn checks[] = {
    check_usb, check_probe, check_power, check_wire, check_reset, check_supply,
    check_core, check_boot, check_protection, check_forensics,
};

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);   /* virtual on the bench */
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void vformat(char *buf, size_t len, const char *fmt, va_list ap)
{
    vsnprintf(buf, len, fmt, ap);
}

struct sd_finding *doctor_find(struct doctor *d, const char *id, enum sd_confidence c,
                               const char *cause_fmt, ...)
{
    struct sd_doctor_report *r = d->r;
    struct sd_finding *grown = realloc(r->findings, (r->n_findings + 1) * sizeof *grown);
    struct sd_finding *f;
    if (grown) {
        r->findings = grown;
        f = &r->findings[r->n_findings++];
    } else {
        f = &r->findings[r->n_findings - 1]; /* no memory: overwrite the last one */
    }
    memset(f, 0, sizeof *f);
    const struct finding_kind *k = finding_kind(id);
    f->id = k ? k->id : id;
    f->confidence = c;
    f->blocking = k ? k->blocking : 1;
    f->recoverable = k ? k->recoverable : 0;
    snprintf(f->fix, sizeof f->fix, "%s", k ? k->fix : "");
    snprintf(f->doc, sizeof f->doc, "docs/findings/%s.md", f->id);
    va_list ap;
    va_start(ap, cause_fmt);
    vformat(f->cause, sizeof f->cause, cause_fmt, ap);
    va_end(ap);
    sd_log(d->s, SD_LOG_INFO, SD_LOG_DOCTOR, "finding %s: %s", f->id, f->cause);
    return f;
}

void doctor_evidence(struct sd_finding *f, const char *name, const char *fmt, ...)
{
    if (f->n_evidence >= SD_FINDING_MAX_EVIDENCE)
        return;
    struct sd_evidence *e = &f->evidence[f->n_evidence++];
    snprintf(e->name, sizeof e->name, "%s", name);
    va_list ap;
    va_start(ap, fmt);
    vformat(e->value, sizeof e->value, fmt, ap);
    va_end(ap);
}

void doctor_candidate(struct sd_finding *f, const char *fmt, ...)
{
    if (f->n_candidates >= SD_FINDING_MAX_CANDIDATES)
        return;
    va_list ap;
    va_start(ap, fmt);
    vformat(f->candidates[f->n_candidates++], sizeof f->candidates[0], fmt, ap);
    va_end(ap);
}

void doctor_fix(struct sd_finding *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vformat(f->fix, sizeof f->fix, fmt, ap);
    va_end(ap);
}

void doctor_step(struct doctor *d, const char *check, const char *fmt, ...)
{
    struct sd_doctor_report *r = d->r;
    struct sd_doctor_step *grown = realloc(r->steps, (r->n_steps + 1) * sizeof *grown);
    if (!grown)
        return;
    r->steps = grown;
    struct sd_doctor_step *st = &r->steps[r->n_steps++];
    snprintf(st->check, sizeof st->check, "%s", check);
    va_list ap;
    va_start(ap, fmt);
    vformat(st->result, sizeof st->result, fmt, ap);
    va_end(ap);
    sd_log(d->s, SD_LOG_INFO, SD_LOG_DOCTOR, "%s: %s", st->check, st->result);
}

bool doctor_has(const struct doctor *d, const char *id)
{
    for (size_t i = 0; i < d->r->n_findings; i++)
        if (strcmp(d->r->findings[i].id, id) == 0)
            return true;
    return false;
}

void doctor_clock_start(struct doctor *d)
{
    d->t0_us = now_us();
}

static bool blocking_any(const struct doctor *d)
{
    for (size_t i = 0; i < d->r->n_findings; i++)
        if (d->r->findings[i].blocking)
            return true;
    return false;
}

/* Blocking findings first, in catalogue order (the order a user runs
 * into them), then advisory ones in the order they were found.  A stable
 * insertion sort: a report holds a handful of findings. */
static bool goes_before(const struct sd_finding *a, const struct sd_finding *b)
{
    if (a->blocking != b->blocking)
        return a->blocking;
    if (a->blocking)
        return finding_rank(a->id) < finding_rank(b->id);
    return false;
}

static void order_findings(struct sd_doctor_report *r)
{
    for (size_t i = 1; i < r->n_findings; i++) {
        struct sd_finding f = r->findings[i];
        size_t j = i;
        while (j > 0 && goes_before(&f, &r->findings[j - 1])) {
            r->findings[j] = r->findings[j - 1];
            j--;
        }
        r->findings[j] = f;
    }
}

static void add_healthy(struct doctor *d)
{
    const char *chip = d->r->part[0] ? d->r->part : "the chip";
    struct sd_finding *f =
        d->flash_blank
            ? doctor_find(d, "healthy", SD_CONFIDENCE_CERTAIN,
                          "%s answers at %u kHz; its flash is empty, ready to be programmed",
                          chip, d->best_khz)
            : doctor_find(d, "healthy", SD_CONFIDENCE_CERTAIN,
                          "%s answers at %u kHz and its firmware keeps debug access", chip,
                          d->best_khz);
    if (d->target_mv >= 0)
        doctor_evidence(f, "target voltage", "%d.%02d V", d->target_mv / 1000,
                        (d->target_mv % 1000) / 10);
    doctor_evidence(f, "SWD", "DP IDCODE 0x%08x at %u kHz", d->dp_idcode, d->best_khz);
}

int sd_doctor_run(struct sd_session *s, const struct sd_doctor_options *opt,
                  struct sd_doctor_report **out)
{
    if (!s || !out)
        return SD_ERR_INVALID_ARG;
    *out = NULL;
    sd_session_clear_error(s);
    struct sd_doctor_report *r = calloc(1, sizeof *r);
    if (!r)
        return SD_ERR_NO_MEMORY;
    r->target_mv = -1;
    struct doctor d = { .s = s, .r = r, .target_mv = -1, .t0_us = now_us() };
    if (opt)
        d.opt = *opt;
    if (!d.opt.forensics_ms)
        d.opt.forensics_ms = 2000;
    d.wire = d.opt.transport == SD_TRANSPORT_JTAG ? STLINK_JTAG : STLINK_SWD;

    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        if (checks[i](&d) == DOCTOR_STOP)
            break;
        /* Added (wire helper): when nothing answers on the wire
         * (swd-no-response, added by check_wire), only check_supply can
         * still say something (an H7 supply lock-up, from the last-target
         * record); the checks after it need a connection. */
        if (checks[i] == check_supply && d.reach == REACH_NONE)
            break;
    }

    if (d.connected)
        doctor_release_core(&d);     /* never leave the board halted (check_boot.c) */
    if (d.connected || d.nrst_low)
        doctor_disconnect(&d);
    if (d.probe)
        sd_probe_close(d.probe);
    if (!blocking_any(&d) && d.r->n_findings == 0 && d.reach == REACH_NORMAL)
        add_healthy(&d);
    order_findings(r);
    r->target_mv = d.target_mv;
    r->best_khz = d.best_khz;
    r->elapsed_us = now_us() - d.t0_us;
    sd_session_clear_error(s);   /* failures along the way are evidence, not errors */
    *out = r;
    return SD_OK;
}

void sd_doctor_report_free(struct sd_doctor_report *r)
{
    if (!r)
        return;
    free(r->findings);
    free(r->steps);
    free(r);
}

int sd_doctor_healthy(const struct sd_doctor_report *r)
{
    return r && r->n_findings == 1 && strcmp(r->findings[0].id, "healthy") == 0;
}
