/* src/doctor/rules.c and last_target.c: the firmware bar (stlink-protocol.md
 * §6.4), the clone heuristics (§8), the order of swd-no-response
 * candidates, the held-in-reset rule on DHCSR (ARMv7-M ARM C1.6.2) and the
 * last-target file round trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "doctor/last_target.h"
#include "doctor/rules.h"

#define S_RESET_ST (1u << 25)
#define S_RETIRE_ST (1u << 24)
#define S_LOCKUP (1u << 19)

static size_t missing_for(unsigned hw, unsigned jtag)
{
    struct stlink_version v = { .hw = hw, .jtag = jtag };
    const char *why[8];
    return rules_firmware_missing(&v, why, 8);
}

/* The bench's default probes are current: never flagged. */
static void firmware_current_passes(void **state)
{
    (void)state;
    assert_int_equal(missing_for(2, 37), 0);   /* V2J37S7 */
    assert_int_equal(missing_for(2, 40), 0);   /* V2J40M27 (V2-1) */
    assert_int_equal(missing_for(3, 7), 0);    /* V3J7M3 */
    assert_int_equal(missing_for(2, 32), 0);   /* the bar itself */
    assert_int_equal(missing_for(3, 3), 0);
}

static void firmware_old_flagged(void **state)
{
    (void)state;
    /* V2J24S4: has DAP_REG (OpenOCD works) but lacks INIT_AP (J28) and DP banks (J32). */
    assert_int_equal(missing_for(2, 24), 2);
    assert_int_equal(missing_for(2, 31), 1);   /* only the DP-bank gate */
    /* V2J17: no DAP_REG either (OpenOCD's st-link driver refuses it). */
    assert_int_equal(missing_for(2, 17), 3);
    /* V2J12: not even a target voltage. */
    assert_int_equal(missing_for(2, 12), 4);
    /* V3J2: the protocol-switch bar (probe-rs needs V3J3). */
    assert_int_equal(missing_for(3, 2), 1);
    assert_string_equal(rules_firmware_minimum(2), "V2J32");
    assert_string_equal(rules_firmware_minimum(3), "V3J3");
}

static enum rules_clone_verdict clone_of(unsigned pid, const char *serial, bool known, bool noeff)
{
    struct rules_clone_facts f = { .pid = pid, .serial = serial, .nrst_known = known,
                                   .nrst_no_effect = noeff };
    const char *why[6];
    size_t n;
    enum rules_clone_verdict v = rules_clone(&f, why, 6, &n);
    assert_true(v == CLONE_NO || n >= 2);   /* a suspicion always says why */
    return v;
}

static void clone_heuristics(void **state)
{
    (void)state;
    const char *shared = "303030303030303030303031";
    const char *genuine = "066DFF485550755187123456";
    assert_true(rules_serial_non_unique(shared));
    assert_false(rules_serial_non_unique(genuine));
    assert_int_equal(clone_of(0x3748, genuine, false, false), CLONE_NO);
    assert_int_equal(clone_of(0x3748, shared, false, false), CLONE_POSSIBLE);
    assert_int_equal(clone_of(0x3748, shared, true, true), CLONE_LIKELY);
    assert_int_equal(clone_of(0x3748, shared, true, false), CLONE_POSSIBLE);
    /* An NRST that does nothing alone is nrst-not-connected, not a clone. */
    assert_int_equal(clone_of(0x3748, genuine, true, true), CLONE_NO);
    /* Malformed serials (empty, '?' substitutions) on a V2. */
    assert_int_equal(clone_of(0x3748, "", false, false), CLONE_POSSIBLE);
    assert_int_equal(clone_of(0x3748, "0669FF??5051897267233656", false, false), CLONE_POSSIBLE);
    /* V2-1 and V3 are never suspected (no clones of them are reported, §8). */
    assert_int_equal(clone_of(0x374B, shared, true, true), CLONE_NO);
    assert_int_equal(clone_of(0x374F, shared, true, true), CLONE_NO);
}

static void candidates_first_contact(void **state)
{
    (void)state;
    struct rules_no_response_facts f = { .under_reset_tried = true, .probe_drives_nrst = true };
    enum rules_candidate o[CAND_COUNT];
    size_t n = rules_no_response_order(&f, o);
    assert_int_equal(n, CAND_COUNT);
    assert_int_equal(o[0], CAND_WIRING);
    assert_int_equal(o[1], CAND_VREF);
    assert_int_equal(o[2], CAND_FIRMWARE_PINS);
    assert_int_equal(o[n - 1], CAND_DEAD_CHIP);
    /* A probe without NRST: connect under reset proved nothing about the firmware. */
    f.probe_drives_nrst = false;
    n = rules_no_response_order(&f, o);
    assert_int_equal(o[0], CAND_WIRING);
    assert_int_equal(o[1], CAND_FIRMWARE_PINS);
    assert_int_equal(o[2], CAND_VREF);
}

static void candidates_after_contact(void **state)
{
    (void)state;
    struct rules_no_response_facts f = { .reached_before = true, .under_reset_tried = true,
                                         .probe_drives_nrst = true };
    enum rules_candidate o[CAND_COUNT];
    size_t n = rules_no_response_order(&f, o);
    assert_int_equal(o[0], CAND_FIRMWARE_PINS);
    assert_int_equal(o[1], CAND_WIRING);
    /* Each candidate appears once. */
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            assert_int_not_equal(o[i], o[j]);
    f.reached_before_h7 = true;
    n = rules_no_response_order(&f, o);
    assert_int_equal(n, CAND_COUNT);
    assert_int_equal(o[0], CAND_H7_SUPPLY);
    assert_int_equal(o[1], CAND_FIRMWARE_PINS);
}

static void held_in_reset(void **state)
{
    (void)state;
    const uint32_t held[] = { S_RESET_ST, S_RESET_ST, S_RESET_ST };
    const uint32_t left[] = { S_RESET_ST, S_RETIRE_ST, S_RETIRE_ST };
    const uint32_t running[] = { S_RETIRE_ST, S_RETIRE_ST, S_RETIRE_ST };
    /* erased vectors: locked up at once, no instruction retired, yet out of reset */
    const uint32_t lockup[] = { S_RESET_ST | S_LOCKUP, S_LOCKUP, S_LOCKUP };
    /* a watchdog resetting the core: it retires instructions in between */
    const uint32_t watchdog[] = { S_RESET_ST | S_RETIRE_ST, S_RESET_ST | S_RETIRE_ST };
    assert_true(rules_held_in_reset(held, 3));
    assert_false(rules_held_in_reset(left, 3));
    assert_false(rules_held_in_reset(running, 3));
    assert_false(rules_held_in_reset(lockup, 3));
    assert_false(rules_held_in_reset(watchdog, 2));
    assert_false(rules_held_in_reset(held, 0));
}

static void ladder_descends(void **state)
{
    (void)state;
    assert_true(rules_clock_ladder_len >= 4);
    assert_int_equal(rules_clock_ladder[0], 4000);   /* swdoctor's default clock first */
    for (size_t i = 1; i < rules_clock_ladder_len; i++)
        assert_true(rules_clock_ladder[i] < rules_clock_ladder[i - 1]);
}

static void last_target_round_trip(void **state)
{
    (void)state;
    char dir[] = "/tmp/sd-last-target-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[sizeof dir + 16];
    snprintf(sub, sizeof sub, "%s/a/b", dir);        /* created on save */
    setenv("SWDOCTOR_STATE_DIR", sub, 1);

    struct doctor_last_target out;
    assert_false(doctor_last_target_load("066DFF485550755187123456", &out));

    struct doctor_last_target h7 = { .probe_serial = "0039003F3438510E34313939",
                                     .part = "STM32H745/747/755/757", .family = "H7",
                                     .dev_id = 0x450, .when_s = 1700000000u };
    struct doctor_last_target f4 = { .probe_serial = "066DFF485550755187123456",
                                     .part = "STM32F405/407/415/417", .family = "F4",
                                     .dev_id = 0x413, .when_s = 1700000100u };
    doctor_last_target_save(&h7);
    doctor_last_target_save(&f4);
    assert_true(doctor_last_target_load(h7.probe_serial, &out));
    assert_string_equal(out.part, "STM32H745/747/755/757");
    assert_string_equal(out.family, "H7");
    assert_int_equal(out.dev_id, 0x450);
    assert_int_equal(out.when_s, 1700000000u);

    /* A new record for the same probe replaces the old one. */
    struct doctor_last_target l4 = { .probe_serial = "0039003F3438510E34313939",
                                     .part = "STM32L47x/L48x", .family = "L4",
                                     .dev_id = 0x415, .when_s = 1700000200u };
    doctor_last_target_save(&l4);
    assert_true(doctor_last_target_load(l4.probe_serial, &out));
    assert_string_equal(out.part, "STM32L47x/L48x");
    assert_int_equal(out.dev_id, 0x415);
    assert_true(doctor_last_target_load(f4.probe_serial, &out));
    assert_string_equal(out.family, "F4");

    /* No serial: nothing saved, nothing found. */
    struct doctor_last_target none = { .part = "x", .family = "F4" };
    doctor_last_target_save(&none);
    assert_false(doctor_last_target_load("", &out));

    char cmd[sizeof dir + 16];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    /* An unwritable place fails silently. */
    setenv("SWDOCTOR_STATE_DIR", "/proc/no-such-dir", 1);
    doctor_last_target_save(&f4);
    assert_false(doctor_last_target_load(f4.probe_serial, &out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(firmware_current_passes),
        cmocka_unit_test(firmware_old_flagged),
        cmocka_unit_test(clone_heuristics),
        cmocka_unit_test(candidates_first_contact),
        cmocka_unit_test(candidates_after_contact),
        cmocka_unit_test(held_in_reset),
        cmocka_unit_test(ladder_descends),
        cmocka_unit_test(last_target_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
