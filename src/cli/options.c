/* Global options and number parsing for the command line. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
    OPT_PROBE = 0x100, OPT_SPEED, OPT_TRANSPORT, OPT_CONNECT, OPT_JSON,
    OPT_VERSION, OPT_HELP,
};

/* Accepted anywhere on the line; -h/--help and --version only before the
 * command (after it, --help means `swdoctor help CMD`). */
static const struct option global_options[] = {
    { "probe", required_argument, NULL, OPT_PROBE },
    { "speed", required_argument, NULL, OPT_SPEED },
    { "transport", required_argument, NULL, OPT_TRANSPORT },
    { "connect", required_argument, NULL, OPT_CONNECT },
    { "json", no_argument, NULL, OPT_JSON },
    { "quiet", no_argument, NULL, 'q' },
    { "verbose", no_argument, NULL, 'v' },
    { "help", no_argument, NULL, OPT_HELP },
    { "version", no_argument, NULL, OPT_VERSION },
    { 0, 0, 0, 0 },
};
#define GLOBAL_SHORT "qvh"
#define N_GLOBAL (sizeof global_options / sizeof global_options[0] - 1)

int cli_parse_u32(const char *s, unsigned *out)
{
    if (!s || !*s || *s == '-' || *s == '+')
        return -1;
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 0);
    if (errno || *end || v > 0xFFFFFFFFul)
        return -1;
    *out = (unsigned)v;
    return 0;
}

int cli_parse_size(const char *s, unsigned *out)
{
    if (!s || !*s || *s == '-' || *s == '+')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno)
        return -1;
    unsigned long long mul = 1;
    if (*end == 'K' || *end == 'k')
        mul = 1024, end++;
    else if (*end == 'M' || *end == 'm')
        mul = 1024 * 1024, end++;
    if (*end || v * mul > 0xFFFFFFFFull)
        return -1;
    *out = (unsigned)(v * mul);
    return 0;
}

int cli_apply_global(struct cli_globals *g, int opt, const char *arg, FILE *err)
{
    switch (opt) {
    case OPT_PROBE:
        if (!arg[0]) {
            fprintf(err, "swdoctor: --probe needs a serial number (see `swdoctor list`)\n");
            return CLI_EXIT_USAGE;
        }
        g->probe = arg;
        return 1;
    case OPT_SPEED: {
        unsigned khz;
        if (cli_parse_u32(arg, &khz) || khz == 0 || khz > CLI_SPEED_MAX_KHZ) {
            fprintf(err, "swdoctor: --speed '%s': expected a clock in kHz from 1 to %u, "
                    "e.g. --speed 1800\n", arg, CLI_SPEED_MAX_KHZ);
            return CLI_EXIT_USAGE;
        }
        g->speed_khz = khz;
        return 1;
    }
    case OPT_TRANSPORT:
        if (!strcmp(arg, "swd"))
            g->transport = CLI_TRANSPORT_SWD;
        else if (!strcmp(arg, "jtag"))
            g->transport = CLI_TRANSPORT_JTAG;
        else {
            fprintf(err, "swdoctor: --transport '%s': expected swd or jtag\n", arg);
            return CLI_EXIT_USAGE;
        }
        return 1;
    case OPT_CONNECT:
        if (!strcmp(arg, "normal"))
            g->connect = CLI_CONNECT_NORMAL;
        else if (!strcmp(arg, "under-reset"))
            g->connect = CLI_CONNECT_UNDER_RESET;
        else if (!strcmp(arg, "hot-plug"))
            g->connect = CLI_CONNECT_HOT_PLUG;
        else {
            fprintf(err, "swdoctor: --connect '%s': expected normal, under-reset or hot-plug\n", arg);
            return CLI_EXIT_USAGE;
        }
        return 1;
    case OPT_JSON:
        g->json = true;
        return 1;
    case 'q':
        g->verbosity = -1;
        return 1;
    case 'v':
        if (g->verbosity < 0)
            g->verbosity = 0;
        if (g->verbosity < 2)
            g->verbosity++;
        return 1;
    }
    return 0;
}

static void reset_getopt(void)
{
    optind = 0; /* glibc: 0 also re-initialises its internal state */
    opterr = 0;
}

static void report_getopt_error(FILE *err, const char *where, char **argv)
{
    const char *bad = argv[optind - 1];
    if (optopt && optopt < 0x100)
        fprintf(err, "swdoctor%s%s: option -%c %s\n", *where ? " " : "", where, optopt,
                strchr(GLOBAL_SHORT, optopt) ? "takes no value" : "is unknown or needs a value");
    else
        fprintf(err, "swdoctor%s%s: option '%s' is unknown or needs a value\n",
                *where ? " " : "", where, bad);
}

int cli_parse_globals(int argc, char **argv, struct cli_globals *g,
                      int *cmd_index, FILE *out, FILE *err)
{
    reset_getopt();
    int opt;
    /* '+': stop at the command name; its own options come after it. */
    while ((opt = getopt_long(argc, argv, "+" GLOBAL_SHORT, global_options, NULL)) != -1) {
        if (opt == 'h' || opt == OPT_HELP) {
            cli_print_overview(out);
            return CLI_EXIT_OK;
        }
        if (opt == OPT_VERSION) {
            cli_print_version(out);
            return CLI_EXIT_OK;
        }
        if (opt == '?') {
            report_getopt_error(err, "", argv);
            fprintf(err, "Try `swdoctor --help`.\n");
            return CLI_EXIT_USAGE;
        }
        int r = cli_apply_global(g, opt, optarg, err);
        if (r != 1)
            return CLI_EXIT_USAGE;
    }
    *cmd_index = optind;
    return -1;
}

int cli_parse_command_options(struct cli_ctx *ctx, int argc, char **argv,
                              cli_option_fn on_option, void *user,
                              int *first_arg)
{
    const struct cli_command *cmd = ctx->cmd;
    size_t n_cmd = 0;
    while (cmd->long_options && cmd->long_options[n_cmd].name)
        n_cmd++;

    struct option merged[64];
    if (n_cmd + N_GLOBAL + 1 > sizeof merged / sizeof merged[0])
        return CLI_EXIT_USAGE;
    memcpy(merged, cmd->long_options ? cmd->long_options : global_options,
           n_cmd * sizeof merged[0]);
    memcpy(merged + n_cmd, global_options, (N_GLOBAL + 1) * sizeof merged[0]);

    char shorts[64];
    snprintf(shorts, sizeof shorts, "%s%s", cmd->short_options ? cmd->short_options : "",
             "qv");

    reset_getopt();
    int opt;
    while ((opt = getopt_long(argc, argv, shorts, merged, NULL)) != -1) {
        if (opt == OPT_HELP) {
            cli_print_command_help(ctx->out, cmd);
            return CLI_EXIT_OK; /* done: help shown */
        }
        if (opt == '?' || opt == ':') {
            report_getopt_error(ctx->err, cmd->name, argv);
            fprintf(ctx->err, "Try `swdoctor help %s`.\n", cmd->name);
            return CLI_EXIT_USAGE;
        }
        int r = cli_apply_global(&ctx->g, opt, optarg, ctx->err);
        if (r == 1)
            continue;
        if (r != 0)
            return r;
        if (opt == OPT_VERSION)
            return cli_usage_error(ctx, "--version goes before the command");
        r = on_option ? on_option(ctx, opt, optarg, user) : CLI_EXIT_USAGE;
        if (r)
            return r;
    }
    *first_arg = optind;
    return -1; /* go on with the operands */
}
