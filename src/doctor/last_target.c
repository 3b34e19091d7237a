/* STUB (lead). */
#include <string.h>

#include "doctor/last_target.h"

void doctor_last_target_save(const struct doctor_last_target *t)
{
    (void)t;
}

bool doctor_last_target_load(const char *probe_serial, struct doctor_last_target *out)
{
    (void)probe_serial;
    memset(out, 0, sizeof *out);
    return false;
}
