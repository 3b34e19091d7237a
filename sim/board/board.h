/* The board around a chip, seen from the probe's debug connector: target
 * voltage on pin 1, NRST, and SWDIO/SWCLK (or the JTAG pins).
 *
 * This is the whole interface between sim/probe and the target side: the
 * probe firmware implements ST-LINK commands only through these calls, as a
 * real probe only has these wires. */
#ifndef SIM_BOARD_H
#define SIM_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"

enum sim_nrst_wiring { SIM_NRST_WIRED, SIM_NRST_UNCONNECTED, SIM_NRST_STUCK_LOW };
/* How the board supplies the H7's core domain (stm32-families.md §6.2):
 * LDO, direct SMPS, SMPS feeding the LDO, external VCORE (bypass).
 * DEFAULT: not modelled (any PWR_CR3 configuration works).  BYPASS and
 * SMPS_LDO were added after DEFAULT (H7 helper) so existing values keep
 * their numbers. */
enum sim_supply { SIM_SUPPLY_LDO, SIM_SUPPLY_SMPS, SIM_SUPPLY_DEFAULT,
                  SIM_SUPPLY_BYPASS, SIM_SUPPLY_SMPS_LDO };

#define SIM_MAX_WRP 64

struct sim_board_config {
    char part[32];              /* "STM32F407VG" */
    bool powered;
    unsigned vdd_mv;            /* 3300 */
    unsigned swd_max_khz;       /* highest clock the wiring carries */
    bool swdio_connected;
    enum sim_nrst_wiring nrst;
    int boot0;
    enum sim_supply supply;     /* H7 only */
    char firmware[4096];        /* absolute path, or "" for an erased chip */
    unsigned uptime_ms;         /* time powered before the host's first transfer */
    /* "chip": initial option bytes when the state is fresh */
    int rdp;                    /* 0, 1 or 2 */
    unsigned wrp_sectors[SIM_MAX_WRP];
    size_t n_wrp_sectors;
    uint32_t dbgmcu_cr;
    /* TrustZone enabled in the option bytes (L5/U5 FLASH_OPTR.TZEN; added
     * for the L5/U5 model, ignored by parts without TrustZone). */
    bool tzen;
};

/* Acknowledge of one wire transfer (SWD ACK encoding, ADIv5.2 B4.2.2; in
 * JTAG mode OK/FAULT are reported the same way, WAIT as SIM_ACK_WAIT). */
enum sim_ack {
    SIM_ACK_OK = 1,
    SIM_ACK_WAIT = 2,
    SIM_ACK_FAULT = 4,
    SIM_ACK_NONE = 7,        /* no target drove the line (dead, unpowered,
                                pins taken, clock too fast: reads as 0b111) */
    SIM_ACK_PARITY = 8,      /* data parity error on a read */
};

enum sim_wire_protocol { SIM_WIRE_SWD, SIM_WIRE_JTAG };

struct sim_board;

/* `nvm` is the chip's non-volatile state (flash, option bytes, OTP):
 * sim_board_nvm_size() bytes, provided by the bench (a mapped --state file,
 * or plain memory).  When `nvm_fresh` the board initialises it from the
 * config (erased flash, firmware image, option bytes); otherwise it is
 * used as it is, like a chip that kept its flash across power cycles.
 * Returns NULL and a message in `err` (naming what is wrong). */
size_t sim_board_nvm_size(const struct sim_board_config *cfg);
struct sim_board *sim_board_create(const struct sim_board_config *cfg,
                                   uint8_t *nvm, bool nvm_fresh,
                                   char *err, size_t errlen);
void sim_board_destroy(struct sim_board *b);

/* Voltage the probe measures on the target's VDD pin (0 when unpowered). */
unsigned sim_board_target_mv(const struct sim_board *b);

/* The probe's NRST driver: true pulls the line low.  What the chip sees
 * depends on the wiring (unconnected: nothing; stuck low: always low). */
void sim_board_drive_nrst(struct sim_board *b, bool low);
bool sim_board_nrst_is_low(const struct sim_board *b);

/* Select the protocol and clock: SWD line reset + JTAG-to-SWD sequence,
 * or JTAG TAP reset.  Needed before transfers and after a line error. */
void sim_board_wire_connect(struct sim_board *b, enum sim_wire_protocol p,
                            unsigned khz);
void sim_board_wire_set_khz(struct sim_board *b, unsigned khz);

/* One DP or AP register access as on the wire.  `addr` is the register
 * byte address (0x0, 0x4, 0x8, 0xC; the bank comes from DP SELECT).  AP
 * reads are posted as on real silicon: the data returned is that of the
 * previous AP read, DP RDBUFF gives the last one (ADIv5.2 B4.1.1). */
enum sim_ack sim_board_wire_transfer(struct sim_board *b, bool ap, bool read,
                                     uint8_t addr, uint32_t *data);

/* Advance the target to virtual time `now` (the board registers this as a
 * clock ticker itself; exposed for tests). */
void sim_board_tick(struct sim_board *b, sim_ns now);

/* For `swdoctor-sim dump` and tests: the chip's flash as it is now. */
const uint8_t *sim_board_flash(const struct sim_board *b, uint32_t *base,
                               size_t *size);

#endif
