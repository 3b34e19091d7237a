/* The world of one scenario: see world.h. */
#include "bench/world.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

/* splitmix64 (Steele, Lea, Flood: "Fast splittable pseudorandom number
 * generators", OOPSLA 2014): tiny, deterministic, good enough to decide
 * which transfers fail. */
static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

int sim_world_create(struct sim_world *w, const struct sim_scenario *sc,
                     const char *state_path, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    w->sc = *sc;
    w->n = sc->n_probes;

    const char *parts[SIM_SCENARIO_MAX_PROBES];
    size_t sizes[SIM_SCENARIO_MAX_PROBES];
    for (size_t i = 0; i < w->n; i++) {
        parts[i] = sc->p[i].board.part;
        sizes[i] = sim_board_nvm_size(&sc->p[i].board);
        if (sizes[i] == 0) {
            char prefix[32] = "";
            if (w->n > 1)
                snprintf(prefix, sizeof prefix, "probes[%zu].", i);
            snprintf(err, errlen, "%sboard.part: unknown part \"%s\" (no chip "
                     "model on the bench)", prefix, parts[i]);
            return -1;
        }
    }
    /* No probe plugged in ({"probes": []}, added with no-probe.json): an
     * empty desk, nothing to keep in a state file. */
    if (w->n == 0)
        return 0;
    if (sim_state_open(&w->state, state_path, w->n, parts, sizes, err, errlen))
        return -1;

    sim_ns uptime = 0;
    for (size_t i = 0; i < w->n; i++) {
        struct sim_world_probe *wp = &w->p[i];
        wp->cfg = sc->p[i];
        wp->prng = sc->seed ^ ((uint64_t)(i + 1) * 0xD1B54A32D192ED03ull);
        char berr[256] = "";
        wp->board = sim_board_create(&wp->cfg.board, w->state.nvm[i],
                                     w->state.fresh, berr, sizeof berr);
        if (!wp->board) {
            snprintf(err, errlen, "board %zu (%s): %s", i, wp->cfg.board.part,
                     berr[0] ? berr : "cannot create");
            sim_world_destroy(w);
            return -1;
        }
        wp->probe = sim_probe_create(&wp->cfg.probe, wp->board);
        if (!wp->probe) {
            snprintf(err, errlen, "probe %zu (%s %s): cannot create", i,
                     sim_probe_model_name(wp->cfg.probe.model),
                     wp->cfg.probe.firmware);
            sim_world_destroy(w);
            return -1;
        }
        sim_ns up = (sim_ns)wp->cfg.board.uptime_ms * SIM_NS_PER_MS;
        if (up > uptime)
            uptime = up;
    }
    if (w->state.fresh)
        sim_state_commit(&w->state);
    /* ARCHITECTURE.md "Time on the bench": the host connects after the
     * boards have been powered for a while. */
    sim_clock_advance(uptime);
    return 0;
}

void sim_world_destroy(struct sim_world *w)
{
    for (size_t i = 0; i < w->n; i++) {
        if (w->p[i].probe)
            sim_probe_destroy(w->p[i].probe);
        if (w->p[i].board)
            sim_board_destroy(w->p[i].board);
        w->p[i].probe = NULL;
        w->p[i].board = NULL;
    }
    sim_state_close(&w->state);
    w->n = 0;
}

enum sim_world_fault sim_world_bulk_fault(struct sim_world *w, size_t i)
{
    struct sim_world_probe *wp = &w->p[i];
    if (wp->unplugged)
        return SIM_FAULT_GONE;
    if (wp->cfg.unplug_after_transfers &&
        wp->bulk_transfers >= wp->cfg.unplug_after_transfers) {
        wp->unplugged = true;
        return SIM_FAULT_GONE;
    }
    wp->bulk_transfers++;
    if (wp->cfg.usb_fault_rate <= 0.0)
        return SIM_FAULT_NONE;
    uint64_t r = splitmix64(&wp->prng);
    double u = (double)(r >> 11) * 0x1.0p-53; /* uniform in [0, 1) */
    if (u >= wp->cfg.usb_fault_rate)
        return SIM_FAULT_NONE;
    return (r & 1) ? SIM_FAULT_IO : SIM_FAULT_TIMEOUT;
}
