/* swdoctor read ADDR LEN -o FILE [--format bin|hex] */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "progress.h"
#include "session_target.h"

struct read_args {
    const char *output;
    int hex;
};

static int on_option(struct cli_ctx *ctx, int opt, const char *arg, void *user)
{
    struct read_args *a = user;
    if (opt == 'o') {
        a->output = arg;
        return 0;
    }
    if (opt == 'f') {
        if (!strcmp(arg, "bin"))
            a->hex = 0;
        else if (!strcmp(arg, "hex"))
            a->hex = 1;
        else
            return cli_usage_error(ctx, "--format '%s': expected bin or hex", arg);
        return 0;
    }
    return cli_usage_error(ctx, "unexpected option");
}

int cli_cmd_read(struct cli_ctx *ctx, int argc, char **argv)
{
    struct read_args a = { 0 };
    int first;
    int rc = cli_parse_command_options(ctx, argc, argv, on_option, &a, &first);
    if (rc >= 0)
        return rc;
    if (argc - first != 2)
        return cli_usage_error(ctx, "expected ADDR and LEN, e.g. swdoctor read 0x08000000 64K -o flash.bin");
    unsigned addr, len;
    if (cli_parse_u32(argv[first], &addr))
        return cli_usage_error(ctx, "ADDR '%s': expected a number such as 0x08000000", argv[first]);
    if (cli_parse_size(argv[first + 1], &len) || len == 0)
        return cli_usage_error(ctx, "LEN '%s': expected a size such as 4096, 0x1000 or 64K",
                               argv[first + 1]);
    if ((uint64_t)addr + len > 0x100000000ull)
        return cli_usage_error(ctx, "0x%08x + %u bytes passes the end of the address space", addr, len);
    if (!a.output)
        return cli_usage_error(ctx, "where to? add -o FILE");
    uint8_t *buf = malloc(len);
    if (!buf)
        return cli_report_error(ctx, SD_ERR_NO_MEMORY, "cannot hold %u bytes", len);
    struct sd_probe *probe;
    struct sd_target *t;
    rc = cli_open_target(ctx, &probe, &t);
    if (rc) {
        free(buf);
        return rc;
    }
    struct cli_progress prog;
    cli_progress_init(&prog, ctx);
    int err = sd_read(t, addr, buf, len, cli_progress_cb, &prog);
    cli_progress_end(&prog);
    if (!err)
        err = a.hex ? sd_image_write_ihex(ctx->session, a.output, addr, buf, len)
                    : sd_image_write_bin(ctx->session, a.output, buf, len);
    if (err)
        rc = cli_report_error(ctx, err, "reading %u bytes at 0x%08x failed: %s", len, addr,
                              sd_strerror(err));
    else if (!ctx->g.json)
        fprintf(ctx->out, "read %u bytes from 0x%08x into %s\n", len, addr, a.output);
    json_object_set_new(ctx->result, "address", json_integer(addr));
    json_object_set_new(ctx->result, "length", json_integer(len));
    json_object_set_new(ctx->result, "output", json_string(a.output));
    cli_close_target(probe, t);
    free(buf);
    return rc;
}
