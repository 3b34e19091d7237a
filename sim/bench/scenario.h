/* A bench scenario: the probes and boards described in a JSON file.
 *
 * Schema (one probe):
 *   {"probe": {"model": "v2|v2-1|v3", "firmware": "V2J37S7", "serial": "...",
 *              "clone": false, "usb_fault_rate": 0.0,
 *              "usb_access": "ok|denied|busy", "unplug_after_transfers": 0},
 *    "board": {"part": "STM32F407VG", "powered": true, "vdd_mv": 3300,
 *              "swd_max_khz": 4000, "swdio_connected": true,
 *              "nrst": "wired|unconnected|stuck_low", "boot0": 0,
 *              "supply": "ldo|smps|bypass|smps-ldo", "firmware": "path", "uptime_ms": 1000},
 *    "chip":  {"rdp": 0, "wrp_sectors": [], "dbgmcu_cr": 0,
 *              "tzen": false}}   (tzen: L5/U5 only)
 * or {"probes": [ {"probe":..., "board":..., "chip":...}, ... ]}.
 * Optional top-level "seed" (integer) seeds the fault PRNG.
 * Every key is optional except board.part; unknown keys are errors (a typo
 * must not silently give a default board). "board.firmware" is relative to
 * the scenario file unless absolute. */
#ifndef SIM_BENCH_SCENARIO_H
#define SIM_BENCH_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "board/board.h"
#include "probe/probe.h"

#define SIM_SCENARIO_MAX_PROBES 8

enum sim_usb_access { SIM_USB_ACCESS_OK, SIM_USB_ACCESS_DENIED, SIM_USB_ACCESS_BUSY };

struct sim_scenario_probe {
    struct sim_probe_config probe;
    double usb_fault_rate;          /* 0..1: share of bulk transfers that fail */
    enum sim_usb_access usb_access;
    uint64_t unplug_after_transfers; /* 0 = never */
    struct sim_board_config board;
};

struct sim_scenario {
    size_t n_probes;
    uint64_t seed;
    struct sim_scenario_probe p[SIM_SCENARIO_MAX_PROBES];
};

/* Parse a scenario from a file or from text.  `base_dir` resolves relative
 * firmware paths (NULL: the current directory).  On error returns -1 with
 * a message naming the key and what was expected, e.g.
 * "probes[1].board.vdd_mv: expected an integer in 0..5000". */
int sim_scenario_load(const char *path, struct sim_scenario *sc,
                      char *err, size_t errlen);
int sim_scenario_parse(const char *text, const char *base_dir,
                       struct sim_scenario *sc, char *err, size_t errlen);

const char *sim_probe_model_name(enum sim_probe_model m);

#endif
