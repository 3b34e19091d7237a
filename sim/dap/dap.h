/* The debug port of a simulated chip: an SWJ-DP (SW-DP or JTAG-DP, ADIv5.2)
 * in front of the chip's MEM-APs, plus the electrical state of the wire
 * that reaches it.  The board (board/board.c) owns one per chip and feeds
 * it the probe's transfers; everything the DAP does to the target goes
 * through chips/chip.h (debug port alive, IDs, debug bus accesses, power
 * requests). */
#ifndef SIM_DAP_H
#define SIM_DAP_H

#include <stdbool.h>
#include <stdint.h>

#include "board/board.h"

struct sim_chip;
struct sim_dap;

/* A DAP in its power-on state (SWJ-DP selects JTAG at power-on, so SWD
 * transfers get no answer until sim_dap_connect()).  NULL on OOM. */
struct sim_dap *sim_dap_create(struct sim_chip *chip);
void sim_dap_destroy(struct sim_dap *d);

/* Power-on reset of the debug domain: every DP and AP register back to
 * its reset value, protocol back to JTAG (no SWD answer until connect). */
void sim_dap_power_on_reset(struct sim_dap *d);

/* The wire as the board sees it: `line_ok` is false when nothing can
 * answer (board unpowered, SWDIO not connected); `max_khz` is the highest
 * clock the wiring carries (0 = no limit). */
void sim_dap_set_line(struct sim_dap *d, bool line_ok, unsigned max_khz);

/* SWD: line reset (and the JTAG-to-SWD switch); JTAG: TAP reset.  Sets
 * the clock the probe drives from now on. */
void sim_dap_connect(struct sim_dap *d, enum sim_wire_protocol proto,
                     unsigned khz);
void sim_dap_set_khz(struct sim_dap *d, unsigned khz);

/* One DPACC/APACC transfer; see sim_board_wire_transfer() in board.h. */
enum sim_ack sim_dap_transfer(struct sim_dap *d, bool ap, bool read,
                              uint8_t addr, uint32_t *data);

#endif
