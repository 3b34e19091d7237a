/* Firmware forensics without a target: decoding the Thumb store a
 * watchpoint stopped after (ARMv7-M ARM A7.7.158-A7.7.170; encodings
 * checked against arm-none-eabi-objdump), the watch plan per family, and
 * the judgement of values written to the watched registers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "doctor/forensics.h"

static void stores_16_and_32_bit(void **state)
{
    (void)state;
    struct thumb_store s;
    /* 6013  str r3, [r2, #0] */
    assert_true(thumb_decode_store(0x6013, 0, &s));
    assert_int_equal(s.length, 2);
    assert_int_equal(s.size, 4);
    assert_int_equal(s.rt, 3);
    assert_int_equal(s.rn, 2);
    assert_int_equal(s.offset, 0);
    /* 6193  str r3, [r2, #24] */
    assert_true(thumb_decode_store(0x6193, 0, &s));
    assert_int_equal(s.offset, 24);
    /* f8c3 2830  str.w r2, [r3, #2096] */
    assert_true(thumb_decode_store(0xF8C3, 0x2830, &s));
    assert_int_equal(s.length, 4);
    assert_int_equal(s.rt, 2);
    assert_int_equal(s.rn, 3);
    assert_int_equal(s.offset, 0x830);
    /* 8013  strh r3, [r2, #0]; 7013  strb r3, [r2, #0]; 9301  str r3, [sp, #4] */
    assert_true(thumb_decode_store(0x8013, 0, &s));
    assert_int_equal(s.size, 2);
    assert_true(thumb_decode_store(0x7013, 0, &s));
    assert_int_equal(s.size, 1);
    assert_true(thumb_decode_store(0x9301, 0, &s));
    assert_int_equal(s.rn, 13);
    assert_int_equal(s.rt, 3);
    assert_int_equal(s.offset, 4);
    /* 5053  str r3, [r2, r1] */
    assert_true(thumb_decode_store(0x5053, 0, &s));
    assert_int_equal(s.rm, 1);
    /* f843 2d04  str.w r2, [r3, #-4]!  (imm8, pre-indexed, writeback) */
    assert_true(thumb_decode_store(0xF843, 0x2D04, &s));
    assert_int_equal(s.offset, -4);
    assert_true(s.indexed);
    assert_true(s.writeback);
    /* Not stores: 6813 ldr r3,[r2]; f8d3 2830 ldr.w; f043 5380 orr.w; 4770 bx lr */
    assert_false(thumb_decode_store(0x6813, 0, &s));
    assert_false(thumb_decode_store(0xF8D3, 0x2830, &s));
    assert_false(thumb_decode_store(0xF043, 0x5380, &s));
    assert_false(thumb_decode_store(0x4770, 0, &s));
}

static void loads(void **state)
{
    (void)state;
    struct thumb_store s;
    assert_true(thumb_decode_access(0x6813, 0, &s));        /* ldr r3, [r2] */
    assert_true(s.load);
    assert_int_equal(s.rt, 3);
    assert_int_equal(s.rn, 2);
    assert_true(thumb_decode_access(0xF8D3, 0x2830, &s));   /* ldr.w r2, [r3, #2096] */
    assert_true(s.load);
    assert_int_equal(s.offset, 0x830);
    assert_true(thumb_decode_access(0x6013, 0, &s));        /* a store stays a store */
    assert_false(s.load);
    assert_false(thumb_decode_access(0x4770, 0, &s));
}

static void store_before_the_pc(void **state)
{
    (void)state;
    /* swd-off.elf, 0x0800023c..0x08000248:
     *   6813 ldr r3,[r2]; f023 5370 bic.w; f043 5380 orr.w; 6013 str r3,[r2]
     * halt PC 0x08000248: the store is 2 bytes back. */
    const uint16_t a[] = { 0x6813, 0xF023, 0x5370, 0xF043, 0x5380, 0x6013 };
    assert_int_equal(thumb_store_before(a, 6), 2);
    /* str.w just before the PC: 4 bytes back (its second halfword, 0x2830,
     * must not be taken for a 16-bit instruction). */
    const uint16_t b[] = { 0x4B0F, 0xF8D3, 0x2830, 0xF042, 0x0201, 0xF8C3, 0x2830 };
    assert_int_equal(thumb_store_before(b, 7), 4);
    /* A late halt: the store, then two ALU instructions. */
    const uint16_t c[] = { 0x6013, 0x3B01, 0x3B01 };
    assert_int_equal(thumb_store_before(c, 3), 6);
    /* No store at all. */
    const uint16_t d[] = { 0x3B01, 0xD1FD, 0x4770 };
    assert_int_equal(thumb_store_before(d, 3), 0);
    uint32_t r[16] = { 0 };
    r[2] = 0x40020000u;
    r[1] = 0x10u;
    struct thumb_store s;
    thumb_decode_store(0x6193, 0, &s);
    assert_int_equal(thumb_store_address(&s, r), 0x40020018u);
    thumb_decode_store(0x5053, 0, &s);   /* str r3, [r2, r1] */
    assert_int_equal(thumb_store_address(&s, r), 0x40020010u);
    assert_int_equal(thumb_access_before(a, 1), 2);      /* ldr r3,[r2] */
}

static void plan_fits_the_comparators(void **state)
{
    (void)state;
    const struct stm32_debug_facts *f = stm32_debug_facts_for_family("F4");
    assert_non_null(f);
    struct watch_reg regs[FORENSICS_MAX_WATCH];
    unsigned n = forensics_watch_list(f, regs);
    assert_true(n >= 4);
    assert_int_equal(regs[0].what, WATCH_PINS_MODER);
    assert_int_equal(regs[0].addr, 0x40020000u);          /* RM0090 GPIOA */
    assert_true(regs[0].read_too);
    unsigned plan[FORENSICS_MAX_WATCH][FORENSICS_MAX_WATCH], in_pass[FORENSICS_MAX_WATCH];
    /* Four comparators (Cortex-M4): every primary in one pass. */
    unsigned passes = forensics_plan(regs, n, 4, plan, in_pass);
    assert_int_equal(passes, 1);
    assert_int_equal(in_pass[0], 4);
    /* Two (Cortex-M0): primaries spread over passes, none left out. */
    passes = forensics_plan(regs, n, 2, plan, in_pass);
    unsigned primaries = 0, seen = 0;
    for (unsigned i = 0; i < n; i++)
        primaries += regs[i].primary;
    for (unsigned p = 0; p < passes; p++) {
        assert_true(in_pass[p] <= 2);
        for (unsigned k = 0; k < in_pass[p]; k++)
            seen += regs[plan[p][k]].primary;
    }
    assert_int_equal(seen, primaries);
    assert_int_equal(passes, (primaries + 1) / 2);
    /* F1: AFIO_MAPR instead of MODER. */
    const struct stm32_debug_facts *f1 = stm32_debug_facts_for_family("F1");
    assert_non_null(f1);
    n = forensics_watch_list(f1, regs);
    assert_int_equal(regs[0].what, WATCH_PINS_AFIO_MAPR);
    assert_int_equal(regs[0].addr, 0x40010004u);          /* RM0008 AFIO_MAPR */
}

static const struct watch_reg *find(const struct watch_reg *regs, unsigned n, enum watch_what w)
{
    for (unsigned i = 0; i < n; i++)
        if (regs[i].what == w)
            return &regs[i];
    return NULL;
}

static void judgements(void **state)
{
    (void)state;
    const struct stm32_debug_facts *f = stm32_debug_facts_for_family("F4");
    struct watch_reg regs[FORENSICS_MAX_WATCH];
    unsigned n = forensics_watch_list(f, regs);
    struct watch_context c = { .moder = 0xA8000000u, .afrh = 0 };
    char why[160];
    const struct watch_reg *moder = find(regs, n, WATCH_PINS_MODER);
    /* Reset value, and an LED on PD12 style change elsewhere: harmless. */
    assert_int_equal(forensics_judge(f, moder, 0xA8000000u, &c, why, sizeof why),
                     VERDICT_HARMLESS);
    assert_int_equal(forensics_judge(f, moder, 0xA8000400u, &c, why, sizeof why),
                     VERDICT_HARMLESS);
    /* swd-off: PA13 input, PA14 output. */
    assert_int_equal(forensics_judge(f, moder, 0x90000000u, &c, why, sizeof why), VERDICT_PINS);
    const struct watch_reg *scr = find(regs, n, WATCH_SCB_SCR);
    assert_int_equal(forensics_judge(f, scr, 0x4u, &c, why, sizeof why), VERDICT_LOW_POWER);
    c.dbgmcu_cr = f->dbgmcu_stop_bit;       /* DBG_STOP keeps debug in STOP */
    assert_int_equal(forensics_judge(f, scr, 0x4u, &c, why, sizeof why), VERDICT_HARMLESS);
    assert_int_equal(forensics_judge(f, scr, 0x0u, &c, why, sizeof why), VERDICT_HARMLESS);
    const struct watch_reg *kr = find(regs, n, WATCH_IWDG_KR);
    assert_int_equal(forensics_judge(f, kr, 0xCCCCu, &c, why, sizeof why), VERDICT_WATCHDOG);
    assert_int_equal(forensics_judge(f, kr, 0xAAAAu, &c, why, sizeof why), VERDICT_HARMLESS);
    assert_int_equal(forensics_judge(f, kr, 0x5555u, &c, why, sizeof why), VERDICT_HARMLESS);
    const struct stm32_debug_facts *f1 = stm32_debug_facts_for_family("F1");
    n = forensics_watch_list(f1, regs);
    const struct watch_reg *mapr = find(regs, n, WATCH_PINS_AFIO_MAPR);
    /* SWJ_CFG 0b100: JTAG-DP and SW-DP disabled (RM0008 §9.4.2); 0b010 keeps SW-DP. */
    assert_int_equal(forensics_judge(f1, mapr, 4u << 24, &c, why, sizeof why), VERDICT_PINS);
    assert_int_equal(forensics_judge(f1, mapr, 2u << 24, &c, why, sizeof why), VERDICT_HARMLESS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stores_16_and_32_bit),
        cmocka_unit_test(loads),
        cmocka_unit_test(store_before_the_pc),
        cmocka_unit_test(plan_fits_the_comparators),
        cmocka_unit_test(judgements),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
