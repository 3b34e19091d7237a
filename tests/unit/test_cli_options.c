/* The command line: global options, command options, usage errors and
 * exit codes, as a user meets them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli/cli.h"
#include "cli_test_util.h"

static void free_run(struct run *r)
{
    free(r->out);
    free(r->err);
}

#define RUN(...) ({ const char *a_[] = { "swdoctor", __VA_ARGS__, NULL }; \
                    run_cli((int)(sizeof a_ / sizeof a_[0]) - 1, a_); })

static void help_lists_commands_and_exit_codes(void **state)
{
    (void)state;
    struct run r = RUN("--help");
    assert_int_equal(r.rc, CLI_EXIT_OK);
    for (size_t i = 0; i < cli_command_count; i++)
        assert_non_null(strstr(r.out, cli_commands[i].name));
    assert_non_null(strstr(r.out, "Exit status:"));
    assert_non_null(strstr(r.out, "3  no usable probe"));
    assert_string_equal(r.err, "");
    free_run(&r);
}

static void help_for_a_command_has_examples(void **state)
{
    (void)state;
    struct run r = RUN("help", "flash");
    assert_int_equal(r.rc, CLI_EXIT_OK);
    assert_non_null(strstr(r.out, "Usage: swdoctor flash FILE"));
    assert_non_null(strstr(r.out, "--no-verify"));
    assert_non_null(strstr(r.out, "Examples:\n  swdoctor flash build/app.elf"));
    free_run(&r);

    r = RUN("flash", "--help");
    assert_int_equal(r.rc, CLI_EXIT_OK);
    assert_non_null(strstr(r.out, "Usage: swdoctor flash FILE"));
    free_run(&r);

    /* Every command has a summary, help text and at least one example. */
    for (size_t i = 0; i < cli_command_count; i++) {
        assert_true(strlen(cli_commands[i].summary) > 5);
        assert_true(strlen(cli_commands[i].help) > 20);
        assert_non_null(strstr(cli_commands[i].examples, "swdoctor "));
    }
}

static void version_is_printed(void **state)
{
    (void)state;
    struct run r = RUN("--version");
    assert_int_equal(r.rc, CLI_EXIT_OK);
    assert_non_null(strstr(r.out, "swdoctor " SWDOCTOR_VERSION_STRING));
    free_run(&r);
}

static void missing_and_unknown_commands_are_usage_errors(void **state)
{
    (void)state;
    const char *argv[] = { "swdoctor", NULL };
    struct run r = run_cli(1, argv);
    assert_int_equal(r.rc, CLI_EXIT_USAGE);
    assert_non_null(strstr(r.err, "no command given"));
    free_run(&r);

    r = RUN("flsh", "app.elf");
    assert_int_equal(r.rc, CLI_EXIT_USAGE);
    assert_non_null(strstr(r.err, "'flsh' is not a command. Did you mean 'flash'?"));
    free_run(&r);

    r = RUN("frobnicate");
    assert_int_equal(r.rc, CLI_EXIT_USAGE);
    assert_null(strstr(r.err, "Did you mean"));
    free_run(&r);

    r = RUN("help", "nope");
    assert_int_equal(r.rc, CLI_EXIT_USAGE);
    assert_non_null(strstr(r.err, "no command named 'nope'"));
    free_run(&r);
}

static void bad_global_values_are_usage_errors(void **state)
{
    (void)state;
    static const char *cases[][3] = {
        { "--speed", "fast", "--speed 'fast': expected a clock in kHz" },
        { "--speed", "0", "--speed '0'" },
        { "--speed", "-5", "--speed '-5'" },
        { "--speed", "200000", "from 1 to 100000" },
        { "--transport", "spi", "expected swd or jtag" },
        { "--connect", "now", "expected normal, under-reset or hot-plug" },
        { "--probe", "", "--probe needs a serial number" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct run r = RUN(cases[i][0], cases[i][1], "info");
        assert_int_equal(r.rc, CLI_EXIT_USAGE);
        assert_non_null(strstr(r.err, cases[i][2]));
        assert_string_equal(r.out, "");
        free_run(&r);
        /* The same after the command name. */
        r = RUN("info", cases[i][0], cases[i][1]);
        assert_int_equal(r.rc, CLI_EXIT_USAGE);
        assert_non_null(strstr(r.err, cases[i][2]));
        free_run(&r);
    }
}

static void unknown_options_are_usage_errors(void **state)
{
    (void)state;
    struct run r = RUN("--frequency", "4000", "info");
    assert_int_equal(r.rc, CLI_EXIT_USAGE);
    assert_non_null(strstr(r.err, "'--frequency' is unknown"));
    free_run(&r);

    r = RUN("flash", "app.bin", "--bogus");
    assert_int_equal(r.rc, CLI_EXIT_USAGE);
    assert_non_null(strstr(r.err, "swdoctor flash: option '--bogus' is unknown"));
    assert_non_null(strstr(r.err, "Try `swdoctor help flash`"));
    free_run(&r);

    r = RUN("read", "0x08000000", "16", "-o");
    assert_int_equal(r.rc, CLI_EXIT_USAGE);
    free_run(&r);
}

static void globals_parse_into_the_context(void **state)
{
    (void)state;
    struct cli_globals g = { 0 };
    const char *argv[] = { "swdoctor", "--probe", "0669FF", "--speed", "1800",
                           "--transport", "jtag", "--connect", "under-reset", "--json",
                           "-v", "-v", "-v", "info", NULL };
    int cmd = 0;
    FILE *devnull = fopen("/dev/null", "w");
    assert_int_equal(cli_parse_globals(14, (char **)argv, &g, &cmd, devnull, devnull), -1);
    fclose(devnull);
    assert_int_equal(cmd, 13);
    assert_string_equal(g.probe, "0669FF");
    assert_int_equal(g.speed_khz, 1800);
    assert_int_equal(g.transport, CLI_TRANSPORT_JTAG);
    assert_int_equal(g.connect, CLI_CONNECT_UNDER_RESET);
    assert_true(g.json);
    assert_int_equal(g.verbosity, 2); /* -vv is the most there is */
}

struct seen { unsigned base; int no_verify; };

static int on_flash_option(struct cli_ctx *ctx, int opt, const char *arg, void *user)
{
    struct seen *s = user;
    if (opt == 'b')
        return cli_parse_u32(arg, &s->base) ? cli_usage_error(ctx, "bad --base") : 0;
    if (opt == 'V')
        s->no_verify = 1;
    return 0;
}

static void command_options_mix_with_operands_and_globals(void **state)
{
    (void)state;
    struct cli_ctx ctx = { .out = stdout, .err = stderr, .cmd = cli_find_command("flash") };
    struct seen s = { 0 };
    const char *argv[] = { "flash", "app.bin", "--base", "0x08004000", "--speed", "950",
                           "--no-verify", NULL };
    int first = 0;
    assert_int_equal(cli_parse_command_options(&ctx, 7, (char **)argv, on_flash_option, &s,
                                               &first), -1);
    assert_int_equal(s.base, 0x08004000);
    assert_int_equal(s.no_verify, 1);
    assert_int_equal(ctx.g.speed_khz, 950);
    assert_string_equal(argv[first], "app.bin"); /* operands are moved last */
}

static void numbers_and_sizes(void **state)
{
    (void)state;
    unsigned v;
    assert_int_equal(cli_parse_u32("0x08000000", &v), 0);
    assert_int_equal(v, 0x08000000);
    assert_int_equal(cli_parse_u32("4000", &v), 0);
    assert_int_equal(v, 4000);
    assert_int_equal(cli_parse_u32("12abc", &v), -1);
    assert_int_equal(cli_parse_u32("", &v), -1);
    assert_int_equal(cli_parse_u32("-1", &v), -1);
    assert_int_equal(cli_parse_u32("0x100000000", &v), -1);
    assert_int_equal(cli_parse_size("1M", &v), 0);
    assert_int_equal(v, 1048576);
    assert_int_equal(cli_parse_size("16K", &v), 0);
    assert_int_equal(v, 16384);
    assert_int_equal(cli_parse_size("0x400", &v), 0);
    assert_int_equal(v, 1024);
    assert_int_equal(cli_parse_size("4096M", &v), -1);
    assert_int_equal(cli_parse_size("1G", &v), -1);
}

static void exit_codes_follow_the_documented_rules(void **state)
{
    (void)state;
    assert_int_equal(cli_exit_code(SD_OK), 0);
    assert_int_equal(cli_exit_code(SD_ERR_NO_PROBE), 3);
    assert_int_equal(cli_exit_code(SD_ERR_USB_ACCESS), 3);
    assert_int_equal(cli_exit_code(SD_ERR_USB_BUSY), 3);
    assert_int_equal(cli_exit_code(SD_ERR_PROBE_AMBIGUOUS), 2);
    assert_int_equal(cli_exit_code(SD_ERR_FLASH), 1);
    assert_int_equal(cli_exit_code(SD_ERR_NO_TARGET), 1);
    assert_int_equal(cli_exit_code(SD_ERR_IMAGE_FORMAT), 1);
}

static void errors_carry_detail_and_hint(void **state)
{
    (void)state;
    struct cli_ctx ctx = { .cmd = cli_find_command("list") };
    char *err_text;
    size_t n;
    ctx.err = open_memstream(&err_text, &n);
    ctx.out = ctx.err;
    int rc = cli_report_error(&ctx, SD_ERR_USB_ACCESS, "cannot open probe 0483:3748 on bus 1");
    fclose(ctx.err);
    assert_int_equal(rc, CLI_EXIT_NO_PROBE);
    assert_non_null(strstr(err_text, "swdoctor list: cannot open probe 0483:3748 on bus 1"));
    assert_non_null(strstr(err_text, "udev"));
    free(err_text);
}

static void json_errors_are_one_document(void **state)
{
    (void)state;
    /* An operation that fails in --json mode prints one JSON object on
     * stdout with ok=false and the error's name; nothing else there.  The
     * image is read before any probe is opened, so this needs no bench. */
    struct run r = RUN("--json", "flash", "/nonexistent/swdoctor-unit-test.elf");
    assert_int_equal(r.rc, CLI_EXIT_FAILED);
    json_error_t jerr;
    json_t *doc = json_loads(r.out, 0, &jerr);
    assert_non_null(doc);
    assert_true(json_is_false(json_object_get(doc, "ok")));
    assert_int_equal(json_integer_value(json_object_get(doc, "exit_code")), 1);
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "error"), "name")),
                        "SD_ERR_FILE");
    json_decref(doc);
    free_run(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(help_lists_commands_and_exit_codes),
        cmocka_unit_test(help_for_a_command_has_examples),
        cmocka_unit_test(version_is_printed),
        cmocka_unit_test(missing_and_unknown_commands_are_usage_errors),
        cmocka_unit_test(bad_global_values_are_usage_errors),
        cmocka_unit_test(unknown_options_are_usage_errors),
        cmocka_unit_test(globals_parse_into_the_context),
        cmocka_unit_test(command_options_mix_with_operands_and_globals),
        cmocka_unit_test(numbers_and_sizes),
        cmocka_unit_test(exit_codes_follow_the_documented_rules),
        cmocka_unit_test(errors_carry_detail_and_hint),
        cmocka_unit_test(json_errors_are_one_document),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
