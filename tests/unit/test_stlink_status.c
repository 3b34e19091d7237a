/* src/stlink: status codes (reference §5.1), WAIT retries (§5.2), USB
 * failures named by command, and the -vv trace. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <libusb.h>

#include "stlink/stlink.h"
#include "usb/usb_replay.h"

#define OPEN_V2J37 USB_CMD("F1"), USB_REPLY("29 47 83 04 48 37"), \
                   USB_CMD("F5"), USB_REPLY("01 00")
#define INIT_AP0 USB_CMD("F2 4B 00 00"), USB_REPLY("80 00")
#define DHCSR_READ USB_CMD("F2 36 F0 ED 00 E0")

static void status_names_and_errors(void **state)
{
    (void)state;
    static const struct {
        uint8_t code;
        const char *name;
        int err;
    } want[] = {
        { 0x80, "JTAG_OK", SD_OK },
        { 0x05, "JTAG_NO_DEVICE_CONNECTED", SD_ERR_NO_TARGET },
        { 0x09, "JTAG_GET_IDCODE_ERROR", SD_ERR_NO_TARGET },
        { 0x10, "SWD_AP_WAIT", SD_ERR_TARGET_WAIT },
        { 0x11, "SWD_AP_FAULT", SD_ERR_TARGET_FAULT },
        { 0x14, "SWD_DP_WAIT", SD_ERR_TARGET_WAIT },
        { 0x15, "SWD_DP_FAULT", SD_ERR_TARGET_FAULT },
        { 0x17, "SWD_DP_PARITY_ERROR", SD_ERR_NO_TARGET },
        { 0x19, "SWD_AP_STICKY_ERROR", SD_ERR_TARGET_FAULT },
        { 0x1D, "BAD_AP", SD_ERR_NOT_SUPPORTED },
        { 0x41, "JTAG_FREQ_NOT_SUPPORTED", SD_ERR_NOT_SUPPORTED },
        { 0x42, "JTAG_UNKNOWN_CMD", SD_ERR_PROBE_FIRMWARE },
        { 0x81, "DEBUG_ERR_FAULT", SD_ERR_PROBE_PROTOCOL },
        { 0x77, "UNKNOWN", SD_ERR_PROBE_PROTOCOL },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_string_equal(stlink_status_name(want[i].code), want[i].name);
        assert_int_equal(stlink_status_error(want[i].code), want[i].err);
    }
    /* every code of §5.1 has a name */
    static const uint8_t all[] = { 0x80, 0x81, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
                                   0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x10, 0x11, 0x12, 0x13,
                                   0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1D, 0x20, 0x29,
                                   0x40, 0x41, 0x42 };
    for (size_t i = 0; i < sizeof all; i++)
        assert_string_not_equal(stlink_status_name(all[i]), "UNKNOWN");
}

struct fixture {
    struct sd_session *s;
    struct usb_transport *t;
    struct stlink *st;
    struct usb_replay_report report;
};

static void start(struct fixture *f, const struct usb_replay_step *script)
{
    memset(f, 0, sizeof *f);
    assert_int_equal(sd_session_new(&f->s), SD_OK);
    assert_int_equal(usb_replay_open(f->s, 0x3748, script, &f->t), SD_OK);
    usb_replay_report_to(f->t, &f->report);
    assert_int_equal(stlink_open(f->s, f->t, &f->st), SD_OK);
}

static void finish(struct fixture *f)
{
    stlink_close(f->st);
    assert_string_equal(f->report.problem, "");
    sd_session_free(f->s);
}

static void wait_retried_then_ok(void **state)
{
    (void)state;
    static const struct usb_replay_step script[] = {
        OPEN_V2J37,
        INIT_AP0,
        DHCSR_READ, USB_REPLY("14 00 00 00 00 00 00 00"),
        DHCSR_READ, USB_REPLY("10 00 00 00 00 00 00 00"),
        DHCSR_READ, USB_REPLY("80 00 00 00 03 00 03 00"),
        USB_END,
    };
    struct fixture f;
    start(&f, script);
    uint32_t v = 0;
    assert_int_equal(stlink_debugreg_read(f.st, 0xE000EDF0, &v), SD_OK);
    assert_int_equal(v, 0x00030003);
    finish(&f);
    assert_int_equal(f.report.sleeps, 2);
    assert_int_equal(f.report.slept_ms, 1 + 2);
}

#define WAIT_REPLY DHCSR_READ, USB_REPLY("14 00 00 00 00 00 00 00")

static void wait_forever_gives_target_wait(void **state)
{
    (void)state;
    static const struct usb_replay_step script[] = {
        OPEN_V2J37,
        INIT_AP0,
        WAIT_REPLY, WAIT_REPLY, WAIT_REPLY, WAIT_REPLY, WAIT_REPLY,
        WAIT_REPLY, WAIT_REPLY, WAIT_REPLY, WAIT_REPLY,
        USB_END,
    };
    struct fixture f;
    start(&f, script);
    uint32_t v;
    assert_int_equal(stlink_debugreg_read(f.st, 0xE000EDF0, &v), SD_ERR_TARGET_WAIT);
    assert_string_equal(sd_session_detail(f.s),
                        "stlink: READDEBUGREG 0xe000edf0: status 0x14 SWD_DP_WAIT after 9 attempts");
    finish(&f);
    assert_int_equal(f.report.sleeps, 8);
    assert_int_equal(f.report.slept_ms, 255);   /* 1 + 2 + ... + 128 ms */
}

static void disconnect_mid_transfer_names_command(void **state)
{
    (void)state;
    static const struct usb_replay_step script[] = {
        OPEN_V2J37,
        INIT_AP0,
        USB_CMD("F2 07 00 00 00 08 00 04 00"),
        USB_IN_ERROR(LIBUSB_ERROR_NO_DEVICE),
        USB_END,
    };
    struct fixture f;
    start(&f, script);
    static uint8_t buf[1024];
    assert_int_equal(stlink_mem_read(f.st, 4, 0x08000000, buf, sizeof buf),
                     SD_ERR_USB_DISCONNECTED);
    assert_string_equal(sd_session_detail(f.s),
                        "stlink: READMEM_32BIT at 0x08000000 (1024 bytes): "
                        "usb: bulk IN 0x81 (1024 bytes, 0 done): LIBUSB_ERROR_NO_DEVICE");
    finish(&f);
}

static void timeout_on_version(void **state)
{
    (void)state;
    struct sd_session *s;
    sd_session_new(&s);
    static const struct usb_replay_step script[] = {
        USB_CMD("F1"), USB_IN_ERROR(LIBUSB_ERROR_TIMEOUT), USB_END,
    };
    struct usb_transport *t;
    assert_int_equal(usb_replay_open(s, 0x3748, script, &t), SD_OK);
    struct stlink *st = NULL;
    assert_int_equal(stlink_open(s, t, &st), SD_ERR_USB_TIMEOUT);
    assert_null(st);
    assert_string_equal(sd_session_detail(s),
                        "stlink: GET_VERSION: usb: bulk IN 0x81 (6 bytes, 0 done): "
                        "LIBUSB_ERROR_TIMEOUT");
    sd_session_free(s);
}

struct trace_log {
    char lines[8][256];
    int n;
};

static void keep(void *user, enum sd_log_level level, enum sd_log_category cat, const char *msg)
{
    struct trace_log *l = user;
    if (level == SD_LOG_TRACE && cat == SD_LOG_STLINK && l->n < 8)
        snprintf(l->lines[l->n++], sizeof l->lines[0], "%s", msg);
}

static void trace_shows_commands_and_replies(void **state)
{
    (void)state;
    struct sd_session *s;
    sd_session_new(&s);
    struct trace_log log = { .n = 0 };
    sd_session_set_log(s, keep, &log, SD_LOG_TRACE, SD_LOG_ALL_CATEGORIES);
    static const struct usb_replay_step script[] = { OPEN_V2J37, USB_END };
    struct usb_transport *t;
    assert_int_equal(usb_replay_open(s, 0x3748, script, &t), SD_OK);
    struct stlink *st;
    assert_int_equal(stlink_open(s, t, &st), SD_OK);
    assert_int_equal(log.n, 4);
    assert_string_equal(log.lines[0], "-> GET_VERSION: F1 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
    assert_string_equal(log.lines[1], "<- GET_VERSION: 29 47 83 04 48 37");
    assert_string_equal(log.lines[3], "<- GET_CURRENT_MODE: 01 00");
    stlink_close(st);
    sd_session_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(status_names_and_errors),
        cmocka_unit_test(wait_retried_then_ok),
        cmocka_unit_test(wait_forever_gives_target_wait),
        cmocka_unit_test(disconnect_mid_transfer_names_command),
        cmocka_unit_test(timeout_on_version),
        cmocka_unit_test(trace_shows_commands_and_replies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
