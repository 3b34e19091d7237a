/* Option bytes of the STM32L0/L1: FLASH_OBR (L0: FLASH_OPTR) and
 * FLASH_WRPRx as named fields (names as RM0367/RM0038 give them), written
 * as value/complement words at 0x1FF80000 after the PEKEYR + OPTKEYR
 * sequence and loaded with PECR.OBL_LAUNCH; what would lock a user out.
 * Facts: stm32-families.md §4.1-4.2; RM0367 §3.4, RM0038 §3.8; openocd
 * stm32lx.c (OPTION_BYTE_0_PR0 0xFF5500AA, stm32lx_obl_launch); CMSIS
 * stm32l073xx.h / stm32l152xe.h (OB_TypeDef, FLASH_OPTR/OBR bits). */
#include <stdio.h>

#include "common/session_internal.h"
#include "flash_l0l1.h"
#include "option_bytes.h"

#define OB_BASE      0x1FF80000u
#define OB_RDP_OFF   0x00u
#define OB_USER_OFF  0x04u
/* WRP option words, 16 bits each: WRP01, WRP23, ..., WRP1415 (OB_TypeDef). */
static const uint8_t wrp_word_off[8] = { 0x08, 0x0C, 0x10, 0x14, 0x18, 0x1C, 0x80, 0x84 };
/* FLASH_WRPR1..4 (RM0038 §3.9.10; the L0 has WRPROT1/2 at 0x20/0x80). */
static const uint8_t wrpr_reg_off[4] = { 0x20, 0x80, 0x84, 0x88 };

#define OBR_RDP_MASK    0xFFu
#define OBR_WPRMOD      (1u << 8)      /* L0 */
#define OBR_USER_SHIFT  16u
#define RDP_LEVEL0      0xAAu

/* An option word erases and programs (two cycles, ~7 ms); the 1 -> 0
 * regression first erases program memory and data EEPROM.  openocd waits
 * 100 ms per word and 30 s for the regression. */
#define OB_WORD_EXPECT_MS     7u
#define OB_WORD_TIMEOUT_MS    100u
#define OB_REGRESS_EXPECT_MS  10u
#define OB_REGRESS_TIMEOUT_MS 30000u

/* ---- Field tables ---- */

#define BIT(nm, w, b, text) \
    { .name = nm, .word = w, .shift = b, .width = 1, .kind = STM32_OB_BOOL, .doc = text }
#define NUM(nm, w, b, n, text) \
    { .name = nm, .word = w, .shift = b, .width = n, .kind = STM32_OB_NUMBER, .doc = text }
#define END { .name = NULL }

#define RDP_FIELD                                                                              \
    { .name = "RDP", .word = L0L1_OB_OBR, .shift = 0, .width = 8, .kind = STM32_OB_RDP,        \
      .doc = "read-out protection: 0xAA level 0, 0xCC level 2 (permanent), any other value level 1" }
#define USER_FIELDS                                                                            \
    NUM("BOR_LEV", L0L1_OB_OBR, 16, 4,                                                          \
        "brown-out reset level: 0x0-0x7 off, 0x8 ~1.8 V, 0x9 ~2.0 V, 0xA ~2.5 V, 0xB ~2.7 V, "  \
        "0xC ~3.0 V"),                                                                         \
    BIT("IWDG_SW", L0L1_OB_OBR, 20, "1: independent watchdog started by software; 0: by hardware"), \
    BIT("nRST_STOP", L0L1_OB_OBR, 21, "0: entering Stop mode resets the chip; 1: no reset"),    \
    BIT("nRST_STDBY", L0L1_OB_OBR, 22, "0: entering Standby mode resets the chip; 1: no reset")
#define BFB2_FIELD                                                                             \
    BIT("BFB2", L0L1_OB_OBR, 23, "1: boot through the system memory, which starts bank 2 when it "\
        "holds a valid image; 0: boot bank 1")
#define L0_FIELDS                                                                              \
    BIT("WPRMOD", L0L1_OB_OBR, 8, "0: WRPR bits write-protect sectors; 1: they make sectors "   \
        "execute-only (PCROP)")
#define NBOOT1_FIELD                                                                           \
    BIT("nBOOT1", L0L1_OB_OBR, 31, "with BOOT0=1: 1 boots the system memory (bootloader), 0 SRAM")
#define WRPR(i, n)                                                                             \
    NUM("WRPR" #i, L0L1_OB_WRPR##i, 0, n, "write protection of 4 KiB sectors, one bit each "   \
        "(1 = protected)")

const struct stm32_ob_field l0l1_fields_l0[] = {
    RDP_FIELD, L0_FIELDS, USER_FIELDS, NBOOT1_FIELD, WRPR(1, 32), END,
};
/* L07x/L08x (cat.5): two banks at 128 and 192 KiB; 48 sectors at 192. */
static const struct stm32_ob_field fields_l0_dual_w1[] = {
    RDP_FIELD, L0_FIELDS, USER_FIELDS, BFB2_FIELD, NBOOT1_FIELD, WRPR(1, 32), END,
};
static const struct stm32_ob_field fields_l0_dual_w2[] = {
    RDP_FIELD, L0_FIELDS, USER_FIELDS, BFB2_FIELD, NBOOT1_FIELD, WRPR(1, 32), WRPR(2, 16), END,
};
/* L1: no nBOOT1 (BOOT1 is a pin); BFB2 on the dual-bank cat.4/5/6. */
static const struct stm32_ob_field fields_l1_w1[] = {
    RDP_FIELD, USER_FIELDS, WRPR(1, 32), END,
};
static const struct stm32_ob_field fields_l1_w2[] = {
    RDP_FIELD, USER_FIELDS, WRPR(1, 32), WRPR(2, 32), END,
};
static const struct stm32_ob_field fields_l1_dual_w3[] = {
    RDP_FIELD, USER_FIELDS, BFB2_FIELD, WRPR(1, 32), WRPR(2, 32), WRPR(3, 32), END,
};
static const struct stm32_ob_field fields_l1_dual_w4[] = {
    RDP_FIELD, USER_FIELDS, BFB2_FIELD, WRPR(1, 32), WRPR(2, 32), WRPR(3, 32), WRPR(4, 32), END,
};

static bool is_dual(const struct stm32_chip *c)
{
    const struct l0l1_row *row = l0l1_row_of(c);
    return row->dual_min_kib && c->flash_kib >= row->dual_min_kib;
}

const struct stm32_ob_field *l0l1_ob_fields_for(const struct stm32_chip *c)
{
    unsigned n = l0l1_wrpr_count(c);
    bool dual = is_dual(c);
    if (l0l1_row_of(c)->gen == L0L1_L0) {
        if (!dual)
            return l0l1_fields_l0;
        return n > 1 ? fields_l0_dual_w2 : fields_l0_dual_w1;
    }
    if (dual)
        return n > 3 ? fields_l1_dual_w4 : fields_l1_dual_w3;
    return n > 1 ? fields_l1_w2 : fields_l1_w1;
}

/* ---- Read ---- */

int l0l1_ob_read(struct stm32_chip *c, struct stm32_ob *ob)
{
    *ob = (struct stm32_ob){ { 0 } };
    int rc = arm_read32(c->t, l0l1_reg(c, L0L1_FLASH_OBR), &ob->word[L0L1_OB_OBR]);
    for (unsigned i = 0; !rc && i < l0l1_wrpr_count(c); i++)
        rc = arm_read32(c->t, l0l1_reg(c, wrpr_reg_off[i]), &ob->word[L0L1_OB_WRPR1 + i]);
    return rc;
}

/* ---- Write ---- */

static uint32_t with_complement(uint16_t v)
{
    return (uint32_t)v | ((uint32_t)(uint16_t)~v << 16);
}

/* Program one option word if it differs from what is stored. */
static int write_word(struct stm32_chip *c, uint32_t off, uint16_t value, bool regression)
{
    uint32_t want = with_complement(value), have = 0;
    int rc = arm_read32(c->t, OB_BASE + off, &have);
    if (!rc && have == want)
        return SD_OK;
    if (!rc)
        rc = arm_write32(c->t, OB_BASE + off, want);
    if (rc)
        return sd_fail(c->t->session, rc, SD_LOG_FLASH, "writing the option word at 0x%08x",
                       OB_BASE + off);
    char what[160];
    snprintf(what, sizeof what, "programming the option word at 0x%08x%s", OB_BASE + off,
             regression ? " (RDP regression: the chip erases its flash and data EEPROM)" : "");
    return l0l1_wait(c, regression ? OB_REGRESS_EXPECT_MS : OB_WORD_EXPECT_MS,
                     regression ? OB_REGRESS_TIMEOUT_MS : OB_WORD_TIMEOUT_MS, what);
}

/* The stored USER half-word with the bits OBR shows replaced: reserved
 * bits keep whatever the factory put there. */
static int user_value(struct stm32_chip *c, uint32_t obr, uint16_t *out)
{
    uint32_t stored;
    int rc = arm_read32(c->t, OB_BASE + OB_USER_OFF, &stored);
    if (rc)
        return rc;
    uint16_t shown = l0l1_row_of(c)->gen == L0L1_L0 ? 0xFFFFu : 0x00FFu;
    *out = (uint16_t)((stored & ~(uint32_t)shown) | ((obr >> OBR_USER_SHIFT) & shown));
    return SD_OK;
}

int l0l1_ob_write(struct stm32_chip *c, const struct stm32_ob *ob)
{
    uint32_t obr_now;
    int rc = arm_read32(c->t, l0l1_reg(c, L0L1_FLASH_OBR), &obr_now);
    if (!rc)
        rc = l0l1_unlock_keys(c, true);
    if (rc)
        return rc;
    uint32_t obr = ob->word[L0L1_OB_OBR];
    uint16_t user;
    rc = user_value(c, obr, &user);
    if (!rc)
        rc = write_word(c, OB_USER_OFF, user, false);
    unsigned words = 2u * l0l1_wrpr_count(c);
    for (unsigned i = 0; !rc && i < words; i++) {
        uint16_t v = (uint16_t)(ob->word[L0L1_OB_WRPR1 + i / 2u] >> (16u * (i % 2u)));
        rc = write_word(c, wrp_word_off[i], v, false);
    }
    /* RDP last: a regression erases everything before the new level is
     * stored; raising the level only matters after the reload. */
    uint16_t rdp = (uint16_t)(obr & OBR_RDP_MASK);
    if (l0l1_row_of(c)->gen == L0L1_L0)
        rdp |= (uint16_t)(obr & OBR_WPRMOD);
    uint8_t rdp_now = (uint8_t)(obr_now & OBR_RDP_MASK);
    bool regression = rdp_now != RDP_LEVEL0 && rdp_now != 0xCCu && (rdp & OBR_RDP_MASK) == RDP_LEVEL0;
    if (!rc)
        rc = write_word(c, OB_RDP_OFF, rdp, regression);
    if (rc) {
        arm_write32(c->t, l0l1_reg(c, L0L1_FLASH_PECR),
                    L0L1_PECR_PELOCK | L0L1_PECR_PRGLOCK | L0L1_PECR_OPTLOCK);
        return rc;
    }
    /* OBL_LAUNCH reloads the options and resets the chip; the write may
     * not be acknowledged (openocd ignores its result too). */
    sd_log(c->t->session, SD_LOG_INFO, SD_LOG_FLASH, "reloading the option bytes (OBL_LAUNCH)");
    arm_write32(c->t, l0l1_reg(c, L0L1_FLASH_PECR), L0L1_PECR_OBL_LAUNCH);
    sd_session_clear_error(c->t->session);
    return SD_OK;
}

/* ---- What locks a user out ---- */

static bool all_sectors(const struct stm32_chip *c, const struct stm32_ob *ob)
{
    unsigned sectors = c->flash_kib / 4u;
    for (unsigned s = 0; s < sectors; s++)
        if (!((ob->word[L0L1_OB_WRPR1 + s / 32u] >> (s % 32u)) & 1u))
            return false;
    return sectors > 0;
}

static bool any_sector(const struct stm32_chip *c, const struct stm32_ob *ob)
{
    for (unsigned i = 0; i < l0l1_wrpr_count(c); i++)
        if (ob->word[L0L1_OB_WRPR1 + i])
            return true;
    return false;
}

const char *l0l1_ob_irreversible(const struct stm32_chip *c, const struct stm32_ob *now,
                                 const struct stm32_ob *want)
{
    bool pcrop_now = (now->word[L0L1_OB_OBR] & OBR_WPRMOD) && any_sector(c, now);
    bool pcrop_want = (want->word[L0L1_OB_OBR] & OBR_WPRMOD) && any_sector(c, want);
    if (l0l1_row_of(c)->gen == L0L1_L0 && pcrop_want && !pcrop_now)
        return "WPRMOD=1 makes the WRPR sectors execute-only (PCROP): no debugger can read, "
               "program or erase them, and only an RDP 1 -> 0 regression, which erases the "
               "whole flash and data EEPROM, removes it";
    if (all_sectors(c, want) && !all_sectors(c, now))
        return "write-protecting every sector leaves no page that can be programmed or erased "
               "until the option bytes are changed back";
    return NULL;
}
