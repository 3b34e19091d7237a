/* src/stlink: DP/AP registers (reference §4.4, §4.5), IDCODE, core
 * registers (§4.3), NRST and RESETSYS, with the firmware gates. */
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

static void dp_and_ap_registers(void **state)
{
    (void)state;
    static const struct usb_replay_step script[] = {
        OPEN_V2J37,
        USB_CMD("F2 31"), USB_REPLY("80 00 00 00 77 14 A0 2B 00 00 00 00"),
        /* CORUNDETECT (bit 0) is cleared on CTRL/STAT writes (OpenOCD) */
        USB_CMD("F2 46 FF FF 04 00 00 00 00 50"), USB_REPLY("80 00"),
        USB_CMD("F2 45 FF FF 04 00"), USB_REPLY("80 00 00 00 00 00 00 F0"),
        /* AP 0 is opened before its first access */
        USB_CMD("F2 4B 00 00"), USB_REPLY("80 00"),
        USB_CMD("F2 45 00 00 FC 00"), USB_REPLY("80 00 00 00 11 00 77 24"),
        USB_CMD("F2 46 00 00 04 00 00 ED 00 E0"), USB_REPLY("80 00"),
        /* close: the opened AP, then debug mode is not ours (never entered) */
        USB_CMD("F2 4C 00"), USB_REPLY("80 00"),
        USB_END,
    };
    struct fixture f;
    start(&f, script);
    uint32_t v = 0;
    assert_int_equal(stlink_read_idcode(f.st, &v), SD_OK);
    assert_int_equal(v, 0x2BA01477);
    assert_int_equal(stlink_dp_write(f.st, 0x04, 0x50000001), SD_OK);
    assert_int_equal(stlink_dp_read(f.st, 0x04, &v), SD_OK);
    assert_int_equal(v, 0xF0000000);
    assert_int_equal(stlink_ap_read(f.st, 0, 0xFC, &v), SD_OK);
    assert_int_equal(v, 0x24770011);
    assert_int_equal(stlink_ap_write(f.st, 0, 0x04, 0xE000ED00), SD_OK);
    /* close only sends CLOSE_AP when debug mode was entered; do it here */
    assert_int_equal(stlink_ap_close(f.st, 0), SD_OK);
    finish(&f);
}

static void old_firmware_gates(void **state)
{
    (void)state;
    static const struct usb_replay_step script[] = {
        USB_CMD("F1"), USB_REPLY("25 C0 83 04 48 37"),   /* V2J23S0 */
        USB_CMD("F5"), USB_REPLY("01 00"),
        USB_END,
    };
    struct fixture f;
    start(&f, script);
    uint32_t v;
    assert_int_equal(stlink_dp_read(f.st, 0x04, &v), SD_ERR_PROBE_FIRMWARE);
    assert_non_null(strstr(sd_session_detail(f.s), "needs firmware V2J24"));
    assert_int_equal(stlink_mem_select_ap(f.st, 1), SD_ERR_PROBE_FIRMWARE);
    finish(&f);
}

static void banked_dp_needs_j32(void **state)
{
    (void)state;
    static const struct usb_replay_step script[] = {
        USB_CMD("F1"), USB_REPLY("27 C0 83 04 48 37"),   /* V2J31S0 */
        USB_CMD("F5"), USB_REPLY("01 00"),
        USB_END,
    };
    struct fixture f;
    start(&f, script);
    uint32_t v;
    assert_int_equal(stlink_dp_read(f.st, 0x24, &v), SD_ERR_PROBE_FIRMWARE);
    finish(&f);
}

static void core_registers_nrst_reset(void **state)
{
    (void)state;
    static const struct usb_replay_step script[] = {
        OPEN_V2J37,
        USB_CMD("F2 33 0F"), USB_REPLY("80 00 00 00 01 02 00 08"),
        USB_CMD("F2 34 10 00 00 00 01"), USB_REPLY("80 00"),
        USB_CMD("F2 3C 02"), USB_REPLY("80 00"),
        USB_CMD("F2 32"), USB_REPLY("80 00"),
        USB_CMD("F2 3A"), USB_REPLY_ZEROS(88),
        USB_CMD("F2 33 0F"), USB_REPLY("81 00 00 00 00 00 00 00"),
        USB_END,
    };
    struct fixture f;
    start(&f, script);
    uint32_t v = 0;
    assert_int_equal(stlink_reg_read(f.st, 15, &v), SD_OK);
    assert_int_equal(v, 0x08000201);
    assert_int_equal(stlink_reg_write(f.st, 16, 0x01000000), SD_OK);
    assert_int_equal(stlink_nrst(f.st, STLINK_NRST_PULSE_ACTION), SD_OK);
    assert_int_equal(stlink_reset_sys(f.st), SD_OK);
    uint32_t regs[STLINK_ALLREGS_COUNT];
    /* a zero status byte is not OK */
    assert_int_equal(stlink_regs_read_all(f.st, regs), SD_ERR_PROBE_PROTOCOL);
    /* 0x81 on a core register: the core is not halted (e.g. held in reset) */
    assert_int_equal(stlink_reg_read(f.st, 15, &v), SD_ERR_TARGET_STATE);
    assert_string_equal(sd_session_detail(f.s), "stlink: READREG 0x0f: status 0x81 DEBUG_ERR_FAULT");
    finish(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dp_and_ap_registers),
        cmocka_unit_test(old_firmware_gates),
        cmocka_unit_test(banked_dp_needs_j32),
        cmocka_unit_test(core_registers_nrst_reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
