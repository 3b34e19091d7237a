/* Commands whose operations are not in this build yet.  They parse their
 * command line like the finished command (so scripts and tests can rely on
 * the usage rules) and then say plainly that the operation is missing. */
#include "cli.h"
#include "commands.h"

static int accept_any_option(struct cli_ctx *ctx, int opt, const char *arg, void *user)
{
    (void)ctx, (void)opt, (void)arg, (void)user;
    return 0;
}

static int pending(struct cli_ctx *ctx, int argc, char **argv)
{
    int first;
    int rc = cli_parse_command_options(ctx, argc, argv, accept_any_option, NULL, &first);
    if (rc >= 0)
        return rc;
    return cli_report_error(ctx, SD_ERR_NOT_SUPPORTED,
                            "`%s` is not implemented in swdoctor %s yet", ctx->cmd->name,
                            SWDOCTOR_VERSION_STRING);
}

int cli_cmd_gdbserver(struct cli_ctx *ctx, int argc, char **argv) { return pending(ctx, argc, argv); }
