/* The host's CRC-32 matches the standard check value and continues across
 * pieces, as the target loader's does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "common/crc32.h"

static void check_value(void **state)
{
    (void)state;
    /* The CRC-32/ISO-HDLC check value of "123456789". */
    assert_int_equal(sd_crc32(0, "123456789", 9), 0xCBF43926u);
    assert_int_equal(sd_crc32(0, "", 0), 0);
}

static void pieces_continue(void **state)
{
    (void)state;
    uint32_t c = sd_crc32(0, "1234", 4);
    assert_int_equal(sd_crc32(c, "56789", 5), 0xCBF43926u);
}

static void erased_flash(void **state)
{
    (void)state;
    static unsigned char ff[16384];
    for (size_t i = 0; i < sizeof ff; i++)
        ff[i] = 0xFF;
    assert_int_not_equal(sd_crc32(0, ff, sizeof ff), sd_crc32(0, ff, sizeof ff - 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(check_value),
        cmocka_unit_test(pieces_continue),
        cmocka_unit_test(erased_flash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
