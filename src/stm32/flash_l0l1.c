/* Flash controller of the STM32L0/L1 (RM0367 §3, RM0038 §3;
 * stm32-families.md §2.3): PECR unlocked with PEKEYR then PRGKEYR, pages
 * of 128 B (L0) or 256 B (L1) erased by writing a word with PECR.ERASE +
 * PROG, words or half-pages programmed by the RAM loader, erased flash
 * reading 0x00.  There is no mass-erase bit; erasing everything is done
 * page by page (the RDP 1 -> 0 regression would also erase the data
 * EEPROM).  One driver; what differs per DEV_ID is row data
 * (struct l0l1_row, parts_l0l1.c). */
#include <stdio.h>

#include "common/session_internal.h"
#include "flash_l0l1.h"
#include "option_bytes.h"
#include "stm32.h"

#include "loaders/stm32l0l1.inc"

/* Unlock keys (stm32-families.md §2; RM0367 §3.3.1). */
#define PEKEY1  0x89ABCDEFu
#define PEKEY2  0x02030405u
#define PRGKEY1 0x8C9DAEBFu
#define PRGKEY2 0x13141516u
#define OPTKEY1 0xFBEAD9C8u
#define OPTKEY2 0x24252627u

/* openocd stm32lx.c waits up to 100 ms for any one operation. */
#define L0L1_OP_TIMEOUT_MS 100u
/* Sectors are pages; the 4 KiB write-protection sector groups them. */
#define L0L1_WRP_SECTOR_KIB 4u
#define L0L1_WRP_PER_REG 32u
#define L0L1_PROGRAM_UNIT 4u
/* Registers of the size quirks (stm32-families.md §1.2; openocd
 * stm32lx_probe): 0x436 reads 0 for 384 KiB and 1 for 256 KiB. */
#define FSIZE_CODE_384 0u
#define FSIZE_CODE_256 1u
#define FSIZE_LOW_BYTE_MASK 0xFFu

const struct l0l1_row *l0l1_row_of(const struct stm32_chip *c)
{
    return c->part->flash_data;
}

uint32_t l0l1_reg(const struct stm32_chip *c, uint32_t off)
{
    return c->part->flash_regs + off;
}

/* Whole milliseconds of one program cycle, rounded down: the wait sleeps
 * 90% of it and the first status read (a USB round trip later) then
 * usually finds the cycle over. */
static unsigned tprog_ms(const struct stm32_chip *c)
{
    unsigned ms = l0l1_row_of(c)->tprog_us / 1000u;
    return ms ? ms : 1u;
}

unsigned l0l1_wrpr_count(const struct stm32_chip *c)
{
    unsigned sectors = c->flash_kib / L0L1_WRP_SECTOR_KIB;
    unsigned n = (sectors + L0L1_WRP_PER_REG - 1u) / L0L1_WRP_PER_REG;
    unsigned max = l0l1_row_of(c)->wrpr_regs;
    return n < 1 ? 1 : n > max ? max : n;
}

/* ---- Status ---- */

static void describe_sr(uint32_t sr, char *buf, size_t len)
{
    static const struct stm32_bit_name bits[] = {
        { L0L1_SR_WRPERR, "WRPERR (page is write-protected, or the access is not allowed)" },
        { L0L1_SR_PGAERR, "PGAERR (write outside the half-page being programmed)" },
        { L0L1_SR_SIZERR, "SIZERR (program memory takes 32-bit words only)" },
        { L0L1_SR_NOTZEROERR, "NOTZEROERR (the word was not erased)" },
        { L0L1_SR_RDERR, "RDERR (read of a PCROP sector)" },
        { L0L1_SR_FWWERR, "FWWERR (flash fetch during a half-page write)" },
    };
    stm32_describe_bits(sr, bits, sizeof bits / sizeof bits[0], buf, len);
}

int l0l1_wait(struct stm32_chip *c, unsigned expect_ms, unsigned timeout_ms, const char *what)
{
    uint32_t sr = 0;
    int rc = stm32_wait_idle(c, l0l1_reg(c, L0L1_FLASH_SR), L0L1_SR_BSY, expect_ms, timeout_ms,
                             &sr);
    if (rc || !(sr & L0L1_SR_ERRORS))
        return rc;
    char text[320];
    describe_sr(sr, text, sizeof text);
    arm_write32(c->t, l0l1_reg(c, L0L1_FLASH_SR), sr & L0L1_SR_ERRORS);
    int err = (sr & L0L1_SR_WRPERR) ? SD_ERR_WRITE_PROTECTED : SD_ERR_FLASH;
    return sd_fail(c->t->session, err, SD_LOG_FLASH, "%s: FLASH_SR 0x%08x: %s", what, sr, text);
}

/* ---- Unlock / lock (RM0367 §3.3.1) ---- */

static int write_keys(struct stm32_chip *c, uint32_t off, uint32_t k1, uint32_t k2)
{
    int rc = arm_write32(c->t, l0l1_reg(c, off), k1);
    return rc ? rc : arm_write32(c->t, l0l1_reg(c, off), k2);
}

int l0l1_unlock_keys(struct stm32_chip *c, bool options)
{
    uint32_t lock_bit = options ? L0L1_PECR_OPTLOCK : L0L1_PECR_PRGLOCK;
    uint32_t pecr;
    int rc = arm_read32(c->t, l0l1_reg(c, L0L1_FLASH_PECR), &pecr);
    if (rc)
        return rc;
    /* Keys for an unlocked bit are a wrong sequence (bus error, locked
     * until reset): only write the ones needed (openocd does the same). */
    if (!rc && (pecr & L0L1_PECR_PELOCK))
        rc = write_keys(c, L0L1_FLASH_PEKEYR, PEKEY1, PEKEY2);
    if (!rc && (pecr & lock_bit))
        rc = options ? write_keys(c, L0L1_FLASH_OPTKEYR, OPTKEY1, OPTKEY2)
                     : write_keys(c, L0L1_FLASH_PRGKEYR, PRGKEY1, PRGKEY2);
    if (!rc)
        rc = arm_read32(c->t, l0l1_reg(c, L0L1_FLASH_PECR), &pecr);
    if (rc)
        return sd_fail(c->t->session, rc, SD_LOG_FLASH,
                       "unlocking the flash controller (a wrong key locks it until the next reset)");
    if (pecr & (L0L1_PECR_PELOCK | lock_bit))
        return sd_fail(c->t->session, SD_ERR_FLASH, SD_LOG_FLASH,
                       "flash controller stayed locked after the key sequence (FLASH_PECR 0x%08x); "
                       "a wrong key locks it until the next reset", pecr);
    /* Clear stale flags from earlier work (w1c). */
    return arm_write32(c->t, l0l1_reg(c, L0L1_FLASH_SR), L0L1_SR_W1C);
}

static int l0l1_unlock(struct stm32_chip *c)
{
    return l0l1_unlock_keys(c, false);
}

static int l0l1_lock(struct stm32_chip *c)
{
    /* PRGLOCK (and OPTLOCK) first, then PELOCK, as openocd does. */
    int rc = arm_write32(c->t, l0l1_reg(c, L0L1_FLASH_PECR),
                         L0L1_PECR_PRGLOCK | L0L1_PECR_OPTLOCK);
    int rc2 = arm_write32(c->t, l0l1_reg(c, L0L1_FLASH_PECR),
                          L0L1_PECR_PELOCK | L0L1_PECR_PRGLOCK | L0L1_PECR_OPTLOCK);
    return rc ? rc : rc2;
}

/* ---- Erase (RM0367 §3.3.5: ERASE + PROG, then a word to the page) ---- */

static int l0l1_erase_sector(struct stm32_chip *c, const struct stm32_sector *s)
{
    int rc = arm_write32(c->t, l0l1_reg(c, L0L1_FLASH_PECR), L0L1_PECR_ERASE | L0L1_PECR_PROG);
    if (!rc)
        rc = arm_write32(c->t, s->addr, 0);
    if (rc)
        return sd_fail(c->t->session, rc, SD_LOG_FLASH, "erasing page %u at 0x%08x", s->id,
                       s->addr);
    char what[64];
    snprintf(what, sizeof what, "erasing page %u at 0x%08x", s->id, s->addr);
    return l0l1_wait(c, tprog_ms(c), L0L1_OP_TIMEOUT_MS, what);
}

static int l0l1_mass_erase(struct stm32_chip *c)
{
    sd_log(c->t->session, SD_LOG_INFO, SD_LOG_FLASH,
           "no mass-erase command on this family: erasing %u pages one by one", c->n_sectors);
    int rc = SD_OK;
    for (unsigned i = 0; !rc && i < c->n_sectors; i++)
        rc = l0l1_erase_sector(c, &c->sectors[i]);
    arm_write32(c->t, l0l1_reg(c, L0L1_FLASH_PECR), 0);
    return rc;
}

static unsigned l0l1_erase_time_ms(const struct stm32_chip *c, const struct stm32_sector *s)
{
    (void)s;
    return tprog_ms(c);
}

/* Without a loader: one word per debug write (word programming). */
static int l0l1_program_direct(struct stm32_chip *c, uint32_t addr, const uint8_t *data,
                               size_t len)
{
    int rc = arm_write32(c->t, l0l1_reg(c, L0L1_FLASH_PECR), 0);
    for (size_t off = 0; !rc && off < len; off += L0L1_PROGRAM_UNIT) {
        uint32_t w = 0;
        for (unsigned b = 0; b < L0L1_PROGRAM_UNIT && off + b < len; b++)
            w |= (uint32_t)data[off + b] << (8u * b);
        rc = arm_write32(c->t, addr + (uint32_t)off, w);
        if (!rc) {
            char what[64];
            snprintf(what, sizeof what, "programming at 0x%08x", addr + (uint32_t)off);
            rc = l0l1_wait(c, tprog_ms(c), L0L1_OP_TIMEOUT_MS, what);
        }
    }
    return rc;
}

static uint32_t l0l1_program_unit(const struct stm32_chip *c)
{
    (void)c;
    return L0L1_PROGRAM_UNIT;   /* the loader groups words into half-pages */
}

static int l0l1_read_protection(struct stm32_chip *c, int *rdp_level, uint64_t *wrp_protected)
{
    uint32_t obr, wrp1 = 0, wrp2 = 0;
    int rc = arm_read32(c->t, l0l1_reg(c, L0L1_FLASH_OBR), &obr);
    if (!rc)
        rc = arm_read32(c->t, l0l1_reg(c, L0L1_FLASH_WRPR1), &wrp1);
    if (!rc && l0l1_wrpr_count(c) > 1)
        rc = arm_read32(c->t, l0l1_reg(c, L0L1_FLASH_WRPR1 + 0x60u), &wrp2); /* WRPR2 at 0x80 */
    if (rc)
        return rc;
    uint8_t rdp = (uint8_t)obr;
    /* stm32-families.md §4.1: 0xAA level 0, 0xCC level 2, else level 1. */
    *rdp_level = rdp == 0xAA ? 0 : rdp == 0xCC ? 2 : 1;
    /* WRPR: 1 = protected, one bit per 4 KiB sector (first 64 sectors). */
    *wrp_protected = (uint64_t)wrp1 | ((uint64_t)wrp2 << 32);
    return SD_OK;
}

/* ---- Geometry ---- */

static uint32_t flash_kib_fixed(struct stm32_chip *c)
{
    const struct l0l1_row *row = l0l1_row_of(c);
    if (row->fsize == L0L1_FSIZE_KIB)
        return c->flash_kib;
    /* identify.c read the register as a 16-bit size and fell back to the
     * maximum when it looked wrong; read it again for the quirks. */
    uint8_t fs[2];
    if (arm_mem_read(c->t, c->part->flash_size_reg, fs, 2)) {
        sd_session_clear_error(c->t->session);
        return c->flash_kib;
    }
    uint32_t v = (uint32_t)(fs[0] | fs[1] << 8);
    if (row->fsize == L0L1_FSIZE_LOW_BYTE)
        v &= FSIZE_LOW_BYTE_MASK;
    else if (v == FSIZE_CODE_384 || v == FSIZE_CODE_256)
        v = v == FSIZE_CODE_384 ? 384u : 256u;
    return v && v <= c->part->flash_kib_max ? v : c->flash_kib;
}

static void l0l1_map_sectors(struct stm32_chip *c)
{
    const struct l0l1_row *row = l0l1_row_of(c);
    c->flash_kib = flash_kib_fixed(c);
    uint32_t page = row->page_size;
    uint32_t size = c->flash_kib * 1024u;
    /* Dual-bank parts: bank 2 starts at half the flash (openocd
     * stm32lx_update_part_info; stm32-families.md §2.3). */
    bool dual = row->dual_min_kib && c->flash_kib >= row->dual_min_kib;
    uint32_t bank2 = dual ? size / 2u : size;
    unsigned n = 0;
    for (uint32_t off = 0; off < size && n < STM32_MAX_SECTORS; off += page, n++)
        c->sectors[n] = (struct stm32_sector){ .addr = c->part->flash_base + off, .size = page,
                                               .id = (uint16_t)n, .bank = off >= bank2 };
    c->n_sectors = n;
}

const struct stm32_flash_ops stm32_flash_l0l1 = {
    .name = "STM32L0/L1 (RM0367, RM0038)",
    .map_sectors = l0l1_map_sectors,
    .unlock = l0l1_unlock,
    .lock = l0l1_lock,
    .erase_sector = l0l1_erase_sector,
    .mass_erase = l0l1_mass_erase,
    .program_direct = l0l1_program_direct,
    .loader = loader_stm32l0l1,
    .loader_size = sizeof loader_stm32l0l1,
    .program_unit = l0l1_program_unit,
    .erase_time_ms = l0l1_erase_time_ms,
    .mass_erase_time_ms = 0,
    .read_protection = l0l1_read_protection,
    .erased_zero = true,
    .ob_fields = l0l1_fields_l0,
    .ob_read = l0l1_ob_read,
    .ob_write = l0l1_ob_write,
    .rdp_value = L0L1_RDP_VALUES,
    .ob_irreversible = l0l1_ob_irreversible,
    .ob_fields_for = l0l1_ob_fields_for,
};
