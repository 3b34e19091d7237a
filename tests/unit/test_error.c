/* Error codes: stable values, a name and a message for each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <swdoctor/error.h>

/* Every code in the enum; when one is added it must be added here too, so
 * that its name and message are checked. */
static const int all_codes[] = {
    SD_OK, SD_ERR_INVALID_ARG, SD_ERR_NO_MEMORY, SD_ERR_FILE, SD_ERR_NOT_SUPPORTED,
    SD_ERR_REFUSED, SD_ERR_INTERNAL, SD_ERR_USB, SD_ERR_USB_ACCESS, SD_ERR_USB_BUSY,
    SD_ERR_USB_TIMEOUT, SD_ERR_USB_DISCONNECTED, SD_ERR_NO_PROBE, SD_ERR_PROBE_AMBIGUOUS,
    SD_ERR_PROBE_FIRMWARE, SD_ERR_PROBE_PROTOCOL, SD_ERR_PROBE_MODE, SD_ERR_TARGET_POWER,
    SD_ERR_NO_TARGET, SD_ERR_TARGET_WAIT, SD_ERR_TARGET_FAULT, SD_ERR_TARGET_TIMEOUT,
    SD_ERR_TARGET_RESET, SD_ERR_TARGET_STATE, SD_ERR_UNKNOWN_CHIP, SD_ERR_PROTECTED,
    SD_ERR_WRITE_PROTECTED, SD_ERR_FLASH, SD_ERR_VERIFY, SD_ERR_OUT_OF_RANGE,
    SD_ERR_IMAGE_FORMAT, SD_ERR_IMAGE_CHECKSUM, SD_ERR_IMAGE_OVERLAP,
};
#define N_CODES (sizeof all_codes / sizeof all_codes[0])

static void values_are_stable(void **state)
{
    (void)state;
    /* These numbers are ABI: programs built against an older header
     * compare against them. */
    assert_int_equal(SD_OK, 0);
    assert_int_equal(SD_ERR_INVALID_ARG, -1);
    assert_int_equal(SD_ERR_USB_ACCESS, -11);
    assert_int_equal(SD_ERR_NO_PROBE, -20);
    assert_int_equal(SD_ERR_NO_TARGET, -31);
    assert_int_equal(SD_ERR_PROTECTED, -41);
    assert_int_equal(SD_ERR_IMAGE_FORMAT, -50);
}

static void every_code_has_its_own_name(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_CODES; i++) {
        const char *name = sd_errname(all_codes[i]);
        assert_non_null(name);
        assert_string_not_equal(name, "SD_ERR_UNKNOWN");
        assert_true(strncmp(name, "SD_", 3) == 0);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(name, sd_errname(all_codes[j]));
    }
    assert_string_equal(sd_errname(SD_ERR_NO_PROBE), "SD_ERR_NO_PROBE");
    assert_string_equal(sd_errname(SD_OK), "SD_OK");
}

static void every_code_has_a_message(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_CODES; i++) {
        const char *msg = sd_strerror(all_codes[i]);
        assert_non_null(msg);
        assert_true(strlen(msg) > 5);
        assert_string_not_equal(msg, "unknown error code");
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(msg, sd_strerror(all_codes[j]));
    }
    assert_string_equal(sd_strerror(SD_ERR_PROBE_AMBIGUOUS),
                        "more than one probe matches; choose one with --probe");
}

static void unknown_codes_are_named_as_such(void **state)
{
    (void)state;
    assert_string_equal(sd_errname(-9999), "SD_ERR_UNKNOWN");
    assert_string_equal(sd_errname(7), "SD_ERR_UNKNOWN");
    assert_string_equal(sd_strerror(-9999), "unknown error code");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(values_are_stable),
        cmocka_unit_test(every_code_has_its_own_name),
        cmocka_unit_test(every_code_has_a_message),
        cmocka_unit_test(unknown_codes_are_named_as_such),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
