/* The GDB packet dispatcher: one handler per packet (GDB manual, "Packets",
 * "General Query Packets", "Stop Reply Packets").  Unknown packets get the
 * empty reply, malformed ones "E01", library errors "Enn" with nn the
 * error's number (see gdb_reply_error). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/session_internal.h"
#include "gdb/gdb_internal.h"

#define E_MALFORMED "E01"


void gdb_reply_str(struct gdb_server *g, const char *s)
{
    size_t n = strlen(s);
    if (n >= sizeof g->reply)
        n = sizeof g->reply - 1;
    memcpy(g->reply, s, n);
    g->reply[n] = '\0';
    g->reply_len = n;
}

void gdb_reply_printf(struct gdb_server *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(g->reply, sizeof g->reply, fmt, ap);
    va_end(ap);
    g->reply_len = n < 0 ? 0 : (size_t)n < sizeof g->reply ? (size_t)n : sizeof g->reply - 1;
}

void gdb_reply_error(struct gdb_server *g, int err)
{
    unsigned code = err < 0 ? (unsigned)-err : 1u;
    if (code > 0xff)
        code = 1;
    sd_log(g->s, SD_LOG_DEBUG, SD_LOG_GDB, "error reply E%02x: %s", code,
           sd_session_detail(g->s));
    gdb_reply_printf(g, "E%02x", code);
}

/* Reply for a library call's result: OK or the error (and forget the
 * target when the error means it is gone). */
void gdb_reply_rc(struct gdb_server *g, int rc)
{
    if (rc == SD_OK) {
        gdb_reply_str(g, "OK");
        return;
    }
    gdb_reply_error(g, rc);
    gdb_target_error(g, rc);
}

void gdb_stop_reply(struct gdb_server *g, const struct sd_stop *st)
{
    static const char *const watch_name[] = { [2] = "watch", [3] = "rwatch", [4] = "awatch" };
    switch (st->reason) {
    case SD_STOP_BREAKPOINT:
        if (gdb_is_sw_break(g, st->pc) && g->client_swbreak)
            gdb_reply_printf(g, "T%02xswbreak:;", GDB_SIGTRAP);
        else if (!gdb_is_sw_break(g, st->pc) && g->client_hwbreak)
            gdb_reply_printf(g, "T%02xhwbreak:;", GDB_SIGTRAP);
        else
            gdb_reply_printf(g, "T%02x", GDB_SIGTRAP);
        return;
    case SD_STOP_WATCHPOINT: {
        int k = st->watch_kind >= 2 && st->watch_kind <= 4 ? st->watch_kind : 4;
        gdb_reply_printf(g, "T%02x%s:%x;", GDB_SIGTRAP, watch_name[k], st->watch_addr);
        return;
    }
    case SD_STOP_LOCKUP:
        gdb_reply_printf(g, "T%02x", GDB_SIGSEGV);
        return;
    case SD_STOP_VECTOR_CATCH:
        gdb_reply_printf(g, "T%02x", st->fault ? GDB_SIGSEGV : GDB_SIGTRAP);
        return;
    case SD_STOP_HALT_REQUEST:
    case SD_STOP_RUNNING:
        gdb_reply_printf(g, "T%02x", g->interrupted ? GDB_SIGINT : GDB_SIGTRAP);
        return;
    case SD_STOP_STEP:
    case SD_STOP_RESET:
    default:
        gdb_reply_printf(g, "T%02x", st->fault ? GDB_SIGSEGV : GDB_SIGTRAP);
        return;
    }
}

/* ---- argument parsing ---- */

int gdb_parse_hex_to(const char **p, const char *end, uint32_t *v, char delim)
{
    if (!rsp_parse_hex(p, end, v))
        return -1;
    if (delim) {
        if (*p >= end || **p != delim)
            return -1;
        (*p)++;
    }
    return 0;
}

/* "ADDR,LEN" followed by `delim` (or the end when delim is 0). */
int gdb_parse_addr_len(const char **p, const char *end, uint32_t *addr, uint32_t *len,
                          char delim)
{
    if (gdb_parse_hex_to(p, end, addr, ',') || gdb_parse_hex_to(p, end, len, delim))
        return -1;
    if (!delim && *p != end)
        return -1;
    return 0;
}

/* ---- stop and run ---- */

static void reply_current_stop(struct gdb_server *g)
{
    struct sd_stop st;
    int rc = gdb_target(g);
    if (rc == SD_OK)
        rc = sd_debug_poll(g->t, &st);
    if (rc == SD_OK && st.reason == SD_STOP_RUNNING) {
        rc = sd_debug_halt(g->t);
        if (rc == SD_OK)
            rc = sd_debug_poll(g->t, &st);
    }
    if (rc) {
        gdb_reply_rc(g, rc);
        return;
    }
    gdb_stop_reply(g, &st);
}

/* c / s with an optional new PC.  Returns 1 when a reply is due now. */
static int resume(struct gdb_server *g, int step, const char *addr, const char *end)
{
    int rc = gdb_target(g);
    if (rc) {
        gdb_reply_rc(g, rc);
        return 1;
    }
    if (addr && addr < end) {
        uint32_t pc;
        if (gdb_parse_hex_to(&addr, end, &pc, 0) || addr != end) {
            gdb_reply_str(g, E_MALFORMED);
            return 1;
        }
        rc = sd_debug_reg_write(g->t, SD_REG_PC, pc);
        if (rc) {
            gdb_reply_rc(g, rc);
            return 1;
        }
    }
    g->interrupted = 0;
    /* Arm fault catching again: a reset or a flash load may have cleared
     * DEMCR's vector catch bits, and gdb must hear of a fault. */
    sd_debug_catch_faults(g->t, 1);
    if (step) {
        rc = sd_debug_step(g->t);
        if (rc) {
            gdb_reply_rc(g, rc);
            return 1;
        }
        struct sd_stop st;
        rc = sd_debug_poll(g->t, &st);
        if (rc) {
            gdb_reply_rc(g, rc);
            return 1;
        }
        if (st.reason != SD_STOP_RUNNING) {
            if (st.reason == SD_STOP_HALT_REQUEST)
                st.reason = SD_STOP_STEP;
            gdb_stop_reply(g, &st);
            return 1;
        }
        g->running = 1;   /* a step into WFI: the server polls on */
        return 0;
    }
    rc = sd_debug_resume(g->t);
    if (rc) {
        gdb_reply_rc(g, rc);
        return 1;
    }
    g->running = 1;
    return 0;
}

/* vCont;ACTION[:thread][;ACTION...]: one core, so the first action rules. */
static int handle_vcont(struct gdb_server *g, const char *p, const char *end)
{
    if (p >= end || *p != ';') {
        gdb_reply_str(g, E_MALFORMED);
        return 1;
    }
    p++;
    switch (*p) {
    case 'c':
    case 'C':
        return resume(g, 0, NULL, NULL);
    case 's':
    case 'S':
        return resume(g, 1, NULL, NULL);
    case 't': {
        int rc = gdb_target(g);
        if (rc == SD_OK)
            rc = sd_debug_halt(g->t);
        gdb_reply_rc(g, rc);
        return 1;
    }
    default:
        gdb_reply_str(g, E_MALFORMED);
        return 1;
    }
}

static void handle_Z(struct gdb_server *g, int insert, const char *p, const char *end)
{
    uint32_t type, addr, kind;
    if (gdb_parse_hex_to(&p, end, &type, ',') || gdb_parse_hex_to(&p, end, &addr, ',') ||
        !rsp_parse_hex(&p, end, &kind) || (p != end && *p != ';')) {
        gdb_reply_str(g, E_MALFORMED);
        return;
    }
    if (type > 4) {
        gdb_reply_str(g, "");       /* not supported: gdb falls back */
        return;
    }
    int rc = gdb_target(g);
    if (rc == SD_OK)
        rc = insert ? gdb_break_insert(g, (int)type, addr, kind)
                    : gdb_break_remove(g, (int)type, addr, kind);
    if (rc == SD_ERR_NOT_SUPPORTED)
        gdb_reply_str(g, "");
    else
        gdb_reply_rc(g, rc);
}

/* ---- queries ---- */

static void handle_qsupported(struct gdb_server *g, const char *p)
{
    g->client_swbreak = strstr(p, "swbreak+") != NULL;
    g->client_hwbreak = strstr(p, "hwbreak+") != NULL;
    gdb_reply_printf(g, "PacketSize=%x;qXfer:features:read+;qXfer:memory-map:read+;"
                        "vContSupported+;swbreak+;hwbreak+",
                     RSP_MAX_PACKET);
}

/* qXfer:OBJECT:read:ANNEX:OFFSET,LENGTH */
static void handle_qxfer(struct gdb_server *g, const char *p, const char *end)
{
    char *doc = NULL;
    int err = SD_OK;
    const char *args;
    if (!strncmp(p, "features:read:target.xml:", 25)) {
        args = p + 25;
        doc = gdb_target_xml(g, &err);
    } else if (!strncmp(p, "memory-map:read::", 17)) {
        args = p + 17;
        doc = gdb_memory_map_xml(g, &err);
    } else if (!strncmp(p, "features:read:", 14)) {
        gdb_reply_str(g, "E00");    /* an annex we do not have */
        return;
    } else {
        gdb_reply_str(g, "");
        return;
    }
    if (!doc) {
        gdb_reply_rc(g, err ? err : SD_ERR_NO_MEMORY);
        return;
    }
    uint32_t off, len;
    if (gdb_parse_addr_len(&args, end, &off, &len, 0)) {
        free(doc);
        gdb_reply_str(g, E_MALFORMED);
        return;
    }
    size_t total = strlen(doc);
    if (len > RSP_MAX_PACKET - 16)
        len = RSP_MAX_PACKET - 16;
    if (off >= total) {
        gdb_reply_str(g, "l");
    } else {
        size_t n = total - off < len ? total - off : len;
        g->reply[0] = off + n >= total ? 'l' : 'm';
        memcpy(g->reply + 1, doc + off, n);
        g->reply_len = n + 1;
        g->reply[g->reply_len] = '\0';
    }
    free(doc);
}

static void handle_qrcmd(struct gdb_server *g, const char *p, const char *end)
{
    size_t n = (size_t)(end - p);
    if (n % 2 || n / 2 >= 512) {
        gdb_reply_str(g, E_MALFORMED);
        return;
    }
    char line[512];
    if (!rsp_hex_decode(p, n, (uint8_t *)line)) {
        gdb_reply_str(g, E_MALFORMED);
        return;
    }
    line[n / 2] = '\0';
    gdb_monitor(g, line);
}

static int handle_q(struct gdb_server *g, char *p, char *end)
{
    if (!strncmp(p, "qSupported", 10))
        handle_qsupported(g, p);
    else if (!strncmp(p, "qXfer:", 6))
        handle_qxfer(g, p + 6, end);
    else if (!strncmp(p, "qRcmd,", 6))
        handle_qrcmd(g, p + 6, end);
    else if (!strcmp(p, "qAttached"))
        gdb_reply_str(g, "1");      /* we attached to a running system */
    else if (!strcmp(p, "qC"))
        gdb_reply_str(g, "QC1");
    else if (!strcmp(p, "qfThreadInfo"))
        gdb_reply_str(g, "m1");
    else if (!strcmp(p, "qsThreadInfo"))
        gdb_reply_str(g, "l");
    else if (!strncmp(p, "qSymbol", 7))
        gdb_reply_str(g, "OK");
    else
        gdb_reply_str(g, "");
    return 1;
}

/* ---- v packets ---- */

static int handle_v(struct gdb_server *g, char *p, char *end)
{
    if (!strcmp(p, "vCont?")) {
        gdb_reply_str(g, "vCont;c;C;s;S;t");
        return 1;
    }
    if (!strncmp(p, "vCont", 5))
        return handle_vcont(g, p + 5, end);
    if (!strncmp(p, "vFlashErase:", 12)) {
        const char *q = p + 12;
        uint32_t addr, len;
        if (gdb_parse_addr_len(&q, end, &addr, &len, 0))
            gdb_reply_str(g, E_MALFORMED);
        else
            gdb_reply_rc(g, gdb_flash_erase(g, addr, len));
        return 1;
    }
    if (!strncmp(p, "vFlashWrite:", 12)) {
        const char *q = p + 12;
        uint32_t addr;
        if (gdb_parse_hex_to(&q, end, &addr, ':')) {
            gdb_reply_str(g, E_MALFORMED);
            return 1;
        }
        char *data = p + (q - p);
        size_t n = rsp_unescape((uint8_t *)data, (size_t)(end - data));
        if (n == (size_t)-1)
            gdb_reply_str(g, E_MALFORMED);
        else
            gdb_reply_rc(g, gdb_flash_write(g, addr, (const uint8_t *)data, n));
        return 1;
    }
    if (!strcmp(p, "vFlashDone")) {
        gdb_reply_rc(g, gdb_flash_done(g));
        return 1;
    }
    if (!strncmp(p, "vKill", 5)) {
        int rc = gdb_target(g);
        if (rc == SD_OK)
            rc = sd_debug_reset(g->t, 1);
        gdb_breaks_forget(g);
        gdb_reply_rc(g, rc);
        return 1;
    }
    if (!strncmp(p, "vRun", 4)) {
        /* "Run" the program again: reset and stop at the reset vector. */
        int rc = gdb_target(g);
        if (rc == SD_OK)
            rc = sd_debug_reset(g->t, 1);
        gdb_breaks_forget(g);
        if (rc)
            gdb_reply_rc(g, rc);
        else
            gdb_reply_printf(g, "S%02x", GDB_SIGTRAP);
        return 1;
    }
    gdb_reply_str(g, "");           /* vMustReplyEmpty and everything else */
    return 1;
}

/* ---- detach, kill ---- */

static void handle_detach(struct gdb_server *g)
{
    int rc = gdb_target(g);
    if (rc == SD_OK) {
        gdb_breaks_remove_all(g);
        rc = sd_debug_resume(g->t);
    }
    gdb_reply_rc(g, rc);
    g->closing = 1;
}

static int handle_kill(struct gdb_server *g)
{
    /* There is no process to kill: reset the chip and leave it running. */
    int rc = gdb_target(g);
    gdb_breaks_forget(g);
    if (rc == SD_OK)
        rc = sd_debug_reset(g->t, g->extended);
    if (rc)
        gdb_target_error(g, rc);
    if (!g->extended)
        g->closing = 1;
    return 0;                       /* k has no reply */
}

int gdb_handle_packet(struct gdb_server *g, char *raw, size_t len)
{
    /* A NUL-terminated copy: handlers use string functions; binary data
     * (X, vFlashWrite) is unescaped in place within it. */
    static char pkt[RSP_MAX_PACKET + 1];
    memcpy(pkt, raw, len);
    pkt[len] = '\0';
    char *end = pkt + len;
    if (len == 0) {
        gdb_reply_str(g, "");
        return 1;
    }
    sd_log(g->s, SD_LOG_TRACE, SD_LOG_GDB, "<- %.*s", len > 80 ? 80 : (int)len, pkt);
    char *a = pkt + 1;
    switch (pkt[0]) {
    case '?':
        reply_current_stop(g);
        return 1;
    case '!':
        g->extended = 1;
        gdb_reply_str(g, "OK");
        return 1;
    case 'g':
        gdb_g_packet(g);
        return 1;
    case 'G':
        gdb_G_packet(g, a, end);
        return 1;
    case 'p':
        gdb_p_packet(g, a, end);
        return 1;
    case 'P':
        gdb_P_packet(g, a, end);
        return 1;
    case 'm':
        gdb_m_packet(g, a, end);
        return 1;
    case 'M':
        gdb_M_packet(g, a, end);
        return 1;
    case 'X':
        gdb_X_packet(g, a, end);
        return 1;
    case 'c':
        return resume(g, 0, a, end);
    case 's':
        return resume(g, 1, a, end);
    case 'C':
    case 'S': {
        /* C sig[;addr]: the signal means nothing to a bare core. */
        char *semi = memchr(a, ';', (size_t)(end - a));
        return resume(g, pkt[0] == 'S', semi ? semi + 1 : NULL, end);
    }
    case 'Z':
    case 'z':
        handle_Z(g, pkt[0] == 'Z', a, end);
        return 1;
    case 'H':
    case 'T':
        gdb_reply_str(g, "OK");     /* one thread, always alive */
        return 1;
    case 'q':
        return handle_q(g, pkt, end);
    case 'v':
        return handle_v(g, pkt, end);
    case 'D':
        handle_detach(g);
        return 1;
    case 'k':
        return handle_kill(g);
    case 'R': {
        int rc = gdb_target(g);
        if (rc == SD_OK)
            rc = sd_debug_reset(g->t, 1);
        gdb_breaks_forget(g);
        if (rc)
            gdb_target_error(g, rc);
        return 0;                   /* R has no reply */
    }
    default:
        gdb_reply_str(g, "");
        return 1;
    }
}
