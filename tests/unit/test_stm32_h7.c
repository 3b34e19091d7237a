/* The STM32H7 flash driver (src/stm32/flash_h7*.c, rows in parts_h7.c)
 * against a fake link holding the option registers (RM0433, RM0399,
 * RM0455 FLASH registers): part rows, the sector map of both banks (bank 2
 * always at 0x08100000), what sector erase writes to the bank's FLASH_CR
 * (H74x and H7A3 layouts), WPSN as protected sectors, the field tables
 * (single/dual core, one bank, H7A3 groups), what is irreversible, and the
 * option programming sequence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "stm32/option_bytes.h"
#include "stm32/stm32.h"

#define REGS       0x52002000u
#define KEYR(b)    (REGS + 0x04u + 0x100u * (b))
#define OPTKEYR    (REGS + 0x08u)
#define CR(b)      (REGS + 0x0Cu + 0x100u * (b))
#define OPTCR      (REGS + 0x18u)
#define OPTSR_CUR  (REGS + 0x1Cu)
#define OPTSR_PRG  (REGS + 0x20u)
#define OPTCCR     (REGS + 0x24u)
#define WPSN_CUR(b) (REGS + 0x38u + 0x100u * (b))
#define WPSN_PRG(b) (REGS + 0x3Cu + 0x100u * (b))
#define BOOT_CUR   (REGS + 0x40u)
#define BOOT_PRG   (REGS + 0x44u)
#define BOOT4_CUR  (REGS + 0x48u)

#define OPTSR_SINGLE 0x0006AAF0u
#define OPTSR_DUAL   0x0B86AAF0u   /* BCM7 = 1, BCM4 = 0 */
#define BOOT7_FACTORY 0x1FF00800u
#define BOOT4_FACTORY 0x10000810u

#define MAX_WRITES 64
struct fake {
    uint32_t optsr, boot, boot4, wpsn[2], optcr;
    struct { uint32_t addr, val; } w[MAX_WRITES];
    int n;
};
static struct fake fk;

static void put32(uint8_t *b, uint32_t v) { memcpy(b, &v, 4); }

static int fake_read(void *link, unsigned ap, unsigned width, uint32_t addr, uint8_t *buf,
                     size_t len)
{
    (void)link, (void)ap, (void)width;
    if (len != 4)
        return SD_ERR_TARGET_FAULT;
    uint32_t v = 0;                  /* SR: idle, no errors; CR: unlocked */
    switch (addr) {
    case OPTSR_CUR: v = fk.optsr; break;
    case BOOT_CUR: v = fk.boot; break;
    case BOOT4_CUR: v = fk.boot4; break;
    case WPSN_CUR(0): v = fk.wpsn[0]; break;
    case WPSN_CUR(1): v = fk.wpsn[1]; break;
    case OPTCR: v = fk.optcr; break;
    }
    put32(buf, v);
    return SD_OK;
}

static int fake_write(void *link, unsigned ap, unsigned width, uint32_t addr, const uint8_t *buf,
                      size_t len)
{
    (void)link, (void)ap, (void)width;
    uint32_t v = 0;
    memcpy(&v, buf, len < 4 ? len : 4);
    if (fk.n < MAX_WRITES)
        fk.w[fk.n].addr = addr, fk.w[fk.n].val = v, fk.n++;
    if (addr == OPTKEYR && v == 0x4C5D6E7Fu)
        fk.optcr &= ~1u;             /* the second key unlocks */
    return SD_OK;
}

static const struct arm_link_ops link_ops = { .mem_read = fake_read, .mem_write = fake_write };
static struct sd_session *session;
static struct arm_target tgt;
static struct stm32_chip chip;

static void make_chip(uint16_t dev_id, uint32_t kib, bool dual_core)
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
    chip.target_mv = 3300;
    uint32_t wpsn = dev_id == 0x480 ? 0xFFFFFFFFu : 0xFFu;
    fk = (struct fake){ .optsr = dual_core ? OPTSR_DUAL : OPTSR_SINGLE, .boot = BOOT7_FACTORY,
                        .boot4 = dual_core ? BOOT4_FACTORY : 0, .wpsn = { wpsn, wpsn },
                        .optcr = 1u };
    chip.part->flash->map_sectors(&chip);
}

/* Index of the first write to addr at or after `from`, or -1. */
static int find_write(uint32_t addr, int from)
{
    for (int i = from; i < fk.n; i++)
        if (fk.w[i].addr == addr)
            return i;
    return -1;
}

static void part_rows(void **state)
{
    (void)state;
    static const struct { uint16_t id; uint32_t unit, kib, fsize; } rows[] = {
        { 0x450, 32, 2048, 0x1FF1E880u }, { 0x483, 32, 1024, 0x1FF1E880u },
        { 0x480, 16, 2048, 0x08FFF80Cu },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        make_chip(rows[i].id, rows[i].kib, false);
        assert_string_equal(chip.part->family, "H7");
        assert_int_equal(chip.part->flash_regs, REGS);
        assert_int_equal(chip.part->flash_kib_max, rows[i].kib);
        assert_int_equal(chip.part->flash_size_reg, rows[i].fsize);
        assert_int_equal(chip.part->sram_kib, 128);         /* DTCM at 0x20000000 */
        assert_int_equal(chip.part->flash->program_unit(&chip), rows[i].unit);
        assert_non_null(chip.part->flash->loader);
    }
}

static void sector_map_of_both_banks(void **state)
{
    (void)state;
    make_chip(0x450, 2048, false);               /* 2 x 8 x 128 KiB */
    assert_int_equal(chip.n_sectors, 16);
    assert_int_equal(chip.sectors[7].addr, 0x080E0000u);
    assert_int_equal(chip.sectors[8].addr, 0x08100000u);
    assert_int_equal(chip.sectors[8].bank, 1);
    assert_int_equal(chip.sectors[8].id, 0);
    make_chip(0x450, 1024, false);               /* H743xG: 2 x 4, bank 2 still at 1 MiB */
    assert_int_equal(chip.n_sectors, 8);
    assert_int_equal(chip.sectors[4].addr, 0x08100000u);
    assert_int_equal(chip.sectors[4].bank, 1);
    make_chip(0x483, 1024, false);               /* H723: one bank */
    assert_int_equal(chip.n_sectors, 8);
    assert_int_equal(chip.sectors[7].addr, 0x080E0000u);
    assert_int_equal(chip.sectors[7].bank, 0);
    make_chip(0x480, 2048, false);               /* H7A3: 2 x 128 x 8 KiB */
    assert_int_equal(chip.n_sectors, 256);
    assert_int_equal(chip.sectors[0].size, 8192);
    assert_int_equal(chip.sectors[128].addr, 0x08100000u);
    assert_int_equal(chip.sectors[128].id, 0);
    assert_int_equal(chip.sectors[255].id, 127);
}

static void sector_erase_writes_the_banks_cr(void **state)
{
    (void)state;
    make_chip(0x450, 2048, false);
    fk.n = 0;
    assert_int_equal(chip.part->flash->erase_sector(&chip, &chip.sectors[11]), SD_OK);
    /* Bank 2's CR: SER | PSIZE x64 | SNB 3, then with START (bit 7). */
    int i = find_write(CR(1), 0);
    assert_true(i >= 0);
    assert_int_equal(fk.w[i].val, (1u << 2) | (3u << 4) | (3u << 8));
    i = find_write(CR(1), i + 1);
    assert_true(i >= 0);
    assert_int_equal(fk.w[i].val, (1u << 2) | (3u << 4) | (3u << 8) | (1u << 7));
    assert_int_equal(find_write(CR(0), 0), -1);

    make_chip(0x480, 2048, false);
    fk.n = 0;
    assert_int_equal(chip.part->flash->erase_sector(&chip, &chip.sectors[5]), SD_OK);
    /* RM0455: SNB at bit 6, START at bit 5, no PSIZE. */
    i = find_write(CR(0), find_write(CR(0), 0) + 1);
    assert_int_equal(fk.w[i].val, (1u << 2) | (5u << 6) | (1u << 5));
}

static void wpsn_and_rdp(void **state)
{
    (void)state;
    make_chip(0x450, 2048, false);
    fk.optsr = (OPTSR_SINGLE & ~0xFF00u) | 0xBB00u;
    fk.wpsn[0] = 0xFDu;                          /* sector 1 */
    fk.wpsn[1] = 0x7Fu;                          /* bank 2 sector 7 = sector 15 */
    int level = -1;
    uint64_t wrp = 0;
    assert_int_equal(chip.part->flash->read_protection(&chip, &level, &wrp), SD_OK);
    assert_int_equal(level, 1);
    assert_int_equal(wrp, (1ull << 1) | (1ull << 15));
    make_chip(0x480, 2048, false);
    fk.wpsn[0] = 0xFFFFFFFEu;                    /* group 0: sectors 0-3 */
    assert_int_equal(chip.part->flash->read_protection(&chip, &level, &wrp), SD_OK);
    assert_int_equal(level, 0);
    assert_int_equal(wrp, 0xFull);
}

static void field_tables(void **state)
{
    (void)state;
    make_chip(0x450, 2048, true);
    const struct stm32_ob_field *f = stm32_ob_fields(&chip);
    assert_non_null(stm32_ob_find(f, "BCM7"));
    assert_non_null(stm32_ob_find(f, "BOOT_CM4_ADD0"));
    assert_null(stm32_ob_find(f, "BOOT_ADD0"));
    make_chip(0x450, 2048, false);
    f = stm32_ob_fields(&chip);
    assert_null(stm32_ob_find(f, "BCM7"));
    assert_non_null(stm32_ob_find(f, "BOOT_ADD0"));
    assert_non_null(stm32_ob_find(f, "WPSN2"));
    assert_non_null(stm32_ob_find(f, "SWAP_BANK"));
    make_chip(0x483, 1024, false);
    f = stm32_ob_fields(&chip);
    assert_null(stm32_ob_find(f, "WPSN2"));
    assert_null(stm32_ob_find(f, "SWAP_BANK"));
    make_chip(0x480, 2048, false);
    f = stm32_ob_fields(&chip);
    assert_int_equal(stm32_ob_find(f, "WPSN1")->width, 32);
    /* RDP byte in OPTSR [15:8]. */
    const struct stm32_ob_field *rdp = stm32_ob_rdp_field(f);
    assert_non_null(rdp);
    assert_int_equal(rdp->shift, 8);
}

static void irreversible_changes(void **state)
{
    (void)state;
    make_chip(0x450, 2048, true);
    const struct stm32_ob_field *f = stm32_ob_fields(&chip);
    struct stm32_ob now = { { 0 } }, want;
    assert_int_equal(chip.part->flash->ob_read(&chip, &now), SD_OK);
    const char *(*irr)(const struct stm32_chip *, const struct stm32_ob *, const struct stm32_ob *) =
        chip.part->flash->ob_irreversible;
    want = now;
    stm32_ob_set(&want, stm32_ob_find(f, "BOR_LEV"), 2);
    assert_null(irr(&chip, &now, &want));
    want = now;
    stm32_ob_set(&want, stm32_ob_find(f, "SECURITY"), 1);
    assert_non_null(strstr(irr(&chip, &now, &want), "SECURITY"));
    want = now;
    stm32_ob_set(&want, stm32_ob_find(f, "BCM7"), 0);   /* BCM4 is 0 already */
    assert_non_null(strstr(irr(&chip, &now, &want), "BCM4"));
    want = now;
    stm32_ob_set(&want, stm32_ob_find(f, "WPSN1"), 0);
    assert_null(irr(&chip, &now, &want));               /* bank 2 still writable */
    stm32_ob_set(&want, stm32_ob_find(f, "WPSN2"), 0);
    assert_non_null(strstr(irr(&chip, &now, &want), "write-protects every"));
}

static void option_programming_sequence(void **state)
{
    (void)state;
    make_chip(0x450, 2048, false);
    struct stm32_ob ob = { { 0 } };
    assert_int_equal(chip.part->flash->ob_read(&chip, &ob), SD_OK);
    ob.word[0] = (ob.word[0] & ~0xFF00u) | 0xBB00u;
    fk.n = 0;
    assert_int_equal(chip.part->flash->ob_write(&chip, &ob), SD_OK);
    int k1 = find_write(OPTKEYR, 0), prg = find_write(OPTSR_PRG, 0);
    int start = find_write(OPTCR, 0), lock = find_write(OPTCR, start + 1);
    assert_true(k1 >= 0 && prg > k1 && start > prg && lock > start);
    assert_int_equal(fk.w[k1].val, 0x08192A3Bu);
    assert_int_equal(fk.w[k1 + 1].val, 0x4C5D6E7Fu);
    assert_int_equal(fk.w[prg].val, (OPTSR_SINGLE & ~0xFF00u) | 0xBB00u);
    assert_int_equal(fk.w[start].val, 1u << 1);         /* OPTSTART */
    assert_int_equal(fk.w[lock].val, 1u);               /* OPTLOCK again */
    assert_true(find_write(OPTCCR, 0) >= 0 && find_write(OPTCCR, 0) < start);
    assert_true(find_write(BOOT_PRG, 0) >= 0);
    assert_true(find_write(WPSN_PRG(1), 0) >= 0);
    /* A refusal (OPTCHANGEERR) is an error that says why. */
    fk.optsr |= 1u << 30;
    assert_int_not_equal(chip.part->flash->ob_write(&chip, &ob), SD_OK);
    assert_non_null(strstr(sd_session_detail(session), "OPTCHANGEERR"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(part_rows),
        cmocka_unit_test(sector_map_of_both_banks),
        cmocka_unit_test(sector_erase_writes_the_banks_cr),
        cmocka_unit_test(wpsn_and_rdp),
        cmocka_unit_test(field_tables),
        cmocka_unit_test(irreversible_changes),
        cmocka_unit_test(option_programming_sequence),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    sd_session_free(session);
    return rc;
}
