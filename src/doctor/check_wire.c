/* STUB (lead): replaced by the helper that owns this check. */
#include "doctor/doctor_internal.h"

enum doctor_flow check_wire(struct doctor *d)
{
    (void)d;
    return DOCTOR_NEXT;
}

bool doctor_try_connect(struct doctor *d, enum stlink_connect how, unsigned khz, uint32_t *idcode)
{
    (void)d; (void)how; (void)khz; (void)idcode;
    return false;
}

void doctor_disconnect(struct doctor *d)
{
    (void)d;
}

bool doctor_identify(struct doctor *d)
{
    (void)d;
    return false;
}
