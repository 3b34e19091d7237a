/* The image model: segments (merge, gaps, overlap), format detection, raw
 * binaries, the range check's message, extract, the writers (Intel HEX
 * round trip through the reader) and file errors. */
#include "image_test_util.h"

#include "image/image_internal.h"

static void builder_sorts_merges_and_keeps_gaps(void **state)
{
    struct image_fixture *f = *state;
    struct image_builder b;
    image_builder_init(&b, f->s, "pieces", "block");
    assert_int_equal(image_builder_add(&b, 0x2000, (const uint8_t *)"EF", 2, 3), SD_OK);
    assert_int_equal(image_builder_add(&b, 0x1002, (const uint8_t *)"CD", 2, 2), SD_OK);
    assert_int_equal(image_builder_add(&b, 0x1000, (const uint8_t *)"AB", 2, 1), SD_OK);
    assert_int_equal(image_builder_add(&b, 0x3000, (const uint8_t *)"", 0, 4), SD_OK);
    assert_int_equal(image_builder_finish(&b, SD_IMAGE_BIN, &f->img), SD_OK);
    image_builder_free(&b);
    assert_int_equal(sd_image_segment_count(f->img), 2);
    assert_segment(f->img, 0, 0x1000, "ABCD", 4);
    assert_segment(f->img, 1, 0x2000, "EF", 2);
    assert_int_equal(sd_image_size(f->img), 6);
    assert_int_equal(sd_image_segment(f->img, 2, NULL, NULL, NULL), SD_ERR_INVALID_ARG);
}

static void builder_overlap_names_both_ranges(void **state)
{
    struct image_fixture *f = *state;
    struct image_builder b;
    image_builder_init(&b, f->s, "pieces", "block");
    uint8_t big[0x100] = { 0 };
    assert_int_equal(image_builder_add(&b, 0x1000, big, sizeof big, 1), SD_OK);
    assert_int_equal(image_builder_add(&b, 0x1010, big, 4, 2), SD_OK); /* inside block 1 */
    assert_int_equal(image_builder_finish(&b, SD_IMAGE_BIN, &f->img), SD_ERR_IMAGE_OVERLAP);
    image_builder_free(&b);
    assert_null(f->img);
    assert_detail_has(f, "pieces: data at 0x00001010-0x00001013 (block 2) overlaps data at "
                         "0x00001000-0x000010FF (block 1)");
}

static void detection_content_then_extension_then_binary(void **state)
{
    (void)state;
    const char *why;
    const uint8_t hex[] = ":020000040800F2\n";
    const uint8_t srec[] = "S9030000FC\n";
    const uint8_t elf[] = "\x7f" "ELF\x01\x01";
    const uint8_t vectors[] = { 0x00, 0x50, 0x00, 0x20, 0x09, 0x01, 0x00, 0x08 };
    /* Content wins over a misleading name. */
    assert_int_equal(image_detect("app.bin", hex, sizeof hex - 1, &why), SD_IMAGE_IHEX);
    assert_string_equal(why, "content");
    assert_int_equal(image_detect("app.hex", srec, sizeof srec - 1, &why), SD_IMAGE_SREC);
    assert_int_equal(image_detect("app.hex", elf, sizeof elf - 1, &why), SD_IMAGE_ELF);
    /* Binary content: the extension decides, raw binary otherwise. */
    assert_int_equal(image_detect("APP.HEX", vectors, sizeof vectors, &why), SD_IMAGE_IHEX);
    assert_string_equal(why, "file name extension");
    assert_int_equal(image_detect("app.s19", vectors, sizeof vectors, &why), SD_IMAGE_SREC);
    assert_int_equal(image_detect("app.axf", vectors, sizeof vectors, &why), SD_IMAGE_ELF);
    assert_int_equal(image_detect("app.dat", vectors, sizeof vectors, &why), SD_IMAGE_BIN);
    assert_int_equal(image_detect("dir.hex/app", vectors, sizeof vectors, &why), SD_IMAGE_BIN);
    /* 'S' followed by a digit but then binary is not an S-record. */
    const uint8_t s_bin[] = { 'S', '1', 0x00, 0xFF, 0x12 };
    assert_int_equal(image_detect("x", s_bin, sizeof s_bin, &why), SD_IMAGE_BIN);
}

static void damaged_hex_by_name_gets_the_hex_readers_error(void **state)
{
    struct image_fixture *f = *state;
    const uint8_t junk[] = { 0x00, 0x50, 0x00, 0x20 };
    assert_int_equal(sd_image_load(f->s, fixture_file(f, "app.hex", junk, sizeof junk), NULL,
                                   &f->img), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "app.hex:1: expected ':' at the start of a record, found \\x00");
}

static void raw_binary_goes_to_default_or_given_base(void **state)
{
    struct image_fixture *f = *state;
    const uint8_t data[] = { 1, 2, 3, 4, 5 };
    char path[sizeof f->path];
    snprintf(path, sizeof path, "%s", fixture_file(f, "app.bin", data, sizeof data));
    assert_int_equal(sd_image_load(f->s, path, NULL, &f->img), SD_OK);
    assert_int_equal(sd_image_format(f->img), SD_IMAGE_BIN);
    assert_segment(f->img, 0, SD_IMAGE_DEFAULT_BASE, data, sizeof data);
    assert_int_equal(sd_image_entry(f->img, NULL), 0);
    sd_image_free(f->img);
    f->img = NULL;

    const struct sd_image_options at0 = { .has_base = 1, .base = 0 };
    assert_int_equal(sd_image_load(f->s, path, &at0, &f->img), SD_OK);
    assert_segment(f->img, 0, 0, data, sizeof data);
    sd_image_free(f->img);
    f->img = NULL;

    /* Forced bin: even text is raw bytes. */
    const struct sd_image_options bin = { .format = SD_IMAGE_BIN, .has_base = 1,
                                          .base = 0x20000000 };
    const char *text = ":00000001FF\n";
    assert_int_equal(sd_image_load(f->s, fixture_text(f, "t.hex", text), &bin, &f->img), SD_OK);
    assert_segment(f->img, 0, 0x20000000, text, strlen(text));
    sd_image_free(f->img);
    f->img = NULL;

    const struct sd_image_options top = { .has_base = 1, .base = 0xFFFFFFFE };
    assert_int_equal(sd_image_load(f->s, path, &top, &f->img), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "app.bin: 5 bytes from base address 0xFFFFFFFE run past the end "
                         "of the 32-bit address space");
}

static void range_check_names_first_byte_outside(void **state)
{
    struct image_fixture *f = *state;
    const char *text = ":020000040800F2\n"
                       ":02001000DEAD63\n"
                       ":020000040810E2\n"
                       ":10000000000102030405060708090A0B0C0D0E0F78\n"
                       ":00000001FF\n";
    assert_int_equal(load_text(f, "big.hex", text), SD_OK);
    assert_int_equal(sd_image_check_range(f->s, f->img, 0x08000000, 0x08200000, NULL), SD_OK);
    assert_string_equal(sd_session_detail(f->s), "");
    assert_int_equal(sd_image_check_range(f->s, f->img, 0x08000000, 0x08100000,
                                          "the chip's flash"), SD_ERR_OUT_OF_RANGE);
    assert_string_equal(sd_session_detail(f->s),
                        "image: image ends at 0x08100010, beyond the chip's flash "
                        "0x08000000-0x080FFFFF (first byte outside: 0x08100000)");
    assert_int_equal(sd_image_check_range(f->s, f->img, 0x08000100, 0x08200000, NULL),
                     SD_ERR_OUT_OF_RANGE);
    assert_detail_has(f, "image starts at 0x08000010, below the allowed range "
                         "0x08000100-0x081FFFFF");
    /* The range ends inside a segment: the first outside byte is the end. */
    assert_int_equal(sd_image_check_range(f->s, f->img, 0x08000000, 0x08100008, "flash"),
                     SD_ERR_OUT_OF_RANGE);
    assert_detail_has(f, "(first byte outside: 0x08100008)");
}

static void extract_fills_gaps(void **state)
{
    struct image_fixture *f = *state;
    const char *text = ":020000040800F2\n"
                       ":02001000DEAD63\n"
                       ":02010000BEEF50\n"
                       ":00000001FF\n";
    assert_int_equal(load_text(f, "gaps.hex", text), SD_OK);
    uint8_t buf[0x100];
    assert_int_equal(sd_image_extract(f->img, 0x08000000, buf, sizeof buf, 0xFF), 2);
    assert_int_equal(buf[0x0F], 0xFF);
    assert_int_equal(buf[0x10], 0xDE);
    assert_int_equal(buf[0x11], 0xAD);
    assert_int_equal(buf[0x12], 0xFF);
    assert_int_equal(sd_image_extract(f->img, 0x08000011, buf, 0x100, 0x00), 3);
    assert_int_equal(buf[0], 0xAD);
    assert_int_equal(buf[0xEF], 0xBE);
    assert_int_equal(buf[0xF0], 0xEF);
    assert_int_equal(buf[0xF1], 0x00);
    assert_int_equal(sd_image_extract(f->img, 0x09000000, buf, 16, 0xFF), 0);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    static char text[8192];
    *len = fread(text, 1, sizeof text - 1, fp);
    text[*len] = '\0';
    fclose(fp);
    return text;
}

static void ihex_writer_round_trips_across_64k(void **state)
{
    struct image_fixture *f = *state;
    uint8_t data[100];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 7 + 3);
    snprintf(f->path, sizeof f->path, "%s/read.hex", f->dir);
    assert_int_equal(sd_image_write_ihex(f->s, f->path, 0x0800FFF0, data, sizeof data), SD_OK);
    size_t len;
    const char *text = slurp(f->path, &len);
    /* Upper address 0x0800 first, 0x0801 at the boundary, EOF last; no
     * record crosses the boundary (offset FFF0 holds 16 bytes, the next
     * starts at 0000). */
    assert_memory_equal(text, ":020000040800F2\n:10FFF000", 25);
    assert_non_null(strstr(text, "\n:020000040801F1\n:10000000"));
    assert_string_equal(text + len - 12, ":00000001FF\n");

    assert_int_equal(sd_image_load(f->s, f->path, NULL, &f->img), SD_OK);
    assert_int_equal(sd_image_format(f->img), SD_IMAGE_IHEX);
    assert_int_equal(sd_image_segment_count(f->img), 1);
    assert_segment(f->img, 0, 0x0800FFF0, data, sizeof data);
}

static void bin_writer_round_trips(void **state)
{
    struct image_fixture *f = *state;
    const uint8_t data[] = { 0x00, 0x50, 0x00, 0x20, 0xFF };
    snprintf(f->path, sizeof f->path, "%s/read.bin", f->dir);
    assert_int_equal(sd_image_write_bin(f->s, f->path, data, sizeof data), SD_OK);
    const struct sd_image_options opt = { .has_base = 1, .base = 0x20000000 };
    assert_int_equal(sd_image_load(f->s, f->path, &opt, &f->img), SD_OK);
    assert_segment(f->img, 0, 0x20000000, data, sizeof data);
}

static void file_errors_name_the_file(void **state)
{
    struct image_fixture *f = *state;
    snprintf(f->path, sizeof f->path, "%s/missing.hex", f->dir);
    assert_int_equal(sd_image_load(f->s, f->path, NULL, &f->img), SD_ERR_FILE);
    assert_detail_has(f, "cannot open ");
    assert_detail_has(f, "missing.hex: No such file or directory");

    assert_int_equal(sd_image_load(f->s, f->dir, NULL, &f->img), SD_ERR_FILE);
    assert_detail_has(f, "is a directory");

    assert_int_equal(load_text(f, "empty.bin", ""), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "empty.bin: the file is empty");

    snprintf(f->path, sizeof f->path, "%s/no/such/dir.hex", f->dir);
    uint8_t b = 0;
    assert_int_equal(sd_image_write_ihex(f->s, f->path, 0, &b, 1), SD_ERR_FILE);
    assert_detail_has(f, "cannot create ");
    assert_int_equal(sd_image_write_bin(f->s, f->path, &b, 1), SD_ERR_FILE);
}

static void names_and_null_safety(void **state)
{
    (void)state;
    assert_string_equal(sd_image_format_name(SD_IMAGE_IHEX), "Intel HEX");
    assert_string_equal(sd_image_format_name(SD_IMAGE_SREC), "Motorola S-record");
    assert_string_equal(sd_image_format_name(SD_IMAGE_ELF), "ELF");
    assert_string_equal(sd_image_format_name(SD_IMAGE_BIN), "raw binary");
    assert_string_equal(sd_image_format_name((enum sd_image_format)42), "?");
    assert_int_equal(sd_image_segment_count(NULL), 0);
    assert_int_equal(sd_image_bounds(NULL, NULL, NULL), SD_ERR_INVALID_ARG);
    sd_image_free(NULL);
}

static void parse_from_memory_with_a_forced_format(void **state)
{
    struct image_fixture *f = *state;
    const char *text = "S107010001020304ED\nS9030000FC\n";
    const struct sd_image_options opt = { .format = SD_IMAGE_IHEX };
    assert_int_equal(sd_image_parse(f->s, "mem", text, strlen(text), &opt, &f->img),
                     SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "mem:1: expected ':'");
    assert_int_equal(sd_image_parse(f->s, "mem", text, strlen(text), NULL, &f->img), SD_OK);
    assert_segment(f->img, 0, 0x100, "\x01\x02\x03\x04", 4);
    assert_string_equal(sd_session_detail(f->s), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, image_setup, image_teardown)
        T(builder_sorts_merges_and_keeps_gaps),
        T(builder_overlap_names_both_ranges),
        T(detection_content_then_extension_then_binary),
        T(damaged_hex_by_name_gets_the_hex_readers_error),
        T(raw_binary_goes_to_default_or_given_base),
        T(range_check_names_first_byte_outside),
        T(extract_fills_gaps),
        T(ihex_writer_round_trips_across_64k),
        T(bin_writer_round_trips),
        T(file_errors_name_the_file),
        T(names_and_null_safety),
        T(parse_from_memory_with_a_forced_format),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
