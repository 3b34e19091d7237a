/* The STM32F0/F1/F3 flash driver (src/stm32/flash_f1.c, rows in
 * parts_f0f1f3.c, fields in flash_f1_fields.c) against a fake link holding
 * the FPEC registers and the option block (RM0008 §3 + PM0075, RM0091,
 * RM0316; stm32-families.md §1.2, §2.1, §4.2): every DEV_ID of §1.2 is a
 * row, the page map (1/2 KiB pages, XL bank 2 from 0x08080000), protection
 * as FLASH_OBR/WRPR say, the option-byte words, the write sequence (OPTER,
 * half-words with the data byte, reset or OBL_LAUNCH) and what is
 * irreversible. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "arm/arm.h"
#include "stm32/flash_f1.h"
#include "stm32/option_bytes.h"
#include "stm32/stm32.h"

#define REGS     0x40022000u
#define KEYR     0x04u
#define OPTKEYR  0x08u
#define SR       0x0Cu
#define CR       0x10u
#define AR       0x14u
#define OBR      0x1Cu
#define WRPR     0x20u
#define OB_BASE  0x1FFFF800u
#define CR_PER   (1u << 1)
#define CR_OPTPG (1u << 4)
#define CR_OPTER (1u << 5)
#define CR_STRT  (1u << 6)
#define CR_LOCK  (1u << 7)
#define CR_OPTWRE (1u << 9)
#define CR_OBL_LAUNCH (1u << 13)

struct write { uint32_t addr, val; unsigned width; };

struct fake {
    uint32_t cr[2], obr, wrpr;
    uint16_t ob[8];
    int keys[2], optkeys;
    struct write w[256];
    int n;
};
static struct fake fk;

static int fake_read(void *link, unsigned ap, unsigned width, uint32_t addr, uint8_t *buf,
                     size_t len)
{
    (void)link, (void)ap, (void)width;
    memset(buf, 0, len);
    if (addr - OB_BASE < sizeof fk.ob) {
        memcpy(buf, (const uint8_t *)fk.ob + (addr - OB_BASE), len);
        return SD_OK;
    }
    uint32_t v = 0;
    switch (addr) {
    case REGS + CR: v = fk.cr[0]; break;
    case REGS + 0x40 + CR: v = fk.cr[1]; break;
    case REGS + OBR: v = fk.obr; break;
    case REGS + WRPR: v = fk.wrpr; break;
    case ARM_DHCSR: v = ARM_DHCSR_S_HALT | ARM_DHCSR_C_DEBUGEN; break;
    default: break;                 /* SR: idle, no error */
    }
    memcpy(buf, &v, len < 4 ? len : 4);
    return SD_OK;
}

static int fake_write(void *link, unsigned ap, unsigned width, uint32_t addr, const uint8_t *buf,
                      size_t len)
{
    (void)link, (void)ap;
    uint32_t v = 0;
    memcpy(&v, buf, len < 4 ? len : 4);
    if (fk.n < 256)
        fk.w[fk.n++] = (struct write){ addr, v, width };
    for (unsigned b = 0; b < 2; b++) {
        uint32_t base = REGS + b * 0x40u;
        if (addr == base + KEYR && ++fk.keys[b] == 2)
            fk.cr[b] &= ~CR_LOCK;
        if (addr == base + CR)
            fk.cr[b] = (v & ~CR_OPTWRE) | (fk.cr[b] & CR_OPTWRE & v);
    }
    if (addr == REGS + OPTKEYR && ++fk.optkeys == 2)
        fk.cr[0] |= CR_OPTWRE;
    if (addr - OB_BASE < sizeof fk.ob && len == 2)
        fk.ob[(addr - OB_BASE) / 2] = (uint16_t)((v & 0xFFu) | ((~v & 0xFFu) << 8));
    return SD_OK;
}

static const struct arm_link_ops link_ops = { .mem_read = fake_read, .mem_write = fake_write };
static struct sd_session *session;
static struct arm_target tgt;
static struct stm32_chip chip;

static void make_chip(uint16_t dev_id, uint32_t kib)
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
    memset(&fk, 0, sizeof fk);
    fk.cr[0] = fk.cr[1] = CR_LOCK;
    chip.part->flash->map_sectors(&chip);
}

static const struct write *find_write(uint32_t addr, int from)
{
    for (int i = from; i < fk.n; i++)
        if (fk.w[i].addr == addr)
            return &fk.w[i];
    return NULL;
}

/* stm32-families.md §1.2: every F0/F1/F3 DEV_ID, its family, registers. */
static void part_rows(void **state)
{
    (void)state;
    static const struct { uint16_t id; const char *fam; uint32_t fsize, kib, page; } rows[] = {
        { 0x440, "F0", 0x1FFFF7CCu, 64, 1024 },  { 0x444, "F0", 0x1FFFF7CCu, 32, 1024 },
        { 0x445, "F0", 0x1FFFF7CCu, 32, 1024 },  { 0x448, "F0", 0x1FFFF7CCu, 128, 2048 },
        { 0x442, "F0", 0x1FFFF7CCu, 256, 2048 }, { 0x412, "F1", 0x1FFFF7E0u, 32, 1024 },
        { 0x410, "F1", 0x1FFFF7E0u, 128, 1024 }, { 0x414, "F1", 0x1FFFF7E0u, 512, 2048 },
        { 0x430, "F1", 0x1FFFF7E0u, 1024, 2048 }, { 0x418, "F1", 0x1FFFF7E0u, 256, 2048 },
        { 0x420, "F1", 0x1FFFF7E0u, 128, 1024 }, { 0x428, "F1", 0x1FFFF7E0u, 512, 2048 },
        { 0x422, "F3", 0x1FFFF7CCu, 256, 2048 }, { 0x432, "F3", 0x1FFFF7CCu, 256, 2048 },
        { 0x438, "F3", 0x1FFFF7CCu, 64, 2048 },  { 0x439, "F3", 0x1FFFF7CCu, 64, 2048 },
        { 0x446, "F3", 0x1FFFF7CCu, 512, 2048 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct stm32_part *p = stm32_find_part(rows[i].id);
        assert_non_null(p);
        assert_string_equal(p->family, rows[i].fam);
        assert_int_equal(p->flash_regs, REGS);
        assert_int_equal(p->flash_size_reg, rows[i].fsize);
        assert_int_equal(p->flash_kib_max, rows[i].kib);
        const struct stm32_f1_data *d = p->flash_data;
        assert_int_equal(d->page_size, rows[i].page);
        assert_true(p->flash == (rows[i].fam[1] == '1' ? &stm32_flash_f1 : &stm32_flash_f0f3));
        assert_int_equal(p->flash->program_unit(NULL), 2);
    }
}

/* Pages; on the XL part pages from 0x08080000 belong to bank 2. */
static void page_map(void **state)
{
    (void)state;
    make_chip(0x410, 64);
    assert_int_equal(chip.n_sectors, 64);
    assert_int_equal(chip.sectors[63].addr, 0x0800FC00u);
    assert_int_equal(chip.sectors[63].size, 1024);
    make_chip(0x430, 1024);
    assert_int_equal(chip.n_sectors, 512);
    assert_int_equal(chip.sectors[255].bank, 0);
    assert_int_equal(chip.sectors[256].addr, 0x08080000u);
    assert_int_equal(chip.sectors[256].bank, 1);
    assert_int_equal(chip.sectors[256].id, 256);
}

/* Page erase: keys on KEYR, PER, AR = the page, PER|STRT (RM0008 §3.3.4);
 * a bank-2 page through the registers at +0x40. */
static void page_erase_sequence(void **state)
{
    (void)state;
    make_chip(0x430, 1024);
    assert_int_equal(chip.part->flash->unlock(&chip), SD_OK);
    assert_false(fk.cr[0] & CR_LOCK);
    assert_false(fk.cr[1] & CR_LOCK);           /* both banks unlocked */
    fk.n = 0;
    assert_int_equal(chip.part->flash->erase_sector(&chip, &chip.sectors[300]), SD_OK);
    const struct write *ar = find_write(REGS + 0x40 + AR, 0);
    assert_non_null(ar);
    assert_int_equal(ar->val, 0x08080000u + 44u * 2048u);
    assert_null(find_write(REGS + AR, 0));
    const struct write *strt = find_write(REGS + 0x40 + CR, (int)(ar - fk.w));
    assert_non_null(strt);
    assert_int_equal(strt->val, CR_PER | CR_STRT);
}

/* FLASH_OBR/WRPR decode: F1 RDPRT bit 1, USER [9:2], Data [25:10]; WRPR
 * 0 = protected, 4 pages per bit on medium density. */
static void read_protection_and_ob_read(void **state)
{
    (void)state;
    make_chip(0x410, 64);
    fk.obr = 0x03FFFFFCu;                       /* factory */
    fk.wrpr = 0xFFFFFFFEu;                      /* WRP bit 0: pages 0-3 */
    fk.ob[0] = 0x5AA5;
    int level;
    uint64_t wrp;
    assert_int_equal(chip.part->flash->read_protection(&chip, &level, &wrp), SD_OK);
    assert_int_equal(level, 0);
    assert_int_equal(wrp, 0xFull);
    struct stm32_ob ob;
    memset(&ob, 0, sizeof ob);
    assert_int_equal(chip.part->flash->ob_read(&chip, &ob), SD_OK);
    const struct stm32_ob_field *fields = stm32_ob_fields(&chip);
    assert_int_equal(stm32_ob_get(&ob, stm32_ob_find(fields, "RDP")), 0xA5);
    assert_int_equal(stm32_ob_get(&ob, stm32_ob_find(fields, "WDG_SW")), 1);
    assert_int_equal(stm32_ob_get(&ob, stm32_ob_find(fields, "Data0")), 0xFF);
    assert_int_equal(stm32_ob_get(&ob, stm32_ob_find(fields, "WRP0")), 0xFE);
    assert_null(stm32_ob_find(fields, "nBOOT1"));   /* F0/F3 only */
    /* Level 1: RDPRT set; an erased RDP byte reads as the level-1 value. */
    fk.obr |= 2u;
    fk.ob[0] = 0xFFFF;
    assert_int_equal(chip.part->flash->read_protection(&chip, &level, &wrp), SD_OK);
    assert_int_equal(level, 1);
    assert_int_equal(chip.part->flash->ob_read(&chip, &ob), SD_OK);
    assert_int_equal(stm32_ob_rdp_level(chip.part->flash->rdp_value,
                                        stm32_ob_get(&ob, stm32_ob_find(fields, "RDP"))), 1);
    /* F0: RDPRT[1:0] = 11 is level 2, USER at [15:8]. */
    make_chip(0x448, 128);
    fk.obr = 0xFFFFEF06u;
    fk.ob[0] = 0x33CC;
    assert_int_equal(chip.part->flash->read_protection(&chip, &level, &wrp), SD_OK);
    assert_int_equal(level, 2);
    assert_int_equal(chip.part->flash->ob_read(&chip, &ob), SD_OK);
    fields = stm32_ob_fields(&chip);
    assert_int_equal(stm32_ob_get(&ob, stm32_ob_find(fields, "nBOOT1")), 0);
    assert_int_equal(stm32_ob_get(&ob, stm32_ob_find(fields, "RDP")), 0xCC);
}

/* ob_write: OPTKEYR, OPTER + STRT, OPTPG, one half-word per byte with the
 * data byte low (the controller adds the complement), RDP first; F1 loads
 * them with a system reset (AIRCR), F0/F3 with OBL_LAUNCH. */
static void ob_write_sequence(void **state)
{
    (void)state;
    make_chip(0x414, 256);
    fk.obr = 0x03FFFFFCu;
    fk.wrpr = 0xFFFFFFFFu;
    struct stm32_ob ob;
    memset(&ob, 0, sizeof ob);
    assert_int_equal(chip.part->flash->ob_read(&chip, &ob), SD_OK);
    stm32_ob_set(&ob, stm32_ob_find(stm32_ob_fields(&chip), "RDP"), 0x00);
    stm32_ob_set(&ob, stm32_ob_find(stm32_ob_fields(&chip), "WRP1"), 0x7F);
    fk.n = 0;
    assert_int_equal(chip.part->flash->ob_write(&chip, &ob), SD_OK);
    const struct write *er = find_write(REGS + CR, 0);
    assert_non_null(er);
    int i = (int)(er - fk.w);
    assert_true(find_write(REGS + OPTKEYR, 0) < er);
    const struct write *strt = NULL;
    for (int k = i; k < fk.n; k++)
        if (fk.w[k].addr == REGS + CR && (fk.w[k].val & CR_STRT))
            strt = &fk.w[k];
    assert_non_null(strt);
    assert_int_equal(strt->val, CR_OPTER | CR_STRT | CR_OPTWRE);
    const struct write *rdp = find_write(OB_BASE, 0);
    assert_non_null(rdp);
    assert_int_equal(rdp->width, 2);
    assert_int_equal(rdp->val, 0x0000);
    assert_true(find_write(OB_BASE + 10, 0) > rdp);     /* WRP1 after RDP */
    assert_int_equal(fk.ob[5], 0x807F);
    assert_int_equal(fk.ob[1], 0x00FF);
    assert_null(find_write(OB_BASE + 16, 0));
    const struct write *aircr = find_write(ARM_AIRCR, 0);
    assert_non_null(aircr);
    assert_int_equal(aircr->val, ARM_AIRCR_VECTKEY | ARM_AIRCR_SYSRESETREQ);

    make_chip(0x440, 64);                                /* F05x: WRP0/1 only */
    fk.obr = 0xFFFFFF00u;
    fk.wrpr = 0xFFFFFFFFu;
    assert_int_equal(chip.part->flash->ob_read(&chip, &ob), SD_OK);
    fk.n = 0;
    assert_int_equal(chip.part->flash->ob_write(&chip, &ob), SD_OK);
    assert_non_null(find_write(OB_BASE + 10, 0));
    assert_null(find_write(OB_BASE + 12, 0));
    assert_null(find_write(ARM_AIRCR, 0));
    const struct write *last = &fk.w[fk.n - 1];
    assert_int_equal(last->addr, REGS + CR);
    assert_int_equal(last->val, CR_OBL_LAUNCH);
}

/* Every WRP bit cleared is refused without --irreversible; RDP values. */
static void irreversible_and_rdp_values(void **state)
{
    (void)state;
    make_chip(0x414, 256);
    struct stm32_ob now = { .word = { 0xA5, 0xFF, 0xFF, 0xFF, 0xFFFFFFFFu } };
    struct stm32_ob want = now;
    want.word[STM32_F1_OB_WRP] = 0x00FFFFFFu;
    assert_null(chip.part->flash->ob_irreversible(&chip, &now, &want));
    want.word[STM32_F1_OB_WRP] = 0;
    assert_non_null(chip.part->flash->ob_irreversible(&chip, &now, &want));
    make_chip(0x444, 32);                   /* two WRP bytes: WRP2/3 do not exist */
    want.word[STM32_F1_OB_WRP] = 0xFFFF0000u;
    assert_non_null(chip.part->flash->ob_irreversible(&chip, &now, &want));
    assert_int_equal(stm32_flash_f1.rdp_value[0], 0xA5);
    assert_int_equal(stm32_flash_f1.rdp_value[2], 0);   /* F1: no level 2 */
    assert_int_equal(stm32_flash_f0f3.rdp_value[0], 0xAA);
    assert_int_equal(stm32_flash_f0f3.rdp_value[2], 0xCC);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(part_rows),
        cmocka_unit_test(page_map),
        cmocka_unit_test(page_erase_sequence),
        cmocka_unit_test(read_protection_and_ob_read),
        cmocka_unit_test(ob_write_sequence),
        cmocka_unit_test(irreversible_and_rdp_values),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    sd_session_free(session);
    return rc;
}
