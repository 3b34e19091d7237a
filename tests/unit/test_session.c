/* Sessions: detail strings and the log callback's filtering. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "common/session_internal.h"

struct captured {
    int count;
    enum sd_log_level level;
    enum sd_log_category cat;
    char last[256];
};

static void capture(void *user, enum sd_log_level level, enum sd_log_category cat,
                    const char *msg)
{
    struct captured *c = user;
    c->count++;
    c->level = level;
    c->cat = cat;
    snprintf(c->last, sizeof c->last, "%s", msg);
}

static void detail_names_layer_and_text(void **state)
{
    (void)state;
    struct sd_session *s;
    assert_int_equal(sd_session_new(&s), SD_OK);
    assert_string_equal(sd_session_detail(s), "");
    assert_int_equal(sd_session_last_error(s), SD_OK);

    int rc = sd_fail(s, SD_ERR_TARGET_FAULT, SD_LOG_STLINK,
                     "READMEM_32BIT at 0x%08x: status 0x%02x SWD_AP_FAULT", 0x08000000u, 0x11);
    assert_int_equal(rc, SD_ERR_TARGET_FAULT);
    assert_int_equal(sd_session_last_error(s), SD_ERR_TARGET_FAULT);
    assert_string_equal(sd_session_detail(s),
                        "stlink: READMEM_32BIT at 0x08000000: status 0x11 SWD_AP_FAULT");

    /* An upper layer adds what it was doing in front of the cause. */
    sd_fail(s, SD_ERR_TARGET_FAULT, SD_LOG_FLASH, "verifying sector 0");
    assert_string_equal(sd_session_detail(s),
                        "flash: verifying sector 0: stlink: READMEM_32BIT at 0x08000000: "
                        "status 0x11 SWD_AP_FAULT");

    /* A different error starts a new detail. */
    sd_fail(s, SD_ERR_VERIFY, SD_LOG_OPS, "0x08000010 differs");
    assert_string_equal(sd_session_detail(s), "ops: 0x08000010 differs");

    sd_session_clear_error(s);
    assert_string_equal(sd_session_detail(s), "");
    assert_int_equal(sd_session_last_error(s), SD_OK);
    sd_session_free(s);
}

static void overlong_detail_is_truncated_not_overflowed(void **state)
{
    (void)state;
    struct sd_session *s;
    assert_int_equal(sd_session_new(&s), SD_OK);
    char big[2000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    for (int i = 0; i < 5; i++)
        sd_fail(s, SD_ERR_USB, SD_LOG_USB, "%s", big);
    assert_int_equal(strlen(sd_session_detail(s)), SD_DETAIL_MAX - 1);
    assert_memory_equal(sd_session_detail(s), "usb: ", 5);
    sd_session_free(s);
}

static void log_filters_by_level_and_category(void **state)
{
    (void)state;
    struct sd_session *s;
    struct captured c = { 0 };
    assert_int_equal(sd_session_new(&s), SD_OK);

    /* No callback: nothing delivered, nothing printed. */
    sd_log(s, SD_LOG_ERROR, SD_LOG_USB, "nobody listens");
    assert_int_equal(c.count, 0);

    sd_session_set_log(s, capture, &c, SD_LOG_INFO, 1u << SD_LOG_STLINK);
    sd_log(s, SD_LOG_INFO, SD_LOG_STLINK, "firmware %s", "V2J37S7");
    assert_int_equal(c.count, 1);
    assert_int_equal(c.level, SD_LOG_INFO);
    assert_int_equal(c.cat, SD_LOG_STLINK);
    assert_string_equal(c.last, "firmware V2J37S7");

    sd_log(s, SD_LOG_TRACE, SD_LOG_STLINK, "F2 07 ...");   /* too verbose */
    sd_log(s, SD_LOG_ERROR, SD_LOG_FLASH, "other layer");  /* masked out */
    assert_int_equal(c.count, 1);
    assert_false(sd_log_enabled(s, SD_LOG_TRACE, SD_LOG_STLINK));
    assert_true(sd_log_enabled(s, SD_LOG_WARN, SD_LOG_STLINK));
    assert_false(sd_log_enabled(s, SD_LOG_ERROR, SD_LOG_CATEGORY_COUNT));

    sd_session_set_log(s, capture, &c, SD_LOG_TRACE, SD_LOG_ALL_CATEGORIES);
    sd_log(s, SD_LOG_TRACE, SD_LOG_GDB, "$g#67");
    assert_int_equal(c.count, 2);
    sd_session_free(s);
}

static void names_of_levels_and_categories(void **state)
{
    (void)state;
    assert_string_equal(sd_log_category_name(SD_LOG_USB), "usb");
    assert_string_equal(sd_log_category_name(SD_LOG_DOCTOR), "doctor");
    assert_string_equal(sd_log_category_name(SD_LOG_CATEGORY_COUNT), "?");
    assert_string_equal(sd_log_level_name(SD_LOG_WARN), "warning");
    assert_string_equal(sd_log_level_name(SD_LOG_TRACE), "trace");
    for (int c = 0; c < SD_LOG_CATEGORY_COUNT; c++)
        assert_string_not_equal(sd_log_category_name(c), "?");
}

static void bad_arguments_are_refused(void **state)
{
    (void)state;
    assert_int_equal(sd_session_new(NULL), SD_ERR_INVALID_ARG);
    assert_string_equal(sd_session_detail(NULL), "");
    sd_session_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(detail_names_layer_and_text),
        cmocka_unit_test(overlong_detail_is_truncated_not_overflowed),
        cmocka_unit_test(log_filters_by_level_and_category),
        cmocka_unit_test(names_of_levels_and_categories),
        cmocka_unit_test(bad_arguments_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
