/* swdoctor recover [--unlock] [--keep-firmware]
 *
 * Exit 0 when the board answers a plain connection afterwards; 1 when it
 * does not (the hardware step is printed) or recovery stopped (RDP 1
 * without --unlock); 2 usage; 3 no usable probe. */
#include "cli.h"
#include "commands.h"
#include "doctor_cli.h"

struct recover_args {
    int unlock;
    int keep_firmware;
};

static int on_option(struct cli_ctx *ctx, int opt, const char *arg, void *user)
{
    (void)ctx, (void)arg;
    struct recover_args *a = user;
    if (opt == 'U')
        a->unlock = 1;
    else if (opt == 'K')
        a->keep_firmware = 1;
    return 0;
}

json_t *cli_recover_json(const struct sd_recover_report *r, int recovered)
{
    json_t *o = json_object();
    json_object_set_new(o, "recovered", json_boolean(recovered));
    json_object_set_new(o, "part", json_string(r->part));
    json_object_set_new(o, "connected_under_reset", json_boolean(r->connected_under_reset));
    json_object_set_new(o, "dbgmcu_set", json_boolean(r->dbgmcu_set));
    json_object_set_new(o, "erased", json_boolean(r->erased));
    json_object_set_new(o, "unlocked", json_boolean(r->unlocked));
    json_object_set_new(o, "answers_normally", json_boolean(r->answers_normally));
    json_t *steps = json_array();
    size_t max = sizeof r->steps / sizeof r->steps[0];
    for (size_t i = 0; i < r->n_steps && i < max; i++)
        json_array_append_new(steps, json_string(r->steps[i]));
    json_object_set_new(o, "steps", steps);
    json_object_set_new(o, "hardware_step", json_string(r->hardware_step));
    return o;
}

void cli_recover_print(FILE *out, const struct sd_recover_report *r, int recovered)
{
    size_t max = sizeof r->steps / sizeof r->steps[0];
    for (size_t i = 0; i < r->n_steps && i < max; i++)
        fprintf(out, "%s\n", r->steps[i]);
    if (recovered)
        fprintf(out, "The board answers normally.\n");
    else if (r->hardware_step[0])
        fprintf(out, "The board is not recovered. What to do: %s\n", r->hardware_step);
}

int cli_cmd_recover(struct cli_ctx *ctx, int argc, char **argv)
{
    struct recover_args a = { 0 };
    int first;
    int rc = cli_parse_command_options(ctx, argc, argv, on_option, &a, &first);
    if (rc >= 0)
        return rc;
    if (first < argc)
        return cli_usage_error(ctx, "takes no arguments ('%s')", argv[first]);
    if (ctx->g.connect == CLI_CONNECT_HOT_PLUG)
        return cli_usage_error(ctx, "recover always connects under reset; --connect hot-plug "
                               "cannot stop the firmware before it runs");
    struct sd_recover_options o = {
        .probe_serial = ctx->g.probe,
        .transport = ctx->g.transport == CLI_TRANSPORT_JTAG ? SD_TRANSPORT_JTAG : SD_TRANSPORT_SWD,
        .speed_khz = ctx->g.speed_khz,
        .unlock = a.unlock,
        .keep_firmware = a.keep_firmware,
    };
    struct sd_recover_report r;
    int err = sd_recover(ctx->session, &o, &r);
    int recovered = err == SD_OK && r.answers_normally;
    if (ctx->g.json)
        json_object_update_new(ctx->result, cli_recover_json(&r, recovered));
    else
        cli_recover_print(ctx->out, &r, recovered);
    if (recovered)
        return CLI_EXIT_OK;
    if (!err)
        err = SD_ERR_TARGET_TIMEOUT;   /* not reached: sd_recover fails when the check does */
    /* A hardware step says what to do (text, and "hardware_step" in
     * JSON); anything else is an error with its detail and hint: probe
     * errors (exit 3), RDP 1 without --unlock, a failed erase. */
    if (r.hardware_step[0]) {
        int code = cli_exit_code(err);
        return code == CLI_EXIT_OK ? CLI_EXIT_FAILED : code;
    }
    if (err == SD_ERR_REFUSED)
        return cli_report_error(ctx, err, "stopped before changing the read-out protection");
    return cli_report_error(ctx, err, "the board is not recovered: %s", sd_strerror(err));
}
