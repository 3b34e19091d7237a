/* The STM32H7 parts on the real generic shell (sim/chips/mcu*.c) with the
 * real core and clock: identification through the access ports (AP0
 * DBGMCU at 0x5C001000, AP2 APB-AP at 0xE00E1000, AP3 = the H747's
 * Cortex-M4), the PWR_CR3 supply lock seen by the debug port (§6.2: dead
 * until a power cycle, NRST does not help), and the scenario key
 * board.supply with its values.  Facts: stm32-families.md §1.1, §1.3,
 * §6.2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bench/scenario.h"
#include "chips/chip.h"

#define DBGMCU_IDCODE     0x5C001000u
#define APBD_DBGMCU       0xE00E1000u
#define CPUID             0xE000ED00u
#define PWR_CR3           0x5802480Cu
#define PWR_CSR1          0x58024804u
#define ACTVOSRDY         (1u << 13)
#define CR3_LDOEN         (1u << 1)
#define CR3_SMPSEN        (1u << 2)
#define FLASH_SIZE_REG    0x1FF1E880u

struct rig {
    struct sim_chip *chip;
    uint8_t *nvm;
};

static struct rig make(const char *part, enum sim_supply supply)
{
    struct sim_board_config cfg = { .powered = true, .vdd_mv = 3300, .supply = supply };
    snprintf(cfg.part, sizeof cfg.part, "%s", part);
    size_t n = sim_chip_nvm_size(part);
    assert_true(n > 0);
    struct rig r = { .nvm = calloc(1, n) };
    char err[256];
    r.chip = sim_chip_create(&cfg, r.nvm, true, err, sizeof err);
    if (!r.chip)
        fail_msg("%s", err);
    sim_chip_power(r.chip, true);
    return r;
}

static void drop(struct rig *r)
{
    sim_chip_destroy(r->chip);
    free(r->nvm);
}

static uint32_t rd(struct rig *r, unsigned ap, uint32_t addr)
{
    uint32_t v = 0;
    assert_int_equal(sim_chip_debug_read(r->chip, ap, addr, 4, &v), SIM_BUS_ACCESS_OK);
    return v;
}

static void identification_through_the_aps(void **state)
{
    (void)state;
    struct rig r = make("STM32H747II", SIM_SUPPLY_LDO);
    assert_int_equal(sim_chip_dp_idcode(r.chip, SIM_WIRE_SWD), 0x6BA02477u);
    assert_int_equal(sim_chip_ap_count(r.chip), 4);
    assert_int_equal(rd(&r, 0, DBGMCU_IDCODE), 0x20030450u);
    assert_int_equal(rd(&r, 2, APBD_DBGMCU), 0x20030450u);   /* APB-AP, DBGMCU at 0xE00E1000 */
    assert_int_equal((rd(&r, 0, CPUID) >> 4) & 0xFFFu, 0xC27u); /* Cortex-M7 on AP0 */
    assert_int_equal((rd(&r, 3, CPUID) >> 4) & 0xFFFu, 0xC24u); /* Cortex-M4 on AP3 */
    assert_int_equal(rd(&r, 0, FLASH_SIZE_REG) & 0xFFFFu, 2048);
    drop(&r);

    r = make("STM32H743ZI", SIM_SUPPLY_LDO);
    assert_int_equal(sim_chip_ap_count(r.chip), 3);           /* no Cortex-M4 */
    assert_int_equal(rd(&r, 0, DBGMCU_IDCODE), 0x20030450u);
    drop(&r);
    r = make("STM32H7A3ZI", SIM_SUPPLY_DEFAULT);
    assert_int_equal(rd(&r, 0, DBGMCU_IDCODE) & 0xFFFu, 0x480u);
    assert_int_equal(rd(&r, 0, 0x08FFF80Cu) & 0xFFFFu, 2048);  /* FSIZE next to the OTP */
    drop(&r);
}

static void wrong_supply_kills_the_debug_port_until_power_off(void **state)
{
    (void)state;
    struct rig r = make("STM32H747II", SIM_SUPPLY_LDO);
    assert_true(sim_chip_debug_port_alive(r.chip));
    assert_true(rd(&r, 0, PWR_CSR1) & ACTVOSRDY);
    /* Direct SMPS on a board wired for the LDO. */
    assert_int_equal(sim_chip_debug_write(r.chip, 0, PWR_CR3, 4, CR3_SMPSEN), SIM_BUS_ACCESS_OK);
    assert_false(sim_chip_debug_port_alive(r.chip));
    /* NRST (connect under reset) does not bring it back ... */
    sim_chip_nrst(r.chip, true);
    assert_false(sim_chip_debug_port_alive(r.chip));
    sim_chip_nrst(r.chip, false);
    assert_false(sim_chip_debug_port_alive(r.chip));
    /* ... a power cycle does. */
    sim_chip_power(r.chip, false);
    sim_chip_power(r.chip, true);
    assert_true(sim_chip_debug_port_alive(r.chip));
    assert_int_equal(rd(&r, 0, PWR_CR3) & 0x3Fu, CR3_LDOEN | CR3_SMPSEN);
    /* The right configuration for the wiring: the LDO. */
    assert_int_equal(sim_chip_debug_write(r.chip, 0, PWR_CR3, 4, CR3_LDOEN), SIM_BUS_ACCESS_OK);
    assert_true(sim_chip_debug_port_alive(r.chip));
    assert_true(rd(&r, 0, PWR_CSR1) & ACTVOSRDY);
    drop(&r);
}

static void scenario_supply_values(void **state)
{
    (void)state;
    static const struct { const char *name; enum sim_supply want; } rows[] = {
        { "ldo", SIM_SUPPLY_LDO }, { "smps", SIM_SUPPLY_SMPS },
        { "bypass", SIM_SUPPLY_BYPASS }, { "smps-ldo", SIM_SUPPLY_SMPS_LDO },
    };
    struct sim_scenario sc;
    char err[512], text[256];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        snprintf(text, sizeof text, "{\"board\": {\"part\": \"STM32H747II\", \"supply\": \"%s\"}}",
                 rows[i].name);
        assert_int_equal(sim_scenario_parse(text, NULL, &sc, err, sizeof err), 0);
        assert_int_equal(sc.p[0].board.supply, rows[i].want);
    }
    assert_int_equal(sim_scenario_parse("{\"board\": {\"part\": \"STM32H747II\"}}", NULL, &sc, err,
                                        sizeof err), 0);
    assert_int_equal(sc.p[0].board.supply, SIM_SUPPLY_DEFAULT);
    assert_int_equal(sim_scenario_parse("{\"board\": {\"part\": \"X\", \"supply\": \"ext\"}}", NULL,
                                        &sc, err, sizeof err), -1);
    assert_non_null(strstr(err, "\"smps-ldo\""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(identification_through_the_aps),
        cmocka_unit_test(wrong_supply_kills_the_debug_port_until_power_off),
        cmocka_unit_test(scenario_supply_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
