/* The command lines of `option-bytes` and `rdp`: what is a usage error
 * (exit 2, before any probe is touched), and the help a user reads. */
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

/* A usage error: exit 2, the reason and the pointer to the help. */
static void expect_usage(struct run r, const char *cmd, const char *reason)
{
    assert_int_equal(r.rc, CLI_EXIT_USAGE);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "swdoctor %s: ", cmd);
    assert_non_null(strstr(r.err, prefix));
    assert_non_null(strstr(r.err, reason));
    char help[64];
    snprintf(help, sizeof help, "Try `swdoctor help %s`.", cmd);
    assert_non_null(strstr(r.err, help));
    assert_string_equal(r.out, "");
    free_run(&r);
}

static void option_bytes_needs_show_or_set(void **state)
{
    (void)state;
    expect_usage(RUN("option-bytes"), "option-bytes", "expected `show` or `set FIELD=VALUE...`");
    expect_usage(RUN("option-bytes", "list"), "option-bytes", "'list': expected `show`");
    expect_usage(RUN("option-bytes", "show", "RDP"), "option-bytes", "show takes no arguments ('RDP')");
}

static void option_bytes_set_needs_assignments(void **state)
{
    (void)state;
    expect_usage(RUN("option-bytes", "set"), "option-bytes", "set needs at least one FIELD=VALUE");
    expect_usage(RUN("option-bytes", "set", "BOR_LEV"), "option-bytes",
                 "'BOR_LEV': expected FIELD=VALUE, e.g. BOR_LEV=3");
    expect_usage(RUN("option-bytes", "set", "BOR_LEV=3", "=1"), "option-bytes",
                 "'=1': expected FIELD=VALUE");
    /* Options may come anywhere; unknown ones are usage errors. */
    expect_usage(RUN("option-bytes", "set", "BOR_LEV=3", "--force"), "option-bytes",
                 "option '--force' is unknown");
}

static void rdp_needs_get_or_a_level(void **state)
{
    (void)state;
    expect_usage(RUN("rdp"), "rdp", "expected `get` or `set 0|1|2`");
    expect_usage(RUN("rdp", "show"), "rdp", "'show': expected `get` or `set 0|1|2`");
    expect_usage(RUN("rdp", "get", "1"), "rdp", "get takes no arguments ('1')");
    expect_usage(RUN("rdp", "set"), "rdp", "set needs one level: 0, 1 or 2");
    expect_usage(RUN("rdp", "set", "0", "1"), "rdp", "set needs one level: 0, 1 or 2");
    expect_usage(RUN("rdp", "set", "3"), "rdp", "'3' is not a protection level: expected 0, 1 or 2");
    expect_usage(RUN("rdp", "set", "01", "--yes"), "rdp", "'01' is not a protection level");
    expect_usage(RUN("rdp", "set", "-1"), "rdp", "option -1 is unknown");
    expect_usage(RUN("rdp", "set", "0", "--yess"), "rdp", "option '--yess' is unknown");
}

static void usage_errors_in_json_mode_print_no_document(void **state)
{
    (void)state;
    struct run r = RUN("--json", "rdp", "set", "9");
    assert_int_equal(r.rc, CLI_EXIT_USAGE);
    assert_string_equal(r.out, "");
    free_run(&r);
}

static void help_explains_consent_with_examples(void **state)
{
    (void)state;
    struct run r = RUN("help", "rdp");
    assert_int_equal(r.rc, CLI_EXIT_OK);
    assert_non_null(strstr(r.out, "Usage: swdoctor rdp get | set 0|1|2"));
    assert_non_null(strstr(r.out, "--yes"));
    assert_non_null(strstr(r.out, "erase its whole"));
    assert_non_null(strstr(r.out, "--irreversible"));
    assert_non_null(strstr(r.out, "never be\ndebugged or reprogrammed through SWD again"));
    assert_non_null(strstr(r.out, "  swdoctor rdp set 0 --yes\n"));
    free_run(&r);

    r = RUN("option-bytes", "--help");
    assert_int_equal(r.rc, CLI_EXIT_OK);
    assert_non_null(strstr(r.out, "Usage: swdoctor option-bytes show | set FIELD=VALUE..."));
    assert_non_null(strstr(r.out, "old -> new"));
    assert_non_null(strstr(r.out, "  swdoctor option-bytes show\n"));
    assert_non_null(strstr(r.out, "  swdoctor option-bytes set BOR_LEV=1\n"));
    free_run(&r);
}

static void both_commands_are_implemented(void **state)
{
    (void)state;
    /* Not the "not implemented yet" stub any more: with no probe on the
     * bus (unit tests run without one) they get as far as opening it. */
    struct run r = RUN("rdp", "get");
    assert_null(strstr(r.err, "not implemented"));
    assert_int_not_equal(r.rc, CLI_EXIT_USAGE);
    free_run(&r);
    r = RUN("option-bytes", "show");
    assert_null(strstr(r.err, "not implemented"));
    assert_int_not_equal(r.rc, CLI_EXIT_USAGE);
    free_run(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(option_bytes_needs_show_or_set),
        cmocka_unit_test(option_bytes_set_needs_assignments),
        cmocka_unit_test(rdp_needs_get_or_a_level),
        cmocka_unit_test(usage_errors_in_json_mode_print_no_document),
        cmocka_unit_test(help_explains_consent_with_examples),
        cmocka_unit_test(both_commands_are_implemented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
