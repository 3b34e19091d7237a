/* How the CLI tells the user what happened: error lines, exit codes, the
 * log sink behind -q/-v/-vv. */
#include <stdarg.h>
#include <string.h>

#include "cli.h"

int cli_exit_code(int sd_err)
{
    switch (sd_err) {
    case SD_OK:
        return CLI_EXIT_OK;
    case SD_ERR_NO_PROBE:
    case SD_ERR_USB_ACCESS:
    case SD_ERR_USB_BUSY:
        return CLI_EXIT_NO_PROBE;
    case SD_ERR_PROBE_AMBIGUOUS:
    case SD_ERR_INVALID_ARG:
        return CLI_EXIT_USAGE;
    default:
        return CLI_EXIT_FAILED;
    }
}

/* What the user can do about an error, when there is one thing to say. */
static const char *hint_for(int sd_err)
{
    switch (sd_err) {
    case SD_ERR_USB_ACCESS:
        return "install the udev rules (sudo make install, or copy udev/60-swdoctor.rules "
               "to /etc/udev/rules.d/ and run `sudo udevadm control --reload`), then replug the probe";
    case SD_ERR_USB_BUSY:
        return "another program (OpenOCD, st-util, STM32CubeProgrammer, an IDE) has the probe open; close it";
    case SD_ERR_NO_PROBE:
        return "check the USB cable and that the probe shows up in `lsusb` (vendor 0483)";
    case SD_ERR_PROBE_AMBIGUOUS:
        return "choose one with --probe SERIAL (see `swdoctor list`)";
    case SD_ERR_NO_TARGET:
        return "check the board's power and the SWDIO, SWCLK and GND wires, try a lower "
               "--speed, and --connect under-reset if the firmware may disable the debug "
               "pins or sleep";
    case SD_ERR_REFUSED:
        return "read the message above; repeat with the flag it names if you really mean it";
    default:
        return NULL;
    }
}

int cli_report_error(struct cli_ctx *ctx, int sd_err, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);

    const char *detail = ctx->session ? sd_session_detail(ctx->session) : "";
    const char *hint = hint_for(sd_err);
    const char *name = ctx->cmd ? ctx->cmd->name : NULL;

    if (ctx->g.json && ctx->result) {
        json_t *e = json_object();
        json_object_set_new(e, "code", json_integer(sd_err));
        json_object_set_new(e, "name", json_string(sd_errname(sd_err)));
        json_object_set_new(e, "message", json_string(msg));
        if (detail[0])
            json_object_set_new(e, "detail", json_string(detail));
        if (hint)
            json_object_set_new(e, "hint", json_string(hint));
        json_object_set_new(ctx->result, "error", e);
    } else {
        fprintf(ctx->err, "swdoctor%s%s: %s\n", name ? " " : "", name ? name : "", msg);
        if (detail[0])
            fprintf(ctx->err, "  detail: %s\n", detail);
        if (hint)
            fprintf(ctx->err, "  what to do: %s\n", hint);
    }
    return cli_exit_code(sd_err);
}

int cli_usage_error(struct cli_ctx *ctx, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *name = ctx->cmd ? ctx->cmd->name : NULL;
    fprintf(ctx->err, "swdoctor%s%s: %s\n", name ? " " : "", name ? name : "", msg);
    if (name)
        fprintf(ctx->err, "Try `swdoctor help %s`.\n", name);
    else
        fprintf(ctx->err, "Try `swdoctor --help`.\n");
    return CLI_EXIT_USAGE;
}

void cli_log_to_stderr(void *user, enum sd_log_level level,
                       enum sd_log_category cat, const char *msg)
{
    FILE *err = user;
    if (level <= SD_LOG_WARN)
        fprintf(err, "swdoctor: %s: %s\n", sd_log_level_name(level), msg);
    else
        fprintf(err, "[%s] %s\n", sd_log_category_name(cat), msg);
}
