/* How `swdoctor doctor` and `swdoctor recover` show a report: the JSON
 * contract (fields, types, escaping), the text a person reads (verdict
 * first, evidence, numbered candidates, the code location line, fix, doc,
 * other findings, steps with -v, time to verdict) and the exit codes.
 * The reports are built by hand: no probe, no bench. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli/cli.h"
#include "cli_test_util.h"
#include "cli/doctor_cli.h"

/* A cause with every character JSON must escape, and UTF-8. */
static const char tricky_cause[] = "PA13 \"SWDIO\" \\ back\tslash\nnext line, 3.3 V \xc2\xb1 5 %";

static void fill_pins_finding(struct sd_finding *f)
{
    memset(f, 0, sizeof *f);
    f->id = "debug-pins-disabled-by-firmware";
    f->confidence = SD_CONFIDENCE_LIKELY;
    f->blocking = 1;
    f->recoverable = 1;
    snprintf(f->cause, sizeof f->cause, "%s", tricky_cause);
    snprintf(f->fix, sizeof f->fix, "Run `swdoctor recover`.");
    snprintf(f->doc, sizeof f->doc, "docs/findings/debug-pins-disabled-by-firmware.md");
    snprintf(f->evidence[0].name, sizeof f->evidence[0].name, "target voltage");
    snprintf(f->evidence[0].value, sizeof f->evidence[0].value, "3.29 V");
    snprintf(f->evidence[1].name, sizeof f->evidence[1].name, "GPIOA_MODER");
    snprintf(f->evidence[1].value, sizeof f->evidence[1].value, "0xa4000000 (PA13/PA14 output)");
    f->n_evidence = 2;
    snprintf(f->candidates[0], sizeof f->candidates[0], "firmware: MODER written");
    snprintf(f->candidates[1], sizeof f->candidates[1], "wiring: \"open\" SWDIO");
    f->n_candidates = 2;
    f->has_location = 1;
    f->location = (struct sd_code_location){ .address = 0x08000234, .line = 212,
                                             .register_addr = 0x40020000, .value = 0xa4000000 };
    snprintf(f->location.function, sizeof f->location.function, "MX_GPIO_Init");
    snprintf(f->location.file, sizeof f->location.file, "main.c");
    snprintf(f->location.register_name, sizeof f->location.register_name, "GPIOA_MODER");
}

static void fill_advisory_finding(struct sd_finding *f)
{
    memset(f, 0, sizeof *f);
    f->id = "nrst-not-connected";
    f->confidence = SD_CONFIDENCE_CERTAIN;
    f->blocking = 0;
    snprintf(f->cause, sizeof f->cause, "NRST pulses do not reset the core");
    snprintf(f->fix, sizeof f->fix, "Wire NRST.");
    snprintf(f->doc, sizeof f->doc, "docs/findings/nrst-not-connected.md");
}

struct fixture {
    struct sd_finding findings[2];
    struct sd_doctor_step steps[2];
    struct sd_doctor_report r;
};

static void make_report(struct fixture *x)
{
    memset(x, 0, sizeof *x);
    fill_pins_finding(&x->findings[0]);
    fill_advisory_finding(&x->findings[1]);
    snprintf(x->steps[0].check, sizeof x->steps[0].check, "power");
    snprintf(x->steps[0].result, sizeof x->steps[0].result, "3.29 V on VREF");
    snprintf(x->steps[1].check, sizeof x->steps[1].check, "wire");
    snprintf(x->steps[1].result, sizeof x->steps[1].result, "no answer at 4000 kHz");
    x->r.findings = x->findings;
    x->r.n_findings = 2;
    x->r.steps = x->steps;
    x->r.n_steps = 2;
    snprintf(x->r.probe, sizeof x->r.probe, "ST-LINK/V2 V2J37S7 (serial 066D)");
    snprintf(x->r.part, sizeof x->r.part, "STM32F405/407/415/417");
    x->r.target_mv = 3290;
    x->r.best_khz = 480;
    x->r.elapsed_us = 1234567;
}

/* Dump as the CLI does and parse back: what a script would see. */
static json_t *round_trip(json_t *o)
{
    char *text = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
    assert_non_null(text);
    json_error_t e;
    json_t *back = json_loads(text, 0, &e);
    free(text);
    assert_non_null(back);
    json_decref(o);
    return back;
}

static const char *str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    assert_non_null(v);
    assert_true(json_is_string(v));
    return json_string_value(v);
}

static void doctor_json_has_the_contract_fields(void **state)
{
    (void)state;
    struct fixture x;
    make_report(&x);
    json_t *o = round_trip(cli_doctor_json(&x.r));

    assert_true(json_is_false(json_object_get(o, "healthy")));
    assert_string_equal(str(o, "verdict"), "debug-pins-disabled-by-firmware");
    assert_int_equal(json_integer_value(json_object_get(o, "elapsed_ms")), 1234);
    assert_string_equal(str(o, "probe"), "ST-LINK/V2 V2J37S7 (serial 066D)");
    assert_string_equal(str(o, "part"), "STM32F405/407/415/417");
    assert_int_equal(json_integer_value(json_object_get(o, "target_mv")), 3290);
    assert_int_equal(json_integer_value(json_object_get(o, "best_khz")), 480);

    json_t *fs = json_object_get(o, "findings");
    assert_int_equal(json_array_size(fs), 2);
    json_t *f = json_array_get(fs, 0);
    assert_string_equal(str(f, "id"), "debug-pins-disabled-by-firmware");
    assert_string_equal(str(f, "title"), sd_finding_title("debug-pins-disabled-by-firmware"));
    assert_string_equal(str(f, "confidence"), "likely");
    assert_true(json_is_true(json_object_get(f, "blocking")));
    assert_true(json_is_true(json_object_get(f, "recoverable")));
    /* Quotes, backslash, tab, newline and UTF-8 survive the trip. */
    assert_string_equal(str(f, "cause"), tricky_cause);
    assert_string_equal(str(f, "fix"), "Run `swdoctor recover`.");
    assert_string_equal(str(f, "doc"), "docs/findings/debug-pins-disabled-by-firmware.md");

    json_t *ev = json_object_get(f, "evidence");
    assert_int_equal(json_array_size(ev), 2);
    assert_string_equal(str(json_array_get(ev, 1), "name"), "GPIOA_MODER");
    assert_string_equal(str(json_array_get(ev, 1), "value"), "0xa4000000 (PA13/PA14 output)");
    json_t *cand = json_object_get(f, "candidates");
    assert_int_equal(json_array_size(cand), 2);
    assert_string_equal(json_string_value(json_array_get(cand, 1)), "wiring: \"open\" SWDIO");

    json_t *loc = json_object_get(f, "location");
    assert_non_null(loc);
    assert_string_equal(str(loc, "address"), "0x08000234");
    assert_string_equal(str(loc, "function"), "MX_GPIO_Init");
    assert_string_equal(str(loc, "file"), "main.c");
    assert_int_equal(json_integer_value(json_object_get(loc, "line")), 212);
    assert_string_equal(str(loc, "register"), "GPIOA_MODER");
    assert_string_equal(str(loc, "register_address"), "0x40020000");
    assert_string_equal(str(loc, "value"), "0xa4000000");

    /* The advisory finding: no location object when none is known. */
    json_t *g = json_array_get(fs, 1);
    assert_true(json_is_false(json_object_get(g, "blocking")));
    assert_true(json_is_false(json_object_get(g, "recoverable")));
    assert_string_equal(str(g, "confidence"), "certain");
    assert_null(json_object_get(g, "location"));
    assert_int_equal(json_array_size(json_object_get(g, "evidence")), 0);
    assert_int_equal(json_array_size(json_object_get(g, "candidates")), 0);

    json_t *steps = json_object_get(o, "steps");
    assert_int_equal(json_array_size(steps), 2);
    assert_string_equal(str(json_array_get(steps, 1), "check"), "wire");
    assert_string_equal(str(json_array_get(steps, 1), "result"), "no answer at 4000 kHz");
    json_decref(o);
}

static void empty_report_renders_without_a_verdict(void **state)
{
    (void)state;
    struct sd_doctor_report r = { .target_mv = -1 };
    json_t *o = round_trip(cli_doctor_json(&r));
    assert_true(json_is_false(json_object_get(o, "healthy")));
    assert_true(json_is_null(json_object_get(o, "verdict")));
    assert_int_equal(json_integer_value(json_object_get(o, "target_mv")), -1);
    assert_int_equal(json_array_size(json_object_get(o, "findings")), 0);
    assert_int_equal(json_array_size(json_object_get(o, "steps")), 0);
    json_decref(o);

    char *text;
    size_t n;
    FILE *out = open_memstream(&text, &n);
    cli_doctor_print(out, &r, 1);
    fclose(out);
    assert_non_null(strstr(text, "No verdict"));
    assert_null(strstr(text, "Seen:"));          /* nothing was reached */
    assert_non_null(strstr(text, "Time to verdict: 0.000 s"));
    free(text);
    assert_int_equal(cli_doctor_exit_code(&r), CLI_EXIT_FAILED);
}

static void exit_code_is_zero_only_when_healthy(void **state)
{
    (void)state;
    struct sd_finding f = { .id = "healthy", .confidence = SD_CONFIDENCE_CERTAIN };
    struct sd_doctor_report r = { .findings = &f, .n_findings = 1, .target_mv = 3300 };
    assert_int_equal(cli_doctor_exit_code(&r), CLI_EXIT_OK);
    json_t *o = cli_doctor_json(&r);
    assert_true(json_is_true(json_object_get(o, "healthy")));
    json_decref(o);

    /* No probe is a finding like any other: exit 1, not 3. */
    f.id = "probe-not-found";
    f.blocking = 1;
    assert_int_equal(cli_doctor_exit_code(&r), CLI_EXIT_FAILED);

    struct fixture x;
    make_report(&x);
    assert_int_equal(cli_doctor_exit_code(&x.r), CLI_EXIT_FAILED);
}

/* Position of `needle` in `hay`, failing when absent. */
static size_t at(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    if (!p)
        fail_msg("missing in output: \"%s\"\n--- output ---\n%s", needle, hay);
    return (size_t)(p - hay);
}

static void text_puts_the_verdict_first(void **state)
{
    (void)state;
    struct fixture x;
    make_report(&x);
    char *text;
    size_t n;
    FILE *out = open_memstream(&text, &n);
    cli_doctor_print(out, &x.r, 0);
    fclose(out);

    const char *title = sd_finding_title("debug-pins-disabled-by-firmware");
    char verdict[200];
    snprintf(verdict, sizeof verdict, "Verdict: %s [debug-pins-disabled-by-firmware, likely]\n",
             title);
    assert_int_equal(at(text, verdict), 0);
    size_t cause = at(text, "Cause: PA13 \"SWDIO\"");
    size_t ev = at(text, "\n  target voltage: 3.29 V\n");
    size_t ev2 = at(text, "\n  GPIOA_MODER: 0xa4000000 (PA13/PA14 output)\n");
    size_t c1 = at(text, "\n  1. firmware: MODER written\n");
    size_t c2 = at(text, "\n  2. wiring: \"open\" SWDIO\n");
    size_t code = at(text, "\nCode: MX_GPIO_Init (main.c:212) at 0x08000234 writes GPIOA_MODER = "
                           "0xa4000000\n");
    size_t fix = at(text, "\nFix: Run `swdoctor recover`.\n");
    size_t doc = at(text, "\nMore: docs/findings/debug-pins-disabled-by-firmware.md\n");
    size_t other = at(text, "\nAlso found:\n1. ");
    size_t adv = at(text, "[nrst-not-connected, certain, advisory]");
    size_t seen = at(text, "\nSeen: probe ST-LINK/V2 V2J37S7 (serial 066D), chip "
                           "STM32F405/407/415/417, 3.29 V, SWD up to 480 kHz\n");
    size_t time = at(text, "\nTime to verdict: 1.234 s\n");
    assert_true(cause < ev && ev < ev2 && ev2 < c1 && c1 < c2 && c2 < code && code < fix &&
                fix < doc && doc < other && other < adv && adv < seen && seen < time);
    /* Steps only with -v. */
    assert_null(strstr(text, "Steps:"));
    free(text);

    out = open_memstream(&text, &n);
    cli_doctor_print(out, &x.r, 1);
    fclose(out);
    size_t steps = at(text, "\nSteps:\n");
    size_t s2 = at(text, "\n  wire       no answer at 4000 kHz\n");
    assert_true(at(text, "Also found:") < steps && steps < s2 && s2 < at(text, "Time to verdict"));
    free(text);
}

static void location_line_without_symbols(void **state)
{
    (void)state;
    struct sd_code_location l = { .address = 0x08000234, .register_addr = 0x40010004,
                                  .value = 0x04000000 };
    char buf[200];
    cli_doctor_location_text(&l, buf, sizeof buf);
    assert_string_equal(buf, "0x08000234 writes 0x40010004 = 0x04000000");

    snprintf(l.function, sizeof l.function, "main");
    snprintf(l.register_name, sizeof l.register_name, "AFIO_MAPR");
    cli_doctor_location_text(&l, buf, sizeof buf);
    assert_string_equal(buf, "main at 0x08000234 writes AFIO_MAPR = 0x04000000");

    /* A short buffer truncates, it does not overrun. */
    char small[12];
    cli_doctor_location_text(&l, small, sizeof small);
    assert_string_equal(small, "main at 0x0");
}

static void recover_report_renders(void **state)
{
    (void)state;
    struct sd_recover_report r;
    memset(&r, 0, sizeof r);
    snprintf(r.part, sizeof r.part, "STM32F405/407/415/417");
    snprintf(r.steps[0], sizeof r.steps[0], "target voltage: 3.29 V");
    snprintf(r.steps[1], sizeof r.steps[1], "flash: erased \"all\"");
    r.n_steps = 2;
    r.connected_under_reset = r.dbgmcu_set = r.erased = r.answers_normally = 1;

    json_t *o = round_trip(cli_recover_json(&r, 1));
    assert_true(json_is_true(json_object_get(o, "recovered")));
    assert_string_equal(str(o, "part"), "STM32F405/407/415/417");
    assert_true(json_is_true(json_object_get(o, "connected_under_reset")));
    assert_true(json_is_true(json_object_get(o, "dbgmcu_set")));
    assert_true(json_is_true(json_object_get(o, "erased")));
    assert_true(json_is_false(json_object_get(o, "unlocked")));
    assert_true(json_is_true(json_object_get(o, "answers_normally")));
    assert_int_equal(json_array_size(json_object_get(o, "steps")), 2);
    assert_string_equal(json_string_value(json_array_get(json_object_get(o, "steps"), 1)),
                        "flash: erased \"all\"");
    assert_string_equal(str(o, "hardware_step"), "");
    json_decref(o);

    char *text;
    size_t n;
    FILE *out = open_memstream(&text, &n);
    cli_recover_print(out, &r, 1);
    fclose(out);
    assert_string_equal(text, "target voltage: 3.29 V\nflash: erased \"all\"\n"
                              "The board answers normally.\n");
    free(text);

    /* Not recovered: the hardware step, never "answers normally". */
    r.answers_normally = r.erased = r.dbgmcu_set = r.connected_under_reset = 0;
    r.n_steps = 1;
    snprintf(r.hardware_step, sizeof r.hardware_step, "NRST is held low: remove the switch.");
    o = round_trip(cli_recover_json(&r, 0));
    assert_true(json_is_false(json_object_get(o, "recovered")));
    assert_true(json_is_false(json_object_get(o, "answers_normally")));
    assert_string_equal(str(o, "hardware_step"), "NRST is held low: remove the switch.");
    json_decref(o);
    out = open_memstream(&text, &n);
    cli_recover_print(out, &r, 0);
    fclose(out);
    assert_string_equal(text, "target voltage: 3.29 V\nThe board is not recovered. What to do: "
                              "NRST is held low: remove the switch.\n");
    free(text);
}


#define RUN(...) ({ const char *a_[] = { "swdoctor", __VA_ARGS__, NULL }; \
                    run_cli((int)(sizeof a_ / sizeof a_[0]) - 1, a_); })

static void command_lines_are_checked_before_the_probe(void **state)
{
    (void)state;
    struct run r = RUN("doctor", "--forensics-ms", "0");
    assert_int_equal(r.rc, CLI_EXIT_USAGE);
    assert_non_null(strstr(r.err, "swdoctor doctor: --forensics-ms: '0'"));
    free(r.out), free(r.err);

    r = RUN("doctor", "app.elf");
    assert_int_equal(r.rc, CLI_EXIT_USAGE);
    assert_non_null(strstr(r.err, "--firmware"));
    free(r.out), free(r.err);

    r = RUN("recover", "--yes");
    assert_int_equal(r.rc, CLI_EXIT_USAGE);
    free(r.out), free(r.err);

    r = RUN("--connect", "hot-plug", "recover");
    assert_int_equal(r.rc, CLI_EXIT_USAGE);
    assert_non_null(strstr(r.err, "under reset"));
    free(r.out), free(r.err);

    r = RUN("help", "recover");
    assert_int_equal(r.rc, CLI_EXIT_OK);
    assert_non_null(strstr(r.out, "Usage: swdoctor recover [--unlock] [--keep-firmware]"));
    assert_non_null(strstr(r.out, "BOOT0 high, power-cycle, `swdoctor recover`, BOOT0 low"));
    free(r.out), free(r.err);

    r = RUN("help", "doctor");
    assert_int_equal(r.rc, CLI_EXIT_OK);
    assert_non_null(strstr(r.out, "--no-forensics"));
    assert_non_null(strstr(r.out, "--forensics-ms N"));
    free(r.out), free(r.err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(doctor_json_has_the_contract_fields),
        cmocka_unit_test(empty_report_renders_without_a_verdict),
        cmocka_unit_test(exit_code_is_zero_only_when_healthy),
        cmocka_unit_test(text_puts_the_verdict_first),
        cmocka_unit_test(location_line_without_symbols),
        cmocka_unit_test(recover_report_renders),
        cmocka_unit_test(command_lines_are_checked_before_the_probe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
