/* src/stlink: firmware versions from the reference's byte replies (§2.2,
 * §2.3), the printed form, gates (§6.4), the voltage formula (§2.5), and
 * stlink_open over a replayed transcript. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "stlink/stlink.h"
#include "usb/usb_replay.h"

static void v2j37s7(void **state)
{
    (void)state;
    static const uint8_t rep[6] = { 0x29, 0x47, 0x83, 0x04, 0x48, 0x37 };
    struct stlink_version v;
    assert_int_equal(stlink_parse_version(rep, USB_GEN_V2, &v), SD_OK);
    assert_int_equal(v.hw, 2);
    assert_int_equal(v.jtag, 37);
    assert_int_equal(v.swim, 7);
    assert_int_equal(v.msd, 0);
    assert_int_equal(v.vid, 0x0483);
    assert_int_equal(v.pid, 0x3748);
    assert_int_equal(v.api, 2);
    assert_string_equal(v.text, "V2J37S7");
}

static void v2j40m27_on_v2_1(void **state)
{
    (void)state;
    /* (2 << 12) | (40 << 6) | 27 = 0x2A1B, big-endian; PID 0x374B */
    static const uint8_t rep[6] = { 0x2A, 0x1B, 0x83, 0x04, 0x4B, 0x37 };
    struct stlink_version v;
    stlink_parse_version(rep, USB_GEN_V2_1, &v);
    assert_int_equal(v.jtag, 40);
    assert_int_equal(v.msd, 27);
    assert_int_equal(v.swim, 0);
    assert_string_equal(v.text, "V2J40M27");
    /* the same word from a V2 PID reads as SWIM */
    stlink_parse_version(rep, USB_GEN_V2, &v);
    assert_string_equal(v.text, "V2J40S27");
}

static void reference_examples(void **state)
{
    (void)state;
    struct stlink_version v;
    static const uint8_t j14[6] = { 0x23, 0x80, 0x83, 0x04, 0x48, 0x37 };
    stlink_parse_version(j14, USB_GEN_V2, &v);
    assert_string_equal(v.text, "V2J14S0");
    static const uint8_t j30m21[6] = { 0x27, 0x95, 0x83, 0x04, 0x4B, 0x37 };
    stlink_parse_version(j30m21, USB_GEN_V2_1, &v);
    assert_string_equal(v.text, "V2J30M21");
}

static void v3_version_ex(void **state)
{
    (void)state;
    /* §2.3: V3J7M3B5S1 on PID 0x3753 */
    static const uint8_t rep[12] = { 0x03, 0x01, 0x07, 0x03, 0x05, 0x00,
                                     0x00, 0x00, 0x83, 0x04, 0x53, 0x37 };
    struct stlink_version v;
    assert_int_equal(stlink_parse_version_ex(rep, &v), SD_OK);
    assert_int_equal(v.hw, 3);
    assert_int_equal(v.jtag, 7);
    assert_int_equal(v.swim, 1);
    assert_int_equal(v.msd, 3);
    assert_int_equal(v.bridge, 5);
    assert_int_equal(v.pid, 0x3753);
    assert_int_equal(v.api, 3);
    assert_string_equal(v.text, "V3J7M3B5S1");
}

static void gates_follow_firmware(void **state)
{
    (void)state;
    struct stlink_version v = { .hw = 2, .jtag = 37 };
    assert_true(stlink_version_has(&v, STLINK_F_INIT_AP_REQUIRED));
    assert_true(stlink_version_has(&v, STLINK_F_SWD_SET_FREQ));
    assert_false(stlink_version_has(&v, STLINK_F_COM_FREQ));
    assert_false(stlink_version_has(&v, STLINK_F_MEM8_512));
    assert_false(stlink_version_has(&v, STLINK_F_JTAG_DP_READ_QUIRK));
    v.jtag = 24;
    assert_true(stlink_version_has(&v, STLINK_F_DAP_REG));
    assert_true(stlink_version_has(&v, STLINK_F_JTAG_DP_READ_QUIRK));
    assert_false(stlink_version_has(&v, STLINK_F_MEM_16BIT));
    v.jtag = 14;
    assert_false(stlink_version_has(&v, STLINK_F_RW_STATUS2));
    assert_true(stlink_version_has(&v, STLINK_F_TARGET_VOLTAGE));
    v = (struct stlink_version){ .hw = 3, .jtag = 1 };
    assert_true(stlink_version_has(&v, STLINK_F_COM_FREQ));
    assert_false(stlink_version_has(&v, STLINK_F_SWD_SET_FREQ));
    assert_false(stlink_version_has(&v, STLINK_F_DP_BANK));
    assert_false(stlink_version_has(&v, STLINK_F_MEM8_512));
    v.jtag = 7;
    assert_true(stlink_version_has(&v, STLINK_F_MEM8_512));
    assert_true(stlink_version_has(&v, STLINK_F_INIT_AP_REQUIRED));
    v.hw = 4;   /* V3PWR follows V3 */
    assert_true(stlink_version_has(&v, STLINK_F_COM_FREQ));
}

static void voltage_formula(void **state)
{
    (void)state;
    /* §2.5 test vector: F1 05 00 00 0B 08 00 00 -> 3.249 V */
    assert_int_equal(stlink_voltage_mv(1521, 2059), 3249);
    assert_int_equal(stlink_voltage_mv(0, 2059), 0);
    assert_int_equal(stlink_voltage_mv(1521, 0), 0);
}

static void open_v3_reads_version_ex_and_measures(void **state)
{
    (void)state;
    struct sd_session *s;
    assert_int_equal(sd_session_new(&s), SD_OK);
    static const struct usb_replay_step script[] = {
        USB_CMD("F1"), USB_REPLY("30 00 83 04 53 37"),
        USB_CMD("FB"), USB_REPLY("03 01 07 03 05 00 00 00 83 04 53 37"),
        USB_CMD("F5"), USB_REPLY("01 00"),
        USB_CMD("F7"), USB_REPLY("F1 05 00 00 0B 08 00 00"),
        USB_END,
    };
    struct usb_transport *t;
    assert_int_equal(usb_replay_open(s, 0x3753, script, &t), SD_OK);
    struct stlink *st;
    assert_int_equal(stlink_open(s, t, &st), SD_OK);
    assert_string_equal(stlink_version(st)->text, "V3J7M3B5S1");
    int mv = 0;
    assert_int_equal(stlink_target_mv(st, &mv), SD_OK);
    assert_int_equal(mv, 3249);
    assert_null(usb_replay_problem(t));
    stlink_close(st);
    sd_session_free(s);
}

static void voltage_refused_on_old_firmware(void **state)
{
    (void)state;
    struct sd_session *s;
    assert_int_equal(sd_session_new(&s), SD_OK);
    static const struct usb_replay_step script[] = {
        USB_CMD("F1"), USB_REPLY("23 00 83 04 48 37"),   /* V2J12S0 */
        USB_CMD("F5"), USB_REPLY("01 00"),
        USB_END,
    };
    struct usb_transport *t;
    assert_int_equal(usb_replay_open(s, 0x3748, script, &t), SD_OK);
    struct stlink *st;
    assert_int_equal(stlink_open(s, t, &st), SD_OK);
    int mv;
    assert_int_equal(stlink_target_mv(st, &mv), SD_ERR_PROBE_FIRMWARE);
    assert_non_null(strstr(sd_session_detail(s), "needs firmware V2J13 or later, probe has V2J12S0"));
    assert_null(usb_replay_problem(t));
    stlink_close(st);
    sd_session_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(v2j37s7),
        cmocka_unit_test(v2j40m27_on_v2_1),
        cmocka_unit_test(reference_examples),
        cmocka_unit_test(v3_version_ex),
        cmocka_unit_test(gates_follow_firmware),
        cmocka_unit_test(voltage_formula),
        cmocka_unit_test(open_v3_reads_version_ex_and_measures),
        cmocka_unit_test(voltage_refused_on_old_firmware),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
