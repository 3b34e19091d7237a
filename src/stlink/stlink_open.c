/* Opening a probe: read its firmware version (reference §7.1 step 2,
 * §7.5 step 3) and get it out of DFU mode; closing it. */
#include <stdlib.h>

#include "stlink/stlink_internal.h"

#define HW_V1 1u
#define HW_V3 3u

static int read_version(struct stlink *st)
{
    uint8_t rep[STLINK_REPLY_VERSION_EX];
    struct stlink_cmd c;
    stlink_cmd_top(&c, STLINK_GET_VERSION, "GET_VERSION");
    int err = stlink_xfer(st, &c, NULL, 0, rep, STLINK_REPLY_VERSION);
    if (err != SD_OK)
        return err;
    stlink_parse_version(rep, st->t->model->gen, &st->v);
    if (st->v.hw == HW_V1)
        return sd_fail(st->s, SD_ERR_NOT_SUPPORTED, SD_LOG_STLINK,
                       "GET_VERSION: ST-LINK/V1 (%s) is not supported", st->v.text);
    if (st->v.hw >= HW_V3) {
        /* V3 reports J = S = 0 in GET_VERSION and the real values here (§2.2) */
        stlink_cmd_top(&c, STLINK_APIV3_GET_VERSION_EX, "GET_VERSION_EX");
        err = stlink_xfer(st, &c, NULL, 0, rep, STLINK_REPLY_VERSION_EX);
        if (err != SD_OK)
            return err;
        stlink_parse_version_ex(rep, &st->v);
    }
    sd_log(st->s, SD_LOG_INFO, SD_LOG_STLINK, "%s firmware %s (API v%u)", st->t->model->name,
           st->v.text, st->v.api);
    return SD_OK;
}

int stlink_open(struct sd_session *s, struct usb_transport *t, struct stlink **out)
{
    struct stlink *st = calloc(1, sizeof *st);
    if (!st) {
        usb_close(t);
        return sd_fail(s, SD_ERR_NO_MEMORY, SD_LOG_STLINK, "opening the probe");
    }
    st->s = s;
    st->t = t;
    enum stlink_mode mode = STLINK_MODE_IS_MASS;
    int err = read_version(st);
    if (err == SD_OK)
        err = stlink_current_mode(st, &mode);
    if (err == SD_OK && mode == STLINK_MODE_IS_DFU)
        err = stlink_leave_mode(st);
    if (err != SD_OK) {
        usb_close(t);
        free(st);
        return err;
    }
    *out = st;
    return SD_OK;
}

void stlink_close(struct stlink *st)
{
    if (!st)
        return;
    if (st->in_debug) {
        /* §7.4: close every opened AP, then leave debug mode */
        for (unsigned ap = 0; ap < STLINK_AP_MAX; ap++)
            if (st->ap_open[ap / 32] & (1u << (ap % 32)))
                stlink_ap_close(st, (uint8_t)ap);
        struct stlink_cmd c;
        stlink_cmd_debug(&c, STLINK_DEBUG_EXIT, "DEBUG_EXIT");
        stlink_xfer(st, &c, NULL, 0, NULL, 0);
    }
    usb_close(st->t);
    free(st);
}

const struct stlink_version *stlink_version(const struct stlink *st)
{
    return &st->v;
}

const struct usb_transport *stlink_transport(const struct stlink *st)
{
    return st->t;
}
