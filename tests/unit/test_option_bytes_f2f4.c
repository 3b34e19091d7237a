/* The F2/F4/F7 option-byte ops (src/stm32/flash_f2f4_options.c) against a
 * fake link that behaves like FLASH_OPTKEYR/OPTCR/SR as RM0090 §3.6.2 and
 * §3.9.7 describe them: OPTCR locked until the two OPTKEYR keys, OPTSTRT
 * keeps SR.BSY set for a while, the values are loaded at the next reset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "stm32/flash_f2f4_options.h"
#include "stm32/option_bytes.h"

#define FLASH_BASE_REGS 0x40023C00u
#define OPTKEYR (FLASH_BASE_REGS + 0x08u)
#define SR      (FLASH_BASE_REGS + 0x0Cu)
#define OPTCR   (FLASH_BASE_REGS + 0x14u)
#define OPTCR1  (FLASH_BASE_REGS + 0x18u)
#define AIRCR   0xE000ED0Cu
#define OPTLOCK 1u
#define OPTSTRT 2u
#define BSY     (1u << 16)
#define WRPERR  (1u << 4)

struct fake {
    uint32_t optcr, optcr1;   /* what the registers hold */
    uint32_t stored, stored1; /* what OPTSTRT programmed */
    int keys;                 /* 0 locked, 1 key1 seen, 2 unlocked, -1 blocked */
    int busy_reads;           /* SR reads left with BSY set */
    uint32_t sr_after;        /* flags in SR once BSY clears */
    uint32_t raise_on_start;  /* flags OPTSTRT raises */
    bool refuse_unlock;
    int resets, optstrt, writes_while_locked;
};
static struct fake fk;

static void put32(uint8_t *b, uint32_t v) { memcpy(b, &v, 4); }
static uint32_t get32(const uint8_t *b) { uint32_t v; memcpy(&v, b, 4); return v; }

static int fake_read(void *link, unsigned ap, unsigned width, uint32_t addr, uint8_t *buf, size_t len)
{
    (void)link, (void)ap, (void)width;
    if (len != 4)
        return SD_ERR_TARGET_FAULT;
    switch (addr) {
    case OPTCR: put32(buf, (fk.optcr & ~OPTLOCK) | (fk.keys == 2 ? 0 : OPTLOCK)); return SD_OK;
    case OPTCR1: put32(buf, fk.optcr1); return SD_OK;
    case SR:
        if (fk.busy_reads > 0) {
            fk.busy_reads--;
            put32(buf, BSY);
        } else {
            put32(buf, fk.sr_after);
        }
        return SD_OK;
    }
    return SD_ERR_TARGET_FAULT;
}

static int fake_write(void *link, unsigned ap, unsigned width, uint32_t addr, const uint8_t *buf,
                      size_t len)
{
    (void)link, (void)ap, (void)width, (void)len;
    uint32_t v = get32(buf);
    switch (addr) {
    case OPTKEYR:
        if (fk.refuse_unlock)
            fk.keys = -1;
        else if (fk.keys == 0 && v == 0x08192A3Bu)
            fk.keys = 1;
        else if (fk.keys == 1 && v == 0x4C5D6E7Fu)
            fk.keys = 2;
        else
            fk.keys = -1;
        return SD_OK;
    case OPTCR:
        if (fk.keys != 2) {
            fk.writes_while_locked++;
            return SD_OK;
        }
        if (v & OPTLOCK) {
            fk.keys = 0;
            return SD_OK;
        }
        fk.optcr = v & ~OPTSTRT;
        if (v & OPTSTRT) {
            fk.optstrt++;
            fk.busy_reads = 3;
            fk.sr_after |= fk.raise_on_start;
            fk.stored = fk.optcr;
            fk.stored1 = fk.optcr1;
        }
        return SD_OK;
    case OPTCR1:
        if (fk.keys == 2)
            fk.optcr1 = v;
        else
            fk.writes_while_locked++;
        return SD_OK;
    case SR:
        fk.sr_after &= ~v; /* write 1 to clear */
        return SD_OK;
    case AIRCR:
        if ((v >> 16) == 0x05FAu && (v & 4u)) {
            fk.resets++;
            fk.keys = 0;
        }
        return SD_OK;
    }
    return SD_ERR_TARGET_FAULT;
}

static const struct arm_link_ops link_ops = { .mem_read = fake_read, .mem_write = fake_write };
static struct sd_session *session;
static struct arm_target tgt;
static struct stm32_part part;
static struct stm32_chip chip;

/* A chip of DEV_ID `dev_id` with `sectors` sectors and a small flash (the
 * wait for a regression's mass erase is then short). */
static void make_chip(uint16_t dev_id, unsigned sectors)
{
    if (!session)
        sd_session_new(&session);
    sd_session_clear_error(session);
    tgt = (struct arm_target){ .session = session, .ops = &link_ops };
    part = (struct stm32_part){ .dev_id = dev_id, .name = "fake F4", .family = "F4",
                                .flash_regs = FLASH_BASE_REGS, .flash_base = 0x08000000u };
    memset(&chip, 0, sizeof chip);
    chip.t = &tgt;
    chip.part = &part;
    chip.idcode = 0x10000000u | dev_id;
    chip.flash_kib = 16;
    chip.n_sectors = sectors;
    /* F40x factory values (stm32-families.md §4.2); OPTCR1 as on F42x. */
    fk = (struct fake){ .optcr = 0x0FFFAAEDu, .optcr1 = 0x0FFF0000u };
}

static const struct stm32_ob_field *named(const struct stm32_ob_field *fields, const char *n)
{
    const struct stm32_ob_field *f = stm32_ob_find(fields, n);
    assert_non_null(f);
    return f;
}

static void each_line_has_its_fields(void **state)
{
    (void)state;
    make_chip(0x413, 12);
    const struct stm32_ob_field *f = f2f4_ob_fields_for(&chip);
    assert_int_equal(named(f, "nWRP")->width, 12);
    assert_int_equal(named(f, "RDP")->shift, 8);
    assert_int_equal(named(f, "BOR_LEV")->shift, 2);
    assert_int_equal(named(f, "WDG_SW")->shift, 5);
    assert_null(stm32_ob_find(f, "SPRMOD"));
    assert_null(stm32_ob_find(f, "nWRP_BANK2"));

    make_chip(0x419, 24); /* F42x: RM0090 §3.9.7-3.9.8 */
    f = f2f4_ob_fields_for(&chip);
    assert_int_equal(named(f, "BFB2")->shift, 4);
    assert_int_equal(named(f, "DB1M")->shift, 30);
    assert_int_equal(named(f, "SPRMOD")->shift, 31);
    assert_int_equal(named(f, "nWRP_BANK2")->word, 1);
    assert_int_equal(named(f, "nWRP_BANK2")->shift, 16);

    make_chip(0x463, 16); /* F413: 15 nWRP bits */
    assert_int_equal(named(f2f4_ob_fields_for(&chip), "nWRP")->width, 15);

    make_chip(0x449, 8); /* F74x (RM0385): its own watchdog bits, boot addresses */
    f = f2f4_ob_fields_for(&chip);
    assert_int_equal(named(f, "IWDG_SW")->shift, 5);
    assert_int_equal(named(f, "WWDG_SW")->shift, 4);
    assert_int_equal(named(f, "IWDG_STOP")->shift, 31);
    assert_int_equal(named(f, "BOOT_ADD1")->shift, 16);
    assert_null(stm32_ob_find(f, "WDG_SW"));
}

/* No two fields of a table share a bit or a name (every line). */
static void no_table_overlaps(void **state)
{
    (void)state;
    static const uint16_t ids[] = { 0x411, 0x413, 0x419, 0x434, 0x423, 0x433, 0x458, 0x431,
                                    0x441, 0x463, 0x421, 0x449, 0x451, 0x452 };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        make_chip(ids[i], 8);
        const struct stm32_ob_field *f = f2f4_ob_fields_for(&chip);
        uint32_t used[STM32_OB_WORDS] = { 0 };
        assert_non_null(stm32_ob_rdp_field(f));
        for (const struct stm32_ob_field *a = f; a->name; a++) {
            uint32_t mask = stm32_ob_field_max(a) << a->shift;
            assert_true(a->word < STM32_OB_WORDS);
            assert_true(a->shift + a->width <= 32);
            assert_int_equal(used[a->word] & mask, 0);
            used[a->word] |= mask;
            assert_ptr_equal(stm32_ob_find(f, a->name), a);
            assert_non_null(a->doc);
            /* OPTLOCK and OPTSTRT are control bits, not option bytes. */
            if (a->word == 0)
                assert_int_equal(mask & 3u, 0);
        }
    }
}

static void read_gives_optcr_without_control_bits(void **state)
{
    (void)state;
    make_chip(0x419, 24);
    fk.optcr1 = 0x0FFD0000u;
    struct stm32_ob ob;
    memset(&ob, 0xEE, sizeof ob);
    assert_int_equal(f2f4_ob_read(&chip, &ob), SD_OK);
    assert_int_equal(ob.word[0], 0x0FFFAAECu);
    assert_int_equal(ob.word[1], 0x0FFD0000u);
    const struct stm32_ob_field *f = f2f4_ob_fields_for(&chip);
    assert_int_equal(stm32_ob_get(&ob, named(f, "nWRP_BANK2")), 0xFFD);
    assert_int_equal(stm32_ob_get(&ob, named(f, "BOR_LEV")), 3);
}

static void write_unlocks_starts_waits_relocks_and_resets(void **state)
{
    (void)state;
    make_chip(0x413, 12);
    const struct stm32_ob_field *f = f2f4_ob_fields_for(&chip);
    struct stm32_ob ob;
    assert_int_equal(f2f4_ob_read(&chip, &ob), SD_OK);
    stm32_ob_set(&ob, named(f, "BOR_LEV"), 1);
    stm32_ob_set(&ob, named(f, "nWRP"), 0xFFD);
    assert_int_equal(f2f4_ob_write(&chip, &ob), SD_OK);
    assert_int_equal(fk.optstrt, 1);
    assert_int_equal(fk.stored, 0x0FFDAAE4u);
    assert_int_equal(fk.busy_reads, 0);       /* waited for BSY to clear */
    assert_int_equal(fk.keys, 0);             /* relocked, then reset */
    assert_int_equal(fk.resets, 1);           /* F2/F4 load option bytes at reset */
    assert_int_equal(fk.writes_while_locked, 0);
}

static void write_reports_a_refused_unlock(void **state)
{
    (void)state;
    make_chip(0x413, 12);
    fk.refuse_unlock = true;
    struct stm32_ob ob;
    f2f4_ob_read(&chip, &ob);
    assert_int_equal(f2f4_ob_write(&chip, &ob), SD_ERR_FLASH);
    assert_non_null(strstr(sd_session_detail(session), "stayed locked"));
    assert_int_equal(fk.optstrt, 0);
    assert_int_equal(fk.resets, 0);
}

static void write_reports_error_flags(void **state)
{
    (void)state;
    make_chip(0x413, 12);
    fk.sr_after = WRPERR;
    struct stm32_ob ob;
    f2f4_ob_read(&chip, &ob);
    /* Stale flags are cleared before the start: they are not ours. */
    assert_int_equal(f2f4_ob_write(&chip, &ob), SD_OK);
    assert_int_equal(fk.resets, 1);

    /* Flags raised by the programming itself fail the write: no reset,
     * the options locked again. */
    make_chip(0x413, 12);
    fk.raise_on_start = WRPERR;
    f2f4_ob_read(&chip, &ob);
    assert_int_equal(f2f4_ob_write(&chip, &ob), SD_ERR_FLASH);
    assert_non_null(strstr(sd_session_detail(session), "WRPERR"));
    assert_int_equal(fk.resets, 0);
    assert_int_equal(fk.keys, 0);
    assert_int_equal(fk.sr_after, 0); /* cleared for the next operation */
}

static void f42x_bank2_protection_is_written_through_optcr1(void **state)
{
    (void)state;
    make_chip(0x419, 24);
    const struct stm32_ob_field *f = f2f4_ob_fields_for(&chip);
    struct stm32_ob ob;
    f2f4_ob_read(&chip, &ob);
    stm32_ob_set(&ob, named(f, "nWRP_BANK2"), 0xFFE);
    assert_int_equal(f2f4_ob_write(&chip, &ob), SD_OK);
    assert_int_equal(fk.stored1, 0x0FFE0000u);
}

static void protecting_every_sector_is_irreversible(void **state)
{
    (void)state;
    make_chip(0x413, 12);
    const struct stm32_ob_field *f = f2f4_ob_fields_for(&chip);
    struct stm32_ob now, want;
    f2f4_ob_read(&chip, &now);
    want = now;
    stm32_ob_set(&want, named(f, "nWRP"), 0xFFD);
    assert_null(f2f4_ob_irreversible(&chip, &now, &want));
    stm32_ob_set(&want, named(f, "nWRP"), 0x000);
    const char *why = f2f4_ob_irreversible(&chip, &now, &want);
    assert_non_null(why);
    assert_non_null(strstr(why, "every flash sector"));
    /* Already all protected: other changes are not refused for it. */
    assert_null(f2f4_ob_irreversible(&chip, &want, &want));

    /* F42x: bank 2 still writable, so not every sector. */
    make_chip(0x419, 24);
    f = f2f4_ob_fields_for(&chip);
    f2f4_ob_read(&chip, &now);
    want = now;
    stm32_ob_set(&want, named(f, "nWRP"), 0);
    assert_null(f2f4_ob_irreversible(&chip, &now, &want));
    stm32_ob_set(&want, named(f, "nWRP_BANK2"), 0);
    assert_non_null(f2f4_ob_irreversible(&chip, &now, &want));
}

static void sprmod_with_pcrop_sectors_is_irreversible(void **state)
{
    (void)state;
    /* RM0090 §3.7.5: SPRMOD=1 with nWRP bits at 1 (the factory value)
     * makes those sectors execute-only. */
    make_chip(0x421, 8);
    const struct stm32_ob_field *f = f2f4_ob_fields_for(&chip);
    struct stm32_ob now, want;
    fk.optcr = 0x00FFAAEDu;
    f2f4_ob_read(&chip, &now);
    want = now;
    stm32_ob_set(&want, named(f, "SPRMOD"), 1);
    const char *why = f2f4_ob_irreversible(&chip, &now, &want);
    assert_non_null(why);
    assert_non_null(strstr(why, "execute-only"));
    /* SPRMOD=1 with every nWRP bit 0: no PCROP sector, nothing locked. */
    stm32_ob_set(&want, named(f, "nWRP"), 0);
    assert_null(f2f4_ob_irreversible(&chip, &now, &want));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_line_has_its_fields),
        cmocka_unit_test(no_table_overlaps),
        cmocka_unit_test(read_gives_optcr_without_control_bits),
        cmocka_unit_test(write_unlocks_starts_waits_relocks_and_resets),
        cmocka_unit_test(write_reports_a_refused_unlock),
        cmocka_unit_test(write_reports_error_flags),
        cmocka_unit_test(f42x_bank2_protection_is_written_through_optcr1),
        cmocka_unit_test(protecting_every_sector_is_irreversible),
        cmocka_unit_test(sprmod_with_pcrop_sectors_is_irreversible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
