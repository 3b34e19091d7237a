/* swdoctor info */
#include "cli.h"
#include "commands.h"
#include "session_target.h"

static void print_info(struct cli_ctx *ctx, const struct sd_probe_info *p,
                       const struct sd_chip_info *c)
{
    FILE *o = ctx->out;
    fprintf(o, "probe:      %s %s, firmware %s\n", p->model, p->serial, p->firmware);
    if (c->target_mv >= 0)
        fprintf(o, "voltage:    %d.%02d V\n", c->target_mv / 1000, (c->target_mv % 1000) / 10);
    fprintf(o, "clock:      %u kHz\n", c->speed_khz);
    fprintf(o, "chip:       %s (%s family), DEV_ID 0x%03x, REV_ID 0x%04x\n", c->part, c->family,
            c->dev_id, c->rev_id);
    fprintf(o, "core:       %s (CPUID 0x%08x), %s\n", c->core, c->cpuid, c->core_state);
    fprintf(o, "debug port: ID 0x%08x\n", c->dp_idcode);
    fprintf(o, "flash:      %u KiB at 0x%08x, %u sectors, %s\n", c->flash_kib, c->flash_base,
            c->sectors, c->flash_driver);
    fprintf(o, "ram:        %u KiB at 0x20000000\n", c->sram_kib);
    fprintf(o, "protection: RDP level %d%s", c->rdp_level,
            c->rdp_level == 0 ? " (none)" : c->rdp_level == 1 ? " (flash not readable by a debugger)"
                                                                : " (permanent)");
    if (c->wrp_sectors)
        fprintf(o, ", write-protected sectors mask 0x%llx", (unsigned long long)c->wrp_sectors);
    fputc('\n', o);
}

static json_t *info_json(const struct sd_probe_info *p, const struct sd_chip_info *c)
{
    return json_pack("{s:{s:s,s:s,s:s,s:i},s:{s:s,s:s,s:i,s:i,s:s,s:I,s:I,s:i,s:i,s:i,s:i,s:I,s:s,s:i,s:i}}",
                     "probe", "serial", p->serial, "model", p->model, "firmware", p->firmware,
                     "target_mv", c->target_mv,
                     "chip", "part", c->part, "family", c->family, "dev_id", c->dev_id, "rev_id",
                     c->rev_id, "core", c->core, "cpuid", (json_int_t)c->cpuid, "flash_base",
                     (json_int_t)c->flash_base, "flash_kib", c->flash_kib, "sram_kib", c->sram_kib,
                     "sectors", c->sectors, "rdp_level", c->rdp_level, "wrp_sectors",
                     (json_int_t)c->wrp_sectors, "core_state", c->core_state, "speed_khz",
                     c->speed_khz, "dp_idcode", (json_int_t)c->dp_idcode);
}

int cli_cmd_info(struct cli_ctx *ctx, int argc, char **argv)
{
    int first;
    int rc = cli_parse_command_options(ctx, argc, argv, NULL, NULL, &first);
    if (rc >= 0)
        return rc;
    if (first < argc)
        return cli_usage_error(ctx, "takes no arguments ('%s')", argv[first]);
    struct sd_probe *probe;
    struct sd_target *t;
    rc = cli_open_target(ctx, &probe, &t);
    if (rc)
        return rc;
    struct sd_chip_info c;
    int err = sd_target_chip(t, &c);
    if (err)
        rc = cli_report_error(ctx, err, "cannot read the chip's state: %s", sd_strerror(err));
    else if (ctx->g.json)
        json_object_update_new(ctx->result, info_json(sd_probe_info(probe), &c));
    else
        print_info(ctx, sd_probe_info(probe), &c);
    cli_close_target(probe, t);
    return rc;
}
