/* Layer 4: the wire.  Does the debug port answer, at which clock, and
 * only under reset?
 *
 * From swdoctor's default clock down a ladder (rules.c), each clock gets
 * a DP IDCODE read and, when that answers, a reliability test: DP
 * CTRL/STAT without sticky errors and repeated AP reads (CPUID, DHCSR)
 * that all succeed and agree.  The first clean clock is the best one; if
 * a faster one failed, the wiring cannot carry the fast clock
 * (swd-signal-integrity).  When nothing answers at any clock, one connect
 * under reset (NRST held low across ENTER) tells firmware that takes the
 * pins from a wire that is not there.  Nothing answering at all gives
 * swd-no-response with its candidates, and the doctor goes on only to
 * check_supply (doctor.c), which can still name an H7 supply lock-up from
 * the last-target record. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arm/link_stlink.h"
#include "common/session_internal.h"
#include "doctor/doctor_internal.h"
#include "doctor/rules.h"

#define DP_CTRL_STAT 0x04u                   /* ADIv5.2 B2.2.2 */
#define CTRL_STAT_STICKYORUN (1u << 1)
#define CTRL_STAT_STICKYCMP  (1u << 4)
#define CTRL_STAT_STICKYERR  (1u << 5)
#define CTRL_STAT_WDATAERR   (1u << 7)
#define CTRL_STAT_ERRORS (CTRL_STAT_STICKYORUN | CTRL_STAT_STICKYCMP | CTRL_STAT_STICKYERR | \
                          CTRL_STAT_WDATAERR)
#define IDCODE_RAO 1u                        /* ADIv5.2 B2.2.5: bit 0 reads as one */
#define RELIABILITY_READS 8                  /* CPUID + DHCSR pairs: 16 AP reads, ~2% garbling shows */
#define UNDER_RESET_KHZ 480u                 /* slow enough for poor wiring (attach's SLOW_KHZ) */
#define RESET_HALT_TIMEOUT_MS 100
#define MAX_CLOCKS 8
#define POWERED_MV 1600                      /* check_power's bar */

enum clock_result { CLOCK_NONE, CLOCK_ERRORS, CLOCK_CLEAN };

struct clock_try {
    unsigned khz;
    enum clock_result result;
    char what[128];
};

/* "status 0x11 SWD_AP_FAULT" out of a detail, else the detail. */
static void short_error(const char *detail, char *out, size_t len)
{
    const char *p = strstr(detail, "status 0x");
    if (!p)
        p = strstr(detail, "LIBUSB_ERROR_");
    snprintf(out, len, "%s", p ? p : detail);
}

static bool plausible_idcode(uint32_t id)
{
    return id != 0xFFFFFFFFu && (id & IDCODE_RAO);
}

bool doctor_try_connect(struct doctor *d, enum stlink_connect how, unsigned khz, uint32_t *idcode)
{
    *idcode = 0;
    if (d->nrst_low && how != STLINK_CONNECT_UNDER_RESET) {
        stlink_nrst(d->st, STLINK_NRST_RELEASE);
        d->nrst_low = false;
    }
    unsigned actual = 0;
    int rc = stlink_set_speed(d->st, d->wire, khz, &actual);
    if (rc == SD_ERR_PROBE_FIRMWARE) {
        /* No clock command before V2J22: the probe stays at its 1.8 MHz
         * default (ref stlink-protocol.md §4.6). */
        sd_session_clear_error(d->s);
        actual = 1800;
    } else if (rc) {
        return false;
    }
    d->khz_now = actual;
    d->core = (struct arm_target){ .session = d->s, .ops = &arm_stlink_link, .link = d->st };
    rc = stlink_enter(d->st, d->wire, how);
    if (rc)
        return false;
    d->connected = true;
    d->nrst_low = how == STLINK_CONNECT_UNDER_RESET;
    rc = stlink_read_idcode(d->st, idcode);
    return rc == SD_OK && plausible_idcode(*idcode);
}

void doctor_disconnect(struct doctor *d)
{
    if (d->connected && (d->identified || d->halted_at_reset)) {
        /* Leave the core running its firmware: no vector catch, debug off
         * (a core the doctor halted resumes).  Best effort. */
        (void)arm_write32(&d->core, ARM_DEMCR, 0);
        (void)arm_write32(&d->core, ARM_DHCSR, ARM_DHCSR_DBGKEY);
    }
    if (d->nrst_low)
        (void)stlink_nrst(d->st, STLINK_NRST_RELEASE);
    if (d->connected)
        (void)stlink_leave_mode(d->st);
    d->connected = false;
    d->nrst_low = false;
    d->halted_at_reset = false;
    sd_session_clear_error(d->s);
}

bool doctor_identify(struct doctor *d)
{
    uint32_t mv = d->target_mv > 0 ? (uint32_t)d->target_mv : 0;
    int rc = stm32_identify(&d->chip, &d->core, mv);
    if (rc) {
        doctor_step(d, "identify", "cannot identify the chip: %s", sd_session_detail(d->s));
        sd_session_clear_error(d->s);
        return false;
    }
    d->identified = true;
    d->facts = stm32_debug_facts(&d->chip);
    snprintf(d->r->part, sizeof d->r->part, "%s", d->chip.part->name);
    doctor_step(d, "identify", "%s (DEV_ID 0x%03x, rev 0x%04x), %s, %u KiB flash",
                d->chip.part->name, stm32_dev_id(&d->chip), stm32_rev_id(&d->chip),
                stm32_core_name(d->chip.cpuid), d->chip.flash_kib);
    struct doctor_last_target t = { .dev_id = stm32_dev_id(&d->chip),
                                    .when_s = (uint64_t)time(NULL) };
    snprintf(t.probe_serial, sizeof t.probe_serial, "%s", d->probe_info.serial);
    snprintf(t.part, sizeof t.part, "%s", d->chip.part->name);
    snprintf(t.family, sizeof t.family, "%s", d->chip.part->family);
    doctor_last_target_save(&t);
    return true;
}

/* Reliability at the current clock: DP CTRL/STAT clean, AP reads that
 * succeed and agree.  Any FAULT, parity error or disagreement fails. */
static bool reliable(struct doctor *d, uint32_t idcode, char *why, size_t len)
{
    uint32_t v, cpuid = 0;
    if (stlink_has(d->st, STLINK_F_DAP_REG)) {
        if (stlink_dp_read(d->st, DP_CTRL_STAT, &v) != SD_OK) {
            short_error(sd_session_detail(d->s), why, len);
            return false;
        }
        if (v & CTRL_STAT_ERRORS) {
            snprintf(why, len, "DP CTRL/STAT 0x%08x has sticky error flags", v);
            return false;
        }
    }
    unsigned failed = 0, total = 0;
    char first[64] = "";
    for (unsigned i = 0; i < RELIABILITY_READS; i++) {
        uint32_t regs[2] = { ARM_CPUID, ARM_DHCSR };
        for (unsigned k = 0; k < 2; k++) {
            total++;
            if (stlink_debugreg_read(d->st, regs[k], &v) != SD_OK) {
                if (!failed++)
                    short_error(sd_session_detail(d->s), first, sizeof first);
                sd_session_clear_error(d->s);
                continue;
            }
            if (k == 0 && cpuid == 0)
                cpuid = v;
            else if (k == 0 && v != cpuid && !failed++)
                snprintf(first, sizeof first, "CPUID read 0x%08x, then 0x%08x", cpuid, v);
        }
    }
    uint32_t again = 0;
    total++;
    if (stlink_read_idcode(d->st, &again) != SD_OK || again != idcode) {
        if (!failed++)
            snprintf(first, sizeof first, "IDCODE read 0x%08x, then 0x%08x", idcode, again);
        sd_session_clear_error(d->s);
    }
    if (failed)
        snprintf(why, len, "%u of %u reads failed (%s)", failed, total, first);
    return failed == 0;
}

static void try_clock(struct doctor *d, unsigned khz, struct clock_try *t)
{
    uint32_t id = 0;
    memset(t, 0, sizeof *t);
    bool ok = doctor_try_connect(d, STLINK_CONNECT_NORMAL, khz, &id);
    t->khz = d->khz_now;
    if (!ok) {
        char err[64] = "";
        short_error(sd_session_detail(d->s), err, sizeof err);
        snprintf(t->what, sizeof t->what, "no answer (%s)",
                 err[0] ? err : id ? "IDCODE implausible" : "IDCODE 0");
        if (id && !err[0])
            snprintf(t->what, sizeof t->what, "no answer (IDCODE 0x%08x)", id);
        sd_session_clear_error(d->s);
        t->result = CLOCK_NONE;
        return;
    }
    char why[96];
    if (reliable(d, id, why, sizeof why)) {
        snprintf(t->what, sizeof t->what, "IDCODE 0x%08x, %u reads clean", id,
                 2 * RELIABILITY_READS + 2);
        t->result = CLOCK_CLEAN;
        d->dp_idcode = id;
    } else {
        snprintf(t->what, sizeof t->what, "IDCODE 0x%08x, %s", id, why);
        t->result = CLOCK_ERRORS;
        if (!d->dp_idcode)
            d->dp_idcode = id;
    }
}

/* The clocks to try: the user's, if given, then the ladder below it. */
static size_t clocks_to_try(const struct doctor *d, unsigned *out)
{
    size_t n = 0;
    if (d->opt.speed_khz)
        out[n++] = d->opt.speed_khz;
    for (size_t i = 0; i < rules_clock_ladder_len && n < MAX_CLOCKS; i++)
        if (!d->opt.speed_khz || rules_clock_ladder[i] < d->opt.speed_khz)
            out[n++] = rules_clock_ladder[i];
    return n;
}

/* "4000, 1800 kHz: no answer (...); 950 kHz: IDCODE ...": clocks with the
 * same result are said once. */
static size_t join_tries(const struct clock_try *t, size_t n, char *buf, size_t len)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && o + 1 < len; i++) {
        bool same_next = i + 1 < n && strcmp(t[i].what, t[i + 1].what) == 0;
        bool same_prev = i > 0 && strcmp(t[i].what, t[i - 1].what) == 0;
        o += (size_t)snprintf(buf + o, len - o, "%s%u%s", i && !same_prev ? "; " : "",
                              t[i].khz, same_next ? ", " : " kHz: ");
        if (!same_next && o + 1 < len)
            o += (size_t)snprintf(buf + o, len - o, "%s", t[i].what);
    }
    return o;
}

static void signal_integrity(struct doctor *d, const struct clock_try *t, size_t n, size_t best)
{
    struct sd_finding *f = doctor_find(
        d, "swd-signal-integrity", SD_CONFIDENCE_LIKELY,
        "the debug port answers reliably at %u kHz but not at %u kHz: the wiring cannot "
        "carry the faster clock", t[best].khz, t[0].khz);
    for (size_t i = 0; i < n && i <= best; i++) {
        char name[32];
        snprintf(name, sizeof name, "%u kHz", t[i].khz);
        doctor_evidence(f, name, "%s", t[i].what);
    }
    doctor_fix(f, "Use `swdoctor --speed %u ...` (the highest clock that worked), or shorter "
                  "wires with a ground wire next to SWCLK; then run `swdoctor doctor` again.",
               t[best].khz);
}

static const char *candidate_text(enum rules_candidate c, const struct doctor *d, char *buf,
                                  size_t len)
{
    switch (c) {
    case CAND_WIRING:
        return "wiring: SWDIO, SWCLK or GND open, swapped or on the wrong pins (check "
               "continuity from the probe's pins to the chip's PA13/PA14 and GND)";
    case CAND_VREF:
        if (d->target_mv > 0)
            snprintf(buf, len, "pin 1 (VREF) is wired to a supply that is not the chip's: the "
                     "probe reads %d.%02d V there, yet the chip may be unpowered (measure VDD "
                     "at the chip)", d->target_mv / 1000, (d->target_mv % 1000) / 10);
        else
            snprintf(buf, len, "the chip is not powered (the probe could not measure VREF): "
                     "measure VDD at the chip");
        return buf;
    case CAND_FIRMWARE_PINS:
        return "the firmware takes PA13/PA14 or enters low power at once, and NRST does not "
               "reach the chip (connect under reset did not help): wire NRST, or set BOOT0 "
               "high, power-cycle and run `swdoctor recover`; an answer then proves it";
    case CAND_H7_SUPPLY:
        return "an STM32H7 whose firmware selected the wrong supply (LDO vs SMPS) and locked "
               "up: BOOT0 high plus a power-cycle brings it back (`swdoctor recover`)";
    case CAND_RDP2:
        return "read-out protection level 2: the debug port is off for good, nothing answers "
               "even with BOOT0 high (no software fix)";
    case CAND_DEAD_CHIP:
        return "a damaged chip (over-voltage, ESD, a short on VDD): a hot chip or an odd "
               "supply current tells; suspect it when the others are ruled out";
    case CAND_COUNT:
        break;
    }
    return "";
}

/* This probe reached a chip (not an H7: check_supply speaks for those)
 * before, and now nothing answers, not even under reset, with the target
 * powered: the wires worked then, so the firmware flashed since is the
 * first suspect (seeds 000/003: it takes PA13/PA14 before a probe whose
 * NRST does not reach the chip can stop it).  Said as that finding, not as
 * swd-no-response, which would sort before it; the other candidates stay
 * listed, and software cannot fix it: BOOT0 keeps the firmware from
 * running. */
static bool firmware_since_last_contact(struct doctor *d, const struct doctor_last_target *last,
                                        const char *clocks, const char *under_reset)
{
    if (stm32_family_has_supply_lock(last->family) || d->target_mv == 0 ||
        (d->target_mv > 0 && d->target_mv < POWERED_MV))
        return false;
    struct sd_finding *f = doctor_find(
        d, "debug-pins-disabled-by-firmware", SD_CONFIDENCE_POSSIBLE,
        "this probe reached an %s before; now nothing answers, not even under reset: the "
        "firmware probably takes the SWD pins (or sleeps) before the probe can stop it, and "
        "NRST does not reach the chip", last->part);
    f->recoverable = 0;
    doctor_evidence(f, "last target", "%s (DEV_ID 0x%03x) on this probe", last->part,
                    last->dev_id);
    doctor_evidence(f, "clocks tried", "%s", clocks);
    doctor_evidence(f, "under reset", "%s", under_reset);
    if (d->target_mv > 0)
        doctor_evidence(f, "target voltage", "%d.%02d V on pin 1 (VREF)", d->target_mv / 1000,
                        (d->target_mv % 1000) / 10);
    doctor_candidate(f, "the firmware turns PA13/PA14 into GPIO (CubeMX SYS > Debug = No "
                        "Debug, or an F1 AFIO_MAPR remap) right after reset");
    doctor_candidate(f, "the firmware enters STOP/STANDBY at once with the DBGMCU debug bits "
                        "off");
    doctor_candidate(f, "a wire came loose since (SWDIO, SWCLK, GND): check continuity");
    doctor_candidate(f, "read-out protection level 2 was set (permanent, no fix)");
    doctor_fix(f, "Software cannot stop the firmware without NRST: set BOOT0 high (jumper to "
                  "VDD), power-cycle the board so the ST bootloader runs instead, run `swdoctor "
                  "recover`, set BOOT0 low again; then keep PA13/PA14 for debug in the firmware "
                  "(CubeMX: SYS > Debug = Serial Wire). Wiring the probe's NRST makes "
                  "`--connect under-reset` work next time.");
    return true;
}

static void no_response(struct doctor *d, const struct clock_try *t, size_t n,
                        const char *under_reset)
{
    struct doctor_last_target last;
    bool had_last = doctor_last_target_load(d->probe_info.serial, &last);
    char buf[SD_PROBE_DETAIL_MAX * 2];
    join_tries(t, n, buf, sizeof buf);
    if (had_last && firmware_since_last_contact(d, &last, buf, under_reset))
        return;
    const struct rules_no_response_facts facts = {
        .reached_before = had_last,
        .reached_before_h7 = had_last && stm32_family_has_supply_lock(last.family),
        .under_reset_tried = true,
        .probe_drives_nrst = !doctor_has(d, "probe-clone-suspected"),
    };
    struct sd_finding *f = doctor_find(d, "swd-no-response", SD_CONFIDENCE_POSSIBLE,
                                       "nothing answers on %s at any clock, not even under reset",
                                       d->wire == STLINK_SWD ? "SWD" : "JTAG");
    doctor_evidence(f, "clocks tried", "%s", buf);
    doctor_evidence(f, "under reset", "%s", under_reset);
    if (d->target_mv >= 0)
        doctor_evidence(f, "target voltage", "%d.%02d V on pin 1 (VREF)", d->target_mv / 1000,
                        (d->target_mv % 1000) / 10);
    if (had_last) {
        time_t now = time(NULL);
        long ago = (long)((uint64_t)now > last.when_s ? (uint64_t)now - last.when_s : 0);
        doctor_evidence(f, "last target", "this probe reached %s (DEV_ID 0x%03x) %ld min ago",
                        last.part, last.dev_id, ago / 60);
    } else {
        doctor_evidence(f, "last target", "no record of this probe reaching a chip");
    }
    enum rules_candidate order[CAND_COUNT];
    size_t nc = rules_no_response_order(&facts, order);
    for (size_t i = 0; i < nc; i++) {
        char text[240];
        doctor_candidate(f, "%s", candidate_text(order[i], d, text, sizeof text));
    }
}

/* Under reset: halt at the reset vector, then let NRST go, so that no
 * firmware instruction runs (the firmware is what took the port). */
static void halt_at_reset(struct doctor *d)
{
    int rc = arm_write32(&d->core, ARM_DHCSR, ARM_DHCSR_DBGKEY | ARM_DHCSR_C_DEBUGEN |
                                                  ARM_DHCSR_C_HALT);
    if (!rc)
        rc = arm_write32(&d->core, ARM_DEMCR, ARM_DEMCR_TRCENA | ARM_DEMCR_VC_CORERESET);
    if (!rc)
        rc = stlink_nrst(d->st, STLINK_NRST_RELEASE);
    if (!rc)
        d->nrst_low = false;
    if (!rc)
        rc = arm_wait_halt(&d->core, RESET_HALT_TIMEOUT_MS);
    if (!rc)
        rc = arm_write32(&d->core, ARM_DEMCR, ARM_DEMCR_TRCENA);
    d->halted_at_reset = rc == SD_OK;
    doctor_step(d, "wire", "%s", rc ? "could not halt the core at its reset vector" :
                                      "core halted at its reset vector, NRST released");
    sd_session_clear_error(d->s);
}

enum doctor_flow check_wire(struct doctor *d)
{
    unsigned clocks[MAX_CLOCKS];
    size_t nclocks = clocks_to_try(d, clocks);
    struct clock_try tries[MAX_CLOCKS] = { 0 };
    size_t n = 0, best = MAX_CLOCKS, partial = MAX_CLOCKS;
    unsigned last_khz = 0;
    for (size_t i = 0; i < nclocks && best == MAX_CLOCKS; i++) {
        struct clock_try t;
        try_clock(d, clocks[i], &t);
        if (n && t.khz == last_khz)
            continue;          /* the probe's table mapped it to a clock already tried */
        last_khz = t.khz;
        tries[n] = t;
        if (t.result == CLOCK_CLEAN)
            best = n;
        else if (t.result == CLOCK_ERRORS && partial == MAX_CLOCKS)
            partial = n;
        n++;
    }
    char buf[SD_PROBE_DETAIL_MAX * 2];
    join_tries(tries, n, buf, sizeof buf);
    doctor_step(d, "wire", "%s", buf);

    if (best != MAX_CLOCKS || partial != MAX_CLOCKS) {
        size_t pick = best != MAX_CLOCKS ? best : partial;
        if (best == MAX_CLOCKS) {
            /* The DP answers but AP reads fail at every clock: not the
             * wire (that would get better lower down); the core checks
             * look at why. */
            doctor_step(d, "wire", "the DP answers but AP reads fail at every clock; not a "
                                   "wiring fault");
        }
        if (tries[pick].khz != d->khz_now) {
            uint32_t id;
            doctor_try_connect(d, STLINK_CONNECT_NORMAL, tries[pick].khz, &id);
        }
        d->reach = REACH_NORMAL;
        d->best_khz = tries[pick].khz;
        d->r->best_khz = d->best_khz;
        if (best != MAX_CLOCKS && best > 0)
            signal_integrity(d, tries, n, best);
        doctor_identify(d);
        return DOCTOR_NEXT;
    }

    /* Nothing at any clock: under reset, at the fastest clock of the
     * ladder (so the clock reported is what the wiring carries), then once
     * more at a slow one for poor wiring. */
    uint32_t id = 0;
    char under[128];
    unsigned fast = d->opt.speed_khz ? d->opt.speed_khz : rules_clock_ladder[0];
    bool answered = doctor_try_connect(d, STLINK_CONNECT_UNDER_RESET, fast, &id);
    if (!answered && fast > UNDER_RESET_KHZ) {
        sd_session_clear_error(d->s);
        answered = doctor_try_connect(d, STLINK_CONNECT_UNDER_RESET, UNDER_RESET_KHZ, &id);
    }
    if (answered) {
        d->reach = REACH_UNDER_RESET;
        d->dp_idcode = id;
        d->best_khz = d->khz_now;
        d->r->best_khz = d->best_khz;
        doctor_step(d, "wire", "under reset at %u kHz: IDCODE 0x%08x (the chip answers only "
                               "while NRST is held low)", d->khz_now, id);
        doctor_identify(d);
        halt_at_reset(d);
        return DOCTOR_NEXT;
    }
    char err[64] = "";
    short_error(sd_session_detail(d->s), err, sizeof err);
    snprintf(under, sizeof under, "%u kHz with NRST held low: no answer (%s)", d->khz_now,
             err[0] ? err : "IDCODE implausible");
    sd_session_clear_error(d->s);
    doctor_step(d, "wire", "under reset: %s", under);
    doctor_disconnect(d);
    d->reach = REACH_NONE;
    /* swd-no-response is added here; the doctor still runs check_reset
     * (which skips) and check_supply, whose power-supply-config-mismatch
     * sorts first (findings.c) when the last target was an H7. */
    no_response(d, tries, n, under);
    return DOCTOR_NEXT;
}
