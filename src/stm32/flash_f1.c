/* Flash controller of the STM32F0/F1/F3 ("FPEC"; RM0008 §3 + PM0075 for
 * F1, RM0091 §3-4 for F0, RM0316 §4-5 for F3; stm32-families.md §2.1,
 * §4.2): half-word programming, pages of 1 or 2 KiB, the second register
 * block of the F1 XL parts for bank 2, and the option bytes at 0x1FFFF800
 * (erase, program half-words, reload by reset or OBL_LAUNCH).  One driver;
 * what differs per die is row data (struct stm32_f1_data, parts_f0f1f3.c). */
#include <stdio.h>

#include "common/session_internal.h"
#include "flash_f1.h"
#include "option_bytes.h"
#include "stm32.h"

#include "loaders/stm32f1.inc"

/* Register offsets from the controller base (RM0008 §3.4). */
#define F1_FLASH_KEYR    0x04u
#define F1_FLASH_OPTKEYR 0x08u
#define F1_FLASH_SR      0x0Cu
#define F1_FLASH_CR      0x10u
#define F1_FLASH_AR      0x14u
#define F1_FLASH_OBR     0x1Cu
#define F1_FLASH_WRPR    0x20u
#define F1_FLASH_BANK2   0x40u   /* XL: KEYR2, SR2, CR2, AR2 at +0x40 */

#define F1_FLASH_KEY1 0x45670123u /* RM0008 §3.3.1; OPTKEYR takes the same */
#define F1_FLASH_KEY2 0xCDEF89ABu

#define F1_SR_BSY      (1u << 0)
#define F1_SR_PGERR    (1u << 2)
#define F1_SR_WRPRTERR (1u << 4)
#define F1_SR_EOP      (1u << 5)
#define F1_SR_ERRORS   (F1_SR_PGERR | F1_SR_WRPRTERR)

#define F1_CR_PG         (1u << 0)
#define F1_CR_PER        (1u << 1)
#define F1_CR_MER        (1u << 2)
#define F1_CR_OPTPG      (1u << 4)
#define F1_CR_OPTER      (1u << 5)
#define F1_CR_STRT       (1u << 6)
#define F1_CR_LOCK       (1u << 7)
#define F1_CR_OPTWRE     (1u << 9)
#define F1_CR_OBL_LAUNCH (1u << 13) /* F0/F3 (RM0091 §4.5.5) */

/* FLASH_OBR (stm32-families.md §4.2). */
#define F1_OBR_RDPRT      (1u << 1)
#define F1_OBR_USER_SHIFT 2
#define F1_OBR_DATA_SHIFT 10
#define F0_OBR_RDPRT1     (1u << 1)
#define F0_OBR_RDPRT2     (1u << 2)
#define F0_OBR_USER_SHIFT 8
#define F0_OBR_DATA_SHIFT 16

#define F1_OB_BASE 0x1FFFF800u   /* RDP, USER, Data0, Data1, WRP0..3 */

/* DS5319 / F0 / F3 datasheets: page and mass erase 20..40 ms, a half-word
 * 52.5..70 us; openocd stm32f1x.c waits up to 100 ms per erase.  A
 * regression to RDP level 0 adds a mass erase to an option write. */
#define F1_ERASE_EXPECT_MS 20u
#define F1_ERASE_TIMEOUT_MS 100u
#define F1_MASS_TIMEOUT_MS 200u
#define F1_PROGRAM_TIMEOUT_MS 10u
#define F1_OB_TIMEOUT_MS 200u
/* Loader buffers: 2 KiB take ~55 ms to program, longer than their USB
 * transfer on a full-speed probe, so the pipeline stays flash-bound. */
#define F1_LOADER_BUF 2048u

static const struct stm32_f1_data *data_of(const struct stm32_chip *c)
{
    return c->part->flash_data;
}

static uint32_t reg(const struct stm32_chip *c, unsigned bank, uint32_t off)
{
    return c->part->flash_regs + (bank ? F1_FLASH_BANK2 : 0u) + off;
}

/* Register blocks in use: two on an XL part with more than bank 1. */
static unsigned bank_count(const struct stm32_chip *c)
{
    uint32_t b1 = data_of(c)->bank1_kib;
    return b1 && c->flash_kib > b1 ? 2u : 1u;
}

static unsigned bank_of_addr(const struct stm32_chip *c, uint32_t addr)
{
    uint32_t b1 = data_of(c)->bank1_kib;
    return b1 && addr - c->part->flash_base >= b1 * 1024u ? 1u : 0u;
}

static int check_sr(struct stm32_chip *c, unsigned bank, uint32_t sr, const char *what)
{
    if (!(sr & F1_SR_ERRORS))
        return SD_OK;
    arm_write32(c->t, reg(c, bank, F1_FLASH_SR), sr & (F1_SR_ERRORS | F1_SR_EOP));
    if (sr & F1_SR_WRPRTERR)
        return sd_fail(c->t->session, SD_ERR_WRITE_PROTECTED, SD_LOG_FLASH,
                       "%s: FLASH_SR 0x%08x: WRPRTERR (the page is write-protected, or read "
                       "protection blocks it)", what, sr);
    return sd_fail(c->t->session, SD_ERR_FLASH, SD_LOG_FLASH,
                   "%s: FLASH_SR 0x%08x: PGERR (programming a half-word that is not erased)",
                   what, sr);
}

static int unlock_bank(struct stm32_chip *c, unsigned bank)
{
    uint32_t cr;
    int rc = arm_read32(c->t, reg(c, bank, F1_FLASH_CR), &cr);
    if (rc || !(cr & F1_CR_LOCK))
        return rc;
    /* Keys only while locked: a key written to an unlocked FPEC is a wrong
     * sequence, which locks it until reset (RM0008 §3.3.1). */
    rc = arm_write32(c->t, reg(c, bank, F1_FLASH_KEYR), F1_FLASH_KEY1);
    if (!rc)
        rc = arm_write32(c->t, reg(c, bank, F1_FLASH_KEYR), F1_FLASH_KEY2);
    if (!rc)
        rc = arm_read32(c->t, reg(c, bank, F1_FLASH_CR), &cr);
    if (rc)
        return rc;
    if (cr & F1_CR_LOCK)
        return sd_fail(c->t->session, SD_ERR_FLASH, SD_LOG_FLASH,
                       "flash controller%s stayed locked after the key sequence (FLASH_CR "
                       "0x%08x); a wrong key locks it until the next reset",
                       bank ? " (bank 2)" : "", cr);
    return arm_write32(c->t, reg(c, bank, F1_FLASH_SR), F1_SR_ERRORS | F1_SR_EOP);
}

static int f1_unlock(struct stm32_chip *c)
{
    int rc = SD_OK;
    for (unsigned b = 0; !rc && b < bank_count(c); b++)
        rc = unlock_bank(c, b);
    return rc;
}

static int f1_lock(struct stm32_chip *c)
{
    int rc = SD_OK;
    for (unsigned b = 0; !rc && b < bank_count(c); b++)
        rc = arm_write32(c->t, reg(c, b, F1_FLASH_CR), F1_CR_LOCK);
    return rc;
}

/* Set CR (and AR), then STRT; wait for BSY; check the flags. */
static int run_and_wait(struct stm32_chip *c, unsigned bank, uint32_t cr, const uint32_t *ar,
                        unsigned expect_ms, unsigned timeout_ms, const char *what)
{
    int rc = arm_write32(c->t, reg(c, bank, F1_FLASH_CR), cr);
    if (!rc && ar)
        rc = arm_write32(c->t, reg(c, bank, F1_FLASH_AR), *ar);
    if (!rc)
        rc = arm_write32(c->t, reg(c, bank, F1_FLASH_CR), cr | F1_CR_STRT);
    uint32_t sr = 0;
    if (!rc)
        rc = stm32_wait_idle(c, reg(c, bank, F1_FLASH_SR), F1_SR_BSY, expect_ms, timeout_ms, &sr);
    if (!rc)
        rc = check_sr(c, bank, sr, what);
    arm_write32(c->t, reg(c, bank, F1_FLASH_CR), cr & F1_CR_OPTWRE);
    return rc;
}

static unsigned f1_erase_time_ms(const struct stm32_chip *c, const struct stm32_sector *s)
{
    (void)c, (void)s;
    return F1_ERASE_EXPECT_MS;
}

static int f1_erase_sector(struct stm32_chip *c, const struct stm32_sector *s)
{
    char what[64];
    snprintf(what, sizeof what, "erasing page %u at 0x%08x", s->id, s->addr);
    return run_and_wait(c, s->bank, F1_CR_PER, &s->addr, F1_ERASE_EXPECT_MS,
                        F1_ERASE_TIMEOUT_MS, what);
}

static int f1_mass_erase(struct stm32_chip *c)
{
    int rc = SD_OK;
    for (unsigned b = 0; !rc && b < bank_count(c); b++)
        rc = run_and_wait(c, b, F1_CR_MER, NULL, F1_ERASE_EXPECT_MS, F1_MASS_TIMEOUT_MS,
                          b ? "mass erase of bank 2" : "mass erase");
    return rc;
}

/* One half-word through the debug port, then BSY and the flags. */
static int write_halfword(struct stm32_chip *c, unsigned bank, uint32_t addr, const uint8_t *hw,
                          unsigned timeout_ms)
{
    int rc = c->t->ops->mem_write(c->t->link, c->t->ap, 2, addr, hw, 2);
    uint32_t sr = 0;
    if (!rc)
        rc = stm32_wait_idle(c, reg(c, bank, F1_FLASH_SR), F1_SR_BSY, 0, timeout_ms, &sr);
    if (!rc) {
        char what[64];
        snprintf(what, sizeof what, "programming at 0x%08x", addr);
        rc = check_sr(c, bank, sr, what);
    }
    return rc;
}

/* Without a loader: PG set, half-words through the debug port (slow: a
 * USB round trip each).  Length is a multiple of 2 (program_unit). */
static int f1_program_direct(struct stm32_chip *c, uint32_t addr, const uint8_t *data, size_t len)
{
    int rc = SD_OK;
    unsigned bank = 2;           /* none selected yet */
    for (size_t off = 0; !rc && off < len; off += 2) {
        uint32_t a = addr + (uint32_t)off;
        unsigned b = bank_of_addr(c, a);
        if (b != bank) {
            if (bank < 2)
                arm_write32(c->t, reg(c, bank, F1_FLASH_CR), 0);
            rc = arm_write32(c->t, reg(c, b, F1_FLASH_CR), F1_CR_PG);
            bank = b;
        }
        if (!rc)
            rc = write_halfword(c, b, a, data + off, F1_PROGRAM_TIMEOUT_MS);
    }
    if (bank < 2)
        arm_write32(c->t, reg(c, bank, F1_FLASH_CR), 0);
    return rc;
}

static uint32_t f1_program_unit(const struct stm32_chip *c)
{
    (void)c;
    return 2;                    /* half-words only (PM0075 §2.3.3) */
}

static void f1_map_sectors(struct stm32_chip *c)
{
    const struct stm32_f1_data *d = data_of(c);
    uint32_t base = c->part->flash_base, end = base + c->flash_kib * 1024u;
    unsigned n = 0;
    for (uint32_t a = base; a < end && n < STM32_MAX_SECTORS; a += d->page_size, n++)
        c->sectors[n] = (struct stm32_sector){ .addr = a, .size = d->page_size, .id = (uint16_t)n,
                                               .bank = (uint8_t)bank_of_addr(c, a) };
    c->n_sectors = n;
}

/* ---- Protection ---- */

static bool is_f1(const struct stm32_chip *c)
{
    return data_of(c)->line == STM32_F1_LINE_F1;
}

static int level_from_obr(const struct stm32_chip *c, uint32_t obr)
{
    if (is_f1(c))
        return (obr & F1_OBR_RDPRT) ? 1 : 0;
    if (obr & F0_OBR_RDPRT2)
        return 2;
    return (obr & F0_OBR_RDPRT1) ? 1 : 0;
}

/* WRP bit covering a page (0 = protected); the last bit covers the rest
 * of flash where the row says so. */
static unsigned wrp_bit_of_page(const struct stm32_f1_data *d, unsigned page, bool *covered)
{
    unsigned nbits = d->wrp_bytes * 8u, bit = page / d->pages_per_wrp;
    *covered = true;
    if (bit >= nbits) {
        *covered = d->wrp_last_bit_rest;
        bit = nbits - 1;
    }
    return bit;
}

static int f1_read_protection(struct stm32_chip *c, int *rdp_level, uint64_t *wrp_protected)
{
    uint32_t obr, wrpr;
    int rc = arm_read32(c->t, reg(c, 0, F1_FLASH_OBR), &obr);
    if (!rc)
        rc = arm_read32(c->t, reg(c, 0, F1_FLASH_WRPR), &wrpr);
    if (rc)
        return rc;
    *rdp_level = level_from_obr(c, obr);
    *wrp_protected = 0;
    for (unsigned p = 0; p < c->n_sectors && p < 64; p++) {
        bool covered;
        unsigned bit = wrp_bit_of_page(data_of(c), p, &covered);
        if (covered && !(wrpr & (1u << bit)))
            *wrp_protected |= 1ull << p;
    }
    return SD_OK;
}

/* ---- Option bytes ---- */

/* Bytes of the option block as programmed: 4 + WRP bytes (2 or 4). */
static unsigned ob_bytes(const struct stm32_chip *c)
{
    return STM32_F1_OB_WRP + data_of(c)->wrp_bytes;
}

/* The loaded values (OBR, WRPR); the RDP byte itself from the block at
 * 0x1FFFF800 when it agrees with the loaded level (OBR only has the
 * level), else the value that stands for that level. */
static int f1_ob_read(struct stm32_chip *c, struct stm32_ob *ob)
{
    uint32_t obr, wrpr;
    uint8_t block[16];
    int rc = arm_read32(c->t, reg(c, 0, F1_FLASH_OBR), &obr);
    if (!rc)
        rc = arm_read32(c->t, reg(c, 0, F1_FLASH_WRPR), &wrpr);
    if (!rc)
        rc = arm_mem_read(c->t, F1_OB_BASE, block, sizeof block);
    if (rc)
        return rc;
    unsigned user_shift = is_f1(c) ? F1_OBR_USER_SHIFT : F0_OBR_USER_SHIFT;
    unsigned data_shift = is_f1(c) ? F1_OBR_DATA_SHIFT : F0_OBR_DATA_SHIFT;
    const uint32_t *rv = c->part->flash->rdp_value;
    int level = level_from_obr(c, obr);
    uint8_t rdp = block[0];
    if ((uint8_t)(block[0] ^ block[1]) != 0xFFu ||
        stm32_ob_rdp_level(rv, rdp) != level)
        rdp = (uint8_t)rv[level];
    ob->word[STM32_F1_OB_RDP] = rdp;
    ob->word[STM32_F1_OB_USER] = (obr >> user_shift) & 0xFFu;
    ob->word[STM32_F1_OB_DATA0] = (obr >> data_shift) & 0xFFu;
    ob->word[STM32_F1_OB_DATA1] = (obr >> (data_shift + 8)) & 0xFFu;
    ob->word[STM32_F1_OB_WRP] = wrpr;
    return SD_OK;
}

static uint8_t ob_byte(const struct stm32_chip *c, const struct stm32_ob *ob, unsigned i)
{
    (void)c;
    if (i < STM32_F1_OB_WRP)
        return (uint8_t)ob->word[i];
    return (uint8_t)(ob->word[STM32_F1_OB_WRP] >> (8 * (i - STM32_F1_OB_WRP)));
}

static int unlock_options(struct stm32_chip *c)
{
    int rc = unlock_bank(c, 0);
    uint32_t cr = 0;
    if (!rc)
        rc = arm_read32(c->t, reg(c, 0, F1_FLASH_CR), &cr);
    if (!rc && !(cr & F1_CR_OPTWRE)) {
        rc = arm_write32(c->t, reg(c, 0, F1_FLASH_OPTKEYR), F1_FLASH_KEY1);
        if (!rc)
            rc = arm_write32(c->t, reg(c, 0, F1_FLASH_OPTKEYR), F1_FLASH_KEY2);
        if (!rc)
            rc = arm_read32(c->t, reg(c, 0, F1_FLASH_CR), &cr);
        if (!rc && !(cr & F1_CR_OPTWRE))
            rc = sd_fail(c->t->session, SD_ERR_FLASH, SD_LOG_FLASH,
                         "the option bytes stayed write-protected after the OPTKEYR sequence "
                         "(FLASH_CR 0x%08x)", cr);
    }
    return rc;
}

/* Erase the block (OPTER), program each byte (the controller adds the
 * complement; RM0008 §2.5), then make the chip load them: OBL_LAUNCH on
 * F0/F3 (reload + system reset), a system reset on F1.  Programming the
 * level-0 RDP code at level 1 makes the chip mass-erase first. */
static int f1_ob_write(struct stm32_chip *c, const struct stm32_ob *ob)
{
    int rc = unlock_options(c);
    if (!rc)
        rc = run_and_wait(c, 0, F1_CR_OPTER | F1_CR_OPTWRE, NULL, F1_ERASE_EXPECT_MS,
                          F1_OB_TIMEOUT_MS, "erasing the option bytes");
    if (!rc)
        rc = arm_write32(c->t, reg(c, 0, F1_FLASH_CR), F1_CR_OPTPG | F1_CR_OPTWRE);
    for (unsigned i = 0; !rc && i < ob_bytes(c); i++) {
        uint8_t hw[2] = { ob_byte(c, ob, i), 0x00 };
        /* RDP first: a regression's mass erase happens within this write. */
        rc = write_halfword(c, 0, F1_OB_BASE + 2u * i, hw,
                            i == STM32_F1_OB_RDP ? F1_OB_TIMEOUT_MS : F1_PROGRAM_TIMEOUT_MS);
    }
    arm_write32(c->t, reg(c, 0, F1_FLASH_CR), 0);
    if (rc)
        return rc;
    if (is_f1(c)) {
        /* A core that cannot fetch its vectors (erased flash, or RDP 1 with
         * the debugger attached) locks up instead of halting; the options
         * are loaded all the same and the caller reads them back. */
        rc = arm_reset(c->t, ARM_RESET_SYSTEM, true);
        if (rc == SD_ERR_TARGET_RESET) {
            sd_session_clear_error(c->t->session);
            rc = SD_OK;
        }
        return rc;
    }
    /* The chip resets on this write; the probe may see the access fail. */
    if (arm_write32(c->t, reg(c, 0, F1_FLASH_CR), F1_CR_OBL_LAUNCH))
        sd_session_clear_error(c->t->session);
    return SD_OK;
}

/* WRP bits of this part that exist, all cleared: every page protected. */
static const char *f1_ob_irreversible(const struct stm32_chip *c, const struct stm32_ob *now,
                                      const struct stm32_ob *want)
{
    uint32_t bits = data_of(c)->wrp_bytes * 8u;
    uint32_t mask = bits >= 32 ? 0xFFFFFFFFu : (1u << bits) - 1u;
    bool all_now = !(now->word[STM32_F1_OB_WRP] & mask);
    bool all_want = !(want->word[STM32_F1_OB_WRP] & mask);
    if (all_want && !all_now)
        return "clearing every WRP bit write-protects every flash page: nothing can be "
               "programmed or erased until the option bytes are erased and rewritten with "
               "the protection removed";
    return NULL;
}

static const struct stm32_ob_field *f1_ob_fields_for(const struct stm32_chip *c)
{
    return data_of(c)->fields;
}

/* rdp_value: F1 0xA5 = unprotected, any other byte protected (two
 * levels; 0x00 is what ST's tools write); F0/F3 0xAA / 0xBB / 0xCC. */
const struct stm32_flash_ops stm32_flash_f1 = {
    .name = "STM32F1 FPEC (RM0008, PM0075)",
    .map_sectors = f1_map_sectors,
    .unlock = f1_unlock,
    .lock = f1_lock,
    .erase_sector = f1_erase_sector,
    .mass_erase = f1_mass_erase,
    .program_direct = f1_program_direct,
    .loader = loader_stm32f1,
    .loader_size = sizeof loader_stm32f1,
    .loader_buf_max = F1_LOADER_BUF,
    .program_unit = f1_program_unit,
    .erase_time_ms = f1_erase_time_ms,
    .mass_erase_time_ms = F1_ERASE_EXPECT_MS,
    .read_protection = f1_read_protection,
    .ob_fields = stm32_f1_fields_f1,
    .ob_read = f1_ob_read,
    .ob_write = f1_ob_write,
    .rdp_value = { 0xA5, 0x00, 0 },
    .ob_irreversible = f1_ob_irreversible,
    .ob_fields_for = f1_ob_fields_for,
};

const struct stm32_flash_ops stm32_flash_f0f3 = {
    .name = "STM32F0/F3 FPEC (RM0091, RM0316)",
    .map_sectors = f1_map_sectors,
    .unlock = f1_unlock,
    .lock = f1_lock,
    .erase_sector = f1_erase_sector,
    .mass_erase = f1_mass_erase,
    .program_direct = f1_program_direct,
    .loader = loader_stm32f1,
    .loader_size = sizeof loader_stm32f1,
    .loader_buf_max = F1_LOADER_BUF,
    .program_unit = f1_program_unit,
    .erase_time_ms = f1_erase_time_ms,
    .mass_erase_time_ms = F1_ERASE_EXPECT_MS,
    .read_protection = f1_read_protection,
    .ob_fields = stm32_f1_fields_f3,
    .ob_read = f1_ob_read,
    .ob_write = f1_ob_write,
    .rdp_value = { 0xAA, 0xBB, 0xCC },
    .ob_irreversible = f1_ob_irreversible,
    .ob_fields_for = f1_ob_fields_for,
};
