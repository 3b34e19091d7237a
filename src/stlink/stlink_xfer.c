/* Command blocks, one exchange with the probe, status checks, WAIT retries
 * and the raw trace (-vv). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "stlink/stlink_internal.h"

#define TRACE_BYTES_MAX 64u   /* longer data phases are shown by their head */
#define TRACE_LINE_MAX (TRACE_BYTES_MAX * 3u + 64u)

void stlink_cmd_top(struct stlink_cmd *c, uint8_t cmd, const char *name)
{
    memset(c, 0, sizeof *c);
    c->b[0] = cmd;
    c->n = 1;
    c->name = name;
    c->timeout_ms = STLINK_TIMEOUT_MS;
}

void stlink_cmd_context(struct stlink_cmd *c, const char *fmt, ...)
{
    size_t n = (size_t)snprintf(c->label, sizeof c->label, "%s ", c->name);
    if (n >= sizeof c->label)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->label + n, sizeof c->label - n, fmt, ap);
    va_end(ap);
}

static const char *label(const struct stlink_cmd *c)
{
    return c->label[0] ? c->label : c->name;
}

void stlink_cmd_debug(struct stlink_cmd *c, uint8_t sub, const char *name)
{
    stlink_cmd_top(c, STLINK_DEBUG_COMMAND, name);
    stlink_cmd_u8(c, sub);
}

void stlink_cmd_u8(struct stlink_cmd *c, uint8_t v)
{
    if (c->n < STLINK_CMD_SIZE)
        c->b[c->n++] = v;
}

void stlink_cmd_u16(struct stlink_cmd *c, uint16_t v)
{
    stlink_cmd_u8(c, (uint8_t)v);
    stlink_cmd_u8(c, (uint8_t)(v >> 8));
}

void stlink_cmd_u32(struct stlink_cmd *c, uint32_t v)
{
    stlink_cmd_u16(c, (uint16_t)v);
    stlink_cmd_u16(c, (uint16_t)(v >> 16));
}

uint16_t stlink_get_u16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

uint32_t stlink_get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static void trace(struct stlink *st, const char *dir, const char *name, const uint8_t *b,
                  size_t n)
{
    if (!sd_log_enabled(st->s, SD_LOG_TRACE, SD_LOG_STLINK))
        return;
    char line[TRACE_LINE_MAX];
    size_t o = (size_t)snprintf(line, sizeof line, "%s %s:", dir, name);
    size_t shown = n < TRACE_BYTES_MAX ? n : TRACE_BYTES_MAX;
    for (size_t i = 0; i < shown && o + 4 < sizeof line; i++)
        o += (size_t)snprintf(line + o, sizeof line - o, " %02X", b[i]);
    if (shown < n)
        snprintf(line + o, sizeof line - o, " ... (%zu bytes)", n);
    sd_log(st->s, SD_LOG_TRACE, SD_LOG_STLINK, "%s", line);
}

int stlink_xfer(struct stlink *st, const struct stlink_cmd *c, const uint8_t *out, size_t out_len,
                uint8_t *in, size_t in_len)
{
    trace(st, "->", c->name, c->b, STLINK_CMD_SIZE);
    int err = usb_write(st->t, c->b, STLINK_CMD_SIZE, c->timeout_ms);
    if (err == SD_OK && out_len) {
        trace(st, "->", "data", out, out_len);
        err = usb_write(st->t, out, out_len, c->timeout_ms);
    }
    if (err == SD_OK && in_len) {
        err = usb_read(st->t, in, in_len, c->timeout_ms);
        if (err == SD_OK)
            trace(st, "<-", c->name, in, in_len);
    }
    if (err != SD_OK)
        return sd_fail(st->s, err, SD_LOG_STLINK, "%s", label(c));
    return SD_OK;
}

int stlink_fail_status(struct stlink *st, uint8_t status, const char *what)
{
    return sd_fail(st->s, stlink_status_error(status), SD_LOG_STLINK, "%s: status 0x%02x %s",
                   what, status, stlink_status_name(status));
}

static int check(struct stlink *st, const struct stlink_cmd *c, uint8_t status)
{
    if (status == STLINK_STATUS_OK)
        return SD_OK;
    if (status == STLINK_STATUS_WRITE_VERIF_ERROR) {
        /* §6.5: spurious on some memory-mapped registers; OpenOCD and BMP ignore it */
        sd_log(st->s, SD_LOG_DEBUG, SD_LOG_STLINK, "%s: status 0x0d WRITE_VERIF_ERROR ignored",
               label(c));
        return SD_OK;
    }
    if (status == STLINK_STATUS_GENERIC_FAULT && c->generic_fault_err)
        return sd_fail(st->s, c->generic_fault_err, SD_LOG_STLINK, "%s: status 0x%02x %s",
                       label(c), status, stlink_status_name(status));
    return stlink_fail_status(st, status, label(c));
}

int stlink_xfer_status(struct stlink *st, const struct stlink_cmd *c, uint8_t *in, size_t in_len)
{
    int err = stlink_xfer(st, c, NULL, 0, in, in_len);
    return err != SD_OK ? err : check(st, c, in[0]);
}

int stlink_status_is_wait(uint8_t status)
{
    return status == STLINK_STATUS_SWD_AP_WAIT || status == STLINK_STATUS_SWD_DP_WAIT;
}

void stlink_backoff(struct stlink *st, unsigned attempt)
{
    unsigned ms = 1u << attempt;
    sd_log(st->s, SD_LOG_DEBUG, SD_LOG_STLINK, "target answered WAIT; retry %u in %u ms",
           attempt + 1, ms);
    usb_sleep_ms(st->t, ms);
}

int stlink_xfer_retry(struct stlink *st, const struct stlink_cmd *c, uint8_t *in, size_t in_len)
{
    for (unsigned attempt = 0;; attempt++) {
        int err = stlink_xfer(st, c, NULL, 0, in, in_len);
        if (err != SD_OK)
            return err;
        if (!stlink_status_is_wait(in[0]))
            return check(st, c, in[0]);
        if (attempt == STLINK_WAIT_RETRIES)
            return sd_fail(st->s, SD_ERR_TARGET_WAIT, SD_LOG_STLINK,
                           "%s: status 0x%02x %s after %u attempts", label(c), in[0],
                           stlink_status_name(in[0]), attempt + 1);
        stlink_backoff(st, attempt);
    }
}
