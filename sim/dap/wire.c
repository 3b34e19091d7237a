/* What the wire between probe and target does to a transfer.
 *
 * Nothing answers (the line floats high and the probe reads ACK 0b111,
 * ADIv5.2 §B4.2.2) when the board is unpowered, SWDIO is not connected or
 * the chip's debug port is gone (pins remapped, STOP, RDP 2).  Above the
 * highest clock the wiring carries, a share of transfers is garbled; the
 * share grows with the overclock: (khz - max) / max, so at twice the
 * maximum nothing gets through.  The pattern comes from a fixed-seed
 * xorshift32 (Marsaglia, "Xorshift RNGs", 2003) so every run of a scenario
 * sees the same errors in the same transfers. */
#include "dap/dap_priv.h"

#define WIRE_SEED        0x2545F491u
#define PER_MILLE        1000u

void sim_wire_reset(struct sim_wire *w)
{
    w->rng = WIRE_SEED;
}

static uint32_t xorshift32(struct sim_wire *w)
{
    uint32_t x = w->rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    w->rng = x;
    return x;
}

bool sim_wire_dead(const struct sim_dap *d)
{
    return !d->wire.line_ok || !sim_chip_debug_port_alive(d->chip);
}

/* Share of garbled transfers, in 1/1000. */
static unsigned error_share(const struct sim_wire *w)
{
    if (w->max_khz == 0 || w->khz <= w->max_khz)
        return 0;
    uint64_t over = (uint64_t)(w->khz - w->max_khz) * PER_MILLE / w->max_khz;
    return over >= PER_MILLE ? PER_MILLE : (unsigned)over;
}

enum sim_wire_glitch sim_wire_next(struct sim_wire *w, bool read,
                                   enum sim_wire_protocol proto)
{
    unsigned share = error_share(w);
    if (share == 0)
        return SIM_WIRE_CLEAN;
    uint32_t r = xorshift32(w);
    if (r % PER_MILLE >= share)
        return SIM_WIRE_CLEAN;
    /* Half of the garbled transfers lose the request or the ACK; the
     * other half get through with damaged data.  JTAG has no data parity:
     * a damaged scan there is treated as lost. */
    bool lost = (r >> 16) & 1u;
    if (lost || proto == SIM_WIRE_JTAG)
        return SIM_WIRE_NO_ACK;
    return read ? SIM_WIRE_READ_PARITY : SIM_WIRE_WRITE_DATA;
}

uint32_t sim_wire_noise(struct sim_wire *w)
{
    return 1u << (xorshift32(w) % 32u);
}
