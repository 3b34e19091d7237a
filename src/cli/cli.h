/* The swdoctor command-line tool: shared declarations of the front end.
 * The CLI uses only the public API (include/swdoctor/). */
#ifndef SD_CLI_H
#define SD_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>
#include <swdoctor/swdoctor.h>

/* Exit codes, documented in `swdoctor --help` and swdoctor(1). */
enum cli_exit {
    CLI_EXIT_OK = 0,       /* success; the doctor found nothing wrong */
    CLI_EXIT_FAILED = 1,   /* the operation failed, or the doctor found a problem */
    CLI_EXIT_USAGE = 2,    /* bad command line */
    CLI_EXIT_NO_PROBE = 3, /* no usable probe (none, not permitted, busy) */
};

enum cli_transport { CLI_TRANSPORT_SWD, CLI_TRANSPORT_JTAG };
enum cli_connect { CLI_CONNECT_NORMAL, CLI_CONNECT_UNDER_RESET, CLI_CONNECT_HOT_PLUG };

#define CLI_SPEED_MAX_KHZ 100000u

/* Options valid before and after the command name. */
struct cli_globals {
    const char *probe;       /* --probe SERIAL (unique prefix), NULL: any */
    unsigned speed_khz;      /* --speed, 0: the probe's default */
    enum cli_transport transport;
    enum cli_connect connect;
    bool json;
    int verbosity;           /* -1 -q, 0 default, 1 -v, 2 -vv */
};

struct cli_ctx {
    struct cli_globals g;
    struct sd_session *session;
    FILE *out;               /* results (stdout) */
    FILE *err;               /* messages, progress (stderr) */
    json_t *result;          /* --json: the command fills this object */
    const struct cli_command *cmd;
};

struct cli_command {
    const char *name;
    const char *summary;     /* one line for the command list */
    const char *usage;       /* arguments after the command name */
    const char *help;        /* paragraphs for `swdoctor help NAME` */
    const char *options;     /* one option per line: "  --x ARG   what" */
    const char *examples;    /* one example per line */
    /* Long options of the command (terminated by a zero entry) or NULL;
     * global options are accepted too. */
    const struct option *long_options;
    const char *short_options;
    /* argv[0] is the command name; getopt state is reset for it. */
    int (*run)(struct cli_ctx *ctx, int argc, char **argv);
};

extern const struct cli_command cli_commands[];
extern const size_t cli_command_count;
const struct cli_command *cli_find_command(const char *name);

/* Whole program but the process entry: parses, runs, prints. */
int cli_main(int argc, char **argv, FILE *out, FILE *err);

/* Parse the global options at the start of argv (up to the command name).
 * Returns -1 to go on (*cmd_index = index of the command name, or argc if
 * there is none), or an exit code (help/version printed, usage error). */
int cli_parse_globals(int argc, char **argv, struct cli_globals *g,
                      int *cmd_index, FILE *out, FILE *err);

/* Apply one global option found while parsing a command's options.
 * Returns 1 if `opt` was a global option, 0 if not, CLI_EXIT_USAGE (with a
 * message) on a bad value. */
int cli_apply_global(struct cli_globals *g, int opt, const char *arg, FILE *err);

/* getopt_long over a command's options merged with the global ones
 * (options may follow operands).  `on_option` gets each command option and
 * returns 0, or an exit code to stop.  Returns -1 to go on, with
 * *first_arg the index of the first operand; otherwise the exit code
 * (0 after --help was shown). */
typedef int (*cli_option_fn)(struct cli_ctx *ctx, int opt, const char *arg,
                             void *user);
int cli_parse_command_options(struct cli_ctx *ctx, int argc, char **argv,
                              cli_option_fn on_option, void *user,
                              int *first_arg);

/* Exit code for a library error (SD_OK -> 0). */
int cli_exit_code(int sd_err);

/* Number parsing for command lines: decimal or 0x hex, with K/M suffix
 * for sizes.  Return 0 or -1. */
int cli_parse_u32(const char *s, unsigned *out);
int cli_parse_size(const char *s, unsigned *out);

/* Print "swdoctor CMD: message" on stderr (or record it for --json) and
 * return the exit code for `sd_err`, adding the session's detail. */
int cli_report_error(struct cli_ctx *ctx, int sd_err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A usage error: message, "see swdoctor help CMD", exit 2. */
int cli_usage_error(struct cli_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

void cli_print_overview(FILE *out);
void cli_print_command_help(FILE *out, const struct cli_command *cmd);
void cli_print_version(FILE *out);

/* The session's log callback for the terminal. */
void cli_log_to_stderr(void *user, enum sd_log_level level,
                       enum sd_log_category cat, const char *msg);

#endif
