/* Option bytes of the STM32F2/F4/F7 flash controller: FLASH_OPTCR (and
 * OPTCR1/OPTCR2 where the part has them) as named fields, the OPTKEYR /
 * OPTSTRT / BSY programming sequence and the reset that loads them.
 * Facts: RM0033 §2.4-2.5, RM0090 §3.6-3.7 and §3.9.6-3.9.7, RM0368/RM0383/
 * RM0390/RM0401/RM0402/RM0430 (F401/F411/F446/F410/F412/F413 OPTCR),
 * RM0385/RM0410/RM0431 §3.7 (F7); stm32-families.md §4.1-4.2. */
#include <stdio.h>
#include <time.h>

#include "common/session_internal.h"
#include "flash_f2f4_options.h"
#include "option_bytes.h"

/* Register offsets from the controller base (RM0090 §3.9, RM0385 §3.8). */
#define F2F4_FLASH_OPTKEYR 0x08u
#define F2F4_FLASH_SR      0x0Cu
#define F2F4_FLASH_OPTCR   0x14u
#define F2F4_FLASH_OPTCR1  0x18u /* F42x/43x/469 bank-2 nWRP; F7 BOOT_ADD0/1 */
#define F2F4_FLASH_OPTCR2  0x1Cu /* F72x/73x PCROP */

#define F2F4_OPTKEY1 0x08192A3Bu /* RM0090 §3.6.2 */
#define F2F4_OPTKEY2 0x4C5D6E7Fu

#define F2F4_SR_EOP    (1u << 0)
#define F2F4_SR_OPERR  (1u << 1)
#define F2F4_SR_WRPERR (1u << 4)
#define F2F4_SR_PGAERR (1u << 5)
#define F2F4_SR_PGPERR (1u << 6)
#define F2F4_SR_PGSERR (1u << 7)
#define F2F4_SR_BSY    (1u << 16)
#define F2F4_SR_ERRORS (F2F4_SR_OPERR | F2F4_SR_WRPERR | F2F4_SR_PGAERR | F2F4_SR_PGPERR | \
                        F2F4_SR_PGSERR)

/* FLASH_OPTCR (RM0090 §3.9.7, factory 0x0FFFAAED on F40x). */
#define F2F4_OPTCR_OPTLOCK    (1u << 0)
#define F2F4_OPTCR_OPTSTRT    (1u << 1)
#define F2F4_OPTCR_BOR_SHIFT  2
#define F2F4_OPTCR_BFB2       4  /* F42x/43x; WWDG_SW on F7 */
#define F2F4_OPTCR_WDG_SW     5  /* IWDG_SW on F7 */
#define F2F4_OPTCR_NRST_STOP  6
#define F2F4_OPTCR_NRST_STDBY 7
#define F2F4_OPTCR_RDP_SHIFT  8
#define F2F4_OPTCR_NWRP_SHIFT 16
#define F2F4_OPTCR_DB1M       30 /* F42x/43x; IWDG_STDBY on F7 */
#define F2F4_OPTCR_SPRMOD     31 /* F42x/F401/F41x/F446; IWDG_STOP on F7 */
#define F7_OPTCR_NDBOOT       28 /* F76x/77x */
#define F7_OPTCR_NDBANK       29
#define F7_OPTCR2_PCROP_RDP   31

/* Words of struct stm32_ob. */
enum { OB_OPTCR, OB_OPTCR1, OB_OPTCR2 };

/* Timing: RM0090 gives no figure for OPTSTRT; the option sector is taken
 * as one 16 KiB sector erase at x32 (DS8626: 250 ms typical).  A regression
 * to level 0 first mass-erases: up to 32 s per bank at x8 (openocd
 * stm32f2x.c), two banks on a 2 MiB F42x. */
#define F2F4_OB_EXPECT_MS 250u
#define F2F4_OB_TIMEOUT_MS 10000u
#define F2F4_OB_REGRESSION_TIMEOUT_MS 70000u
#define F2F4_MASS_ERASE_MS_PER_KIB 8u /* 1 MiB in ~8 s at x32 (DS8626) */
/* After the expected time, poll every 10 ms; a regression lasts seconds and
 * its PSIZE is not ours to choose (x8: 16 s per MiB), so every 100 ms. */
#define F2F4_OB_POLL_MS 10u
#define F2F4_OB_REGRESSION_POLL_MS 100u

#define RDP_FIELD                                                                               \
    { .name = "RDP", .word = OB_OPTCR, .shift = F2F4_OPTCR_RDP_SHIFT, .width = 8,                 \
      .kind = STM32_OB_RDP,                                                                     \
      .doc = "read-out protection: 0xAA level 0, 0xCC level 2 (permanent), any other value level 1" }
#define BOR_FIELD                                                                               \
    { .name = "BOR_LEV", .word = OB_OPTCR, .shift = F2F4_OPTCR_BOR_SHIFT, .width = 2,             \
      .kind = STM32_OB_NUMBER,                                                                  \
      .doc = "brown-out reset threshold: 3 off (POR/PDR only), 2 level 1 (~2.1 V), 1 level 2 "   \
             "(~2.4 V), 0 level 3 (~2.7 V)" }
#define BIT_FIELD(nm, w, bit, text)                                                             \
    { .name = nm, .word = w, .shift = bit, .width = 1, .kind = STM32_OB_BOOL, .doc = text }
#define NRST_FIELDS                                                                             \
    BIT_FIELD("nRST_STOP", OB_OPTCR, F2F4_OPTCR_NRST_STOP,                                      \
              "0: entering Stop mode resets the chip; 1: no reset"),                            \
    BIT_FIELD("nRST_STDBY", OB_OPTCR, F2F4_OPTCR_NRST_STDBY,                                    \
              "0: entering Standby mode resets the chip; 1: no reset")
#define NWRP_FIELD(nm, w, bits, text)                                                           \
    { .name = nm, .word = w, .shift = F2F4_OPTCR_NWRP_SHIFT, .width = bits,                     \
      .kind = STM32_OB_NUMBER, .doc = text }
#define NWRP_DOC "write protection, bit n = sector n: 0 protected, 1 writable"
#define NWRP_SPRMOD_DOC                                                                         \
    "bit n = sector n: SPRMOD=0: 0 write-protected, 1 writable; SPRMOD=1: 1 PCROP (execute-only), 0 normal"
#define SPRMOD_FIELD                                                                            \
    BIT_FIELD("SPRMOD", OB_OPTCR, F2F4_OPTCR_SPRMOD,                                            \
              "1: the nWRP bits select PCROP (execute-only) sectors instead of write protection")
#define F4_COMMON_FIELDS                                                                        \
    RDP_FIELD, BOR_FIELD,                                                                       \
    BIT_FIELD("WDG_SW", OB_OPTCR, F2F4_OPTCR_WDG_SW,                                            \
              "1: the independent watchdog is started by software; 0: it runs from reset"),     \
    NRST_FIELDS
#define END_FIELD { .name = NULL }

/* F2, F405/407/415/417: 12 sectors. */
const struct stm32_ob_field f2f4_ob_fields_f40x[] = {
    F4_COMMON_FIELDS,
    NWRP_FIELD("nWRP", OB_OPTCR, 12, NWRP_DOC),
    END_FIELD,
};

/* F42x/43x, F469/479: two banks of 12 sectors, dual-bank boot. */
static const struct stm32_ob_field fields_f42x[] = {
    F4_COMMON_FIELDS,
    BIT_FIELD("BFB2", OB_OPTCR, F2F4_OPTCR_BFB2,
              "1: boot from bank 2 when it holds a valid image (dual-bank boot)"),
    BIT_FIELD("DB1M", OB_OPTCR, F2F4_OPTCR_DB1M,
              "1: a 1 MiB part is organised as two banks of 512 KiB"),
    SPRMOD_FIELD,
    NWRP_FIELD("nWRP", OB_OPTCR, 12, "sectors 0-11 (bank 1): " NWRP_SPRMOD_DOC),
    NWRP_FIELD("nWRP_BANK2", OB_OPTCR1, 12, "sectors 12-23 (bank 2), bit n = sector 12+n: "
                                            "0 protected (SPRMOD=0) or 1 PCROP (SPRMOD=1)"),
    END_FIELD,
};

/* One bank with SPRMOD; nWRP as wide as the line's sector count. */
#define F4_SPRMOD_TABLE(id, bits)                                                               \
    static const struct stm32_ob_field id[] = {                                                 \
        F4_COMMON_FIELDS, SPRMOD_FIELD, NWRP_FIELD("nWRP", OB_OPTCR, bits, NWRP_SPRMOD_DOC),    \
        END_FIELD,                                                                              \
    }
F4_SPRMOD_TABLE(fields_f410, 5);  /* RM0401: 5 sectors */
F4_SPRMOD_TABLE(fields_f401, 8);  /* RM0368/RM0383/RM0390: up to 8 sectors (F401, F411, F446) */
F4_SPRMOD_TABLE(fields_f412, 12); /* RM0402 */
F4_SPRMOD_TABLE(fields_f413, 15); /* RM0430: nWRP14 covers sectors 14 and 15 */

/* F7 (RM0385 §3.7.x): separate watchdog bits, boot addresses in OPTCR1. */
#define F7_COMMON_FIELDS                                                                        \
    RDP_FIELD, BOR_FIELD,                                                                       \
    BIT_FIELD("WWDG_SW", OB_OPTCR, F2F4_OPTCR_BFB2,                                             \
              "1: the window watchdog is started by software; 0: by hardware"),                 \
    BIT_FIELD("IWDG_SW", OB_OPTCR, F2F4_OPTCR_WDG_SW,                                           \
              "1: the independent watchdog is started by software; 0: it runs from reset"),     \
    NRST_FIELDS,                                                                                \
    BIT_FIELD("IWDG_STDBY", OB_OPTCR, F2F4_OPTCR_DB1M,                                          \
              "0: the independent watchdog is frozen in Standby mode; 1: it runs"),             \
    BIT_FIELD("IWDG_STOP", OB_OPTCR, F2F4_OPTCR_SPRMOD,                                         \
              "0: the independent watchdog is frozen in Stop mode; 1: it runs"),                \
    { .name = "BOOT_ADD0", .word = OB_OPTCR1, .shift = 0, .width = 16, .kind = STM32_OB_NUMBER, \
      .doc = "boot address with BOOT0=0, in 16 KiB units (0x0080: flash on ITCM 0x00200000)" }, \
    { .name = "BOOT_ADD1", .word = OB_OPTCR1, .shift = 16, .width = 16,                         \
      .kind = STM32_OB_NUMBER,                                                                  \
      .doc = "boot address with BOOT0=1, in 16 KiB units (0x0040: system memory 0x00100000)" }

static const struct stm32_ob_field fields_f74x[] = {
    F7_COMMON_FIELDS,
    NWRP_FIELD("nWRP", OB_OPTCR, 8, NWRP_DOC),
    END_FIELD,
};

static const struct stm32_ob_field fields_f76x[] = {
    F7_COMMON_FIELDS,
    BIT_FIELD("nDBOOT", OB_OPTCR, F7_OPTCR_NDBOOT, "0: dual-bank boot enabled; 1: disabled"),
    BIT_FIELD("nDBANK", OB_OPTCR, F7_OPTCR_NDBANK,
              "1: single bank of 256 KiB sectors; 0: two banks (changing it scrambles the sector map)"),
    NWRP_FIELD("nWRP", OB_OPTCR, 12, NWRP_DOC " (two sectors per bit in dual-bank mode)"),
    END_FIELD,
};

static const struct stm32_ob_field fields_f72x[] = {
    F7_COMMON_FIELDS,
    NWRP_FIELD("nWRP", OB_OPTCR, 8, NWRP_DOC),
    { .name = "PCROP", .word = OB_OPTCR2, .shift = 0, .width = 8, .kind = STM32_OB_NUMBER,
      .doc = "bit n = sector n: 1 execute-only (PCROP), 0 normal" },
    BIT_FIELD("PCROP_RDP", OB_OPTCR2, F7_OPTCR2_PCROP_RDP,
              "1: an RDP 1 -> 0 regression erases the PCROP sectors too; 0: they stay"),
    END_FIELD,
};

/* Which table and which extra registers, by DEV_ID (stm32-families.md §1.2). */
struct f2f4_ob_layout {
    uint16_t dev_id;
    const struct stm32_ob_field *fields;
    bool optcr1, optcr2;
};

static const struct f2f4_ob_layout layouts[] = {
    { .dev_id = 0x411, .fields = f2f4_ob_fields_f40x },             /* F2 */
    { .dev_id = 0x413, .fields = f2f4_ob_fields_f40x },             /* F405/407 */
    { .dev_id = 0x419, .fields = fields_f42x, .optcr1 = true },     /* F42x/43x */
    { .dev_id = 0x434, .fields = fields_f42x, .optcr1 = true },     /* F469/479 */
    { .dev_id = 0x423, .fields = fields_f401 },                     /* F401xB/C */
    { .dev_id = 0x433, .fields = fields_f401 },                     /* F401xD/E */
    { .dev_id = 0x458, .fields = fields_f410 },
    { .dev_id = 0x431, .fields = fields_f401 },                     /* F411 */
    { .dev_id = 0x441, .fields = fields_f412 },
    { .dev_id = 0x463, .fields = fields_f413 },
    { .dev_id = 0x421, .fields = fields_f401 },                     /* F446 */
    { .dev_id = 0x449, .fields = fields_f74x, .optcr1 = true },     /* F74x/75x */
    { .dev_id = 0x451, .fields = fields_f76x, .optcr1 = true },     /* F76x/77x */
    { .dev_id = 0x452, .fields = fields_f72x, .optcr1 = true, .optcr2 = true }, /* F72x/73x */
};

static const struct f2f4_ob_layout default_layout = { .fields = f2f4_ob_fields_f40x };

static const struct f2f4_ob_layout *layout_of(const struct stm32_chip *c)
{
    uint16_t id = stm32_dev_id(c);
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++)
        if (layouts[i].dev_id == id)
            return &layouts[i];
    return &default_layout;
}

const struct stm32_ob_field *f2f4_ob_fields_for(const struct stm32_chip *c)
{
    return layout_of(c)->fields;
}

static uint32_t reg(const struct stm32_chip *c, uint32_t off)
{
    return c->part->flash_regs + off;
}

int f2f4_ob_read(struct stm32_chip *c, struct stm32_ob *ob)
{
    const struct f2f4_ob_layout *l = layout_of(c);
    int rc = arm_read32(c->t, reg(c, F2F4_FLASH_OPTCR), &ob->word[OB_OPTCR]);
    if (!rc && l->optcr1)
        rc = arm_read32(c->t, reg(c, F2F4_FLASH_OPTCR1), &ob->word[OB_OPTCR1]);
    if (!rc && l->optcr2)
        rc = arm_read32(c->t, reg(c, F2F4_FLASH_OPTCR2), &ob->word[OB_OPTCR2]);
    /* The control bits are not option bytes. */
    ob->word[OB_OPTCR] &= ~(F2F4_OPTCR_OPTLOCK | F2F4_OPTCR_OPTSTRT);
    return rc;
}

static int unlock_options(struct stm32_chip *c)
{
    uint32_t optcr;
    int rc = arm_read32(c->t, reg(c, F2F4_FLASH_OPTCR), &optcr);
    if (rc || !(optcr & F2F4_OPTCR_OPTLOCK))
        return rc;
    rc = arm_write32(c->t, reg(c, F2F4_FLASH_OPTKEYR), F2F4_OPTKEY1);
    if (!rc)
        rc = arm_write32(c->t, reg(c, F2F4_FLASH_OPTKEYR), F2F4_OPTKEY2);
    if (!rc)
        rc = arm_read32(c->t, reg(c, F2F4_FLASH_OPTCR), &optcr);
    if (!rc && (optcr & F2F4_OPTCR_OPTLOCK))
        rc = sd_fail(c->t->session, SD_ERR_FLASH, SD_LOG_FLASH,
                     "option bytes stayed locked after the OPTKEYR key sequence (FLASH_OPTCR "
                     "0x%08x); a wrong key locks them until the next reset", optcr);
    return rc;
}

static int check_sr(struct stm32_chip *c, uint32_t sr)
{
    if (!(sr & F2F4_SR_ERRORS))
        return SD_OK;
    arm_write32(c->t, reg(c, F2F4_FLASH_SR), sr & F2F4_SR_ERRORS);
    return sd_fail(c->t->session, SD_ERR_FLASH, SD_LOG_FLASH,
                   "programming the option bytes: FLASH_SR 0x%08x (%s%s%s%s)", sr,
                   (sr & F2F4_SR_WRPERR) ? "WRPERR " : "", (sr & F2F4_SR_PGSERR) ? "PGSERR " : "",
                   (sr & F2F4_SR_OPERR) ? "OPERR " : "",
                   (sr & (F2F4_SR_PGAERR | F2F4_SR_PGPERR)) ? "PGAERR/PGPERR" : "");
}

static int rdp_level_of_word(uint32_t optcr)
{
    static const uint32_t values[3] = F2F4_RDP_VALUES;
    return stm32_ob_rdp_level(values, (optcr >> F2F4_OPTCR_RDP_SHIFT) & 0xFFu);
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* SR.BSY clear: sleep the expected time, then poll every poll_ms. */
static int wait_done(struct stm32_chip *c, unsigned expect_ms, unsigned poll_ms,
                     unsigned timeout_ms, uint32_t *sr)
{
    sleep_ms(expect_ms);
    for (unsigned waited = expect_ms;; waited += poll_ms) {
        int rc = arm_read32(c->t, reg(c, F2F4_FLASH_SR), sr);
        if (rc || !(*sr & F2F4_SR_BSY))
            return rc;
        if (waited > timeout_ms)
            return sd_fail(c->t->session, SD_ERR_TARGET_TIMEOUT, SD_LOG_FLASH,
                           "option-byte programming still busy after %u ms (FLASH_SR 0x%08x)",
                           waited, *sr);
        sleep_ms(poll_ms);
    }
}

/* RM0090 §3.6.2 "Modifying user option bytes": unlock with OPTKEYR, wait
 * for BSY to clear, write the values, set OPTSTRT, wait for BSY; then a
 * reset, because F2/F4/F7 load option bytes at reset only (§4.1). */
int f2f4_ob_write(struct stm32_chip *c, const struct stm32_ob *ob)
{
    const struct f2f4_ob_layout *l = layout_of(c);
    uint32_t now, sr = 0;
    int rc = arm_read32(c->t, reg(c, F2F4_FLASH_OPTCR), &now);
    if (rc)
        return rc;
    bool regression = rdp_level_of_word(now) == 1 && rdp_level_of_word(ob->word[OB_OPTCR]) == 0;

    rc = stm32_wait_idle(c, reg(c, F2F4_FLASH_SR), F2F4_SR_BSY, 0, F2F4_OB_TIMEOUT_MS, &sr);
    if (!rc)
        rc = unlock_options(c);
    if (!rc) /* stale flags from earlier work would be taken for ours */
        rc = arm_write32(c->t, reg(c, F2F4_FLASH_SR), F2F4_SR_ERRORS | F2F4_SR_EOP);
    if (!rc && l->optcr1)
        rc = arm_write32(c->t, reg(c, F2F4_FLASH_OPTCR1), ob->word[OB_OPTCR1]);
    if (!rc && l->optcr2)
        rc = arm_write32(c->t, reg(c, F2F4_FLASH_OPTCR2), ob->word[OB_OPTCR2]);
    uint32_t value = ob->word[OB_OPTCR] & ~(F2F4_OPTCR_OPTLOCK | F2F4_OPTCR_OPTSTRT);
    if (!rc)
        rc = arm_write32(c->t, reg(c, F2F4_FLASH_OPTCR), value);
    if (!rc)
        rc = arm_write32(c->t, reg(c, F2F4_FLASH_OPTCR), value | F2F4_OPTCR_OPTSTRT);
    if (!rc) {
        unsigned expect = F2F4_OB_EXPECT_MS, timeout = F2F4_OB_TIMEOUT_MS;
        unsigned poll = F2F4_OB_POLL_MS;
        if (regression) {
            sd_log(c->t->session, SD_LOG_INFO, SD_LOG_FLASH,
                   "RDP 1 -> 0: the chip mass-erases %u KiB before it unlocks", c->flash_kib);
            expect += c->flash_kib * F2F4_MASS_ERASE_MS_PER_KIB;
            timeout = F2F4_OB_REGRESSION_TIMEOUT_MS;
            poll = F2F4_OB_REGRESSION_POLL_MS;
        }
        rc = wait_done(c, expect, poll, timeout, &sr);
    }
    if (!rc)
        rc = check_sr(c, sr);
    /* Relock whatever happened. */
    arm_write32(c->t, reg(c, F2F4_FLASH_OPTCR), value | F2F4_OPTCR_OPTLOCK);
    if (rc)
        return rc;
    /* Load the new values: a system reset (the chip then runs its
     * firmware; the caller reconnects and reads back). */
    return arm_reset(c->t, ARM_RESET_SYSTEM, false);
}

/* Sector i's bit: bank 1 in OPTCR from bit 0, bank 2 (F42x) in OPTCR1;
 * F413's last bit covers the last two sectors. */
static bool nwrp_bit(const struct stm32_ob_field *fields, const struct stm32_ob *ob, unsigned i)
{
    const struct stm32_ob_field *b1 = stm32_ob_find(fields, "nWRP");
    const struct stm32_ob_field *b2 = stm32_ob_find(fields, "nWRP_BANK2");
    if (!b1)
        return true;
    if (i >= b1->width && b2)
        return i - b1->width < b2->width ? (stm32_ob_get(ob, b2) >> (i - b1->width)) & 1u : true;
    if (i >= b1->width)
        i = b1->width - 1u;
    return (stm32_ob_get(ob, b1) >> i) & 1u;
}

static unsigned sectors_with_bit(const struct stm32_chip *c, const struct stm32_ob_field *fields,
                                 const struct stm32_ob *ob, bool bit)
{
    unsigned n = 0;
    for (unsigned i = 0; i < c->n_sectors; i++)
        n += nwrp_bit(fields, ob, i) == bit;
    return n;
}

static uint32_t field(const struct stm32_ob_field *fields, const struct stm32_ob *ob, const char *name)
{
    const struct stm32_ob_field *f = stm32_ob_find(fields, name);
    return f ? stm32_ob_get(ob, f) : 0;
}

/* What no debugger can simply undo (the caller deals with RDP 2). */
const char *f2f4_ob_irreversible(const struct stm32_chip *c, const struct stm32_ob *now,
                                 const struct stm32_ob *want)
{
    const struct stm32_ob_field *fields = layout_of(c)->fields;
    bool has_sprmod = stm32_ob_find(fields, "SPRMOD") != NULL;
    bool sprmod_now = has_sprmod && field(fields, now, "SPRMOD");
    bool sprmod_want = has_sprmod && field(fields, want, "SPRMOD");
    /* RM0090 §3.7.5: with SPRMOD=1 an nWRP bit of 1 makes its sector
     * execute-only; leaving that mode needs an RDP 1 -> 0 regression in
     * the same step, which erases the flash. */
    if (sprmod_want && sectors_with_bit(c, fields, want, true) &&
        (!sprmod_now || sectors_with_bit(c, fields, want, true) > sectors_with_bit(c, fields, now, true)))
        return "SPRMOD=1 turns every sector whose nWRP bit is 1 into execute-only (PCROP) memory "
               "that nobody can read, program or erase any more; only raising RDP to level 1 "
               "and lowering it to 0 with SPRMOD=0 in the same step (which erases the whole "
               "flash) removes it";
    /* F72x PCROP (RM0431 §3.7.5): kept for ever when PCROP_RDP=0. */
    if (field(fields, want, "PCROP") & ~field(fields, now, "PCROP"))
        return field(fields, want, "PCROP_RDP")
                   ? "PCROP makes sectors execute-only: nobody can read, program or erase them "
                     "any more until an RDP 1 -> 0 regression erases the whole flash"
                   : "PCROP with PCROP_RDP=0 makes sectors execute-only for good: not even an "
                     "RDP regression removes it";
    if (!sprmod_want && c->n_sectors && sectors_with_bit(c, fields, want, false) == c->n_sectors &&
        sectors_with_bit(c, fields, now, false) != c->n_sectors)
        return "this write-protects every flash sector: nothing can be erased or programmed any "
               "more (not a sector, not a mass erase, not an RDP regression) until the nWRP bits "
               "are set back to 1";
    return NULL;
}
