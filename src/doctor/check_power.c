/* Layer 3: target voltage.  The probe measures the voltage on pin 1 of
 * the debug connector (VREF/VDD) against its internal reference (ref
 * stlink-protocol.md §2.5).  Without power nothing below can be measured:
 * the doctor stops. */
#include "common/session_internal.h"
#include "doctor/doctor_internal.h"

/* STM32 VDD minimum is 1.7-2.0 V (datasheets); a floating VREF pin reads a
 * few hundred mV.  Same bar as sd_target_attach (src/ops/attach.c). */
#define TARGET_MIN_MV 1600

enum doctor_flow check_power(struct doctor *d)
{
    int mv = -1;
    int rc = stlink_target_mv(d->st, &mv);
    if (rc != SD_OK) {
        /* Firmware before V2J13 has no GET_TARGET_VOLTAGE: go on blind. */
        doctor_step(d, "power", "target voltage not measurable: %s", sd_session_detail(d->s));
        sd_session_clear_error(d->s);
        d->target_mv = -1;
        return DOCTOR_NEXT;
    }
    d->target_mv = mv;
    d->r->target_mv = mv;
    doctor_step(d, "power", "target voltage %d.%02d V", mv / 1000, (mv % 1000) / 10);
    if (mv >= TARGET_MIN_MV)
        return DOCTOR_NEXT;
    struct sd_finding *f = doctor_find(d, "target-unpowered", SD_CONFIDENCE_CERTAIN,
                                       "the probe measures %d.%02d V on the target's VDD pin",
                                       mv / 1000, (mv % 1000) / 10);
    doctor_evidence(f, "target voltage", "%d.%02d V on pin 1 (VREF/VDD) of the debug connector; "
                    "an STM32 needs at least 1.7 V", mv / 1000, (mv % 1000) / 10);
    return DOCTOR_STOP;
}
