/* The STM32L5/U5 flash driver (src/stm32/flash_l5u5.c, rows in
 * parts_l5u5.c) against a fake link holding the non-secure registers
 * (RM0438 §6.9, RM0456 §7.9): part rows, the page map from OPTR (DBANK,
 * always-dual U5), the TrustZone refusal that names TZEN, WRP areas as
 * protected sectors, the option-byte tables and what is irreversible. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "stm32/option_bytes.h"
#include "stm32/stm32.h"

#define REGS   0x40022000u
#define NSCR   (REGS + 0x28u)
#define OPTR   (REGS + 0x40u)
#define WRP1AR (REGS + 0x58u)
#define WRP1BR (REGS + 0x5Cu)
#define WRP2AR (REGS + 0x68u)
#define WRP2BR (REGS + 0x6Cu)

#define L5_FACTORY_OPTR 0x7FEFF8AAu
#define U5_FACTORY_OPTR 0x1FEFF8AAu
#define TZEN            (1u << 31)
#define DBANK           (1u << 22)
#define WRP_OFF         0xFF00FFFFu

struct fake {
    uint32_t optr, wrp[4], nscr;
    int writes;
};
static struct fake fk;

static void put32(uint8_t *b, uint32_t v) { memcpy(b, &v, 4); }

static int fake_read(void *link, unsigned ap, unsigned width, uint32_t addr, uint8_t *buf,
                     size_t len)
{
    (void)link, (void)ap, (void)width;
    if (len != 4)
        return SD_ERR_TARGET_FAULT;
    switch (addr) {
    case OPTR: put32(buf, fk.optr); return SD_OK;
    case NSCR: put32(buf, fk.nscr); return SD_OK;
    case WRP1AR: put32(buf, fk.wrp[0]); return SD_OK;
    case WRP1BR: put32(buf, fk.wrp[1]); return SD_OK;
    case WRP2AR: put32(buf, fk.wrp[2]); return SD_OK;
    case WRP2BR: put32(buf, fk.wrp[3]); return SD_OK;
    }
    put32(buf, 0);
    return SD_OK;
}

static int fake_write(void *link, unsigned ap, unsigned width, uint32_t addr, const uint8_t *buf,
                      size_t len)
{
    (void)link, (void)ap, (void)width, (void)addr, (void)buf, (void)len;
    fk.writes++;
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
    fk = (struct fake){ .optr = optr, .wrp = { WRP_OFF, WRP_OFF, WRP_OFF, WRP_OFF },
                        .nscr = 0xC0000000u };
    chip.part->flash->map_sectors(&chip);
}

static void part_rows(void **state)
{
    (void)state;
    static const struct { uint16_t id; const char *family; uint32_t unit, kib, fsize; } rows[] = {
        { 0x472, "L5", 8, 512, 0x0BFA05E0u }, { 0x455, "U5", 16, 512, 0x0BFA07A0u },
        { 0x482, "U5", 16, 2048, 0x0BFA07A0u }, { 0x481, "U5", 16, 4096, 0x0BFA07A0u },
        { 0x476, "U5", 16, 4096, 0x0BFA07A0u },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        make_chip(rows[i].id, rows[i].kib, L5_FACTORY_OPTR);
        assert_string_equal(chip.part->family, rows[i].family);
        assert_int_equal(chip.part->flash_regs, REGS);
        assert_int_equal(chip.part->flash_kib_max, rows[i].kib);
        assert_int_equal(chip.part->flash_size_reg, rows[i].fsize);
        assert_int_equal(chip.part->flash->program_unit(&chip), rows[i].unit);
        assert_non_null(chip.part->flash->loader);
    }
}

static void l5_page_map_follows_dbank(void **state)
{
    (void)state;
    make_chip(0x472, 512, L5_FACTORY_OPTR);     /* DBANK = 1: 2 x 128 x 2 KiB */
    assert_int_equal(chip.n_sectors, 256);
    assert_int_equal(chip.sectors[0].size, 2048);
    assert_int_equal(chip.sectors[128].addr, 0x08040000u);
    assert_int_equal(chip.sectors[128].bank, 1);
    assert_int_equal(chip.sectors[128].id, 0);
    assert_int_equal(chip.sectors[255].id, 127);
    make_chip(0x472, 512, L5_FACTORY_OPTR & ~DBANK);   /* one bank of 4 KiB pages */
    assert_int_equal(chip.n_sectors, 128);
    assert_int_equal(chip.sectors[127].addr, 0x0807F000u);
    assert_int_equal(chip.sectors[127].bank, 0);
    assert_int_equal(chip.sectors[127].id, 127);
}

static void u5_largest_part_is_always_dual(void **state)
{
    (void)state;
    make_chip(0x482, 2048, U5_FACTORY_OPTR & ~(1u << 21));
    assert_int_equal(chip.n_sectors, 256);
    assert_int_equal(chip.sectors[128].addr, 0x08100000u);
    assert_int_equal(chip.sectors[128].bank, 1);
    make_chip(0x482, 1024, U5_FACTORY_OPTR & ~(1u << 21));  /* DUALBANK = 0: one bank */
    assert_int_equal(chip.n_sectors, 128);
    assert_int_equal(chip.sectors[127].bank, 0);
}

static void tzen_is_refused_by_name(void **state)
{
    (void)state;
    make_chip(0x482, 2048, U5_FACTORY_OPTR | TZEN);
    fk.writes = 0;
    assert_int_equal(chip.part->flash->unlock(&chip), SD_ERR_NOT_SUPPORTED);
    assert_int_equal(fk.writes, 0);                   /* no key written */
    const char *d = sd_session_detail(session);
    assert_non_null(strstr(d, "TZEN=1"));
    assert_non_null(strstr(d, "TZEN=0 --yes"));
    int rdp;
    uint64_t wrp;
    sd_session_clear_error(session);
    assert_int_equal(chip.part->flash->read_protection(&chip, &rdp, &wrp), SD_ERR_NOT_SUPPORTED);
    assert_non_null(strstr(sd_session_detail(session), "TrustZone"));
}

static void wrp_areas_are_protected_sectors(void **state)
{
    (void)state;
    make_chip(0x472, 512, L5_FACTORY_OPTR);
    fk.wrp[0] = (WRP_OFF & ~0x007F007Fu) | (3u << 16) | 2u;   /* bank 1 pages 2..3 */
    int rdp = -1;
    uint64_t wrp = 0;
    assert_int_equal(chip.part->flash->read_protection(&chip, &rdp, &wrp), SD_OK);
    assert_int_equal(rdp, 0);
    assert_int_equal(wrp, 0xCu);
    fk.optr = (L5_FACTORY_OPTR & ~0xFFu) | 0x55u;   /* 0x55 without TZEN is level 1 */
    assert_int_equal(chip.part->flash->read_protection(&chip, &rdp, &wrp), SD_OK);
    assert_int_equal(rdp, 1);
    fk.optr = (L5_FACTORY_OPTR & ~0xFFu) | 0xCCu;
    assert_int_equal(chip.part->flash->read_protection(&chip, &rdp, &wrp), SD_OK);
    assert_int_equal(rdp, 2);
}

static void ob_tables_and_irreversible(void **state)
{
    (void)state;
    static const uint16_t ids[] = { 0x472, 0x482 };
    for (size_t i = 0; i < 2; i++) {
        make_chip(ids[i], ids[i] == 0x472 ? 512 : 2048, L5_FACTORY_OPTR);
        const struct stm32_ob_field *f = stm32_ob_fields(&chip);
        assert_non_null(f);
        uint32_t used[STM32_OB_WORDS] = { 0 };
        for (const struct stm32_ob_field *a = f; a->name; a++) {
            uint32_t mask = stm32_ob_field_max(a) << a->shift;
            assert_int_equal(used[a->word] & mask, 0);
            used[a->word] |= mask;
        }
        assert_int_equal(stm32_ob_find(f, "TZEN")->shift, 31);
        assert_int_equal(stm32_ob_find(f, "nSWBOOT0")->shift, 26);
        assert_int_equal(stm32_ob_find(f, "nBOOT0")->shift, 27);
        assert_int_equal(stm32_ob_find(f, "NSBOOTADD1")->word, 2);
        assert_int_equal(stm32_ob_rdp_field(f)->width, 8);
        const struct stm32_flash_ops *ops = chip.part->flash;
        assert_int_equal(ops->rdp_value[0], 0xAA);
        assert_int_equal(ops->rdp_value[2], 0xCC);
        struct stm32_ob now = { { L5_FACTORY_OPTR, 0x08000000u, 0x0BF90000u, WRP_OFF, WRP_OFF,
                                  WRP_OFF, WRP_OFF } };
        struct stm32_ob want = now;
        assert_null(ops->ob_irreversible(&chip, &now, &want));
        want.word[0] |= TZEN;
        assert_non_null(strstr(ops->ob_irreversible(&chip, &now, &want), "RDP regression"));
        want = now;
        want.word[3] &= ~(1u << 31);                   /* WRP1A_UNLOCK = 0 */
        if (ids[i] == 0x482) {
            assert_non_null(stm32_ob_find(f, "WRP1A_UNLOCK"));
            assert_non_null(ops->ob_irreversible(&chip, &now, &want));
        } else {
            assert_null(stm32_ob_find(f, "WRP1A_UNLOCK"));
            assert_int_equal(stm32_ob_find(f, "DBANK")->shift, 22);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(part_rows),
        cmocka_unit_test(l5_page_map_follows_dbank),
        cmocka_unit_test(u5_largest_part_is_always_dual),
        cmocka_unit_test(tzen_is_refused_by_name),
        cmocka_unit_test(wrp_areas_are_protected_sectors),
        cmocka_unit_test(ob_tables_and_irreversible),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    sd_session_free(session);
    return rc;
}
