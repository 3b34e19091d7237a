/* Flash controller of the STM32L5 and STM32U5 (RM0438 §6, RM0456 §7;
 * stm32-families.md §2.5, §4.2): the non-secure register set at
 * 0x40022000 of a chip with TrustZone disabled (FLASH_OPTR.TZEN = 0);
 * 64-bit (L5) or 128-bit (U5) programming, pages in one or two banks,
 * option bytes in registers with OPTSTRT and OBL_LAUNCH.
 *
 * With TZEN = 1 the flash belongs to the secure world by default and the
 * non-secure interface can neither program nor read it: swdoctor does not
 * guess at the secure register set, it says so and what to do. */
#include <stdio.h>

#include "common/session_internal.h"
#include "stm32.h"

#include "loaders/stm32l5u5.inc"

/* Non-secure register offsets (RM0438 §6.9, RM0456 §7.9) */
#define NSKEYR      0x08u
#define OPTKEYR     0x10u
#define NSSR        0x20u
#define NSCR        0x28u
#define OPTR        0x40u
#define NSBOOTADD0R 0x44u
#define NSBOOTADD1R 0x48u
#define WRP1AR      0x58u
#define WRP1BR      0x5Cu
#define WRP2AR      0x68u
#define WRP2BR      0x6Cu

#define KEY1    0x45670123u      /* stm32-families.md §2 */
#define KEY2    0xCDEF89ABu
#define OPTKEY1 0x08192A3Bu
#define OPTKEY2 0x4C5D6E7Fu

#define SR_OPERR   (1u << 1)
#define SR_PROGERR (1u << 3)
#define SR_WRPERR  (1u << 4)
#define SR_PGAERR  (1u << 5)
#define SR_SIZERR  (1u << 6)
#define SR_PGSERR  (1u << 7)
#define SR_OPTWERR (1u << 13)
#define SR_BSY     (1u << 16)
#define SR_ERRORS  (SR_OPERR | SR_PROGERR | SR_WRPERR | SR_PGAERR | SR_SIZERR | SR_PGSERR | \
                    SR_OPTWERR)
#define SR_CLEAR   (SR_ERRORS | 1u)  /* and EOP */

#define CR_PG         (1u << 0)
#define CR_PER        (1u << 1)
#define CR_MER1       (1u << 2)
#define CR_PNB_SHIFT  3              /* 7 bits (L5, U5 <= 2 MiB), 8 bits (U5 4 MiB) */
#define CR_BKER       (1u << 11)
#define CR_MER2       (1u << 15)
#define CR_STRT       (1u << 16)
#define CR_OPTSTRT    (1u << 17)
#define CR_OBL_LAUNCH (1u << 27)
#define CR_OPTLOCK    (1u << 30)
#define CR_LOCK       (1u << 31)

#define OPTR_RDP_MASK 0xFFu
#define OPTR_TZEN     (1u << 31)
#define RDP_LEVEL0    0xAAu
#define RDP_LEVEL1    0xBBu
#define RDP_LEVEL2    0xCCu
#define WRP_UNLOCK    (1u << 31)

/* openocd stm32l4x.c: 50 ms per write, 250 ms per erase (L4-class); a
 * bank erase or an RDP regression gets more room. */
#define PROGRAM_TIMEOUT_MS 50u
#define ERASE_TIMEOUT_MS   250u
#define MASS_TIMEOUT_MS    2000u
#define OPTIONS_TIMEOUT_MS 5000u

/* Row data: what differs between L5 and U5 and their dies. */
struct l5u5_row {
    bool u5;
    uint32_t unit;              /* 8 (L5 double word), 16 (U5 quad word) */
    uint32_t page_single, page_dual;
    uint32_t dbank_bit;         /* L5 512 KiB: DBANK 22; L5 256 KiB: DB256K 21; U5: DUALBANK 21 */
    unsigned page_erase_ms;     /* typical, stm32-families.md §3 */
};

static const struct l5u5_row *row(const struct stm32_chip *c)
{
    return (const struct l5u5_row *)c->part->flash_data;
}

static uint32_t reg(const struct stm32_chip *c, uint32_t off)
{
    return c->part->flash_regs + off;
}

static uint32_t unit_bytes(const struct stm32_chip *c)
{
    return row(c)->unit;
}

/* ---- TrustZone: refuse clearly ---- */

static int tzen_refusal(struct stm32_chip *c, uint32_t optr, const char *what)
{
    /* One sentence that fits the session's detail: what, why, what to do. */
    return sd_fail(c->t->session, SD_ERR_NOT_SUPPORTED, SD_LOG_FLASH,
                   "cannot %s: TrustZone is on (FLASH_OPTR 0x%08x, TZEN=1) and swdoctor drives "
                   "only the non-secure flash interface with TZEN=0; to turn TrustZone off "
                   "(erases the whole flash): `swdoctor rdp set 1`, then `swdoctor option-bytes "
                   "set RDP=0xAA TZEN=0 --yes`",
                   what, optr);
}

static int read_optr(struct stm32_chip *c, uint32_t *optr)
{
    int rc = arm_read32(c->t, reg(c, OPTR), optr);
    if (rc)
        return sd_fail(c->t->session, rc, SD_LOG_FLASH, "reading FLASH_OPTR at 0x%08x",
                       reg(c, OPTR));
    return SD_OK;
}

static int check_tzen(struct stm32_chip *c, const char *what)
{
    uint32_t optr;
    int rc = read_optr(c, &optr);
    if (!rc && (optr & OPTR_TZEN))
        rc = tzen_refusal(c, optr, what);
    return rc;
}

/* ---- Status ---- */

static void describe_sr(uint32_t sr, char *buf, size_t len)
{
    static const struct stm32_bit_name bits[] = {
        { SR_WRPERR, "WRPERR (page write-protected, secure, or RDP level 1)" },
        { SR_PROGERR, "PROGERR (target not erased)" },
        { SR_PGAERR, "PGAERR (programming alignment)" },
        { SR_SIZERR, "SIZERR (access size)" },
        { SR_PGSERR, "PGSERR (programming sequence)" },
        { SR_OPTWERR, "OPTWERR (option bytes refused: TZEN, RDP or a locked WRP area)" },
        { SR_OPERR, "OPERR (operation error)" },
    };
    stm32_describe_bits(sr, bits, sizeof bits / sizeof bits[0], buf, len);
}

static int check_sr(struct stm32_chip *c, uint32_t sr, const char *what)
{
    if (!(sr & SR_ERRORS))
        return SD_OK;
    char text[320];
    describe_sr(sr, text, sizeof text);
    arm_write32(c->t, reg(c, NSSR), sr & SR_CLEAR);
    int err = (sr & SR_WRPERR) ? SD_ERR_WRITE_PROTECTED : SD_ERR_FLASH;
    return sd_fail(c->t->session, err, SD_LOG_FLASH, "%s: FLASH_NSSR 0x%08x: %s", what, sr, text);
}

/* ---- Lock / unlock ---- */

/* Keys only while locked: a key written to an unlocked NSCR is a wrong
 * sequence and locks it until reset (openocd stm32l4x.c). */
static int unlock_keys(struct stm32_chip *c)
{
    uint32_t cr;
    int rc = arm_read32(c->t, reg(c, NSCR), &cr);
    if (rc || !(cr & CR_LOCK))
        return rc;
    rc = arm_write32(c->t, reg(c, NSKEYR), KEY1);
    if (!rc)
        rc = arm_write32(c->t, reg(c, NSKEYR), KEY2);
    if (!rc)
        rc = arm_read32(c->t, reg(c, NSCR), &cr);
    if (rc)
        return rc;
    if (cr & CR_LOCK)
        return sd_fail(c->t->session, SD_ERR_FLASH, SD_LOG_FLASH,
                       "flash controller stayed locked after the key sequence (FLASH_NSCR "
                       "0x%08x); a wrong key locks it until the next reset", cr);
    return arm_write32(c->t, reg(c, NSSR), SR_CLEAR);
}

static int l5u5_unlock(struct stm32_chip *c)
{
    int rc = check_tzen(c, "program or erase the flash");
    return rc ? rc : unlock_keys(c);
}

static int l5u5_lock(struct stm32_chip *c)
{
    return arm_write32(c->t, reg(c, NSCR), CR_LOCK);   /* sets OPTLOCK too */
}

/* ---- Geometry (stm32-families.md §2.5) ---- */

static bool dual_bank(const struct stm32_chip *c, uint32_t optr)
{
    /* The largest part of a die is always dual bank on U5. */
    if (row(c)->u5 && c->flash_kib >= c->part->flash_kib_max)
        return true;
    /* L5 parts of 256 KiB use DB256K (bit 21) instead of DBANK. */
    uint32_t bit = (!row(c)->u5 && c->flash_kib < c->part->flash_kib_max) ? (1u << 21)
                                                                          : row(c)->dbank_bit;
    return (optr & bit) != 0;
}

static void l5u5_map_sectors(struct stm32_chip *c)
{
    uint32_t optr = 0;
    /* If OPTR cannot be read, assume the factory layout (dual bank). */
    bool dual = arm_read32(c->t, reg(c, OPTR), &optr) ? true : dual_bank(c, optr);
    if (optr & OPTR_TZEN)
        sd_log(c->t->session, SD_LOG_WARN, SD_LOG_CHIP,
               "TrustZone is enabled (FLASH_OPTR.TZEN=1): the flash is secure; swdoctor will "
               "not program, erase or read it through the non-secure interface");
    uint32_t page = dual ? row(c)->page_dual : row(c)->page_single;
    uint32_t size = c->flash_kib * 1024u, bank = dual ? size / 2u : size;
    unsigned n = 0;
    for (uint32_t off = 0; off < size && n < STM32_MAX_SECTORS; off += page, n++)
        c->sectors[n] = (struct stm32_sector){ .addr = c->part->flash_base + off, .size = page,
                                               .id = (uint16_t)((off % bank) / page),
                                               .bank = (uint8_t)(off / bank) };
    c->n_sectors = n;
}

/* ---- Erase and program ---- */

static int run_and_wait(struct stm32_chip *c, uint32_t cr, unsigned expect_ms,
                        unsigned timeout_ms, const char *what)
{
    int rc = arm_write32(c->t, reg(c, NSCR), cr);
    if (!rc)
        rc = arm_write32(c->t, reg(c, NSCR), cr | CR_STRT);
    uint32_t sr = 0;
    if (!rc)
        rc = stm32_wait_idle(c, reg(c, NSSR), SR_BSY, expect_ms, timeout_ms, &sr);
    if (!rc)
        rc = check_sr(c, sr, what);
    arm_write32(c->t, reg(c, NSCR), 0);
    return rc;
}

static unsigned l5u5_erase_time_ms(const struct stm32_chip *c, const struct stm32_sector *s)
{
    (void)s;
    return row(c)->page_erase_ms;
}

static int l5u5_erase_sector(struct stm32_chip *c, const struct stm32_sector *s)
{
    char what[80];
    snprintf(what, sizeof what, "erasing page %u of bank %u at 0x%08x", s->id, s->bank + 1u,
             s->addr);
    uint32_t cr = CR_PER | ((uint32_t)s->id << CR_PNB_SHIFT) | (s->bank ? CR_BKER : 0u);
    return run_and_wait(c, cr, l5u5_erase_time_ms(c, s), ERASE_TIMEOUT_MS, what);
}

static int l5u5_mass_erase(struct stm32_chip *c)
{
    /* Both bank bits: on a single-bank L5 MER1 alone erases everything and
     * MER2 is ignored (RM0438 §6.3.6). */
    return run_and_wait(c, CR_MER1 | CR_MER2, row(c)->page_erase_ms, MASS_TIMEOUT_MS,
                        "mass erase");
}

/* Without a loader: PG, the unit's words through the debug port, BSY. */
static int l5u5_program_direct(struct stm32_chip *c, uint32_t addr, const uint8_t *data,
                               size_t len)
{
    uint32_t u = unit_bytes(c);
    int rc = arm_write32(c->t, reg(c, NSCR), CR_PG);
    for (size_t off = 0; !rc && off < len; off += u) {
        rc = c->t->ops->mem_write(c->t->link, c->t->ap, 4, addr + (uint32_t)off, data + off, u);
        uint32_t sr = 0;
        if (!rc)
            rc = stm32_wait_idle(c, reg(c, NSSR), SR_BSY, 0, PROGRAM_TIMEOUT_MS, &sr);
        if (!rc) {
            char what[64];
            snprintf(what, sizeof what, "programming at 0x%08x", addr + (uint32_t)off);
            rc = check_sr(c, sr, what);
        }
    }
    arm_write32(c->t, reg(c, NSCR), 0);
    return rc;
}

/* ---- Protection ---- */

static int level_of(uint32_t optr)
{
    uint8_t rdp = (uint8_t)(optr & OPTR_RDP_MASK);
    return rdp == RDP_LEVEL0 ? 0 : rdp == RDP_LEVEL2 ? 2 : 1;
}

static int l5u5_read_protection(struct stm32_chip *c, int *rdp_level, uint64_t *wrp_protected)
{
    uint32_t optr;
    int rc = read_optr(c, &optr);
    if (rc)
        return rc;
    /* With TZEN = 1 the levels mean something else (0x55 is level 0.5) and
     * the flash is secure: say so instead of reading zeros. */
    if (optr & OPTR_TZEN)
        return tzen_refusal(c, optr, "use the flash");
    *rdp_level = level_of(optr);
    static const uint32_t wrp_regs[2][2] = { { WRP1AR, WRP1BR }, { WRP2AR, WRP2BR } };
    uint32_t area[2][2];
    for (unsigned b = 0; b < 2; b++)
        for (unsigned a = 0; a < 2; a++)
            if ((rc = arm_read32(c->t, reg(c, wrp_regs[b][a]), &area[b][a])) != 0)
                return rc;
    *wrp_protected = 0;
    for (unsigned i = 0; i < c->n_sectors && i < 64; i++) {
        const struct stm32_sector *s = &c->sectors[i];
        for (unsigned a = 0; a < 2; a++) {
            uint32_t v = area[s->bank & 1u][a], start = v & 0x7Fu, end = (v >> 16) & 0x7Fu;
            if (start <= end && s->id >= start && s->id <= end)
                *wrp_protected |= 1ull << i;
        }
    }
    return SD_OK;
}

/* ---- Option bytes ---- */

/* Words: 0 OPTR, 1 NSBOOTADD0R, 2 NSBOOTADD1R, 3 WRP1AR, 4 WRP1BR,
 * 5 WRP2AR, 6 WRP2BR (the registers the non-secure side may change). */
static const uint32_t ob_regs[] = { OPTR, NSBOOTADD0R, NSBOOTADD1R, WRP1AR, WRP1BR,
                                    WRP2AR, WRP2BR };
#define OB_NREGS (sizeof ob_regs / sizeof ob_regs[0])

#define B(nm, bit, text) { nm, 0, bit, 1, STM32_OB_BOOL, text }
#define WRP_FIELDS(w, area)                                                              \
    { "WRP" area "_PSTRT", w, 0, 7, STM32_OB_NUMBER, "first write-protected page of the area" }, \
    { "WRP" area "_PEND", w, 16, 7, STM32_OB_NUMBER,                                      \
      "last write-protected page (area off when PSTRT > PEND)" }
#define BOOT_FIELDS                                                                      \
    { "NSBOOTADD0", 1, 7, 25, STM32_OB_NUMBER,                                            \
      "boot address [31:7] when BOOT0 = 0 (0x100000 = flash 0x08000000)" },              \
    { "NSBOOTADD1", 2, 7, 25, STM32_OB_NUMBER,                                            \
      "boot address [31:7] when BOOT0 = 1 (0x17F200 = bootloader 0x0BF90000)" }

/* RM0438 §6.9.10 FLASH_OPTR (L552/L562). */
static const struct stm32_ob_field l5_fields[] = {
    { "RDP", 0, 0, 8, STM32_OB_RDP, "read-out protection: 0xAA level 0, 0xCC level 2, else 1" },
    { "BOR_LEV", 0, 8, 3, STM32_OB_NUMBER, "brown-out reset threshold (0 = 1.7 V ... 4 = 2.8 V)" },
    B("nRST_STOP", 12, "0: reset when entering Stop"),
    B("nRST_STDBY", 13, "0: reset when entering Standby"),
    B("nRST_SHDW", 14, "0: reset when entering Shutdown"),
    B("IWDG_SW", 16, "1: independent watchdog started by software"),
    B("IWDG_STOP", 17, "0: IWDG frozen in Stop"),
    B("IWDG_STDBY", 18, "0: IWDG frozen in Standby"),
    B("WWDG_SW", 19, "1: window watchdog started by software"),
    B("SWAP_BANK", 20, "1: bank 2 mapped at 0x08000000"),
    B("DB256K", 21, "256 KiB parts: 1 = dual bank"),
    B("DBANK", 22, "512 KiB parts: 1 = two banks of 2 KiB pages, 0 = one bank of 4 KiB pages"),
    B("SRAM2_PE", 24, "0: SRAM2 parity check on"),
    B("SRAM2_RST", 25, "0: SRAM2 erased on system reset"),
    B("nSWBOOT0", 26, "1: BOOT0 from the pin, 0: from nBOOT0"),
    B("nBOOT0", 27, "BOOT0 = !nBOOT0 when nSWBOOT0 = 0"),
    B("PA15_PUPEN", 28, "1: PA15 pull-up on"),
    B("TZEN", 31, "TrustZone: 1 makes the flash secure (off again only by RDP regression)"),
    BOOT_FIELDS,
    WRP_FIELDS(3, "1A"), WRP_FIELDS(4, "1B"), WRP_FIELDS(5, "2A"), WRP_FIELDS(6, "2B"),
    { NULL, 0, 0, 0, STM32_OB_NUMBER, NULL },
};

/* RM0456 §7.9.10 FLASH_OPTR (U575/U585 and the rest of U5). */
#define U5_UNLOCK(w, area) \
    { "WRP" area "_UNLOCK", w, 31, 1, STM32_OB_BOOL, "0 locks the area for good" }
static const struct stm32_ob_field u5_fields[] = {
    { "RDP", 0, 0, 8, STM32_OB_RDP, "read-out protection: 0xAA level 0, 0xCC level 2, else 1" },
    { "BOR_LEV", 0, 8, 3, STM32_OB_NUMBER, "brown-out reset threshold (0 = 1.7 V ... 4 = 2.8 V)" },
    B("nRST_STOP", 12, "0: reset when entering Stop"),
    B("nRST_STDBY", 13, "0: reset when entering Standby"),
    B("nRST_SHDW", 14, "0: reset when entering Shutdown"),
    B("SRAM1345_RST", 15, "0: SRAM1/3/4/5 erased on system reset"),
    B("IWDG_SW", 16, "1: independent watchdog started by software"),
    B("IWDG_STOP", 17, "0: IWDG frozen in Stop"),
    B("IWDG_STDBY", 18, "0: IWDG frozen in Standby"),
    B("WWDG_SW", 19, "1: window watchdog started by software"),
    B("SWAP_BANK", 20, "1: bank 2 mapped at 0x08000000"),
    B("DUALBANK", 21, "1 MiB / 512 KiB parts: 1 = dual bank (the largest parts always are)"),
    B("BKPRAM_ECC", 22, "0: backup RAM ECC on"),
    B("SRAM3_ECC", 23, "0: SRAM3 ECC on"),
    B("SRAM2_ECC", 24, "0: SRAM2 ECC on"),
    B("SRAM2_RST", 25, "0: SRAM2 erased on system reset"),
    B("nSWBOOT0", 26, "1: BOOT0 from the pin, 0: from nBOOT0"),
    B("nBOOT0", 27, "BOOT0 = !nBOOT0 when nSWBOOT0 = 0"),
    B("PA15_PUPEN", 28, "1: PA15 pull-up on"),
    B("IO_VDD_HSLV", 29, "1: high-speed I/O at low VDD (only below 2.5 V)"),
    B("IO_VDDIO2_HSLV", 30, "1: high-speed I/O at low VDDIO2 (only below 2.5 V)"),
    B("TZEN", 31, "TrustZone: 1 makes the flash secure (off again only by RDP regression)"),
    BOOT_FIELDS,
    WRP_FIELDS(3, "1A"), U5_UNLOCK(3, "1A"), WRP_FIELDS(4, "1B"), U5_UNLOCK(4, "1B"),
    WRP_FIELDS(5, "2A"), U5_UNLOCK(5, "2A"), WRP_FIELDS(6, "2B"), U5_UNLOCK(6, "2B"),
    { NULL, 0, 0, 0, STM32_OB_NUMBER, NULL },
};

static const struct stm32_ob_field *l5u5_ob_fields_for(const struct stm32_chip *c)
{
    return row(c)->u5 ? u5_fields : l5_fields;
}

static int l5u5_ob_read(struct stm32_chip *c, struct stm32_ob *ob)
{
    *ob = (struct stm32_ob){ { 0 } };
    for (size_t i = 0; i < OB_NREGS; i++) {
        int rc = arm_read32(c->t, reg(c, ob_regs[i]), &ob->word[i]);
        if (rc)
            return sd_fail(c->t->session, rc, SD_LOG_FLASH, "reading option register at 0x%08x",
                           reg(c, ob_regs[i]));
    }
    return SD_OK;
}

static int l5u5_ob_write(struct stm32_chip *c, const struct stm32_ob *ob)
{
    /* Option bytes go through the non-secure registers even with TZEN = 1
     * (stm32-families.md §2.5), so this is how TrustZone is turned off. */
    int rc = unlock_keys(c);
    uint32_t cr = 0;
    if (!rc)
        rc = arm_read32(c->t, reg(c, NSCR), &cr);
    if (!rc && (cr & CR_OPTLOCK)) {
        rc = arm_write32(c->t, reg(c, OPTKEYR), OPTKEY1);
        if (!rc)
            rc = arm_write32(c->t, reg(c, OPTKEYR), OPTKEY2);
        if (!rc)
            rc = arm_read32(c->t, reg(c, NSCR), &cr);
        if (!rc && (cr & CR_OPTLOCK))
            rc = sd_fail(c->t->session, SD_ERR_FLASH, SD_LOG_FLASH,
                         "option registers stayed locked after the key sequence (FLASH_NSCR "
                         "0x%08x)", cr);
    }
    for (size_t i = 0; !rc && i < OB_NREGS; i++)
        rc = arm_write32(c->t, reg(c, ob_regs[i]), ob->word[i]);
    if (rc)
        return rc;
    uint32_t sr = 0;
    /* A regression to level 0 erases both banks first. */
    rc = arm_write32(c->t, reg(c, NSCR), CR_OPTSTRT);
    if (!rc)
        rc = stm32_wait_idle(c, reg(c, NSSR), SR_BSY, 0, OPTIONS_TIMEOUT_MS, &sr);
    if (!rc)
        rc = check_sr(c, sr, "programming the option bytes");
    if (rc) {
        l5u5_lock(c);
        return rc;
    }
    /* OBL_LAUNCH loads them and resets the chip: the write itself may
     * fail as the debug port drops (openocd ignores it too). */
    arm_write32(c->t, reg(c, NSCR), CR_OBL_LAUNCH);
    sd_session_clear_error(c->t->session);
    return SD_OK;
}

static const char *l5u5_ob_irreversible(const struct stm32_chip *c, const struct stm32_ob *now,
                                        const struct stm32_ob *want)
{
    if (!(now->word[0] & OPTR_TZEN) && (want->word[0] & OPTR_TZEN))
        return "TZEN=1 enables TrustZone: the flash becomes secure, swdoctor and other "
               "non-secure tools can no longer program it, and TZEN can be cleared again only "
               "by an RDP regression (level 1, then RDP=0xAA with TZEN=0), which erases the "
               "whole flash";
    for (unsigned w = 3; row(c)->u5 && w <= 6; w++)
        if ((now->word[w] & WRP_UNLOCK) && !(want->word[w] & WRP_UNLOCK))
            return "a WRPxy_UNLOCK bit at 0 locks that write-protection area for good: its "
                   "pages can never be erased or programmed again, nor the area changed";
    return NULL;
}

const struct stm32_flash_ops stm32_flash_l5u5 = {
    .name = "STM32L5/U5 non-secure, TZEN=0 (RM0438, RM0456)",
    .map_sectors = l5u5_map_sectors,
    .unlock = l5u5_unlock,
    .lock = l5u5_lock,
    .erase_sector = l5u5_erase_sector,
    .mass_erase = l5u5_mass_erase,
    .program_direct = l5u5_program_direct,
    .loader = loader_stm32l5u5,
    .loader_size = sizeof loader_stm32l5u5,
    .program_unit = unit_bytes,
    .erase_time_ms = l5u5_erase_time_ms,
    .mass_erase_time_ms = 23,
    .read_protection = l5u5_read_protection,
    .ob_fields = l5_fields,
    .ob_read = l5u5_ob_read,
    .ob_write = l5u5_ob_write,
    .rdp_value = { RDP_LEVEL0, RDP_LEVEL1, RDP_LEVEL2 },
    .ob_irreversible = l5u5_ob_irreversible,
    .ob_fields_for = l5u5_ob_fields_for,
};

/* ---- Row data for parts_l5u5.c ---- */

/* L552/L562 512 KiB: DBANK (bit 22), 2/4 KiB pages; L4-class timings. */
const struct l5u5_row stm32_l5u5_row_l5 = {
    .u5 = false, .unit = 8, .page_single = 4096, .page_dual = 2048,
    .dbank_bit = 1u << 22, .page_erase_ms = 22,
};
/* U5: 8 KiB pages in either mode, DUALBANK (bit 21) below the die's
 * largest size; ~1.5 ms per page (low confidence, §3). */
const struct l5u5_row stm32_l5u5_row_u5 = {
    .u5 = true, .unit = 16, .page_single = 8192, .page_dual = 8192,
    .dbank_bit = 1u << 21, .page_erase_ms = 2,
};
