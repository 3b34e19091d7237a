/* Replay transport: see usb_replay.h. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libusb.h>

#include "common/session_internal.h"
#include "usb/usb_replay.h"

#define REPLAY_BUF_MAX 8192
#define PROBLEM_MAX 256

struct replay {
    const struct usb_replay_step *script;
    size_t pos;
    char problem[PROBLEM_MAX];
    unsigned slept_ms, sleeps;
    uint8_t last_out[REPLAY_BUF_MAX];
    size_t last_out_len;
    struct usb_replay_report *report;
};

static size_t parse_hex(const char *hex, uint8_t *out, size_t max)
{
    size_t n = 0;
    while (hex && *hex && n < max) {
        if (isspace((unsigned char)*hex)) {
            hex++;
            continue;
        }
        unsigned v;
        if (sscanf(hex, "%2x", &v) != 1)
            break;
        out[n++] = (uint8_t)v;
        hex += 2;
    }
    return n;
}

static int diverge(struct replay *r, const char *fmt, ...) SD_PRINTF(2, 3);
static int diverge(struct replay *r, const char *fmt, ...)
{
    if (!r->problem[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->problem, sizeof r->problem, fmt, ap);
        va_end(ap);
    }
    return LIBUSB_ERROR_OTHER;
}

static const struct usb_replay_step *next(struct replay *r, enum usb_replay_kind kind)
{
    if (r->problem[0])
        return NULL;
    const struct usb_replay_step *st = &r->script[r->pos];
    if (st->kind != kind) {
        diverge(r, "step %zu: host did bulk %s, script says %s", r->pos,
                kind == USB_REPLAY_OUT ? "OUT" : "IN",
                st->kind == USB_REPLAY_END ? "end" : st->kind == USB_REPLAY_OUT ? "OUT" : "IN");
        return NULL;
    }
    r->pos++;
    return st;
}

static void hexdump(char *out, size_t size, const uint8_t *b, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 4 < size; i++)
        o += (size_t)snprintf(out + o, size - o, "%02X ", b[i]);
}

static int rp_out(struct usb_transport *t, uint8_t ep, const uint8_t *buf, size_t len,
                  size_t *done, unsigned timeout_ms)
{
    (void)ep, (void)timeout_ms;
    struct replay *r = t->priv;
    *done = 0;
    r->last_out_len = len < sizeof r->last_out ? len : sizeof r->last_out;
    memcpy(r->last_out, buf, r->last_out_len);
    const struct usb_replay_step *st = next(r, USB_REPLAY_OUT);
    if (!st)
        return LIBUSB_ERROR_OTHER;
    if (st->error)
        return st->error;
    uint8_t want[REPLAY_BUF_MAX] = { 0 };
    size_t n = parse_hex(st->hex, want, sizeof want);
    size_t want_len = st->len ? st->len : n;
    char got[80] = "";
    hexdump(got, sizeof got, buf, len < 16 ? len : 16);
    if (len != want_len) {
        r->pos--;
        return diverge(r, "step %zu: host sent %s(length %zu), script expects length %zu",
                       r->pos, got, len, want_len);
    }
    /* want[] is zero past the given prefix: padding must be zero */
    if (st->hex && (n > len || len > sizeof want || memcmp(buf, want, len) != 0)) {
        r->pos--;
        return diverge(r, "step %zu: host sent %s, expected %s", r->pos, got, st->hex);
    }
    *done = len;
    return 0;
}

static int rp_in(struct usb_transport *t, uint8_t ep, uint8_t *buf, size_t len, size_t *done,
                 unsigned timeout_ms)
{
    (void)ep, (void)timeout_ms;
    struct replay *r = t->priv;
    *done = 0;
    const struct usb_replay_step *st = next(r, USB_REPLAY_IN);
    if (!st)
        return LIBUSB_ERROR_OTHER;
    if (st->error)
        return st->error;
    uint8_t reply[REPLAY_BUF_MAX] = { 0 };
    size_t n = st->hex ? parse_hex(st->hex, reply, sizeof reply) : st->len;
    if (n > len)
        return LIBUSB_ERROR_OVERFLOW;  /* as libusb reports a babbling device */
    memcpy(buf, reply, n);
    *done = n;
    return 0;
}

static void rp_sleep(struct usb_transport *t, unsigned ms)
{
    struct replay *r = t->priv;
    r->slept_ms += ms;
    r->sleeps++;
}

static void rp_close(struct usb_transport *t)
{
    struct replay *r = t->priv;
    if (r->report) {
        const char *p = usb_replay_problem(t);
        snprintf(r->report->problem, sizeof r->report->problem, "%s", p ? p : "");
        r->report->slept_ms = r->slept_ms;
        r->report->sleeps = r->sleeps;
        r->report->closed = 1;
    }
    free(t->priv);
    free(t);
}

static const struct usb_transport_ops replay_ops = {
    .bulk_out = rp_out,
    .bulk_in = rp_in,
    .sleep_ms = rp_sleep,
    .close = rp_close,
};

int usb_replay_open(struct sd_session *s, uint16_t pid, const struct usb_replay_step *script,
                    struct usb_transport **out)
{
    const struct usb_probe_model *m = usb_model_find(pid);
    if (!m)
        return sd_fail(s, SD_ERR_INVALID_ARG, SD_LOG_USB, "replay: unknown PID 0x%04x", pid);
    struct usb_transport *t = calloc(1, sizeof *t);
    struct replay *r = calloc(1, sizeof *r);
    if (!t || !r) {
        free(t);
        free(r);
        return SD_ERR_NO_MEMORY;
    }
    r->script = script;
    t->ops = &replay_ops;
    t->model = m;
    t->session = s;
    t->priv = r;
    t->info.model = m;
    snprintf(t->info.serial, sizeof t->info.serial, "REPLAY");
    *out = t;
    return SD_OK;
}

void usb_replay_report_to(struct usb_transport *t, struct usb_replay_report *report)
{
    ((struct replay *)t->priv)->report = report;
}

const char *usb_replay_problem(const struct usb_transport *t)
{
    const struct replay *r = t->priv;
    if (r->problem[0])
        return r->problem;
    if (r->script[r->pos].kind != USB_REPLAY_END)
        return "script not played to the end";
    return NULL;
}

size_t usb_replay_position(const struct usb_transport *t)
{
    return ((const struct replay *)t->priv)->pos;
}

unsigned usb_replay_slept_ms(const struct usb_transport *t)
{
    return ((const struct replay *)t->priv)->slept_ms;
}

unsigned usb_replay_sleeps(const struct usb_transport *t)
{
    return ((const struct replay *)t->priv)->sleeps;
}

const uint8_t *usb_replay_last_out(const struct usb_transport *t, size_t *len)
{
    const struct replay *r = t->priv;
    *len = r->last_out_len;
    return r->last_out;
}
