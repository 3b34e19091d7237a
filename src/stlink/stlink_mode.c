/* Probe modes (reference §3) and entering SWD/JTAG debug (§7.1). */
#include "stlink/stlink_internal.h"

int stlink_current_mode(struct stlink *st, enum stlink_mode *mode)
{
    uint8_t rep[STLINK_REPLY_MODE];
    struct stlink_cmd c;
    stlink_cmd_top(&c, STLINK_GET_CURRENT_MODE, "GET_CURRENT_MODE");
    int err = stlink_xfer(st, &c, NULL, 0, rep, sizeof rep);
    if (err == SD_OK)
        *mode = (enum stlink_mode)rep[0];
    return err;
}

/* The "leave whatever mode" step all hosts do (§3): none of these replies. */
int stlink_leave_mode(struct stlink *st)
{
    enum stlink_mode mode;
    int err = stlink_current_mode(st, &mode);
    if (err != SD_OK)
        return err;
    struct stlink_cmd c;
    switch (mode) {
    case STLINK_MODE_IS_DFU:
        stlink_cmd_top(&c, STLINK_DFU_COMMAND, "DFU_EXIT");
        stlink_cmd_u8(&c, STLINK_DFU_EXIT);
        break;
    case STLINK_MODE_IS_DEBUG:
        stlink_cmd_debug(&c, STLINK_DEBUG_EXIT, "DEBUG_EXIT");
        break;
    case STLINK_MODE_IS_SWIM:
        stlink_cmd_top(&c, STLINK_SWIM_COMMAND, "SWIM_EXIT");
        stlink_cmd_u8(&c, STLINK_SWIM_EXIT);
        break;
    case STLINK_MODE_IS_MASS:
    case STLINK_MODE_IS_BOOTLOADER:
        return SD_OK;
    default:
        sd_log(st->s, SD_LOG_WARN, SD_LOG_STLINK, "probe reports unknown mode 0x%02x", mode);
        return SD_OK;
    }
    sd_log(st->s, SD_LOG_DEBUG, SD_LOG_STLINK, "leaving mode %d with %s", mode, c.name);
    /* leaving debug mode closes the APs on new firmware (§3) */
    stlink_ap_forget_all(st);
    st->in_debug = 0;
    return stlink_xfer(st, &c, NULL, 0, NULL, 0);
}

static uint8_t enter_param(struct stlink *st, enum stlink_wire wire)
{
    if (wire == STLINK_SWD)
        return STLINK_ENTER_SWD;
    if (stlink_has(st, STLINK_F_JTAG_NO_RESET))
        return STLINK_ENTER_JTAG_NO_RESET;
    sd_log(st->s, SD_LOG_WARN, SD_LOG_STLINK,
           "firmware %s pulses reset when entering JTAG (fixed in J15)", st->v.text);
    return STLINK_ENTER_JTAG_RESET;
}

int stlink_enter(struct stlink *st, enum stlink_wire wire, enum stlink_connect how)
{
    int err = stlink_leave_mode(st);
    if (err != SD_OK)
        return err;
    uint8_t rep[STLINK_REPLY_STATUS];
    struct stlink_cmd c;
    if (how == STLINK_CONNECT_UNDER_RESET) {
        /* §7.1 step 8: assert NRST before the debug signals; result ignored there */
        stlink_cmd_debug(&c, STLINK_DEBUG_APIV2_DRIVE_NRST, "DRIVE_NRST low");
        stlink_cmd_u8(&c, STLINK_NRST_LOW);
        err = stlink_xfer(st, &c, NULL, 0, rep, sizeof rep);
        if (err != SD_OK)
            return err;
    }
    stlink_cmd_debug(&c, STLINK_DEBUG_APIV2_ENTER, wire == STLINK_SWD ? "ENTER SWD" : "ENTER JTAG");
    stlink_cmd_u8(&c, enter_param(st, wire));
    err = stlink_xfer_retry(st, &c, rep, sizeof rep);
    if (err != SD_OK)
        return err;
    st->in_debug = 1;
    st->wire = wire;
    stlink_ap_forget_all(st);
    if (how == STLINK_CONNECT_UNDER_RESET) {
        err = stlink_nrst(st, STLINK_NRST_ASSERT);   /* §7.1 step 10, checked */
        if (err != SD_OK)
            return err;
    }
    enum stlink_mode mode;
    err = stlink_current_mode(st, &mode);
    if (err != SD_OK)
        return err;
    if (mode != STLINK_MODE_IS_DEBUG)
        return sd_fail(st->s, SD_ERR_PROBE_MODE, SD_LOG_STLINK,
                       "%s: probe reports mode %d, not debug (%d)", c.name, mode,
                       STLINK_MODE_IS_DEBUG);
    sd_log(st->s, SD_LOG_INFO, SD_LOG_STLINK, "entered %s debug%s", wire == STLINK_SWD ? "SWD" : "JTAG",
           how == STLINK_CONNECT_UNDER_RESET ? " under reset" : "");
    return SD_OK;
}
