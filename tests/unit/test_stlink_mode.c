/* src/stlink: leaving DFU/DEBUG mode and entering SWD/JTAG (reference §3, §7.1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "stlink/stlink.h"
#include "usb/usb_replay.h"

#define V2J37_OPEN USB_CMD("F1"), USB_REPLY("29 47 83 04 48 37")

static struct stlink *open_script(struct sd_session *s, uint16_t pid,
                                  const struct usb_replay_step *script, struct usb_transport **t)
{
    assert_int_equal(usb_replay_open(s, pid, script, t), SD_OK);
    struct stlink *st = NULL;
    assert_int_equal(stlink_open(s, *t, &st), SD_OK);
    return st;
}

static void open_leaves_dfu(void **state)
{
    (void)state;
    struct sd_session *s;
    sd_session_new(&s);
    static const struct usb_replay_step script[] = {
        V2J37_OPEN,
        USB_CMD("F5"), USB_REPLY("00 00"),    /* DFU */
        USB_CMD("F5"), USB_REPLY("00 00"),
        USB_CMD("F3 07"),                    /* DFU_EXIT, no reply */
        USB_END,
    };
    struct usb_transport *t;
    struct stlink *st = open_script(s, 0x3748, script, &t);
    assert_null(usb_replay_problem(t));
    stlink_close(st);
    sd_session_free(s);
}

static void enter_swd_from_debug_mode(void **state)
{
    (void)state;
    struct sd_session *s;
    sd_session_new(&s);
    static const struct usb_replay_step script[] = {
        V2J37_OPEN,
        USB_CMD("F5"), USB_REPLY("02 00"),    /* left in DEBUG by someone else */
        USB_CMD("F5"), USB_REPLY("02 00"),
        USB_CMD("F2 21"),                    /* DEBUG_EXIT, no reply */
        USB_CMD("F2 30 A3"), USB_REPLY("80 00"),
        USB_CMD("F5"), USB_REPLY("02 00"),
        /* close: this handle entered debug mode, so it leaves it */
        USB_CMD("F2 21"),
        USB_END,
    };
    struct usb_transport *t;
    struct stlink *st = open_script(s, 0x3748, script, &t);
    struct usb_replay_report report;
    usb_replay_report_to(t, &report);
    assert_int_equal(stlink_enter(st, STLINK_SWD, STLINK_CONNECT_NORMAL), SD_OK);
    stlink_close(st);
    assert_string_equal(report.problem, "");
    sd_session_free(s);
}

static void enter_under_reset_holds_nrst(void **state)
{
    (void)state;
    struct sd_session *s;
    sd_session_new(&s);
    static const struct usb_replay_step script[] = {
        USB_CMD("F1"), USB_REPLY("27 95 83 04 4B 37"),   /* V2J30M21 */
        USB_CMD("F5"), USB_REPLY("01 00"),
        USB_CMD("F5"), USB_REPLY("01 00"),
        USB_CMD("F2 3C 00"), USB_REPLY("80 00"),
        USB_CMD("F2 30 A4"), USB_REPLY("80 00"),          /* JTAG without reset (J15+) */
        USB_CMD("F2 3C 00"), USB_REPLY("80 00"),
        USB_CMD("F5"), USB_REPLY("02 00"),
        USB_CMD("F2 21"),
        USB_END,
    };
    struct usb_transport *t;
    struct stlink *st = open_script(s, 0x374B, script, &t);
    struct usb_replay_report report;
    usb_replay_report_to(t, &report);
    assert_int_equal(stlink_enter(st, STLINK_JTAG, STLINK_CONNECT_UNDER_RESET), SD_OK);
    stlink_close(st);
    assert_string_equal(report.problem, "");
    sd_session_free(s);
}

static void enter_without_target(void **state)
{
    (void)state;
    struct sd_session *s;
    sd_session_new(&s);
    static const struct usb_replay_step script[] = {
        V2J37_OPEN,
        USB_CMD("F5"), USB_REPLY("01 00"),
        USB_CMD("F5"), USB_REPLY("01 00"),
        USB_CMD("F2 30 A3"), USB_REPLY("09 00"),
        USB_END,
    };
    struct usb_transport *t;
    struct stlink *st = open_script(s, 0x3748, script, &t);
    assert_int_equal(stlink_enter(st, STLINK_SWD, STLINK_CONNECT_HOTPLUG), SD_ERR_NO_TARGET);
    assert_string_equal(sd_session_detail(s), "stlink: ENTER SWD: status 0x09 JTAG_GET_IDCODE_ERROR");
    assert_null(usb_replay_problem(t));   /* failed ENTER: close sends nothing */
    stlink_close(st);
    sd_session_free(s);
}

static void enter_refused_mode(void **state)
{
    (void)state;
    struct sd_session *s;
    sd_session_new(&s);
    static const struct usb_replay_step script[] = {
        V2J37_OPEN,
        USB_CMD("F5"), USB_REPLY("01 00"),
        USB_CMD("F5"), USB_REPLY("01 00"),
        USB_CMD("F2 30 A3"), USB_REPLY("80 00"),
        USB_CMD("F5"), USB_REPLY("01 00"),
        USB_CMD("F2 21"),
        USB_END,
    };
    struct usb_transport *t;
    struct stlink *st = open_script(s, 0x3748, script, &t);
    struct usb_replay_report report;
    usb_replay_report_to(t, &report);
    assert_int_equal(stlink_enter(st, STLINK_SWD, STLINK_CONNECT_NORMAL), SD_ERR_PROBE_MODE);
    assert_non_null(strstr(sd_session_detail(s), "probe reports mode 1, not debug"));
    stlink_close(st);
    assert_true(report.closed);
    assert_string_equal(report.problem, "");
    sd_session_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(open_leaves_dfu),
        cmocka_unit_test(enter_swd_from_debug_mode),
        cmocka_unit_test(enter_under_reset_holds_nrst),
        cmocka_unit_test(enter_without_target),
        cmocka_unit_test(enter_refused_mode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
