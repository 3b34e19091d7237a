/* Option bytes of the L4-class flash controller: FLASH_OPTR and the
 * WRP/PCROP registers as named fields (names as the reference manuals
 * give them), the OPTKEYR / OPTSTRT / BSY / OBL_LAUNCH sequence, and what
 * would lock a user out.  Facts: stm32-families.md §4.1-4.2 (bit
 * positions from the ST CMSIS headers), RM0351 §3.4, RM0432 §3.4,
 * RM0444 §3.4, RM0440 §3.4, RM0434 §3.4, RM0453 §3.4, RM0490 §3.4;
 * openocd stm32l4x.c (write_option, perform_obl_launch). */
#include <stdio.h>

#include "common/session_internal.h"
#include "flash_l4.h"
#include "option_bytes.h"

#define L4_OPTKEY1 0x08192A3Bu /* RM0351 §3.4.2 */
#define L4_OPTKEY2 0x4C5D6E7Fu

#define L4_SR_EOP      (1u << 0)
#define L4_SR_WRPERR   (1u << 4)
#define L4_SR_OPTVERR  (1u << 15)
#define L4_SR_ERRORS   0xC3FAu    /* OPERR, PROGERR..FASTERR, RDERR, OPTVERR */
#define L4_CR_OPTSTRT  (1u << 17)
#define L4_CR_OBL      (1u << 27)
#define L4_CR_OPTLOCK  (1u << 30)
#define L4_CR_LOCK     (1u << 31)
#define L4_KEY1        0x45670123u
#define L4_KEY2        0xCDEF89ABu

/* OPTSTRT rewrites the option page: about a page erase (22 ms, DS10198);
 * a regression to level 0 first mass-erases (22 ms more).  Generous
 * timeouts: openocd waits 250 ms. */
#define L4_OB_EXPECT_MS      25u
#define L4_OB_REGRESSION_MS  25u
#define L4_OB_TIMEOUT_MS     2000u

/* ---- Field tables ---- */

#define BIT(nm, w, b, text) \
    { .name = nm, .word = w, .shift = b, .width = 1, .kind = STM32_OB_BOOL, .doc = text }
#define NUM(nm, w, b, n, text) \
    { .name = nm, .word = w, .shift = b, .width = n, .kind = STM32_OB_NUMBER, .doc = text }
#define END { .name = NULL }

#define RDP_FIELD                                                                              \
    { .name = "RDP", .word = L4_OB_OPTR, .shift = 0, .width = 8, .kind = STM32_OB_RDP,          \
      .doc = "read-out protection: 0xAA level 0, 0xCC level 2 (permanent), any other value level 1" }
#define WDG_FIELDS                                                                             \
    BIT("IWDG_SW", L4_OB_OPTR, 16, "1: independent watchdog started by software; 0: by hardware"), \
    BIT("IWDG_STOP", L4_OB_OPTR, 17, "0: independent watchdog frozen in Stop mode; 1: running"),   \
    BIT("IWDG_STDBY", L4_OB_OPTR, 18, "0: independent watchdog frozen in Standby mode; 1: running"), \
    BIT("WWDG_SW", L4_OB_OPTR, 19, "1: window watchdog started by software; 0: by hardware")
/* L4/L4+/G4/WB/WL: nRST_* at 12-14 (G0/C0 at 13-15). */
#define NRST_FIELDS(b)                                                                        \
    BIT("nRST_STOP", L4_OB_OPTR, (b), "0: entering Stop mode resets the chip; 1: no reset"),    \
    BIT("nRST_STDBY", L4_OB_OPTR, (b) + 1, "0: entering Standby mode resets the chip; 1: no reset"), \
    BIT("nRST_SHDW", L4_OB_OPTR, (b) + 2, "0: entering Shutdown mode resets the chip; 1: no reset")
#define BOR_LEV(b)                                                                            \
    NUM("BOR_LEV", L4_OB_OPTR, (b), 3,                                                          \
        "brown-out reset threshold: 0 ~1.7 V, 1 ~2.0 V, 2 ~2.2 V, 3 ~2.5 V, 4 ~2.8 V")
#define NBOOT1_FIELD(b)                                                                       \
    BIT("nBOOT1", L4_OB_OPTR, (b), "with BOOT0=1: 1 boots the system memory (bootloader), 0 SRAM")
#define SWBOOT_FIELDS                                                                         \
    BIT("nSWBOOT0", L4_OB_OPTR, 26, "1: BOOT0 comes from the BOOT0 pin; 0: from the nBOOT0 bit"), \
    BIT("nBOOT0", L4_OB_OPTR, 27, "with nSWBOOT0=0: 1 boots main flash, 0 the system memory/SRAM")
#define SRAM2_FIELDS                                                                          \
    BIT("SRAM2_PE", L4_OB_OPTR, 24, "0: SRAM2 parity check enabled; 1: disabled"),              \
    BIT("SRAM2_RST", L4_OB_OPTR, 25, "0: SRAM2 erased by a system reset; 1: kept")
/* Page ranges: active when START <= END (stm32-families.md §2.4). */
#define WRP_AREA(nm, w, n)                                                                    \
    NUM(nm "_STRT", w, 0, n, "first write-protected page of the area (area off when > END)"),  \
    NUM(nm "_END", w, 16, n, "last write-protected page of the area")
#define WRP_BANK1(n) WRP_AREA("WRP1A", L4_OB_WRP1AR, n), WRP_AREA("WRP1B", L4_OB_WRP1BR, n)
#define WRP_BANK2(n) WRP_AREA("WRP2A", L4_OB_WRP2AR, n), WRP_AREA("WRP2B", L4_OB_WRP2BR, n)
#define PCROP_RDP_FIELD(w)                                                                    \
    BIT("PCROP_RDP", w, 31, "1: an RDP 1 -> 0 regression erases the PCROP areas; 0: they stay for ever")
#define PCROP_AREA(nm, ws, we, n)                                                             \
    NUM(nm "_STRT", ws, 0, n, "PCROP (execute-only) area start, in double words from the bank start"), \
    NUM(nm "_END", we, 0, n, "PCROP area end (area off when < STRT)")

/* L47x/L48x (RM0351): no nSWBOOT0/nBOOT0; BFB2, DUALBANK; two banks. */
const struct stm32_ob_field l4_fields_l47x[] = {
    RDP_FIELD, BOR_LEV(8), NRST_FIELDS(12), WDG_FIELDS,
    BIT("BFB2", L4_OB_OPTR, 20, "1: boot from bank 2 when it holds a valid image"),
    BIT("DUALBANK", L4_OB_OPTR, 21, "256/512 KiB parts: 1 two banks, 0 one bank"),
    NBOOT1_FIELD(23), SRAM2_FIELDS,
    WRP_BANK1(8), WRP_BANK2(8),
    PCROP_AREA("PCROP1", L4_OB_PCROP1SR, L4_OB_PCROP1ER, 16), PCROP_RDP_FIELD(L4_OB_PCROP1ER),
    PCROP_AREA("PCROP2", L4_OB_PCROP2SR, L4_OB_PCROP2ER, 16),
    END,
};

/* L49x/L4Ax: as L47x plus nSWBOOT0/nBOOT0. */
const struct stm32_ob_field l4_fields_l49x[] = {
    RDP_FIELD, BOR_LEV(8), NRST_FIELDS(12), WDG_FIELDS,
    BIT("BFB2", L4_OB_OPTR, 20, "1: boot from bank 2 when it holds a valid image"),
    BIT("DUALBANK", L4_OB_OPTR, 21, "256/512 KiB parts: 1 two banks, 0 one bank"),
    NBOOT1_FIELD(23), SRAM2_FIELDS, SWBOOT_FIELDS,
    WRP_BANK1(8), WRP_BANK2(8),
    PCROP_AREA("PCROP1", L4_OB_PCROP1SR, L4_OB_PCROP1ER, 16), PCROP_RDP_FIELD(L4_OB_PCROP1ER),
    PCROP_AREA("PCROP2", L4_OB_PCROP2SR, L4_OB_PCROP2ER, 16),
    END,
};

/* L41x-L46x: one bank. */
const struct stm32_ob_field l4_fields_l4single[] = {
    RDP_FIELD, BOR_LEV(8), NRST_FIELDS(12), WDG_FIELDS,
    NBOOT1_FIELD(23), SRAM2_FIELDS, SWBOOT_FIELDS,
    WRP_BANK1(8),
    PCROP_AREA("PCROP1", L4_OB_PCROP1SR, L4_OB_PCROP1ER, 16), PCROP_RDP_FIELD(L4_OB_PCROP1ER),
    END,
};

/* L4R/L4S/L4P/L4Q (RM0432): DB1M/DB512K, DBANK. */
const struct stm32_ob_field l4_fields_l4plus[] = {
    RDP_FIELD, BOR_LEV(8), NRST_FIELDS(12), WDG_FIELDS,
    BIT("BFB2", L4_OB_OPTR, 20, "1: boot from bank 2 when it holds a valid image"),
    BIT("DB1M", L4_OB_OPTR, 21, "1 MiB (L4P/Q 512 KiB) parts: 1 two banks, 0 one bank"),
    BIT("DBANK", L4_OB_OPTR, 22, "largest parts: 1 two banks of 4 KiB pages, 0 one bank of 8 KiB pages"),
    NBOOT1_FIELD(23), SRAM2_FIELDS, SWBOOT_FIELDS,
    WRP_BANK1(8), WRP_BANK2(8),
    PCROP_AREA("PCROP1", L4_OB_PCROP1SR, L4_OB_PCROP1ER, 16), PCROP_RDP_FIELD(L4_OB_PCROP1ER),
    PCROP_AREA("PCROP2", L4_OB_PCROP2SR, L4_OB_PCROP2ER, 16),
    END,
};

/* G0 and C0 OPTR (RM0444, RM0490): BOR_EN/BORR_LEV/BORF_LEV, nRST_* at
 * 13-15, nBOOT_SEL/nBOOT1/nBOOT0 at 24-26, NRST_MODE, IRHEN. */
#define G0_OPTR_FIELDS                                                                        \
    RDP_FIELD,                                                                                \
    BIT("BOR_EN", L4_OB_OPTR, 8, "1: brown-out reset enabled at the BORR/BORF levels"),         \
    NUM("BORR_LEV", L4_OB_OPTR, 9, 2, "brown-out rising threshold: 0 ~2.1 V .. 3 ~2.9 V"),       \
    NUM("BORF_LEV", L4_OB_OPTR, 11, 2, "brown-out falling threshold: 0 ~2.0 V .. 3 ~2.8 V"),     \
    NRST_FIELDS(13), WDG_FIELDS,                                                              \
    BIT("RAM_PARITY_CHECK", L4_OB_OPTR, 22, "0: SRAM parity check enabled; 1: disabled"),       \
    BIT("nBOOT_SEL", L4_OB_OPTR, 24, "1: BOOT0 comes from the nBOOT0 bit; 0: from the BOOT0 pin"), \
    BIT("nBOOT1", L4_OB_OPTR, 25, "with BOOT0=1: 1 boots the system memory, 0 SRAM"),           \
    BIT("nBOOT0", L4_OB_OPTR, 26, "with nBOOT_SEL=1: 1 boots main flash, 0 system memory/SRAM"), \
    NUM("NRST_MODE", L4_OB_OPTR, 27, 2, "NRST pin: 1 reset input only, 2 GPIO (no reset pin!), 3 reset input/output"), \
    BIT("IRHEN", L4_OB_OPTR, 29, "1: internal resets drive the NRST pin low")
#define G0_PCROP1                                                                             \
    PCROP_AREA("PCROP1A", L4_OB_PCROP1SR, L4_OB_PCROP1ER, 9), PCROP_RDP_FIELD(L4_OB_PCROP1ER),   \
    PCROP_AREA("PCROP1B", L4_OB_PCROP1BSR, L4_OB_PCROP1BER, 9)

const struct stm32_ob_field l4_fields_g0[] = {
    G0_OPTR_FIELDS, WRP_BANK1(6), G0_PCROP1, END,
};

const struct stm32_ob_field l4_fields_g0b[] = {
    G0_OPTR_FIELDS,
    BIT("nSWAP_BANK", L4_OB_OPTR, 20, "0: bank 2 is mapped first (banks swapped)"),
    BIT("DUAL_BANK", L4_OB_OPTR, 21, "1: two banks; 0: one bank"),
    WRP_BANK1(7), WRP_BANK2(7), G0_PCROP1, END,
};

const struct stm32_ob_field l4_fields_c0[] = {
    G0_OPTR_FIELDS, WRP_BANK1(4), END,
};

/* G4 (RM0440): SRAM_PE, CCMSRAM_RST, NRST_MODE at 28-29, IRHEN 30. */
#define G4_OPTR_TAIL                                                                          \
    NBOOT1_FIELD(23),                                                                         \
    BIT("SRAM_PE", L4_OB_OPTR, 24, "0: SRAM1/CCM SRAM parity check enabled; 1: disabled"),      \
    BIT("CCMSRAM_RST", L4_OB_OPTR, 25, "0: CCM SRAM erased by a system reset; 1: kept"),        \
    SWBOOT_FIELDS,                                                                            \
    NUM("NRST_MODE", L4_OB_OPTR, 28, 2, "NRST pin: 1 reset input only, 2 GPIO (no reset pin!), 3 reset input/output"), \
    BIT("IRHEN", L4_OB_OPTR, 30, "1: internal resets drive the NRST pin low")

const struct stm32_ob_field l4_fields_g4single[] = {
    RDP_FIELD, BOR_LEV(8), NRST_FIELDS(12), WDG_FIELDS, G4_OPTR_TAIL,
    WRP_BANK1(7),
    PCROP_AREA("PCROP1", L4_OB_PCROP1SR, L4_OB_PCROP1ER, 15), PCROP_RDP_FIELD(L4_OB_PCROP1ER),
    END,
};

const struct stm32_ob_field l4_fields_g4dual[] = {
    RDP_FIELD, BOR_LEV(8), NRST_FIELDS(12), WDG_FIELDS,
    BIT("BFB2", L4_OB_OPTR, 20, "1: boot from bank 2 when it holds a valid image"),
    BIT("DBANK", L4_OB_OPTR, 22, "1: two banks of 2 KiB pages; 0: one bank of 4 KiB pages"),
    G4_OPTR_TAIL,
    WRP_BANK1(7), WRP_BANK2(7),
    PCROP_AREA("PCROP1", L4_OB_PCROP1SR, L4_OB_PCROP1ER, 15), PCROP_RDP_FIELD(L4_OB_PCROP1ER),
    PCROP_AREA("PCROP2", L4_OB_PCROP2SR, L4_OB_PCROP2ER, 15),
    END,
};

/* WB (RM0434) and WL (RM0453): ESE, BOR_LEV at 9-11. */
#define WBWL_OPTR_FIELDS                                                                      \
    RDP_FIELD,                                                                                \
    BIT("ESE", L4_OB_OPTR, 8, "security enabled (CPU2 secure area; read-only here)"),          \
    BOR_LEV(9), NRST_FIELDS(12), WDG_FIELDS, NBOOT1_FIELD(23)

const struct stm32_ob_field l4_fields_wb[] = {
    WBWL_OPTR_FIELDS,
    BIT("SRAM2PE", L4_OB_OPTR, 24, "0: SRAM2 parity check enabled; 1: disabled"),
    BIT("SRAM2RST", L4_OB_OPTR, 25, "0: SRAM2 erased by a system reset; 1: kept"),
    SWBOOT_FIELDS,
    WRP_BANK1(8),
    PCROP_AREA("PCROP1A", L4_OB_PCROP1SR, L4_OB_PCROP1ER, 9), PCROP_RDP_FIELD(L4_OB_PCROP1ER),
    PCROP_AREA("PCROP1B", L4_OB_PCROP1BSR, L4_OB_PCROP1BER, 9),
    END,
};

const struct stm32_ob_field l4_fields_wl[] = {
    WBWL_OPTR_FIELDS,
    BIT("SRAM2_PE", L4_OB_OPTR, 24, "0: SRAM2 parity check enabled; 1: disabled"),
    BIT("SRAM_RST", L4_OB_OPTR, 25, "0: SRAM1/2 erased by a system reset; 1: kept"),
    SWBOOT_FIELDS,
    BIT("BOOT_LOCK", L4_OB_OPTR, 30, "1: the chip always boots main flash (boot pins and bits ignored)"),
    WRP_BANK1(7),
    PCROP_AREA("PCROP1A", L4_OB_PCROP1SR, L4_OB_PCROP1ER, 9), PCROP_RDP_FIELD(L4_OB_PCROP1ER),
    PCROP_AREA("PCROP1B", L4_OB_PCROP1BSR, L4_OB_PCROP1BER, 9),
    END,
};

const struct stm32_ob_field *l4_ob_fields_for(const struct stm32_chip *c)
{
    return l4_row_of(c)->fields;
}

/* ---- Reading ---- */

static uint32_t reg(const struct stm32_chip *c, uint32_t off)
{
    return c->part->flash_regs + off;
}

int l4_ob_read(struct stm32_chip *c, struct stm32_ob *ob)
{
    const struct l4_row *r = l4_row_of(c);
    int rc = SD_OK;
    for (unsigned w = 0; !rc && w < L4_OB_WORDS; w++)
        if (r->opt_mask & (1u << w))
            rc = arm_read32(c->t, reg(c, l4_ob_offset[w]), &ob->word[w]);
    return rc;
}

/* ---- Protection arithmetic ---- */

static bool in_area(uint32_t v, uint32_t mask, uint32_t page)
{
    uint32_t s = v & mask, e = (v >> 16) & mask;
    return s <= e && page >= s && page <= e;
}

bool l4_page_protected(const struct stm32_chip *c, const struct stm32_ob *ob, uint32_t addr)
{
    const struct l4_row *r = l4_row_of(c);
    struct l4_geom g;
    l4_geometry(c, ob->word[L4_OB_OPTR], &g);
    uint32_t off = addr - c->part->flash_base;
    bool bank2 = g.dual && off >= g.bank2_off;
    uint32_t page = (off - (bank2 ? g.bank2_off : 0)) / g.page_size;
    const uint32_t *w = ob->word;
    bool has2 = r->opt_mask & (1u << L4_OB_WRP2AR);
    if (bank2)
        return has2 && (in_area(w[L4_OB_WRP2AR], g.wrp_mask, page) ||
                        in_area(w[L4_OB_WRP2BR], g.wrp_mask, page));
    if (in_area(w[L4_OB_WRP1AR], g.wrp_mask, page) || in_area(w[L4_OB_WRP1BR], g.wrp_mask, page))
        return true;
    return !g.dual && r->use_all_wrp && has2 &&
           (in_area(w[L4_OB_WRP2AR], g.wrp_mask, page) || in_area(w[L4_OB_WRP2BR], g.wrp_mask, page));
}

/* ---- Writing (RM0351 §3.4.2 "Option bytes programming") ---- */

static int rdp_level_of(uint32_t optr)
{
    static const uint32_t values[3] = L4_RDP_VALUES;
    return stm32_ob_rdp_level(values, optr & 0xFFu);
}

static int unlock_both(struct stm32_chip *c)
{
    uint32_t cr;
    int rc = arm_read32(c->t, reg(c, L4_FLASH_CR), &cr);
    if (!rc && (cr & L4_CR_LOCK)) {
        rc = arm_write32(c->t, reg(c, L4_FLASH_KEYR), L4_KEY1);
        if (!rc)
            rc = arm_write32(c->t, reg(c, L4_FLASH_KEYR), L4_KEY2);
        if (!rc)
            rc = arm_read32(c->t, reg(c, L4_FLASH_CR), &cr);
    }
    /* OPTKEYR works only once LOCK is clear. */
    if (!rc && !(cr & L4_CR_LOCK) && (cr & L4_CR_OPTLOCK)) {
        rc = arm_write32(c->t, reg(c, L4_FLASH_OPTKEYR), L4_OPTKEY1);
        if (!rc)
            rc = arm_write32(c->t, reg(c, L4_FLASH_OPTKEYR), L4_OPTKEY2);
        if (!rc)
            rc = arm_read32(c->t, reg(c, L4_FLASH_CR), &cr);
    }
    if (!rc && (cr & (L4_CR_LOCK | L4_CR_OPTLOCK)))
        rc = sd_fail(c->t->session, SD_ERR_FLASH, SD_LOG_FLASH,
                     "option bytes stayed locked after the KEYR/OPTKEYR key sequences (FLASH_CR "
                     "0x%08x); a wrong key locks them until the next reset", cr);
    return rc;
}

static int check_sr(struct stm32_chip *c, uint32_t sr)
{
    if (!(sr & L4_SR_ERRORS))
        return SD_OK;
    arm_write32(c->t, reg(c, L4_FLASH_SR), sr & L4_SR_ERRORS);
    return sd_fail(c->t->session, (sr & L4_SR_WRPERR) ? SD_ERR_WRITE_PROTECTED : SD_ERR_FLASH,
                   SD_LOG_FLASH, "programming the option bytes: FLASH_SR 0x%08x%s", sr,
                   (sr & L4_SR_WRPERR) ? " (WRPERR: options are frozen at RDP level 2)" : "");
}

/* Unlock KEYR and OPTKEYR, write the option registers, OPTSTRT, wait for
 * BSY, then OBL_LAUNCH: the chip reloads its options with a system reset
 * (openocd perform_obl_launch; the ST-LINK reports an error for that
 * write, which is expected).  The caller reconnects. */
int l4_ob_write(struct stm32_chip *c, const struct stm32_ob *ob)
{
    const struct l4_row *r = l4_row_of(c);
    uint32_t optr_now = 0, sr = 0;
    int rc = arm_read32(c->t, reg(c, L4_FLASH_OPTR), &optr_now);
    if (rc)
        return rc;
    bool regression = rdp_level_of(optr_now) == 1 && rdp_level_of(ob->word[L4_OB_OPTR]) == 0;
    rc = stm32_wait_idle(c, reg(c, L4_FLASH_SR), r->busy_mask, 0, L4_OB_TIMEOUT_MS, &sr);
    if (!rc)
        rc = unlock_both(c);
    if (!rc)
        rc = arm_write32(c->t, reg(c, L4_FLASH_SR), L4_SR_ERRORS | L4_SR_EOP);
    for (unsigned w = 0; !rc && w < L4_OB_WORDS; w++)
        if (r->opt_mask & (1u << w))
            rc = arm_write32(c->t, reg(c, l4_ob_offset[w]), ob->word[w]);
    if (!rc)
        rc = arm_write32(c->t, reg(c, L4_FLASH_CR), L4_CR_OPTSTRT);
    if (!rc) {
        unsigned expect = L4_OB_EXPECT_MS;
        if (regression) {
            sd_log(c->t->session, SD_LOG_INFO, SD_LOG_FLASH,
                   "RDP 1 -> 0: the chip mass-erases its %u KiB of flash before it unlocks",
                   c->flash_kib);
            expect += L4_OB_REGRESSION_MS;
        }
        rc = stm32_wait_idle(c, reg(c, L4_FLASH_SR), r->busy_mask, expect, L4_OB_TIMEOUT_MS, &sr);
    }
    if (!rc)
        rc = check_sr(c, sr);
    if (rc) {
        arm_write32(c->t, reg(c, L4_FLASH_CR), L4_CR_LOCK | L4_CR_OPTLOCK);
        return rc;
    }
    /* Stored; OBL_LAUNCH loads them (and resets the chip, so the debug
     * link drops: the result of this write is not an error). */
    arm_write32(c->t, reg(c, L4_FLASH_CR), L4_CR_OBL);
    sd_session_clear_error(c->t->session);
    return SD_OK;
}

/* ---- What locks a user out ---- */

static uint32_t get(const struct stm32_ob_field *fields, const struct stm32_ob *ob, const char *name)
{
    const struct stm32_ob_field *f = stm32_ob_find(fields, name);
    return f ? stm32_ob_get(ob, f) : 0;
}

static bool pcrop_active(const struct stm32_ob_field *fields, const struct stm32_ob *ob,
                         const char *area)
{
    char s[24], e[24];
    snprintf(s, sizeof s, "%s_STRT", area);
    snprintf(e, sizeof e, "%s_END", area);
    if (!stm32_ob_find(fields, s))
        return false;
    return get(fields, ob, s) <= get(fields, ob, e);
}

/* Decided for the L4 class (besides RDP 2, which the caller handles):
 *  - WRP areas, even over the whole flash, are NOT irreversible here: the
 *    WRPxyR registers stay programmable (RM0351 §3.5.2), so `option-bytes
 *    set WRP1A_STRT=.. WRP1A_END=..` with START > END lifts them.
 *  - Boot selection (nSWBOOT0=0 with nBOOT0=0, nBOOT_SEL, nBOOT1, BFB2,
 *    WL BOOT_LOCK) changes what the chip runs after reset, not whether a
 *    debugger can attach: the system bootloader and SRAM leave SWD on, so
 *    the options can be written back.  Not irreversible.
 *  - A new PCROP area with PCROP_RDP=0 is: the area becomes execute-only
 *    and an RDP 1 -> 0 regression erases everything but it ("partial mass
 *    erase", RM0351 §3.6.2), so nothing removes it.  With PCROP_RDP=1 a
 *    regression (which erases the whole flash) still removes it.
 *  - NRST_MODE=2 (G0/C0/G4) turns NRST into a GPIO: connect-under-reset
 *    is gone for good if the firmware then takes the SWD pins. */
const char *l4_ob_irreversible(const struct stm32_chip *c, const struct stm32_ob *now,
                               const struct stm32_ob *want)
{
    const struct stm32_ob_field *fields = l4_ob_fields_for(c);
    static const char *const areas[] = { "PCROP1", "PCROP2", "PCROP1A", "PCROP1B" };
    for (size_t i = 0; i < sizeof areas / sizeof areas[0]; i++) {
        if (!pcrop_active(fields, want, areas[i]))
            continue;
        bool was = pcrop_active(fields, now, areas[i]);
        bool changed = get(fields, want, "PCROP_RDP") != get(fields, now, "PCROP_RDP");
        if ((!was || changed) && !get(fields, want, "PCROP_RDP"))
            return "a PCROP area with PCROP_RDP=0 makes that flash execute-only for good: nobody "
                   "can read, program or erase it any more, and not even an RDP 1 -> 0 "
                   "regression removes it (it erases everything else)";
    }
    const struct stm32_ob_field *nrst = stm32_ob_find(fields, "NRST_MODE");
    if (nrst && stm32_ob_get(want, nrst) == 2 && stm32_ob_get(now, nrst) != 2)
        return "NRST_MODE=2 turns the NRST pin into a GPIO: the chip can no longer be reset "
               "from the pin, so a firmware that disables the SWD pins locks the debugger out "
               "with no connect-under-reset to recover";
    return NULL;
}
