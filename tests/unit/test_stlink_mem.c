/* src/stlink: memory transfers split into the commands the probe accepts
 * (reference §4.2, §6.1-§6.3), status after each, faults with addresses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "stlink/stlink.h"
#include "usb/usb_replay.h"

#define OPEN_V2J37 USB_CMD("F1"), USB_REPLY("29 47 83 04 48 37"), \
                   USB_CMD("F5"), USB_REPLY("01 00")
#define INIT_AP0 USB_CMD("F2 4B 00 00"), USB_REPLY("80 00")
#define RW_OK USB_CMD("F2 3E"), USB_REPLY("80 00 00 00 00 00 00 00 00 00 00 00")

struct fixture {
    struct sd_session *s;
    struct usb_transport *t;
    struct stlink *st;
    struct usb_replay_report report;
};

static void start(struct fixture *f, uint16_t pid, const struct usb_replay_step *script)
{
    memset(f, 0, sizeof *f);
    assert_int_equal(sd_session_new(&f->s), SD_OK);
    assert_int_equal(usb_replay_open(f->s, pid, script, &f->t), SD_OK);
    usb_replay_report_to(f->t, &f->report);
    assert_int_equal(stlink_open(f->s, f->t, &f->st), SD_OK);
}

static void finish(struct fixture *f)
{
    stlink_close(f->st);
    assert_true(f->report.closed);
    assert_string_equal(f->report.problem, "");
    sd_session_free(f->s);
}

static void write_3000_unaligned_splits_at_1k(void **state)
{
    (void)state;
    /* 0x20000002: 2 bytes head in 8-bit, then 32-bit 0x20000004..0x20000BB8
     * cut at 0x20000400 and 0x20000800, then 2 bytes tail in 8-bit */
    static const struct usb_replay_step script[] = {
        OPEN_V2J37,
        INIT_AP0,
        USB_CMD("F2 0D 02 00 00 20 02 00 00"), USB_DATA_OUT(2), RW_OK,
        USB_CMD("F2 08 04 00 00 20 FC 03 00"), USB_DATA_OUT(1020), RW_OK,
        USB_CMD("F2 08 00 04 00 20 00 04 00"), USB_DATA_OUT(1024), RW_OK,
        USB_CMD("F2 08 00 08 00 20 B8 03 00"), USB_DATA_OUT(952), RW_OK,
        USB_CMD("F2 0D B8 0B 00 20 02 00 00"), USB_DATA_OUT(2), RW_OK,
        USB_END,
    };
    struct fixture f;
    start(&f, 0x3748, script);
    static uint8_t data[3000];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)i;
    assert_int_equal(stlink_mem_write(f.st, 4, 0x20000002, data, sizeof data), SD_OK);
    finish(&f);
}

static void write_sends_the_bytes(void **state)
{
    (void)state;
    static const struct usb_replay_step script[] = {
        OPEN_V2J37,
        INIT_AP0,
        USB_CMD("F2 0D 01 00 00 20 03 00 00"),
        { .kind = USB_REPLAY_OUT, .hex = "A1 A2 A3", .len = 3 }, RW_OK,
        USB_CMD("F2 08 04 00 00 20 04 00 00"),
        { .kind = USB_REPLAY_OUT, .hex = "A4 A5 A6 A7", .len = 4 }, RW_OK,
        USB_END,
    };
    struct fixture f;
    start(&f, 0x3748, script);
    static const uint8_t data[7] = { 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7 };
    assert_int_equal(stlink_mem_write(f.st, 4, 0x20000001, data, sizeof data), SD_OK);
    finish(&f);
}

static void read_one_byte_takes_two(void **state)
{
    (void)state;
    static const struct usb_replay_step script[] = {
        OPEN_V2J37,
        INIT_AP0,
        USB_CMD("F2 0C 00 00 00 08 01 00 00"), USB_REPLY("5A 00"), RW_OK,
        USB_CMD("F2 07 00 10 00 08 08 00 00"), USB_REPLY("01 02 03 04 05 06 07 08"), RW_OK,
        USB_END,
    };
    struct fixture f;
    start(&f, 0x3748, script);
    uint8_t b = 0, w[8] = { 0 };
    assert_int_equal(stlink_mem_read(f.st, 1, 0x08000000, &b, 1), SD_OK);
    assert_int_equal(b, 0x5A);
    assert_int_equal(stlink_mem_read(f.st, 4, 0x08001000, w, sizeof w), SD_OK);
    assert_int_equal(w[0], 1);
    assert_int_equal(w[7], 8);
    finish(&f);
}

static void v3_bytes_in_512(void **state)
{
    (void)state;
    static const struct usb_replay_step script[] = {
        USB_CMD("F1"), USB_REPLY("30 00 83 04 4F 37"),
        USB_CMD("FB"), USB_REPLY("03 02 07 00 03 00 00 00 83 04 4F 37"),
        USB_CMD("F5"), USB_REPLY("01 00"),
        INIT_AP0,
        USB_CMD("F2 0C 00 00 00 20 00 02 00"), USB_REPLY_ZEROS(512), RW_OK,
        USB_CMD("F2 0C 00 02 00 20 58 00 00"), USB_REPLY_ZEROS(88), RW_OK,
        USB_END,
    };
    struct fixture f;
    start(&f, 0x374F, script);
    static uint8_t buf[600];
    assert_int_equal(stlink_mem_read(f.st, 1, 0x20000000, buf, sizeof buf), SD_OK);
    finish(&f);
}

static void fault_names_status_and_address(void **state)
{
    (void)state;
    static const struct usb_replay_step script[] = {
        OPEN_V2J37,
        INIT_AP0,
        USB_CMD("F2 08 00 00 00 08 08 00 00"), USB_DATA_OUT(8),
        USB_CMD("F2 3E"), USB_REPLY("11 00 00 00 04 00 00 08 00 00 00 00"),
        USB_END,
    };
    struct fixture f;
    start(&f, 0x3748, script);
    static const uint8_t data[8];
    assert_int_equal(stlink_mem_write(f.st, 4, 0x08000000, data, sizeof data),
                     SD_ERR_TARGET_FAULT);
    assert_string_equal(sd_session_detail(f.s), "stlink: WRITEMEM_32BIT at 0x08000000 (8 bytes): "
                                                "status 0x11 SWD_AP_FAULT at 0x08000004");
    finish(&f);
}

static void wait_resends_chunk(void **state)
{
    (void)state;
    static const struct usb_replay_step script[] = {
        OPEN_V2J37,
        INIT_AP0,
        USB_CMD("F2 07 00 00 00 20 04 00 00"), USB_REPLY("00 00 00 00"),
        USB_CMD("F2 3E"), USB_REPLY("10 00 00 00 00 00 00 00 00 00 00 00"),
        USB_CMD("F2 07 00 00 00 20 04 00 00"), USB_REPLY("EF BE AD DE"), RW_OK,
        USB_END,
    };
    struct fixture f;
    start(&f, 0x3748, script);
    uint8_t w[4];
    assert_int_equal(stlink_mem_read(f.st, 4, 0x20000000, w, sizeof w), SD_OK);
    assert_int_equal(w[0], 0xEF);
    assert_int_equal(w[3], 0xDE);
    finish(&f);
    assert_int_equal(f.report.sleeps, 1);
    assert_int_equal(f.report.slept_ms, 1);
}

static void old_firmware_uses_getlastrwstatus(void **state)
{
    (void)state;
    static const struct usb_replay_step script[] = {
        USB_CMD("F1"), USB_REPLY("23 80 83 04 48 37"),   /* V2J14S0: no INIT_AP, no 0x3E */
        USB_CMD("F5"), USB_REPLY("01 00"),
        USB_CMD("F2 0C 00 00 00 20 02 00 00"), USB_REPLY("01 02"),
        USB_CMD("F2 3B"), USB_REPLY("80 00"),
        USB_END,
    };
    struct fixture f;
    start(&f, 0x3748, script);
    uint8_t b[2];
    /* 16-bit does not exist before J26: bytes instead */
    assert_int_equal(stlink_mem_read(f.st, 2, 0x20000000, b, 2), SD_OK);
    finish(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(write_3000_unaligned_splits_at_1k),
        cmocka_unit_test(write_sends_the_bytes),
        cmocka_unit_test(read_one_byte_takes_two),
        cmocka_unit_test(v3_bytes_in_512),
        cmocka_unit_test(fault_names_status_and_address),
        cmocka_unit_test(wait_resends_chunk),
        cmocka_unit_test(old_firmware_uses_getlastrwstatus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
