/* Opening the probe and attaching to the target from the global options;
 * every command that talks to a chip starts here. */
#include "cli.h"
#include "session_target.h"

int cli_open_target(struct cli_ctx *ctx, struct sd_probe **probe, struct sd_target **target)
{
    *probe = NULL;
    *target = NULL;
    int rc = sd_probe_open(ctx->session, ctx->g.probe, probe);
    if (rc)
        return cli_report_error(ctx, rc, "%s", sd_strerror(rc));
    struct sd_connect_options co = {
        .speed_khz = ctx->g.speed_khz,
        .transport = ctx->g.transport == CLI_TRANSPORT_JTAG ? SD_TRANSPORT_JTAG : SD_TRANSPORT_SWD,
        .connect = ctx->g.connect == CLI_CONNECT_UNDER_RESET ? SD_CONNECT_UNDER_RESET
                   : ctx->g.connect == CLI_CONNECT_HOT_PLUG ? SD_CONNECT_HOT_PLUG
                                                            : SD_CONNECT_NORMAL,
    };
    rc = sd_target_attach(ctx->session, *probe, &co, target);
    if (rc) {
        int exit_code = cli_report_error(ctx, rc, "%s", sd_strerror(rc));
        sd_probe_close(*probe);
        *probe = NULL;
        return exit_code;
    }
    return CLI_EXIT_OK;
}

void cli_close_target(struct sd_probe *probe, struct sd_target *target)
{
    sd_target_detach(target);
    sd_probe_close(probe);
}
