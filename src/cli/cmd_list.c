/* swdoctor list */
#include "cli.h"
#include "commands.h"

static void print_probe(struct cli_ctx *ctx, const struct sd_probe_info *p)
{
    fprintf(ctx->out, "%-24s  %-14s  %04x:%04x  bus %03u dev %03u", p->serial[0] ? p->serial : "(no serial)",
            p->model, p->vid, p->pid, p->bus, p->address);
    if (p->status != SD_OK) {
        fprintf(ctx->out, "  unusable: %s\n", p->status_detail[0] ? p->status_detail
                                                                  : sd_strerror(p->status));
        return;
    }
    fprintf(ctx->out, "  firmware %s", p->firmware[0] ? p->firmware : "?");
    if (p->target_mv >= 0)
        fprintf(ctx->out, "  target %d.%02d V", p->target_mv / 1000, (p->target_mv % 1000) / 10);
    fputc('\n', ctx->out);
}

static json_t *probe_json(const struct sd_probe_info *p)
{
    json_t *o = json_object();
    json_object_set_new(o, "serial", json_string(p->serial));
    json_object_set_new(o, "model", json_string(p->model));
    json_object_set_new(o, "vid", json_integer(p->vid));
    json_object_set_new(o, "pid", json_integer(p->pid));
    json_object_set_new(o, "bus", json_integer(p->bus));
    json_object_set_new(o, "address", json_integer(p->address));
    json_object_set_new(o, "usable", json_boolean(p->status == SD_OK));
    if (p->status != SD_OK) {
        json_object_set_new(o, "error", json_string(sd_errname(p->status)));
        json_object_set_new(o, "detail", json_string(p->status_detail));
    } else {
        json_object_set_new(o, "firmware", json_string(p->firmware));
        json_object_set_new(o, "api_version", json_integer(p->api_version));
        if (p->target_mv >= 0)
            json_object_set_new(o, "target_mv", json_integer(p->target_mv));
    }
    return o;
}

int cli_cmd_list(struct cli_ctx *ctx, int argc, char **argv)
{
    int first;
    int rc = cli_parse_command_options(ctx, argc, argv, NULL, NULL, &first);
    if (rc >= 0)
        return rc;
    if (first < argc)
        return cli_usage_error(ctx, "takes no arguments ('%s')", argv[first]);
    struct sd_probe_info *list;
    size_t n;
    rc = sd_probe_list(ctx->session, &list, &n);
    if (rc)
        return cli_report_error(ctx, rc, "cannot list probes: %s", sd_strerror(rc));
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        if (!ctx->g.json)
            print_probe(ctx, &list[i]);
        json_array_append_new(arr, probe_json(&list[i]));
    }
    json_object_set_new(ctx->result, "probes", arr);
    sd_probe_list_free(list);
    if (n == 0)
        return cli_report_error(ctx, SD_ERR_NO_PROBE, "no ST-LINK probe found");
    return CLI_EXIT_OK;
}
