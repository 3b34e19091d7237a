/* Option bytes of the STM32H7 (RM0433, RM0399 (dual core), RM0468,
 * RM0455 FLASH option registers; stm32-families.md §4.2 "H7"): no
 * memory-mapped image, only *_CUR registers (loaded values) and *_PRG
 * registers (values to program).  Sequence: OPTKEYR keys, write the PRG
 * registers, clear OPTCHANGEERR, OPTCR.OPTSTART, wait for OPTSR_CUR.OPT_BUSY
 * to clear, check OPTCHANGEERR, relock.  The chip loads the new values by
 * itself (no reset; SWAP_BANK waits for the next one). */
#include <stdio.h>
#include <time.h>

#include "common/session_internal.h"
#include "flash_h7.h"
#include "option_bytes.h"

#define H7_OPTKEY1 0x08192A3Bu /* stm32-families.md §2 key table */
#define H7_OPTKEY2 0x4C5D6E7Fu

#define H7_OPTCR_OPTLOCK  (1u << 0)
#define H7_OPTCR_OPTSTART (1u << 1)
#define H7_OPTSR_OPT_BUSY (1u << 0)
#define H7_OPTSR_OPTCHANGEERR (1u << 30)
#define H7_OPTCCR_CLR_OPTCHANGEERR (1u << 30)
#define H7_OPTSR_RDP_SHIFT 8

/* OPTSR bit positions (CMSIS stm32h743xx.h / stm32h747xx.h FLASH_OPTSR_*) */
#define OPTSR_BOR_LEV      2
#define OPTSR_IWDG1_SW     4
#define OPTSR_IWDG2_SW     5
#define OPTSR_NRST_STOP_D1 6
#define OPTSR_NRST_STBY_D1 7
#define OPTSR_FZ_IWDG_STOP 17
#define OPTSR_FZ_IWDG_SDBY 18
#define OPTSR_SECURITY     21
#define OPTSR_BCM4         22
#define OPTSR_BCM7         23
#define OPTSR_NRST_STOP_D2 24
#define OPTSR_NRST_STBY_D2 25
#define OPTSR_IO_HSLV      29
#define OPTSR_SWAP_BANK    31

/* No datasheet figure for an option change; ~300 ms was observed (§3).
 * A regression to level 0 first erases both banks (up to ~10 s at x64,
 * openocd allows 30 s for a mass erase). */
#define H7_OB_EXPECT_MS 300u
#define H7_OB_TIMEOUT_MS 5000u
#define H7_OB_REGRESSION_TIMEOUT_MS 60000u
#define H7_OB_POLL_MS 10u

#define BIT_FIELD(nm, bit, text) \
    { .name = nm, .word = H7_OB_OPTSR, .shift = bit, .width = 1, .kind = STM32_OB_BOOL, .doc = text }
#define RDP_FIELD                                                                              \
    { .name = "RDP", .word = H7_OB_OPTSR, .shift = H7_OPTSR_RDP_SHIFT, .width = 8,              \
      .kind = STM32_OB_RDP,                                                                    \
      .doc = "read-out protection: 0xAA level 0, 0xCC level 2 (permanent), any other value level 1" }
#define BOR_FIELD                                                                              \
    { .name = "BOR_LEV", .word = H7_OB_OPTSR, .shift = OPTSR_BOR_LEV, .width = 2,               \
      .kind = STM32_OB_NUMBER,                                                                 \
      .doc = "brown-out reset threshold: 0 off (POR/PDR only), 1 ~2.1 V, 2 ~2.4 V, 3 ~2.7 V" }
#define COMMON_FIELDS                                                                          \
    RDP_FIELD, BOR_FIELD,                                                                      \
    BIT_FIELD("IWDG1_SW", OPTSR_IWDG1_SW,                                                      \
              "1: watchdog IWDG1 is started by software; 0: it runs from reset"),             \
    BIT_FIELD("nRST_STOP_D1", OPTSR_NRST_STOP_D1,                                              \
              "0: the D1 domain entering DStop resets the chip; 1: no reset"),                \
    BIT_FIELD("nRST_STBY_D1", OPTSR_NRST_STBY_D1,                                              \
              "0: the D1 domain entering DStandby resets the chip; 1: no reset"),             \
    BIT_FIELD("FZ_IWDG_STOP", OPTSR_FZ_IWDG_STOP,                                              \
              "0: the independent watchdog is frozen in Stop mode; 1: it runs"),              \
    BIT_FIELD("FZ_IWDG_SDBY", OPTSR_FZ_IWDG_SDBY,                                              \
              "0: the independent watchdog is frozen in Standby mode; 1: it runs"),           \
    BIT_FIELD("SECURITY", OPTSR_SECURITY,                                                      \
              "1: secure access mode (root secure services at boot); cannot be turned off"),  \
    BIT_FIELD("IO_HSLV", OPTSR_IO_HSLV,                                                        \
              "1: I/O high-speed at low voltage (only when VDD is below 2.7 V)")
#define SWAP_FIELD                                                                             \
    BIT_FIELD("SWAP_BANK", OPTSR_SWAP_BANK,                                                    \
              "1: bank 2 appears at 0x08000000 and bank 1 at 0x08100000 (after a reset)")
#define WPSN_FIELD(nm, w, bits, text)                                                          \
    { .name = nm, .word = w, .shift = 0, .width = bits, .kind = STM32_OB_NUMBER, .doc = text }
#define WPSN_DOC " write protection, bit n = sector n: 0 protected, 1 writable"
#define WPSN_GROUP_DOC " write protection, bit n = sectors 4n..4n+3: 0 protected, 1 writable"
#define ADDR_FIELD(nm, w, sh, text)                                                            \
    { .name = nm, .word = w, .shift = sh, .width = 16, .kind = STM32_OB_NUMBER, .doc = text }
#define END_FIELD { .name = NULL }

/* H742/743/750/753 (RM0433): one core, two banks of 8 sectors. */
static const struct stm32_ob_field fields_h74x[] = {
    COMMON_FIELDS, SWAP_FIELD,
    ADDR_FIELD("BOOT_ADD0", H7_OB_BOOT, 0, "boot address with BOOT0=0, bits 31:16 (0x0800: flash)"),
    ADDR_FIELD("BOOT_ADD1", H7_OB_BOOT, 16,
               "boot address with BOOT0=1, bits 31:16 (0x1FF0: system memory)"),
    WPSN_FIELD("WPSN1", H7_OB_WPSN1, 8, "bank 1" WPSN_DOC),
    WPSN_FIELD("WPSN2", H7_OB_WPSN2, 8, "bank 2" WPSN_DOC),
    END_FIELD,
};

/* H745/747/755/757 (RM0399): two cores, each with its boot addresses. */
static const struct stm32_ob_field fields_h74x_dual[] = {
    COMMON_FIELDS, SWAP_FIELD,
    BIT_FIELD("IWDG2_SW", OPTSR_IWDG2_SW,
              "1: watchdog IWDG2 (Cortex-M4) is started by software; 0: it runs from reset"),
    BIT_FIELD("nRST_STOP_D2", OPTSR_NRST_STOP_D2,
              "0: the D2 domain entering DStop resets the chip; 1: no reset"),
    BIT_FIELD("nRST_STBY_D2", OPTSR_NRST_STBY_D2,
              "0: the D2 domain entering DStandby resets the chip; 1: no reset"),
    BIT_FIELD("BCM7", OPTSR_BCM7, "1: the Cortex-M7 boots at reset; 0: it waits for the M4"),
    BIT_FIELD("BCM4", OPTSR_BCM4, "1: the Cortex-M4 boots at reset; 0: it waits for the M7"),
    ADDR_FIELD("BOOT_CM7_ADD0", H7_OB_BOOT, 0, "Cortex-M7 boot address with BOOT0=0, bits 31:16"),
    ADDR_FIELD("BOOT_CM7_ADD1", H7_OB_BOOT, 16, "Cortex-M7 boot address with BOOT0=1, bits 31:16"),
    ADDR_FIELD("BOOT_CM4_ADD0", H7_OB_BOOT4, 0, "Cortex-M4 boot address with BOOT0=0, bits 31:16"),
    ADDR_FIELD("BOOT_CM4_ADD1", H7_OB_BOOT4, 16, "Cortex-M4 boot address with BOOT0=1, bits 31:16"),
    WPSN_FIELD("WPSN1", H7_OB_WPSN1, 8, "bank 1" WPSN_DOC),
    WPSN_FIELD("WPSN2", H7_OB_WPSN2, 8, "bank 2" WPSN_DOC),
    END_FIELD,
};

/* H723/725/730/733/735 (RM0468): one bank. */
static const struct stm32_ob_field fields_h72x[] = {
    COMMON_FIELDS,
    ADDR_FIELD("BOOT_ADD0", H7_OB_BOOT, 0, "boot address with BOOT0=0, bits 31:16 (0x0800: flash)"),
    ADDR_FIELD("BOOT_ADD1", H7_OB_BOOT, 16,
               "boot address with BOOT0=1, bits 31:16 (0x1FF0: system memory)"),
    WPSN_FIELD("WPSN1", H7_OB_WPSN1, 8, "bank 1" WPSN_DOC),
    END_FIELD,
};

/* H7A3/B3/B0 (RM0455): two banks of 128 sectors, WPSN per 4 sectors. */
static const struct stm32_ob_field fields_h7a3[] = {
    COMMON_FIELDS, SWAP_FIELD,
    ADDR_FIELD("BOOT_ADD0", H7_OB_BOOT, 0, "boot address with BOOT0=0, bits 31:16 (0x0800: flash)"),
    ADDR_FIELD("BOOT_ADD1", H7_OB_BOOT, 16,
               "boot address with BOOT0=1, bits 31:16 (0x1FF0: system memory)"),
    WPSN_FIELD("WPSN1", H7_OB_WPSN1, 32, "bank 1" WPSN_GROUP_DOC),
    WPSN_FIELD("WPSN2", H7_OB_WPSN2, 32, "bank 2" WPSN_GROUP_DOC),
    END_FIELD,
};

const struct stm32_ob_field *h7_ob_fields_for(const struct stm32_chip *c)
{
    const struct h7_row *r = h7_row_of(c);
    if (r->cd_layout)
        return fields_h7a3;
    if (r->banks < 2)
        return fields_h72x;
    return h7_dual_core(c) ? fields_h74x_dual : fields_h74x;
}

static uint32_t reg(const struct stm32_chip *c, uint32_t off)
{
    return c->part->flash_regs + off;
}

int h7_ob_read(struct stm32_chip *c, struct stm32_ob *ob)
{
    bool dual_bank = h7_row_of(c)->banks > 1;
    int rc = arm_read32(c->t, reg(c, H7_FLASH_OPTSR_CUR), &ob->word[H7_OB_OPTSR]);
    if (!rc)
        rc = arm_read32(c->t, reg(c, H7_FLASH_BOOT_CUR), &ob->word[H7_OB_BOOT]);
    if (!rc && h7_dual_core(c))
        rc = arm_read32(c->t, reg(c, H7_FLASH_BOOT4_CUR), &ob->word[H7_OB_BOOT4]);
    if (!rc)
        rc = arm_read32(c->t, reg(c, H7_FLASH_WPSN_CUR), &ob->word[H7_OB_WPSN1]);
    if (!rc && dual_bank)
        rc = arm_read32(c->t, reg(c, H7_FLASH_WPSN_CUR + H7_BANK2_REGS), &ob->word[H7_OB_WPSN2]);
    /* Status bits are not option bytes. */
    ob->word[H7_OB_OPTSR] &= ~(H7_OPTSR_OPT_BUSY | H7_OPTSR_OPTCHANGEERR);
    return rc;
}

static int unlock_options(struct stm32_chip *c)
{
    uint32_t optcr;
    int rc = arm_read32(c->t, reg(c, H7_FLASH_OPTCR), &optcr);
    if (rc || !(optcr & H7_OPTCR_OPTLOCK))
        return rc;
    rc = arm_write32(c->t, reg(c, H7_FLASH_OPTKEYR), H7_OPTKEY1);
    if (!rc)
        rc = arm_write32(c->t, reg(c, H7_FLASH_OPTKEYR), H7_OPTKEY2);
    if (!rc)
        rc = arm_read32(c->t, reg(c, H7_FLASH_OPTCR), &optcr);
    if (!rc && (optcr & H7_OPTCR_OPTLOCK))
        rc = sd_fail(c->t->session, SD_ERR_FLASH, SD_LOG_FLASH,
                     "option bytes stayed locked after the OPTKEYR key sequence (FLASH_OPTCR "
                     "0x%08x); a wrong key locks them until the next reset", optcr);
    return rc;
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static int wait_not_busy(struct stm32_chip *c, unsigned expect_ms, unsigned timeout_ms,
                         uint32_t *optsr)
{
    sleep_ms(expect_ms);
    for (unsigned waited = expect_ms;; waited += H7_OB_POLL_MS) {
        int rc = arm_read32(c->t, reg(c, H7_FLASH_OPTSR_CUR), optsr);
        if (rc || !(*optsr & H7_OPTSR_OPT_BUSY))
            return rc;
        if (waited > timeout_ms)
            return sd_fail(c->t->session, SD_ERR_TARGET_TIMEOUT, SD_LOG_FLASH,
                           "option-byte programming still busy after %u ms (FLASH_OPTSR_CUR "
                           "0x%08x)", waited, *optsr);
        sleep_ms(H7_OB_POLL_MS);
    }
}

static int rdp_level_of(uint32_t optsr)
{
    static const uint32_t values[3] = H7_RDP_VALUES;
    return stm32_ob_rdp_level(values, (optsr >> H7_OPTSR_RDP_SHIFT) & 0xFFu);
}

int h7_ob_write(struct stm32_chip *c, const struct stm32_ob *ob)
{
    bool dual_bank = h7_row_of(c)->banks > 1, dual_core = h7_dual_core(c);
    uint32_t now, optsr = 0;
    int rc = wait_not_busy(c, 0, H7_OB_TIMEOUT_MS, &now);
    if (rc)
        return rc;
    bool regression = rdp_level_of(now) == 1 && rdp_level_of(ob->word[H7_OB_OPTSR]) == 0;
    rc = unlock_options(c);
    uint32_t value = ob->word[H7_OB_OPTSR] & ~(H7_OPTSR_OPT_BUSY | H7_OPTSR_OPTCHANGEERR);
    if (!rc)
        rc = arm_write32(c->t, reg(c, H7_FLASH_OPTSR_PRG), value);
    if (!rc)
        rc = arm_write32(c->t, reg(c, H7_FLASH_BOOT_PRG), ob->word[H7_OB_BOOT]);
    if (!rc && dual_core)
        rc = arm_write32(c->t, reg(c, H7_FLASH_BOOT4_PRG), ob->word[H7_OB_BOOT4]);
    if (!rc)
        rc = arm_write32(c->t, reg(c, H7_FLASH_WPSN_PRG), ob->word[H7_OB_WPSN1]);
    if (!rc && dual_bank)
        rc = arm_write32(c->t, reg(c, H7_FLASH_WPSN_PRG + H7_BANK2_REGS), ob->word[H7_OB_WPSN2]);
    if (!rc) /* a stale OPTCHANGEERR would be taken for ours */
        rc = arm_write32(c->t, reg(c, H7_FLASH_OPTCCR), H7_OPTCCR_CLR_OPTCHANGEERR);
    if (!rc)
        rc = arm_write32(c->t, reg(c, H7_FLASH_OPTCR), H7_OPTCR_OPTSTART);
    if (!rc) {
        unsigned expect = H7_OB_EXPECT_MS, timeout = H7_OB_TIMEOUT_MS;
        if (regression) {
            sd_log(c->t->session, SD_LOG_INFO, SD_LOG_FLASH,
                   "RDP 1 -> 0: the chip erases both flash banks (%u KiB) before it unlocks",
                   c->flash_kib);
            expect += 2 * h7_row_of(c)->bank_erase_ms;
            timeout = H7_OB_REGRESSION_TIMEOUT_MS;
        }
        rc = wait_not_busy(c, expect, timeout, &optsr);
    }
    if (!rc && (optsr & H7_OPTSR_OPTCHANGEERR)) {
        arm_write32(c->t, reg(c, H7_FLASH_OPTCCR), H7_OPTCCR_CLR_OPTCHANGEERR);
        rc = sd_fail(c->t->session, SD_ERR_FLASH, SD_LOG_FLASH,
                     "the chip refused the option change (OPTCHANGEERR, FLASH_OPTSR_CUR 0x%08x): "
                     "at RDP level 2 the option bytes can no longer change", optsr);
    }
    /* Relock whatever happened; the values are already loaded. */
    arm_write32(c->t, reg(c, H7_FLASH_OPTCR), H7_OPTCR_OPTLOCK);
    return rc;
}

static uint32_t field(const struct stm32_ob_field *fields, const struct stm32_ob *ob, const char *name,
                      uint32_t absent)
{
    const struct stm32_ob_field *f = stm32_ob_find(fields, name);
    return f ? stm32_ob_get(ob, f) : absent;
}

static bool all_protected(const struct stm32_ob_field *fields, const struct stm32_ob *ob)
{
    return field(fields, ob, "WPSN1", 0) == 0 && field(fields, ob, "WPSN2", 0) == 0;
}

/* What no debugger can simply undo (the caller deals with RDP 2). */
const char *h7_ob_irreversible(const struct stm32_chip *c, const struct stm32_ob *now,
                               const struct stm32_ob *want)
{
    const struct stm32_ob_field *fields = h7_ob_fields_for(c);
    if (field(fields, want, "SECURITY", 0) && !field(fields, now, "SECURITY", 0))
        return "SECURITY=1 turns on the secure access mode for good: the root secure services "
               "run at every boot and no option change or RDP regression turns it off again";
    bool boots_now = field(fields, now, "BCM7", 1) || field(fields, now, "BCM4", 1);
    bool boots_want = field(fields, want, "BCM7", 1) || field(fields, want, "BCM4", 1);
    if (boots_now && !boots_want)
        return "BCM7=0 together with BCM4=0 means neither the Cortex-M7 nor the Cortex-M4 boots "
               "at reset: no firmware runs any more, and getting a core going again needs "
               "ST's recovery procedure";
    if (all_protected(fields, want) && !all_protected(fields, now))
        return "this write-protects every flash sector of both banks: nothing can be erased or "
               "programmed any more (not a sector, not a bank erase) until the WPSN bits are "
               "set back to 1";
    return NULL;
}
