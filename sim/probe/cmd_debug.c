/* DEBUG_COMMAND sub-commands about the connection: ENTER/EXIT, IDCODE,
 * NRST, system reset, SWO trace and board identifiers.
 * ref: stlink-protocol.md §3, §4.1, §4.7, §6.5. */
#include "board/board.h"
#include "probe/probe_int.h"

/* ENTER parameters (ref §4.1, sub-command 0x30). */
#define ENTER_JTAG_RESET    0x00
#define ENTER_SWD_NO_RESET  0xA3
#define ENTER_JTAG_NO_RESET 0xA4

#define NRST_LOW   0x00
#define NRST_HIGH  0x01
#define NRST_PULSE 0x02

/* Length of the NRST pulse the firmware makes (DRIVE_NRST 0x02, JTAG
 * ENTER with reset).  Not documented; long enough for any STM32 NRST
 * filter (datasheets: pulses > 300 ns reset the chip). */
#define NRST_PULSE_NS (1 * SIM_NS_PER_MS)

/* DP registers and CTRL/STAT power bits, ADIv5.2 §B2.2. */
#define DP_DPIDR        0x0u
#define DP_CTRLSTAT     0x4u
#define DP_SELECT       0x8u
#define CS_CDBGPWRUPREQ (1u << 28)
#define CS_CDBGPWRUPACK (1u << 29)
#define CS_CSYSPWRUPREQ (1u << 30)
#define CS_CSYSPWRUPACK (1u << 31)
#define POWERUP_POLLS   16

static void pulse_nrst(struct sim_probe *p)
{
    sim_board_drive_nrst(p->board, true);
    p->cost += NRST_PULSE_NS;
    probe_flush_time(p);
    sim_board_drive_nrst(p->board, false);
}

/* Connect the line and bring the debug port up as HLA hosts expect: the
 * DPIDR read a line reset requires, sticky flags cleared, debug and
 * system power requested and acknowledged, SELECT at AP0 bank 0. */
static uint8_t connect(struct sim_probe *p, uint8_t param)
{
    bool jtag = param != ENTER_SWD_NO_RESET;
    /* Before J15 any parameter other than SWD meant "JTAG with a reset
     * pulse" (OOCD commit 717d3af08). */
    bool reset = jtag && (param != ENTER_JTAG_NO_RESET ||
                          !probe_has(p, FEAT_JTAG_NO_RESET));

    p->mode = PROBE_MODE_DEBUG;
    p->wire = jtag ? SIM_WIRE_JTAG : SIM_WIRE_SWD;
    if (reset && !p->cfg.clone)
        pulse_nrst(p);
    sim_board_wire_connect(p->board, p->wire, probe_wire_khz(p));
    p->wire_up = true;
    p->select_known = false;
    p->ap_open = 0;

    uint32_t v = 0;
    enum sim_ack ack = probe_dp_read(p, DP_DPIDR, &v);
    if (ack != SIM_ACK_OK) {
        p->wire_up = false;
        /* No answer on the wire: "link to target lost" (OOCD commit
         * 720380f9e: returned when connecting with the wire disconnected
         * or the DAP held in reset). */
        return ack == SIM_ACK_NONE ? STLINK_GET_IDCODE_ERROR
                                   : probe_ack_status(ack, false);
    }
    probe_clear_sticky(p);
    ack = probe_dp_write(p, DP_CTRLSTAT, CS_CDBGPWRUPREQ | CS_CSYSPWRUPREQ);
    bool up = false;
    for (int i = 0; i < POWERUP_POLLS && ack == SIM_ACK_OK && !up; i++) {
        ack = probe_dp_read(p, DP_CTRLSTAT, &v);
        up = (v & (CS_CDBGPWRUPACK | CS_CSYSPWRUPACK)) ==
             (CS_CDBGPWRUPACK | CS_CSYSPWRUPACK);
        if (!up)
            probe_flush_time(p);
    }
    if (ack != SIM_ACK_OK)
        return probe_ack_status(ack, false);
    if (!up)
        return STLINK_DBG_POWER_ERROR;
    ack = probe_dp_write(p, DP_SELECT, 0);
    if (ack != SIM_ACK_OK)
        return probe_ack_status(ack, false);
    /* AP0 usable after ENTER: hosts that never send INIT_AP (stlink-tools
     * 1.7) read memory through it on V3J7 (stlink-org/stlink#1138 log).
     * OOCD's report of 0x1D on an un-opened AP0 (commit 7456e6bac) is
     * not reproduced; other APs must be opened from V2J37/V3J7. */
    p->ap_open = 1u;
    return STLINK_OK;
}

void probe_leave_debug(struct sim_probe *p)
{
    p->mode = PROBE_MODE_MASS;
    p->wire_up = false;
    p->ap_open = 0; /* leaving debug mode closes the APs (ref §6.5) */
    p->select_known = false;
}

void probe_cmd_enter(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    probe_reply_status(p, connect(p, c[2]));
}

void probe_cmd_enter_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    connect(p, c[2]); /* API v1 ENTER has no reply (ref §4.1) */
}

void probe_cmd_exit(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)c; (void)d; (void)n;
    if (p->mode == PROBE_MODE_DEBUG)
        probe_leave_debug(p); /* no reply */
}

void probe_cmd_read_idcodes(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)c; (void)d; (void)n;
    uint32_t id = 0;
    enum sim_ack ack = probe_dp_read(p, DP_DPIDR, &id);
    uint8_t r[12] = { 0 };
    r[0] = ack == SIM_ACK_OK ? STLINK_OK
         : ack == SIM_ACK_NONE ? STLINK_GET_IDCODE_ERROR
         : probe_ack_status(ack, false);
    probe_put32(&r[4], id);
    probe_reply(p, r, sizeof r);
}

void probe_cmd_read_coreid_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)c; (void)d; (void)n;
    uint32_t id = 0;
    uint8_t r[4];
    probe_dp_read(p, DP_DPIDR, &id);
    probe_put32(r, id);
    probe_reply(p, r, sizeof r);
}

/* Clones wire only VCC/SWCLK/GND/SWDIO: their NRST driver reaches
 * nothing (ref §8). */
void probe_cmd_drive_nrst(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    if (!p->cfg.clone) {
        switch (c[2]) {
        case NRST_LOW:   sim_board_drive_nrst(p->board, true); break;
        case NRST_HIGH:  sim_board_drive_nrst(p->board, false); break;
        case NRST_PULSE: pulse_nrst(p); break;
        default: probe_reply_status(p, STLINK_CMD_ERROR); return;
        }
    }
    p->nrst_low = c[2] == NRST_LOW;
    probe_reply_status(p, STLINK_OK);
}

/* RESETSYS: a system reset the firmware requests through the core's
 * AIRCR.SYSRESETREQ (works without NRST wiring; ARMv7-M B3.2.6). */
void probe_cmd_resetsys(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)c; (void)d; (void)n;
    probe_reply_status(p, probe_write32(p, ARM_AIRCR, AIRCR_VECTKEY | AIRCR_SYSRESETREQ));
}

/* ---- SWO trace (ref §4.7): accepted, but no SWO data is ever captured. */

void probe_cmd_trace_start(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)c; (void)d; (void)n;
    p->trace_on = true;
    probe_reply_status(p, STLINK_OK);
}

void probe_cmd_trace_stop(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)c; (void)d; (void)n;
    p->trace_on = false;
    probe_reply_status(p, STLINK_OK);
}

void probe_cmd_trace_nb(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)c; (void)d; (void)n;
    const uint8_t r[2] = { 0, 0 }; /* u16 byte count, no status */
    probe_reply(p, r, sizeof r);
}

/* GET_BOARD_IDENTIFIERS: status u16 then a 4-char Mbed board ID; all
 * zero = none (ref §4.1, PYOCD). */
void probe_cmd_board_id(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)c; (void)d; (void)n;
    uint8_t r[128] = { STLINK_OK, 0 };
    probe_reply(p, r, sizeof r);
}

