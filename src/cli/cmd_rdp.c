/* swdoctor rdp get | set 0|1|2 [--yes] [--irreversible] */
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "option_bytes_cli.h"
#include "session_target.h"

static const char *level_meaning(int level)
{
    switch (level) {
    case 0: return "no read-out protection";
    case 1: return "flash not readable or writable by a debugger";
    default: return "permanent: debug port disabled for good";
    }
}

static int get(struct cli_ctx *ctx, struct sd_target *t)
{
    int level;
    uint32_t value;
    int err = sd_rdp_get(t, &level, &value);
    if (err)
        return cli_report_error(ctx, err, "cannot read the protection level: %s", sd_strerror(err));
    json_object_set_new(ctx->result, "rdp_level", json_integer(level));
    if (value != UINT32_MAX)
        json_object_set_new(ctx->result, "rdp_value", json_integer(value));
    if (!ctx->g.json) {
        fprintf(ctx->out, "RDP level %d", level);
        if (value != UINT32_MAX)
            fprintf(ctx->out, " (0x%02X)", value);
        fprintf(ctx->out, ": %s\n", level_meaning(level));
    }
    return CLI_EXIT_OK;
}

static int set(struct cli_ctx *ctx, struct sd_target *t, int level, const struct cli_consent *c)
{
    /* The library refuses what needs consent the flags do not give, and
     * returns the plan either way. */
    struct sd_ob_plan plan;
    memset(&plan, 0, sizeof plan);
    int err = sd_rdp_set(t, level, cli_consent_flags(c), &plan);
    if (err == SD_ERR_REFUSED) {
        /* Say it in the CLI's words (with the flag to add), not twice. */
        sd_session_clear_error(ctx->session);
        if (!ctx->g.json)
            fprintf(ctx->out, "RDP level %d -> %d:\n", plan.rdp_old, level);
        cli_show_plan(ctx, &plan);
        int rc = cli_refuse_without_consent(ctx, &plan, c);
        if (rc >= 0)
            return rc;
    }
    json_object_set_new(ctx->result, "written", json_boolean(!err && plan.count > 0));
    if (err)
        return cli_report_error(ctx, err, "changing the protection level failed: %s",
                                sd_strerror(err));
    json_object_set_new(ctx->result, "rdp_level", json_integer(level));
    if (!plan.count) {
        if (!ctx->g.json)
            fprintf(ctx->out, "RDP is already at level %d: nothing written\n", level);
        return CLI_EXIT_OK;
    }
    if (!ctx->g.json)
        fprintf(ctx->out, "RDP level %d -> %d:\n", plan.rdp_old, level);
    cli_show_plan(ctx, &plan);
    if (ctx->g.json)
        return CLI_EXIT_OK;
    if (level == 2)
        fprintf(ctx->out, "written: RDP level 2; the chip no longer answers on its debug port, "
                          "for good\n");
    else
        fprintf(ctx->out, "written: the chip reloaded its option bytes%s and reads back RDP "
                          "level %d\n", plan.erases_flash ? ", erased its flash" : "", level);
    if (level == 1)
        fprintf(ctx->out, "note: a debugger was attached since power-on, so the flash stays "
                          "closed to the core too until the board is power-cycled\n");
    return CLI_EXIT_OK;
}

int cli_cmd_rdp(struct cli_ctx *ctx, int argc, char **argv)
{
    struct cli_consent consent = { 0 };
    int first;
    int rc = cli_parse_command_options(ctx, argc, argv, cli_consent_option, &consent, &first);
    if (rc >= 0)
        return rc;
    if (first >= argc)
        return cli_usage_error(ctx, "expected `get` or `set 0|1|2`");
    const char *sub = argv[first];
    int level = -1;
    if (!strcmp(sub, "get")) {
        if (first + 1 < argc)
            return cli_usage_error(ctx, "get takes no arguments ('%s')", argv[first + 1]);
    } else if (!strcmp(sub, "set")) {
        if (argc - first != 2)
            return cli_usage_error(ctx, "set needs one level: 0, 1 or 2");
        const char *l = argv[first + 1];
        if (strlen(l) != 1 || l[0] < '0' || l[0] > '2')
            return cli_usage_error(ctx, "'%s' is not a protection level: expected 0, 1 or 2", l);
        level = l[0] - '0';
    } else {
        return cli_usage_error(ctx, "'%s': expected `get` or `set 0|1|2`", sub);
    }
    json_object_set_new(ctx->result, "action", json_string(sub));

    struct sd_probe *probe;
    struct sd_target *t;
    rc = cli_open_target(ctx, &probe, &t);
    if (rc)
        return rc;
    rc = level < 0 ? get(ctx, t) : set(ctx, t, level, &consent);
    cli_close_target(probe, t);
    return rc;
}
