/* Fakes for the chip tests (see test_f4_fakes.h). */
#include <stdlib.h>
#include <string.h>

#include "chips/chip.h"
#include "test_f4_fakes.h"

sim_ns fake_now;
struct sim_stats sim_stats;
struct fake_core *fake_last_core;

#define DWT_PCSR 0xE000101Cu

sim_ns sim_clock_now(void) { return fake_now; }
void sim_clock_advance(sim_ns ns) { fake_now += ns; }
void sim_clock_add_ticker(sim_ticker_fn fn, void *ctx) { (void)fn; (void)ctx; }
void sim_clock_remove_ticker(sim_ticker_fn fn, void *ctx) { (void)fn; (void)ctx; }
void sim_clock_reset(void) { fake_now = 0; memset(&sim_stats, 0, sizeof sim_stats); }

void fake_advance(struct sim_chip *chip, sim_ns ns)
{
    fake_now += ns;
    sim_chip_tick(chip, fake_now);
}

struct sim_core *sim_core_create(const struct sim_core_config *cfg,
                                 const struct sim_region *regions,
                                 size_t nregions,
                                 const struct sim_core_hooks *hooks)
{
    struct fake_core *c = calloc(1, sizeof *c);
    c->cfg = *cfg;
    c->regions = regions;
    c->nregions = nregions;
    c->hooks = *hooks;
    c->hz = cfg->hz;
    c->state = SIM_CORE_RUNNING;
    c->pcsr = 0x20000100u;               /* a loader in SRAM */
    fake_last_core = c;
    return (struct sim_core *)c;
}

void sim_core_destroy(struct sim_core *core)
{
    if ((struct fake_core *)core == fake_last_core)
        fake_last_core = NULL;
    free(core);
}

void sim_core_reset(struct sim_core *core, enum sim_reset_kind kind)
{
    struct fake_core *c = (struct fake_core *)core;
    c->resets[kind]++;
    c->state = SIM_CORE_RUNNING;
}

void sim_core_hold_reset(struct sim_core *core, bool held)
{
    ((struct fake_core *)core)->held = held;
}

void sim_core_set_boot_address(struct sim_core *core, uint32_t addr)
{
    ((struct fake_core *)core)->cfg.boot_address = addr;
}

void sim_core_set_hz(struct sim_core *core, uint32_t hz)
{
    ((struct fake_core *)core)->hz = hz;
}

void sim_core_run_until(struct sim_core *core, sim_ns now)
{
    struct fake_core *c = (struct fake_core *)core;
    c->ran_until = now;
    c->last_run_hz = c->hz;
    c->runs++;
    if (c->firmware && c->hz && !c->held && c->state == SIM_CORE_RUNNING)
        c->firmware(c, now);
}

void sim_core_wake(struct sim_core *core)
{
    ((struct fake_core *)core)->state = SIM_CORE_RUNNING;
}

enum sim_core_state sim_core_state(const struct sim_core *core)
{
    return ((const struct fake_core *)core)->state;
}

int sim_core_ppb_read(struct sim_core *core, uint32_t addr, uint32_t *val)
{
    struct fake_core *c = (struct fake_core *)core;
    if (addr == DWT_PCSR) {
        *val = c->pcsr;
        return 0;
    }
    *val = c->ppb[(addr - 0xE0000000u) / 4u];
    return 0;
}

int sim_core_ppb_write(struct sim_core *core, uint32_t addr, uint32_t val)
{
    ((struct fake_core *)core)->ppb[(addr - 0xE0000000u) / 4u] = val;
    return 0;
}

void sim_core_invalidate(struct sim_core *core, uint32_t addr, uint32_t len)
{
    (void)addr;
    (void)len;
    ((struct fake_core *)core)->invalidations++;
}

static const struct sim_region *region_of(uint32_t addr)
{
    for (size_t i = 0; i < fake_last_core->nregions; i++) {
        const struct sim_region *r = &fake_last_core->regions[i];
        if (addr >= r->base && addr - r->base < r->size)
            return r;
    }
    return NULL;
}

/* As Unicorn would: memory regions directly, unless the flags route
 * CPU writes to the callback. */
int fake_cpu_write(uint32_t addr, unsigned size, uint32_t val)
{
    const struct sim_region *r = region_of(addr);
    if (!r)
        return -1;
    if (r->mem && !(r->flags & SIM_REGION_CPU_RO)) {
        memcpy(r->mem + (addr - r->base), &val, size);
        return 0;
    }
    return r->write(r->ctx, SIM_BUS_CPU, addr - r->base, size, val);
}

int fake_cpu_read(uint32_t addr, unsigned size, uint32_t *val)
{
    const struct sim_region *r = region_of(addr);
    if (!r)
        return -1;
    if (r->mem) {
        *val = 0;
        memcpy(val, r->mem + (addr - r->base), size);
        return 0;
    }
    return r->read(r->ctx, SIM_BUS_CPU, addr - r->base, size, val);
}
