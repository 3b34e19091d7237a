/* A fake board for the probe's unit tests: just enough of an SW-DP, one
 * AHB-AP over 64 KiB of RAM at 0x20000000, and a Cortex-M debug block
 * (DHCSR, DCRSR, DCRDR, AIRCR) to check the wire sequences the simulated
 * ST-LINK performs (ADIv5.2 §B2.2, §B4.2, §C2.2, §C2.6; ARMv7-M C1.6). */
#ifndef TEST_PROBE_FAKEBOARD_H
#define TEST_PROBE_FAKEBOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "board/board.h"

#define FAKE_RAM_BASE 0x20000000u
#define FAKE_RAM_SIZE 0x10000u
#define FAKE_DPIDR    0x2BA01477u

struct sim_board {
    /* wires */
    unsigned mv;
    bool nrst_low;
    unsigned nrst_edges;
    bool dead;                  /* nothing answers: ACK 0b111 */
    bool connected;
    enum sim_wire_protocol proto;
    unsigned khz;
    unsigned connects;
    /* fault/wait injection */
    int wait_next;              /* answer WAIT to this many transfers */
    bool wait_forever;
    /* DP */
    bool dpidr_read;
    uint32_t ctrlstat, select, rdbuff;
    bool sticky;
    /* AP 0 and 1 (AP 1 is a plain register file) */
    uint32_t csw, tar;
    uint32_t ap1_regs[64];
    /* target */
    uint8_t ram[FAKE_RAM_SIZE];
    uint32_t dhcsr_ctrl, dcrsr, dcrdr, aircr_writes;
    uint32_t regs[128];
    int regrdy_delay;           /* S_REGRDY reads as 0 this many times */
    /* counters */
    unsigned transfers, tar_writes, csw_writes, drw_accesses, abort_writes;
};

extern struct sim_board fake;
void fake_reset(void);

#endif
