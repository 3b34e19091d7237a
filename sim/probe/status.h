/* ST-LINK status codes (rep[0] of a status reply, rep[0..1] of
 * GETLASTRWSTATUS2).  ref: stlink-protocol.md §5.1 (OOCD, PYOCD, PRS names). */
#ifndef SIM_PROBE_STATUS_H
#define SIM_PROBE_STATUS_H

enum stlink_status {
    STLINK_OK                    = 0x80, /* DEBUG_ERR_OK; GETSTATUS: running */
    STLINK_FAULT                 = 0x81, /* DEBUG_ERR_FAULT; GETSTATUS: halted */
    STLINK_UNKNOWN_ERROR         = 0x01,
    STLINK_NO_DEVICE_CONNECTED   = 0x05,
    STLINK_CMD_ERROR             = 0x08,
    STLINK_GET_IDCODE_ERROR      = 0x09, /* link to target lost / no answer */
    STLINK_ALIGNMENT_ERROR       = 0x0A,
    STLINK_DBG_POWER_ERROR       = 0x0B,
    STLINK_SWD_AP_WAIT           = 0x10,
    STLINK_SWD_AP_FAULT          = 0x11,
    STLINK_SWD_AP_ERROR          = 0x12,
    STLINK_SWD_AP_PARITY_ERROR   = 0x13,
    STLINK_SWD_DP_WAIT           = 0x14,
    STLINK_SWD_DP_FAULT          = 0x15,
    STLINK_SWD_DP_ERROR          = 0x16,
    STLINK_SWD_DP_PARITY_ERROR   = 0x17,
    STLINK_BAD_AP                = 0x1D,
    STLINK_CONF_CHANGED          = 0x40, /* success of SWITCH_STLINK_FREQ */
    STLINK_FREQ_NOT_SUPPORTED    = 0x41,
    STLINK_UNKNOWN_CMD           = 0x42, /* the documented "unknown command" */
};

#endif
