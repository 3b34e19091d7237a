/* The bench's world: the probes and boards of one scenario, their
 * non-volatile state, and what the drop-in libusb needs to show them to a
 * host program (fault injection, unplugging).
 *
 * A host process has one world, created on first use from the
 * environment (sim_world_env): SWDOCTOR_SIM_SCENARIO names the scenario,
 * SWDOCTOR_SIM_STATE the state file, SWDOCTOR_SIM_STATS where the
 * counters go at exit. */
#ifndef SIM_BENCH_WORLD_H
#define SIM_BENCH_WORLD_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bench/scenario.h"
#include "bench/state.h"
#include "board/board.h"
#include "probe/probe.h"

#define SIM_ENV_SCENARIO "SWDOCTOR_SIM_SCENARIO"
#define SIM_ENV_STATE    "SWDOCTOR_SIM_STATE"
#define SIM_ENV_STATS    "SWDOCTOR_SIM_STATS"

struct sim_world_probe {
    struct sim_scenario_probe cfg;
    struct sim_board *board;
    struct sim_probe *probe;
    uint64_t bulk_transfers;   /* bulk transfers the host attempted */
    bool unplugged;
    uint64_t prng;             /* fault injection: deterministic per probe */
};

struct sim_world {
    struct sim_scenario sc;
    struct sim_state state;
    size_t n;
    struct sim_world_probe p[SIM_SCENARIO_MAX_PROBES];
};

/* Build the world: state (file or memory), boards, probes; then let the
 * boards run for their uptime (the largest board.uptime_ms) so the host's
 * first transfer comes after power-on as on a desk.  -1 with a message. */
int sim_world_create(struct sim_world *w, const struct sim_scenario *sc,
                     const char *state_path, char *err, size_t errlen);
void sim_world_destroy(struct sim_world *w);

/* What happens to the next bulk transfer on probe `i` (counts it). */
enum sim_world_fault {
    SIM_FAULT_NONE,     /* deliver it */
    SIM_FAULT_TIMEOUT,  /* lost: the host waits its timeout */
    SIM_FAULT_IO,       /* the host controller reports an error at once */
    SIM_FAULT_GONE,     /* unplugged: no device from now on */
};
enum sim_world_fault sim_world_bulk_fault(struct sim_world *w, size_t i);

/* The bench is active when SWDOCTOR_SIM_SCENARIO is set and not empty. */
bool sim_env_active(void);
/* The process's world, created on first call; NULL when the bench is not
 * active or the scenario is broken (the message went to stderr once,
 * prefixed "swdoctor-sim:"). */
struct sim_world *sim_world_env(void);
/* Write the counters (JSON) to SWDOCTOR_SIM_STATS if set. */
void sim_world_env_write_stats(void);

/* Counters as JSON: virtual_ns and every sim_stats field. */
int sim_stats_write(const char *path, char *err, size_t errlen);

#endif
