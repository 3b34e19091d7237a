/* The L4-class flash driver (src/stm32/flash_l4*.c, rows in
 * parts_l4g0g4wbwlc0.c) against a fake link holding the controller's
 * registers (RM0351 §3.7, RM0432, RM0444, RM0440, RM0434, RM0453,
 * RM0490): part rows, the page map from OPTR (L47x always dual at 1 MiB,
 * L4+/G4 DBANK halving the pages, G4 bank 2 at 0x08040000), the CR value
 * of a page erase (BKER bit 11, bit 13 on G0B), WRP areas as protected
 * sectors, the option-byte tables, the OPTSTRT/OBL_LAUNCH sequence and
 * what is irreversible. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "stm32/flash_l4.h"
#include "stm32/option_bytes.h"
#include "stm32/stm32.h"

#define REGS     0x40022000u
#define REGS_WB  0x58004000u
#define KEYR     0x08u
#define OPTKEYR  0x0Cu
#define SR       0x10u
#define CR       0x14u
#define OPTR     0x20u
#define WRP1AR   0x2Cu
#define WRP1BR   0x30u
#define WRP2AR   0x4Cu
#define WRP2BR   0x50u

#define L4_FACTORY_OPTR 0xFFEFF8AAu
#define WRP_OFF         0xFF00FFFFu
#define CR_LOCK         (1u << 31)
#define CR_OPTLOCK      (1u << 30)
#define CR_OBL          (1u << 27)
#define CR_OPTSTRT      (1u << 17)
#define CR_STRT         (1u << 16)
#define CR_PER          (1u << 1)

struct fake {
    uint32_t base;
    uint32_t optr, wrp[4], cr, keys, optkeys;
    uint32_t written[64][2];     /* (offset, value) of each register write */
    int n_written;
};
static struct fake fk;

static void put32(uint8_t *b, uint32_t v) { memcpy(b, &v, 4); }

static int fake_read(void *link, unsigned ap, unsigned width, uint32_t addr, uint8_t *buf,
                     size_t len)
{
    (void)link, (void)ap, (void)width;
    if (len != 4)
        return SD_ERR_TARGET_FAULT;
    uint32_t v = 0;
    switch (addr - fk.base) {
    case OPTR: v = fk.optr; break;
    case CR: v = fk.cr; break;
    case WRP1AR: v = fk.wrp[0]; break;
    case WRP1BR: v = fk.wrp[1]; break;
    case WRP2AR: v = fk.wrp[2]; break;
    case WRP2BR: v = fk.wrp[3]; break;
    default: break;             /* SR: idle, no errors */
    }
    put32(buf, v);
    return SD_OK;
}

static int fake_write(void *link, unsigned ap, unsigned width, uint32_t addr, const uint8_t *buf,
                      size_t len)
{
    (void)link, (void)ap, (void)width;
    uint32_t v, off = addr - fk.base;
    if (len != 4)
        return SD_OK;
    memcpy(&v, buf, 4);
    if (fk.n_written < 64) {
        fk.written[fk.n_written][0] = off;
        fk.written[fk.n_written][1] = v;
        fk.n_written++;
    }
    if (off == KEYR && ++fk.keys == 2)
        fk.cr &= ~CR_LOCK;
    if (off == OPTKEYR && !(fk.cr & CR_LOCK) && ++fk.optkeys == 2)
        fk.cr &= ~CR_OPTLOCK;
    if (off == CR)
        fk.cr = (fk.cr & (CR_LOCK | CR_OPTLOCK)) | (v & ~(CR_LOCK | CR_OPTLOCK)) |
                (v & (CR_LOCK | CR_OPTLOCK));
    return SD_OK;
}

static const struct arm_link_ops link_ops = { .mem_read = fake_read, .mem_write = fake_write };
static struct sd_session *session;
static struct arm_target tgt;
static struct stm32_chip chip;

static void make_chip(uint16_t dev_id, uint32_t kib, uint32_t optr)
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
    fk = (struct fake){ .base = chip.part->flash_regs, .optr = optr,
                        .wrp = { WRP_OFF, WRP_OFF, WRP_OFF, WRP_OFF },
                        .cr = CR_LOCK | CR_OPTLOCK };
    chip.part->flash->map_sectors(&chip);
}

/* Every DEV_ID of the L4 class (stm32-families.md §1.2) is a row. */
static void part_rows(void **state)
{
    (void)state;
    static const struct { uint16_t id; const char *family; uint32_t regs, fsize; } rows[] = {
        { 0x415, "L4", REGS, 0x1FFF75E0u }, { 0x461, "L4", REGS, 0x1FFF75E0u },
        { 0x435, "L4", REGS, 0x1FFF75E0u }, { 0x462, "L4", REGS, 0x1FFF75E0u },
        { 0x464, "L4", REGS, 0x1FFF75E0u }, { 0x470, "L4+", REGS, 0x1FFF75E0u },
        { 0x471, "L4+", REGS, 0x1FFF75E0u }, { 0x466, "G0", REGS, 0x1FFF75E0u },
        { 0x456, "G0", REGS, 0x1FFF75E0u }, { 0x460, "G0", REGS, 0x1FFF75E0u },
        { 0x467, "G0", REGS, 0x1FFF75E0u }, { 0x468, "G4", REGS, 0x1FFF75E0u },
        { 0x469, "G4", REGS, 0x1FFF75E0u }, { 0x479, "G4", REGS, 0x1FFF75E0u },
        { 0x495, "WB", REGS_WB, 0x1FFF75E0u }, { 0x494, "WB", REGS_WB, 0x1FFF75E0u },
        { 0x496, "WB", REGS_WB, 0x1FFF75E0u }, { 0x497, "WL", REGS_WB, 0x1FFF75E0u },
        { 0x443, "C0", REGS, 0x1FFF75A0u }, { 0x453, "C0", REGS, 0x1FFF75A0u },
        { 0x44C, "C0", REGS, 0x1FFF75A0u }, { 0x493, "C0", REGS, 0x1FFF75A0u },
        { 0x44D, "C0", REGS, 0x1FFF75A0u },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct stm32_part *p = stm32_find_part(rows[i].id);
        assert_non_null(p);
        make_chip(rows[i].id, p->flash_kib_max, L4_FACTORY_OPTR);
        assert_string_equal(p->family, rows[i].family);
        assert_int_equal(p->flash_regs, rows[i].regs);
        assert_int_equal(p->flash_size_reg, rows[i].fsize);
        assert_int_equal(p->flash->program_unit(&chip), 8);
        assert_non_null(p->flash->loader);
        assert_non_null(stm32_ob_fields(&chip));
        assert_non_null(stm32_ob_rdp_field(stm32_ob_fields(&chip)));
        assert_true(chip.n_sectors > 0);
    }
}

/* L476RG (1 MiB): always two banks of 256 x 2 KiB; a 512 KiB L47x
 * follows DUALBANK (bit 21). */
static void l47x_dual_bank(void **state)
{
    (void)state;
    make_chip(0x415, 1024, L4_FACTORY_OPTR & ~(1u << 21));
    assert_int_equal(chip.n_sectors, 512);
    assert_int_equal(chip.sectors[256].addr, 0x08080000u);
    assert_int_equal(chip.sectors[256].bank, 1);
    assert_int_equal(chip.sectors[256].id, 0);
    make_chip(0x415, 512, L4_FACTORY_OPTR & ~(1u << 21));
    assert_int_equal(chip.n_sectors, 256);
    assert_int_equal(chip.sectors[255].bank, 0);
    assert_int_equal(chip.sectors[255].id, 255);
    make_chip(0x415, 512, L4_FACTORY_OPTR);
    assert_int_equal(chip.sectors[128].addr, 0x08040000u);
    assert_int_equal(chip.sectors[128].bank, 1);
}

/* L4R (2 MiB): DBANK=1 -> 2 x 256 x 4 KiB; DBANK=0 -> 256 x 8 KiB. */
static void l4plus_dbank(void **state)
{
    (void)state;
    make_chip(0x470, 2048, L4_FACTORY_OPTR);
    assert_int_equal(chip.n_sectors, 512);
    assert_int_equal(chip.sectors[0].size, 4096);
    assert_int_equal(chip.sectors[256].addr, 0x08100000u);
    make_chip(0x470, 2048, L4_FACTORY_OPTR & ~(1u << 22));
    assert_int_equal(chip.n_sectors, 256);
    assert_int_equal(chip.sectors[0].size, 8192);
    /* 1 MiB L4R: DB1M (bit 21) decides. */
    make_chip(0x470, 1024, (L4_FACTORY_OPTR & ~(1u << 21)) | (1u << 22));
    assert_int_equal(chip.sectors[0].size, 8192);
}

/* G47x: DBANK=1 -> 2 x 128 x 2 KiB, bank 2 always at 0x08040000 (a hole
 * on the 256 KiB parts); DBANK=0 -> 128 x 4 KiB. */
static void g4_dbank_and_hole(void **state)
{
    (void)state;
    make_chip(0x469, 512, L4_FACTORY_OPTR);
    assert_int_equal(chip.n_sectors, 256);
    assert_int_equal(chip.sectors[128].addr, 0x08040000u);
    make_chip(0x469, 256, L4_FACTORY_OPTR);
    assert_int_equal(chip.n_sectors, 128);
    assert_int_equal(chip.sectors[64].addr, 0x08040000u);
    assert_int_equal(chip.sectors[64].bank, 1);
    make_chip(0x469, 512, L4_FACTORY_OPTR & ~(1u << 22));
    assert_int_equal(chip.n_sectors, 128);
    assert_int_equal(chip.sectors[1].addr, 0x08001000u);
}

static uint32_t last_write(uint32_t off)
{
    for (int i = fk.n_written - 1; i >= 0; i--)
        if (fk.written[i][0] == off)
            return fk.written[i][1];
    fail_msg("no write to offset 0x%x", off);
    return 0;
}

static uint32_t first_cr_with(uint32_t bit)
{
    for (int i = 0; i < fk.n_written; i++)
        if (fk.written[i][0] == CR && (fk.written[i][1] & bit))
            return fk.written[i][1];
    fail_msg("no FLASH_CR write with 0x%x", bit);
    return 0;
}

/* Page erase: PER | PNB << 3 | BKER | STRT in one store (as openocd). */
static void erase_sets_bker(void **state)
{
    (void)state;
    make_chip(0x415, 1024, L4_FACTORY_OPTR);
    assert_int_equal(chip.part->flash->erase_sector(&chip, &chip.sectors[259]), SD_OK);
    assert_int_equal(first_cr_with(CR_STRT), CR_PER | (3u << 3) | (1u << 11) | CR_STRT);
    make_chip(0x467, 512, L4_FACTORY_OPTR);   /* G0B: DUAL_BANK bit 21, BKER bit 13 */
    assert_int_equal(chip.n_sectors, 256);
    assert_int_equal(chip.part->flash->erase_sector(&chip, &chip.sectors[130]), SD_OK);
    assert_int_equal(first_cr_with(CR_STRT), CR_PER | (2u << 3) | (1u << 13) | CR_STRT);
}

/* WRP1AR start 0 end 1: sectors 0 and 1 protected. */
static void wrp_areas(void **state)
{
    (void)state;
    make_chip(0x460, 128, 0xFFFFFEAAu);
    fk.wrp[0] = 0xFF01FF00u;
    int rdp;
    uint64_t wrp;
    assert_int_equal(chip.part->flash->read_protection(&chip, &rdp, &wrp), SD_OK);
    assert_int_equal(rdp, 0);
    assert_int_equal(wrp, 0x3);
    /* Bank 2 of an L476: WRP2AR pages 0..3 of bank 2. */
    make_chip(0x415, 1024, L4_FACTORY_OPTR | 0xFFu);
    fk.wrp[2] = 0x00030000u;
    struct stm32_ob ob = { { 0 } };
    assert_int_equal(l4_ob_read(&chip, &ob), SD_OK);
    assert_true(l4_page_protected(&chip, &ob, 0x08081800u));
    assert_false(l4_page_protected(&chip, &ob, 0x08082000u));
    assert_false(l4_page_protected(&chip, &ob, 0x08001800u));
    assert_int_equal(chip.part->flash->read_protection(&chip, &rdp, &wrp), SD_OK);
    assert_int_equal(rdp, 1);
}

/* Field names as the reference manuals give them, per layout. */
static void field_tables(void **state)
{
    (void)state;
    make_chip(0x415, 1024, L4_FACTORY_OPTR);
    const struct stm32_ob_field *f = stm32_ob_fields(&chip);
    assert_non_null(stm32_ob_find(f, "DUALBANK"));
    assert_non_null(stm32_ob_find(f, "BFB2"));
    assert_non_null(stm32_ob_find(f, "WRP2B_END"));
    assert_null(stm32_ob_find(f, "nSWBOOT0"));       /* not on L47x */
    make_chip(0x470, 2048, L4_FACTORY_OPTR);
    f = stm32_ob_fields(&chip);
    assert_non_null(stm32_ob_find(f, "DBANK"));
    assert_non_null(stm32_ob_find(f, "nSWBOOT0"));
    assert_int_equal(stm32_ob_find(f, "nBOOT0")->shift, 27);
    make_chip(0x460, 128, 0xFFFFFEAAu);
    f = stm32_ob_fields(&chip);
    assert_int_equal(stm32_ob_find(f, "nBOOT_SEL")->shift, 24);
    assert_int_equal(stm32_ob_find(f, "nBOOT0")->shift, 26);
    assert_int_equal(stm32_ob_find(f, "nRST_STOP")->shift, 13);
    assert_null(stm32_ob_find(f, "WRP2A_STRT"));
    make_chip(0x469, 512, L4_FACTORY_OPTR);
    assert_int_equal(stm32_ob_find(stm32_ob_fields(&chip), "DBANK")->shift, 22);
    make_chip(0x495, 1024, 0x0FFF71AAu);
    assert_non_null(stm32_ob_find(stm32_ob_fields(&chip), "ESE"));
    assert_int_equal(stm32_ob_find(stm32_ob_fields(&chip), "BOR_LEV")->shift, 9);
}

/* KEYR, OPTKEYR, the option registers, OPTSTRT, then OBL_LAUNCH. */
static void ob_write_sequence(void **state)
{
    (void)state;
    make_chip(0x415, 1024, L4_FACTORY_OPTR);
    struct stm32_ob ob = { { 0 } };
    assert_int_equal(l4_ob_read(&chip, &ob), SD_OK);
    ob.word[L4_OB_OPTR] = (ob.word[L4_OB_OPTR] & ~0xFFu) | 0xBBu;
    fk.n_written = 0;
    assert_int_equal(chip.part->flash->ob_write(&chip, &ob), SD_OK);
    int i_key = -1, i_optkey = -1, i_optr = -1, i_strt = -1, i_obl = -1;
    for (int i = 0; i < fk.n_written; i++) {
        uint32_t off = fk.written[i][0], v = fk.written[i][1];
        if (off == KEYR && i_key < 0) i_key = i;
        if (off == OPTKEYR && i_optkey < 0) i_optkey = i;
        if (off == OPTR) i_optr = i;
        if (off == CR && v == CR_OPTSTRT) i_strt = i;
        if (off == CR && v == CR_OBL) i_obl = i;
    }
    assert_true(i_key >= 0 && i_key < i_optkey);
    assert_true(i_optkey < i_optr && i_optr < i_strt && i_strt < i_obl);
    assert_int_equal(last_write(OPTR) & 0xFFu, 0xBB);
}

/* PCROP with PCROP_RDP=0 is for ever; WRP over the whole flash is not
 * (the WRP registers stay programmable); NRST_MODE=2 loses the reset pin. */
static void irreversible_rules(void **state)
{
    (void)state;
    make_chip(0x415, 1024, L4_FACTORY_OPTR);
    const struct stm32_ob_field *f = stm32_ob_fields(&chip);
    struct stm32_ob now = { { 0 } }, want;
    now.word[L4_OB_OPTR] = L4_FACTORY_OPTR;
    now.word[L4_OB_PCROP1SR] = 0xFFFFu;
    now.word[L4_OB_WRP1AR] = now.word[L4_OB_WRP1BR] = WRP_OFF;
    now.word[L4_OB_WRP2AR] = now.word[L4_OB_WRP2BR] = WRP_OFF;
    want = now;
    stm32_ob_set(&want, stm32_ob_find(f, "WRP1A_STRT"), 0);
    stm32_ob_set(&want, stm32_ob_find(f, "WRP1A_END"), 255);
    stm32_ob_set(&want, stm32_ob_find(f, "WRP2A_STRT"), 0);
    stm32_ob_set(&want, stm32_ob_find(f, "WRP2A_END"), 255);
    assert_null(chip.part->flash->ob_irreversible(&chip, &now, &want));
    want = now;
    stm32_ob_set(&want, stm32_ob_find(f, "PCROP1_STRT"), 0);
    stm32_ob_set(&want, stm32_ob_find(f, "PCROP1_END"), 16);
    const char *why = chip.part->flash->ob_irreversible(&chip, &now, &want);
    assert_non_null(why);
    assert_non_null(strstr(why, "PCROP_RDP=0"));
    stm32_ob_set(&want, stm32_ob_find(f, "PCROP_RDP"), 1);
    assert_null(chip.part->flash->ob_irreversible(&chip, &now, &want));

    make_chip(0x460, 128, 0xFFFFFEAAu);
    f = stm32_ob_fields(&chip);
    memset(&now, 0, sizeof now);
    now.word[L4_OB_OPTR] = 0xFFFFFEAAu;
    now.word[L4_OB_PCROP1SR] = now.word[L4_OB_PCROP1BSR] = 0x1FFu;
    want = now;
    stm32_ob_set(&want, stm32_ob_find(f, "NRST_MODE"), 2);
    assert_non_null(chip.part->flash->ob_irreversible(&chip, &now, &want));
    want = now;                            /* boot the bootloader: reversible */
    stm32_ob_set(&want, stm32_ob_find(f, "nBOOT0"), 0);
    assert_null(chip.part->flash->ob_irreversible(&chip, &now, &want));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(part_rows),
        cmocka_unit_test(l47x_dual_bank),
        cmocka_unit_test(l4plus_dbank),
        cmocka_unit_test(g4_dbank_and_hole),
        cmocka_unit_test(erase_sets_bker),
        cmocka_unit_test(wrp_areas),
        cmocka_unit_test(field_tables),
        cmocka_unit_test(ob_write_sequence),
        cmocka_unit_test(irreversible_rules),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    sd_session_free(session);
    return rc;
}
