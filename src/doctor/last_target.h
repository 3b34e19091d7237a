/* Where each probe last reached a chip: one record per probe serial in
 * $SWDOCTOR_STATE_DIR, else $XDG_STATE_HOME/swdoctor, else
 * ~/.local/state/swdoctor (file "last-targets", one line per probe).
 *
 * A board that stopped answering can then still be named ("this probe
 * reached an STM32H747 4 minutes ago"), which is what tells an H7 supply
 * lock-up from a loose wire.  Written after every successful
 * identification (sd_target_attach, the doctor); failures to write are
 * ignored: the record is a hint, never needed. */
#ifndef SD_DOCTOR_LAST_TARGET_H
#define SD_DOCTOR_LAST_TARGET_H

#include <stdbool.h>
#include <stdint.h>

struct doctor_last_target {
    char probe_serial[64];
    char part[48];                 /* "STM32H745/747/755/757" */
    char family[8];                /* "H7" */
    uint16_t dev_id;
    uint64_t when_s;               /* seconds since the epoch (host clock) */
};

void doctor_last_target_save(const struct doctor_last_target *t);
bool doctor_last_target_load(const char *probe_serial, struct doctor_last_target *out);

#endif
