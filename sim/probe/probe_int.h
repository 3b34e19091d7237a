/* Inside the simulated ST-LINK: state shared by the files of sim/probe/.
 * Not for use outside sim/probe (the contract is probe.h). */
#ifndef SIM_PROBE_INT_H
#define SIM_PROBE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe/probe.h"
#include "probe/status.h"

/* ---- Identity (identity.c) ---- */
struct probe_model {
    uint16_t pid;
    enum sim_usb_speed speed;
    uint16_t max_packet;        /* bulk wMaxPacketSize */
    uint8_t ep_out, ep_in, ep_trace;
    const char *product;
    bool raw_serial;            /* genuine V2: 12 raw bytes, bLength 26 */
    bool composite;             /* debug + MSD + VCP (+ bridge) */
    const char *default_fw;
};
const struct probe_model *probe_model_get(enum sim_probe_model m, bool clone);

/* ---- Firmware version and feature gates (firmware.c) ---- */
struct probe_fw {
    unsigned hw;     /* V: 2, 3 (4 = V3PWR) */
    unsigned jtag;   /* J */
    unsigned swim;   /* S */
    unsigned msd;    /* M */
    unsigned bridge; /* B */
    unsigned power;  /* P */
};
bool probe_fw_parse(const char *s, struct probe_fw *fw);

/* Capabilities that appear at a firmware version (ref §6.4). */
enum probe_feature {
    FEAT_ALWAYS,
    FEAT_API_V1,          /* API v1 sub-commands (kept by V2 firmware) */
    FEAT_TRACE,           /* 0x40-0x42 */
    FEAT_TARGET_VOLT,     /* 0xF7 */
    FEAT_RWSTATUS2,       /* 0x3E */
    FEAT_FPU_REGSEL,      /* regsel > 0x1F in READREG/WRITEREG */
    FEAT_JTAG_NO_RESET,   /* ENTER param 0xA4 */
    FEAT_SWD_SET_FREQ,    /* 0x43 */
    FEAT_JTAG_SET_FREQ,   /* 0x44 */
    FEAT_DAP_REG,         /* 0x45/0x46 */
    FEAT_MEM16,           /* 0x47/0x48 */
    FEAT_WRITE32_NOINC,   /* 0x50 */
    FEAT_AP_INIT,         /* 0x4B/0x4C, AP number in memory commands */
    FEAT_CLOSE_AP_STATUS, /* CLOSE_AP answers correctly (J28 always 0x1D) */
    FEAT_DPBANKSEL,       /* banked DP regs, CSW[31:8], 0x54, RW_MISC */
    FEAT_AP_MAX_8,        /* APs up to 8 (before: up to 3) */
    FEAT_BOARD_ID,        /* 0x56 */
    FEAT_AP_MANDATORY,    /* INIT_AP required before AP/memory access */
    FEAT_RW8_512,         /* 512-byte 8-bit transfers */
    FEAT_COM_FREQ,        /* 0x61/0x62/0x63 */
    FEAT_VERSION_EX,      /* 0xFB */
    FEAT_COUNT
};
bool probe_has(const struct sim_probe *p, enum probe_feature f);
/* GET_VERSION (6 bytes) and GET_VERSION_EX (12 bytes) replies. */
void probe_version_reply(const struct sim_probe *p, uint8_t rep[6]);
void probe_version_ex_reply(const struct sim_probe *p, uint8_t rep[12]);

/* ---- Probe state ---- */
enum probe_mode {
    PROBE_MODE_DFU = 0x00,
    PROBE_MODE_MASS = 0x01,
    PROBE_MODE_DEBUG = 0x02,
    PROBE_MODE_SWIM = 0x03,
};

#define PROBE_CMD_LEN      16
#define PROBE_BUF_MAX      (65536 + 64) /* u16 length field + slack */
#define PROBE_MAX_AP       8            /* highest AP number (ref §4.5) */

struct sim_probe {
    struct sim_probe_config cfg;
    const struct probe_model *model;
    struct probe_fw fw;
    struct sim_board *board;

    enum probe_mode mode;
    enum sim_wire_protocol wire;
    bool wire_up;               /* ENTER reached the DP */
    unsigned swd_khz, jtag_khz; /* the clock each protocol will use */
    unsigned v3_prescaler;      /* 1, 2 or 4 (SWITCH_STLINK_FREQ) */
    bool nrst_low;

    /* The command being executed (or waiting for its data phase). */
    uint8_t cmd[PROBE_CMD_LEN];
    bool awaiting_data;
    size_t data_expected, data_got;
    uint8_t *data;

    /* Reply queued for the IN endpoint. */
    uint8_t *reply;
    size_t reply_len, reply_pos;

    /* Virtual time the current USB transfer has cost so far. */
    sim_ns cost;

    /* DP SELECT as last written on the wire. */
    uint32_t select;
    bool select_known;
    uint32_t ap_open;           /* bit n: AP n opened with INIT_AP */

    /* Last memory command status (GETLASTRWSTATUS / 2). */
    uint16_t rw_status;
    uint32_t rw_fault_addr;

    /* RW_MISC results waiting for RW_MISC_IN. */
    uint32_t *misc_val, *misc_status;
    uint32_t misc_items;

    bool trace_on;
};

/* ---- Transport helpers (transport.c) ---- */
void probe_reply(struct sim_probe *p, const uint8_t *buf, size_t n);
void probe_reply_status(struct sim_probe *p, uint8_t status);
/* Status + 2 pad bytes + u32 at rep[4] (8-byte replies). */
void probe_reply_status_u32(struct sim_probe *p, uint8_t status, uint32_t v);
/* Let the accumulated cost pass now (before waiting on the target). */
void probe_flush_time(struct sim_probe *p);

/* ---- Command dispatch (dispatch.c) ---- */
/* Length of the data phase that follows this command block (0 if none). */
size_t probe_data_phase_len(const struct sim_probe *p, const uint8_t *cmd);
void probe_execute(struct sim_probe *p, const uint8_t *cmd,
                   const uint8_t *data, size_t dlen);

/* Handler of one DEBUG_COMMAND sub-command. */
typedef void (*probe_cmd_fn)(struct sim_probe *p, const uint8_t *cmd,
                             const uint8_t *data, size_t dlen);

/* ---- The wire (wire.c) ---- */
/* One DP/AP access with the probe's WAIT retries; returns the last ack. */
enum sim_ack probe_dp_read(struct sim_probe *p, uint8_t addr, uint32_t *v);
enum sim_ack probe_dp_write(struct sim_probe *p, uint8_t addr, uint32_t v);
/* AP register access: SELECT as needed, posted read collected from RDBUFF. */
enum sim_ack probe_ap_read(struct sim_probe *p, uint8_t ap, uint8_t addr, uint32_t *v);
enum sim_ack probe_ap_write(struct sim_probe *p, uint8_t ap, uint8_t addr, uint32_t v);
/* Status code for a failed ack of a DP (ap=false) or AP access. */
uint8_t probe_ack_status(enum sim_ack ack, bool ap);
/* Clear sticky errors after a FAULT, as HLA hosts never do it themselves. */
void probe_clear_sticky(struct sim_probe *p);

/* MEM-AP block transfer: `size` 1, 2 or 4; `count` accesses; `inc` with
 * address auto-increment.  buf holds count*size bytes (LE).  Returns a
 * status code; on failure *fault gets the address of the failed access. */
uint8_t probe_mem_read(struct sim_probe *p, uint8_t ap, uint32_t csw_hi,
                       uint32_t addr, unsigned size, size_t count, bool inc,
                       uint8_t *buf, uint32_t *fault);
uint8_t probe_mem_write(struct sim_probe *p, uint8_t ap, uint32_t csw_hi,
                        uint32_t addr, unsigned size, size_t count, bool inc,
                        const uint8_t *buf, uint32_t *fault);
/* Single 32-bit accesses through AP0 (debug registers). */
uint8_t probe_read32(struct sim_probe *p, uint32_t addr, uint32_t *v);
uint8_t probe_write32(struct sim_probe *p, uint32_t addr, uint32_t v);

/* ---- Command handlers ---- */
/* cmd_debug.c: connection, NRST, reset, trace, board id;
 * cmd_dap.c: raw DP/AP registers and AP opening; cmd_v1.c: API v1 */
void probe_cmd_enter(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_enter_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_exit(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_read_idcodes(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_read_coreid_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_drive_nrst(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_resetsys(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_read_dap_reg(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_write_dap_reg(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_init_ap(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_close_ap(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_trace_start(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_trace_stop(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_trace_nb(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_board_id(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_status_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_halt_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_run_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_step_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_setfp_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_clearfp_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
/* May memory commands use `ap` (AP number field honoured from V2J28,
 * INIT_AP mandatory from V2J37/V3J7)? */
bool probe_ap_allowed(const struct sim_probe *p, unsigned ap);
/* Leave DEBUG mode (closes the APs); shared by EXIT and mode switches. */
void probe_leave_debug(struct sim_probe *p);

/* cmd_mem.c */
void probe_cmd_readmem(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_writemem(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_lastrw(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_lastrw2(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_rw_misc_out(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_rw_misc_in(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);

/* cmd_reg.c */
void probe_cmd_readreg(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_readreg_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_writereg(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_readallregs(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_readallregs_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_readdebugreg(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_writedebugreg(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);

/* freq.c */
void probe_cmd_swd_set_freq(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_jtag_set_freq(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_set_com_freq(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_get_com_freq(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
void probe_cmd_switch_freq(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n);
/* Power-up clocks of the model (V2: divisor 1 = 1800 kHz). */
void probe_freq_defaults(struct sim_probe *p);
unsigned probe_wire_khz(const struct sim_probe *p);

/* ---- Little helpers ---- */
static inline uint32_t probe_le32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
}
static inline uint16_t probe_le16(const uint8_t *b)
{
    return (uint16_t)(b[0] | b[1] << 8);
}
static inline void probe_put32(uint8_t *b, uint32_t v)
{
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
    b[2] = (uint8_t)(v >> 16);
    b[3] = (uint8_t)(v >> 24);
}
static inline void probe_put16(uint8_t *b, uint16_t v)
{
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
}

/* ARM debug registers used by the firmware (ARMv7-M ARM C1.6; ref §0). */
#define ARM_DHCSR           0xE000EDF0u
#define ARM_DCRSR           0xE000EDF4u
#define ARM_DCRDR           0xE000EDF8u
#define ARM_AIRCR           0xE000ED0Cu
#define ARM_FP_CTRL         0xE0002000u
#define ARM_FP_COMP0        0xE0002008u
#define DHCSR_DBGKEY        0xA05F0000u
#define DHCSR_C_DEBUGEN     (1u << 0)
#define DHCSR_C_HALT        (1u << 1)
#define DHCSR_C_STEP        (1u << 2)
#define DHCSR_C_MASKINTS    (1u << 3)
#define DHCSR_S_REGRDY      (1u << 16)
#define DHCSR_S_HALT        (1u << 17)
#define DCRSR_REGWNR        (1u << 16)
#define AIRCR_VECTKEY       0x05FA0000u
#define AIRCR_SYSRESETREQ   (1u << 2)

#endif
