/* A simulated STM32: its memory map, peripherals and core(s), behind one
 * interface used by the board (board/board.c) and the debug port (dap/).
 *
 * One model per flash-controller generation / family (stm32f4.c, ...),
 * each with a table of parts; sim_chip_create() looks the part up.  The
 * chip keeps its non-volatile state (flash, option bytes, OTP) in the
 * `nvm` buffer the bench gives it, in a layout of its own choosing. */
#ifndef SIM_CHIP_H
#define SIM_CHIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "board/board.h"
#include "clock.h"

struct sim_chip;

/* Bytes of non-volatile state the part needs; 0 for an unknown part. */
size_t sim_chip_nvm_size(const char *part);

/* With `nvm_fresh` the chip initialises nvm as shipped (flash erased,
 * default option bytes) and then applies cfg->rdp, cfg->wrp_sectors and
 * cfg->dbgmcu_cr; otherwise nvm is kept as it is.  The chip is powered off
 * until sim_chip_power(true).  NULL with a message on error. */
struct sim_chip *sim_chip_create(const struct sim_board_config *cfg,
                                 uint8_t *nvm, bool nvm_fresh,
                                 char *err, size_t errlen);
void sim_chip_destroy(struct sim_chip *chip);

/* Write bytes straight into flash as a factory programmer would (loading
 * the scenario's firmware into a fresh chip).  -1 if outside flash. */
int sim_chip_load_flash(struct sim_chip *chip, uint32_t addr,
                        const uint8_t *data, size_t len);

/* Power on (power-on reset, option bytes loaded, core starts from the
 * vector table chosen by BOOT0/option bytes) or off. */
void sim_chip_power(struct sim_chip *chip, bool on);
/* Level of the NRST pin as the chip sees it: low holds the chip in reset,
 * the rising edge starts it (system reset). */
void sim_chip_nrst(struct sim_chip *chip, bool low);

/* Run peripherals (flash BSY timers) and the core(s) up to `now`. */
void sim_chip_tick(struct sim_chip *chip, sim_ns now);

/* ---- Debug port side ---- */

/* Can the probe talk to the debug port at all?  False while firmware has
 * moved SWDIO/SWCLK (PA13/PA14) off their debug function, in STOP/STANDBY
 * without the DBGMCU bit, at RDP level 2, while powered off. */
bool sim_chip_debug_port_alive(const struct sim_chip *chip);

/* DP identification: SW-DP DPIDR, or the JTAG-DP IDCODE. */
uint32_t sim_chip_dp_idcode(const struct sim_chip *chip,
                            enum sim_wire_protocol proto);

/* Access ports: how many, and each one's IDR (0 for an absent AP). */
unsigned sim_chip_ap_count(const struct sim_chip *chip);
uint32_t sim_chip_ap_idr(const struct sim_chip *chip, unsigned ap);
/* The MEM-AP's ROM table address (AP BASE register). */
uint32_t sim_chip_ap_base(const struct sim_chip *chip, unsigned ap);

/* One bus access by MEM-AP `ap` (size 1, 2 or 4; addr aligned to size).
 * Returns SIM_BUS_ACCESS_OK, _FAULT (error response: sticky error in the
 * DP) or _WAIT (the bus is stalled, e.g. a flash read while the
 * controller is busy: the DP answers WAIT; retry later). */
enum sim_bus_access { SIM_BUS_ACCESS_OK = 0, SIM_BUS_ACCESS_FAULT = -1,
                      SIM_BUS_ACCESS_WAIT = 1 };
enum sim_bus_access sim_chip_debug_read(struct sim_chip *chip, unsigned ap,
                                        uint32_t addr, unsigned size,
                                        uint32_t *val);
enum sim_bus_access sim_chip_debug_write(struct sim_chip *chip, unsigned ap,
                                         uint32_t addr, unsigned size,
                                         uint32_t val);

/* DP CTRL/STAT power-up requests reach the chip (CDBGPWRUPREQ etc.). */
void sim_chip_debug_power(struct sim_chip *chip, bool system, bool debug);

/* The flash as it is now (dump, tests). */
const uint8_t *sim_chip_flash(const struct sim_chip *chip, uint32_t *base,
                              size_t *size);

#endif
