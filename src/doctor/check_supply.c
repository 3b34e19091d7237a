/* STM32H7 power-supply configuration (stm32-families.md §6.2): firmware
 * that writes PWR_CR3 for a supply the board is not wired for (LDO on an
 * SMPS board, direct SMPS on an LDO board) leaves VCORE unsupplied; the
 * debug port goes dead within milliseconds of every power-on, even under
 * reset.  PWR_CR3 is write-once per power-on, so nothing software does
 * over SWD helps: BOOT0 high and a power cycle keep the firmware from
 * running, then `swdoctor recover` erases it.
 *
 * Two cases:
 *  - nothing answers (d->reach == REACH_NONE) with the target powered, and
 *    the last-target record says this probe last reached an H7: likely a
 *    supply lock-up (the record is what tells it from a loose wire);
 *  - the H7 answers (booted with BOOT0 = 1, or healthy): read PWR_CR3 and
 *    PWR_CSR1 and say what they hold; a finding only when the running
 *    firmware is stuck with ACTVOSRDY low.
 *
 * Runs after check_wire/check_reset; for the first case check_wire must
 * return DOCTOR_NEXT (not STOP) when no answer came from a powered target,
 * so this check gets to look. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/session_internal.h"
#include "doctor/doctor_internal.h"

/* PWR (stm32-families.md §6.2; RM0433 §6.8). */
#define H7_PWR_CSR1          0x58024804u
#define PWR_CSR1_ACTVOSRDY   (1u << 13)
#define PWR_CSR1_ACTVOS_SHIFT 14u
#define PWR_CSR1_ACTVOS_MASK 3u
#define PWR_CR3_BYPASS       (1u << 0)
#define PWR_CR3_LDOEN        (1u << 1)
#define PWR_CR3_SMPSEN       (1u << 2)      /* SCUEN on parts without SMPS */
#define PWR_CR3_SMPSEXTHP    (1u << 3)
#define PWR_CR3_SMPSLEVEL_SHIFT 4u
#define PWR_CR3_SMPSLEVEL_MASK 3u
#define PWR_CR3_RESET        0x00000006u    /* LDOEN + SMPSEN/SCUEN (SVD) */
#define PWR_CR3_SUPPLY_BITS  0x3Fu
/* Below this the board is not powered (as check_power says). */
#define POWERED_MV           1600

static void describe_cr3(uint32_t cr3, char *buf, size_t len)
{
    uint32_t lvl = (cr3 >> PWR_CR3_SMPSLEVEL_SHIFT) & PWR_CR3_SMPSLEVEL_MASK;
    if ((cr3 & PWR_CR3_SUPPLY_BITS) == PWR_CR3_RESET) {
        snprintf(buf, len, "LDOEN + bit 2 (SMPSEN/SCUEN): the reset value, supply not "
                           "configured since power-on");
        return;
    }
    snprintf(buf, len, "%s%s%s%s%s%s", cr3 & PWR_CR3_BYPASS ? "BYPASS " : "",
             cr3 & PWR_CR3_LDOEN ? "LDOEN " : "", cr3 & PWR_CR3_SMPSEN ? "SMPSEN " : "",
             cr3 & PWR_CR3_SMPSEXTHP ? "SMPSEXTHP " : "",
             lvl == 1 ? "SMPSLEVEL=1.8V " : lvl == 2 ? "SMPSLEVEL=2.5V " : "",
             !(cr3 & (PWR_CR3_BYPASS | PWR_CR3_LDOEN | PWR_CR3_SMPSEN)) ? "every regulator off"
                                                                          : "");
}

static void when_text(uint64_t when_s, char *buf, size_t len)
{
    time_t now = time(NULL);
    if (!when_s || (uint64_t)now < when_s) {
        snprintf(buf, len, "at an unknown time");
        return;
    }
    uint64_t ago = (uint64_t)now - when_s;
    if (ago < 120)
        snprintf(buf, len, "%llu s ago", (unsigned long long)ago);
    else if (ago < 7200)
        snprintf(buf, len, "%llu min ago", (unsigned long long)(ago / 60));
    else if (ago < 172800)
        snprintf(buf, len, "%llu h ago", (unsigned long long)(ago / 3600));
    else
        snprintf(buf, len, "%llu days ago", (unsigned long long)(ago / 86400));
}

static void dead_h7(struct doctor *d, const struct doctor_last_target *lt)
{
    char when[32];
    when_text(lt->when_s, when, sizeof when);
    struct sd_finding *f = doctor_find(
        d, "power-supply-config-mismatch", SD_CONFIDENCE_LIKELY,
        "this probe reached an %s %s and now nothing answers with the board powered: "
        "the firmware likely selects a power supply (LDO/SMPS) the board is not wired for",
        lt->part[0] ? lt->part : "STM32H7", when);
    doctor_evidence(f, "last target", "%s (DEV_ID 0x%03x) through this probe, %s",
                    lt->part[0] ? lt->part : "an STM32H7", lt->dev_id, when);
    doctor_evidence(f, "SWD", "no answer at any clock, nor with NRST held low");
    if (d->target_mv >= 0)
        doctor_evidence(f, "target voltage", "%d.%02d V", d->target_mv / 1000,
                        (d->target_mv % 1000) / 10);
    else
        doctor_evidence(f, "target voltage", "not measurable with this probe firmware");
    doctor_candidate(f, "the firmware's HAL_PWREx_ConfigSupply() (PWR_CR3) does not match the "
                        "board's supply wiring: with BOOT0 high and a power cycle the chip "
                        "answers again");
    doctor_candidate(f, "the debug wiring came loose (SWDIO/SWCLK/GND): the chip would not "
                        "answer with BOOT0 high either; check continuity");
    doctor_candidate(f, "read-out protection level 2 was set: permanent, nothing answers ever, "
                        "whatever BOOT0 says");
    doctor_candidate(f, "the chip is damaged (no answer with BOOT0 high, supply current off)");
    doctor_fix(f, "Set BOOT0 high (the bootloader does not touch PWR_CR3), power-cycle the board "
                  "(a reset is not enough: the supply setting is kept until power-off), run "
                  "`swdoctor recover`, set BOOT0 low; in the firmware pass the board's supply to "
                  "HAL_PWREx_ConfigSupply() (PWR_LDO_SUPPLY or PWR_DIRECT_SMPS_SUPPLY as the "
                  "schematic says).");
}

static void live_h7(struct doctor *d)
{
    uint32_t cr3 = 0, csr1 = 0;
    if (arm_read32(&d->core, d->facts->pwr_cr3, &cr3) != SD_OK ||
        arm_read32(&d->core, H7_PWR_CSR1, &csr1) != SD_OK) {
        sd_session_clear_error(d->s);
        doctor_step(d, "supply", "PWR_CR3/PWR_CSR1 could not be read");
        return;
    }
    char bits[120];
    describe_cr3(cr3, bits, sizeof bits);
    bool ready = csr1 & PWR_CSR1_ACTVOSRDY;
    unsigned vos = (csr1 >> PWR_CSR1_ACTVOS_SHIFT) & PWR_CSR1_ACTVOS_MASK;
    doctor_step(d, "supply", "PWR_CR3 0x%08x (%s); PWR_CSR1 0x%08x (ACTVOSRDY %u, ACTVOS %u)",
                cr3, bits, csr1, ready, vos);
    if (ready || (cr3 & PWR_CR3_SUPPLY_BITS) == PWR_CR3_RESET)
        return;
    /* Configured, and the voltage never became ready: firmware waiting for
     * ACTVOSRDY forever (HAL_PWREx_ConfigSupply's timeout loop). */
    struct sd_finding *f = doctor_find(
        d, "power-supply-config-mismatch", SD_CONFIDENCE_LIKELY,
        "the firmware configured the power supply (PWR_CR3) and the core voltage never became "
        "ready: the setting does not match the board");
    doctor_evidence(f, "PWR_CR3", "0x%08x (%s)", cr3, bits);
    doctor_evidence(f, "PWR_CSR1", "0x%08x (ACTVOSRDY 0)", csr1);
}

enum doctor_flow check_supply(struct doctor *d)
{
    if (d->reach == REACH_NONE) {
        if (d->target_mv >= 0 && d->target_mv < POWERED_MV)
            return DOCTOR_NEXT;                   /* unpowered: check_power says so */
        struct doctor_last_target lt;
        if (!d->probe_info.serial[0] || !doctor_last_target_load(d->probe_info.serial, &lt))
            return DOCTOR_NEXT;
        if (!stm32_family_has_supply_lock(lt.family)) {
            doctor_step(d, "supply", "this probe last reached %s (not an H7)", lt.part);
            return DOCTOR_NEXT;
        }
        dead_h7(d, &lt);
        return DOCTOR_NEXT;
    }
    if (!d->facts || !d->facts->pwr_cr3 || !doctor_core_ready(d))
        return DOCTOR_NEXT;
    if (d->nrst_low) {
        doctor_step(d, "supply", "NRST is held low: PWR_CR3 is at its reset value now");
        return DOCTOR_NEXT;
    }
    live_h7(d);
    return DOCTOR_NEXT;
}
