/* When `swdoctor recover` cannot reach the chip even under reset: find
 * out which hardware step the user must take, and say it.
 *
 *   no power              -> power the board, wire VDD to the probe
 *   NRST held low         -> DHCSR.S_RESET_ST stays set with the probe's NRST
 *                            released: remove what holds NRST low
 *   probe NRST not wired  -> the firmware runs before the probe can stop it:
 *                            the BOOT0 procedure
 *   H7 supply lock        -> only a power cycle into the bootloader helps:
 *                            the BOOT0 procedure, then fix HAL_PWREx_ConfigSupply
 *   nothing answers       -> wiring first, then the candidates above
 *
 * What cannot be measured cheaply here (nothing answers on the wire) is
 * left to the doctor, whose first blocking finding picks the step. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arm/arm.h"
#include "arm/link_stlink.h"
#include "common/session_internal.h"
#include "doctor/last_target.h"
#include "stm32/dbgmcu.h"
#include "ops/recover_internal.h"
#include "stlink/probe_internal.h"

/* A slow clock for the look at the debug port: long or poor wires still
 * answer at 480 kHz (the same step-down sd_target_attach makes). */
#define DIAG_KHZ 480u
/* S_RESET_ST is sticky and clears on read (ARMv7-M C1.6.2 DHCSR); a core
 * that left reset reads it once, a core held in reset reads it every
 * time.  Two reads this far apart tell them apart. */
#define RESET_HOLD_CHECK_MS 20u

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { .tv_sec = ms / 1000u, .tv_nsec = (long)(ms % 1000u) * 1000000L };
    nanosleep(&ts, NULL);
}

void recover_say_no_power(struct recover *rc)
{
    if (rc->target_mv >= 0)
        recover_hardware(rc, "The probe measures %d.%02d V on the target's VDD: power the board "
                             "and wire pin 1 of the debug connector (VDD/VREF) to the target's "
                             "supply, then run `swdoctor recover` again.",
                         rc->target_mv / 1000, (rc->target_mv % 1000) / 10);
    else
        recover_hardware(rc, "The target is not powered: power the board and wire pin 1 of the "
                             "debug connector (VDD/VREF) to the target's supply, then run "
                             "`swdoctor recover` again.");
}

void recover_say_nrst_low(struct recover *rc, uint32_t dhcsr)
{
    char seen[64] = "";
    if (dhcsr)
        snprintf(seen, sizeof seen, " (DHCSR 0x%08x, S_RESET_ST stays set)", dhcsr);
    recover_hardware(rc, "NRST is held low on the board: with the probe's NRST released the core "
                         "never leaves reset%s. Remove what holds NRST low, e.g. a reset switch "
                         "(a 4-pin switch soldered turned by 90 degrees shorts NRST to GND), a "
                         "supervisor or a short; NRST idles high on its pull-up.", seen);
}

void recover_say_boot0(struct recover *rc, const char *why)
{
    recover_hardware(rc, "%s%sThe BOOT0 procedure: BOOT0 high, power-cycle (the chip starts the "
                         "ST bootloader, not your firmware), `swdoctor recover`, BOOT0 low. Wire "
                         "the probe's NRST to the chip's NRST for next time.",
                     why ? why : "", why ? " " : "");
}

void recover_say_h7_supply(struct recover *rc, const char *why)
{
    recover_hardware(rc, "%s%sThe BOOT0 procedure: BOOT0 high, power-cycle (only a power-on "
                         "reset unlocks PWR_CR3), `swdoctor recover`, BOOT0 low; then pass the "
                         "board's supply to HAL_PWREx_ConfigSupply() in SystemClock_Config "
                         "(PWR_LDO_SUPPLY or PWR_DIRECT_SMPS_SUPPLY, as the schematic says).",
                     why ? why : "", why ? " " : "");
}

static void say_no_answer(struct recover *rc)
{
    recover_hardware(rc, "Nothing answers on SWD, not even with NRST held low. In order: check "
                         "the wiring (SWDIO, SWCLK, GND, VDD on the right pins); if the board "
                         "answered before, the probe's NRST may not reach the chip while the "
                         "firmware takes the debug pins: BOOT0 high, power-cycle, `swdoctor "
                         "recover`, BOOT0 low; a chip at RDP level 2 never answers again. "
                         "`swdoctor doctor` tells these apart.");
}

/* The doctor's candidates for "nothing answers", most likely first, as
 * many as fit whole. */
static void say_candidates(struct recover *rc, const struct sd_finding *f)
{
    if (!f->n_candidates) {
        say_no_answer(rc);
        return;
    }
    char *out = rc->r->hardware_step;
    size_t len = sizeof rc->r->hardware_step;
    int n = snprintf(out, len, "Nothing answers on SWD, not even with NRST held low. Most likely: "
                               "%s.", f->candidates[0]);
    for (size_t i = 1; i < f->n_candidates && n > 0 && (size_t)n < len; i++) {
        size_t need = strlen(f->candidates[i]) + sizeof " Next: .";
        if ((size_t)n + need > len)
            break;
        n += snprintf(out + n, len - (size_t)n, " Next: %s.", f->candidates[i]);
    }
}

/* Enter debug mode without touching NRST at a slow clock; true when the
 * debug port gives a plausible IDCODE. */
static bool dp_answers(struct recover *rc, struct stlink *st, enum stlink_wire wire,
                       uint32_t *idcode)
{
    unsigned actual = 0;
    *idcode = 0;
    stlink_leave_mode(st);
    (void)stlink_nrst(st, STLINK_NRST_RELEASE);
    (void)stlink_set_speed(st, wire, rc->opt.speed_khz ? rc->opt.speed_khz : DIAG_KHZ, &actual);
    bool ok = stlink_enter(st, wire, STLINK_CONNECT_NORMAL) == SD_OK &&
              stlink_read_idcode(st, idcode) == SD_OK && *idcode != 0 && *idcode != 0xFFFFFFFFu;
    sd_session_clear_error(rc->s);
    return ok;
}

/* True when the core stays in reset with the probe's NRST released. */
static bool held_in_reset(struct recover *rc, struct stlink *st, uint32_t *dhcsr)
{
    struct arm_target core = { .session = rc->s, .ops = &arm_stlink_link, .link = st };
    uint32_t first = 0, second = 0;
    bool ok = arm_read32(&core, ARM_DHCSR, &first) == SD_OK;
    if (ok) {
        sleep_ms(RESET_HOLD_CHECK_MS);
        ok = arm_read32(&core, ARM_DHCSR, &second) == SD_OK;
    }
    sd_session_clear_error(rc->s);
    *dhcsr = second;
    return ok && (first & ARM_DHCSR_S_RESET_ST) && (second & ARM_DHCSR_S_RESET_ST);
}

/* The firmware-side findings `recover` fixes when NRST works; the doctor
 * marks them not recoverable when the probe's NRST does not reach the chip. */
static bool firmware_finding(const char *id)
{
    static const char *const ids[] = { "debug-pins-disabled-by-firmware",
                                       "low-power-without-debug", "watchdog-resets-core",
                                       "core-lockup", "nrst-not-connected", NULL };
    for (size_t i = 0; ids[i]; i++)
        if (!strcmp(ids[i], id))
            return true;
    return false;
}

/* The doctor's first blocking finding -> the hardware step.  False when
 * the doctor found nothing that names one. */
static bool step_from_doctor(struct recover *rc, const struct sd_doctor_report *d)
{
    const struct sd_finding *f = NULL;
    bool nrst_unwired = false;
    for (size_t i = 0; i < d->n_findings; i++) {
        if (!strcmp(d->findings[i].id, "nrst-not-connected"))
            nrst_unwired = true;
        if (!f && d->findings[i].blocking)
            f = &d->findings[i];
    }
    if (!f && nrst_unwired)
        for (size_t i = 0; i < d->n_findings && !f; i++)
            if (!strcmp(d->findings[i].id, "nrst-not-connected"))
                f = &d->findings[i];
    if (!f || !strcmp(f->id, "healthy"))
        return false;
    recover_step(rc, "doctor: %s: %s", f->id, f->cause);
    if (!strcmp(f->id, "target-unpowered"))
        recover_say_no_power(rc);
    else if (!strcmp(f->id, "nrst-held-low"))
        recover_say_nrst_low(rc, 0);
    else if (!strcmp(f->id, "power-supply-config-mismatch"))
        recover_say_h7_supply(rc, "The STM32H7's firmware selects a supply (LDO/SMPS) the "
                                  "board is not wired for; the chip stays silent until power "
                                  "is removed.");
    else if (firmware_finding(f->id) && (nrst_unwired || !f->recoverable))
        recover_say_boot0(rc, "The probe's NRST does not reach the chip, so the firmware runs "
                              "before the probe can stop it.");
    else if (!strcmp(f->id, "swd-no-response"))
        say_candidates(rc, f);
    else
        recover_hardware(rc, "%s", f->fix);
    return true;
}

/* Nothing answers: ask the doctor (it needs the probe to itself). */
static void ask_doctor(struct recover *rc)
{
    sd_probe_close(rc->probe);
    rc->probe = NULL;
    struct sd_doctor_options o = {
        .probe_serial = rc->serial[0] ? rc->serial : rc->opt.probe_serial,
        .transport = rc->opt.transport,
        .speed_khz = rc->opt.speed_khz,
        .no_forensics = 1,   /* forensics need the connection under reset that just failed */
    };
    struct sd_doctor_report *d = NULL;
    bool named = false;
    const struct sd_finding *silent = NULL;
    if (sd_doctor_run(rc->s, &o, &d) == SD_OK && d) {
        if (d->n_findings && !strcmp(d->findings[0].id, "swd-no-response")) {
            silent = &d->findings[0];
            recover_step(rc, "doctor: %s: %s", silent->id, silent->cause);
        } else {
            named = step_from_doctor(rc, d);
        }
    }
    sd_session_clear_error(rc->s);
    if (!named) {
        /* Nothing answers.  If this probe reached a chip before, the wires
         * worked then (last_target.h): an H7 is the supply lock, anything
         * else firmware that takes the pins before an NRST that does not
         * reach the chip could stop it (the doctor's rules.c order). */
        struct doctor_last_target last;
        char why[sizeof last.part + 200];
        if (rc->serial[0] && doctor_last_target_load(rc->serial, &last)) {
            if (stm32_family_has_supply_lock(last.family)) {
                snprintf(why, sizeof why, "This probe reached an %s before; now nothing answers, "
                                          "not even under reset: its supply configuration is "
                                          "locked.", last.part);
                recover_say_h7_supply(rc, why);
            } else {
                snprintf(why, sizeof why, "This probe reached an %s before; now nothing answers "
                                          "even with NRST held low: the firmware takes the debug "
                                          "pins and the probe's NRST does not reach the chip (or "
                                          "a wire came loose).", last.part);
                recover_say_boot0(rc, why);
            }
        } else if (silent) {
            say_candidates(rc, silent);
        } else {
            say_no_answer(rc);
        }
    }
    sd_doctor_report_free(d);
}

bool recover_diagnose(struct recover *rc, int err)
{
    if (err == SD_ERR_TARGET_POWER) {
        recover_say_no_power(rc);
        return false;
    }
    struct stlink *st = sd_probe_stlink(rc->probe);
    enum stlink_wire wire = rc->opt.transport == SD_TRANSPORT_JTAG ? STLINK_JTAG : STLINK_SWD;
    uint32_t idcode, dhcsr;
    if (dp_answers(rc, st, wire, &idcode)) {
        if (held_in_reset(rc, st, &dhcsr)) {
            recover_step(rc, "the debug port answers (ID 0x%08x) but the core stays in reset "
                             "with the probe's NRST released (DHCSR 0x%08x)", idcode, dhcsr);
            recover_say_nrst_low(rc, dhcsr);
            stlink_leave_mode(st);
            return false;
        }
        stlink_leave_mode(st);
        recover_step(rc, "the debug port answers without reset (ID 0x%08x): connecting normally",
                     idcode);
        return true;
    }
    recover_step(rc, "no answer from the debug port, with or without NRST held low");
    ask_doctor(rc);
    return false;
}
