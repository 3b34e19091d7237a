/* Public probe API (include/swdoctor/probe.h) over a fake USB backend:
 * selection by serial prefix, ambiguity, no probe, unusable probes, list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <swdoctor/swdoctor.h>

#include "common/session_internal.h"
#include "stlink/probe_internal.h"
#include "usb/usb_replay.h"

#define SERIAL_A "066EFF555051897267233656"
#define SERIAL_B "002500074741500420383733"

static const struct usb_replay_step open_v2_1[] = {
    USB_CMD("F1"), USB_REPLY("27 95 83 04 4B 37"),   /* V2J30M21 */
    USB_CMD("F5"), USB_REPLY("01 00"),
    USB_CMD("F7"), USB_REPLY("F1 05 00 00 0B 08 00 00"),
    USB_END,
};

static struct usb_dev_info fake_devs[4];
static size_t fake_count;
static int fake_open_error;
static char opened_serial[USB_SERIAL_MAX];

static int fake_list(struct sd_session *s, struct usb_dev_info **list, size_t *count)
{
    (void)s;
    *list = calloc(fake_count + 1, sizeof **list);
    memcpy(*list, fake_devs, fake_count * sizeof fake_devs[0]);
    *count = fake_count;
    return SD_OK;
}

static int fake_open(struct sd_session *s, const struct usb_dev_info *d, struct usb_transport **out)
{
    snprintf(opened_serial, sizeof opened_serial, "%s", d->serial);
    if (fake_open_error)
        return sd_fail(s, fake_open_error, SD_LOG_USB, "%s on bus %03u device %03u: claim interface 0",
                       d->model->name, d->bus, d->address);
    return usb_replay_open(s, d->model->pid, open_v2_1, out);
}

static const struct usb_backend_ops fake_backend = { .list = fake_list, .open = fake_open };

static void add(const char *serial, unsigned address, int status)
{
    struct usb_dev_info *d = &fake_devs[fake_count++];
    memset(d, 0, sizeof *d);
    snprintf(d->serial, sizeof d->serial, "%s", serial);
    d->model = usb_model_find(0x374B);
    d->bus = 1;
    d->address = address;
    d->status = status;
    if (status != SD_OK)
        snprintf(d->detail, sizeof d->detail,
                 "ST-LINK/V2-1 on bus 001 device %03u: cannot open it (LIBUSB_ERROR_ACCESS)", address);
}

static int setup(void **state)
{
    (void)state;
    fake_count = 0;
    fake_open_error = 0;
    opened_serial[0] = '\0';
    usb_backend_set(&fake_backend);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    usb_backend_set(NULL);
    return 0;
}

static void unique_prefix_selects(void **state)
{
    (void)state;
    add(SERIAL_A, 5, SD_OK);
    add(SERIAL_B, 6, SD_OK);
    struct sd_session *s;
    sd_session_new(&s);
    struct sd_probe *p = NULL;
    assert_int_equal(sd_probe_open(s, "0025", &p), SD_OK);
    assert_string_equal(opened_serial, SERIAL_B);
    const struct sd_probe_info *i = sd_probe_info(p);
    assert_string_equal(i->serial, SERIAL_B);
    assert_string_equal(i->model, "ST-LINK/V2-1");
    assert_int_equal(i->pid, 0x374B);
    assert_string_equal(i->firmware, "V2J30M21");
    assert_int_equal(i->api_version, 2);
    int mv = 0;
    assert_int_equal(sd_probe_target_voltage(p, &mv), SD_OK);
    assert_int_equal(mv, 3249);
    sd_probe_close(p);
    /* lower case works too */
    assert_int_equal(sd_probe_open(s, "066eff", &p), SD_OK);
    assert_string_equal(opened_serial, SERIAL_A);
    sd_probe_close(p);
    sd_session_free(s);
}

static void ambiguous_lists_serials(void **state)
{
    (void)state;
    add(SERIAL_A, 5, SD_OK);
    add(SERIAL_B, 6, SD_OK);
    struct sd_session *s;
    sd_session_new(&s);
    struct sd_probe *p = NULL;
    assert_int_equal(sd_probe_open(s, NULL, &p), SD_ERR_PROBE_AMBIGUOUS);
    assert_null(p);
    assert_string_equal(sd_session_detail(s), "usb: 2 probes connected: " SERIAL_A ", " SERIAL_B);
    assert_int_equal(sd_probe_open(s, "0", &p), SD_ERR_PROBE_AMBIGUOUS);
    assert_string_equal(sd_session_detail(s),
                        "usb: 2 probes' serials start with '0': " SERIAL_A ", " SERIAL_B);
    assert_string_equal(opened_serial, "");   /* nothing was opened */
    sd_session_free(s);
}

static void no_probe(void **state)
{
    (void)state;
    struct sd_session *s;
    sd_session_new(&s);
    struct sd_probe *p = NULL;
    assert_int_equal(sd_probe_open(s, NULL, &p), SD_ERR_NO_PROBE);
    assert_non_null(strstr(sd_session_detail(s), "no ST-LINK probe"));
    add(SERIAL_A, 5, SD_OK);
    assert_int_equal(sd_probe_open(s, "FFFF", &p), SD_ERR_NO_PROBE);
    assert_string_equal(sd_session_detail(s),
                        "usb: no probe's serial starts with 'FFFF' (found: " SERIAL_A ")");
    sd_session_free(s);
}

static void single_probe_without_permission(void **state)
{
    (void)state;
    add(SERIAL_A, 7, SD_ERR_USB_ACCESS);
    struct sd_session *s;
    sd_session_new(&s);
    struct sd_probe *p = NULL;
    assert_int_equal(sd_probe_open(s, NULL, &p), SD_ERR_USB_ACCESS);
    assert_non_null(strstr(sd_session_detail(s), "bus 001 device 007"));
    sd_session_free(s);
}

static void list_reports_usable_and_unusable(void **state)
{
    (void)state;
    add(SERIAL_A, 5, SD_OK);
    add("", 7, SD_ERR_USB_ACCESS);
    struct sd_session *s;
    sd_session_new(&s);
    struct sd_probe_info *list = NULL;
    size_t n = 0;
    assert_int_equal(sd_probe_list(s, &list, &n), SD_OK);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].status, SD_OK);
    assert_string_equal(list[0].firmware, "V2J30M21");
    assert_int_equal(list[0].target_mv, 3249);
    assert_int_equal(list[1].status, SD_ERR_USB_ACCESS);
    assert_int_equal(list[1].target_mv, -1);
    assert_string_equal(list[1].firmware, "");
    assert_non_null(strstr(list[1].status_detail, "LIBUSB_ERROR_ACCESS"));
    sd_probe_list_free(list);

    fake_open_error = SD_ERR_USB_BUSY;   /* another program holds the interface */
    assert_int_equal(sd_probe_list(s, &list, &n), SD_OK);
    assert_int_equal(list[0].status, SD_ERR_USB_BUSY);
    assert_non_null(strstr(list[0].status_detail, "bus 001 device 005"));
    sd_probe_list_free(list);
    assert_string_equal(sd_session_detail(s), "");
    sd_session_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(unique_prefix_selects, setup, teardown),
        cmocka_unit_test_setup_teardown(ambiguous_lists_serials, setup, teardown),
        cmocka_unit_test_setup_teardown(no_probe, setup, teardown),
        cmocka_unit_test_setup_teardown(single_probe_without_permission, setup, teardown),
        cmocka_unit_test_setup_teardown(list_reports_usable_and_unusable, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
