/* sd_recover's working state, shared by recover.c (the software steps)
 * and recover_hw.c (what to tell the user when software cannot reach the
 * chip: the hardware step). */
#ifndef SD_OPS_RECOVER_INTERNAL_H
#define SD_OPS_RECOVER_INTERNAL_H

#include <stdbool.h>

#include <swdoctor/doctor.h>
#include <swdoctor/probe.h>

struct recover {
    struct sd_session *s;
    struct sd_recover_options opt;
    struct sd_recover_report *r;
    struct sd_probe *probe;
    struct sd_target *t;
    char serial[SD_PROBE_SERIAL_MAX];   /* the probe's full serial, to reopen it */
    int target_mv;                      /* -1: not measured */
    bool in_bootloader;                 /* halted in system memory: BOOT0 high */
};

/* One line of what was done (report steps, also logged at INFO). */
void recover_step(struct recover *rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* What the user must do by hand (report hardware_step, logged at WARN). */
void recover_hardware(struct recover *rc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The hardware steps, in the words the user reads (recover_hw.c). */
void recover_say_no_power(struct recover *rc);
void recover_say_nrst_low(struct recover *rc, uint32_t dhcsr);
void recover_say_boot0(struct recover *rc, const char *why);
void recover_say_h7_supply(struct recover *rc, const char *why);

/* The connection under reset failed with `err` (rc->probe is open, no
 * target).  Look at what still answers: the debug port with NRST released
 * (a core held in reset: NRST low on the board), and when nothing answers
 * the doctor's verdict.  Returns true when a plain connection is worth a
 * try (the debug port answers and the core is not held in reset: a core
 * locked up fetching its vectors, or a probe NRST that does not reach the
 * chip); otherwise the hardware step is in the report.  May close and
 * reopen rc->probe (rc->probe NULL afterwards when it could not). */
bool recover_diagnose(struct recover *rc, int err);

#endif
