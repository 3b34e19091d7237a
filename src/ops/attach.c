/* Connecting to the chip behind a probe. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arm/link_stlink.h"
#include "common/session_internal.h"
#include "doctor/last_target.h"
#include "ops/target_internal.h"
#include "stlink/probe_internal.h"

/* Below this the chip is not powered: STM32 VDD minimum is 1.7-2.0 V
 * (datasheets); a floating VDD pin reads a few hundred mV. */
#define TARGET_MIN_MV 1600

static int check_power(struct sd_target *t)
{
    int mv = -1;
    int rc = stlink_target_mv(t->st, &mv);
    if (rc == SD_ERR_PROBE_FIRMWARE) {
        sd_session_clear_error(t->s); /* old firmware: cannot tell, go on */
        t->target_mv = -1;
        return SD_OK;
    }
    if (rc)
        return rc;
    t->target_mv = mv;
    if (mv < TARGET_MIN_MV)
        return sd_fail(t->s, SD_ERR_TARGET_POWER, SD_LOG_OPS,
                       "the probe measures %d.%02d V on the target's VDD pin (needs at least "
                       "1.6 V): is the board powered, and is pin 1 of the debug connector (VDD) "
                       "wired?", mv / 1000, (mv % 1000) / 10);
    return SD_OK;
}

/* Without --speed: 4 MHz (what most boards take, and twice the probe's
 * own default), then once more slowly if the target does not answer:
 * long or noisy wires often work at a lower clock.  The step-down is said
 * out loud; `swdoctor doctor` measures where the limit is. */
#define FAST_KHZ 4000u
#define SLOW_KHZ 480u

static int try_connect(struct sd_target *t, enum stlink_wire wire, enum stlink_connect how,
                       unsigned khz)
{
    int rc = stlink_set_speed(t->st, wire, khz, &t->speed_khz);
    if (rc == SD_ERR_PROBE_FIRMWARE)
        sd_session_clear_error(t->s);
    else if (rc)
        return rc;
    t->dp_idcode = 0;
    rc = stlink_enter(t->st, wire, how);
    if (!rc)
        rc = stlink_read_idcode(t->st, &t->dp_idcode);
    if (rc || t->dp_idcode == 0 || t->dp_idcode == 0xFFFFFFFFu)
        return sd_fail(t->s, SD_ERR_NO_TARGET, SD_LOG_OPS,
                       "no answer from the target's %s debug port at %u kHz (ID 0x%08x)",
                       wire == STLINK_SWD ? "SWD" : "JTAG", t->speed_khz, t->dp_idcode);
    return SD_OK;
}

static int enter_debug(struct sd_target *t)
{
    enum stlink_wire wire = t->opt.transport == SD_TRANSPORT_JTAG ? STLINK_JTAG : STLINK_SWD;
    enum stlink_connect how = t->opt.connect == SD_CONNECT_UNDER_RESET ? STLINK_CONNECT_UNDER_RESET
                              : t->opt.connect == SD_CONNECT_HOT_PLUG ? STLINK_CONNECT_HOTPLUG
                                                                       : STLINK_CONNECT_NORMAL;
    if (t->opt.speed_khz)
        return try_connect(t, wire, how, t->opt.speed_khz);
    int rc = try_connect(t, wire, how, FAST_KHZ);
    if (rc != SD_ERR_NO_TARGET)
        return rc;
    unsigned fast = t->speed_khz;
    stlink_leave_mode(t->st);
    sd_session_clear_error(t->s);
    rc = try_connect(t, wire, how, SLOW_KHZ);
    if (!rc)
        sd_log(t->s, SD_LOG_WARN, SD_LOG_OPS,
               "the target answered at %u kHz but not at %u kHz: long, loose or noisy debug "
               "wires? (`swdoctor doctor` finds the highest clock that works)",
               t->speed_khz, fast);
    return rc;
}

/* Under reset: NRST is low, the core cannot run.  Ask for a halt at the
 * reset vector, then let NRST go: no firmware instruction runs. */
static int finish_under_reset(struct sd_target *t)
{
    int rc = arm_write32(&t->core, ARM_DHCSR, ARM_DHCSR_DBGKEY | ARM_DHCSR_C_DEBUGEN |
                                                  ARM_DHCSR_C_HALT);
    if (!rc)
        rc = arm_write32(&t->core, ARM_DEMCR, ARM_DEMCR_TRCENA | ARM_DEMCR_VC_CORERESET);
    int rel = stlink_nrst(t->st, STLINK_NRST_RELEASE);
    if (!rc)
        rc = rel;
    if (!rc)
        rc = arm_wait_halt(&t->core, 500);
    if (!rc)
        rc = arm_write32(&t->core, ARM_DEMCR, ARM_DEMCR_TRCENA);
    return rc;
}

/* ---- When connecting fails: the most likely cause, if cheap to tell,
 * and a pointer to the doctor (issue 6, "Elsewhere"). ---- */

#define DOCTOR_HINT "run `swdoctor doctor` for a diagnosis"
#define HELD_CHECK_GAP_MS 5      /* a reset pulse is long over after this (RC on NRST) */

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* Rewrite the session's detail as "<detail>; <cause>; run `swdoctor
 * doctor` ...", keeping the error code.  cause NULL: only the pointer. */
static int explain(struct sd_target *t, int rc, const char *cause)
{
    char old[512];
    const char *d = sd_session_detail(t->s);
    if (strncmp(d, "ops: ", 5) == 0)
        d += 5;
    snprintf(old, sizeof old, "%s", d);
    sd_session_clear_error(t->s);
    return sd_fail(t->s, rc, SD_LOG_OPS, "%s%s%s; " DOCTOR_HINT, old, cause ? "; " : "",
                   cause ? cause : "");
}

/* With the probe's NRST released, a core that still shows S_RESET_ST on
 * two DHCSR reads 5 ms apart is held in reset by the board (ARMv7-M ARM
 * C1.6.2: S_RESET_ST clears on read once the core left reset). */
static bool core_held_in_reset(struct sd_target *t, uint32_t *dhcsr)
{
    uint32_t first;
    (void)stlink_nrst(t->st, STLINK_NRST_RELEASE);
    bool held = arm_read_dhcsr(&t->core, &first) == SD_OK &&
                (first & ARM_DHCSR_S_RESET_ST);
    if (held) {
        sleep_ms(HELD_CHECK_GAP_MS);
        held = arm_read_dhcsr(&t->core, dhcsr) == SD_OK && (*dhcsr & ARM_DHCSR_S_RESET_ST) &&
               !(*dhcsr & ARM_DHCSR_S_RETIRE_ST);
    }
    sd_session_clear_error(t->s);
    return held;
}

static const char nrst_cause[] =
    "the core stays in reset with the probe's NRST released: is NRST held low on the board "
    "(a reset switch or supervisor shorting it to GND)?";

static int explain_attach_failure(struct sd_target *t, int rc, bool debug_port_answered)
{
    if (rc == SD_ERR_TARGET_POWER)
        return explain(t, rc, NULL);   /* the voltage message says it all */
    if (!debug_port_answered) {
        if (t->opt.connect == SD_CONNECT_UNDER_RESET)
            return explain(t, rc, "not even with NRST held low: check the SWDIO, SWCLK, GND and "
                                  "NRST wires");
        return explain(t, rc, "the target may have disabled its SWD pins or be in low power: "
                              "try `--connect under-reset`");
    }
    uint32_t dhcsr;
    if (core_held_in_reset(t, &dhcsr))
        return explain(t, rc, nrst_cause);
    return explain(t, rc, NULL);
}

/* The last chip this probe reached, for the doctor (last_target.h). */
static void remember(struct sd_target *t)
{
    struct doctor_last_target lt = { .dev_id = stm32_dev_id(&t->chip),
                                     .when_s = (uint64_t)time(NULL) };
    snprintf(lt.probe_serial, sizeof lt.probe_serial, "%s", sd_probe_info(t->probe)->serial);
    snprintf(lt.part, sizeof lt.part, "%s", t->chip.part->name);
    snprintf(lt.family, sizeof lt.family, "%s", t->chip.part->family);
    doctor_last_target_save(&lt);
}

int sd_target_attach(struct sd_session *s, struct sd_probe *probe,
                     const struct sd_connect_options *opt, struct sd_target **out)
{
    if (!s || !probe || !out)
        return SD_ERR_INVALID_ARG;
    sd_session_clear_error(s);
    struct sd_target *t = calloc(1, sizeof *t);
    if (!t)
        return SD_ERR_NO_MEMORY;
    t->s = s;
    t->probe = probe;
    t->st = sd_probe_stlink(probe);
    if (opt)
        t->opt = *opt;
    t->core = (struct arm_target){ .session = s, .ops = &arm_stlink_link, .link = t->st };

    int rc = check_power(t);
    bool answered = false;
    if (!rc) {
        rc = enter_debug(t);
        answered = rc != SD_ERR_NO_TARGET;
    }
    if (!rc && t->opt.connect == SD_CONNECT_UNDER_RESET)
        rc = finish_under_reset(t);
    if (!rc)
        rc = stm32_identify(&t->chip, &t->core, t->target_mv > 0 ? (uint32_t)t->target_mv : 0);
    if (rc) {
        if (rc != SD_ERR_NO_MEMORY && rc != SD_ERR_INVALID_ARG)
            rc = explain_attach_failure(t, rc, answered);
        if (t->opt.connect == SD_CONNECT_UNDER_RESET)
            stlink_nrst(t->st, STLINK_NRST_RELEASE);
        free(t);
        return rc;
    }
    remember(t);
    sd_log(s, SD_LOG_INFO, SD_LOG_OPS, "%s (DEV_ID 0x%03x), %u KiB flash, %s, %u kHz",
           t->chip.part->name, stm32_dev_id(&t->chip), t->chip.flash_kib,
           stm32_core_name(t->chip.cpuid), t->speed_khz);
    *out = t;
    return SD_OK;
}

void sd_target_detach(struct sd_target *t)
{
    if (!t)
        return;
    stlink_leave_mode(t->st);
    free(t);
}

int sd_target_chip(struct sd_target *t, struct sd_chip_info *info)
{
    if (!t || !info)
        return SD_ERR_INVALID_ARG;
    sd_session_clear_error(t->s);
    memset(info, 0, sizeof *info);
    const struct stm32_chip *c = &t->chip;
    snprintf(info->part, sizeof info->part, "%s", c->part->name);
    snprintf(info->family, sizeof info->family, "%s", c->part->family);
    snprintf(info->core, sizeof info->core, "%s", stm32_core_name(c->cpuid));
    snprintf(info->flash_driver, sizeof info->flash_driver, "%s", c->part->flash->name);
    info->dev_id = stm32_dev_id(c);
    info->rev_id = stm32_rev_id(c);
    info->cpuid = c->cpuid;
    info->dp_idcode = t->dp_idcode;
    info->flash_base = c->part->flash_base;
    info->flash_kib = c->flash_kib;
    info->sram_kib = c->part->sram_kib;
    info->sectors = c->n_sectors;
    info->speed_khz = t->speed_khz;
    info->target_mv = t->target_mv;
    int rc = c->part->flash->read_protection(&t->chip, &info->rdp_level, &info->wrp_sectors);
    if (rc)
        return rc;
    enum arm_core_state st;
    rc = arm_state(&t->core, &st);
    if (!rc)
        snprintf(info->core_state, sizeof info->core_state, "%s", arm_core_state_name(st));
    return rc;
}

int ops_prepare_halted(struct sd_target *t)
{
    enum arm_core_state st;
    int rc = arm_state(&t->core, &st);
    if (rc)
        return rc;
    if (st == ARM_CORE_HALTED)
        return SD_OK;
    uint32_t dhcsr;
    if (st == ARM_CORE_RESET && core_held_in_reset(t, &dhcsr))
        return sd_fail(t->s, SD_ERR_TARGET_RESET, SD_LOG_OPS,
                       "cannot halt the core: DHCSR 0x%08x (S_RESET_ST): %s; " DOCTOR_HINT, dhcsr,
                       nrst_cause);
    if (t->opt.connect == SD_CONNECT_HOT_PLUG)
        rc = arm_halt(&t->core);
    else
        rc = arm_reset(&t->core, ARM_RESET_SYSTEM, true);
    if (rc && core_held_in_reset(t, &dhcsr))
        return explain(t, rc, nrst_cause);
    return rc;
}

int ops_check_unprotected(struct sd_target *t, const char *what)
{
    int rdp;
    uint64_t wrp;
    int rc = t->chip.part->flash->read_protection(&t->chip, &rdp, &wrp);
    if (rc)
        return rc;
    if (rdp == 0)
        return SD_OK;
    if (rdp == 2)
        return sd_fail(t->s, SD_ERR_PROTECTED, SD_LOG_OPS,
                       "cannot %s: the chip is at read-out protection level 2, which is "
                       "permanent; its flash can never be read or written by a debugger", what);
    return sd_fail(t->s, SD_ERR_PROTECTED, SD_LOG_OPS,
                   "cannot %s: the chip is read-out protected (RDP level 1), so the debugger may "
                   "not read or write its flash; `swdoctor rdp set 0 --yes` removes the "
                   "protection and erases the whole flash", what);
}
