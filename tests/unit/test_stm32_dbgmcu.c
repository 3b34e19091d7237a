/* Per-family debug facts (src/stm32/dbgmcu.c): every family of the chip
 * database has a row; the rows say what stm32-families.md §1.4/§5/§6 and
 * the reference manuals say; the SWD pin check reads MODER/AFRH and F1
 * SWJ_CFG as RM0090 §8.4 / RM0008 §9.4.2 define them; keep_debug sets the
 * bits OpenOCD's examine-end handlers set, on a fake link. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "stm32/dbgmcu.h"
#include "stm32/stm32.h"

/* ---- every family present ---- */

static void check_part(const struct stm32_part *p, void *user)
{
    unsigned *n = user;
    const struct stm32_debug_facts *f = stm32_debug_facts_for_family(p->family);
    if (!f)
        fail_msg("no debug facts for family %s (%s)", p->family, p->name);
    assert_non_null(f->dbgmcu_cr.addr);
    assert_true(f->dbgmcu_stop_bit & f->dbgmcu_cr.bits);
    assert_non_null(f->iwdg_freeze.addr);
    assert_true(f->gpioa_base || f->afio_mapr);
    assert_non_null(f->pwr_mode.addr);
    assert_non_null(f->iwdg_kr);
    assert_non_null(f->rcc_reset_flags);
    assert_non_null(f->iwdg_reset_flag);
    assert_non_null(f->rcc_reset_flags_clear);
    assert_non_null(f->sysmem_size);
    assert_non_null(f->boot_selector);
    (*n)++;
}

static void test_every_family_in_chipdb(void **state)
{
    (void)state;
    unsigned n = 0;
    stm32_for_each_part(check_part, &n);
    assert_true(n > 20);
}

static void test_named_families(void **state)
{
    (void)state;
    static const char *const fams[] = { "F0", "F1", "F2", "F3", "F4", "F7", "L0", "L1", "L4",
                                        "L4+", "G0", "G4", "WB", "WL", "C0", "L5", "U5", "H7" };
    for (size_t i = 0; i < sizeof fams / sizeof fams[0]; i++)
        assert_non_null(stm32_debug_facts_for_family(fams[i]));
    assert_null(stm32_debug_facts_for_family("F9"));
    assert_null(stm32_debug_facts_for_family("L"));     /* whole words only */
    assert_null(stm32_debug_facts_for_family(""));
    assert_null(stm32_debug_facts_for_family(NULL));
}

/* ---- rows against the sources ---- */

static void test_f4_row(void **state)
{
    (void)state;
    const struct stm32_debug_facts *f = stm32_debug_facts_for_family("F4");
    /* stm32-families.md §5; OpenOCD stm32f4x.cfg mmw 0xE0042004 0x7, 0xE0042008 0x1800 */
    assert_int_equal(f->dbgmcu_cr.addr, 0xE0042004u);
    assert_int_equal(f->dbgmcu_cr.bits, 0x7u);
    assert_int_equal(f->dbgmcu_stop_bit, 0x2u);
    assert_int_equal(f->iwdg_freeze.addr, 0xE0042008u);
    assert_int_equal(f->iwdg_freeze.bits, 1u << 12);
    assert_int_equal(f->gpioa_base, 0x40020000u);         /* §6.1 */
    assert_int_equal(f->rcc_reset_flags, 0x40023874u);    /* RM0090 RCC_CSR */
    assert_int_equal(f->iwdg_reset_flag, 1u << 29);
    assert_int_equal(f->rcc_reset_flags_clear, 1u << 24);
    assert_int_equal(f->iwdg_kr, 0x40003000u);
    assert_int_equal(f->sysmem_base, 0x1FFF0000u);        /* §1.4 */
    assert_int_equal(f->sysmem_base + f->sysmem_size, 0x1FFF7800u);
    assert_int_equal(f->pwr_cr3, 0);
    assert_ptr_equal(stm32_debug_facts_for_family("F2"), f);
}

static void test_f1_row(void **state)
{
    (void)state;
    const struct stm32_debug_facts *f = stm32_debug_facts_for_family("F1");
    assert_int_equal(f->gpioa_base, 0);
    assert_int_equal(f->afio_mapr, 0x40010004u);           /* §6.1 */
    assert_int_equal(f->iwdg_freeze.addr, 0xE0042004u);    /* DBGMCU_CR bit 8 (§5) */
    assert_int_equal(f->iwdg_freeze.bits, 1u << 8);
    assert_int_equal(f->rcc_reset_flags, 0x40021024u);
}

static void test_m0_rows_need_clock(void **state)
{
    (void)state;
    /* F0 RCC_APB2ENR.DBGMCUEN, G0/C0 RCC_APBENR1.DBGEN (§5); no DBG_SLEEP. */
    const struct stm32_debug_facts *f0 = stm32_debug_facts_for_family("F0");
    assert_int_equal(f0->dbgmcu_cr.addr, 0x40015804u);
    assert_int_equal(f0->dbgmcu_cr.bits, 0x6u);
    assert_int_equal(f0->dbgmcu_clock.addr, 0x40021018u);
    assert_int_equal(f0->dbgmcu_clock.bits, 1u << 22);
    const struct stm32_debug_facts *g0 = stm32_debug_facts_for_family("G0");
    assert_int_equal(g0->dbgmcu_clock.addr, 0x4002103Cu);
    assert_int_equal(g0->dbgmcu_clock.bits, 1u << 27);
    assert_int_equal(g0->flash_acr_swen.bits, 1u << 18);
    assert_int_equal(stm32_debug_facts_for_family("C0")->dbgmcu_clock.addr, 0x4002103Cu);
    assert_int_equal(stm32_debug_facts_for_family("F4")->dbgmcu_clock.addr, 0);
}

static void test_h7_row(void **state)
{
    (void)state;
    const struct stm32_debug_facts *f = stm32_debug_facts_for_family("H7");
    assert_int_equal(f->dbgmcu_cr.addr, 0x5C001004u);
    /* D1DBGCKEN | D3DBGCKEN with the D1 low-power bits (OpenOCD stm32h7x.cfg) */
    assert_int_equal(f->dbgmcu_cr.bits, 0x00600007u);
    assert_int_equal(f->iwdg_freeze.addr, 0x5C001054u);
    assert_int_equal(f->iwdg_freeze.bits, 1u << 18);
    assert_int_equal(f->pwr_cr3, 0x5802480Cu);            /* §6.2 */
    assert_int_equal(f->rcc_reset_flags, 0x580244D0u);    /* RCC_RSR */
    assert_int_equal(f->iwdg_reset_flag, 1u << 26);
    assert_int_equal(f->rcc_reset_flags_clear, 1u << 16);
    assert_int_equal(f->iwdg_kr, 0x58004800u);
    assert_int_equal(f->gpioa_base, 0x58020000u);
    assert_int_equal(f->sysmem_base, 0x1FF00000u);
}

static void test_wbwl_x5x_rows(void **state)
{
    (void)state;
    assert_int_equal(stm32_debug_facts_for_family("WB")->iwdg_freeze.addr, 0xE004203Cu);
    assert_int_equal(stm32_debug_facts_for_family("WL")->iwdg_freeze.addr, 0xE004203Cu);
    assert_int_equal(stm32_debug_facts_for_family("L5")->dbgmcu_cr.addr, 0xE0044004u);
    assert_int_equal(stm32_debug_facts_for_family("U5")->sysmem_base, 0x0BF90000u);
    assert_int_equal(stm32_debug_facts_for_family("L4+")->gpioa_base, 0x48000000u);
    assert_int_equal(stm32_debug_facts_for_family("L4")->rcc_reset_flags_clear, 1u << 23);
}

/* ---- SWD pins ---- */

static void test_pins_moder_style(void **state)
{
    (void)state;
    const struct stm32_debug_facts *f = stm32_debug_facts_for_family("F4");
    /* Reset values (§6.1): MODER 0xA8000000, AFRH 0. */
    assert_true(stm32_swd_pins_intact(f, 0xA8000000u, 0, 0));
    assert_true(stm32_swd_pins_intact(f, 0xABFFFFFFu, 0x00000000u, 0));  /* L4-style reset */
    /* PA13 output (01), PA14 input (00), PA13 analog (11) */
    assert_false(stm32_swd_pins_intact(f, 0xA4000000u, 0, 0));
    assert_false(stm32_swd_pins_intact(f, 0x88000000u, 0, 0));
    assert_false(stm32_swd_pins_intact(f, 0xAC000000u, 0, 0));
    /* AF mode but AF5 on PA13 (AFRH bits 23:20) or AF1 on PA14 (27:24) */
    assert_false(stm32_swd_pins_intact(f, 0xA8000000u, 0x00500000u, 0));
    assert_false(stm32_swd_pins_intact(f, 0xA8000000u, 0x01000000u, 0));
    /* other pins do not matter */
    assert_true(stm32_swd_pins_intact(f, 0xA8000000u | 0x00555555u, 0xF00FFFFFu, 0));
    /* AFIO_MAPR is ignored where there is none */
    assert_true(stm32_swd_pins_intact(f, 0xA8000000u, 0, 4u << 24));
}

static void test_pins_f1_swj_cfg(void **state)
{
    (void)state;
    const struct stm32_debug_facts *f = stm32_debug_facts_for_family("F1");
    /* SWJ_CFG [26:24]: 000 full, 001 no NJTRST, 010 SW-DP only: intact;
     * 100 both off (RM0008 §9.4.2).  MODER/AFRH mean nothing on F1. */
    assert_true(stm32_swd_pins_intact(f, 0, 0xFFFFFFFFu, 0u << 24));
    assert_true(stm32_swd_pins_intact(f, 0, 0, 1u << 24));
    assert_true(stm32_swd_pins_intact(f, 0, 0, 2u << 24));
    assert_false(stm32_swd_pins_intact(f, 0xA8000000u, 0, 4u << 24));
    assert_false(stm32_swd_pins_intact(f, 0, 0, (4u << 24) | 0x00FFFFFFu));
}

/* ---- keep_debug on a fake link ---- */

#define FAKE_WORDS 16
static struct { uint32_t addr[FAKE_WORDS], val[FAKE_WORDS]; unsigned n; unsigned ap_seen;
                bool refuse_ap2; } mem;

static uint32_t *slot(uint32_t addr)
{
    for (unsigned i = 0; i < mem.n; i++)
        if (mem.addr[i] == addr)
            return &mem.val[i];
    if (mem.n == FAKE_WORDS)
        return NULL;
    mem.addr[mem.n] = addr;
    mem.val[mem.n] = 0;
    return &mem.val[mem.n++];
}

static uint32_t peek(uint32_t addr)
{
    for (unsigned i = 0; i < mem.n; i++)
        if (mem.addr[i] == addr)
            return mem.val[i];
    return 0;
}

static int fake_read(void *link, unsigned ap, unsigned width, uint32_t addr, uint8_t *buf,
                     size_t len)
{
    (void)link, (void)width;
    if (ap == 2 && mem.refuse_ap2)
        return SD_ERR_PROBE_FIRMWARE;
    mem.ap_seen |= 1u << ap;
    uint32_t *p = slot(addr);
    if (!p || len != 4)
        return SD_ERR_TARGET_FAULT;
    memcpy(buf, p, 4);
    return SD_OK;
}

static int fake_write(void *link, unsigned ap, unsigned width, uint32_t addr, const uint8_t *buf,
                      size_t len)
{
    (void)link, (void)width;
    if (ap == 2 && mem.refuse_ap2)
        return SD_ERR_PROBE_FIRMWARE;
    mem.ap_seen |= 1u << ap;
    uint32_t *p = slot(addr);
    if (!p || len != 4)
        return SD_ERR_TARGET_FAULT;
    memcpy(p, buf, 4);
    return SD_OK;
}

static const struct arm_link_ops ops = { .mem_read = fake_read, .mem_write = fake_write };

static int keep_debug_on(const char *family, struct sd_session *s)
{
    static struct stm32_part part;
    static struct arm_target t;
    static struct stm32_chip c;
    memset(&part, 0, sizeof part);
    part.family = family;
    t = (struct arm_target){ .session = s, .ops = &ops };
    memset(&c, 0, sizeof c);
    c.t = &t;
    c.part = &part;
    return stm32_dbgmcu_keep_debug(&c);
}

static void test_keep_debug_f0(void **state)
{
    (void)state;
    struct sd_session *s;
    assert_int_equal(sd_session_new(&s), SD_OK);
    memset(&mem, 0, sizeof mem);
    *slot(0x40021018u) = 0x00000001u;    /* another APB2 clock already on: kept */
    assert_int_equal(keep_debug_on("F0", s), SD_OK);
    assert_int_equal(peek(0x40021018u), 0x00400001u);
    assert_int_equal(peek(0x40015804u), 0x6u);
    assert_int_equal(peek(0x40015808u), 1u << 12);
    sd_session_free(s);
}

static void test_keep_debug_h7_prefers_ap2(void **state)
{
    (void)state;
    struct sd_session *s;
    assert_int_equal(sd_session_new(&s), SD_OK);
    memset(&mem, 0, sizeof mem);
    assert_int_equal(keep_debug_on("H7", s), SD_OK);
    assert_int_equal(peek(0xE00E1004u), 0x00600007u);
    assert_int_equal(peek(0xE00E1054u), 1u << 18);
    assert_int_equal(mem.ap_seen, 1u << 2);
    /* A probe that cannot reach AP2: the system-bus address instead. */
    memset(&mem, 0, sizeof mem);
    mem.refuse_ap2 = true;
    assert_int_equal(keep_debug_on("H7", s), SD_OK);
    assert_int_equal(peek(0x5C001004u), 0x00600007u);
    assert_int_equal(peek(0x5C001054u), 1u << 18);
    sd_session_free(s);
}

static void test_keep_debug_unknown(void **state)
{
    (void)state;
    struct sd_session *s;
    assert_int_equal(sd_session_new(&s), SD_OK);
    assert_int_equal(keep_debug_on("Z9", s), SD_ERR_UNKNOWN_CHIP);
    sd_session_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_family_in_chipdb),
        cmocka_unit_test(test_named_families),
        cmocka_unit_test(test_f4_row),
        cmocka_unit_test(test_f1_row),
        cmocka_unit_test(test_m0_rows_need_clock),
        cmocka_unit_test(test_h7_row),
        cmocka_unit_test(test_wbwl_x5x_rows),
        cmocka_unit_test(test_pins_moder_style),
        cmocka_unit_test(test_pins_f1_swj_cfg),
        cmocka_unit_test(test_keep_debug_f0),
        cmocka_unit_test(test_keep_debug_h7_prefers_ap2),
        cmocka_unit_test(test_keep_debug_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
