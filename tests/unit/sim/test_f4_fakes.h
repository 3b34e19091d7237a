/* Test doubles for sim_chip tests: a virtual clock the test moves by hand
 * and a Cortex-M core that records what the chip asks of it.  Linked only
 * into sim_test_f4 in place of sim/clock.c and sim/cpu/. */
#ifndef TEST_F4_FAKES_H
#define TEST_F4_FAKES_H

#include <stdbool.h>
#include <stdint.h>

#include "bus.h"
#include "clock.h"
#include "cpu/core.h"

struct fake_core {
    struct sim_core_config cfg;
    const struct sim_region *regions;
    size_t nregions;
    struct sim_core_hooks hooks;
    enum sim_core_state state;
    bool held;
    unsigned resets[3];         /* by enum sim_reset_kind */
    uint32_t hz;
    uint32_t pcsr;              /* DWT_PCSR value the chip will read */
    uint32_t ppb[0x100000 / 4]; /* plain storage behind 0xE0000000 */
    unsigned invalidations;
    sim_ns ran_until;
    uint32_t last_run_hz;       /* core clock during the last run_until */
    /* "Firmware": called by run_until while running (hz != 0). */
    void (*firmware)(struct fake_core *c, sim_ns now);
    unsigned runs;
};

extern sim_ns fake_now;
extern struct fake_core *fake_last_core;

/* Let time pass and tick the chip. */
struct sim_chip;
void fake_advance(struct sim_chip *chip, sim_ns ns);

/* A bus access as the CPU makes it (through the chip's regions). */
int fake_cpu_write(uint32_t addr, unsigned size, uint32_t val);
int fake_cpu_read(uint32_t addr, unsigned size, uint32_t *val);

#endif
