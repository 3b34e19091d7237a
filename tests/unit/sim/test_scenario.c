/* Scenario parser (sim/bench/scenario.c) and state file (state.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/scenario.h"
#include "bench/state.h"

static struct sim_scenario sc;
static char err[1024];

static int parse(const char *text)
{
    err[0] = 0;
    return sim_scenario_parse(text, "/base/dir", &sc, err, sizeof err);
}

static void test_full_single_probe(void **state)
{
    (void)state;
    assert_int_equal(parse(
        "{\"probe\": {\"model\": \"v3\", \"firmware\": \"V3J7M3\", \"serial\": \"ABCDEF\","
        " \"clone\": true, \"usb_fault_rate\": 0.25, \"usb_access\": \"busy\","
        " \"unplug_after_transfers\": 40},"
        " \"board\": {\"part\": \"STM32F407VG\", \"powered\": false, \"vdd_mv\": 1800,"
        " \"swd_max_khz\": 4000, \"swdio_connected\": false, \"nrst\": \"stuck_low\","
        " \"boot0\": 1, \"supply\": \"smps\", \"firmware\": \"fw/blinky.elf\", \"uptime_ms\": 50},"
        " \"chip\": {\"rdp\": 1, \"wrp_sectors\": [0, 3], \"dbgmcu_cr\": 7}}"), 0);
    assert_int_equal(sc.n_probes, 1);
    const struct sim_scenario_probe *p = &sc.p[0];
    assert_int_equal(p->probe.model, SIM_PROBE_V3);
    assert_string_equal(p->probe.firmware, "V3J7M3");
    assert_string_equal(p->probe.serial, "ABCDEF");
    assert_true(p->probe.clone);
    assert_true(p->usb_fault_rate == 0.25);
    assert_int_equal(p->usb_access, SIM_USB_ACCESS_BUSY);
    assert_int_equal(p->unplug_after_transfers, 40);
    assert_string_equal(p->board.part, "STM32F407VG");
    assert_false(p->board.powered);
    assert_int_equal(p->board.vdd_mv, 1800);
    assert_int_equal(p->board.swd_max_khz, 4000);
    assert_false(p->board.swdio_connected);
    assert_int_equal(p->board.nrst, SIM_NRST_STUCK_LOW);
    assert_int_equal(p->board.boot0, 1);
    assert_int_equal(p->board.supply, SIM_SUPPLY_SMPS);
    /* relative to the scenario's directory, made absolute */
    assert_string_equal(p->board.firmware, "/base/dir/fw/blinky.elf");
    assert_int_equal(p->board.uptime_ms, 50);
    assert_int_equal(p->board.rdp, 1);
    assert_int_equal(p->board.n_wrp_sectors, 2);
    assert_int_equal(p->board.wrp_sectors[1], 3);
    assert_int_equal(p->board.dbgmcu_cr, 7);
}

static void test_defaults(void **state)
{
    (void)state;
    assert_int_equal(parse("{\"board\": {\"part\": \"STM32F407VG\"}}"), 0);
    const struct sim_scenario_probe *p = &sc.p[0];
    assert_int_equal(p->probe.model, SIM_PROBE_V2);
    assert_string_equal(p->probe.firmware, "V2J37S7");
    assert_int_equal(strlen(p->probe.serial), 24);
    assert_false(p->probe.clone);
    assert_int_equal(p->usb_access, SIM_USB_ACCESS_OK);
    assert_true(p->board.powered);
    assert_int_equal(p->board.vdd_mv, 3300);
    assert_true(p->board.swdio_connected);
    assert_int_equal(p->board.nrst, SIM_NRST_WIRED);
    assert_int_equal(p->board.supply, SIM_SUPPLY_DEFAULT);
    assert_string_equal(p->board.firmware, "");
    assert_int_equal(p->board.uptime_ms, 1000);
    assert_int_equal(p->board.rdp, 0);
    assert_int_equal(sc.seed, 1);
}

static void test_model_default_firmware(void **state)
{
    (void)state;
    assert_int_equal(parse("{\"probe\": {\"model\": \"v3\"}, \"board\": {\"part\": \"X\"}}"), 0);
    assert_string_equal(sc.p[0].probe.firmware, "V3J7M3");
    assert_int_equal(parse("{\"probe\": {\"model\": \"v2-1\"}, \"board\": {\"part\": \"X\"}}"), 0);
    assert_int_equal(sc.p[0].probe.model, SIM_PROBE_V2_1);
}

static void test_absolute_firmware_kept(void **state)
{
    (void)state;
    assert_int_equal(parse("{\"board\": {\"part\": \"X\", \"firmware\": \"/abs/fw.elf\"}}"), 0);
    assert_string_equal(sc.p[0].board.firmware, "/abs/fw.elf");
}

static void test_two_probes(void **state)
{
    (void)state;
    assert_int_equal(parse("{\"seed\": 7, \"probes\": ["
        "{\"probe\": {\"model\": \"v2\"}, \"board\": {\"part\": \"A\"}},"
        "{\"probe\": {\"model\": \"v3\"}, \"board\": {\"part\": \"B\"}, \"chip\": {\"rdp\": 2}}]}"), 0);
    assert_int_equal(sc.n_probes, 2);
    assert_int_equal(sc.seed, 7);
    assert_string_equal(sc.p[1].board.part, "B");
    assert_int_equal(sc.p[1].board.rdp, 2);
    /* default serials differ, so hosts can tell the probes apart */
    assert_string_not_equal(sc.p[0].probe.serial, sc.p[1].probe.serial);
}

/* An empty "probes" array is a desk with no probe plugged in: it parses,
 * with no probe at all (the bench then lists no ST-LINK). */
static void test_zero_probes(void **state)
{
    (void)state;
    memset(&sc, 0xA5, sizeof sc);
    assert_int_equal(parse("{\"probes\": []}"), 0);
    assert_int_equal(sc.n_probes, 0);
    assert_int_equal(sc.seed, 1);
    assert_int_equal(parse("{\"seed\": 3, \"probes\": []}"), 0);
    assert_int_equal(sc.n_probes, 0);
    assert_int_equal(sc.seed, 3);
    /* still "probes" alone at the top level */
    assert_int_equal(parse("{\"probes\": [], \"board\": {\"part\": \"X\"}}"), -1);
    assert_non_null(strstr(err, "alone"));
}

/* Each malformed key: the message names the key and what was expected. */
struct bad_case {
    const char *json;
    const char *key;      /* must appear in the message */
    const char *expected; /* must appear in the message */
};

static const struct bad_case bad_cases[] = {
    { "{\"board\": {\"part\": \"X\", \"vdd_mv\": \"3.3V\"}}", "board.vdd_mv", "integer" },
    { "{\"board\": {\"part\": \"X\", \"vdd_mv\": 9000}}", "board.vdd_mv", "0..5000" },
    { "{\"board\": {\"part\": \"X\", \"powered\": 1}}", "board.powered", "true or false" },
    { "{\"board\": {\"part\": \"X\", \"nrst\": \"floating\"}}", "board.nrst", "\"stuck_low\"" },
    { "{\"board\": {\"part\": \"X\", \"supply\": 3}}", "board.supply", "\"smps\"" },
    { "{\"board\": {\"part\": \"X\", \"boot0\": 2}}", "board.boot0", "0..1" },
    { "{\"board\": {\"part\": \"X\", \"firmware\": 5}}", "board.firmware", "string" },
    { "{\"board\": {\"part\": \"X\", \"uptime\": 5}}", "board.uptime", "unknown key" },
    { "{\"board\": {\"vdd_mv\": 3300}}", "board.part", "missing" },
    { "{\"probe\": {\"model\": \"v2\"}}", "board", "missing" },
    { "{\"board\": []}", "board", "object" },
    { "{\"probe\": {\"model\": \"v4\"}, \"board\": {\"part\": \"X\"}}", "probe.model", "\"v2-1\"" },
    { "{\"probe\": {\"usb_fault_rate\": 1.5}, \"board\": {\"part\": \"X\"}}", "probe.usb_fault_rate", "0..1" },
    { "{\"probe\": {\"usb_access\": \"no\"}, \"board\": {\"part\": \"X\"}}", "probe.usb_access", "\"denied\"" },
    { "{\"probe\": {\"clone\": \"yes\"}, \"board\": {\"part\": \"X\"}}", "probe.clone", "true or false" },
    { "{\"probe\": {\"model\": \"v3\", \"firmware\": \"V2J37S7\"}, \"board\": {\"part\": \"X\"}}", "probe.firmware", "V3J7M3" },
    { "{\"probe\": {\"unplug_after_transfers\": -1}, \"board\": {\"part\": \"X\"}}", "probe.unplug_after_transfers", "integer" },
    { "{\"board\": {\"part\": \"X\"}, \"chip\": {\"rdp\": 3}}", "chip.rdp", "0..2" },
    { "{\"board\": {\"part\": \"X\"}, \"chip\": {\"wrp_sectors\": 3}}", "chip.wrp_sectors", "array" },
    { "{\"board\": {\"part\": \"X\"}, \"chip\": {\"wrp_sectors\": [\"a\"]}}", "chip.wrp_sectors", "sector numbers" },
    { "{\"board\": {\"part\": \"X\"}, \"chip\": {\"dbgmcu_cr\": 1.5}}", "chip.dbgmcu_cr", "integer" },
    { "{\"board\": {\"part\": \"X\"}, \"chips\": {}}", "chips", "unknown key" },
    { "{\"probes\": {}}", "probes", "array" },
    { "{\"probes\": [{}, {}, {}, {}, {}, {}, {}, {}, {}]}", "probes", "0..8" },
    { "{\"probes\": [{\"board\": {\"part\": \"X\"}}, {\"board\": {\"part\": \"X\", \"nrst\": 1}}]}",
      "probes[1].board.nrst", "expected one of" },
    { "{\"probes\": [{\"board\": {\"part\": \"X\"}}], \"board\": {}}", "probes", "alone" },
    { "{\"probes\": [5]}", "probes[0]", "object" },
    { "{\"seed\": -1, \"board\": {\"part\": \"X\"}}", "seed", "non-negative" },
    { "[1, 2]", "top level", "object" },
    { "{\"board\": {\"part\": \"X\",}}", "line 1", "" },
};

static void test_malformed_keys(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *c = &bad_cases[i];
        if (parse(c->json) != -1 || !strstr(err, c->key) || !strstr(err, c->expected)) {
            print_error("case %zu: %s\n  -> \"%s\"\n", i, c->json, err);
            fail();
        }
    }
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_load_file_resolves_relative_to_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/sim-scenario-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[64], path[128], fw[128];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    snprintf(path, sizeof path, "%s/s.json", sub);
    snprintf(fw, sizeof fw, "%s/fw.elf", dir);
    write_file(fw, "");
    write_file(path, "{\"board\": {\"part\": \"X\", \"firmware\": \"../fw.elf\"}}");
    assert_int_equal(sim_scenario_load(path, &sc, err, sizeof err), 0);
    assert_string_equal(sc.p[0].board.firmware, fw);
    /* a file that does not exist (yet) keeps the joined, absolute path */
    write_file(path, "{\"board\": {\"part\": \"X\", \"firmware\": \"none.elf\"}}");
    assert_int_equal(sim_scenario_load(path, &sc, err, sizeof err), 0);
    char want[160];
    snprintf(want, sizeof want, "%s/none.elf", sub);
    assert_string_equal(sc.p[0].board.firmware, want);
    write_file(path, "{\"board\": {\"part\": \"X\", \"firmware\": \"./a/../../none.elf\"}}");
    assert_int_equal(sim_scenario_load(path, &sc, err, sizeof err), 0);
    snprintf(want, sizeof want, "%s/none.elf", dir);
    assert_string_equal(sc.p[0].board.firmware, want);
    /* errors from a file carry its name */
    write_file(path, "{\"board\": {\"part\": 1}}");
    assert_int_equal(sim_scenario_load(path, &sc, err, sizeof err), -1);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "board.part"));
    unlink(path);
    unlink(fw);
    rmdir(sub);
    rmdir(dir);
    assert_int_equal(sim_scenario_load("/nonexistent/x.json", &sc, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/x.json"));
}

/* Every scenario shipped in sim/scenarios/ parses. */
static void test_shipped_scenarios_parse(void **state)
{
    (void)state;
    DIR *d = opendir(SIM_SCENARIO_DIR);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", SIM_SCENARIO_DIR, e->d_name);
        if (sim_scenario_load(path, &sc, err, sizeof err) != 0) {
            print_error("%s\n", err);
            fail();
        }
        n++;
    }
    closedir(d);
    assert_true(n >= 7);
}

/* ---- state file ---- */

static void test_state_create_then_reuse(void **state)
{
    (void)state;
    char path[] = "/tmp/sim-state-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    const char *parts[] = { "STM32F407VG", "STM32F103C8" };
    const size_t sizes[] = { 10000, 5000 };
    struct sim_state st;
    assert_int_equal(sim_state_open(&st, path, 2, parts, sizes, err, sizeof err), 0);
    assert_true(st.fresh);
    assert_int_equal(st.n_boards, 2);
    assert_int_equal(st.nvm_size[1], 5000);
    memset(st.nvm[0], 0xAB, 10000);
    memset(st.nvm[1], 0xCD, 5000);
    sim_state_commit(&st);
    sim_state_close(&st);

    assert_int_equal(sim_state_open(&st, path, 2, parts, sizes, err, sizeof err), 0);
    assert_false(st.fresh);
    assert_int_equal(st.nvm[0][9999], 0xAB);
    assert_int_equal(st.nvm[1][0], 0xCD);
    assert_int_equal(st.nvm[1][4999], 0xCD);
    sim_state_close(&st);

    /* dump's view */
    assert_int_equal(sim_state_open_existing(&st, path, err, sizeof err), 0);
    assert_int_equal(st.n_boards, 2);
    assert_string_equal(st.part[1], "STM32F103C8");
    assert_int_equal(st.nvm[1][0], 0xCD);
    sim_state_close(&st);

    /* another scenario's parts: refused, never reinitialised */
    const char *other[] = { "STM32F407VG", "STM32L476RG" };
    assert_int_equal(sim_state_open(&st, path, 2, other, sizes, err, sizeof err), -1);
    assert_non_null(strstr(err, "STM32F103C8"));
    const size_t bigger[] = { 20000, 5000 };
    assert_int_equal(sim_state_open(&st, path, 2, parts, bigger, err, sizeof err), -1);
    unlink(path);
}

static void test_state_uncommitted_is_rejected(void **state)
{
    (void)state;
    char path[] = "/tmp/sim-state-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd); /* an empty file (mktemp) counts as new */
    const char *parts[] = { "P" };
    const size_t sizes[] = { 100 };
    struct sim_state st;
    assert_int_equal(sim_state_open(&st, path, 1, parts, sizes, err, sizeof err), 0);
    assert_true(st.fresh);
    sim_state_close(&st); /* killed before commit */
    assert_int_equal(sim_state_open(&st, path, 1, parts, sizes, err, sizeof err), -1);
    assert_non_null(strstr(err, "magic"));
    unlink(path);
}

static void test_state_in_memory(void **state)
{
    (void)state;
    const char *parts[] = { "P" };
    const size_t sizes[] = { 100 };
    struct sim_state st;
    assert_int_equal(sim_state_open(&st, NULL, 1, parts, sizes, err, sizeof err), 0);
    assert_true(st.fresh);
    assert_false(st.mapped);
    st.nvm[0][99] = 1;
    sim_state_close(&st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_single_probe),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_model_default_firmware),
        cmocka_unit_test(test_absolute_firmware_kept),
        cmocka_unit_test(test_two_probes),
        cmocka_unit_test(test_zero_probes),
        cmocka_unit_test(test_malformed_keys),
        cmocka_unit_test(test_load_file_resolves_relative_to_file),
        cmocka_unit_test(test_shipped_scenarios_parse),
        cmocka_unit_test(test_state_create_then_reuse),
        cmocka_unit_test(test_state_uncommitted_is_rejected),
        cmocka_unit_test(test_state_in_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
