/* The findings catalogue (findings.c): id -> title, defaults. */
#ifndef SD_DOCTOR_FINDINGS_H
#define SD_DOCTOR_FINDINGS_H

#include <stdbool.h>

#include <swdoctor/doctor.h>

struct finding_kind {
    const char *id;
    const char *title;
    bool blocking;       /* keeps the user from flashing/debugging */
    bool recoverable;    /* `swdoctor recover` fixes it in software */
    const char *fix;     /* default fix */
};

/* NULL for an id not in the catalogue. */
const struct finding_kind *finding_kind(const char *id);
/* Position in the catalogue: the order in which a user runs into the
 * problems (USB before power before wire before firmware before
 * protection); blocking findings are reported in this order. */
unsigned finding_rank(const char *id);

#endif
