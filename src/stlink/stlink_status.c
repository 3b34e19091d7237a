/* ST-LINK status codes (reference §5.1): name and enum sd_err, one table. */
#include <stddef.h>

#include "stlink/stlink_internal.h"

struct status_entry {
    const char *name;
    int err;
};

/* Names: pyOCD/probe-rs, with OpenOCD's where only it names the code.
 * Errors: what the failure means to a user.  WAIT codes only reach here
 * once retries are exhausted. */
static const struct status_entry statuses[256] = {
    [0x80] = { "JTAG_OK", SD_OK },
    [0x81] = { "DEBUG_ERR_FAULT", SD_ERR_PROBE_PROTOCOL },
    [0x01] = { "JTAG_UNKNOWN_ERROR", SD_ERR_TARGET_FAULT },   /* pyOCD: memory fault on old fw */
    [0x02] = { "JTAG_SPI_ERROR", SD_ERR_PROBE_PROTOCOL },
    [0x03] = { "JTAG_DMA_ERROR", SD_ERR_PROBE_PROTOCOL },
    [0x04] = { "JTAG_UNKNOWN_JTAG_CHAIN", SD_ERR_NO_TARGET },
    [0x05] = { "JTAG_NO_DEVICE_CONNECTED", SD_ERR_NO_TARGET },
    [0x06] = { "JTAG_INTERNAL_ERROR", SD_ERR_PROBE_PROTOCOL },
    [0x07] = { "JTAG_CMD_WAIT", SD_ERR_TARGET_WAIT },
    [0x08] = { "JTAG_CMD_ERROR", SD_ERR_PROBE_PROTOCOL },
    [0x09] = { "JTAG_GET_IDCODE_ERROR", SD_ERR_NO_TARGET },   /* link lost (OpenOCD 720380f9e) */
    [0x0A] = { "JTAG_ALIGNMENT_ERROR", SD_ERR_INVALID_ARG },
    [0x0B] = { "JTAG_DBG_POWER_ERROR", SD_ERR_NO_TARGET },
    [0x0C] = { "JTAG_WRITE_ERROR", SD_ERR_TARGET_FAULT },
    [0x0D] = { "JTAG_WRITE_VERIF_ERROR", SD_ERR_TARGET_FAULT },
    [0x0E] = { "JTAG_ALREADY_OPENED_IN_OTHER_MODE", SD_ERR_PROBE_MODE },
    [0x10] = { "SWD_AP_WAIT", SD_ERR_TARGET_WAIT },
    [0x11] = { "SWD_AP_FAULT", SD_ERR_TARGET_FAULT },
    [0x12] = { "SWD_AP_ERROR", SD_ERR_NO_TARGET },
    [0x13] = { "SWD_AP_PARITY_ERROR", SD_ERR_NO_TARGET },
    [0x14] = { "SWD_DP_WAIT", SD_ERR_TARGET_WAIT },
    [0x15] = { "SWD_DP_FAULT", SD_ERR_TARGET_FAULT },
    [0x16] = { "SWD_DP_ERROR", SD_ERR_NO_TARGET },
    [0x17] = { "SWD_DP_PARITY_ERROR", SD_ERR_NO_TARGET },
    [0x18] = { "SWD_AP_WDATA_ERROR", SD_ERR_TARGET_FAULT },
    [0x19] = { "SWD_AP_STICKY_ERROR", SD_ERR_TARGET_FAULT },
    [0x1A] = { "SWD_AP_STICKYORUN_ERROR", SD_ERR_TARGET_FAULT },
    [0x1D] = { "BAD_AP", SD_ERR_NOT_SUPPORTED },
    [0x20] = { "SWV_NOT_AVAILABLE", SD_ERR_NOT_SUPPORTED },
    [0x29] = { "TOO_MANY_AP", SD_ERR_NOT_SUPPORTED },          /* BMP only */
    [0x40] = { "JTAG_CONF_CHANGED", SD_ERR_PROBE_PROTOCOL },   /* success only for 0x63 */
    [0x41] = { "JTAG_FREQ_NOT_SUPPORTED", SD_ERR_NOT_SUPPORTED },
    [0x42] = { "JTAG_UNKNOWN_CMD", SD_ERR_PROBE_FIRMWARE },
};

const char *stlink_status_name(uint8_t status)
{
    return statuses[status].name ? statuses[status].name : "UNKNOWN";
}

int stlink_status_error(uint8_t status)
{
    return statuses[status].name ? statuses[status].err : SD_ERR_PROBE_PROTOCOL;
}
