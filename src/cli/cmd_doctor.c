/* swdoctor doctor [--firmware APP.elf] [--no-forensics] [--forensics-ms N]
 *
 * Runs the diagnosis and shows its report.  Exit 0 when the board is
 * healthy, 1 for every finding, including "probe-not-found": the doctor
 * always produces a report, so it does not use exit code 3. */
#include <stdarg.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "doctor_cli.h"

/* A bound on --forensics-ms: a minute of firmware run is plenty to catch
 * what it does after reset, and keeps a typo from hanging the doctor. */
#define FORENSICS_MS_MAX 60000u

struct doctor_args {
    const char *firmware;
    int no_forensics;
    unsigned forensics_ms;
};

static int on_option(struct cli_ctx *ctx, int opt, const char *arg, void *user)
{
    struct doctor_args *a = user;
    switch (opt) {
    case 'f':
        a->firmware = arg;
        return 0;
    case 'N':
        a->no_forensics = 1;
        return 0;
    case 'm':
        if (cli_parse_u32(arg, &a->forensics_ms) || a->forensics_ms == 0 ||
            a->forensics_ms > FORENSICS_MS_MAX)
            return cli_usage_error(ctx, "--forensics-ms: '%s' is not a time in milliseconds "
                                   "(1..%u)", arg, FORENSICS_MS_MAX);
        return 0;
    default:
        return 0;
    }
}

/* ---- text ---- */

/* Append to buf (len bytes, *used so far), truncating quietly. */
__attribute__((format(printf, 4, 5)))
static void append(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
    if (*used >= len)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *used, len - *used, fmt, ap);
    va_end(ap);
    if (n > 0)
        *used += (size_t)n;
}

void cli_doctor_location_text(const struct sd_code_location *l, char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = '\0';
    if (l->function[0]) {
        append(buf, len, &n, "%s", l->function);
        if (l->file[0] && l->line)
            append(buf, len, &n, " (%s:%u)", l->file, l->line);
        else if (l->file[0])
            append(buf, len, &n, " (%s)", l->file);
        append(buf, len, &n, " at ");
    }
    append(buf, len, &n, "0x%08x writes ", l->address);
    if (l->register_name[0])
        append(buf, len, &n, "%s", l->register_name);
    else
        append(buf, len, &n, "0x%08x", l->register_addr);
    append(buf, len, &n, " = 0x%08x", l->value);
}

static void print_finding_body(FILE *out, const struct sd_finding *f, const char *indent)
{
    if (f->n_evidence) {
        fprintf(out, "%sEvidence:\n", indent);
        for (size_t i = 0; i < f->n_evidence; i++)
            fprintf(out, "%s  %s: %s\n", indent, f->evidence[i].name, f->evidence[i].value);
    }
    if (f->n_candidates) {
        fprintf(out, "%sCandidates, most likely first:\n", indent);
        for (size_t i = 0; i < f->n_candidates; i++)
            fprintf(out, "%s  %zu. %s\n", indent, i + 1, f->candidates[i]);
    }
    if (f->has_location) {
        char loc[400];
        cli_doctor_location_text(&f->location, loc, sizeof loc);
        fprintf(out, "%sCode: %s\n", indent, loc);
    }
    if (f->fix[0])
        fprintf(out, "%sFix: %s\n", indent, f->fix);
    if (f->doc[0])
        fprintf(out, "%sMore: %s\n", indent, f->doc);
}

static const char *title_of(const struct sd_finding *f)
{
    const char *t = sd_finding_title(f->id);
    return t ? t : f->id;
}

static void print_seen(FILE *out, const struct sd_doctor_report *r)
{
    if (!r->probe[0] && !r->part[0])
        return;
    fprintf(out, "Seen:");
    const char *sep = " ";
    if (r->probe[0])
        fprintf(out, "%sprobe %s", sep, r->probe), sep = ", ";
    if (r->part[0])
        fprintf(out, "%schip %s", sep, r->part), sep = ", ";
    if (r->target_mv >= 0)
        fprintf(out, "%s%d.%02d V", sep, r->target_mv / 1000, (r->target_mv % 1000) / 10);
    if (r->best_khz)
        fprintf(out, "%sSWD up to %u kHz", sep, r->best_khz);
    fputc('\n', out);
}

void cli_doctor_print(FILE *out, const struct sd_doctor_report *r, int verbose)
{
    if (!r->n_findings) {
        fprintf(out, "No verdict: the checks found nothing they could name, and could not show "
                     "that the board answers normally either.\n");
    } else {
        const struct sd_finding *f = &r->findings[0];
        fprintf(out, "Verdict: %s [%s, %s]\n", title_of(f), f->id,
                sd_confidence_name(f->confidence));
        fprintf(out, "Cause: %s\n", f->cause);
        print_finding_body(out, f, "");
    }
    if (r->n_findings > 1) {
        fprintf(out, "\nAlso found:\n");
        for (size_t i = 1; i < r->n_findings; i++) {
            const struct sd_finding *f = &r->findings[i];
            fprintf(out, "%zu. %s [%s, %s%s]\n", i, title_of(f), f->id,
                    sd_confidence_name(f->confidence), f->blocking ? "" : ", advisory");
            fprintf(out, "   Cause: %s\n", f->cause);
            print_finding_body(out, f, "   ");
        }
    }
    if (verbose && r->n_steps) {
        fprintf(out, "\nSteps:\n");
        for (size_t i = 0; i < r->n_steps; i++)
            fprintf(out, "  %-10s %s\n", r->steps[i].check, r->steps[i].result);
    }
    fputc('\n', out);
    print_seen(out, r);
    fprintf(out, "Time to verdict: %llu.%03llu s\n",
            (unsigned long long)(r->elapsed_us / 1000000u),
            (unsigned long long)(r->elapsed_us / 1000u % 1000u));
}

int cli_doctor_exit_code(const struct sd_doctor_report *r)
{
    return sd_doctor_healthy(r) ? CLI_EXIT_OK : CLI_EXIT_FAILED;
}

/* ---- JSON ---- */

static json_t *hex32(uint32_t v)
{
    char buf[16];
    snprintf(buf, sizeof buf, "0x%08x", v);
    return json_string(buf);
}

static json_t *location_json(const struct sd_code_location *l)
{
    json_t *o = json_object();
    json_object_set_new(o, "address", hex32(l->address));
    json_object_set_new(o, "function", json_string(l->function));
    json_object_set_new(o, "file", json_string(l->file));
    json_object_set_new(o, "line", json_integer(l->line));
    json_object_set_new(o, "register", json_string(l->register_name));
    json_object_set_new(o, "register_address", hex32(l->register_addr));
    json_object_set_new(o, "value", hex32(l->value));
    return o;
}

static json_t *finding_json(const struct sd_finding *f)
{
    json_t *o = json_object();
    const char *title = sd_finding_title(f->id);
    json_object_set_new(o, "id", json_string(f->id));
    json_object_set_new(o, "title", json_string(title ? title : ""));
    json_object_set_new(o, "confidence", json_string(sd_confidence_name(f->confidence)));
    json_object_set_new(o, "blocking", json_boolean(f->blocking));
    json_object_set_new(o, "recoverable", json_boolean(f->recoverable));
    json_object_set_new(o, "cause", json_string(f->cause));
    json_object_set_new(o, "fix", json_string(f->fix));
    json_object_set_new(o, "doc", json_string(f->doc));
    json_t *ev = json_array();
    for (size_t i = 0; i < f->n_evidence && i < SD_FINDING_MAX_EVIDENCE; i++)
        json_array_append_new(ev, json_pack("{s:s,s:s}", "name", f->evidence[i].name, "value",
                                            f->evidence[i].value));
    json_object_set_new(o, "evidence", ev);
    json_t *cand = json_array();
    for (size_t i = 0; i < f->n_candidates && i < SD_FINDING_MAX_CANDIDATES; i++)
        json_array_append_new(cand, json_string(f->candidates[i]));
    json_object_set_new(o, "candidates", cand);
    if (f->has_location)
        json_object_set_new(o, "location", location_json(&f->location));
    return o;
}

json_t *cli_doctor_json(const struct sd_doctor_report *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "healthy", json_boolean(sd_doctor_healthy(r)));
    json_object_set_new(o, "verdict", r->n_findings ? json_string(r->findings[0].id) : json_null());
    json_object_set_new(o, "elapsed_ms", json_integer((json_int_t)(r->elapsed_us / 1000u)));
    json_object_set_new(o, "probe", json_string(r->probe));
    json_object_set_new(o, "part", json_string(r->part));
    json_object_set_new(o, "target_mv", json_integer(r->target_mv));
    json_object_set_new(o, "best_khz", json_integer(r->best_khz));
    json_t *findings = json_array();
    for (size_t i = 0; i < r->n_findings; i++)
        json_array_append_new(findings, finding_json(&r->findings[i]));
    json_object_set_new(o, "findings", findings);
    json_t *steps = json_array();
    for (size_t i = 0; i < r->n_steps; i++)
        json_array_append_new(steps, json_pack("{s:s,s:s}", "check", r->steps[i].check, "result",
                                               r->steps[i].result));
    json_object_set_new(o, "steps", steps);
    return o;
}

int cli_cmd_doctor(struct cli_ctx *ctx, int argc, char **argv)
{
    struct doctor_args a = { 0 };
    int first;
    int rc = cli_parse_command_options(ctx, argc, argv, on_option, &a, &first);
    if (rc >= 0)
        return rc;
    if (first < argc)
        return cli_usage_error(ctx, "takes no arguments ('%s'); the firmware goes after "
                               "--firmware", argv[first]);
    struct sd_doctor_options o = {
        .probe_serial = ctx->g.probe,
        .firmware_elf = a.firmware,
        .transport = ctx->g.transport == CLI_TRANSPORT_JTAG ? SD_TRANSPORT_JTAG : SD_TRANSPORT_SWD,
        .speed_khz = ctx->g.speed_khz,
        .no_forensics = a.no_forensics,
        .forensics_ms = a.forensics_ms,
    };
    struct sd_doctor_report *r = NULL;
    int err = sd_doctor_run(ctx->session, &o, &r);
    if (err || !r)
        return cli_report_error(ctx, err ? err : SD_ERR_NO_MEMORY, "the doctor could not run: %s",
                                sd_strerror(err ? err : SD_ERR_NO_MEMORY));
    if (ctx->g.json)
        json_object_update_new(ctx->result, cli_doctor_json(r));
    else
        cli_doctor_print(ctx->out, r, ctx->g.verbosity > 0);
    rc = cli_doctor_exit_code(r);
    sd_doctor_report_free(r);
    return rc;
}
