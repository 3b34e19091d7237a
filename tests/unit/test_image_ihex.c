/* Intel HEX reader: records 00-05, addressing, and every malformed case
 * naming its line.  Good records below were written by GNU objcopy
 * (arm-none-eabi-objcopy -O ihex) or checked against its checksums. */
#include "image_test_util.h"

/* objcopy -I binary -O ihex --change-addresses 0x08000000 of 20 bytes. */
#define OBJCOPY_HEX                                                             \
    ":020000040800F2\n"                                                         \
    ":10000000005000200901000811223344556677880A\n"                              \
    ":0400100099AABBCC22\n"                                                      \
    ":0400000508000000EF\n"                                                      \
    ":00000001FF\n"

static const uint8_t objcopy_bytes[20] = {
    0x00, 0x50, 0x00, 0x20, 0x09, 0x01, 0x00, 0x08, 0x11, 0x22,
    0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc,
};

static void objcopy_output_is_one_segment_with_entry(void **state)
{
    struct image_fixture *f = *state;
    assert_int_equal(load_text(f, "app.hex", OBJCOPY_HEX), SD_OK);
    assert_int_equal(sd_image_format(f->img), SD_IMAGE_IHEX);
    assert_int_equal(sd_image_segment_count(f->img), 1);
    assert_segment(f->img, 0, 0x08000000, objcopy_bytes, sizeof objcopy_bytes);
    uint32_t entry = 0;
    assert_int_equal(sd_image_entry(f->img, &entry), 1);
    assert_int_equal(entry, 0x08000000);
    assert_int_equal(sd_image_size(f->img), 20);
    assert_string_equal(sd_session_detail(f->s), "");
}

static void crlf_blank_lines_and_lowercase_are_accepted(void **state)
{
    struct image_fixture *f = *state;
    const char *text = "\r\n"
                       ":020000040800f2\r\n"
                       "\r\n"
                       "  :10000000005000200901000811223344556677880a  \r\n"
                       ":0400100099aabbcc22\r\n"
                       ":00000001FF\r\n";
    assert_int_equal(load_text(f, "crlf.hex", text), SD_OK);
    assert_int_equal(sd_image_segment_count(f->img), 1);
    assert_segment(f->img, 0, 0x08000000, objcopy_bytes, sizeof objcopy_bytes);
    assert_int_equal(sd_image_entry(f->img, NULL), 0);
}

static void gaps_make_segments_in_address_order(void **state)
{
    struct image_fixture *f = *state;
    /* 0x08000100 comes first in the file, 0x08000010 second. */
    const char *text = ":020000040800F2\n"
                       ":02010000BEEF50\n"
                       ":02001000DEAD63\n"
                       ":00000001FF\n";
    assert_int_equal(load_text(f, "gaps.hex", text), SD_OK);
    assert_int_equal(sd_image_segment_count(f->img), 2);
    assert_segment(f->img, 0, 0x08000010, "\xde\xad", 2);
    assert_segment(f->img, 1, 0x08000100, "\xbe\xef", 2);
    uint32_t lo;
    uint64_t hi;
    assert_int_equal(sd_image_bounds(f->img, &lo, &hi), SD_OK);
    assert_int_equal(lo, 0x08000010);
    assert_int_equal(hi, 0x08000102);
}

static void adjacent_records_out_of_order_merge(void **state)
{
    struct image_fixture *f = *state;
    /* 0x0008-0x0009 first, then 0x0004-0x0007, which ends where it starts. */
    const char *text = ":02000800AABB91\n"
                       ":0400040001020304EE\n"
                       ":00000001FF\n";
    assert_int_equal(load_text(f, "merge.hex", text), SD_OK);
    assert_int_equal(sd_image_segment_count(f->img), 1);
    assert_segment(f->img, 0, 0x0004, "\x01\x02\x03\x04\xaa\xbb", 6);
}

static void extended_segment_address_wraps_in_its_64k(void **state)
{
    struct image_fixture *f = *state;
    /* USBA 0x1000: base 0x10000.  Offset 0xFFFC + 8 bytes wraps to 0x10000
     * (Intel spec: (SBA + ((DRLO + DRI) MOD 64K))). Start segment 1234:0010. */
    const char *text = ":020000021000EC\n"
                       ":08FFFC000102030405060708D9\n"
                       ":0400000312340010A3\n"
                       ":00000001FF\n";
    assert_int_equal(load_text(f, "seg.hex", text), SD_OK);
    assert_int_equal(sd_image_segment_count(f->img), 2);
    assert_segment(f->img, 0, 0x10000, "\x05\x06\x07\x08", 4);
    assert_segment(f->img, 1, 0x1FFFC, "\x01\x02\x03\x04", 4);
    uint32_t entry;
    assert_int_equal(sd_image_entry(f->img, &entry), 1);
    assert_int_equal(entry, 0x12340 + 0x10);
}

static void overlapping_records_name_both_ranges_and_lines(void **state)
{
    struct image_fixture *f = *state;
    const char *text = ":02000800AABB91\n"
                       ":06000400010203040506E1\n"
                       ":00000001FF\n";
    assert_int_equal(load_text(f, "overlap.hex", text), SD_ERR_IMAGE_OVERLAP);
    assert_null(f->img);
    assert_detail_has(f, "overlap.hex");
    assert_detail_has(f, "0x00000004-0x00000009 (line 2)");
    assert_detail_has(f, "0x00000008-0x00000009 (line 1)");
}

static void bad_checksum_names_line_3(void **state)
{
    struct image_fixture *f = *state;
    const char *text = ":020000040800F2\n"
                       ":10000000005000200901000811223344556677880A\n"
                       ":0400100099AABBCC23\n"
                       ":00000001FF\n";
    assert_int_equal(load_text(f, "sum.hex", text), SD_ERR_IMAGE_CHECKSUM);
    assert_detail_has(f, "sum.hex:3: checksum is 0x23, the record's bytes need 0x22");
    assert_int_equal(sd_session_last_error(f->s), SD_ERR_IMAGE_CHECKSUM);
}

static void missing_eof_record_is_truncated(void **state)
{
    struct image_fixture *f = *state;
    const char *text = ":020000040800F2\n"
                       ":10000000005000200901000811223344556677880A\n";
    assert_int_equal(load_text(f, "cut.hex", text), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "cut.hex:2: truncated");
    assert_detail_has(f, "end-of-file record");
}

static void garbage_character_names_line_and_column(void **state)
{
    struct image_fixture *f = *state;
    const char *text = ":020000040800F2\n"
                       ":1000000000500020090100081122G344556677880A\n"
                       ":00000001FF\n";
    assert_int_equal(load_text(f, "junk.hex", text), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "junk.hex:2: column 30: 'G' is not a hex digit");
}

static void binary_garbage_is_shown_escaped(void **state)
{
    struct image_fixture *f = *state;
    const char text[] = ":020000040800F2\n:0200\x01"
                        "0000BEEF50\n:00000001FF\n";
    assert_int_equal(load_text(f, "ctl.hex", text), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "ctl.hex:2: column 6: \\x01 is not a hex digit");
}

static void line_without_colon_is_named(void **state)
{
    struct image_fixture *f = *state;
    const char *text = ":020000040800F2\n"
                       "020000040800F2\n"
                       ":00000001FF\n";
    assert_int_equal(load_text(f, "nocolon.hex", text), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "nocolon.hex:2: expected ':' at the start of a record, found '0'");
}

static void odd_digit_count_is_named(void **state)
{
    struct image_fixture *f = *state;
    const char *text = ":020000040800F2\n"
                       ":0400100099AABBCC2\n"
                       ":00000001FF\n";
    assert_int_equal(load_text(f, "odd.hex", text), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "odd.hex:2: odd number of hex digits (17)");
}

static void length_byte_disagreeing_with_line_is_named(void **state)
{
    struct image_fixture *f = *state;
    const char *text = ":0500100099AABBCC21\n:00000001FF\n";
    assert_int_equal(load_text(f, "len.hex", text), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "len.hex:1: the length byte says 5 data bytes, so expected 20 hex "
                         "digits after ':', found 18");
}

static void short_record_and_wrong_sizes_are_named(void **state)
{
    struct image_fixture *f = *state;
    assert_int_equal(load_text(f, "short.hex", ":0000FF\n:00000001FF\n"),
                     SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "short.hex:1: record too short: 3 bytes, expected at least 5");
    /* A type 04 record holding 1 byte (checksum right). */
    assert_int_equal(load_text(f, "ext.hex", ":0100000408F3\n:00000001FF\n"),
                     SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "ext.hex:1: extended linear address record (type 04) must hold "
                         "2 data bytes, holds 1");
}

static void unknown_record_type_is_named(void **state)
{
    struct image_fixture *f = *state;
    assert_int_equal(load_text(f, "type.hex", ":00000006FA\n:00000001FF\n"),
                     SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "type.hex:1: unknown record type 0x06");
}

static void text_after_eof_is_ignored(void **state)
{
    struct image_fixture *f = *state;
    assert_int_equal(load_text(f, "tail.hex", OBJCOPY_HEX "\x1a"), SD_OK);
    assert_int_equal(load_text(f, "tail2.hex", OBJCOPY_HEX "rubbish\n"), SD_OK);
    assert_segment(f->img, 0, 0x08000000, objcopy_bytes, sizeof objcopy_bytes);
}

static void file_with_only_eof_has_no_data(void **state)
{
    struct image_fixture *f = *state;
    assert_int_equal(load_text(f, "empty.hex", ":00000001FF\n"), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "empty.hex: the file holds no data to program");
}

static void record_past_4gib_is_refused(void **state)
{
    struct image_fixture *f = *state;
    /* ULBA 0xFFFF, 4 bytes at offset 0xFFFE: the last two would be at 2^32. */
    const char *text = ":02000004FFFFFC\n"
                       ":04FFFE0001020304F5\n"
                       ":00000001FF\n";
    assert_int_equal(load_text(f, "wrap.hex", text), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "wrap.hex:2: 4 bytes at 0xFFFFFFFE run past the end");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, image_setup, image_teardown)
        T(objcopy_output_is_one_segment_with_entry),
        T(crlf_blank_lines_and_lowercase_are_accepted),
        T(gaps_make_segments_in_address_order),
        T(adjacent_records_out_of_order_merge),
        T(extended_segment_address_wraps_in_its_64k),
        T(overlapping_records_name_both_ranges_and_lines),
        T(bad_checksum_names_line_3),
        T(missing_eof_record_is_truncated),
        T(garbage_character_names_line_and_column),
        T(binary_garbage_is_shown_escaped),
        T(line_without_colon_is_named),
        T(odd_digit_count_is_named),
        T(length_byte_disagreeing_with_line_is_named),
        T(short_record_and_wrong_sizes_are_named),
        T(unknown_record_type_is_named),
        T(text_after_eof_is_ignored),
        T(file_with_only_eof_has_no_data),
        T(record_past_4gib_is_refused),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
