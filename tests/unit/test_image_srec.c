/* Motorola S-record reader: S0-S3, S5/S6 counts, S7-S9 ends, and the
 * malformed cases with their line.  The S19/S28/S37 files below are GNU
 * objcopy's output (arm-none-eabi-objcopy -I binary -O srec) of 20 bytes. */
#include "image_test_util.h"

static const uint8_t bytes20[20] = {
    0x00, 0x50, 0x00, 0x20, 0x09, 0x01, 0x00, 0x08, 0x11, 0x22,
    0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc,
};

static void s19_s28_s37_from_objcopy(void **state)
{
    struct image_fixture *f = *state;
    const char *s19 = "S0080000632E73313989\n"
                      "S113100000500020090100081122334455667788F6\n"
                      "S107101099AABBCC0E\n"
                      "S9031000EC\n";
    const char *s28 = "S0080000642E73323888\n"
                      "S21412340000500020090100081122334455667788BF\n"
                      "S20812341099AABBCCD7\n"
                      "S804123400B5\n";
    const char *s37 = "S0080000612E7333378B\r\n"
                      "S3150800000000500020090100081122334455667788FC\r\n"
                      "\r\n"
                      "S3090800001099AABBCC14\r\n"
                      "S70508000000F2\r\n";
    uint32_t entry;
    assert_int_equal(load_text(f, "a.s19", s19), SD_OK);
    assert_int_equal(sd_image_format(f->img), SD_IMAGE_SREC);
    assert_int_equal(sd_image_segment_count(f->img), 1);
    assert_segment(f->img, 0, 0x1000, bytes20, 20);
    assert_int_equal(sd_image_entry(f->img, &entry), 1);
    assert_int_equal(entry, 0x1000);

    assert_int_equal(load_text(f, "a.s28", s28), SD_OK);
    assert_segment(f->img, 0, 0x123400, bytes20, 20);
    assert_int_equal(sd_image_entry(f->img, &entry), 1);
    assert_int_equal(entry, 0x123400);

    assert_int_equal(load_text(f, "a.s37", s37), SD_OK);
    assert_segment(f->img, 0, 0x08000000, bytes20, 20);
    assert_int_equal(sd_image_entry(f->img, &entry), 1);
    assert_int_equal(entry, 0x08000000);
}

static void count_records_that_match_are_accepted(void **state)
{
    struct image_fixture *f = *state;
    /* 0x100: 01 02 03 04, 0x104: 05 06 (adjacent, merged); then S5 and the
     * 24-bit S6 both say 2: they count every data record before them. */
    const char *text = "S0060000686472BB\n"
                       "S107010001020304ED\n"
                       "S10501040506EA\n"
                       "S5030002FA\n"
                       "S604000002F9\n"
                       "S9030000FC\n";
    assert_int_equal(load_text(f, "count.srec", text), SD_OK);
    assert_int_equal(sd_image_segment_count(f->img), 1);
    assert_segment(f->img, 0, 0x100, "\x01\x02\x03\x04\x05\x06", 6);
}

static void count_mismatch_names_line_and_numbers(void **state)
{
    struct image_fixture *f = *state;
    const char *text = "S107010001020304ED\n"
                       "S10501040506EA\n"
                       "S5030003F9\n"
                       "S9030000FC\n";
    assert_int_equal(load_text(f, "count.s19", text), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "count.s19:3: the S5 count record says 3 data records, the file "
                         "has 2 before it");
}

static void missing_end_record_is_truncated(void **state)
{
    struct image_fixture *f = *state;
    const char *text = "S0080000612E7333378B\n"
                       "S3150800000000500020090100081122334455667788FC\n"
                       "\n";
    assert_int_equal(load_text(f, "cut.s37", text), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "cut.s37:3: truncated");
    assert_detail_has(f, "S7, S8 or S9");
}

static void bad_checksum_names_line_3(void **state)
{
    struct image_fixture *f = *state;
    const char *text = "S0080000612E7333378B\n"
                       "S3150800000000500020090100081122334455667788FC\n"
                       "S3090800001099AABBCC15\n"
                       "S70508000000F2\n";
    assert_int_equal(load_text(f, "sum.s37", text), SD_ERR_IMAGE_CHECKSUM);
    assert_detail_has(f, "sum.s37:3: checksum is 0x15, the record's bytes need 0x14");
}

static void malformed_lines_are_named(void **state)
{
    struct image_fixture *f = *state;
    assert_int_equal(load_text(f, "odd.s19", "S107010001020304E\nS9030000FC\n"),
                     SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "odd.s19:1: odd number of hex digits (15) after 'S1'");

    assert_int_equal(load_text(f, "nodata.s19", "S9030000FC\n"), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "nodata.s19: the file holds no data to program");

    assert_int_equal(load_text(f, "char.s19", "S1070100010z0304ED\nS9030000FC\n"),
                     SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "char.s19:1: column 12: 'z' is not a hex digit");

    assert_int_equal(load_text(f, "type.s19", "S107010001020304ED\nSX030000FC\n"),
                     SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "type.s19:2: expected a record type S0-S9, found 'S' followed by 'X'");

    assert_int_equal(load_text(f, "s4.s19", "S107010001020304ED\nS4030000FC\n"),
                     SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "s4.s19:2: record type S4 is reserved");

    assert_int_equal(load_text(f, "count.s19", "S108010001020304ED\nS9030000FC\n"),
                     SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "count.s19:1: the count byte says 8 bytes follow, so expected 18 "
                         "hex digits after 'S1', found 16");

    assert_int_equal(load_text(f, "short.s37", "S3020000\nS9030000FC\n"),
                     SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "short.s37:1: record too short: count 2, an S3 record needs at "
                         "least 5");

    assert_int_equal(load_text(f, "lead.s19", "S107010001020304ED\n:00000001FF\n"),
                     SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "lead.s19:2: expected 'S' at the start of a record, found ':'");
}

static void overlap_names_both_records(void **state)
{
    struct image_fixture *f = *state;
    const char *text = "S307080000000102ED\n"
                       "S3060800000109E7\n"
                       "S70508000000F2\n";
    assert_int_equal(load_text(f, "ov.s37", text), SD_ERR_IMAGE_OVERLAP);
    assert_detail_has(f, "0x08000001-0x08000001 (line 2)");
    assert_detail_has(f, "0x08000000-0x08000001 (line 1)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, image_setup, image_teardown)
        T(s19_s28_s37_from_objcopy),
        T(count_records_that_match_are_accepted),
        T(count_mismatch_names_line_and_numbers),
        T(missing_end_record_is_truncated),
        T(bad_checksum_names_line_3),
        T(malformed_lines_are_named),
        T(overlap_names_both_records),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
