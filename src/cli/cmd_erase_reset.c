/* swdoctor erase (--all | ADDR LEN), swdoctor reset [--halt] [--hardware] */
#include "cli.h"
#include "commands.h"
#include "session_target.h"

struct flags {
    int all, halt, hardware;
};

static int on_option(struct cli_ctx *ctx, int opt, const char *arg, void *user)
{
    (void)arg;
    struct flags *f = user;
    switch (opt) {
    case 'a': f->all = 1; return 0;
    case 'H': f->halt = 1; return 0;
    case 'w': f->hardware = 1; return 0;
    }
    return cli_usage_error(ctx, "unexpected option");
}

int cli_cmd_erase(struct cli_ctx *ctx, int argc, char **argv)
{
    struct flags f = { 0 };
    int first;
    int rc = cli_parse_command_options(ctx, argc, argv, on_option, &f, &first);
    if (rc >= 0)
        return rc;
    unsigned addr = 0, len = 0;
    if (f.all && first < argc)
        return cli_usage_error(ctx, "--all takes no range");
    if (!f.all) {
        if (argc - first != 2)
            return cli_usage_error(ctx, "expected --all or ADDR LEN, e.g. swdoctor erase 0x08020000 128K");
        if (cli_parse_u32(argv[first], &addr))
            return cli_usage_error(ctx, "ADDR '%s': expected a number such as 0x08020000", argv[first]);
        if (cli_parse_size(argv[first + 1], &len) || len == 0)
            return cli_usage_error(ctx, "LEN '%s': expected a size such as 128K", argv[first + 1]);
    }
    struct sd_probe *probe;
    struct sd_target *t;
    rc = cli_open_target(ctx, &probe, &t);
    if (rc)
        return rc;
    unsigned s0 = 0, n = 0;
    int err = f.all ? sd_erase_all(t) : sd_erase(t, addr, len, &s0, &n);
    if (err)
        rc = cli_report_error(ctx, err, "erase failed: %s", sd_strerror(err));
    else if (!ctx->g.json) {
        if (f.all)
            fprintf(ctx->out, "erased the whole flash\n");
        else
            fprintf(ctx->out, "erased sectors %u..%u (covering 0x%08x + %u bytes)\n", s0, s0 + n - 1,
                    addr, len);
    }
    json_object_set_new(ctx->result, "mass_erase", json_boolean(f.all));
    if (!f.all && !err) {
        json_object_set_new(ctx->result, "first_sector", json_integer(s0));
        json_object_set_new(ctx->result, "sectors", json_integer(n));
    }
    cli_close_target(probe, t);
    return rc;
}

int cli_cmd_reset(struct cli_ctx *ctx, int argc, char **argv)
{
    struct flags f = { 0 };
    int first;
    int rc = cli_parse_command_options(ctx, argc, argv, on_option, &f, &first);
    if (rc >= 0)
        return rc;
    if (first < argc)
        return cli_usage_error(ctx, "takes no arguments ('%s')", argv[first]);
    struct sd_probe *probe;
    struct sd_target *t;
    rc = cli_open_target(ctx, &probe, &t);
    if (rc)
        return rc;
    int err = sd_reset(t, f.halt, f.hardware);
    if (err)
        rc = cli_report_error(ctx, err, "reset failed: %s", sd_strerror(err));
    else if (!ctx->g.json)
        fprintf(ctx->out, "reset (%s)%s\n", f.hardware ? "NRST" : "software",
                f.halt ? ", core halted at the reset vector" : ", running");
    json_object_set_new(ctx->result, "halted", json_boolean(f.halt && !err));
    cli_close_target(probe, t);
    return rc;
}
