/* swdoctor flash FILE, swdoctor verify FILE */
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "progress.h"
#include "session_target.h"

struct flash_args {
    struct sd_image_options image;
    struct sd_flash_options flash;
};

static int on_option(struct cli_ctx *ctx, int opt, const char *arg, void *user)
{
    struct flash_args *a = user;
    switch (opt) {
    case 'b':
        if (cli_parse_u32(arg, &a->image.base))
            return cli_usage_error(ctx, "--base '%s': expected an address such as 0x08000000", arg);
        a->image.has_base = 1;
        return 0;
    case 'V': a->flash.no_verify = 1; return 0;
    case 'R': a->flash.no_reset = 1; return 0;
    case 'E': a->flash.erase_all = 1; return 0;
    }
    return cli_usage_error(ctx, "unexpected option");
}

/* Parse the command line and load the image: both before the probe is
 * touched, so bad input never reaches the chip. */
static int prepare(struct cli_ctx *ctx, int argc, char **argv, struct flash_args *a,
                   struct sd_image **img)
{
    int first;
    int rc = cli_parse_command_options(ctx, argc, argv, on_option, a, &first);
    if (rc >= 0)
        return rc;
    if (first >= argc)
        return cli_usage_error(ctx, "which file? e.g. swdoctor %s build/app.elf", ctx->cmd->name);
    if (first + 1 < argc)
        return cli_usage_error(ctx, "one file at a time ('%s' is extra)", argv[first + 1]);
    const char *path = argv[first];
    int err = sd_image_load(ctx->session, path, &a->image, img);
    if (err)
        return cli_report_error(ctx, err, "cannot use '%s': %s", path, sd_strerror(err));
    if (a->image.has_base && sd_image_format(*img) != SD_IMAGE_BIN)
        fprintf(ctx->err, "swdoctor %s: note: --base ignored, %s files carry their addresses\n",
                ctx->cmd->name, sd_image_format_name(sd_image_format(*img)));
    json_object_set_new(ctx->result, "file", json_string(path));
    json_object_set_new(ctx->result, "format", json_string(sd_image_format_name(sd_image_format(*img))));
    json_object_set_new(ctx->result, "bytes", json_integer((json_int_t)sd_image_size(*img)));
    return -1;
}

/* What flash and verify do once the image is loaded and the target open. */
typedef int (*image_action)(struct cli_ctx *ctx, struct sd_target *t, const struct sd_image *img,
                            struct flash_args *a, struct cli_progress *prog);

/* Parse, load the image, open the target, run `action`, clean up. */
static int run_image_command(struct cli_ctx *ctx, int argc, char **argv, image_action action)
{
    struct flash_args a = { 0 };
    struct sd_image *img = NULL;
    int rc = prepare(ctx, argc, argv, &a, &img);
    if (rc >= 0)
        return rc;
    struct sd_probe *probe;
    struct sd_target *t;
    rc = cli_open_target(ctx, &probe, &t);
    if (!rc) {
        struct cli_progress prog;
        cli_progress_init(&prog, ctx);
        rc = action(ctx, t, img, &a, &prog);
        cli_close_target(probe, t);
    }
    sd_image_free(img);
    return rc;
}

static int do_flash(struct cli_ctx *ctx, struct sd_target *t, const struct sd_image *img,
                    struct flash_args *a, struct cli_progress *prog)
{
    a->flash.progress = cli_progress_cb;
    a->flash.progress_user = prog;
    struct sd_flash_report r;
    int err = sd_flash(t, img, &a->flash, &r);
    cli_progress_end(prog);
    json_object_set_new(ctx->result, "sectors_erased", json_integer(r.sectors_erased));
    json_object_set_new(ctx->result, "sectors_unchanged", json_integer(r.sectors_skipped));
    json_object_set_new(ctx->result, "bytes_programmed", json_integer((json_int_t)r.bytes_programmed));
    json_object_set_new(ctx->result, "verified", json_boolean(r.verified));
    if (err) {
        int rc = cli_report_error(ctx, err, "flashing failed: %s", sd_strerror(err));
        if (r.sectors_erased && err != SD_ERR_VERIFY)
            fprintf(ctx->err, "  the flash is only partly written: run the same command again "
                              "(unchanged sectors are skipped)\n");
        return rc;
    }
    if (!ctx->g.json && ctx->g.verbosity >= 0)
        fprintf(ctx->out, "flashed %zu bytes: %u sectors erased, %u already up to date, %llu bytes "
                          "programmed%s%s\n", sd_image_size(img), r.sectors_erased, r.sectors_skipped,
                (unsigned long long)r.bytes_programmed, r.verified ? ", verified" : "",
                a->flash.no_reset ? ", core halted" : ", running");
    return CLI_EXIT_OK;
}

static int do_verify(struct cli_ctx *ctx, struct sd_target *t, const struct sd_image *img,
                     struct flash_args *a, struct cli_progress *prog)
{
    (void)a;
    uint32_t diff = 0;
    int err = sd_verify(t, img, cli_progress_cb, prog, &diff);
    cli_progress_end(prog);
    json_object_set_new(ctx->result, "match", json_boolean(err == SD_OK));
    if (err == SD_ERR_VERIFY)
        json_object_set_new(ctx->result, "first_difference", json_integer(diff));
    if (err)
        return cli_report_error(ctx, err, "%s", err == SD_ERR_VERIFY ? "flash does not match the image"
                                                                   : sd_strerror(err));
    if (!ctx->g.json)
        fprintf(ctx->out, "flash matches %s (%zu bytes)\n",
                json_string_value(json_object_get(ctx->result, "file")), sd_image_size(img));
    return CLI_EXIT_OK;
}

int cli_cmd_flash(struct cli_ctx *ctx, int argc, char **argv)
{
    return run_image_command(ctx, argc, argv, do_flash);
}

int cli_cmd_verify(struct cli_ctx *ctx, int argc, char **argv)
{
    return run_image_command(ctx, argc, argv, do_verify);
}
