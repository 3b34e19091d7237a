/* STUB (lead): replaced by the helper that owns this check. */
#include "doctor/doctor_internal.h"

enum doctor_flow check_forensics(struct doctor *d)
{
    (void)d;
    return DOCTOR_NEXT;
}
