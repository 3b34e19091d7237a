/* The F0/F1/F3 part rows and layouts (sim/chips/parts_f0f1f3.c) on the
 * generic shell, seen by a debugger (sim_chip_debug_read/write): debug
 * port and core IDs (stm32-families.md §1.3), DBGMCU_IDCODE where each
 * core looks for it (§1.1: 0xE0042000 on M3/M4, 0x40015800 on M0), the
 * flash-size register (§1.2), the option block at 0x1FFFF800 (§4.2), the
 * F1 SWD pins owned by AFIO_MAPR.SWJ_CFG (§6.1), RDP level 1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chips/chip.h"
#include "clock.h"

#define CPUID         0xE000ED00u
#define RCC_APB2ENR   0x40021018u
#define AFIO_MAPR     0x40010004u
#define SWJ_CFG_OFF   (4u << 24)     /* JTAG-DP and SW-DP disabled */

struct fx {
    struct sim_chip *chip;
    uint8_t *nvm;
};

static struct fx make(const char *part, int rdp)
{
    sim_clock_reset();
    struct sim_board_config cfg = { .powered = true, .vdd_mv = 3300, .rdp = rdp };
    snprintf(cfg.part, sizeof cfg.part, "%s", part);
    size_t n = sim_chip_nvm_size(part);
    assert_true(n > 0);
    struct fx f = { .nvm = malloc(n) };
    char err[128];
    f.chip = sim_chip_create(&cfg, f.nvm, true, err, sizeof err);
    assert_non_null(f.chip);
    sim_chip_power(f.chip, true);
    sim_chip_debug_power(f.chip, true, true);
    return f;
}

static void drop(struct fx *f)
{
    sim_chip_destroy(f->chip);
    free(f->nvm);
}

static uint32_t rd(struct fx *f, uint32_t addr, unsigned size)
{
    uint32_t v = 0;
    assert_int_equal(sim_chip_debug_read(f->chip, 0, addr, size, &v), SIM_BUS_ACCESS_OK);
    return v;
}

static void f103rc_identity(void **state)
{
    (void)state;
    struct fx f = make("STM32F103RCT6", 0);
    assert_int_equal(sim_chip_dp_idcode(f.chip, SIM_WIRE_SWD), 0x1BA01477u);
    assert_int_equal(sim_chip_dp_idcode(f.chip, SIM_WIRE_JTAG), 0x3BA00477u);
    assert_int_equal(sim_chip_ap_idr(f.chip, 0), 0x14770011u);
    assert_int_equal(rd(&f, CPUID, 4), 0x411FC231u);
    assert_int_equal(rd(&f, 0xE0042000u, 4), 0x10030414u);
    assert_int_equal(rd(&f, 0x1FFFF7E0u, 2), 256);
    /* Option block: RDP 0x5AA5, USER 0x00FF (byte + complement). */
    assert_int_equal(rd(&f, 0x1FFFF800u, 4), 0x00FF5AA5u);
    assert_int_equal(rd(&f, 0x4002201Cu, 4), 0x03FFFFFCu);   /* FLASH_OBR */
    assert_int_equal(rd(&f, 0x40022010u, 4), 0x80u);         /* FLASH_CR: LOCK */
    drop(&f);
}

static void f072_and_f303_identity(void **state)
{
    (void)state;
    struct fx f = make("STM32F072RB", 0);
    assert_int_equal(sim_chip_dp_idcode(f.chip, SIM_WIRE_SWD), 0x0BB11477u);
    assert_int_equal(rd(&f, CPUID, 4), 0x410CC200u);
    assert_int_equal(rd(&f, 0x40015800u, 4) & 0xFFFu, 0x448u);
    assert_int_equal(rd(&f, 0x1FFFF7CCu, 2), 128);
    assert_int_equal(rd(&f, 0x1FFFF800u, 2), 0x55AAu);
    drop(&f);
    f = make("STM32F303VC", 0);
    assert_int_equal(rd(&f, CPUID, 4), 0x410FC241u);
    assert_int_equal(rd(&f, 0xE0042000u, 4) & 0xFFFu, 0x422u);
    assert_int_equal(rd(&f, 0x1FFFF7CCu, 2), 256);
    drop(&f);
}

/* RM0008 §9.4.2 / stm32-families.md §6.1: SWJ_CFG = 100 releases PA13 and
 * PA14, after which the probe gets no answer. */
static void f1_swj_cfg_takes_the_pins(void **state)
{
    (void)state;
    struct fx f = make("STM32F103C8", 0);
    assert_true(sim_chip_debug_port_alive(f.chip));
    assert_int_equal(sim_chip_debug_write(f.chip, 0, RCC_APB2ENR, 4, 1u), SIM_BUS_ACCESS_OK);
    assert_int_equal(sim_chip_debug_write(f.chip, 0, AFIO_MAPR, 4, SWJ_CFG_OFF),
                     SIM_BUS_ACCESS_OK);
    assert_false(sim_chip_debug_port_alive(f.chip));
    drop(&f);
}

/* PM0075 §2.4.1: at level 1 the debugger cannot read main flash; the
 * option block and the flash registers stay readable. */
static void f1_rdp1_blocks_flash_reads(void **state)
{
    (void)state;
    struct fx f = make("STM32F103RC", 1);
    uint32_t v;
    assert_int_equal(sim_chip_debug_read(f.chip, 0, 0x08000000u, 4, &v), SIM_BUS_ACCESS_FAULT);
    assert_int_equal(rd(&f, 0x1FFFF800u, 2), 0xFF00u);
    assert_true(rd(&f, 0x4002201Cu, 4) & 2u);                /* RDPRT */
    drop(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(f103rc_identity),
        cmocka_unit_test(f072_and_f303_identity),
        cmocka_unit_test(f1_swj_cfg_takes_the_pins),
        cmocka_unit_test(f1_rdp1_blocks_flash_reads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
