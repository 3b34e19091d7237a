/* DWT watchpoint and FPB breakpoint encodings (src/arm/watch.c) against
 * the architecture manuals: ARMv7-M ARM C1.8.16/C1.8.17 (DWT_MASK,
 * DWT_FUNCTION), ARMv8-M ARM B13 (MATCH, ACTION, DATAVSIZE), C1.11.5
 * (FP_COMP for FPBv1 and FPBv2); and the register sequence on a fake link. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "arm/arm.h"

static void v7m_word_write_watch(void **state)
{
    (void)state;
    struct arm_dwt_setting s;
    assert_int_equal(arm_watch_encode(false, 0x40020000u, 4, ARM_WATCH_WRITE, &s), SD_OK);
    assert_int_equal(s.comp, 0x40020000u);
    assert_int_equal(s.mask, 2);          /* ignore address bits [1:0] */
    assert_int_equal(s.function, 0x6);    /* 0b0110: watchpoint on write */
    assert_int_equal(arm_watch_encode(false, 0xE000ED10u, 4, ARM_WATCH_READ, &s), SD_OK);
    assert_int_equal(s.function, 0x5);    /* 0b0101: on read */
    assert_int_equal(arm_watch_encode(false, 0x40010004u, 4, ARM_WATCH_ACCESS, &s), SD_OK);
    assert_int_equal(s.function, 0x7);    /* 0b0111: on read or write */
}

static void v7m_ranges_and_bad_arguments(void **state)
{
    (void)state;
    struct arm_dwt_setting s;
    assert_int_equal(arm_watch_encode(false, 0x20000000u, 1, ARM_WATCH_WRITE, &s), SD_OK);
    assert_int_equal(s.mask, 0);
    assert_int_equal(arm_watch_encode(false, 0x20000100u, 256, ARM_WATCH_WRITE, &s), SD_OK);
    assert_int_equal(s.mask, 8);
    /* Not a power of two, not aligned, zero length: one comparator cannot. */
    assert_int_equal(arm_watch_encode(false, 0x20000000u, 12, ARM_WATCH_WRITE, &s),
                     SD_ERR_INVALID_ARG);
    assert_int_equal(arm_watch_encode(false, 0x20000002u, 4, ARM_WATCH_WRITE, &s),
                     SD_ERR_INVALID_ARG);
    assert_int_equal(arm_watch_encode(false, 0x20000000u, 0, ARM_WATCH_WRITE, &s),
                     SD_ERR_INVALID_ARG);
}

static void v8m_encoding(void **state)
{
    (void)state;
    struct arm_dwt_setting s;
    assert_int_equal(arm_watch_encode(true, 0x42020000u, 4, ARM_WATCH_WRITE, &s), SD_OK);
    /* MATCH 0b0101 (data address, write), ACTION 0b01 (debug event), DATAVSIZE 2 (word) */
    assert_int_equal(s.function, 0x5u | 0x10u | (2u << 10));
    assert_int_equal(arm_watch_encode(true, 0x42020000u, 4, ARM_WATCH_READ, &s), SD_OK);
    assert_int_equal(s.function & 0xFu, 0x6u);
    assert_int_equal(arm_watch_encode(true, 0x42020000u, 4, ARM_WATCH_ACCESS, &s), SD_OK);
    assert_int_equal(s.function & 0xFu, 0x4u);
    /* No MASK register on ARMv8-M: more than a word needs a limit comparator. */
    assert_int_equal(arm_watch_encode(true, 0x42020000u, 8, ARM_WATCH_WRITE, &s),
                     SD_ERR_INVALID_ARG);
    assert_true(arm_cpuid_is_v8m(0x410FD214u));    /* Cortex-M33 r0p4 */
    assert_false(arm_cpuid_is_v8m(0x410FC241u));   /* Cortex-M4 r0p1 */
    assert_false(arm_cpuid_is_v8m(0x411FC271u));   /* Cortex-M7 */
}

static void fpb_encoding(void **state)
{
    (void)state;
    /* FPBv1: word address in COMP[28:2], REPLACE picks the halfword. */
    assert_int_equal(arm_bkpt_encode(0, 0x08000244u), 0x40000000u | 0x08000244u | 1u);
    assert_int_equal(arm_bkpt_encode(0, 0x08000246u), 0x80000000u | 0x08000244u | 1u);
    assert_int_equal(arm_bkpt_encode(0, 0x08000247u), 0x80000000u | 0x08000244u | 1u); /* Thumb bit */
    assert_int_equal(arm_bkpt_encode(0, 0x20000000u), 0);   /* outside the Code region */
    /* FPBv2: BPADDR[31:1] and BE. */
    assert_int_equal(arm_bkpt_encode(1, 0x08000246u), 0x08000247u);
    assert_int_equal(arm_bkpt_encode(1, 0x24000000u), 0x24000001u);
}

/* A fake link: memory writes and reads of the DWT block. */
struct fake { uint32_t regs[64]; uint32_t demcr; int writes; };
static uint32_t *slot(struct fake *f, uint32_t addr)
{
    static uint32_t other;
    if (addr == ARM_DEMCR)
        return &f->demcr;
    if (addr >= ARM_DWT_CTRL && addr < ARM_DWT_CTRL + 64 * 4)
        return &f->regs[(addr - ARM_DWT_CTRL) / 4];
    return &other;
}
static int fake_read(void *link, unsigned ap, unsigned width, uint32_t addr, uint8_t *buf,
                     size_t len)
{
    (void)ap; (void)width;
    struct fake *f = link;
    uint32_t *p = slot(f, addr);
    uint32_t v = *p;
    memcpy(buf, &v, len < 4 ? len : 4);
    if (addr >= ARM_DWT_FUNCTION(0) && (addr - ARM_DWT_COMP(0)) % 16 == 8)
        *p &= ~ARM_DWT_FUNCTION_MATCHED;   /* MATCHED clears on read (C1.8.17) */
    return SD_OK;
}
static int fake_write(void *link, unsigned ap, unsigned width, uint32_t addr,
                      const uint8_t *buf, size_t len)
{
    (void)ap; (void)width;
    struct fake *f = link;
    uint32_t v = 0;
    memcpy(&v, buf, len < 4 ? len : 4);
    *slot(f, addr) = v;
    f->writes++;
    return SD_OK;
}
static const struct arm_link_ops fake_ops = { .mem_read = fake_read, .mem_write = fake_write };

static void set_count_and_matched(void **state)
{
    (void)state;
    struct fake f = { 0 };
    f.regs[0] = 4u << ARM_DWT_CTRL_NUMCOMP_SHIFT;   /* Cortex-M4: four comparators */
    struct arm_target t = { .ops = &fake_ops, .link = &f };
    unsigned n = 0;
    assert_int_equal(arm_watch_count(&t, &n), SD_OK);
    assert_int_equal(n, 4);
    assert_true(f.demcr & ARM_DEMCR_TRCENA);        /* DWT works only with TRCENA */
    assert_int_equal(arm_watch_set(&t, false, 2, 0x40020000u, 4, ARM_WATCH_ACCESS), SD_OK);
    assert_int_equal(f.regs[(ARM_DWT_COMP(2) - ARM_DWT_CTRL) / 4], 0x40020000u);
    assert_int_equal(f.regs[(ARM_DWT_MASK(2) - ARM_DWT_CTRL) / 4], 2);
    assert_int_equal(f.regs[(ARM_DWT_FUNCTION(2) - ARM_DWT_CTRL) / 4], 0x7);
    int idx = 0;
    assert_int_equal(arm_watch_matched(&t, n, &idx), SD_OK);
    assert_int_equal(idx, -1);
    f.regs[(ARM_DWT_FUNCTION(2) - ARM_DWT_CTRL) / 4] |= ARM_DWT_FUNCTION_MATCHED;
    assert_int_equal(arm_watch_matched(&t, n, &idx), SD_OK);
    assert_int_equal(idx, 2);
    assert_int_equal(arm_watch_matched(&t, n, &idx), SD_OK);   /* read cleared it */
    assert_int_equal(idx, -1);
    assert_int_equal(arm_watch_clear(&t, 2), SD_OK);
    assert_int_equal(f.regs[(ARM_DWT_FUNCTION(2) - ARM_DWT_CTRL) / 4], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(v7m_word_write_watch),
        cmocka_unit_test(v7m_ranges_and_bad_arguments),
        cmocka_unit_test(v8m_encoding),
        cmocka_unit_test(fpb_encoding),
        cmocka_unit_test(set_count_and_matched),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
