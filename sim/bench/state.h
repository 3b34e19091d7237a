/* The bench's non-volatile state: each board's flash, option bytes and OTP
 * (sim_board_nvm_size() bytes each), in a file mapped MAP_SHARED so that
 * it survives the process, even a killed one, like a chip keeps its flash
 * across power cycles (env SWDOCTOR_SIM_STATE, `swdoctor-sim run --state`).
 * Without a file the state lives in plain memory for one process.
 *
 * File layout: a 4 KiB header (magic, version, board count, and per board
 * its part name, offset and size), then each board's area at a 4 KiB
 * aligned offset. */
#ifndef SIM_BENCH_STATE_H
#define SIM_BENCH_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIM_STATE_MAX_BOARDS 8
#define SIM_STATE_MAGIC      "SDSIMNVM"
#define SIM_STATE_VERSION    1u

struct sim_state {
    uint8_t *base;         /* mapping (file) or allocation (memory) */
    size_t len;
    bool mapped;
    bool fresh;            /* just created: boards must initialise their nvm */
    size_t n_boards;
    char part[SIM_STATE_MAX_BOARDS][32];
    uint8_t *nvm[SIM_STATE_MAX_BOARDS];
    size_t nvm_size[SIM_STATE_MAX_BOARDS];
};

/* Open (or create) the state for `n` boards with these parts and sizes.
 * `path` NULL or "": plain memory, always fresh.  An existing file made for
 * other parts or sizes is an error (naming the difference), never
 * silently reinitialised. */
int sim_state_open(struct sim_state *st, const char *path, size_t n,
                   const char *const parts[], const size_t sizes[],
                   char *err, size_t errlen);

/* Map an existing file as it is (dump): n_boards, part[] and nvm[] are
 * filled from its header. */
int sim_state_open_existing(struct sim_state *st, const char *path,
                            char *err, size_t errlen);

/* After the boards initialised a fresh state: mark the file complete. */
void sim_state_commit(struct sim_state *st);

void sim_state_close(struct sim_state *st);

#endif
