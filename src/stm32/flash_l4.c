/* Flash controller of the "L4 class": STM32L4, L4+, G0, G4, WB, WL, C0
 * (RM0351 §3, RM0432 §3, RM0444 §3, RM0440 §3, RM0434 §3, RM0453 §3,
 * RM0490 §3; stm32-families.md §2.4).  One driver, the differences in the
 * part's row (struct l4_row, flash_l4.h): page size, bank arrangement,
 * BKER position, which option registers exist.  Pages are numbered per
 * bank (sector id = PNB, sector bank = BKER). */
#include <stdio.h>

#include "common/session_internal.h"
#include "flash_l4.h"

#include "loaders/stm32l4.inc"

#define L4_FLASH_KEY1 0x45670123u /* RM0351 §3.3.5 */
#define L4_FLASH_KEY2 0xCDEF89ABu

/* FLASH_SR (RM0351 §3.7.4) */
#define L4_SR_EOP     (1u << 0)
#define L4_SR_OPERR   (1u << 1)
#define L4_SR_PROGERR (1u << 3)
#define L4_SR_WRPERR  (1u << 4)
#define L4_SR_PGAERR  (1u << 5)
#define L4_SR_SIZERR  (1u << 6)
#define L4_SR_PGSERR  (1u << 7)
#define L4_SR_MISERR  (1u << 8)
#define L4_SR_FASTERR (1u << 9)
#define L4_SR_RDERR   (1u << 14)
#define L4_SR_OPTVERR (1u << 15)
#define L4_SR_ERRORS  (L4_SR_OPERR | L4_SR_PROGERR | L4_SR_WRPERR | L4_SR_PGAERR | L4_SR_SIZERR | \
                       L4_SR_PGSERR | L4_SR_MISERR | L4_SR_FASTERR | L4_SR_RDERR)

/* FLASH_CR (RM0351 §3.7.5) */
#define L4_CR_PG        (1u << 0)
#define L4_CR_PER       (1u << 1)
#define L4_CR_MER1      (1u << 2)
#define L4_CR_PNB_SHIFT 3
#define L4_CR_MER2      (1u << 15)
#define L4_CR_STRT      (1u << 16)
#define L4_CR_LOCK      (1u << 31)

#define L4_PROGRAM_UNIT 8u        /* 64-bit double word + 8 ECC bits */

/* openocd stm32l4x.c: "Erase time can be as high as 25 ms, 10x this and
 * assume it's toast"; a write 50 ms. */
#define L4_ERASE_TIMEOUT_MS 250u
#define L4_WRITE_TIMEOUT_MS 50u

const uint8_t l4_ob_offset[L4_OB_WORDS] = {
    [L4_OB_OPTR] = 0x20, [L4_OB_PCROP1SR] = 0x24, [L4_OB_PCROP1ER] = 0x28,
    [L4_OB_WRP1AR] = 0x2C, [L4_OB_WRP1BR] = 0x30, [L4_OB_PCROP1BSR] = 0x34,
    [L4_OB_PCROP1BER] = 0x38, [L4_OB_PCROP2SR] = 0x44, [L4_OB_PCROP2ER] = 0x48,
    [L4_OB_WRP2AR] = 0x4C, [L4_OB_WRP2BR] = 0x50,
};

static uint32_t reg(const struct stm32_chip *c, uint32_t off)
{
    return c->part->flash_regs + off;
}

const struct l4_row *l4_row_of(const struct stm32_chip *c)
{
    return c->part->flash_data;
}

/* ---- Geometry (openocd stm32l4x.c stm32l4_probe) ---- */

void l4_geometry(const struct stm32_chip *c, uint32_t optr, struct l4_geom *g)
{
    const struct l4_row *r = l4_row_of(c);
    bool at_max = c->flash_kib == c->part->flash_kib_max;
    *g = (struct l4_geom){ .page_size = r->page_size };
    switch (r->banks) {
    case L4_SINGLE:
        break;
    case L4_DUAL_AT_MAX_OR_BIT:
        g->dual = at_max || (optr & r->dual_bit);
        break;
    case L4_DUAL_BIT_HALF_PAGES:
        /* L4R/L4S: DBANK at 2 MiB, DB1M on the 1 MiB parts. */
        g->dual = (optr & (at_max || !r->dual_bit_half ? r->dual_bit : r->dual_bit_half)) != 0;
        if (g->dual)
            g->page_size /= 2u;
        break;
    case L4_DUAL_BIT:
        g->dual = (optr & r->dual_bit) != 0;
        break;
    }
    uint32_t size = c->flash_kib * 1024u;
    g->bank_size = g->dual ? size / 2u : size;
    g->bank2_off = !g->dual ? 0 : r->bank2_fixed_off ? r->bank2_fixed_off : size / 2u;
    g->pages_per_bank = g->bank_size / g->page_size;
    /* WRP page fields: as wide as the largest part's bank needs (openocd
     * wrpxxr_mask). */
    uint32_t max_pages = c->part->flash_kib_max * 1024u / g->page_size;
    g->wrp_mask = (max_pages >> (g->dual ? 1 : 0)) - 1u;
}

static void l4_map_sectors(struct stm32_chip *c)
{
    uint32_t optr = 0;
    if (arm_read32(c->t, reg(c, L4_FLASH_OPTR), &optr))
        sd_session_clear_error(c->t->session); /* single-bank layout then */
    struct l4_geom g;
    l4_geometry(c, optr, &g);
    unsigned n = 0;
    for (unsigned bank = 0; bank < (g.dual ? 2u : 1u); bank++) {
        uint32_t base = c->part->flash_base + (bank ? g.bank2_off : 0);
        for (uint32_t p = 0; p < g.pages_per_bank && n < STM32_MAX_SECTORS; p++, n++)
            c->sectors[n] = (struct stm32_sector){ .addr = base + p * g.page_size,
                                                   .size = g.page_size, .id = (uint16_t)p,
                                                   .bank = (uint8_t)bank };
    }
    c->n_sectors = n;
}

/* ---- Status ---- */

static void describe_sr(uint32_t sr, char *buf, size_t len)
{
    static const struct stm32_bit_name bits[] = {
        { L4_SR_WRPERR, "WRPERR (page is write-protected, or RDP level 1)" },
        { L4_SR_PROGERR, "PROGERR (double word not erased: ECC allows one write)" },
        { L4_SR_PGAERR, "PGAERR (programming alignment)" },
        { L4_SR_SIZERR, "SIZERR (not a 32-bit access)" },
        { L4_SR_PGSERR, "PGSERR (programming sequence)" },
        { L4_SR_MISERR, "MISERR (fast programming data miss)" },
        { L4_SR_FASTERR, "FASTERR (fast programming)" },
        { L4_SR_OPERR, "OPERR (operation error)" },
        { L4_SR_RDERR, "RDERR (read of a PCROP area)" },
    };
    stm32_describe_bits(sr, bits, sizeof bits / sizeof bits[0], buf, len);
}

static int check_sr(struct stm32_chip *c, uint32_t sr, const char *what)
{
    if (!(sr & L4_SR_ERRORS))
        return SD_OK;
    char text[320];
    describe_sr(sr, text, sizeof text);
    arm_write32(c->t, reg(c, L4_FLASH_SR), sr & L4_SR_ERRORS);
    int err = (sr & L4_SR_WRPERR) ? SD_ERR_WRITE_PROTECTED : SD_ERR_FLASH;
    return sd_fail(c->t->session, err, SD_LOG_FLASH, "%s: FLASH_SR 0x%08x: %s", what, sr, text);
}

/* ---- Lock ---- */

static int l4_unlock(struct stm32_chip *c)
{
    uint32_t cr;
    int rc = arm_read32(c->t, reg(c, L4_FLASH_CR), &cr);
    /* Keys only while locked: a key written to an unlocked controller is
     * a wrong sequence and locks it until reset (openocd does the same). */
    if (!rc && (cr & L4_CR_LOCK)) {
        rc = arm_write32(c->t, reg(c, L4_FLASH_KEYR), L4_FLASH_KEY1);
        if (!rc)
            rc = arm_write32(c->t, reg(c, L4_FLASH_KEYR), L4_FLASH_KEY2);
        if (!rc)
            rc = arm_read32(c->t, reg(c, L4_FLASH_CR), &cr);
        if (!rc && (cr & L4_CR_LOCK))
            return sd_fail(c->t->session, SD_ERR_FLASH, SD_LOG_FLASH,
                           "flash controller stayed locked after the key sequence (FLASH_CR "
                           "0x%08x); a wrong key locks it until the next reset", cr);
    }
    if (rc)
        return rc;
    /* Stale error flags (and OPTVERR from the last option load) would be
     * taken for ours. */
    return arm_write32(c->t, reg(c, L4_FLASH_SR), L4_SR_ERRORS | L4_SR_EOP | L4_SR_OPTVERR);
}

static int l4_lock(struct stm32_chip *c)
{
    return arm_write32(c->t, reg(c, L4_FLASH_CR), L4_CR_LOCK);
}

/* ---- Erase (RM0351 §3.3.6) ---- */

static unsigned l4_erase_time_ms(const struct stm32_chip *c, const struct stm32_sector *s)
{
    (void)s;
    return l4_row_of(c)->page_erase_ms;
}

static int run_and_wait(struct stm32_chip *c, uint32_t cr, unsigned expect_ms, const char *what)
{
    /* PER/MER, PNB, BKER and STRT in one store, as openocd does. */
    int rc = arm_write32(c->t, reg(c, L4_FLASH_CR), cr | L4_CR_STRT);
    uint32_t sr = 0;
    if (!rc)
        rc = stm32_wait_idle(c, reg(c, L4_FLASH_SR), l4_row_of(c)->busy_mask, expect_ms,
                             L4_ERASE_TIMEOUT_MS, &sr);
    if (!rc)
        rc = check_sr(c, sr, what);
    arm_write32(c->t, reg(c, L4_FLASH_CR), 0);
    return rc;
}

static int l4_erase_sector(struct stm32_chip *c, const struct stm32_sector *s)
{
    char what[80];
    snprintf(what, sizeof what, "erasing page %u of bank %u at 0x%08x", s->id, s->bank + 1u,
             s->addr);
    uint32_t cr = L4_CR_PER | ((uint32_t)s->id << L4_CR_PNB_SHIFT) | (s->bank ? l4_row_of(c)->bker : 0);
    return run_and_wait(c, cr, l4_erase_time_ms(c, s), what);
}

static int l4_mass_erase(struct stm32_chip *c)
{
    bool two = c->n_sectors && c->sectors[c->n_sectors - 1].bank == 1;
    uint32_t cr = L4_CR_MER1 | (two ? L4_CR_MER2 : 0);
    return run_and_wait(c, cr, l4_row_of(c)->mass_erase_ms, "mass erase");
}

/* ---- Program ---- */

static uint32_t l4_program_unit(const struct stm32_chip *c)
{
    (void)c;
    return L4_PROGRAM_UNIT;
}

/* Without a loader: PG set, each double word written through the debug
 * port as two 32-bit stores, BSY polled. */
static int l4_program_direct(struct stm32_chip *c, uint32_t addr, const uint8_t *data, size_t len)
{
    int rc = arm_write32(c->t, reg(c, L4_FLASH_CR), L4_CR_PG);
    for (size_t off = 0; !rc && off < len; off += L4_PROGRAM_UNIT) {
        rc = c->t->ops->mem_write(c->t->link, c->t->ap, 4, addr + (uint32_t)off, data + off,
                                  L4_PROGRAM_UNIT);
        uint32_t sr = 0;
        if (!rc)
            rc = stm32_wait_idle(c, reg(c, L4_FLASH_SR), l4_row_of(c)->busy_mask, 0,
                                 L4_WRITE_TIMEOUT_MS, &sr);
        if (!rc) {
            char what[64];
            snprintf(what, sizeof what, "programming at 0x%08x", addr + (uint32_t)off);
            rc = check_sr(c, sr, what);
        }
    }
    arm_write32(c->t, reg(c, L4_FLASH_CR), 0);
    return rc;
}

/* ---- Protection ---- */

static int l4_read_protection(struct stm32_chip *c, int *rdp_level, uint64_t *wrp_protected)
{
    struct stm32_ob ob = { { 0 } };
    int rc = l4_ob_read(c, &ob);
    if (rc)
        return rc;
    uint8_t rdp = (uint8_t)ob.word[L4_OB_OPTR];
    /* stm32-families.md §4.1: 0xAA level 0, 0xCC level 2, else level 1. */
    *rdp_level = rdp == 0xAA ? 0 : rdp == 0xCC ? 2 : 1;
    /* One bit per sector, for the first 64 pages (the bitmap's width). */
    *wrp_protected = 0;
    for (unsigned i = 0; i < c->n_sectors && i < 64; i++)
        if (l4_page_protected(c, &ob, c->sectors[i].addr))
            *wrp_protected |= 1ull << i;
    return SD_OK;
}

const struct stm32_flash_ops stm32_flash_l4 = {
    .name = "STM32 L4-class (L4, L4+, G0, G4, WB, WL, C0)",
    .map_sectors = l4_map_sectors,
    .unlock = l4_unlock,
    .lock = l4_lock,
    .erase_sector = l4_erase_sector,
    .mass_erase = l4_mass_erase,
    .program_direct = l4_program_direct,
    .loader = loader_stm32l4,
    .loader_size = sizeof loader_stm32l4,
    .program_unit = l4_program_unit,
    .erase_time_ms = l4_erase_time_ms,
    .mass_erase_time_ms = 23,
    .read_protection = l4_read_protection,
    .ob_read = l4_ob_read,
    .ob_write = l4_ob_write,
    .rdp_value = L4_RDP_VALUES,
    .ob_irreversible = l4_ob_irreversible,
    .ob_fields_for = l4_ob_fields_for,
};
