/* src/usb: probe table, serial decoding, libusb error mapping, and
 * transfers through a replayed transcript. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <libusb.h>

#include "usb/usb.h"
#include "usb/usb_replay.h"

static void table_has_every_debug_pid_with_endpoints(void **state)
{
    (void)state;
    static const struct {
        uint16_t pid;
        uint8_t out, trace;
        uint16_t packet;
    } want[] = {
        { 0x3748, 0x02, 0x83, 64 },  { 0x374A, 0x01, 0x82, 64 },  { 0x374B, 0x01, 0x82, 64 },
        { 0x3752, 0x01, 0x82, 64 },  { 0x374E, 0x01, 0x82, 512 }, { 0x374F, 0x01, 0x82, 512 },
        { 0x3753, 0x01, 0x82, 512 }, { 0x3754, 0x01, 0x82, 512 }, { 0x3757, 0x01, 0x82, 512 },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const struct usb_probe_model *m = usb_model_find(want[i].pid);
        assert_non_null(m);
        assert_int_equal(m->ep_out, want[i].out);
        assert_int_equal(m->ep_in, 0x81);
        assert_int_equal(m->ep_trace, want[i].trace);
        assert_int_equal(m->max_packet, want[i].packet);
        assert_non_null(m->name);
    }
    assert_null(usb_model_find(0x3744));   /* V1: SCSI transport, not driven */
    assert_null(usb_model_find(0x374D));   /* V3 bootloader */
    assert_string_equal(usb_model_find(0x374B)->name, "ST-LINK/V2-1");
    assert_int_equal(usb_model_find(0x3748)->gen, USB_GEN_V2);
    assert_int_equal(usb_model_find(0x3752)->gen, USB_GEN_V2_1);
    assert_int_equal(usb_model_find(0x3757)->gen, USB_GEN_V3);
}

static void serial_ascii_24_kept(void **state)
{
    (void)state;
    const char *text = "066EFF555051897267233656";
    uint8_t desc[50] = { 50, 3 };
    for (size_t i = 0; i < 24; i++)
        desc[2 + 2 * i] = (uint8_t)text[i];
    char out[64];
    assert_int_equal(usb_serial_decode(desc, sizeof desc, out, sizeof out), 24);
    assert_string_equal(out, text);
}

static void serial_raw_12_bytes_hex_encoded(void **state)
{
    (void)state;
    /* probe-rs#360: a genuine V2 reports 39 29 05 01 26 12 34 4D 31 4B 4E 00 */
    static const uint8_t raw[12] = { 0x39, 0x29, 0x05, 0x01, 0x26, 0x12,
                                     0x34, 0x4D, 0x31, 0x4B, 0x4E, 0x00 };
    uint8_t desc[26] = { 26, 3 };
    for (size_t i = 0; i < 12; i++)
        desc[2 + 2 * i] = raw[i];
    char out[64];
    assert_int_equal(usb_serial_decode(desc, sizeof desc, out, sizeof out), 24);
    assert_string_equal(out, "392905012612344D314B4E00");
}

static void serial_empty_and_truncated(void **state)
{
    (void)state;
    uint8_t empty[2] = { 2, 3 };
    char out[64] = "x";
    assert_int_equal(usb_serial_decode(empty, sizeof empty, out, sizeof out), 0);
    assert_string_equal(out, "");
    uint8_t bad[1] = { 50 };
    assert_int_equal(usb_serial_decode(bad, sizeof bad, out, sizeof out), 0);
    assert_string_equal(out, "");
}

static void libusb_errors_mapped(void **state)
{
    (void)state;
    assert_int_equal(usb_map_error(LIBUSB_ERROR_NO_DEVICE), SD_ERR_USB_DISCONNECTED);
    assert_int_equal(usb_map_error(LIBUSB_ERROR_TIMEOUT), SD_ERR_USB_TIMEOUT);
    assert_int_equal(usb_map_error(LIBUSB_ERROR_ACCESS), SD_ERR_USB_ACCESS);
    assert_int_equal(usb_map_error(LIBUSB_ERROR_BUSY), SD_ERR_USB_BUSY);
    assert_int_equal(usb_map_error(LIBUSB_ERROR_PIPE), SD_ERR_USB);
    assert_int_equal(usb_map_error(LIBUSB_ERROR_OVERFLOW), SD_ERR_PROBE_PROTOCOL);
    assert_int_equal(usb_map_error(LIBUSB_ERROR_NO_MEM), SD_ERR_NO_MEMORY);
    assert_int_equal(usb_map_error(-1234), SD_ERR_USB);
    assert_int_equal(usb_map_error(0), SD_OK);
    assert_string_equal(usb_error_name(LIBUSB_ERROR_NO_DEVICE), "LIBUSB_ERROR_NO_DEVICE");
}

static void transfers_map_errors_with_endpoint(void **state)
{
    (void)state;
    struct sd_session *s;
    assert_int_equal(sd_session_new(&s), SD_OK);
    static const struct usb_replay_step script[] = {
        USB_CMD("F1"),
        USB_REPLY("29 47"),                       /* short reply */
        USB_CMD("F5"),
        USB_IN_ERROR(LIBUSB_ERROR_TIMEOUT),
        USB_OUT_ERROR(LIBUSB_ERROR_NO_DEVICE),
        USB_END,
    };
    struct usb_transport *t;
    assert_int_equal(usb_replay_open(s, 0x3748, script, &t), SD_OK);
    uint8_t cmd[16] = { 0xF1 }, rep[6];
    assert_int_equal(usb_write(t, cmd, sizeof cmd, 100), SD_OK);
    assert_int_equal(usb_read(t, rep, 6, 100), SD_ERR_PROBE_PROTOCOL);
    assert_string_equal(sd_session_detail(s), "usb: bulk IN 0x81: reply of 2 bytes, expected 6");
    cmd[0] = 0xF5;
    assert_int_equal(usb_write(t, cmd, sizeof cmd, 100), SD_OK);
    assert_int_equal(usb_read(t, rep, 2, 100), SD_ERR_USB_TIMEOUT);
    assert_string_equal(sd_session_detail(s),
                        "usb: bulk IN 0x81 (2 bytes, 0 done): LIBUSB_ERROR_TIMEOUT");
    assert_int_equal(usb_write(t, cmd, sizeof cmd, 100), SD_ERR_USB_DISCONNECTED);
    assert_string_equal(sd_session_detail(s),
                        "usb: bulk OUT 0x02 (16 bytes, 0 done): LIBUSB_ERROR_NO_DEVICE");
    assert_null(usb_replay_problem(t));
    usb_close(t);
    sd_session_free(s);
}

static void replay_reports_divergence(void **state)
{
    (void)state;
    struct sd_session *s;
    assert_int_equal(sd_session_new(&s), SD_OK);
    static const struct usb_replay_step script[] = { USB_CMD("F1"), USB_END };
    struct usb_transport *t;
    assert_int_equal(usb_replay_open(s, 0x374B, script, &t), SD_OK);
    uint8_t cmd[16] = { 0xF5 };
    assert_int_not_equal(usb_write(t, cmd, sizeof cmd, 100), SD_OK);
    assert_non_null(usb_replay_problem(t));
    usb_close(t);
    sd_session_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_has_every_debug_pid_with_endpoints),
        cmocka_unit_test(serial_ascii_24_kept),
        cmocka_unit_test(serial_raw_12_bytes_hex_encoded),
        cmocka_unit_test(serial_empty_and_truncated),
        cmocka_unit_test(libusb_errors_mapped),
        cmocka_unit_test(transfers_map_errors_with_endpoint),
        cmocka_unit_test(replay_reports_divergence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
