/* The STM32L0/L1 flash driver (src/stm32/flash_l0l1*.c, rows in
 * parts_l0l1.c) against a fake link holding the controller's registers
 * and the option words (RM0367 §3, RM0038 §3; stm32-families.md §1.2,
 * §2.3, §4.2): the part rows, the page map (128 B / 256 B pages, bank 2 at
 * half the flash, the 0x436 and 0x429 size-register quirks), the
 * PEKEYR/PRGKEYR sequence, the page-erase writes, erased = 0x00, the
 * option-byte tables, value/complement words written RDP last and
 * OBL_LAUNCH, and what is irreversible. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "stm32/flash_l0l1.h"
#include "stm32/option_bytes.h"
#include "stm32/stm32.h"

#define L0_REGS  0x40022000u
#define L1_REGS  0x40023C00u
#define PECR     0x04u
#define PEKEYR   0x0Cu
#define PRGKEYR  0x10u
#define OPTKEYR  0x14u
#define SR       0x18u
#define OBR      0x1Cu
#define WRPR1    0x20u
#define OB_BASE  0x1FF80000u

#define PECR_LOCKS 7u
#define PECR_PROG  (1u << 3)
#define PECR_ERASE (1u << 9)
#define PECR_OBL   (1u << 18)

struct fake {
    uint32_t base, fsize_addr;
    uint16_t fsize;
    uint32_t pecr, obr, wrpr[4];
    uint32_t ob[0x40];              /* option words 0x1FF80000..0x1FF800FF */
    uint32_t written[64][2];        /* (address, value) of every write */
    int n_written;
};
static struct fake fk;

static void put32(uint8_t *b, uint32_t v) { memcpy(b, &v, 4); }

static int fake_read(void *link, unsigned ap, unsigned width, uint32_t addr, uint8_t *buf,
                     size_t len)
{
    (void)link, (void)ap, (void)width;
    if (addr == fk.fsize_addr && len == 2) {
        memcpy(buf, &fk.fsize, 2);
        return SD_OK;
    }
    if (len != 4)
        return SD_ERR_TARGET_FAULT;
    uint32_t v = 0;
    if (addr - OB_BASE < sizeof fk.ob) {
        v = fk.ob[(addr - OB_BASE) / 4u];
    } else {
        switch (addr - fk.base) {
        case PECR: v = fk.pecr; break;
        case OBR: v = fk.obr; break;
        case WRPR1: v = fk.wrpr[0]; break;
        case 0x80: v = fk.wrpr[1]; break;
        case 0x84: v = fk.wrpr[2]; break;
        case 0x88: v = fk.wrpr[3]; break;
        default: break;             /* SR: idle, no errors */
        }
    }
    put32(buf, v);
    return SD_OK;
}

static int fake_write(void *link, unsigned ap, unsigned width, uint32_t addr, const uint8_t *buf,
                      size_t len)
{
    (void)link, (void)ap, (void)width;
    if (len != 4)
        return SD_OK;
    uint32_t v;
    memcpy(&v, buf, 4);
    if (fk.n_written < 64) {
        fk.written[fk.n_written][0] = addr;
        fk.written[fk.n_written][1] = v;
        fk.n_written++;
    }
    if (addr - OB_BASE < sizeof fk.ob)
        fk.ob[(addr - OB_BASE) / 4u] = v;
    else if (addr == fk.base + PEKEYR && v == 0x02030405u)
        fk.pecr &= ~1u;
    else if (addr == fk.base + PRGKEYR && v == 0x13141516u)
        fk.pecr &= ~2u;
    else if (addr == fk.base + OPTKEYR && v == 0x24252627u)
        fk.pecr &= ~4u;
    return SD_OK;
}

static const struct arm_link_ops link_ops = { .mem_read = fake_read, .mem_write = fake_write };
static struct sd_session *session;
static struct arm_target tgt;
static struct stm32_chip chip;

static void make_chip(uint16_t dev_id, uint32_t kib, uint16_t fsize_reg)
{
    if (!session)
        sd_session_new(&session);
    sd_session_clear_error(session);
    tgt = (struct arm_target){ .session = session, .ops = &link_ops };
    memset(&chip, 0, sizeof chip);
    chip.t = &tgt;
    chip.part = stm32_find_part(dev_id);
    assert_non_null(chip.part);
    chip.flash_kib = kib;
    fk = (struct fake){ .base = chip.part->flash_regs, .fsize_addr = chip.part->flash_size_reg,
                        .fsize = fsize_reg, .pecr = PECR_LOCKS, .obr = 0x807000AAu };
    fk.ob[0] = 0xFF5500AAu;
    fk.ob[1] = 0x7F8F8070u;
    for (unsigned i = 2; i < 8; i++)
        fk.ob[i] = 0xFFFF0000u;
    fk.ob[0x80 / 4] = fk.ob[0x84 / 4] = 0xFFFF0000u;
    chip.part->flash->map_sectors(&chip);
}

/* Every L0/L1 DEV_ID of stm32-families.md §1.2 is a row. */
static void part_rows(void **state)
{
    (void)state;
    static const struct {
        uint16_t id; const char *family; uint32_t regs, fsize, uid, kib;
    } rows[] = {
        { 0x457, "L0", L0_REGS, 0x1FF8007Cu, 0x1FF80050u, 16 },
        { 0x425, "L0", L0_REGS, 0x1FF8007Cu, 0x1FF80050u, 32 },
        { 0x417, "L0", L0_REGS, 0x1FF8007Cu, 0x1FF80050u, 64 },
        { 0x447, "L0", L0_REGS, 0x1FF8007Cu, 0x1FF80050u, 192 },
        { 0x416, "L1", L1_REGS, 0x1FF8004Cu, 0x1FF80050u, 128 },
        { 0x429, "L1", L1_REGS, 0x1FF8004Cu, 0x1FF80050u, 128 },
        { 0x427, "L1", L1_REGS, 0x1FF800CCu, 0x1FF800D0u, 256 },
        { 0x436, "L1", L1_REGS, 0x1FF800CCu, 0x1FF800D0u, 384 },
        { 0x437, "L1", L1_REGS, 0x1FF800CCu, 0x1FF800D0u, 512 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct stm32_part *p = stm32_find_part(rows[i].id);
        assert_non_null(p);
        assert_string_equal(p->family, rows[i].family);
        assert_int_equal(p->flash_regs, rows[i].regs);
        assert_int_equal(p->flash_size_reg, rows[i].fsize);
        assert_int_equal(p->uid_reg, rows[i].uid);
        assert_int_equal(p->flash_kib_max, rows[i].kib);
        assert_true(p->flash->erased_zero);
        assert_non_null(p->flash->loader);
        assert_int_equal(p->flash->rdp_value[0], 0xAAu);
        assert_int_equal(p->flash->rdp_value[2], 0xCCu);
    }
}

static void l053_pages(void **state)
{
    (void)state;
    make_chip(0x417, 64, 64);
    assert_int_equal(stm32_erased_byte(&chip), 0x00);
    assert_int_equal(chip.n_sectors, 512);
    assert_int_equal(chip.sectors[1].addr, 0x08000080u);
    assert_int_equal(chip.sectors[511].size, 128);
    assert_int_equal(chip.sectors[511].bank, 0);
}

static void l073_two_banks(void **state)
{
    (void)state;
    make_chip(0x447, 192, 192);
    assert_int_equal(chip.n_sectors, 1536);
    assert_int_equal(chip.sectors[767].bank, 0);
    assert_int_equal(chip.sectors[768].addr, 0x08018000u);   /* bank 2 at 96 KiB */
    assert_int_equal(chip.sectors[768].bank, 1);
}

static void l152re_pages(void **state)
{
    (void)state;
    make_chip(0x437, 512, 512);
    assert_int_equal(chip.n_sectors, 2048);
    assert_int_equal(chip.sectors[1].addr, 0x08000100u);
    assert_int_equal(chip.sectors[1024].addr, 0x08040000u);
    assert_int_equal(chip.sectors[1024].bank, 1);
}

/* 0x436 reads 1 for 256 KiB (0 for 384); 0x429 uses the low byte only. */
static void size_register_quirks(void **state)
{
    (void)state;
    make_chip(0x436, 384, 1);
    assert_int_equal(chip.flash_kib, 256);
    assert_int_equal(chip.n_sectors, 1024);
    assert_int_equal(chip.sectors[1023].bank, 0);           /* one bank at 256 KiB */
    make_chip(0x436, 384, 0);
    assert_int_equal(chip.flash_kib, 384);
    make_chip(0x429, 128, 0xFF40);
    assert_int_equal(chip.flash_kib, 64);
}

static void unlock_writes_keys_in_order(void **state)
{
    (void)state;
    make_chip(0x417, 64, 64);
    assert_int_equal(chip.part->flash->unlock(&chip), SD_OK);
    assert_true(fk.n_written >= 4);
    assert_int_equal(fk.written[0][0], L0_REGS + PEKEYR);
    assert_int_equal(fk.written[0][1], 0x89ABCDEFu);
    assert_int_equal(fk.written[1][1], 0x02030405u);
    assert_int_equal(fk.written[2][0], L0_REGS + PRGKEYR);
    assert_int_equal(fk.written[2][1], 0x8C9DAEBFu);
    assert_int_equal(fk.written[3][1], 0x13141516u);
    /* Unlocked already: no key (a third key would lock until reset). */
    fk.n_written = 0;
    assert_int_equal(chip.part->flash->unlock(&chip), SD_OK);
    for (int i = 0; i < fk.n_written; i++)
        assert_true(fk.written[i][0] != L0_REGS + PEKEYR && fk.written[i][0] != L0_REGS + PRGKEYR);
}

static void erase_writes_a_word_with_erase_prog(void **state)
{
    (void)state;
    make_chip(0x437, 512, 512);
    fk.pecr = 0;
    assert_int_equal(chip.part->flash->erase_sector(&chip, &chip.sectors[3]), SD_OK);
    assert_int_equal(fk.written[0][0], L1_REGS + PECR);
    assert_int_equal(fk.written[0][1], PECR_ERASE | PECR_PROG);
    assert_int_equal(fk.written[1][0], 0x08000300u);
    assert_int_equal(fk.written[1][1], 0u);
}

static void option_fields(void **state)
{
    (void)state;
    make_chip(0x417, 64, 64);
    const struct stm32_ob_field *f = stm32_ob_fields(&chip);
    const char *l0[] = { "RDP", "WPRMOD", "BOR_LEV", "IWDG_SW", "nRST_STOP", "nRST_STDBY",
                         "nBOOT1", "WRPR1" };
    for (size_t i = 0; i < sizeof l0 / sizeof l0[0]; i++)
        assert_non_null(stm32_ob_find(f, l0[i]));
    assert_null(stm32_ob_find(f, "BFB2"));
    assert_int_equal(stm32_ob_find(f, "nBOOT1")->shift, 31);
    make_chip(0x447, 192, 192);
    f = stm32_ob_fields(&chip);
    assert_non_null(stm32_ob_find(f, "BFB2"));
    assert_int_equal(stm32_ob_find(f, "WRPR2")->width, 16);   /* 48 sectors */
    make_chip(0x437, 512, 512);
    f = stm32_ob_fields(&chip);
    assert_non_null(stm32_ob_find(f, "WRPR4"));
    assert_non_null(stm32_ob_find(f, "BFB2"));
    assert_null(stm32_ob_find(f, "nBOOT1"));                  /* a pin on the L1 */
    assert_null(stm32_ob_find(f, "WPRMOD"));
    make_chip(0x416, 128, 64);
    f = stm32_ob_fields(&chip);
    assert_null(stm32_ob_find(f, "WRPR2"));
}

static void ob_read_registers(void **state)
{
    (void)state;
    make_chip(0x437, 512, 512);
    fk.obr = 0x007800AAu;
    fk.wrpr[3] = 0x80000000u;
    struct stm32_ob ob;
    assert_int_equal(l0l1_ob_read(&chip, &ob), SD_OK);
    assert_int_equal(ob.word[L0L1_OB_OBR], 0x007800AAu);
    assert_int_equal(ob.word[L0L1_OB_WRPR4], 0x80000000u);
}

/* Changed words only, each with its complement; RDP last; then OBL. */
static void ob_write_sequence(void **state)
{
    (void)state;
    make_chip(0x447, 192, 192);
    struct stm32_ob ob;
    assert_int_equal(l0l1_ob_read(&chip, &ob), SD_OK);
    const struct stm32_ob_field *f = stm32_ob_fields(&chip);
    stm32_ob_set(&ob, stm32_ob_find(f, "RDP"), 0xBB);
    stm32_ob_set(&ob, stm32_ob_find(f, "BOR_LEV"), 0x9);
    stm32_ob_set(&ob, stm32_ob_find(f, "WRPR2"), 0x0001);
    fk.n_written = 0;
    assert_int_equal(l0l1_ob_write(&chip, &ob), SD_OK);
    assert_int_equal(fk.ob[1], 0x7F868079u);               /* USER 0x8079 | ~ << 16 */
    assert_int_equal(fk.ob[0x10 / 4], 0xFFFE0001u);        /* WRP45 = WRPR2[15:0] */
    assert_int_equal(fk.ob[0], 0xFF4400BBu);
    int i_user = -1, i_wrp = -1, i_rdp = -1, i_obl = -1;
    for (int i = 0; i < fk.n_written; i++) {
        uint32_t a = fk.written[i][0];
        if (a == OB_BASE + 4u) i_user = i;
        if (a == OB_BASE + 0x10u) i_wrp = i;
        if (a == OB_BASE) i_rdp = i;
        if (a == L0_REGS + PECR && fk.written[i][1] == PECR_OBL) i_obl = i;
        assert_true(a != OB_BASE + 0x08u && a != OB_BASE + 0x0Cu);  /* unchanged words */
    }
    assert_true(i_user >= 0 && i_wrp > i_user && i_rdp > i_wrp && i_obl > i_rdp);
}

static void irreversible(void **state)
{
    (void)state;
    make_chip(0x417, 64, 64);
    struct stm32_ob now, want;
    assert_int_equal(l0l1_ob_read(&chip, &now), SD_OK);
    want = now;
    want.word[L0L1_OB_OBR] |= 1u << 16;                     /* BOR_LEV */
    assert_null(chip.part->flash->ob_irreversible(&chip, &now, &want));
    want = now;
    want.word[L0L1_OB_WRPR1] = 0xFFFFu;                     /* all 16 sectors */
    assert_non_null(chip.part->flash->ob_irreversible(&chip, &now, &want));
    want = now;
    want.word[L0L1_OB_WRPR1] = 0x1u;
    assert_null(chip.part->flash->ob_irreversible(&chip, &now, &want));
    want.word[L0L1_OB_OBR] |= 1u << 8;                      /* WPRMOD: PCROP */
    assert_non_null(chip.part->flash->ob_irreversible(&chip, &now, &want));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(part_rows),
        cmocka_unit_test(l053_pages),
        cmocka_unit_test(l073_two_banks),
        cmocka_unit_test(l152re_pages),
        cmocka_unit_test(size_register_quirks),
        cmocka_unit_test(unlock_writes_keys_in_order),
        cmocka_unit_test(erase_writes_a_word_with_erase_prog),
        cmocka_unit_test(option_fields),
        cmocka_unit_test(ob_read_registers),
        cmocka_unit_test(ob_write_sequence),
        cmocka_unit_test(irreversible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
