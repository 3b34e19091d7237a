/* The public probe API (include/swdoctor/probe.h): enumeration through the
 * USB backend, selection by serial prefix, the ST-LINK opened on top. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/session_internal.h"
#include "stlink/probe_internal.h"

#define SERIALS_LIST_MAX 256

struct sd_probe {
    struct sd_session *s;
    struct stlink *st;
    struct sd_probe_info info;
};

static void info_from_dev(struct sd_probe_info *i, const struct usb_dev_info *d)
{
    memset(i, 0, sizeof *i);
    snprintf(i->serial, sizeof i->serial, "%s", d->serial);
    snprintf(i->model, sizeof i->model, "%s", d->model->name);
    i->vid = USB_VID_ST;
    i->pid = d->model->pid;
    i->bus = d->bus;
    i->address = d->address;
    i->target_mv = -1;
    i->status = d->status;
    snprintf(i->status_detail, sizeof i->status_detail, "%s", d->detail);
}

static void info_from_stlink(struct sd_probe_info *i, struct stlink *st)
{
    const struct stlink_version *v = stlink_version(st);
    snprintf(i->firmware, sizeof i->firmware, "%s", v->text);
    i->hw_version = v->hw;
    i->jtag_version = v->jtag;
    i->swim_version = v->swim;
    i->msd_version = v->msd;
    i->bridge_version = v->bridge;
    i->api_version = v->api;
}

/* "066EFF555051897267233656, 002500074741500420383733" */
static void list_serials(char *out, size_t size, const struct usb_dev_info *devs, size_t n,
                         const char *prefix)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && o + 1 < size; i++) {
        if (prefix && strncasecmp(devs[i].serial, prefix, strlen(prefix)) != 0)
            continue;
        o += (size_t)snprintf(out + o, size - o, "%s%s", o ? ", " : "",
                              devs[i].serial[0] ? devs[i].serial : "(no serial)");
    }
}

int probe_select(struct sd_session *s, const struct usb_dev_info *devs, size_t n,
                 const char *prefix, size_t *index)
{
    char serials[SERIALS_LIST_MAX];
    if (n == 0)
        return sd_fail(s, SD_ERR_NO_PROBE, SD_LOG_USB,
                       "no ST-LINK probe on the USB bus (vendor 0x%04x)", USB_VID_ST);
    if (prefix && !*prefix)
        prefix = NULL;
    size_t matches = 0, exact = n;
    for (size_t i = 0; i < n; i++) {
        if (prefix && strncasecmp(devs[i].serial, prefix, strlen(prefix)) != 0)
            continue;
        if (prefix && strcasecmp(devs[i].serial, prefix) == 0)
            exact = i;
        matches++;
        *index = i;
    }
    if (exact < n) {
        *index = exact;
        return SD_OK;
    }
    if (matches == 1)
        return SD_OK;
    if (matches == 0) {
        list_serials(serials, sizeof serials, devs, n, NULL);
        return sd_fail(s, SD_ERR_NO_PROBE, SD_LOG_USB,
                       "no probe's serial starts with '%s' (found: %s)", prefix, serials);
    }
    list_serials(serials, sizeof serials, devs, n, prefix);
    if (prefix)
        return sd_fail(s, SD_ERR_PROBE_AMBIGUOUS, SD_LOG_USB,
                       "%zu probes' serials start with '%s': %s", matches, prefix, serials);
    return sd_fail(s, SD_ERR_PROBE_AMBIGUOUS, SD_LOG_USB, "%zu probes connected: %s", matches,
                   serials);
}

/* Open one found probe: transport, then ST-LINK (version, out of DFU). */
static int open_dev(struct sd_session *s, const struct usb_dev_info *d, struct stlink **st)
{
    if (d->status != SD_OK)
        return sd_fail(s, d->status, SD_LOG_USB, "%s", d->detail);
    struct usb_transport *t;
    int err = usb_backend()->open(s, d, &t);
    if (err != SD_OK)
        return err;
    return stlink_open(s, t, st);
}

/* Voltage is best effort in a listing: old firmware and DFU mode lack it. */
static void measure(struct sd_session *s, struct stlink *st, int *mv)
{
    if (!stlink_has(st, STLINK_F_TARGET_VOLTAGE) || stlink_target_mv(st, mv) != SD_OK)
        *mv = -1;
    sd_session_clear_error(s);
}

int sd_probe_list(struct sd_session *s, struct sd_probe_info **list, size_t *count)
{
    if (!s || !list || !count)
        return SD_ERR_INVALID_ARG;
    sd_session_clear_error(s);
    struct usb_dev_info *devs = NULL;
    size_t n = 0;
    int err = usb_backend()->list(s, &devs, &n);
    if (err != SD_OK)
        return err;
    struct sd_probe_info *out = calloc(n + 1, sizeof *out);
    if (!out) {
        free(devs);
        return sd_fail(s, SD_ERR_NO_MEMORY, SD_LOG_USB, "listing probes");
    }
    for (size_t i = 0; i < n; i++) {
        info_from_dev(&out[i], &devs[i]);
        if (devs[i].status != SD_OK)
            continue;
        struct stlink *st = NULL;
        err = open_dev(s, &devs[i], &st);
        if (err != SD_OK) {
            out[i].status = err;
            snprintf(out[i].status_detail, sizeof out[i].status_detail, "%s",
                     sd_session_detail(s));
            sd_session_clear_error(s);
            continue;
        }
        info_from_stlink(&out[i], st);
        measure(s, st, &out[i].target_mv);
        stlink_close(st);
    }
    free(devs);
    *list = out;
    *count = n;
    return SD_OK;
}

void sd_probe_list_free(struct sd_probe_info *list)
{
    free(list);
}

int sd_probe_open(struct sd_session *s, const char *serial_prefix, struct sd_probe **out)
{
    if (!s || !out)
        return SD_ERR_INVALID_ARG;
    sd_session_clear_error(s);
    struct usb_dev_info *devs = NULL;
    size_t n = 0, pick = 0;
    int err = usb_backend()->list(s, &devs, &n);
    if (err != SD_OK)
        return err;
    err = probe_select(s, devs, n, serial_prefix, &pick);
    struct sd_probe *p = NULL;
    if (err == SD_OK && !(p = calloc(1, sizeof *p)))
        err = sd_fail(s, SD_ERR_NO_MEMORY, SD_LOG_USB, "opening the probe");
    if (err == SD_OK)
        err = open_dev(s, &devs[pick], &p->st);
    if (err == SD_OK) {
        p->s = s;
        info_from_dev(&p->info, &devs[pick]);
        info_from_stlink(&p->info, p->st);
        *out = p;
    } else {
        free(p);
    }
    free(devs);
    return err;
}

void sd_probe_close(struct sd_probe *p)
{
    if (!p)
        return;
    stlink_close(p->st);
    free(p);
}

const struct sd_probe_info *sd_probe_info(const struct sd_probe *p)
{
    return p ? &p->info : NULL;
}

int sd_probe_target_voltage(struct sd_probe *p, int *millivolts)
{
    if (!p || !millivolts)
        return SD_ERR_INVALID_ARG;
    sd_session_clear_error(p->s);
    int err = stlink_target_mv(p->st, millivolts);
    if (err == SD_OK)
        p->info.target_mv = *millivolts;
    return err;
}

struct stlink *sd_probe_stlink(struct sd_probe *p)
{
    return p->st;
}

struct sd_session *sd_probe_session(struct sd_probe *p)
{
    return p->s;
}
