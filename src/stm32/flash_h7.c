/* Flash controller of the STM32H7 (RM0433, RM0399, RM0468, RM0455
 * FLASH chapters; stm32-families.md §2.6): two banks with their own key,
 * control and status registers (bank 2 at +0x100, its flash always at
 * 0x08100000), 256-bit flash words (128-bit on H7A3/B3), sectors of
 * 128 KiB (8 KiB on H7A3/B3).  Sector id = SNB within the bank, sector
 * bank = which register set. */
#include <stdio.h>

#include "common/session_internal.h"
#include "flash_h7.h"

#include "loaders/stm32h7.inc"

#define H7_FLASH_KEY1 0x45670123u /* stm32-families.md §2 key table */
#define H7_FLASH_KEY2 0xCDEF89ABu

#define H7_BANK2_BASE 0x08100000u  /* bank 2, whatever the flash size (§2.6) */

/* FLASH_SR (stm32-families.md §2.6 table) */
#define H7_SR_BSY     (1u << 0)
#define H7_SR_QW      (1u << 2)
#define H7_SR_EOP     (1u << 16)
#define H7_SR_WRPERR  (1u << 17)
#define H7_SR_PGSERR  (1u << 18)
#define H7_SR_STRBERR (1u << 19)
#define H7_SR_INCERR  (1u << 21)
#define H7_SR_OPERR   (1u << 22)
#define H7_SR_RDPERR  (1u << 23)
#define H7_SR_RDSERR  (1u << 24)
#define H7_SR_ERRORS  (H7_SR_WRPERR | H7_SR_PGSERR | H7_SR_STRBERR | H7_SR_INCERR | \
                       H7_SR_OPERR | H7_SR_RDPERR | H7_SR_RDSERR)
#define H7_SR_BUSY    (H7_SR_BSY | H7_SR_QW)

/* FLASH_CR (stm32-families.md §2.6; RM0455 moves FW/START/SNB, has no PSIZE) */
#define H7_CR_LOCK        (1u << 0)
#define H7_CR_PG          (1u << 1)
#define H7_CR_SER         (1u << 2)
#define H7_CR_BER         (1u << 3)
#define H7_CR_PSIZE_SHIFT 4
#define H7_CR_START       (1u << 7)
#define H7_CR_SNB_SHIFT   8
#define H7_CD_CR_START    (1u << 5)
#define H7_CD_CR_SNB_SHIFT 6

/* DS12110: x64 needs VDD >= 1.8 V, x8..x32 work from 1.62 V. */
#define H7_VDD_X64_MIN_MV 1800u
#define H7_PSIZE_X32 2u
#define H7_PSIZE_X64 3u

/* openocd stm32h7x.c: write 5 ms, sector erase 10 s, mass erase 30 s. */
#define H7_PROGRAM_TIMEOUT_MS 5u
#define H7_ERASE_TIMEOUT_MS 10000u
#define H7_MASS_ERASE_TIMEOUT_MS 30000u

/* BOOT4_CUR of the dual-core parts is never 0 in practice (factory
 * 0x10000810); the single-core parts have no register there (reads 0).
 * DEV_ID 0x450 is the only die with a dual-core variant (§1.2). */
#define H7_DUAL_CORE_BOOT4_ABSENT 0u
#define H7_DEV_ID_H74X 0x450u

const struct h7_row *h7_row_of(const struct stm32_chip *c)
{
    return (const struct h7_row *)c->part->flash_data;
}

bool h7_dual_core(const struct stm32_chip *c)
{
    uint32_t boot4 = 0;
    if (c->part->dev_id != H7_DEV_ID_H74X)
        return false;
    return arm_read32(c->t, c->part->flash_regs + H7_FLASH_BOOT4_CUR, &boot4) == SD_OK &&
           boot4 != H7_DUAL_CORE_BOOT4_ABSENT;
}

static uint32_t bank_reg(const struct stm32_chip *c, unsigned bank, uint32_t off)
{
    return c->part->flash_regs + off + (bank ? H7_BANK2_REGS : 0u);
}

static uint32_t psize_bits(const struct stm32_chip *c)
{
    if (h7_row_of(c)->cd_layout)
        return 0;
    bool x64 = c->target_mv == 0 || c->target_mv >= H7_VDD_X64_MIN_MV;
    return (x64 ? H7_PSIZE_X64 : H7_PSIZE_X32) << H7_CR_PSIZE_SHIFT;
}

static uint32_t start_bit(const struct stm32_chip *c)
{
    return h7_row_of(c)->cd_layout ? H7_CD_CR_START : H7_CR_START;
}

static uint32_t snb_bits(const struct stm32_chip *c, unsigned snb)
{
    return (uint32_t)snb << (h7_row_of(c)->cd_layout ? H7_CD_CR_SNB_SHIFT : H7_CR_SNB_SHIFT);
}

static void describe_sr(uint32_t sr, char *buf, size_t len)
{
    static const struct stm32_bit_name bits[] = {
        { H7_SR_WRPERR, "WRPERR (sector is write-protected)" },
        { H7_SR_PGSERR, "PGSERR (programming sequence)" },
        { H7_SR_STRBERR, "STRBERR (same byte written twice in a flash word)" },
        { H7_SR_INCERR, "INCERR (flash word written inconsistently)" },
        { H7_SR_OPERR, "OPERR (operation error)" },
        { H7_SR_RDPERR, "RDPERR (read of a PCROP area)" },
        { H7_SR_RDSERR, "RDSERR (read of a secure area)" },
    };
    stm32_describe_bits(sr, bits, sizeof bits / sizeof bits[0], buf, len);
}

static int check_sr(struct stm32_chip *c, unsigned bank, uint32_t sr, const char *what)
{
    if (!(sr & H7_SR_ERRORS))
        return SD_OK;
    char text[256];
    describe_sr(sr, text, sizeof text);
    arm_write32(c->t, bank_reg(c, bank, H7_FLASH_CCR), sr & H7_SR_ERRORS);
    int err = (sr & H7_SR_WRPERR) ? SD_ERR_WRITE_PROTECTED : SD_ERR_FLASH;
    return sd_fail(c->t->session, err, SD_LOG_FLASH, "%s: FLASH_SR%u 0x%08x: %s", what, bank + 1,
                   sr, text);
}

static int unlock_bank(struct stm32_chip *c, unsigned bank)
{
    uint32_t cr;
    int rc = arm_read32(c->t, bank_reg(c, bank, H7_FLASH_CR), &cr);
    if (!rc && (cr & H7_CR_LOCK)) {
        rc = arm_write32(c->t, bank_reg(c, bank, H7_FLASH_KEYR), H7_FLASH_KEY1);
        if (!rc)
            rc = arm_write32(c->t, bank_reg(c, bank, H7_FLASH_KEYR), H7_FLASH_KEY2);
        if (!rc)
            rc = arm_read32(c->t, bank_reg(c, bank, H7_FLASH_CR), &cr);
        if (!rc && (cr & H7_CR_LOCK))
            return sd_fail(c->t->session, SD_ERR_FLASH, SD_LOG_FLASH,
                           "flash bank %u stayed locked after the key sequence (FLASH_CR%u "
                           "0x%08x); a wrong key locks it until the next reset",
                           bank + 1, bank + 1, cr);
    }
    if (rc)
        return rc;
    /* Stale flags from earlier work would be taken for ours. */
    return arm_write32(c->t, bank_reg(c, bank, H7_FLASH_CCR), H7_SR_ERRORS | H7_SR_EOP);
}

static int h7_unlock(struct stm32_chip *c)
{
    int rc = SD_OK;
    for (unsigned b = 0; !rc && b < h7_row_of(c)->banks; b++)
        rc = unlock_bank(c, b);
    return rc;
}

static int h7_lock(struct stm32_chip *c)
{
    int rc = SD_OK;
    for (unsigned b = 0; !rc && b < h7_row_of(c)->banks; b++)
        rc = arm_write32(c->t, bank_reg(c, b, H7_FLASH_CR), H7_CR_LOCK);
    return rc;
}

static unsigned h7_erase_time_ms(const struct stm32_chip *c, const struct stm32_sector *s)
{
    (void)s;
    unsigned ms = h7_row_of(c)->sector_erase_ms;
    /* DS12110: x32 takes 1.1 s where x64 takes 1 s. */
    return psize_bits(c) == (H7_PSIZE_X32 << H7_CR_PSIZE_SHIFT) ? ms * 11 / 10 : ms;
}

/* Write CR without and then with START (openocd does the same). */
static int start_op(struct stm32_chip *c, unsigned bank, uint32_t cr)
{
    int rc = arm_write32(c->t, bank_reg(c, bank, H7_FLASH_CR), cr);
    if (!rc)
        rc = arm_write32(c->t, bank_reg(c, bank, H7_FLASH_CR), cr | start_bit(c));
    return rc;
}

static int finish_op(struct stm32_chip *c, unsigned bank, unsigned expect_ms, unsigned timeout_ms,
                     const char *what)
{
    uint32_t sr = 0;
    int rc = stm32_wait_idle(c, bank_reg(c, bank, H7_FLASH_SR), H7_SR_BUSY, expect_ms, timeout_ms,
                             &sr);
    if (!rc)
        rc = check_sr(c, bank, sr, what);
    arm_write32(c->t, bank_reg(c, bank, H7_FLASH_CR), 0);
    return rc;
}

static int h7_erase_sector(struct stm32_chip *c, const struct stm32_sector *s)
{
    char what[64];
    snprintf(what, sizeof what, "erasing sector %u of bank %u at 0x%08x", s->id, s->bank + 1u,
             s->addr);
    int rc = start_op(c, s->bank, H7_CR_SER | psize_bits(c) | snb_bits(c, s->id));
    if (!rc)
        rc = finish_op(c, s->bank, h7_erase_time_ms(c, s), H7_ERASE_TIMEOUT_MS, what);
    return rc;
}

/* Both banks erase at the same time: start each, then wait for each. */
static int h7_mass_erase(struct stm32_chip *c)
{
    unsigned banks = h7_row_of(c)->banks;
    int rc = SD_OK;
    for (unsigned b = 0; !rc && b < banks; b++)
        rc = start_op(c, b, H7_CR_BER | psize_bits(c));
    for (unsigned b = 0; !rc && b < banks; b++) {
        char what[32];
        snprintf(what, sizeof what, "erasing bank %u", b + 1);
        rc = finish_op(c, b, b ? 0 : h7_row_of(c)->bank_erase_ms, H7_MASS_ERASE_TIMEOUT_MS,
                       what);
    }
    return rc;
}

static unsigned bank_of_addr(const struct stm32_chip *c, uint32_t addr)
{
    return h7_row_of(c)->banks > 1 && addr >= H7_BANK2_BASE ? 1u : 0u;
}

/* Without a loader: PG set, each flash word written through the debug
 * port as 32-bit stores, QW polled. */
static int h7_program_direct(struct stm32_chip *c, uint32_t addr, const uint8_t *data, size_t len)
{
    uint32_t unit = h7_row_of(c)->word_bytes;
    int rc = SD_OK;
    for (unsigned b = 0; !rc && b < h7_row_of(c)->banks; b++)
        rc = arm_write32(c->t, bank_reg(c, b, H7_FLASH_CR), H7_CR_PG | psize_bits(c));
    for (size_t off = 0; !rc && off < len; off += unit) {
        uint32_t at = addr + (uint32_t)off;
        unsigned bank = bank_of_addr(c, at);
        rc = c->t->ops->mem_write(c->t->link, c->t->ap, 4, at, data + off, unit);
        uint32_t sr = 0;
        if (!rc)
            rc = stm32_wait_idle(c, bank_reg(c, bank, H7_FLASH_SR), H7_SR_BUSY, 0,
                                 H7_PROGRAM_TIMEOUT_MS, &sr);
        if (!rc) {
            char what[64];
            snprintf(what, sizeof what, "programming at 0x%08x", at);
            rc = check_sr(c, bank, sr, what);
        }
    }
    for (unsigned b = 0; b < h7_row_of(c)->banks; b++)
        arm_write32(c->t, bank_reg(c, b, H7_FLASH_CR), 0);
    return rc;
}

static uint32_t h7_program_unit(const struct stm32_chip *c)
{
    return h7_row_of(c)->word_bytes;
}

/* ---- Geometry and protection ---- */

static void h7_map_sectors(struct stm32_chip *c)
{
    const struct h7_row *r = h7_row_of(c);
    uint32_t size = r->sector_kib * 1024u;
    uint32_t per_bank_kib = r->banks > 1 ? c->flash_kib / 2 : c->flash_kib;
    unsigned per_bank = per_bank_kib / r->sector_kib, n = 0;
    for (unsigned b = 0; b < r->banks; b++) {
        uint32_t base = b ? H7_BANK2_BASE : c->part->flash_base;
        for (unsigned i = 0; i < per_bank && n < STM32_MAX_SECTORS; i++, n++)
            c->sectors[n] = (struct stm32_sector){ .addr = base + i * size, .size = size,
                                                   .id = (uint16_t)i, .bank = (uint8_t)b };
    }
    c->n_sectors = n;
}

static int h7_read_protection(struct stm32_chip *c, int *rdp_level, uint64_t *wrp_protected)
{
    struct stm32_ob ob = { { 0 } };
    int rc = h7_ob_read(c, &ob);
    if (rc)
        return rc;
    uint8_t rdp = (uint8_t)(ob.word[H7_OB_OPTSR] >> 8);
    *rdp_level = rdp == 0xAA ? 0 : rdp == 0xCC ? 2 : 1;
    /* WPSN: 1 = not protected, one bit per sector (per 4 on H7A3/B3). */
    *wrp_protected = 0;
    for (unsigned i = 0; i < c->n_sectors && i < 64; i++) {
        const struct stm32_sector *s = &c->sectors[i];
        uint32_t w = ob.word[s->bank ? H7_OB_WPSN2 : H7_OB_WPSN1];
        if (!(w & (1u << (s->id / h7_row_of(c)->sectors_per_wpsn_bit))))
            *wrp_protected |= 1ull << i;
    }
    return SD_OK;
}

const struct stm32_flash_ops stm32_flash_h7 = {
    .name = "STM32H7 (RM0433, RM0399, RM0468, RM0455)",
    .map_sectors = h7_map_sectors,
    .unlock = h7_unlock,
    .lock = h7_lock,
    .erase_sector = h7_erase_sector,
    .mass_erase = h7_mass_erase,
    .program_direct = h7_program_direct,
    .loader = loader_stm32h7,
    .loader_size = sizeof loader_stm32h7,
    .program_unit = h7_program_unit,
    .erase_time_ms = h7_erase_time_ms,
    .mass_erase_time_ms = 5000,
    .read_protection = h7_read_protection,
    .ob_read = h7_ob_read,
    .ob_write = h7_ob_write,
    .rdp_value = H7_RDP_VALUES,
    .ob_irreversible = h7_ob_irreversible,
    .ob_fields_for = h7_ob_fields_for,
};
