/* `swdoctor recover`: bring back a board whose firmware takes debug access
 * away (SWD pins turned into GPIO, low power without DBGMCU bits, a
 * watchdog, a locked-up core) or whose flash is read-protected.
 *
 *   1. open the probe, measure the target voltage (no power: hardware step)
 *   2. connect under reset: NRST low while the probe enters SWD, a halt at
 *      the reset vector requested, NRST released: no firmware instruction
 *      runs (when that fails, recover_hw.c finds the hardware step)
 *   3. DBGMCU low-power debug bits and the IWDG freeze (stm32-families.md §5)
 *   4. RDP level 1: stop, unless --unlock regresses it to 0 (erases the
 *      whole flash, stm32-families.md §4.1); never anything else in the
 *      option bytes, never level 2
 *   5. erase the whole user flash unless --keep-firmware
 *   6. prove it: a plain connection, reset and run, a while later another
 *      plain connection in which halt and resume work. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <swdoctor/options.h>

#include "common/session_internal.h"
#include "ops/recover_internal.h"
#include "ops/target_internal.h"
#include "stm32/dbgmcu.h"

/* Below this the chip is not powered (same threshold as attach.c: STM32
 * VDD minimum is 1.7-2.0 V; a floating VDD pin reads a few hundred mV). */
#define TARGET_MIN_MV 1600
/* How long the firmware left in flash runs before the second plain
 * connection: firmware that turns the SWD pins off or sleeps does so in
 * its first milliseconds (CubeMX's MX_GPIO_Init runs right after clock
 * setup), so half a second shows whether debug access survives it. */
#define PROVE_RUN_MS 500u
/* ARMv7-M B3.2.5 VTOR: where the vector table is (reset value: the boot
 * address on M7/M33, 0 with the boot memory aliased there elsewhere). */
#define SCB_VTOR 0xE000ED08u
#define THUMB_BIT 1u

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { .tv_sec = ms / 1000u, .tv_nsec = (long)(ms % 1000u) * 1000000L };
    nanosleep(&ts, NULL);
}

void recover_step(struct recover *rc, const char *fmt, ...)
{
    struct sd_recover_report *r = rc->r;
    size_t max = sizeof r->steps / sizeof r->steps[0];
    /* Full: the last line is overwritten, so the final outcome is kept. */
    char *line = r->steps[r->n_steps < max ? r->n_steps++ : max - 1];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof r->steps[0], fmt, ap);
    va_end(ap);
    sd_log(rc->s, SD_LOG_INFO, SD_LOG_OPS, "recover: %s", line);
}

void recover_hardware(struct recover *rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rc->r->hardware_step, sizeof rc->r->hardware_step, fmt, ap);
    va_end(ap);
    sd_log(rc->s, SD_LOG_DEBUG, SD_LOG_OPS, "recover: hardware step: %s", rc->r->hardware_step);
}

static struct sd_connect_options connect_options(const struct recover *rc,
                                                 enum sd_connect_mode mode)
{
    return (struct sd_connect_options){ .speed_khz = rc->opt.speed_khz,
                                        .transport = rc->opt.transport, .connect = mode };
}

static int open_probe(struct recover *rc)
{
    int err = sd_probe_open(rc->s, rc->opt.probe_serial, &rc->probe);
    if (err)
        return err;
    const struct sd_probe_info *p = sd_probe_info(rc->probe);
    snprintf(rc->serial, sizeof rc->serial, "%s", p->serial);
    recover_step(rc, "probe: %s, firmware %s, serial %s", p->model,
                 p->firmware[0] ? p->firmware : "unknown", p->serial);
    return SD_OK;
}

static int check_power(struct recover *rc)
{
    int mv = -1;
    int err = sd_probe_target_voltage(rc->probe, &mv);
    if (err) {
        /* Old probe firmware cannot measure: the connection will tell. */
        sd_session_clear_error(rc->s);
        recover_step(rc, "target voltage: not measurable with this probe firmware");
        return SD_OK;
    }
    rc->target_mv = mv;
    recover_step(rc, "target voltage: %d.%02d V", mv / 1000, (mv % 1000) / 10);
    if (mv >= TARGET_MIN_MV)
        return SD_OK;
    recover_say_no_power(rc);
    return sd_fail(rc->s, SD_ERR_TARGET_POWER, SD_LOG_OPS,
                   "the target is not powered (%d.%02d V on VDD): nothing software can do",
                   mv / 1000, (mv % 1000) / 10);
}

/* Say where the core stopped: at the reset handler (nothing of the
 * firmware ran), or elsewhere (the probe's NRST did not reset the chip). */
static void describe_halt(struct recover *rc, const char *how)
{
    struct arm_target *core = &rc->t->core;
    const char *part = rc->t->chip.part->name;
    uint32_t pc = 0, vtor = 0, reset_pc = 0;
    bool have_pc = arm_reg_read(core, ARM_REG_PC, &pc) == SD_OK;
    bool have_vector = arm_read32(core, SCB_VTOR, &vtor) == SD_OK &&
                       arm_read32(core, vtor + 4u, &reset_pc) == SD_OK;
    sd_session_clear_error(rc->s);
    const struct stm32_debug_facts *f = stm32_debug_facts(&rc->t->chip);
    rc->in_bootloader = have_pc && f && f->sysmem_size && pc >= f->sysmem_base &&
                        pc - f->sysmem_base < f->sysmem_size;
    if (have_pc && have_vector && (pc & ~THUMB_BIT) == (reset_pc & ~THUMB_BIT))
        recover_step(rc, "%s: %s at %u kHz, core halted at the reset vector (0x%08x%s) before "
                         "any firmware instruction", how, part, rc->t->speed_khz, pc,
                     rc->in_bootloader ? ", in the ST bootloader: BOOT0 is high" : "");
    else if (have_pc && have_vector)
        recover_step(rc, "%s: %s at %u kHz, core halted at 0x%08x, not at the reset handler "
                         "0x%08x: the probe's NRST did not reset the chip, the firmware had run",
                     how, part, rc->t->speed_khz, pc, reset_pc & ~THUMB_BIT);
    else
        recover_step(rc, "%s: %s at %u kHz, core halted (the vector table cannot be read)", how,
                     part, rc->t->speed_khz);
}

/* The connection under reset failed but the debug port answers: connect
 * without reset and stop the core where it is (a core locked up fetching
 * its vectors from read-protected flash, or firmware that keeps SWD). */
static int connect_plain_and_halt(struct recover *rc)
{
    struct sd_connect_options co = connect_options(rc, SD_CONNECT_NORMAL);
    int err = sd_target_attach(rc->s, rc->probe, &co, &rc->t);
    if (!err)
        err = arm_halt(&rc->t->core);
    if (!err) {
        describe_halt(rc, "connected without reset");
        return SD_OK;
    }
    recover_step(rc, "connecting without reset failed too: %s", sd_session_detail(rc->s));
    recover_hardware(rc, "The debug port answers but the core cannot be stopped (%s). Power-cycle "
                         "the board and run `swdoctor doctor` for a diagnosis.",
                     sd_session_detail(rc->s));
    return err;
}

static int connect_under_reset(struct recover *rc)
{
    struct sd_connect_options co = connect_options(rc, SD_CONNECT_UNDER_RESET);
    int err = sd_target_attach(rc->s, rc->probe, &co, &rc->t);
    if (!err) {
        rc->r->connected_under_reset = 1;
        describe_halt(rc, "connected under reset");
        return SD_OK;
    }
    /* The detail without the advice attach appends after "; " (the
     * hardware step below is the advice here). */
    const char *detail = sd_session_detail(rc->s);
    const char *advice = strstr(detail, "; ");
    int keep = advice ? (int)(advice - detail) : (int)strlen(detail);
    if (keep <= (int)strlen("ops: "))
        keep = (int)strlen(detail);   /* no message before the advice: keep it all */
    recover_step(rc, "connecting under reset failed: %.*s", keep, detail);
    sd_session_clear_error(rc->s);
    if (recover_diagnose(rc, err))
        return connect_plain_and_halt(rc);
    return sd_fail(rc->s, err, SD_LOG_OPS,
                   "the chip cannot be reached in software: %s", rc->r->hardware_step);
}

static int keep_debug(struct recover *rc)
{
    struct stm32_chip *c = &rc->t->chip;
    const struct stm32_debug_facts *f = stm32_debug_facts(c);
    int err = f ? stm32_dbgmcu_keep_debug(c) : SD_ERR_UNKNOWN_CHIP;
    if (err == SD_ERR_UNKNOWN_CHIP) {
        sd_session_clear_error(rc->s);
        recover_step(rc, "DBGMCU: no debug facts for the %s family, left as it is",
                     c->part->family);
        return SD_OK;
    }
    uint32_t cr = 0;
    if (!err)
        err = arm_read32(&rc->t->core, f->dbgmcu_cr.addr, &cr);
    if (!err && (cr & f->dbgmcu_cr.bits) == f->dbgmcu_cr.bits) {
        rc->r->dbgmcu_set = 1;
        recover_step(rc, "DBGMCU: debug kept alive in low-power modes (DBGMCU_CR 0x%08x), "
                         "independent watchdog frozen while halted", cr);
    } else {
        /* Not fatal: erasing the firmware also stops it from sleeping. */
        recover_step(rc, "DBGMCU: the low-power debug bits could not be set (%s)",
                     err ? sd_session_detail(rc->s) : "they read back cleared");
    }
    sd_session_clear_error(rc->s);
    return SD_OK;
}

static int protection(struct recover *rc)
{
    int level = 0;
    int err = sd_rdp_get(rc->t, &level, NULL);
    if (err) {
        recover_step(rc, "read-out protection: cannot read it (%s)", sd_session_detail(rc->s));
        sd_session_clear_error(rc->s);
        return SD_OK;   /* the erase says whether the flash is open */
    }
    if (level == 0) {
        recover_step(rc, "read-out protection: level 0 (none)");
        return SD_OK;
    }
    if (level == 2) {
        recover_step(rc, "read-out protection: level 2 (permanent)");
        return sd_fail(rc->s, SD_ERR_PROTECTED, SD_LOG_OPS,
                       "the chip is at read-out protection level 2, which is permanent: its flash "
                       "can never be erased or written through the debug port");
    }
    if (!rc->opt.unlock) {
        recover_step(rc, "read-out protection: level 1; not changed without --unlock");
        return sd_fail(rc->s, SD_ERR_REFUSED, SD_LOG_OPS,
                       "the chip is read-out protected (RDP level 1): `swdoctor recover --unlock` "
                       "regresses it to level 0, which makes the chip erase its whole flash");
    }
    struct sd_ob_plan plan;
    memset(&plan, 0, sizeof plan);
    err = sd_rdp_set(rc->t, 0, SD_CONFIRM_ERASE, &plan);
    if (err) {
        recover_step(rc, "read-out protection: level 1 -> 0 failed: %s", sd_session_detail(rc->s));
        return err;
    }
    rc->r->unlocked = 1;
    rc->r->erased = 1;
    recover_step(rc, "read-out protection: level 1 -> 0 (--unlock); the chip erased its whole "
                     "flash");
    return SD_OK;
}

/* "0-1, 5" for a write-protection mask (bit n: sector n). */
static void format_sectors(uint64_t mask, unsigned n, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (unsigned i = 0; i < n && i < 64 && used < len; i++) {
        if (!(mask >> i & 1u))
            continue;
        unsigned j = i;
        while (j + 1 < n && j + 1 < 64 && (mask >> (j + 1) & 1u))
            j++;
        int w = j > i ? snprintf(buf + used, len - used, "%s%u-%u", used ? ", " : "", i, j)
                      : snprintf(buf + used, len - used, "%s%u", used ? ", " : "", i);
        used += w > 0 ? (size_t)w : 0;
        i = j;
    }
}

/* Write-protected sectors make the mass erase fail (WRPERR): erase every
 * run of unprotected sectors instead; recover never touches WRP (only the
 * RDP regression the user asked for is an option-byte change). */
static int erase_around_protection(struct recover *rc, uint64_t wrp)
{
    struct stm32_chip *c = &rc->t->chip;
    int err = SD_OK;
    for (unsigned i = 0; i < c->n_sectors && !err; i++) {
        if (i < 64 && (wrp >> i & 1u))
            continue;
        unsigned j = i;
        while (j + 1 < c->n_sectors && !(j + 1 < 64 && (wrp >> (j + 1) & 1u)))
            j++;
        uint32_t start = c->sectors[i].addr;
        uint32_t end = c->sectors[j].addr + c->sectors[j].size;
        err = sd_erase(rc->t, start, end - start, NULL, NULL);
        i = j;
    }
    char list[160];
    format_sectors(wrp, c->n_sectors, list, sizeof list);
    if (err) {
        recover_step(rc, "flash: erasing the unprotected sectors failed: %s",
                     sd_session_detail(rc->s));
        return err;
    }
    rc->r->erased = 1;
    recover_step(rc, "flash: erased every sector but the write-protected ones (sectors %s "
                     "keep their content; `swdoctor option-bytes show` lists them)", list);
    return SD_OK;
}

static int erase(struct recover *rc)
{
    if (rc->opt.keep_firmware) {
        recover_step(rc, "flash: firmware kept (--keep-firmware)");
        return SD_OK;
    }
    if (rc->r->erased)
        return SD_OK;   /* the RDP regression erased it */
    struct stm32_chip *c = &rc->t->chip;
    int rdp = 0;
    uint64_t wrp = 0;
    if (c->part->flash->read_protection(c, &rdp, &wrp) == SD_OK && wrp)
        return erase_around_protection(rc, wrp);
    sd_session_clear_error(rc->s);
    int err = sd_erase_all(rc->t);
    if (err) {
        recover_step(rc, "flash: erasing failed: %s", sd_session_detail(rc->s));
        return err;
    }
    rc->r->erased = 1;
    recover_step(rc, "flash: erased the whole user flash (%u KiB), the firmware is gone",
                 c->flash_kib);
    return SD_OK;
}

/* Let the core run from reset: no halt request, no vector catch. */
static int reset_and_run(struct sd_target *t)
{
    int err = arm_resume(&t->core);
    if (!err)
        err = arm_write32(&t->core, ARM_DEMCR, ARM_DEMCR_TRCENA);
    if (!err)
        err = sd_reset(t, 0, 0);
    return err;
}

static void say_not_answering(struct recover *rc, const char *when)
{
    recover_step(rc, "%s, a plain connection fails: %s", when, sd_session_detail(rc->s));
    if (rc->opt.keep_firmware)
        recover_hardware(rc, "The firmware kept in flash takes debug access away again as soon "
                             "as it runs: run `swdoctor recover` without --keep-firmware, then "
                             "fix the firmware (`swdoctor doctor --firmware APP.elf` names the "
                             "function).");
    else
        recover_hardware(rc, "The chip still does not answer a plain connection after recovery: "
                             "power-cycle the board and run `swdoctor doctor`.");
}

static int prove(struct recover *rc)
{
    sd_target_detach(rc->t);
    rc->t = NULL;
    struct sd_connect_options co = connect_options(rc, SD_CONNECT_NORMAL);
    struct sd_target *t = NULL;
    int err = sd_target_attach(rc->s, rc->probe, &co, &t);
    if (err) {
        say_not_answering(rc, "right after recovery");
        return err;
    }
    err = reset_and_run(t);
    sd_target_detach(t);
    if (err) {
        recover_step(rc, "reset and run failed: %s", sd_session_detail(rc->s));
        return err;
    }
    sleep_ms(PROVE_RUN_MS);

    err = sd_target_attach(rc->s, rc->probe, &co, &t);
    if (err) {
        char when[64];
        snprintf(when, sizeof when, "after a reset and %u ms of running", PROVE_RUN_MS);
        say_not_answering(rc, when);
        return err;
    }
    enum arm_core_state st = ARM_CORE_RUNNING;
    err = arm_halt(&t->core);
    if (!err)
        err = arm_state(&t->core, &st);
    if (!err && st != ARM_CORE_HALTED)
        err = sd_fail(rc->s, SD_ERR_TARGET_TIMEOUT, SD_LOG_OPS, "the core reports %s after a halt",
                      arm_core_state_name(st));
    if (!err)
        err = arm_resume(&t->core);
    if (err) {
        recover_step(rc, "plain connection works but halt/resume fails: %s",
                     sd_session_detail(rc->s));
        recover_hardware(rc, "The chip answers but its core cannot be halted: power-cycle the "
                             "board and run `swdoctor doctor`.");
        sd_target_detach(t);
        return err;
    }
    rc->r->answers_normally = 1;
    recover_step(rc, "check: after a reset and %u ms of running, a plain connection reaches %s at "
                     "%u kHz; halt and resume work", PROVE_RUN_MS, t->chip.part->name,
                 t->speed_khz);
    if (rc->in_bootloader)
        recover_step(rc, "note: the chip starts its ST bootloader (BOOT0 high): set BOOT0 low "
                         "and reset to run firmware from flash again");
    if (rc->opt.keep_firmware && rc->r->dbgmcu_set)
        recover_step(rc, "note: the DBGMCU bits last until the next power-on; firmware that sleeps "
                         "without them loses the debugger again after a power cycle");
    sd_target_detach(t);
    return SD_OK;
}

int sd_recover(struct sd_session *s, const struct sd_recover_options *opt,
               struct sd_recover_report *report)
{
    if (!s || !report)
        return SD_ERR_INVALID_ARG;
    memset(report, 0, sizeof *report);
    sd_session_clear_error(s);
    struct recover rc = { .s = s, .r = report, .target_mv = -1 };
    if (opt)
        rc.opt = *opt;

    int err = open_probe(&rc);
    if (!err)
        err = check_power(&rc);
    if (!err)
        err = connect_under_reset(&rc);
    if (!err) {
        snprintf(report->part, sizeof report->part, "%s", rc.t->chip.part->name);
        err = keep_debug(&rc);
    }
    if (!err)
        err = protection(&rc);
    if (!err)
        err = erase(&rc);
    if (!err)
        err = prove(&rc);
    else if (rc.t)
        sd_target_detach(rc.t);
    if (rc.probe)
        sd_probe_close(rc.probe);
    return err;
}
