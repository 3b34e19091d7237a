/* Flash controller of the STM32F2/F4 (RM0033 §2.3-2.4, RM0090 §3.5-3.9;
 * stm32-families.md §2.2): sectors, program parallelism by supply voltage. */
#include <stdio.h>

#include "common/session_internal.h"
#include "flash_f2f4_options.h"
#include "stm32.h"

#include "loaders/stm32f2f4.inc"

/* Register offsets from the controller base (RM0090 §3.9). */
#define F4_FLASH_KEYR    0x04u
#define F4_FLASH_OPTKEYR 0x08u
#define F4_FLASH_SR      0x0Cu
#define F4_FLASH_CR      0x10u
#define F4_FLASH_OPTCR   0x14u

#define F4_FLASH_KEY1 0x45670123u /* RM0090 §3.5.1 */
#define F4_FLASH_KEY2 0xCDEF89ABu

#define F4_FLASH_SR_EOP    (1u << 0)
#define F4_FLASH_SR_OPERR  (1u << 1)
#define F4_FLASH_SR_WRPERR (1u << 4)
#define F4_FLASH_SR_PGAERR (1u << 5)
#define F4_FLASH_SR_PGPERR (1u << 6)
#define F4_FLASH_SR_PGSERR (1u << 7)
#define F4_FLASH_SR_RDERR  (1u << 8)
#define F4_FLASH_SR_BSY    (1u << 16)
#define F4_FLASH_SR_ERRORS (F4_FLASH_SR_OPERR | F4_FLASH_SR_WRPERR | F4_FLASH_SR_PGAERR | \
                            F4_FLASH_SR_PGPERR | F4_FLASH_SR_PGSERR | F4_FLASH_SR_RDERR)

#define F4_FLASH_CR_PG         (1u << 0)
#define F4_FLASH_CR_SER        (1u << 1)
#define F4_FLASH_CR_MER        (1u << 2)
#define F4_FLASH_CR_SNB_SHIFT  3
#define F4_FLASH_CR_PSIZE_SHIFT 8
#define F4_FLASH_CR_MER1       (1u << 15) /* bank 2 on F42x/43x */
#define F4_FLASH_CR_STRT       (1u << 16)
#define F4_FLASH_CR_LOCK       (1u << 31)

#define F4_FLASH_OPTCR_RDP_SHIFT 8
/* F76x/F77x (DEV_ID 0x451): OPTCR.nDBANK = 0 selects two banks, each laid
 * out as 4 x M/16, M/4, M/2 with M the single-bank largest sector; bank-2
 * sector k is erased as SNB k | 0x10 (RM0410 §3.3.1, §3.7.5; openocd
 * stm32f2x.c). */
#define F7_DEV_F76X             0x451u
#define F7_FLASH_OPTCR_NDBANK   (1u << 29)
#define F7_SNB_BANK2            0x10u
#define F4_FLASH_OPTCR_NWRP_SHIFT 16

/* RM0090 Table 6: program/erase parallelism by supply voltage. */
#define F4_VDD_X32_MIN_MV 2700u
#define F4_VDD_X16_MIN_MV 2100u

/* Timeouts: openocd stm32f2x.c uses 10 s per sector and 33 s for a mass
 * erase ("up to 32 s in x8"); DS8626 gives 2 s max for a 128 KiB x32. */
#define F4_SECTOR_ERASE_TIMEOUT_MS 10000u
#define F4_MASS_ERASE_TIMEOUT_MS 33000u
#define F4_PROGRAM_TIMEOUT_MS 5u

static uint32_t reg(const struct stm32_chip *c, uint32_t off)
{
    return c->part->flash_regs + off;
}

static uint32_t unit_bytes(const struct stm32_chip *c)
{
    if (c->target_mv >= F4_VDD_X32_MIN_MV || c->target_mv == 0)
        return 4;
    return c->target_mv >= F4_VDD_X16_MIN_MV ? 2 : 1;
}

static uint32_t psize_bits(const struct stm32_chip *c)
{
    uint32_t u = unit_bytes(c);
    return (u == 4 ? 2u : u == 2 ? 1u : 0u) << F4_FLASH_CR_PSIZE_SHIFT;
}

/* The error flags in words, for messages. */
static void describe_sr(uint32_t sr, char *buf, size_t len)
{
    static const struct stm32_bit_name bits[] = {
        { F4_FLASH_SR_WRPERR, "WRPERR (sector is write-protected)" },
        { F4_FLASH_SR_PGAERR, "PGAERR (programming alignment)" },
        { F4_FLASH_SR_PGPERR, "PGPERR (access size does not match PSIZE)" },
        { F4_FLASH_SR_PGSERR, "PGSERR (programming sequence)" },
        { F4_FLASH_SR_OPERR, "OPERR (operation error)" },
        { F4_FLASH_SR_RDERR, "RDERR (read of a PCROP sector)" },
    };
    stm32_describe_bits(sr, bits, sizeof bits / sizeof bits[0], buf, len);
}

static int check_sr(struct stm32_chip *c, uint32_t sr, const char *what)
{
    if (!(sr & F4_FLASH_SR_ERRORS))
        return SD_OK;
    char text[256];
    describe_sr(sr, text, sizeof text);
    /* Clear the flags (write 1) so the next operation starts clean. */
    arm_write32(c->t, reg(c, F4_FLASH_SR), sr & F4_FLASH_SR_ERRORS);
    int err = (sr & F4_FLASH_SR_WRPERR) ? SD_ERR_WRITE_PROTECTED : SD_ERR_FLASH;
    return sd_fail(c->t->session, err, SD_LOG_FLASH, "%s: FLASH_SR 0x%08x: %s", what, sr, text);
}

static int f2f4_unlock(struct stm32_chip *c)
{
    uint32_t cr;
    int rc = arm_read32(c->t, reg(c, F4_FLASH_CR), &cr);
    if (rc || !(cr & F4_FLASH_CR_LOCK))
        return rc;
    rc = arm_write32(c->t, reg(c, F4_FLASH_KEYR), F4_FLASH_KEY1);
    if (!rc)
        rc = arm_write32(c->t, reg(c, F4_FLASH_KEYR), F4_FLASH_KEY2);
    if (!rc)
        rc = arm_read32(c->t, reg(c, F4_FLASH_CR), &cr);
    if (rc)
        return rc;
    if (cr & F4_FLASH_CR_LOCK)
        return sd_fail(c->t->session, SD_ERR_FLASH, SD_LOG_FLASH,
                       "flash controller stayed locked after the key sequence (FLASH_CR 0x%08x); "
                       "a wrong key locks it until the next reset", cr);
    /* Clear stale error flags from earlier work. */
    return arm_write32(c->t, reg(c, F4_FLASH_SR), F4_FLASH_SR_ERRORS | F4_FLASH_SR_EOP);
}

static int f2f4_lock(struct stm32_chip *c)
{
    return arm_write32(c->t, reg(c, F4_FLASH_CR), F4_FLASH_CR_LOCK);
}

/* DS8626 typical x32 erase times: 16 KiB 250 ms, 64 KiB 550 ms, 128 KiB
 * 1 s; x16 and x8 take longer (stm32-families.md §3). */
static unsigned f2f4_erase_time_ms(const struct stm32_chip *c, const struct stm32_sector *s)
{
    /* By sector class (M/8, M/2, M): the F7 datasheets give the same
     * typical times for 32/128/256 KiB sectors as F4 for 16/64/128 KiB. */
    uint32_t big = 0;
    for (unsigned i = 0; i < c->n_sectors; i++)
        if (c->sectors[i].size > big)
            big = c->sectors[i].size;
    unsigned x32 = s->size <= big / 8 ? 250 : s->size <= big / 2 ? 550 : 1000;
    uint32_t u = unit_bytes(c);
    return u == 4 ? x32 : u == 2 ? x32 * 13 / 10 : x32 * 2;
}

static int run_and_wait(struct stm32_chip *c, uint32_t cr, unsigned expect_ms, unsigned timeout_ms,
                        const char *what)
{
    int rc = arm_write32(c->t, reg(c, F4_FLASH_CR), cr);
    if (!rc)
        rc = arm_write32(c->t, reg(c, F4_FLASH_CR), cr | F4_FLASH_CR_STRT);
    uint32_t sr = 0;
    if (!rc)
        rc = stm32_wait_idle(c, reg(c, F4_FLASH_SR), F4_FLASH_SR_BSY, expect_ms, timeout_ms, &sr);
    if (!rc)
        rc = check_sr(c, sr, what);
    arm_write32(c->t, reg(c, F4_FLASH_CR), 0);
    return rc;
}

/* SNB of a sector: its index, or k | 0x10 for sector k of bank 2 when the
 * map has two banks (a second bank restarts the small sectors at half of
 * the flash). */
static uint32_t sector_snb(const struct stm32_chip *c, const struct stm32_sector *s)
{
    uint32_t half = c->part->flash_base + c->flash_kib * 512u;
    for (unsigned i = 1; i < c->n_sectors; i++)
        if (c->sectors[i].addr == half && c->sectors[i].size == c->sectors[0].size)
            return s->id >= i ? ((s->id - i) | F7_SNB_BANK2) : s->id;
    return s->id;
}

static int f2f4_erase_sector(struct stm32_chip *c, const struct stm32_sector *s)
{
    char what[64];
    snprintf(what, sizeof what, "erasing sector %u at 0x%08x", s->id, s->addr);
    uint32_t cr = F4_FLASH_CR_SER | psize_bits(c) | (sector_snb(c, s) << F4_FLASH_CR_SNB_SHIFT);
    return run_and_wait(c, cr, f2f4_erase_time_ms(c, s), F4_SECTOR_ERASE_TIMEOUT_MS, what);
}

static int f2f4_mass_erase(struct stm32_chip *c)
{
    uint32_t cr = F4_FLASH_CR_MER | psize_bits(c);
    if (c->flash_kib > 1024)
        cr |= F4_FLASH_CR_MER1;
    return run_and_wait(c, cr, c->flash_kib * 8, F4_MASS_ERASE_TIMEOUT_MS, "mass erase");
}

/* Without a loader: PG set, each unit written through the debug port,
 * BSY polled.  Slow (a USB round trip per unit); used for small writes. */
static int f2f4_program_direct(struct stm32_chip *c, uint32_t addr, const uint8_t *data, size_t len)
{
    uint32_t u = unit_bytes(c);
    int rc = arm_write32(c->t, reg(c, F4_FLASH_CR), F4_FLASH_CR_PG | psize_bits(c));
    for (size_t off = 0; !rc && off < len; off += u) {
        rc = c->t->ops->mem_write(c->t->link, c->t->ap, u, addr + (uint32_t)off, data + off, u);
        uint32_t sr = 0;
        if (!rc)
            rc = stm32_wait_idle(c, reg(c, F4_FLASH_SR), F4_FLASH_SR_BSY, 0, F4_PROGRAM_TIMEOUT_MS,
                                 &sr);
        if (!rc) {
            char what[64];
            snprintf(what, sizeof what, "programming at 0x%08x", addr + (uint32_t)off);
            rc = check_sr(c, sr, what);
        }
    }
    arm_write32(c->t, reg(c, F4_FLASH_CR), 0);
    return rc;
}

static int f2f4_read_protection(struct stm32_chip *c, int *rdp_level, uint64_t *wrp_protected)
{
    uint32_t optcr;
    int rc = arm_read32(c->t, reg(c, F4_FLASH_OPTCR), &optcr);
    if (rc)
        return rc;
    uint8_t rdp = (uint8_t)(optcr >> F4_FLASH_OPTCR_RDP_SHIFT);
    /* stm32-families.md §4.1: 0xAA level 0, 0xCC level 2, else level 1. */
    *rdp_level = rdp == 0xAA ? 0 : rdp == 0xCC ? 2 : 1;
    /* nWRP: 0 = protected, one bit per sector (12 on F40x). */
    uint32_t nwrp = (optcr >> F4_FLASH_OPTCR_NWRP_SHIFT) & 0xFFFu;
    *wrp_protected = ~(uint64_t)nwrp & ((1ull << (c->n_sectors < 12 ? c->n_sectors : 12)) - 1);
    return SD_OK;
}

static void f2f4_map_sectors(struct stm32_chip *c)
{
    /* With M the largest sector: sectors 0-3 are M/8, 4 is M/2, the rest M
     * (openocd stm32f2x.c setup_bank; RM0090 Table 5). */
    uint32_t big = c->part->largest_sector_kib * 1024u;
    uint32_t addr = c->part->flash_base, end = addr + c->flash_kib * 1024u;
    uint32_t bank = end - addr, bank_start = addr, optcr = 0;
    if (c->part->dev_id == F7_DEV_F76X &&
        arm_read32(c->t, reg(c, F4_FLASH_OPTCR), &optcr) == SD_OK &&
        !(optcr & F7_FLASH_OPTCR_NDBANK)) {
        big /= 2;                       /* dual bank: M/2 per bank */
        bank /= 2;
    }
    unsigned n = 0, k = 0;
    while (addr < end && n < STM32_MAX_SECTORS) {
        if (addr - bank_start >= bank) {
            bank_start = addr;          /* bank 2 starts its own pattern */
            k = 0;
        }
        uint32_t size = k < 4 ? big / 8 : k == 4 ? big / 2 : big;
        c->sectors[n] = (struct stm32_sector){ .addr = addr, .size = size, .id = (uint16_t)n };
        addr += size;
        n++;
        k++;
    }
    c->n_sectors = n;
}

const struct stm32_flash_ops stm32_flash_f2f4 = {
    .name = "STM32F2/F4/F7 (RM0033, RM0090, RM0385, RM0410)",
    .map_sectors = f2f4_map_sectors,
    .unlock = f2f4_unlock,
    .lock = f2f4_lock,
    .erase_sector = f2f4_erase_sector,
    .mass_erase = f2f4_mass_erase,
    .program_direct = f2f4_program_direct,
    .loader = loader_stm32f2f4,
    .loader_size = sizeof loader_stm32f2f4,
    .program_unit = unit_bytes,
    .erase_time_ms = f2f4_erase_time_ms,
    .mass_erase_time_ms = 8000,
    .read_protection = f2f4_read_protection,
    /* Option bytes: flash_f2f4_options.c (one table per line, by DEV_ID). */
    .ob_fields = f2f4_ob_fields_f40x,
    .ob_fields_for = f2f4_ob_fields_for,
    .ob_read = f2f4_ob_read,
    .ob_write = f2f4_ob_write,
    .rdp_value = F2F4_RDP_VALUES,
    .ob_irreversible = f2f4_ob_irreversible,
};
