/* The probe's USB side: creation, the bulk OUT/IN model and virtual time.
 *
 * A command is one 16-byte OUT transfer; a write command's data arrives in
 * further OUT transfers and the command runs once all of it is there.  The
 * reply is queued for the IN endpoint and read with exact lengths (ref
 * §1.3); one command is outstanding at a time, so a new command drops a
 * reply the host never read.  Each transfer lets its cost pass in one
 * sim_clock_advance() (USB transfer + firmware + the SWD transfers it did). */
#include <stdlib.h>
#include <string.h>

#include "probe/probe_int.h"

struct sim_probe *sim_probe_create(const struct sim_probe_config *cfg,
                                   struct sim_board *board)
{
    struct sim_probe *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->cfg = *cfg;
    p->cfg.firmware[sizeof p->cfg.firmware - 1] = '\0';
    p->cfg.serial[sizeof p->cfg.serial - 1] = '\0';
    p->model = probe_model_get(cfg->model, cfg->clone);
    p->board = board;
    if (!p->cfg.firmware[0] || !probe_fw_parse(p->cfg.firmware, &p->fw))
        probe_fw_parse(p->model->default_fw, &p->fw);
    /* The hardware generation is the model's (a V2 cannot report V3). */
    if (p->model->speed == SIM_USB_HIGH_SPEED) {
        if (p->fw.hw < 3)
            probe_fw_parse(p->model->default_fw, &p->fw);
    } else if (p->fw.hw != 2) {
        probe_fw_parse(p->model->default_fw, &p->fw);
    }
    p->data = malloc(PROBE_BUF_MAX);
    p->reply = malloc(PROBE_BUF_MAX);
    if (!p->data || !p->reply) {
        sim_probe_destroy(p);
        return NULL;
    }
    p->mode = PROBE_MODE_MASS; /* state after power-up (ref §3) */
    p->wire = SIM_WIRE_SWD;
    p->v3_prescaler = 1;
    p->rw_status = STLINK_OK;
    probe_freq_defaults(p);
    return p;
}

void sim_probe_destroy(struct sim_probe *p)
{
    if (!p)
        return;
    free(p->data);
    free(p->reply);
    free(p->misc_val);
    free(p->misc_status);
    free(p);
}

/* USB bus reset: the firmware restarts its USB side; a pending command and
 * an unread reply are lost.  The debug state is kept (a bus reset does not
 * power-cycle the probe's MCU). */
void sim_probe_usb_reset(struct sim_probe *p)
{
    p->awaiting_data = false;
    p->reply_len = p->reply_pos = 0;
}

void probe_reply(struct sim_probe *p, const uint8_t *buf, size_t n)
{
    if (p->reply_len + n > PROBE_BUF_MAX)
        n = PROBE_BUF_MAX - p->reply_len;
    memcpy(p->reply + p->reply_len, buf, n);
    p->reply_len += n;
}

void probe_reply_status(struct sim_probe *p, uint8_t status)
{
    /* rep[1] must be 0: PYOCD compares the u16 with 0x0080 (ref §4.0). */
    const uint8_t r[2] = { status, 0 };
    probe_reply(p, r, sizeof r);
}

void probe_reply_status_u32(struct sim_probe *p, uint8_t status, uint32_t v)
{
    uint8_t r[8] = { status, 0, 0, 0 };
    probe_put32(&r[4], v);
    probe_reply(p, r, sizeof r);
}

void probe_flush_time(struct sim_probe *p)
{
    if (p->cost) {
        sim_ns c = p->cost;
        p->cost = 0;
        sim_clock_advance(c);
    }
}

static void run_command(struct sim_probe *p)
{
    p->cost += sim_cost_probe_command(p->model->speed);
    probe_execute(p, p->cmd, p->data, p->data_got);
    p->awaiting_data = false;
}

enum sim_usb_result sim_probe_bulk_out(struct sim_probe *p, uint8_t ep,
                                       const uint8_t *data, size_t len)
{
    if (ep != p->model->ep_out)
        return SIM_USB_PIPE; /* no such OUT endpoint on this interface */
    p->cost += sim_cost_usb_transfer(p->model->speed, len);

    if (p->awaiting_data) {
        size_t room = p->data_expected - p->data_got;
        size_t k = len < room ? len : room;
        memcpy(p->data + p->data_got, data, k);
        p->data_got += k;
        if (p->data_got == p->data_expected)
            run_command(p);
    } else if (len > 0) {
        /* A new command: whatever the host left unread is gone. */
        p->reply_len = p->reply_pos = 0;
        memset(p->cmd, 0, sizeof p->cmd);
        memcpy(p->cmd, data, len < PROBE_CMD_LEN ? len : PROBE_CMD_LEN);
        p->data_got = 0;
        p->data_expected = probe_data_phase_len(p, p->cmd);
        if (p->data_expected > PROBE_BUF_MAX)
            p->data_expected = PROBE_BUF_MAX;
        /* Bytes beyond the 16-byte block in the same transfer start the
         * data phase (hosts send it separately, ref §1.3). */
        if (len > PROBE_CMD_LEN && p->data_expected) {
            size_t k = len - PROBE_CMD_LEN;
            if (k > p->data_expected)
                k = p->data_expected;
            memcpy(p->data, data + PROBE_CMD_LEN, k);
            p->data_got = k;
        }
        if (p->data_got < p->data_expected)
            p->awaiting_data = true;
        else
            run_command(p);
    }
    probe_flush_time(p);
    return SIM_USB_OK;
}

enum sim_usb_result sim_probe_bulk_in(struct sim_probe *p, uint8_t ep,
                                      uint8_t *buf, size_t len, size_t *actual)
{
    *actual = 0;
    if (ep == p->model->ep_trace)
        return SIM_USB_TIMEOUT; /* no SWO data is ever captured */
    if (ep != p->model->ep_in)
        return SIM_USB_PIPE;
    size_t avail = p->reply_len - p->reply_pos;
    if (avail == 0)
        return SIM_USB_TIMEOUT;
    size_t k = len < avail ? len : avail;
    memcpy(buf, p->reply + p->reply_pos, k);
    p->reply_pos += k;
    if (p->reply_pos == p->reply_len)
        p->reply_len = p->reply_pos = 0;
    *actual = k;
    p->cost += sim_cost_usb_transfer(p->model->speed, k);
    probe_flush_time(p);
    return SIM_USB_OK;
}
