/* The program: global options, the command, the JSON document, the exit
 * code.  main.c only calls cli_main(). */
#include <string.h>

#include "cli.h"

static void setup_logging(struct cli_ctx *ctx)
{
    enum sd_log_level level = SD_LOG_WARN;
    if (ctx->g.verbosity < 0)
        level = SD_LOG_ERROR;
    else if (ctx->g.verbosity == 1)
        level = SD_LOG_DEBUG;
    else if (ctx->g.verbosity >= 2)
        level = SD_LOG_TRACE;
    sd_session_set_log(ctx->session, cli_log_to_stderr, ctx->err, level,
                       SD_LOG_ALL_CATEGORIES);
}

/* Edit distance, for "did you mean". */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 31 || lb > 31)
        return 99;
    size_t row[32];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static int suggest_command(struct cli_ctx *ctx, const char *name)
{
    const char *best = NULL;
    size_t best_d = 3; /* more than two edits away is not a typo */
    for (size_t i = 0; i < cli_command_count; i++) {
        size_t d = distance(name, cli_commands[i].name);
        if (d < best_d)
            best = cli_commands[i].name, best_d = d;
    }
    fprintf(ctx->err, "swdoctor: '%s' is not a command.", name);
    if (best)
        fprintf(ctx->err, " Did you mean '%s'?", best);
    fprintf(ctx->err, "\nTry `swdoctor --help`.\n");
    return CLI_EXIT_USAGE;
}

int cli_main(int argc, char **argv, FILE *out, FILE *err)
{
    struct cli_ctx ctx = { .out = out, .err = err };
    int cmd_index = argc;
    int rc = cli_parse_globals(argc, argv, &ctx.g, &cmd_index, out, err);
    if (rc >= 0)
        return rc;
    if (cmd_index >= argc) {
        fprintf(err, "swdoctor: no command given.\n\n");
        cli_print_overview(err);
        return CLI_EXIT_USAGE;
    }
    ctx.cmd = cli_find_command(argv[cmd_index]);
    if (!ctx.cmd)
        return suggest_command(&ctx, argv[cmd_index]);

    if (sd_session_new(&ctx.session) != SD_OK) {
        fprintf(err, "swdoctor: out of memory\n");
        return CLI_EXIT_FAILED;
    }
    setup_logging(&ctx);
    /* --json may also come after the command name: always collect. */
    ctx.result = json_object();

    rc = ctx.cmd->run(&ctx, argc - cmd_index, argv + cmd_index);

    if (ctx.g.json) {
        /* Usage errors are printed before any result exists; everything
         * else ends in exactly one JSON document on stdout. */
        if (rc != CLI_EXIT_USAGE || json_object_get(ctx.result, "error")) {
            json_object_set_new(ctx.result, "command", json_string(ctx.cmd->name));
            json_object_set_new(ctx.result, "ok", json_boolean(rc == CLI_EXIT_OK));
            json_object_set_new(ctx.result, "exit_code", json_integer(rc));
            json_dumpf(ctx.result, out, JSON_INDENT(2) | JSON_SORT_KEYS);
            fputc('\n', out);
        }
    }
    json_decref(ctx.result);
    sd_session_free(ctx.session);
    return rc;
}
