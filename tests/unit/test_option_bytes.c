/* Option bytes as named fields (src/stm32/option_bytes.c): decoding,
 * FIELD=VALUE parsing and its errors, applying, RDP levels; against a
 * fake field table shaped like a real one (an F4-style OPTCR word and a
 * second word with a 16-bit field, a 32-bit word). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "stm32/option_bytes.h"

static const struct stm32_ob_field fake_fields[] = {
    { .name = "RDP", .word = 0, .shift = 8, .width = 8, .kind = STM32_OB_RDP, .doc = "rdp" },
    { .name = "BOR_LEV", .word = 0, .shift = 2, .width = 2, .kind = STM32_OB_NUMBER, .doc = "bor" },
    { .name = "nRST_STOP", .word = 0, .shift = 6, .width = 1, .kind = STM32_OB_BOOL, .doc = "stop" },
    { .name = "nWRP", .word = 0, .shift = 16, .width = 12, .kind = STM32_OB_NUMBER, .doc = "wrp" },
    { .name = "BOOT_ADD0", .word = 1, .shift = 0, .width = 16, .kind = STM32_OB_NUMBER, .doc = "b0" },
    { .name = "BOOT_ADD1", .word = 1, .shift = 16, .width = 16, .kind = STM32_OB_NUMBER, .doc = "b1" },
    { .name = "SECURE_WORD", .word = 2, .shift = 0, .width = 32, .kind = STM32_OB_NUMBER, .doc = "w" },
    { .name = NULL },
};

/* stm32-families.md §4.1: 0xAA level 0, 0xCC level 2, else level 1. */
static const uint32_t rdp_f4[3] = { 0xAA, 0xBB, 0xCC };
/* F1: 0xA5 unprotected, no level 2. */
static const uint32_t rdp_f1[3] = { 0xA5, 0x00, 0 };

/* The F40x factory value of FLASH_OPTCR without OPTLOCK (stm32-families.md §4.2). */
#define FACTORY_OPTCR 0x0FFFAAECu

static struct stm32_ob factory(void)
{
    struct stm32_ob ob = { .word = { FACTORY_OPTCR, 0x00400080u, 0x12345678u } };
    return ob;
}

static void fields_are_found_by_name_in_any_case(void **state)
{
    (void)state;
    assert_ptr_equal(stm32_ob_find(fake_fields, "BOR_LEV"), &fake_fields[1]);
    assert_ptr_equal(stm32_ob_find(fake_fields, "bor_lev"), &fake_fields[1]);
    assert_ptr_equal(stm32_ob_find(fake_fields, "NWRP"), &fake_fields[3]);
    assert_null(stm32_ob_find(fake_fields, "BOR"));
    assert_null(stm32_ob_find(NULL, "RDP"));
    assert_ptr_equal(stm32_ob_rdp_field(fake_fields), &fake_fields[0]);
    assert_int_equal(stm32_ob_field_count(fake_fields), 7);
    assert_int_equal(stm32_ob_field_count(NULL), 0);
}

static void fields_are_bits_of_their_word(void **state)
{
    (void)state;
    struct stm32_ob ob = factory();
    assert_int_equal(stm32_ob_get(&ob, &fake_fields[0]), 0xAA);
    assert_int_equal(stm32_ob_get(&ob, &fake_fields[1]), 3);
    assert_int_equal(stm32_ob_get(&ob, &fake_fields[2]), 1);
    assert_int_equal(stm32_ob_get(&ob, &fake_fields[3]), 0xFFF);
    assert_int_equal(stm32_ob_get(&ob, &fake_fields[4]), 0x0080);
    assert_int_equal(stm32_ob_get(&ob, &fake_fields[5]), 0x0040);
    assert_int_equal(stm32_ob_get(&ob, &fake_fields[6]), 0x12345678u);

    /* Setting one field leaves every other bit of the word alone. */
    stm32_ob_set(&ob, &fake_fields[1], 1);
    assert_int_equal(ob.word[0], (FACTORY_OPTCR & ~0xCu) | (1u << 2));
    stm32_ob_set(&ob, &fake_fields[3], 0xFFD);
    assert_int_equal(ob.word[0] >> 16, 0x0FFD);
    assert_int_equal(ob.word[0] & 0xFFFFu, 0xAAE4u);
    stm32_ob_set(&ob, &fake_fields[6], 0xFFFFFFFFu);
    assert_int_equal(ob.word[2], 0xFFFFFFFFu);
    assert_int_equal(ob.word[1], 0x00400080u);
    assert_int_equal(stm32_ob_field_max(&fake_fields[6]), 0xFFFFFFFFu);
    assert_int_equal(stm32_ob_field_max(&fake_fields[1]), 3);
}

static void rdp_values_map_to_levels(void **state)
{
    (void)state;
    assert_int_equal(stm32_ob_rdp_level(rdp_f4, 0xAA), 0);
    assert_int_equal(stm32_ob_rdp_level(rdp_f4, 0xBB), 1);
    assert_int_equal(stm32_ob_rdp_level(rdp_f4, 0x00), 1);
    assert_int_equal(stm32_ob_rdp_level(rdp_f4, 0x55), 1);
    assert_int_equal(stm32_ob_rdp_level(rdp_f4, 0xCC), 2);
    /* F1 has two levels: 0xCC is just "not 0xA5". */
    assert_int_equal(stm32_ob_rdp_level(rdp_f1, 0xA5), 0);
    assert_int_equal(stm32_ob_rdp_level(rdp_f1, 0xCC), 1);
    assert_int_equal(stm32_ob_rdp_level(rdp_f1, 0x00), 1);

    uint32_t v = 0;
    assert_true(stm32_ob_rdp_value_for(rdp_f4, 0, &v));
    assert_int_equal(v, 0xAA);
    assert_true(stm32_ob_rdp_value_for(rdp_f4, 1, &v));
    assert_int_equal(v, 0xBB);
    assert_true(stm32_ob_rdp_value_for(rdp_f4, 2, &v));
    assert_int_equal(v, 0xCC);
    assert_false(stm32_ob_rdp_value_for(rdp_f1, 2, &v));
    assert_false(stm32_ob_rdp_value_for(rdp_f4, 3, &v));
    assert_false(stm32_ob_rdp_value_for(rdp_f4, -1, &v));
}

static void decode_gives_every_field_and_the_rdp_level(void **state)
{
    (void)state;
    struct stm32_ob ob = factory();
    struct stm32_ob_decoded d[16];
    assert_int_equal(stm32_ob_decode(fake_fields, rdp_f4, &ob, d, 16), 7);
    assert_string_equal(d[0].field->name, "RDP");
    assert_int_equal(d[0].value, 0xAA);
    assert_int_equal(d[0].rdp_level, 0);
    assert_string_equal(d[1].field->name, "BOR_LEV");
    assert_int_equal(d[1].value, 3);
    assert_int_equal(d[1].rdp_level, -1);
    assert_int_equal(d[3].value, 0xFFF);

    ob.word[0] = (ob.word[0] & ~0xFF00u) | (0xCCu << 8);
    stm32_ob_decode(fake_fields, rdp_f4, &ob, d, 16);
    assert_int_equal(d[0].rdp_level, 2);

    /* A short output array: the count of the table, only max filled. */
    struct stm32_ob_decoded two[2];
    assert_int_equal(stm32_ob_decode(fake_fields, rdp_f4, &ob, two, 2), 7);
    assert_string_equal(two[1].field->name, "BOR_LEV");
}

static void values_are_formatted_by_kind(void **state)
{
    (void)state;
    char buf[32];
    stm32_ob_format(&fake_fields[0], rdp_f4, 0xAA, buf, sizeof buf);
    assert_string_equal(buf, "0xAA (level 0)");
    stm32_ob_format(&fake_fields[0], rdp_f4, 0xBB, buf, sizeof buf);
    assert_string_equal(buf, "0xBB (level 1)");
    stm32_ob_format(&fake_fields[1], rdp_f4, 3, buf, sizeof buf);
    assert_string_equal(buf, "0x3");
    stm32_ob_format(&fake_fields[2], rdp_f4, 1, buf, sizeof buf);
    assert_string_equal(buf, "1");
    stm32_ob_format(&fake_fields[3], rdp_f4, 0xFFD, buf, sizeof buf);
    assert_string_equal(buf, "0xFFD");
    stm32_ob_format(&fake_fields[4], rdp_f4, 0x80, buf, sizeof buf);
    assert_string_equal(buf, "0x0080");
}

static void parse_accepts_decimal_and_hex_in_range(void **state)
{
    (void)state;
    const struct stm32_ob_field *f;
    uint32_t v;
    char err[512];
    assert_int_equal(stm32_ob_parse(fake_fields, "BOR_LEV=3", &f, &v, err, sizeof err), 0);
    assert_ptr_equal(f, &fake_fields[1]);
    assert_int_equal(v, 3);
    assert_int_equal(stm32_ob_parse(fake_fields, "bor_lev=0x1", &f, &v, err, sizeof err), 0);
    assert_int_equal(v, 1);
    assert_int_equal(stm32_ob_parse(fake_fields, "nwrp=0xFFD", &f, &v, err, sizeof err), 0);
    assert_ptr_equal(f, &fake_fields[3]);
    assert_int_equal(v, 0xFFD);
    assert_int_equal(stm32_ob_parse(fake_fields, "nWRP=4095", &f, &v, err, sizeof err), 0);
    assert_int_equal(v, 4095);
    assert_int_equal(stm32_ob_parse(fake_fields, "RDP=0XCC", &f, &v, err, sizeof err), 0);
    assert_int_equal(v, 0xCC);
    /* Leading zeros are decimal, not octal. */
    assert_int_equal(stm32_ob_parse(fake_fields, "nWRP=010", &f, &v, err, sizeof err), 0);
    assert_int_equal(v, 10);
    assert_int_equal(stm32_ob_parse(fake_fields, "SECURE_WORD=0xFFFFFFFF", &f, &v, err, sizeof err), 0);
    assert_int_equal(v, 0xFFFFFFFFu);
}

static void parse_rejects_values_out_of_the_field_width(void **state)
{
    (void)state;
    const struct stm32_ob_field *f = NULL;
    uint32_t v = 0;
    char err[512];
    assert_int_equal(stm32_ob_parse(fake_fields, "BOR_LEV=4", &f, &v, err, sizeof err), -1);
    assert_non_null(strstr(err, "BOR_LEV=4 is out of range"));
    assert_non_null(strstr(err, "2 bits wide (0..3, 0x0..0x3)"));
    assert_int_equal(stm32_ob_parse(fake_fields, "nRST_STOP=2", &f, &v, err, sizeof err), -1);
    assert_non_null(strstr(err, "1 bit wide"));
    assert_int_equal(stm32_ob_parse(fake_fields, "nWRP=0x1000", &f, &v, err, sizeof err), -1);
    assert_int_equal(stm32_ob_parse(fake_fields, "SECURE_WORD=0x100000000", &f, &v, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a number"));
}

static void parse_rejects_malformed_numbers(void **state)
{
    (void)state;
    const struct stm32_ob_field *f;
    uint32_t v;
    char err[512];
    static const char *const bad[] = { "BOR_LEV=", "BOR_LEV=x", "BOR_LEV=0x", "BOR_LEV=-1",
                                       "BOR_LEV=+1", "BOR_LEV=1x", "BOR_LEV= 1", "BOR_LEV=0xg" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        assert_int_equal(stm32_ob_parse(fake_fields, bad[i], &f, &v, err, sizeof err), -1);
        assert_non_null(strstr(err, "is not a number"));
    }
    assert_int_equal(stm32_ob_parse(fake_fields, "BOR_LEV", &f, &v, err, sizeof err), -1);
    assert_non_null(strstr(err, "expected FIELD=VALUE"));
    assert_int_equal(stm32_ob_parse(fake_fields, "=3", &f, &v, err, sizeof err), -1);
    assert_non_null(strstr(err, "expected FIELD=VALUE"));
}

static void unknown_field_lists_the_names_and_suggests_one(void **state)
{
    (void)state;
    const struct stm32_ob_field *f;
    uint32_t v;
    char err[512];
    assert_int_equal(stm32_ob_parse(fake_fields, "BOR_LVE=3", &f, &v, err, sizeof err), -1);
    assert_non_null(strstr(err, "'BOR_LVE' is not an option-byte field"));
    assert_non_null(strstr(err, "did you mean 'BOR_LEV'?"));
    assert_non_null(strstr(err, "RDP, BOR_LEV, nRST_STOP, nWRP, BOOT_ADD0, BOOT_ADD1, SECURE_WORD"));
    /* A shortened name that starts exactly one field. */
    assert_int_equal(stm32_ob_parse(fake_fields, "bor=3", &f, &v, err, sizeof err), -1);
    assert_non_null(strstr(err, "did you mean 'BOR_LEV'?"));
    /* Nothing close: no suggestion, still the list. */
    assert_int_equal(stm32_ob_parse(fake_fields, "WATCHDOG=1", &f, &v, err, sizeof err), -1);
    assert_null(strstr(err, "did you mean"));
    assert_non_null(strstr(err, "its fields are: RDP"));
    /* A prefix of two fields is ambiguous. */
    assert_null(stm32_ob_suggest(fake_fields, "boot"));
    assert_string_equal(stm32_ob_suggest(fake_fields, "nrst"), "nRST_STOP");
    assert_string_equal(stm32_ob_suggest(fake_fields, "boot_add2"), "BOOT_ADD0");
    assert_string_equal(stm32_ob_suggest(fake_fields, "nwrp1"), "nWRP");
    /* A name longer than any field is unknown, not truncated into one. */
    assert_int_equal(stm32_ob_parse(fake_fields, "BOR_LEVxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=1", &f,
                                    &v, err, sizeof err), -1);
    assert_non_null(strstr(err, "is not an option-byte field"));
}

static void apply_changes_only_the_named_fields(void **state)
{
    (void)state;
    struct stm32_ob now = factory(), ob = factory();
    char err[512];
    const char *const set[] = { "BOR_LEV=1", "nWRP=0xFFD", "boot_add1=0x1234" };
    assert_int_equal(stm32_ob_apply(fake_fields, set, 3, &ob, err, sizeof err), 0);
    assert_int_equal(stm32_ob_get(&ob, &fake_fields[1]), 1);
    assert_int_equal(stm32_ob_get(&ob, &fake_fields[3]), 0xFFD);
    assert_int_equal(stm32_ob_get(&ob, &fake_fields[5]), 0x1234);
    assert_int_equal(stm32_ob_get(&ob, &fake_fields[4]), 0x0080);
    assert_int_equal(stm32_ob_get(&ob, &fake_fields[0]), 0xAA);
    assert_true(stm32_ob_differs(fake_fields, &now, &ob));

    /* Bits outside every field do not count as a difference. */
    struct stm32_ob other = now;
    other.word[0] |= 1u << 0; /* OPTLOCK-like control bit */
    other.word[5] = 0xDEADBEEFu;
    assert_false(stm32_ob_differs(fake_fields, &now, &other));
}

static void apply_refuses_a_field_given_twice_and_bad_input(void **state)
{
    (void)state;
    struct stm32_ob ob = factory();
    char err[512];
    const char *const twice[] = { "BOR_LEV=1", "nWRP=0xFFF", "bor_lev=2" };
    assert_int_equal(stm32_ob_apply(fake_fields, twice, 3, &ob, err, sizeof err), -1);
    assert_non_null(strstr(err, "BOR_LEV is given twice ('BOR_LEV=1' and 'bor_lev=2')"));
    const char *const bad[] = { "BOR_LEV=1", "FOO=1" };
    assert_int_equal(stm32_ob_apply(fake_fields, bad, 2, &ob, err, sizeof err), -1);
    assert_non_null(strstr(err, "'FOO' is not an option-byte field"));
    const char *const none[] = { NULL };
    assert_int_equal(stm32_ob_apply(fake_fields, none, 0, &ob, err, sizeof err), 0);
}

/* The chip's table: ob_fields_for wins over ob_fields. */
static const struct stm32_ob_field other_fields[] = {
    { .name = "RDP", .word = 0, .shift = 0, .width = 8, .kind = STM32_OB_RDP, .doc = "rdp" },
    { .name = NULL },
};
static const struct stm32_ob_field *pick_other(const struct stm32_chip *c)
{
    (void)c;
    return other_fields;
}

static void the_chip_table_comes_from_its_driver(void **state)
{
    (void)state;
    struct stm32_flash_ops ops = { .name = "fake", .ob_fields = fake_fields };
    struct stm32_part part = { .dev_id = 0x123, .name = "fake", .flash = &ops };
    static struct stm32_chip c;
    c.part = &part;
    assert_ptr_equal(stm32_ob_fields(&c), fake_fields);
    ops.ob_fields_for = pick_other;
    assert_ptr_equal(stm32_ob_fields(&c), other_fields);
    struct stm32_flash_ops none = { .name = "none" };
    part.flash = &none;
    assert_null(stm32_ob_fields(&c));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fields_are_found_by_name_in_any_case),
        cmocka_unit_test(fields_are_bits_of_their_word),
        cmocka_unit_test(rdp_values_map_to_levels),
        cmocka_unit_test(decode_gives_every_field_and_the_rdp_level),
        cmocka_unit_test(values_are_formatted_by_kind),
        cmocka_unit_test(parse_accepts_decimal_and_hex_in_range),
        cmocka_unit_test(parse_rejects_values_out_of_the_field_width),
        cmocka_unit_test(parse_rejects_malformed_numbers),
        cmocka_unit_test(unknown_field_lists_the_names_and_suggests_one),
        cmocka_unit_test(apply_changes_only_the_named_fields),
        cmocka_unit_test(apply_refuses_a_field_given_twice_and_bad_input),
        cmocka_unit_test(the_chip_table_comes_from_its_driver),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
