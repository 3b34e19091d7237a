/* The drop-in libusb (sim/libusb/) over fake probes (fake_probe_board.c):
 * enumeration, descriptors, access faults, sync and async transfers in
 * OpenOCD's order, unplugging, and the interposed time functions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libusb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

/* probes: 0 ok (V2), 1 access denied, 2 busy, 3 unplugged after 2
 * transfers, 4 ok (V3) */
static const char scenario[] =
    "{\"probes\": ["
    " {\"probe\": {\"serial\": \"ABC\"}, \"board\": {\"part\": \"FAKE\"}},"
    " {\"probe\": {\"usb_access\": \"denied\"}, \"board\": {\"part\": \"FAKE\"}},"
    " {\"probe\": {\"usb_access\": \"busy\"}, \"board\": {\"part\": \"FAKE\"}},"
    " {\"probe\": {\"unplug_after_transfers\": 2}, \"board\": {\"part\": \"FAKE\"}},"
    " {\"probe\": {\"model\": \"v3\"}, \"board\": {\"part\": \"FAKE\"}}]}";

static libusb_device **list;
static ssize_t n_devices;

static int setup(void **state)
{
    (void)state;
    assert_int_equal(libusb_init(NULL), 0);
    n_devices = libusb_get_device_list(NULL, &list);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    libusb_free_device_list(list, 1);
    libusb_exit(NULL);
    return 0;
}

static libusb_device_handle *open_nth(int i)
{
    libusb_device_handle *h = NULL;
    assert_int_equal(libusb_open(list[i], &h), 0);
    return h;
}

static void test_enumeration(void **state)
{
    (void)state;
    assert_int_equal(n_devices, 5);
    assert_null(list[5]);
    struct libusb_device_descriptor d;
    assert_int_equal(libusb_get_device_descriptor(list[0], &d), 0);
    assert_int_equal(d.idVendor, 0x0483);
    assert_int_equal(d.idProduct, 0x3748);
    assert_int_equal(d.iSerialNumber, 3);
    assert_int_equal(libusb_get_bus_number(list[0]), 1);
    assert_int_not_equal(libusb_get_device_address(list[0]),
                         libusb_get_device_address(list[1]));
    uint8_t ports[7];
    assert_int_equal(libusb_get_port_numbers(list[4], ports, 7), 1);
    assert_int_equal(libusb_get_device_speed(list[0]), LIBUSB_SPEED_FULL);
    assert_int_equal(libusb_get_device_speed(list[4]), LIBUSB_SPEED_HIGH);
}

static void test_config_descriptor(void **state)
{
    (void)state;
    struct libusb_config_descriptor *c;
    assert_int_equal(libusb_get_active_config_descriptor(list[0], &c), 0);
    assert_int_equal(c->bNumInterfaces, 1);
    assert_int_equal(c->bConfigurationValue, 1);
    assert_int_equal(c->interface[0].num_altsetting, 1);
    const struct libusb_interface_descriptor *alt = &c->interface[0].altsetting[0];
    assert_int_equal(alt->bNumEndpoints, 3);
    assert_int_equal(alt->endpoint[0].bEndpointAddress, 0x81);
    assert_int_equal(alt->endpoint[1].bEndpointAddress, 0x02);
    assert_int_equal(alt->endpoint[2].wMaxPacketSize, 64);
    assert_int_equal(alt->extra_length, 5); /* class-specific descriptor */
    libusb_free_config_descriptor(c);
    assert_int_equal(libusb_get_max_packet_size(list[0], 0x81), 64);
    assert_int_equal(libusb_get_max_packet_size(list[0], 0x85), LIBUSB_ERROR_NOT_FOUND);
}

static void test_strings(void **state)
{
    (void)state;
    libusb_device_handle *h = open_nth(0);
    unsigned char s[64];
    assert_int_equal(libusb_get_string_descriptor_ascii(h, 3, s, sizeof s), 3);
    assert_string_equal((char *)s, "ABC");
    assert_int_equal(libusb_get_string_descriptor_ascii(h, 2, s, sizeof s), 12);
    assert_string_equal((char *)s, "STM32 STLink");
    unsigned char raw[18];
    assert_int_equal(libusb_control_transfer(h, LIBUSB_ENDPOINT_IN,
        LIBUSB_REQUEST_GET_DESCRIPTOR, LIBUSB_DT_DEVICE << 8, 0, raw, 18, 1000), 18);
    assert_int_equal(raw[8], 0x83);
    /* an unknown descriptor stalls */
    assert_int_equal(libusb_control_transfer(h, LIBUSB_ENDPOINT_IN,
        LIBUSB_REQUEST_GET_DESCRIPTOR, 0x4200, 0, raw, 18, 1000), LIBUSB_ERROR_PIPE);
    libusb_close(h);
}

static void test_access_faults(void **state)
{
    (void)state;
    libusb_device_handle *h = NULL;
    assert_int_equal(libusb_open(list[1], &h), LIBUSB_ERROR_ACCESS);
    h = open_nth(2);
    assert_int_equal(libusb_claim_interface(h, 0), LIBUSB_ERROR_BUSY);
    libusb_close(h);
    h = open_nth(0);
    assert_int_equal(libusb_kernel_driver_active(h, 0), 0);
    assert_int_equal(libusb_claim_interface(h, 0), 0);
    assert_int_equal(libusb_claim_interface(h, 1), LIBUSB_ERROR_NOT_FOUND);
    assert_int_equal(libusb_release_interface(h, 0), 0);
    libusb_close(h);
}

static void test_sync_bulk(void **state)
{
    (void)state;
    libusb_device_handle *h = open_nth(0);
    unsigned char cmd[16] = { 0xF1 }, rep[64];
    int n = 0;
    assert_int_equal(libusb_bulk_transfer(h, 0x02, cmd, 16, &n, 1000), 0);
    assert_int_equal(n, 16);
    assert_int_equal(libusb_bulk_transfer(h, 0x81, rep, 2, &n, 1000), 0);
    assert_int_equal(n, 2);
    assert_int_equal(rep[1], 0xF1);
    /* nothing queued: the host waits its whole timeout, in virtual time */
    sim_ns t0 = sim_clock_now();
    assert_int_equal(libusb_bulk_transfer(h, 0x81, rep, 2, &n, 500), LIBUSB_ERROR_TIMEOUT);
    assert_true(sim_clock_now() - t0 >= 500 * SIM_NS_PER_MS);
    assert_true(sim_clock_now() - t0 < 502 * SIM_NS_PER_MS);
    libusb_close(h);
}

static void cb(struct libusb_transfer *t)
{
    *(int *)t->user_data = 1;
}

/* OpenOCD 0.12 (jtag_libusb_bulk_transfer_n): the reply's IN is in
 * flight with (or even before) its command. */
static void test_async_in_before_command(void **state)
{
    (void)state;
    libusb_device_handle *h = open_nth(0);
    unsigned char cmd[16] = { 0xF5 }, rep[2] = { 0 };
    int done_in = 0, done_out = 0;
    struct libusb_transfer *tin = libusb_alloc_transfer(0);
    struct libusb_transfer *tout = libusb_alloc_transfer(0);
    libusb_fill_bulk_transfer(tin, h, 0x81, rep, 2, cb, &done_in, 1000);
    libusb_fill_bulk_transfer(tout, h, 0x02, cmd, 16, cb, &done_out, 1000);
    assert_int_equal(libusb_submit_transfer(tin), 0);
    assert_int_equal(libusb_submit_transfer(tout), 0);
    assert_int_equal(libusb_submit_transfer(tout), LIBUSB_ERROR_BUSY);
    struct timeval tv = { 1, 0 };
    while (!done_in)
        assert_int_equal(libusb_handle_events_timeout_completed(NULL, &tv, &done_in), 0);
    while (!done_out)
        assert_int_equal(libusb_handle_events_completed(NULL, &done_out), 0);
    assert_int_equal(tin->status, LIBUSB_TRANSFER_COMPLETED);
    assert_int_equal(tin->actual_length, 2);
    assert_int_equal(rep[1], 0xF5);
    assert_int_equal(tout->status, LIBUSB_TRANSFER_COMPLETED);
    libusb_free_transfer(tin);
    libusb_free_transfer(tout);
    libusb_close(h);
}

static void test_async_timeout_and_cancel(void **state)
{
    (void)state;
    libusb_device_handle *h = open_nth(4);
    unsigned char rep[2];
    int done = 0;
    struct libusb_transfer *t = libusb_alloc_transfer(0);
    libusb_fill_bulk_transfer(t, h, 0x81, rep, 2, cb, &done, 100);
    assert_int_equal(libusb_submit_transfer(t), 0);
    sim_ns t0 = sim_clock_now();
    while (!done)
        libusb_handle_events_completed(NULL, &done);
    assert_int_equal(t->status, LIBUSB_TRANSFER_TIMED_OUT);
    assert_true(sim_clock_now() - t0 >= 100 * SIM_NS_PER_MS);

    done = 0;
    libusb_fill_bulk_transfer(t, h, 0x81, rep, 2, cb, &done, 0);
    assert_int_equal(libusb_submit_transfer(t), 0);
    assert_int_equal(libusb_cancel_transfer(t), 0);
    while (!done)
        libusb_handle_events(NULL);
    assert_int_equal(t->status, LIBUSB_TRANSFER_CANCELLED);
    assert_int_equal(libusb_cancel_transfer(t), LIBUSB_ERROR_NOT_FOUND);
    libusb_free_transfer(t);
    libusb_close(h);
}

static void test_unplug_mid_run(void **state)
{
    (void)state;
    libusb_device_handle *h = open_nth(3);
    unsigned char cmd[16] = { 0xF1 }, rep[2];
    int n;
    assert_int_equal(libusb_bulk_transfer(h, 0x02, cmd, 16, &n, 1000), 0);
    assert_int_equal(libusb_bulk_transfer(h, 0x81, rep, 2, &n, 1000), 0);
    assert_int_equal(libusb_bulk_transfer(h, 0x02, cmd, 16, &n, 1000), LIBUSB_ERROR_NO_DEVICE);
    assert_int_equal(libusb_bulk_transfer(h, 0x81, rep, 2, &n, 1000), LIBUSB_ERROR_NO_DEVICE);
    assert_int_equal(libusb_claim_interface(h, 0), LIBUSB_ERROR_NO_DEVICE);
    libusb_close(h);
    libusb_device **l2;
    ssize_t n2 = libusb_get_device_list(NULL, &l2);
    assert_int_equal(n2, 4); /* gone from the bus */
    libusb_free_device_list(l2, 1);
}

static void test_misc_api(void **state)
{
    (void)state;
    assert_string_equal(libusb_error_name(LIBUSB_ERROR_TIMEOUT), "LIBUSB_ERROR_TIMEOUT");
    assert_string_equal(libusb_error_name(12345), "**UNKNOWN**");
    assert_non_null(strstr(libusb_strerror(LIBUSB_ERROR_ACCESS), "Access denied"));
    assert_int_equal(libusb_get_version()->major, 1);
    assert_int_equal(libusb_has_capability(LIBUSB_CAP_HAS_CAPABILITY), 1);
    assert_int_equal(libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG), 0);
    assert_int_equal(libusb_set_option(NULL, LIBUSB_OPTION_LOG_LEVEL, 3), 0);
    assert_int_equal(libusb_set_option(NULL, LIBUSB_OPTION_USE_USBDK), 0);
    libusb_device_handle *h = libusb_open_device_with_vid_pid(NULL, 0x0483, 0x374F);
    assert_non_null(h);
    assert_ptr_equal(libusb_get_device(h), list[4]);
    assert_int_equal(libusb_reset_device(h), 0);
    libusb_close(h);
}

/* ARCHITECTURE.md "Time on the bench": sleeps are virtual and instant,
 * readings are epoch + virtual time and always move forward. */
static void test_time_interposition(void **state)
{
    (void)state;
    sim_ns t0 = sim_clock_now();
    assert_true(t0 >= SIM_NS_PER_S); /* board uptime already passed */
    usleep(10000);
    assert_true(sim_clock_now() - t0 >= 10 * SIM_NS_PER_MS);
    assert_true(sim_clock_now() - t0 < 11 * SIM_NS_PER_MS);
    struct timespec ts = { 2, 0 };
    t0 = sim_clock_now();
    assert_int_equal(nanosleep(&ts, NULL), 0);
    sleep(3);
    assert_int_equal(sim_clock_now() - t0, 5 * SIM_NS_PER_S);

    struct timeval a, b;
    gettimeofday(&a, NULL);
    gettimeofday(&b, NULL);
    assert_true(b.tv_sec > a.tv_sec || b.tv_usec > a.tv_usec);
    assert_true(a.tv_sec >= 1700000000 && a.tv_sec < 1700000100);
    struct timespec m;
    clock_gettime(CLOCK_MONOTONIC, &m);
    assert_int_equal((sim_ns)m.tv_sec * SIM_NS_PER_S + (sim_ns)m.tv_nsec,
                     sim_clock_now());
    assert_int_equal(time(NULL), (time_t)(1700000000 + sim_clock_now() / SIM_NS_PER_S));
    /* a loop polling the clock with no sleep ends */
    struct timeval start, now;
    gettimeofday(&start, NULL);
    long loops = 0;
    do {
        gettimeofday(&now, NULL);
        loops++;
    } while ((now.tv_sec - start.tv_sec) * 1000000L + (now.tv_usec - start.tv_usec) < 50000);
    assert_true(loops <= 50000);
}

int main(void)
{
    char path[] = "/tmp/sim-libusb-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, scenario, sizeof scenario - 1) != (ssize_t)(sizeof scenario - 1))
        return 1;
    close(fd);
    setenv("SWDOCTOR_SIM_SCENARIO", path, 1);
    unsetenv("SWDOCTOR_SIM_STATE");
    unsetenv("SWDOCTOR_SIM_STATS");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enumeration),
        cmocka_unit_test(test_config_descriptor),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_access_faults),
        cmocka_unit_test(test_sync_bulk),
        cmocka_unit_test(test_async_in_before_command),
        cmocka_unit_test(test_async_timeout_and_cancel),
        cmocka_unit_test(test_unplug_mid_run),
        cmocka_unit_test(test_misc_api),
        cmocka_unit_test(test_time_interposition),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    unlink(path);
    return rc;
}
