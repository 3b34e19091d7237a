/* Layer 2: the probe itself.  Its firmware (old firmware lacks commands
 * swdoctor and OpenOCD rely on) and whether it looks like a clone (no
 * NRST, weak drivers).  Both are advisory: neither keeps the user from
 * working by itself.  Reads only what the probe said when it was opened. */
#include <stdio.h>

#include "doctor/doctor_internal.h"
#include "doctor/rules.h"

#define MAX_REASONS 6

static void check_firmware(struct doctor *d)
{
    const struct stlink_version *v = stlink_version(d->st);
    const char *missing[MAX_REASONS];
    size_t n = rules_firmware_missing(v, missing, MAX_REASONS);
    if (!n)
        return;
    struct sd_finding *f = doctor_find(
        d, "probe-firmware-outdated", SD_CONFIDENCE_CERTAIN,
        "the probe runs firmware %s; swdoctor needs %s or later for every feature "
        "(second cores, banked DP registers)", v->text, rules_firmware_minimum(v->hw));
    doctor_evidence(f, "firmware", "%s (JTAG/SWD API version J%u)", v->text, v->jtag);
    for (size_t i = 0; i < n; i++)
        doctor_evidence(f, "missing", "%s", missing[i]);
}

static void check_clone(struct doctor *d)
{
    const struct rules_clone_facts facts = {
        .pid = d->probe_info.pid,
        .serial = d->probe_info.serial,
    };
    const char *why[MAX_REASONS];
    size_t n;
    enum rules_clone_verdict v = rules_clone(&facts, why, MAX_REASONS, &n);
    if (v == CLONE_NO)
        return;
    /* "possible" here; check_reset makes it "likely" when the probe's
     * NRST turns out to do nothing. */
    struct sd_finding *f = doctor_find(
        d, "probe-clone-suspected",
        v == CLONE_LIKELY ? SD_CONFIDENCE_LIKELY : SD_CONFIDENCE_POSSIBLE,
        "the probe may be an ST-LINK/V2 clone (serial %s)",
        d->probe_info.serial[0] ? d->probe_info.serial : "empty");
    for (size_t i = 0; i < n; i++)
        doctor_evidence(f, "clone sign", "%s", why[i]);
    doctor_candidate(f, "a clone (F103-class MCU, often without NRST): NRST having no effect "
                        "on the chip would make this likely");
    doctor_candidate(f, "a genuine ST-LINK/V2 whose serial was reset (firmware older than "
                        "V2J21S4 did this after first use)");
}

enum doctor_flow check_probe(struct doctor *d)
{
    const struct stlink_version *v = stlink_version(d->st);
    snprintf(d->r->probe, sizeof d->r->probe, "%.20s %.16s (serial %.40s)", d->probe_info.model,
             v->text, d->probe_info.serial[0] ? d->probe_info.serial : "none");
    doctor_step(d, "probe", "%s, firmware %s (hw %u, J%u), USB ID %04x:%04x",
                d->probe_info.model, v->text, v->hw, v->jtag, d->probe_info.vid,
                d->probe_info.pid);
    check_firmware(d);
    check_clone(d);
    /* After usb-unreliable, stop here: every measurement below travels
     * over the same cable, a lost packet costs the ST-LINK layer's 3 s
     * timeout, and a failure could not be told from a target fault.  The
     * cable comes first. */
    return doctor_has(d, "usb-unreliable") ? DOCTOR_STOP : DOCTOR_NEXT;
}
