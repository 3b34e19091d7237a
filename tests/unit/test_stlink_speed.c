/* src/stlink: interface clock selection (reference §4.6): the fastest
 * supported value not above the request, the slowest below the table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "stlink/stlink.h"
#include "usb/usb_replay.h"

static void v2_swd_table(void **state)
{
    (void)state;
    uint16_t div;
    assert_int_equal(stlink_v2_speed_choose(STLINK_SWD, 4000, &div), 4000);
    assert_int_equal(div, 0);
    assert_int_equal(stlink_v2_speed_choose(STLINK_SWD, 3999, &div), 1800);
    assert_int_equal(div, 1);
    assert_int_equal(stlink_v2_speed_choose(STLINK_SWD, 1000, &div), 950);
    assert_int_equal(div, 3);
    assert_int_equal(stlink_v2_speed_choose(STLINK_SWD, 24000, &div), 4000);
    assert_int_equal(stlink_v2_speed_choose(STLINK_SWD, 5, &div), 5);
    assert_int_equal(div, 798);
    /* below the slowest entry: the slowest */
    assert_int_equal(stlink_v2_speed_choose(STLINK_SWD, 1, &div), 5);
    assert_int_equal(div, 798);
}

static void v2_jtag_table(void **state)
{
    (void)state;
    uint16_t div;
    assert_int_equal(stlink_v2_speed_choose(STLINK_JTAG, 18000, &div), 9000);
    assert_int_equal(div, 4);
    assert_int_equal(stlink_v2_speed_choose(STLINK_JTAG, 2000, &div), 1125);
    assert_int_equal(div, 32);
    assert_int_equal(stlink_v2_speed_choose(STLINK_JTAG, 100, &div), 140);
    assert_int_equal(div, 256);
}

static void pick_from_list(void **state)
{
    (void)state;
    static const unsigned v3[] = { 24000, 8000, 3300, 1000, 200, 50 };
    assert_int_equal(stlink_speed_pick(v3, 6, 4000), 3300);
    assert_int_equal(stlink_speed_pick(v3, 6, 24000), 24000);
    assert_int_equal(stlink_speed_pick(v3, 6, 100000), 24000);
    assert_int_equal(stlink_speed_pick(v3, 6, 10), 50);
    assert_int_equal(stlink_speed_pick(v3, 0, 10), 0);
}

static void v2_sets_divisor(void **state)
{
    (void)state;
    struct sd_session *s;
    sd_session_new(&s);
    static const struct usb_replay_step script[] = {
        USB_CMD("F1"), USB_REPLY("29 47 83 04 48 37"),
        USB_CMD("F5"), USB_REPLY("01 00"),
        USB_CMD("F2 43 03 00"), USB_REPLY("80 00"),      /* 950 kHz */
        USB_CMD("F2 43 1E 03"), USB_REPLY("80 00"),      /* divisor 798 = 0x031E: 5 kHz */
        USB_END,
    };
    struct usb_transport *t;
    assert_int_equal(usb_replay_open(s, 0x3748, script, &t), SD_OK);
    struct stlink *st;
    assert_int_equal(stlink_open(s, t, &st), SD_OK);
    unsigned khz = 0;
    assert_int_equal(stlink_set_speed(st, STLINK_SWD, 1000, &khz), SD_OK);
    assert_int_equal(khz, 950);
    assert_int_equal(stlink_set_speed(st, STLINK_SWD, 2, &khz), SD_OK);
    assert_int_equal(khz, 5);
    assert_null(usb_replay_problem(t));
    stlink_close(st);
    sd_session_free(s);
}

static void v2_old_firmware_cannot_set(void **state)
{
    (void)state;
    struct sd_session *s;
    sd_session_new(&s);
    static const struct usb_replay_step script[] = {
        USB_CMD("F1"), USB_REPLY("25 40 83 04 48 37"),   /* V2J21S0 */
        USB_CMD("F5"), USB_REPLY("01 00"),
        USB_END,
    };
    struct usb_transport *t;
    assert_int_equal(usb_replay_open(s, 0x3748, script, &t), SD_OK);
    struct stlink *st;
    assert_int_equal(stlink_open(s, t, &st), SD_OK);
    unsigned khz = 0;
    assert_int_equal(stlink_set_speed(st, STLINK_SWD, 1000, &khz), SD_ERR_PROBE_FIRMWARE);
    assert_non_null(strstr(sd_session_detail(s), "needs firmware V2J22 or later, probe has V2J21S0"));
    stlink_close(st);
    sd_session_free(s);
}

/* GET_COM_FREQ reply: status, current, count 6, then 24000 8000 3300 1000 200 50 kHz */
#define V3_FREQS "80 00 00 00 E8 03 00 00 06 00 00 00 " \
                 "C0 5D 00 00 40 1F 00 00 E4 0C 00 00 E8 03 00 00 C8 00 00 00 32 00 00 00 " \
                 "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"

static void v3_uses_probe_list(void **state)
{
    (void)state;
    struct sd_session *s;
    sd_session_new(&s);
    static const struct usb_replay_step script[] = {
        USB_CMD("F1"), USB_REPLY("30 00 83 04 4F 37"),
        USB_CMD("FB"), USB_REPLY("03 02 07 00 03 00 00 00 83 04 4F 37"),
        USB_CMD("F5"), USB_REPLY("01 00"),
        USB_CMD("F2 62 00"), USB_REPLY(V3_FREQS),
        USB_CMD("F2 61 00 00 E4 0C 00 00"), USB_REPLY("80 00 00 00 E4 0C 00 00"),   /* 3300 */
        USB_CMD("F2 62 01"), USB_REPLY(V3_FREQS),
        USB_CMD("F2 61 01 00 32 00 00 00"), USB_REPLY("80 00 00 00 32 00 00 00"),   /* 50 */
        USB_END,
    };
    struct usb_transport *t;
    assert_int_equal(usb_replay_open(s, 0x374F, script, &t), SD_OK);
    struct stlink *st;
    assert_int_equal(stlink_open(s, t, &st), SD_OK);
    unsigned khz = 0;
    assert_int_equal(stlink_set_speed(st, STLINK_SWD, 4000, &khz), SD_OK);
    assert_int_equal(khz, 3300);
    assert_int_equal(stlink_set_speed(st, STLINK_JTAG, 10, &khz), SD_OK);
    assert_int_equal(khz, 50);
    assert_null(usb_replay_problem(t));
    stlink_close(st);
    sd_session_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(v2_swd_table),
        cmocka_unit_test(v2_jtag_table),
        cmocka_unit_test(pick_from_list),
        cmocka_unit_test(v2_sets_divisor),
        cmocka_unit_test(v2_old_firmware_cannot_set),
        cmocka_unit_test(v3_uses_probe_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
