/* Pure decisions of the upper checks (USB, probe, wire, reset), kept apart
 * from the measuring so unit tests can pin them down (tests/unit/
 * test_doctor_rules.c).  No I/O here. */
#ifndef SD_DOCTOR_RULES_H
#define SD_DOCTOR_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stlink/stlink.h"

/* ---- probe firmware (check_probe.c) ---- */

/* The capabilities an up-to-date probe has and an old one lacks, each
 * with why it matters.  Fills `missing` with the reasons the firmware
 * falls short (at most `max`), returns how many. 0: not outdated. */
size_t rules_firmware_missing(const struct stlink_version *v, const char **missing, size_t max);
/* The oldest firmware that passes, for the evidence ("V2J32", "V3J3"). */
const char *rules_firmware_minimum(unsigned hw);

/* ---- clone heuristics (check_probe.c, check_reset.c; ref stlink-protocol.md §8) ---- */

enum rules_clone_verdict { CLONE_NO, CLONE_POSSIBLE, CLONE_LIKELY };

struct rules_clone_facts {
    unsigned pid;             /* USB product id */
    const char *serial;       /* as decoded */
    bool nrst_no_effect;      /* the probe's NRST did not reset the chip (check_reset) */
    bool nrst_known;          /* nrst_no_effect was measured */
};

/* Clones present as ST-LINK/V2 (0483:3748) only: V2-1 and V3 are never
 * suspected.  A non-unique or malformed serial makes a clone possible; the
 * same plus an NRST that does nothing makes it likely.  `why` gets up to
 * `max` reasons (static strings). */
enum rules_clone_verdict rules_clone(const struct rules_clone_facts *f, const char **why,
                                     size_t max, size_t *n_why);
/* The serial shared by many units (ASCII "000000000001"; §8). */
bool rules_serial_non_unique(const char *serial);

/* ---- wire (check_wire.c) ---- */

/* Clocks tried in order when the user gave none (kHz): the first is what
 * swdoctor connects at by default (src/ops/attach.c FAST_KHZ); the probe
 * runs at the nearest entry of its own table not above each. */
extern const unsigned rules_clock_ladder[];
extern const size_t rules_clock_ladder_len;

/* swd-no-response candidates, most likely first. */
enum rules_candidate {
    CAND_WIRING,          /* SWDIO/SWCLK/GND open, swapped */
    CAND_VREF,            /* pin 1 sees a supply that is not the chip's */
    CAND_FIRMWARE_PINS,   /* firmware took the pins / low power, and NRST does not help */
    CAND_H7_SUPPLY,       /* H7 locked up by a wrong supply configuration */
    CAND_RDP2,            /* RDP level 2: debug port disabled for good */
    CAND_DEAD_CHIP,
    CAND_COUNT
};

struct rules_no_response_facts {
    bool reached_before;       /* the last-target record names a chip for this probe */
    bool reached_before_h7;    /* ... and it was an H7 */
    bool under_reset_tried;    /* connect under reset was tried */
    bool probe_drives_nrst;    /* not known to be a clone without NRST */
};

/* Fills order[] (CAND_COUNT entries at most), returns how many apply.
 * Without a previous contact wiring comes first (most boards that never
 * answered were never wired right); after one, the firmware (or an H7
 * supply lock-up) that ran since is the better bet. */
size_t rules_no_response_order(const struct rules_no_response_facts *f,
                               enum rules_candidate order[CAND_COUNT]);

/* ---- reset (check_reset.c) ---- */

/* DHCSR reads taken after the probe released NRST (each read clears the
 * sticky bits).  The chip is held in reset when every read shows
 * S_RESET_ST and none shows S_RETIRE_ST. */
bool rules_held_in_reset(const uint32_t *dhcsr, size_t n);

#endif
