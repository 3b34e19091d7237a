/* The doctor's working state and the checks, one file each
 * (src/doctor/check_<name>.c).  Internal to libswdoctor.
 *
 * doctor.c runs the checks in the order of the layers.  Each check
 * measures, adds steps (what it saw) and findings (what is wrong), and
 * returns DOCTOR_NEXT to let the next layer look, or DOCTOR_STOP when a
 * cause is proven and digging further would only add noise (no power:
 * nothing below can be measured).  A check never erases, unlocks or
 * writes option bytes. */
#ifndef SD_DOCTOR_INTERNAL_H
#define SD_DOCTOR_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <swdoctor/doctor.h>
#include <swdoctor/probe.h>

#include "arm/arm.h"
#include "doctor/last_target.h"
#include "stlink/stlink.h"
#include "stm32/dbgmcu.h"
#include "stm32/stm32.h"

enum doctor_flow { DOCTOR_NEXT, DOCTOR_STOP };

/* How the target answered on the wire. */
enum doctor_reach {
    REACH_UNKNOWN,
    REACH_NORMAL,        /* plain connect works */
    REACH_UNDER_RESET,   /* only with NRST held low */
    REACH_NONE,          /* no answer at any clock, in any mode */
};

struct doctor {
    struct sd_session *s;
    struct sd_doctor_options opt;
    struct sd_doctor_report *r;
    uint64_t t0_us;

    /* usb / probe (check_usb.c, check_probe.c) */
    struct sd_probe *probe;
    struct stlink *st;
    struct sd_probe_info probe_info;
    unsigned usb_errors, usb_round_trips;

    /* power (check_power.c) */
    int target_mv;                 /* -1 not measurable (old firmware) */

    /* wire (check_wire.c): the fastest clock at which the DP answered
     * reliably, and what it answered at each clock tried. */
    enum stlink_wire wire;
    enum doctor_reach reach;
    unsigned best_khz;
    uint32_t dp_idcode;
    bool connected;                /* the probe is in debug mode now */
    /* Added (wire helper, session 3): the clock the probe runs at now, as
     * doctor_try_connect() set it (the probe picks from its own table). */
    unsigned khz_now;
    bool nrst_low;                 /* the probe drives NRST low now */

    /* reset (check_reset.c) */
    bool nrst_works;               /* probe NRST reached the chip (S_RESET_ST seen) */
    bool nrst_tested;
    bool nrst_stuck_low;

    /* core and chip (check_core.c and after) */
    struct arm_target core;
    bool identified;
    struct stm32_chip chip;
    const struct stm32_debug_facts *facts;
    uint32_t dhcsr;
    bool halted_at_reset;          /* halted at the reset vector, firmware not run */
    bool firmware_runs_away;       /* the target is lost only after firmware starts */
    bool flash_blank;              /* the start of flash reads erased (no firmware) */
};

/* Checks, in the order doctor.c runs them. */
enum doctor_flow check_usb(struct doctor *d);        /* probe-not-found, -permission-denied, -busy, usb-unreliable */
enum doctor_flow check_probe(struct doctor *d);      /* probe-firmware-outdated, probe-clone-suspected */
enum doctor_flow check_power(struct doctor *d);      /* target-unpowered */
enum doctor_flow check_wire(struct doctor *d);       /* swd-no-response, swd-signal-integrity; sets reach */
enum doctor_flow check_reset(struct doctor *d);      /* nrst-held-low, nrst-not-connected */
enum doctor_flow check_core(struct doctor *d);       /* core-lockup, low-power-without-debug, watchdog-resets-core */
enum doctor_flow check_supply(struct doctor *d);     /* power-supply-config-mismatch (H7) */
enum doctor_flow check_boot(struct doctor *d);       /* boot-from-system-memory */
enum doctor_flow check_protection(struct doctor *d); /* rdp-level-1, flash-write-protected */
enum doctor_flow check_forensics(struct doctor *d);  /* debug-pins-disabled-by-firmware and the
                                                        firmware side of low-power / watchdog */

/* ---- helpers (doctor.c) ---- */

/* Add a finding with its catalogue defaults (blocking, recoverable, doc,
 * fix template); the caller fills evidence/candidates/location and may
 * overwrite fix.  Never NULL (the report grows; on no memory the doctor
 * stops with what it has: the last finding slot is reused). */
struct sd_finding *doctor_find(struct doctor *d, const char *id, enum sd_confidence c,
                               const char *cause_fmt, ...)
    __attribute__((format(printf, 4, 5)));
void doctor_evidence(struct sd_finding *f, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void doctor_candidate(struct sd_finding *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void doctor_fix(struct sd_finding *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void doctor_step(struct doctor *d, const char *check, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool doctor_has(const struct doctor *d, const char *id);
/* The time to the verdict counts from here: after the first USB open,
 * because what comes before is the host's USB stack starting (on the
 * bench it also holds the board's power-on time before the host
 * connects, ARCHITECTURE.md "Time on the bench"). */
void doctor_clock_start(struct doctor *d);

/* Wire helpers (check_wire.c): enter debug mode at `khz` with `how`, read
 * the DP IDCODE; true when a plausible IDCODE came back. */
bool doctor_try_connect(struct doctor *d, enum stlink_connect how, unsigned khz,
                        uint32_t *idcode);
/* Leave debug mode, release NRST. */
void doctor_disconnect(struct doctor *d);
/* Identify the chip through the connected core (fills chip, facts). */
bool doctor_identify(struct doctor *d);

/* Core helpers (added by the core/boot helper, session 3).
 * doctor_core_ready (check_core.c): the target was identified and a debug
 * connection is up (reconnecting as d->reach says if the last check left
 * debug mode) with d->core set; NRST is left as it was.  False: no target
 * to look at.
 * doctor_release_core (check_boot.c): called by sd_doctor_run before
 * doctor_disconnect: if the core is halted (the boot check leaves it at the
 * reset vector for forensics), clear vector catch and let it run with
 * halting debug off, so a healthy board is never left stopped. */
bool doctor_core_ready(struct doctor *d);
/* (check_core.c) The first KiB of main flash reads erased: a blank chip,
 * whose lockup on its erased vectors is no fault (it can be flashed). */
bool doctor_flash_blank(struct doctor *d);
void doctor_release_core(struct doctor *d);

/* Forensics helpers (forensics_*.c). */
struct elf_lines;
/* Open an ELF's symbols and DWARF line table (libelf/libdw); NULL with a
 * step saying why. */
struct elf_lines *elf_lines_open(const char *path, char *err, size_t errlen);
/* Function, file and line of `addr` (Thumb bit ignored); false if unknown. */
bool elf_lines_lookup(struct elf_lines *e, uint32_t addr, char *function, size_t flen,
                      char *file, size_t filelen, unsigned *line);
void elf_lines_close(struct elf_lines *e);

#endif
