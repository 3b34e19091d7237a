/* State of the bench's DAP, shared by the files of sim/dap/ only: dp.c
 * (the DP and the transfer entry point), memap.c (MEM-AP registers),
 * wire.c (what the wire does to a transfer). */
#ifndef SIM_DAP_PRIV_H
#define SIM_DAP_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "chips/chip.h"
#include "dap/dap.h"

/* APs whose registers we keep (APSEL is 8 bits; an STM32 has 1 to 4). */
#define SIM_DAP_MAX_APS 16u

struct sim_memap {
    uint32_t csw;
    uint32_t tar;
};

/* What the wire does to one transfer. */
enum sim_wire_glitch {
    SIM_WIRE_CLEAN,
    SIM_WIRE_NO_ACK,       /* request or ACK garbled: the host sees 0b111 */
    SIM_WIRE_READ_PARITY,  /* read data arrives with a bad parity bit */
    SIM_WIRE_WRITE_DATA,   /* write data corrupted: the target saw a parity
                              error in the data phase */
};

struct sim_wire {
    bool line_ok;
    unsigned max_khz;
    unsigned khz;
    uint32_t rng;          /* xorshift32 state: glitches are deterministic */
};

struct sim_dap {
    struct sim_chip *chip;
    struct sim_wire wire;
    bool connected;                 /* a line reset / TAP reset happened */
    enum sim_wire_protocol proto;
    bool dpidr_read;                /* SW-DP: DPIDR read since line reset */
    uint32_t ctrlstat;              /* writable fields, sticky flags, READOK */
    uint32_t select;
    uint32_t dlcr;
    uint32_t rdbuff;                /* result of the last AP read */
    uint32_t resend;                /* last data returned by AP/RDBUFF read */
    struct sim_memap ap[SIM_DAP_MAX_APS];
};

/* memap.c: one AP register access on AP `apsel` (reg = APBANKSEL:A[3:2]).
 * Register reads here are immediate; the DP makes them posted. */
void sim_memap_reset(struct sim_memap *ap);
enum sim_bus_access sim_memap_read(struct sim_dap *d, unsigned apsel,
                                   uint8_t reg, uint32_t *val);
enum sim_bus_access sim_memap_write(struct sim_dap *d, unsigned apsel,
                                    uint8_t reg, uint32_t val);

/* wire.c */
void sim_wire_reset(struct sim_wire *w);
bool sim_wire_dead(const struct sim_dap *d);
enum sim_wire_glitch sim_wire_next(struct sim_wire *w, bool read,
                                   enum sim_wire_protocol proto);
/* A bit to flip in corrupted read data (deterministic). */
uint32_t sim_wire_noise(struct sim_wire *w);

#endif
