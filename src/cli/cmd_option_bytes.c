/* swdoctor option-bytes show | set FIELD=VALUE... [--yes] [--irreversible] */
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "option_bytes_cli.h"
#include "session_target.h"

int cli_consent_option(struct cli_ctx *ctx, int opt, const char *arg, void *user)
{
    (void)arg;
    struct cli_consent *c = user;
    switch (opt) {
    case 'y': c->yes = true; return 0;
    case 'I': c->irreversible = true; return 0;
    }
    return cli_usage_error(ctx, "unexpected option");
}

unsigned cli_consent_flags(const struct cli_consent *c)
{
    return (c->yes ? SD_CONFIRM_ERASE : 0u) | (c->irreversible ? SD_CONFIRM_IRREVERSIBLE : 0u);
}

void cli_show_plan(struct cli_ctx *ctx, const struct sd_ob_plan *plan)
{
    json_t *changes = json_array();
    for (unsigned i = 0; i < plan->count; i++) {
        const struct sd_ob_change *ch = &plan->change[i];
        json_array_append_new(changes, json_pack("{s:s,s:I,s:I,s:s,s:s}", "name", ch->name, "old",
                                                 (json_int_t)ch->old_value, "new",
                                                 (json_int_t)ch->new_value, "old_text",
                                                 ch->old_text, "new_text", ch->new_text));
        if (!ctx->g.json)
            fprintf(ctx->out, "  %-12s %s -> %s\n", ch->name, ch->old_text, ch->new_text);
    }
    json_object_set_new(ctx->result, "changes", changes);
    json_object_set_new(ctx->result, "rdp_level_before", json_integer(plan->rdp_old));
    json_object_set_new(ctx->result, "rdp_level_after", json_integer(plan->rdp_new));
    json_object_set_new(ctx->result, "erases_flash", json_boolean(plan->erases_flash));
    json_object_set_new(ctx->result, "irreversible", json_boolean(plan->irreversible));
}

int cli_refuse_without_consent(struct cli_ctx *ctx, const struct sd_ob_plan *plan,
                               const struct cli_consent *c)
{
    bool need_yes = plan->erases_flash && !c->yes;
    bool need_irr = plan->irreversible && !c->irreversible;
    if (!need_yes && !need_irr)
        return -1;
    json_object_set_new(ctx->result, "written", json_false());
    return cli_report_error(ctx, SD_ERR_REFUSED, "refused: %s. Nothing was written; add %s%s%s if "
                            "you really mean it", plan->consequence, need_yes ? "--yes" : "",
                            need_yes && need_irr ? " and " : "", need_irr ? "--irreversible" : "");
}

static void print_table(struct cli_ctx *ctx, const struct sd_option_bytes *ob)
{
    size_t wn = strlen("field"), wv = strlen("value");
    for (unsigned i = 0; i < ob->count; i++) {
        if (strlen(ob->field[i].name) > wn)
            wn = strlen(ob->field[i].name);
        if (strlen(ob->field[i].text) > wv)
            wv = strlen(ob->field[i].text);
    }
    fprintf(ctx->out, "%-*s  %-*s  %s\n", (int)wn, "field", (int)wv, "value", "meaning");
    for (unsigned i = 0; i < ob->count; i++)
        fprintf(ctx->out, "%-*s  %-*s  %s\n", (int)wn, ob->field[i].name, (int)wv,
                ob->field[i].text, ob->field[i].doc);
}

static json_t *table_json(const struct sd_option_bytes *ob)
{
    static const char *const kinds[] = { [SD_OB_NUMBER] = "number", [SD_OB_BOOL] = "bool",
                                         [SD_OB_RDP] = "rdp" };
    json_t *a = json_array();
    for (unsigned i = 0; i < ob->count; i++) {
        const struct sd_ob_field *f = &ob->field[i];
        json_t *o = json_pack("{s:s,s:I,s:s,s:i,s:s,s:s}", "name", f->name, "value",
                              (json_int_t)f->value, "text", f->text, "width", f->width, "kind",
                              kinds[f->kind], "doc", f->doc);
        if (f->kind == SD_OB_RDP)
            json_object_set_new(o, "rdp_level", json_integer(f->rdp_level));
        json_array_append_new(a, o);
    }
    return a;
}

static int show(struct cli_ctx *ctx, struct sd_target *t)
{
    struct sd_option_bytes ob;
    int err = sd_option_bytes_read(t, &ob);
    if (err)
        return cli_report_error(ctx, err, "cannot read the option bytes: %s", sd_strerror(err));
    json_object_set_new(ctx->result, "option_bytes", table_json(&ob));
    json_object_set_new(ctx->result, "rdp_level", json_integer(ob.rdp_level));
    if (!ctx->g.json)
        print_table(ctx, &ob);
    return CLI_EXIT_OK;
}

static int set(struct cli_ctx *ctx, struct sd_target *t, char **assignments, unsigned n,
               const struct cli_consent *consent)
{
    const char *const *list = (const char *const *)assignments;
    struct sd_ob_plan plan;
    int err = sd_option_bytes_plan(t, list, n, &plan);
    if (err)
        return cli_report_error(ctx, err, "cannot set the option bytes: %s", sd_strerror(err));
    if (!plan.count) {
        json_object_set_new(ctx->result, "changes", json_array());
        json_object_set_new(ctx->result, "written", json_false());
        if (!ctx->g.json)
            fprintf(ctx->out, "nothing to change: the option bytes already hold these values\n");
        return CLI_EXIT_OK;
    }
    if (!ctx->g.json)
        fprintf(ctx->out, "option bytes to change:\n");
    cli_show_plan(ctx, &plan);
    int rc = cli_refuse_without_consent(ctx, &plan, consent);
    if (rc >= 0)
        return rc;
    err = sd_option_bytes_write(t, list, n, cli_consent_flags(consent), &plan);
    json_object_set_new(ctx->result, "written", json_boolean(!err));
    if (err)
        return cli_report_error(ctx, err, "writing the option bytes failed: %s", sd_strerror(err));
    if (!ctx->g.json)
        fprintf(ctx->out, "written: the chip reloaded its option bytes and reads the new values "
                          "back%s\n", plan.erases_flash ? " (its flash was erased)" : "");
    return CLI_EXIT_OK;
}

int cli_cmd_option_bytes(struct cli_ctx *ctx, int argc, char **argv)
{
    struct cli_consent consent = { 0 };
    int first;
    int rc = cli_parse_command_options(ctx, argc, argv, cli_consent_option, &consent, &first);
    if (rc >= 0)
        return rc;
    if (first >= argc)
        return cli_usage_error(ctx, "expected `show` or `set FIELD=VALUE...`");
    const char *sub = argv[first];
    bool is_show = !strcmp(sub, "show"), is_set = !strcmp(sub, "set");
    if (!is_show && !is_set)
        return cli_usage_error(ctx, "'%s': expected `show` or `set FIELD=VALUE...`", sub);
    if (is_show && first + 1 < argc)
        return cli_usage_error(ctx, "show takes no arguments ('%s')", argv[first + 1]);
    if (is_set && first + 1 >= argc)
        return cli_usage_error(ctx, "set needs at least one FIELD=VALUE, e.g. BOR_LEV=3 "
                                    "(`swdoctor option-bytes show` lists the fields)");
    for (int i = first + 1; is_set && i < argc; i++)
        if (!strchr(argv[i], '=') || argv[i][0] == '=')
            return cli_usage_error(ctx, "'%s': expected FIELD=VALUE, e.g. BOR_LEV=3", argv[i]);
    json_object_set_new(ctx->result, "action", json_string(sub));

    struct sd_probe *probe;
    struct sd_target *t;
    rc = cli_open_target(ctx, &probe, &t);
    if (rc)
        return rc;
    if (is_show)
        rc = show(ctx, t);
    else
        rc = set(ctx, t, argv + first + 1, (unsigned)(argc - first - 1), &consent);
    cli_close_target(probe, t);
    return rc;
}
