/* Command decoding: the top-level commands (cmd[0]), probe modes, and the
 * table of DEBUG_COMMAND sub-commands with their firmware gates and data
 * phases.  ref: stlink-protocol.md §2 (top level), §3 (modes), §4.1
 * (sub-commands), §6.4 (gates). */
#include <string.h>

#include "board/board.h"
#include "probe/probe_int.h"

/* Top-level commands (ref §2.1). */
#define CMD_GET_VERSION        0xF1
#define CMD_DEBUG              0xF2
#define CMD_DFU                0xF3
#define CMD_SWIM               0xF4
#define CMD_GET_CURRENT_MODE   0xF5
#define CMD_GET_TARGET_VOLTAGE 0xF7
#define CMD_GET_VERSION_EX     0xFB

#define DFU_EXIT               0x07
#define SWIM_ENTER             0x00
#define SWIM_EXIT              0x01

/* Which data phase follows a sub-command. */
enum data_phase { DATA_NONE, DATA_LEN16, DATA_MISC };

struct debug_cmd {
    probe_cmd_fn run;
    enum probe_feature gate;
    enum data_phase data;
};

/* DEBUG_COMMAND sub-commands, by code (ref §4.1). */
static const struct debug_cmd debug_cmds[256] = {
    [0x01] = { probe_cmd_status_v1,       FEAT_API_V1,        DATA_NONE },
    [0x02] = { probe_cmd_halt_v1,         FEAT_API_V1,        DATA_NONE },
    [0x03] = { probe_cmd_resetsys,        FEAT_API_V1,        DATA_NONE },
    [0x04] = { probe_cmd_readallregs_v1,  FEAT_API_V1,        DATA_NONE },
    [0x05] = { probe_cmd_readreg_v1,      FEAT_API_V1,        DATA_NONE },
    [0x06] = { probe_cmd_writereg,        FEAT_API_V1,        DATA_NONE },
    [0x07] = { probe_cmd_readmem,         FEAT_ALWAYS,        DATA_NONE },
    [0x08] = { probe_cmd_writemem,        FEAT_ALWAYS,        DATA_LEN16 },
    [0x09] = { probe_cmd_run_v1,          FEAT_API_V1,        DATA_NONE },
    [0x0A] = { probe_cmd_step_v1,         FEAT_API_V1,        DATA_NONE },
    [0x0B] = { probe_cmd_setfp_v1,        FEAT_API_V1,        DATA_NONE },
    [0x0C] = { probe_cmd_readmem,         FEAT_ALWAYS,        DATA_NONE },
    [0x0D] = { probe_cmd_writemem,        FEAT_ALWAYS,        DATA_LEN16 },
    [0x0E] = { probe_cmd_clearfp_v1,      FEAT_API_V1,        DATA_NONE },
    [0x0F] = { probe_cmd_writedebugreg,   FEAT_API_V1,        DATA_NONE },
    [0x20] = { probe_cmd_enter_v1,        FEAT_API_V1,        DATA_NONE },
    [0x21] = { probe_cmd_exit,            FEAT_ALWAYS,        DATA_NONE },
    [0x22] = { probe_cmd_read_coreid_v1,  FEAT_API_V1,        DATA_NONE },
    [0x30] = { probe_cmd_enter,           FEAT_ALWAYS,        DATA_NONE },
    [0x31] = { probe_cmd_read_idcodes,    FEAT_ALWAYS,        DATA_NONE },
    [0x32] = { probe_cmd_resetsys,        FEAT_ALWAYS,        DATA_NONE },
    [0x33] = { probe_cmd_readreg,         FEAT_ALWAYS,        DATA_NONE },
    [0x34] = { probe_cmd_writereg,        FEAT_ALWAYS,        DATA_NONE },
    [0x35] = { probe_cmd_writedebugreg,   FEAT_ALWAYS,        DATA_NONE },
    [0x36] = { probe_cmd_readdebugreg,    FEAT_ALWAYS,        DATA_NONE },
    [0x3A] = { probe_cmd_readallregs,     FEAT_ALWAYS,        DATA_NONE },
    [0x3B] = { probe_cmd_lastrw,          FEAT_ALWAYS,        DATA_NONE },
    [0x3C] = { probe_cmd_drive_nrst,      FEAT_ALWAYS,        DATA_NONE },
    [0x3E] = { probe_cmd_lastrw2,         FEAT_RWSTATUS2,     DATA_NONE },
    [0x40] = { probe_cmd_trace_start,     FEAT_TRACE,         DATA_NONE },
    [0x41] = { probe_cmd_trace_stop,      FEAT_TRACE,         DATA_NONE },
    [0x42] = { probe_cmd_trace_nb,        FEAT_TRACE,         DATA_NONE },
    [0x43] = { probe_cmd_swd_set_freq,    FEAT_SWD_SET_FREQ,  DATA_NONE },
    [0x44] = { probe_cmd_jtag_set_freq,   FEAT_JTAG_SET_FREQ, DATA_NONE },
    [0x45] = { probe_cmd_read_dap_reg,    FEAT_DAP_REG,       DATA_NONE },
    [0x46] = { probe_cmd_write_dap_reg,   FEAT_DAP_REG,       DATA_NONE },
    [0x47] = { probe_cmd_readmem,         FEAT_MEM16,         DATA_NONE },
    [0x48] = { probe_cmd_writemem,        FEAT_MEM16,         DATA_LEN16 },
    [0x4B] = { probe_cmd_init_ap,         FEAT_AP_INIT,       DATA_NONE },
    [0x4C] = { probe_cmd_close_ap,        FEAT_AP_INIT,       DATA_NONE },
    [0x50] = { probe_cmd_writemem,        FEAT_WRITE32_NOINC, DATA_LEN16 },
    [0x51] = { probe_cmd_rw_misc_out,     FEAT_DPBANKSEL,     DATA_MISC },
    [0x52] = { probe_cmd_rw_misc_in,      FEAT_DPBANKSEL,     DATA_NONE },
    [0x54] = { probe_cmd_readmem,         FEAT_DPBANKSEL,     DATA_NONE },
    [0x56] = { probe_cmd_board_id,        FEAT_BOARD_ID,      DATA_NONE },
    [0x61] = { probe_cmd_set_com_freq,    FEAT_COM_FREQ,      DATA_NONE },
    [0x62] = { probe_cmd_get_com_freq,    FEAT_COM_FREQ,      DATA_NONE },
    [0x63] = { probe_cmd_switch_freq,     FEAT_COM_FREQ,      DATA_NONE },
};

static const struct debug_cmd *debug_lookup(const struct sim_probe *p,
                                            const uint8_t *cmd)
{
    const struct debug_cmd *d = &debug_cmds[cmd[1]];
    if (!d->run || !probe_has(p, d->gate))
        return NULL;
    return d;
}

size_t probe_data_phase_len(const struct sim_probe *p, const uint8_t *cmd)
{
    if (cmd[0] != CMD_DEBUG)
        return 0;
    const struct debug_cmd *d = debug_lookup(p, cmd);
    if (!d)
        return 0;
    switch (d->data) {
    case DATA_LEN16:
        return probe_le16(&cmd[6]);
    case DATA_MISC: {
        /* one opcode byte per item padded to 4, then one u32 per item
         * (ref §4.8) */
        size_t items = probe_le32(&cmd[2]);
        if (items > PROBE_BUF_MAX / 5)
            items = PROBE_BUF_MAX / 5;
        return ((items + 3) & ~(size_t)3) + 4 * items;
    }
    case DATA_NONE:
        break;
    }
    return 0;
}

/* GET_TARGET_VOLTAGE: two ADC readings, of the internal 1.2 V reference
 * and of half the target VDD; hosts compute V = 2 * 1.2 * a1 / a0
 * (ref §2.5).  a0 is the reading of OOCD's documented example (1521, the
 * 1.2 V reference on a ~3.23 V ADC supply, 12 bits). */
#define VREFINT_ADC   1521u
#define VREFINT_MV    1200u

static void cmd_target_voltage(struct sim_probe *p)
{
    unsigned mv = sim_board_target_mv(p->board);
    uint32_t a1 = (uint32_t)(((uint64_t)mv * VREFINT_ADC + VREFINT_MV) /
                             (2 * VREFINT_MV));
    uint8_t r[8];
    probe_put32(&r[0], VREFINT_ADC);
    probe_put32(&r[4], a1);
    probe_reply(p, r, sizeof r);
}

static void cmd_dfu(struct sim_probe *p, const uint8_t *cmd)
{
    /* DFU_EXIT: leave the probe's update mode and start the debug
     * firmware; no reply (ref §2.7). */
    if (cmd[1] == DFU_EXIT && p->mode == PROBE_MODE_DFU)
        p->mode = PROBE_MODE_MASS;
}

static void cmd_swim(struct sim_probe *p, const uint8_t *cmd)
{
    /* SWIM ENTER/EXIT have no reply (ref §2.8).  No STM8 target is ever
     * simulated, so the other SWIM commands are not implemented. */
    if (cmd[1] == SWIM_ENTER && p->fw.swim) {
        if (p->mode == PROBE_MODE_DEBUG)
            probe_leave_debug(p);
        p->mode = PROBE_MODE_SWIM;
    } else if (cmd[1] == SWIM_EXIT && p->mode == PROBE_MODE_SWIM) {
        p->mode = PROBE_MODE_MASS;
    }
}

void probe_execute(struct sim_probe *p, const uint8_t *cmd,
                   const uint8_t *data, size_t dlen)
{
    uint8_t rep[12];

    switch (cmd[0]) {
    case CMD_GET_VERSION:
        probe_version_reply(p, rep);
        probe_reply(p, rep, 6);
        return;
    case CMD_GET_VERSION_EX:
        if (!probe_has(p, FEAT_VERSION_EX))
            break;
        probe_version_ex_reply(p, rep);
        probe_reply(p, rep, 12);
        return;
    case CMD_GET_CURRENT_MODE:
        rep[0] = (uint8_t)p->mode;
        rep[1] = 0;
        probe_reply(p, rep, 2);
        return;
    case CMD_GET_TARGET_VOLTAGE:
        if (!probe_has(p, FEAT_TARGET_VOLT) || p->mode == PROBE_MODE_DFU)
            break;
        cmd_target_voltage(p);
        return;
    case CMD_DFU:
        cmd_dfu(p, cmd);
        return;
    case CMD_SWIM:
        cmd_swim(p, cmd);
        return;
    case CMD_DEBUG: {
        const struct debug_cmd *d = debug_lookup(p, cmd);
        if (!d)
            break;
        d->run(p, cmd, data, dlen);
        return;
    }
    default:
        break;
    }
    /* Unknown, or not in this firmware: 0x42 is the documented status for
     * "command not implemented by this firmware" (ref §5.1, §10 row 5). */
    probe_reply_status(p, STLINK_UNKNOWN_CMD);
}
