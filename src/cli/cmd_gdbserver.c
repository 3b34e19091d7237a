/* swdoctor gdbserver [--port N] [--bind ADDR] [--persist]
 *
 * Serves gdb over TCP until the client leaves (or, with --persist, until
 * SIGINT/SIGTERM).  The server is the library's (sd_gdbserver_run); this
 * file only parses the options, prints where it listens and turns the
 * signals into a clean stop. */
#include <signal.h>
#include <string.h>

#include <swdoctor/gdbserver.h>

#include "cli.h"
#include "commands.h"

#define GDB_PORT_DEFAULT 4242u   /* st-util's port */
#define GDB_PORT_MAX 65535u

struct gdb_args {
    unsigned port;
    const char *bind;
    int persist;
};

static volatile int stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static int on_option(struct cli_ctx *ctx, int opt, const char *arg, void *user)
{
    struct gdb_args *a = user;
    switch (opt) {
    case 'p':
        if (cli_parse_u32(arg, &a->port) || a->port == 0 || a->port > GDB_PORT_MAX)
            return cli_usage_error(ctx, "--port: '%s' is not a TCP port (1..%u)", arg,
                                   GDB_PORT_MAX);
        return 0;
    case 'B':
        a->bind = arg;
        return 0;
    case 'P':
        a->persist = 1;
        return 0;
    }
    return cli_usage_error(ctx, "unexpected option");
}

static void listening(void *user, const char *addr, unsigned port)
{
    struct cli_ctx *ctx = user;
    fprintf(ctx->err, "listening on %s:%u\n", addr, port);
    fflush(ctx->err);
}

int cli_cmd_gdbserver(struct cli_ctx *ctx, int argc, char **argv)
{
    struct gdb_args a = { .port = GDB_PORT_DEFAULT, .bind = "127.0.0.1" };
    int first;
    int rc = cli_parse_command_options(ctx, argc, argv, on_option, &a, &first);
    if (rc >= 0)
        return rc;
    if (first < argc)
        return cli_usage_error(ctx, "takes no arguments ('%s')", argv[first]);

    struct sd_gdbserver_options o = {
        .bind = a.bind,
        .port = a.port,
        .persist = a.persist,
        .probe_serial = ctx->g.probe,
        .connect = {
            .speed_khz = ctx->g.speed_khz,
            .transport = ctx->g.transport == CLI_TRANSPORT_JTAG ? SD_TRANSPORT_JTAG
                                                                : SD_TRANSPORT_SWD,
            .connect = ctx->g.connect == CLI_CONNECT_UNDER_RESET ? SD_CONNECT_UNDER_RESET
                       : ctx->g.connect == CLI_CONNECT_HOT_PLUG  ? SD_CONNECT_HOT_PLUG
                                                                 : SD_CONNECT_NORMAL,
        },
        .listening = listening,
        .user = ctx,
        .stop = &stop_flag,
    };

    /* No SA_RESTART: the server's poll() returns at once on a signal. */
    struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
    sigemptyset(&sa.sa_mask);
    stop_flag = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    int err = sd_gdbserver_run(ctx->session, &o);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);

    json_object_set_new(ctx->result, "bind", json_string(a.bind));
    json_object_set_new(ctx->result, "port", json_integer(a.port));
    if (err == SD_ERR_FILE)   /* the socket: the detail says why */
        return cli_report_error(ctx, err, "cannot listen for gdb on %s:%u", a.bind, a.port);
    if (err)
        return cli_report_error(ctx, err, "%s", sd_strerror(err));
    if (stop_flag && !ctx->g.json)
        fprintf(ctx->err, "gdbserver stopped\n");
    return CLI_EXIT_OK;
}
