/* The bench's world (sim/bench/world.c) over fake boards and probes:
 * power-on uptime, state file reuse, deterministic fault injection,
 * unplugging. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/world.h"
#include "clock.h"

extern int fake_boards_created;

static struct sim_scenario sc;
static struct sim_world w;
static char err[1024];

static void load(const char *json)
{
    sim_clock_reset();
    assert_int_equal(sim_scenario_parse(json, "/", &sc, err, sizeof err), 0);
}

static void test_uptime_advances_clock(void **state)
{
    (void)state;
    load("{\"probes\": [{\"board\": {\"part\": \"FAKE\", \"uptime_ms\": 20}},"
         "{\"board\": {\"part\": \"FAKE\", \"uptime_ms\": 300}}]}");
    assert_int_equal(sim_world_create(&w, &sc, NULL, err, sizeof err), 0);
    /* the host comes after the longest-powered board's uptime */
    assert_int_equal(sim_clock_now(), 300 * SIM_NS_PER_MS);
    assert_int_equal(w.n, 2);
    assert_true(w.state.fresh);
    sim_world_destroy(&w);

    load("{\"board\": {\"part\": \"FAKE\"}}");
    assert_int_equal(sim_world_create(&w, &sc, NULL, err, sizeof err), 0);
    assert_int_equal(sim_clock_now(), 1000 * SIM_NS_PER_MS); /* default */
    sim_world_destroy(&w);
}

static void test_unknown_part_names_key(void **state)
{
    (void)state;
    load("{\"probes\": [{\"board\": {\"part\": \"FAKE\"}}, {\"board\": {\"part\": \"NOPE\"}}]}");
    assert_int_equal(sim_world_create(&w, &sc, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "probes[1].board.part"));
    assert_non_null(strstr(err, "NOPE"));
}

static void test_state_file_fresh_then_kept(void **state)
{
    (void)state;
    char path[] = "/tmp/sim-world-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    load("{\"board\": {\"part\": \"FAKE\"}}");
    assert_int_equal(sim_world_create(&w, &sc, path, err, sizeof err), 0);
    assert_true(w.state.fresh);
    assert_int_equal(w.state.nvm[0][0], 0xFF); /* board initialised it */
    w.state.nvm[0][0] = 0x42;                  /* "programmed" */
    sim_world_destroy(&w);

    assert_int_equal(sim_world_create(&w, &sc, path, err, sizeof err), 0);
    assert_false(w.state.fresh);
    assert_int_equal(w.state.nvm[0][0], 0x42);
    sim_world_destroy(&w);
    unlink(path);
}

static unsigned count_faults(uint64_t seed, int n, enum sim_world_fault *first)
{
    char json[256];
    snprintf(json, sizeof json, "{\"seed\": %llu, \"probe\": {\"usb_fault_rate\": 0.25},"
             " \"board\": {\"part\": \"FAKE\"}}", (unsigned long long)seed);
    load(json);
    assert_int_equal(sim_world_create(&w, &sc, NULL, err, sizeof err), 0);
    unsigned faults = 0;
    for (int i = 0; i < n; i++) {
        enum sim_world_fault f = sim_world_bulk_fault(&w, 0);
        if (i < 16)
            first[i] = f;
        assert_int_not_equal(f, SIM_FAULT_GONE);
        faults += f != SIM_FAULT_NONE;
    }
    sim_world_destroy(&w);
    return faults;
}

static void test_fault_rate_deterministic(void **state)
{
    (void)state;
    enum sim_world_fault a[16], b[16], c[16];
    unsigned na = count_faults(1, 4000, a);
    unsigned nb = count_faults(1, 4000, b);
    unsigned nc = count_faults(2, 4000, c);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, sizeof a);
    /* 25 % of 4000 = 1000; 5 sigma is about 137 */
    assert_in_range(na, 860, 1140);
    assert_in_range(nc, 860, 1140);
}

static void test_no_faults_by_default(void **state)
{
    (void)state;
    load("{\"board\": {\"part\": \"FAKE\"}}");
    assert_int_equal(sim_world_create(&w, &sc, NULL, err, sizeof err), 0);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(sim_world_bulk_fault(&w, 0), SIM_FAULT_NONE);
    sim_world_destroy(&w);
}

static void test_unplug_after_transfers(void **state)
{
    (void)state;
    load("{\"probe\": {\"unplug_after_transfers\": 3}, \"board\": {\"part\": \"FAKE\"}}");
    assert_int_equal(sim_world_create(&w, &sc, NULL, err, sizeof err), 0);
    for (int i = 0; i < 3; i++)
        assert_int_equal(sim_world_bulk_fault(&w, 0), SIM_FAULT_NONE);
    assert_int_equal(sim_world_bulk_fault(&w, 0), SIM_FAULT_GONE);
    assert_true(w.p[0].unplugged);
    assert_int_equal(sim_world_bulk_fault(&w, 0), SIM_FAULT_GONE); /* for good */
    sim_world_destroy(&w);
}

static void test_stats_file(void **state)
{
    (void)state;
    sim_clock_reset();
    sim_clock_advance(12345);
    sim_stats.usb_transfers = 7;
    sim_stats.swd_transfers = 9;
    char path[] = "/tmp/sim-stats-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(sim_stats_write(path, err, sizeof err), 0);
    FILE *f = fopen(path, "r");
    char buf[1024] = "";
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    assert_non_null(strstr(buf, "\"virtual_ns\": 12345"));
    assert_non_null(strstr(buf, "\"usb_transfers\": 7"));
    assert_non_null(strstr(buf, "\"swd_transfers\": 9"));
    assert_non_null(strstr(buf, "\"usb_bytes_in\": 0"));
    assert_non_null(strstr(buf, "\"usb_bytes_out\": 0"));
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uptime_advances_clock),
        cmocka_unit_test(test_unknown_part_names_key),
        cmocka_unit_test(test_state_file_fresh_then_kept),
        cmocka_unit_test(test_fault_rate_deterministic),
        cmocka_unit_test(test_no_faults_by_default),
        cmocka_unit_test(test_unplug_after_transfers),
        cmocka_unit_test(test_stats_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
