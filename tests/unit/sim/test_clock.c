/* Virtual clock and cost model (sim/clock.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "clock.h"

static sim_ns seen[4];
static int calls[4];

static void ticker(void *ctx, sim_ns now)
{
    int i = (int)(intptr_t)ctx;
    seen[i] = now;
    calls[i]++;
}

static int order[8], n_order;
static void ticker_order(void *ctx, sim_ns now)
{
    (void)now;
    order[n_order++] = (int)(intptr_t)ctx;
}

static int setup(void **state)
{
    (void)state;
    sim_clock_reset();
    for (int i = 0; i < 4; i++)
        seen[i] = 0, calls[i] = 0;
    n_order = 0;
    return 0;
}

static void test_advance_calls_tickers_in_order(void **state)
{
    (void)state;
    sim_clock_add_ticker(ticker_order, (void *)1);
    sim_clock_add_ticker(ticker_order, (void *)2);
    sim_clock_advance(5);
    assert_int_equal(n_order, 2);
    assert_int_equal(order[0], 1);
    assert_int_equal(order[1], 2);
    assert_int_equal(sim_clock_now(), 5);
}

static void test_remove_ticker(void **state)
{
    (void)state;
    sim_clock_add_ticker(ticker, (void *)0);
    sim_clock_add_ticker(ticker, (void *)1);
    sim_clock_advance(10);
    sim_clock_remove_ticker(ticker, (void *)0);
    sim_clock_advance(10);
    assert_int_equal(calls[0], 1);
    assert_int_equal(calls[1], 2);
    assert_int_equal(seen[1], 20);
}

/* A ticker that itself lets time pass (a board waiting on flash): the
 * others still see the final time, and nothing recurses. */
static void ticker_advancing(void *ctx, sim_ns now)
{
    (void)ctx;
    calls[2]++;
    if (now == 100)
        sim_clock_advance(50);
}

static void test_ticker_may_advance(void **state)
{
    (void)state;
    sim_clock_add_ticker(ticker_advancing, NULL);
    sim_clock_add_ticker(ticker, (void *)0);
    sim_clock_advance(100);
    assert_int_equal(sim_clock_now(), 150);
    assert_int_equal(seen[0], 150);
}

static void test_reset(void **state)
{
    (void)state;
    sim_clock_add_ticker(ticker, (void *)0);
    sim_clock_advance(1000);
    sim_stats.usb_transfers = 3;
    sim_clock_reset();
    assert_int_equal(sim_clock_now(), 0);
    assert_int_equal(sim_stats.usb_transfers, 0);
    sim_clock_advance(1);
    assert_int_equal(calls[0], 1); /* ticker gone after reset */
}

/* USB 2.0 §5.8.4: FS bulk completes at the end of its 1 ms frame; 19
 * packets of 64 bytes fit in one frame. */
static void test_usb_full_speed_frames(void **state)
{
    (void)state;
    assert_int_equal(sim_cost_usb_transfer(SIM_USB_FULL_SPEED, 16), SIM_NS_PER_MS);
    assert_int_equal(sim_cost_usb_transfer(SIM_USB_FULL_SPEED, 0), SIM_NS_PER_MS);
    assert_int_equal(sim_cost_usb_transfer(SIM_USB_FULL_SPEED, 19 * 64), SIM_NS_PER_MS);
    assert_int_equal(sim_cost_usb_transfer(SIM_USB_FULL_SPEED, 19 * 64 + 1),
                     2 * SIM_NS_PER_MS);
    /* 6144 bytes = 96 packets = 6 frames */
    assert_int_equal(sim_cost_usb_transfer(SIM_USB_FULL_SPEED, 6144), 6 * SIM_NS_PER_MS);
    /* mid-frame: waits only for the rest of the frame */
    sim_clock_advance(300 * SIM_NS_PER_US);
    assert_int_equal(sim_cost_usb_transfer(SIM_USB_FULL_SPEED, 16), 700 * SIM_NS_PER_US);
}

/* High speed: 125 us microframes, 13 packets of 512 bytes each. */
static void test_usb_high_speed_microframes(void **state)
{
    (void)state;
    assert_int_equal(sim_cost_usb_transfer(SIM_USB_HIGH_SPEED, 16), 125 * SIM_NS_PER_US);
    assert_int_equal(sim_cost_usb_transfer(SIM_USB_HIGH_SPEED, 13 * 512), 125 * SIM_NS_PER_US);
    assert_int_equal(sim_cost_usb_transfer(SIM_USB_HIGH_SPEED, 13 * 512 + 1), 250 * SIM_NS_PER_US);
    assert_true(sim_cost_probe_command(SIM_USB_HIGH_SPEED) <
                sim_cost_probe_command(SIM_USB_FULL_SPEED));
}

/* ADIv5 §B4.2: 46 clocks per transfer plus idle/gap: 56 periods. */
static void test_swd_transfer_cost(void **state)
{
    (void)state;
    assert_int_equal(sim_cost_swd_transfer(4000), 14000);
    assert_int_equal(sim_cost_swd_transfer(1000), 56000);
    assert_int_equal(sim_cost_swd_transfer(1800), 31111);
    assert_true(sim_cost_swd_transfer(0) > 0);
    /* the V2's firmware is the slower one per word */
    assert_true(sim_cost_probe_swd_overhead(SIM_USB_FULL_SPEED) >
                sim_cost_probe_swd_overhead(SIM_USB_HIGH_SPEED));
}

/* Calibration (clock.c header): writing RAM in 1 KiB WRITEMEM_32BIT
 * chunks, each command OUT + data OUT + 256 SWD words + status OUT/IN. */
static double ram_write_kib_per_s(enum sim_usb_speed speed, unsigned khz)
{
    sim_clock_reset();
    const int chunks = 64;
    for (int c = 0; c < chunks; c++) {
        sim_clock_advance(sim_cost_usb_transfer(speed, 16));
        sim_clock_advance(sim_cost_probe_command(speed));
        sim_clock_advance(sim_cost_usb_transfer(speed, 1024));
        for (int w = 0; w < 256; w++)
            sim_clock_advance(sim_cost_swd_transfer(khz) +
                              sim_cost_probe_swd_overhead(speed));
        sim_clock_advance(sim_cost_usb_transfer(speed, 16));
        sim_clock_advance(sim_cost_probe_command(speed));
        sim_clock_advance(sim_cost_usb_transfer(speed, 12));
    }
    return chunks / ((double)sim_clock_now() / SIM_NS_PER_S);
}

static void test_calibration_v2_vs_v3(void **state)
{
    (void)state;
    double v2 = ram_write_kib_per_s(SIM_USB_FULL_SPEED, 1800);
    double v3 = ram_write_kib_per_s(SIM_USB_HIGH_SPEED, 8000);
    /* RAM is faster than flash; flash figures of 20-40 KiB/s for a V2 on
     * an F4 leave RAM writes at a few times that (a published V2 read
     * figure is 50 KiB/s), and a V3 several times faster than a V2. */
    assert_true(v2 > 45.0 && v2 < 100.0);
    assert_true(v3 > 3.0 * v2);
}

static void test_deterministic(void **state)
{
    (void)state;
    double a = ram_write_kib_per_s(SIM_USB_FULL_SPEED, 4000);
    sim_ns ta = sim_clock_now();
    double b = ram_write_kib_per_s(SIM_USB_FULL_SPEED, 4000);
    assert_true(a == b);
    assert_int_equal(ta, sim_clock_now());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_advance_calls_tickers_in_order, setup),
        cmocka_unit_test_setup(test_remove_ticker, setup),
        cmocka_unit_test_setup(test_ticker_may_advance, setup),
        cmocka_unit_test_setup(test_reset, setup),
        cmocka_unit_test_setup(test_usb_full_speed_frames, setup),
        cmocka_unit_test_setup(test_usb_high_speed_microframes, setup),
        cmocka_unit_test_setup(test_swd_transfer_cost, setup),
        cmocka_unit_test_setup(test_calibration_v2_vs_v3, setup),
        cmocka_unit_test_setup(test_deterministic, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
