/* Pure decisions of the upper checks (rules.h). */
#include <ctype.h>
#include <string.h>

#include "doctor/rules.h"

/* ---- probe firmware ---- */

/* What an old probe firmware costs, by the feature gates of
 * stlink_version.c (ref stlink-protocol.md §6.4).  The bar is the newest
 * gate a user runs into: V2J32 / V3J2 (banked DP, AP != 0 in memory
 * commands: pyOCD's MIN_JTAG_VERSION_DPBANKSEL, Black Magic's minimum,
 * what swdoctor needs for an H7's second core), and V3J3 on V3 (probe-rs's
 * MIN_JTAG_VERSION_V3: V3J2 has trouble switching protocols).  The bench
 * defaults V2J37S7, V2J40M27 and V3J7M3 pass. */
struct fw_gate {
    enum stlink_feature feature;   /* STLINK_F_COUNT: a version bar instead */
    unsigned hw, min_jtag;         /* for the version bar */
    const char *why;
};

static const struct fw_gate fw_gates[] = {
    { .feature = STLINK_F_TARGET_VOLTAGE,
      .why = "no target voltage measurement (GET_TARGET_VOLTAGE needs V2J13)" },
    { .feature = STLINK_F_DAP_REG,
      .why = "OpenOCD's st-link driver and pyOCD refuse it (READ/WRITE_DAP_REG need V2J24)" },
    { .feature = STLINK_F_INIT_AP,
      .why = "no access port other than AP0 (INIT_AP needs V2J28): no second core" },
    { .feature = STLINK_F_DP_BANK,
      .why = "no banked DP registers or AP number in memory commands (V2J32/V3J2): "
             "swdoctor cannot reach an H7's Cortex-M4 or the ADIv5.2 DP registers" },
    { .feature = STLINK_F_COUNT, .hw = 3, .min_jtag = 3,
      .why = "V3J2 has trouble switching protocols (probe-rs requires V3J3)" },
};

size_t rules_firmware_missing(const struct stlink_version *v, const char **missing, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof fw_gates / sizeof fw_gates[0]; i++) {
        const struct fw_gate *g = &fw_gates[i];
        bool lacks = g->feature == STLINK_F_COUNT
                         ? (v->hw == g->hw && v->jtag < g->min_jtag)
                         : !stlink_version_has(v, g->feature);
        if (lacks && n < max)
            missing[n++] = g->why;
    }
    return n;
}

const char *rules_firmware_minimum(unsigned hw)
{
    return hw >= 3 ? "V3J3" : "V2J32";
}

/* ---- clones (ref stlink-protocol.md §8) ---- */

#define PID_STLINK_V2 0x3748u        /* §1.1; clones present as this PID only (§8) */
#define NON_UNIQUE_SERIAL "303030303030303030303031"   /* §8: ASCII "000000000001" */
#define SERIAL_HEX_LEN 24            /* 12 raw bytes hex-encoded, or 24 ASCII hex (§1.5) */

bool rules_serial_non_unique(const char *serial)
{
    return serial && strcmp(serial, NON_UNIQUE_SERIAL) == 0;
}

/* Empty, not 24 hex digits, or with '?' (libusb's substitute for bytes it
 * cannot show, seen on a clone: §8 "543F7206...") */
static bool serial_malformed(const char *s)
{
    if (!s || !*s)
        return true;
    if (strlen(s) != SERIAL_HEX_LEN)
        return true;
    for (; *s; s++)
        if (!isxdigit((unsigned char)*s))
            return true;
    return false;
}

enum rules_clone_verdict rules_clone(const struct rules_clone_facts *f, const char **why,
                                     size_t max, size_t *n_why)
{
    size_t n = 0;
    *n_why = 0;
    if (f->pid != PID_STLINK_V2)
        return CLONE_NO;
    bool serial_bad = false;
    if (rules_serial_non_unique(f->serial)) {
        serial_bad = true;
        if (n < max)
            why[n++] = "serial 303030303030303030303031 (ASCII \"000000000001\") is shared by "
                       "many units; ST programs a unique ID into each genuine probe";
    } else if (serial_malformed(f->serial)) {
        serial_bad = true;
        if (n < max)
            why[n++] = "the serial is not the 24 hex digits of a genuine ST-LINK/V2's 12-byte ID";
    }
    if (!serial_bad) {
        *n_why = n;
        return CLONE_NO;
    }
    if (n < max)
        why[n++] = "USB ID 0483:3748 (ST-LINK/V2), the only one clones present";
    enum rules_clone_verdict v = CLONE_POSSIBLE;
    if (f->nrst_known && f->nrst_no_effect) {
        if (n < max)
            why[n++] = "driving NRST low did not reset the chip (most clones leave NRST "
                       "unconnected)";
        v = CLONE_LIKELY;
    }
    *n_why = n;
    return v;
}

/* ---- wire ---- */

/* 4 MHz is swdoctor's default (src/ops/attach.c), 1.8 MHz the probes' own
 * default, then roughly halving down to 100 kHz; every ST-LINK table has
 * entries near these (ref stlink-protocol.md §4.6). */
const unsigned rules_clock_ladder[] = { 4000, 1800, 950, 480, 240, 100 };
const size_t rules_clock_ladder_len = sizeof rules_clock_ladder / sizeof rules_clock_ladder[0];

static void push(enum rules_candidate *order, size_t *n, enum rules_candidate c)
{
    for (size_t i = 0; i < *n; i++)
        if (order[i] == c)
            return;
    order[(*n)++] = c;
}

size_t rules_no_response_order(const struct rules_no_response_facts *f,
                               enum rules_candidate order[CAND_COUNT])
{
    size_t n = 0;
    if (f->reached_before) {
        /* The same probe reached a chip before: the wires worked then, the
         * firmware that has run since is the first suspect. */
        if (f->reached_before_h7)
            push(order, &n, CAND_H7_SUPPLY);
        push(order, &n, CAND_FIRMWARE_PINS);
        push(order, &n, CAND_WIRING);
    } else {
        push(order, &n, CAND_WIRING);
    }
    /* Firmware that disables the pins is beaten by connect-under-reset
     * when NRST reaches the chip: after a failed under-reset attempt with
     * a probe that drives NRST it needs an unwired NRST as well, so a
     * VREF pin on the wrong supply is the better bet.  Without that
     * attempt (or with a probe that has no NRST) it comes first. */
    bool nrst_ruled_out = f->under_reset_tried && f->probe_drives_nrst;
    if (!nrst_ruled_out)
        push(order, &n, CAND_FIRMWARE_PINS);
    push(order, &n, CAND_VREF);
    push(order, &n, CAND_FIRMWARE_PINS);
    if (!f->reached_before)
        push(order, &n, CAND_H7_SUPPLY);
    push(order, &n, CAND_RDP2);
    push(order, &n, CAND_DEAD_CHIP);
    return n;
}

/* ---- reset ---- */

bool rules_held_in_reset(const uint32_t *dhcsr, size_t n)
{
    const uint32_t s_reset_st = 1u << 25, s_retire_st = 1u << 24;   /* ARMv7-M C1.6.2 */
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(dhcsr[i] & s_reset_st) || (dhcsr[i] & s_retire_st))
            return false;
    return true;
}
