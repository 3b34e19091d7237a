/* The GDB server's socket side: listen, take one client at a time (a second
 * one is told we are busy), read packets, poll a running core for a stop
 * and pass Ctrl-C on as a halt. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/session_internal.h"
#include "gdb/gdb_internal.h"

#define GDB_DEFAULT_PORT 4242u          /* st-util's port */
#define GDB_DEFAULT_BIND "127.0.0.1"
/* How often a running core is polled for a stop, and how long an idle
 * server sleeps before it looks at *stop again. */
#define GDB_POLL_RUNNING_MS 10
#define GDB_POLL_IDLE_MS 200

/* A packet-level refusal gdb prints as the error text ("E." + message is
 * the textual error form, GDB manual "Standard Replies"). */
static const char busy_msg[] = "E.swdoctor gdbserver is busy with another client";

static int stop_requested(const struct gdb_server *g)
{
    return g->opt->stop && *g->opt->stop;
}

int gdb_target(struct gdb_server *g)
{
    if (g->t)
        return SD_OK;
    int rc = SD_OK;
    if (!g->probe) {
        rc = sd_probe_open(g->s, g->opt->probe_serial, &g->probe);
        if (rc)
            return rc;
    }
    rc = sd_target_attach(g->s, g->probe, &g->opt->connect, &g->t);
    if (rc) {
        sd_probe_close(g->probe);
        g->probe = NULL;
        g->t = NULL;
        return rc;
    }
    memset(&g->core, 0, sizeof g->core);
    if (sd_debug_core_info(g->t, &g->core) != SD_OK)
        snprintf(g->core.name, sizeof g->core.name, "Cortex-M");
    /* Faults halt the core, so gdb hears of them (SIGSEGV). */
    sd_debug_catch_faults(g->t, 1);
    sd_log(g->s, SD_LOG_INFO, SD_LOG_GDB, "attached to a %s%s", g->core.name,
           g->core.has_fpu ? " with FPU" : "");
    return SD_OK;
}

/* `reachable`: the target still answers, so tidy up first. */
static void drop(struct gdb_server *g, int reachable)
{
    if (g->t) {
        /* Leave no vector catch behind: a fault after we are gone must run
         * the firmware's handler, not halt a core nobody watches. */
        if (reachable)
            sd_debug_catch_faults(g->t, 0);
        sd_target_detach(g->t);
    }
    if (g->probe)
        sd_probe_close(g->probe);
    g->t = NULL;
    g->probe = NULL;
    memset(g->sw, 0, sizeof g->sw);
    memset(g->hw, 0, sizeof g->hw);
}

void gdb_target_drop(struct gdb_server *g)
{
    drop(g, 1);
}

void gdb_target_error(struct gdb_server *g, int err)
{
    switch (err) {
    case SD_ERR_USB:
    case SD_ERR_USB_TIMEOUT:
    case SD_ERR_USB_DISCONNECTED:
    case SD_ERR_NO_PROBE:
    case SD_ERR_PROBE_PROTOCOL:
    case SD_ERR_PROBE_MODE:
    case SD_ERR_TARGET_POWER:
    case SD_ERR_NO_TARGET:
        sd_log(g->s, SD_LOG_WARN, SD_LOG_GDB, "target lost (%s): will attach again on the next "
               "command", sd_errname(err));
        drop(g, 0);
        break;
    default:
        break;
    }
}

static int write_all(int fd, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    while (len) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

void gdb_send_packet(struct gdb_server *g, const char *data, size_t len)
{
    g->out_len = rsp_frame((const uint8_t *)data, len, g->out, sizeof g->out);
    if (!g->out_len)
        return;
    if (write_all(g->fd, g->out, g->out_len))
        g->closing = 1;
}

static void send_reply(struct gdb_server *g)
{
    gdb_send_packet(g, g->reply, g->reply_len);
}

static void ack(struct gdb_server *g, char c)
{
    if (write_all(g->fd, &c, 1))
        g->closing = 1;
}

/* Is the running core stopped yet?  Sends the stop reply when it is. */
static void poll_running(struct gdb_server *g)
{
    struct sd_stop st;
    int rc = gdb_target(g);
    if (rc == SD_OK)
        rc = sd_debug_poll(g->t, &st);
    if (rc) {
        gdb_target_error(g, rc);
        /* The core is gone: say so rather than leave gdb waiting forever
         * (gdb prints "Remote failure reply" and treats the target as stopped). */
        g->running = 0;
        gdb_reply_error(g, rc);
        send_reply(g);
        return;
    }
    if (st.reason == SD_STOP_RUNNING)
        return;
    if (st.reason == SD_STOP_LOCKUP) {
        /* A locked-up core is stuck but not in Debug state: halt it so gdb
         * can read its registers (ARMv7-M B1.5.15 / C1.6.2 C_HALT). */
        rc = sd_debug_halt(g->t);
        if (rc)
            gdb_target_error(g, rc);
    }
    g->running = 0;
    gdb_stop_reply(g, &st);
    g->interrupted = 0;
    send_reply(g);
}

static void interrupt(struct gdb_server *g)
{
    if (!g->running)
        return;
    g->interrupted = 1;
    int rc = gdb_target(g);
    if (rc == SD_OK)
        rc = sd_debug_halt(g->t);
    if (rc)
        gdb_target_error(g, rc);
    poll_running(g);
}

static void on_byte(struct gdb_server *g, uint8_t b)
{
    switch (rsp_feed(&g->parser, b)) {
    case RSP_NONE:
    case RSP_ACK:
        break;
    case RSP_NACK:
        if (g->out_len && write_all(g->fd, g->out, g->out_len))
            g->closing = 1;
        break;
    case RSP_BAD_CHECKSUM:
        ack(g, '-');
        break;
    case RSP_INTERRUPT:
        interrupt(g);
        break;
    case RSP_OVERFLOW:
        /* Accept it (a resend would be as long) and refuse it: E01 tells
         * gdb something went wrong without it retrying forever. */
        ack(g, '+');
        gdb_reply_str(g, "E01");
        send_reply(g);
        break;
    case RSP_PACKET:
        ack(g, '+');
        g->reply_len = 0;
        g->reply[0] = '\0';
        if (gdb_handle_packet(g, (char *)g->parser.buf, g->parser.len))
            send_reply(g);
        break;
    }
}

/* A second client while one is served.  gdb shows an error reply to its
 * first packet ("Remote failure reply: E.<text>") but only "Remote
 * communication error" for text sent before it asked anything or for a
 * bare close; so wait for its first packet, answer that, then close. */
#define REFUSE_MAX 4
#define REFUSE_WAIT_MS 10000           /* no packet by then: just close */

struct refusal {
    int fd;
    int in_trailer;                    /* after '#': checksum digits seen */
    unsigned waited_ms;
};

static void refuse_accept(struct gdb_server *g, struct refusal *r, int lfd)
{
    int fd = accept(lfd, NULL, NULL);
    if (fd < 0)
        return;
    sd_log(g->s, SD_LOG_WARN, SD_LOG_GDB, "refused a second client: one gdb at a time");
    for (unsigned i = 0; i < REFUSE_MAX; i++) {
        if (r[i].fd < 0) {
            r[i] = (struct refusal){ .fd = fd };
            return;
        }
    }
    close(fd);                         /* too many at once: plain close */
}

static void refuse_close(struct refusal *r)
{
    shutdown(r->fd, SHUT_WR);
    close(r->fd);
    r->fd = -1;
}

/* Read what the refused client sent; answer its first packet. */
static void refuse_read(struct refusal *r)
{
    uint8_t buf[512];
    ssize_t n = recv(r->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n <= 0) {
        if (n == 0 || (errno != EAGAIN && errno != EINTR))
            refuse_close(r);
        return;
    }
    /* The first packet ends two checksum digits after its '#'. */
    for (ssize_t i = 0; i < n && r->in_trailer < 3; i++) {
        if (r->in_trailer)
            r->in_trailer++;
        else if (buf[i] == '#')
            r->in_trailer = 1;
    }
    if (r->in_trailer >= 3) {
        uint8_t framed[128];
        size_t fl = rsp_frame((const uint8_t *)busy_msg, sizeof busy_msg - 1, framed + 1,
                              sizeof framed - 1);
        framed[0] = '+';
        write_all(r->fd, framed, fl + 1);
        refuse_close(r);
    }
}

/* Serve one connected client until it leaves or the server must stop. */
static void serve_client(struct gdb_server *g, int lfd)
{
    rsp_parser_init(&g->parser);
    g->out_len = 0;
    g->extended = g->running = g->interrupted = g->closing = 0;
    g->client_swbreak = g->client_hwbreak = 0;

    /* gdb expects a stopped target when it connects (its first `?`). */
    int rc = gdb_target(g);
    if (rc == SD_OK)
        rc = sd_debug_halt(g->t);
    if (rc) {
        sd_log(g->s, SD_LOG_WARN, SD_LOG_GDB, "cannot halt the target: %s",
               sd_session_detail(g->s));
        gdb_target_error(g, rc);
    }

    struct refusal refused[REFUSE_MAX];
    for (unsigned i = 0; i < REFUSE_MAX; i++)
        refused[i].fd = -1;
    while (!g->closing && !stop_requested(g)) {
        struct pollfd pf[2 + REFUSE_MAX] = {
            { .fd = g->fd, .events = POLLIN },
            { .fd = lfd, .events = POLLIN },
        };
        for (unsigned i = 0; i < REFUSE_MAX; i++)
            pf[2 + i] = (struct pollfd){ .fd = refused[i].fd, .events = POLLIN };
        int wait_ms = g->running ? GDB_POLL_RUNNING_MS : GDB_POLL_IDLE_MS;
        int n = poll(pf, 2 + REFUSE_MAX, wait_ms);
        if (n < 0 && errno != EINTR)
            break;
        for (unsigned i = 0; i < REFUSE_MAX; i++) {
            if (refused[i].fd < 0)
                continue;
            if (n > 0 && pf[2 + i].revents)
                refuse_read(&refused[i]);
            else if ((refused[i].waited_ms += (unsigned)wait_ms) > REFUSE_WAIT_MS)
                refuse_close(&refused[i]);
        }
        if (n > 0 && (pf[1].revents & POLLIN))
            refuse_accept(g, refused, lfd);
        if (n > 0 && (pf[0].revents & (POLLIN | POLLHUP | POLLERR))) {
            uint8_t buf[4096];
            ssize_t got = recv(g->fd, buf, sizeof buf, 0);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0) {
                sd_log(g->s, SD_LOG_INFO, SD_LOG_GDB, "client disconnected");
                break;
            }
            for (ssize_t i = 0; i < got && !g->closing; i++)
                on_byte(g, buf[i]);
        }
        if (g->running && !g->closing)
            poll_running(g);
    }
    for (unsigned i = 0; i < REFUSE_MAX; i++)
        if (refused[i].fd >= 0)
            refuse_close(&refused[i]);
    /* A client that vanished without `D` leaves its breakpoints behind;
     * the core must not halt on them with nobody listening. */
    if (g->t)
        gdb_breaks_remove_all(g);
    gdb_flash_discard(g);
}

static int listen_on(struct gdb_server *g, const char *addr, unsigned port)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
        return sd_fail(g->s, SD_ERR_INVALID_ARG, SD_LOG_GDB,
                       "'%s' is not an IPv4 address to listen on", addr);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return sd_fail(g->s, SD_ERR_FILE, SD_LOG_GDB, "socket: %s", strerror(errno));
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) || listen(fd, 2)) {
        int e = errno;
        close(fd);
        return sd_fail(g->s, SD_ERR_FILE, SD_LOG_GDB, "cannot listen on %s:%u: %s", addr, port,
                       strerror(e));
    }
    return fd;
}

int sd_gdbserver_run(struct sd_session *s, const struct sd_gdbserver_options *opt)
{
    if (!s || !opt)
        return SD_ERR_INVALID_ARG;
    struct gdb_server *g = calloc(1, sizeof *g);
    if (!g)
        return SD_ERR_NO_MEMORY;
    g->s = s;
    g->opt = opt;
    g->fd = -1;
    const char *addr = opt->bind ? opt->bind : GDB_DEFAULT_BIND;
    unsigned port = opt->port ? opt->port : GDB_DEFAULT_PORT;

    /* Attach before listening so a missing probe or chip is reported at
     * once, not when gdb connects. */
    int rc = gdb_target(g);
    if (rc) {
        free(g);
        return rc;
    }
    int lfd = listen_on(g, addr, port);
    if (lfd < 0) {
        gdb_target_drop(g);
        free(g);
        return lfd;
    }
    if (opt->listening)
        opt->listening(opt->user, addr, port);

    rc = SD_OK;
    while (!stop_requested(g) && !g->ended) {
        struct pollfd pf = { .fd = lfd, .events = POLLIN };
        int n = poll(&pf, 1, GDB_POLL_IDLE_MS);
        if (n <= 0)
            continue;
        g->fd = accept(lfd, NULL, NULL);
        if (g->fd < 0)
            continue;
        int one = 1;
        setsockopt(g->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sd_log(g->s, SD_LOG_INFO, SD_LOG_GDB, "client connected");
        serve_client(g, lfd);
        close(g->fd);
        g->fd = -1;
        if (!opt->persist)
            break;
    }
    close(lfd);
    gdb_target_drop(g);
    free(g->chunks);
    free(g);
    return rc;
}
