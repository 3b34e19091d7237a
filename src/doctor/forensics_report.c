/* Forensics findings: where the firmware did it (address, function,
 * file, line from --firmware), the finding per verdict and its fix, and
 * what is left to say when the firmware cannot be watched. */
#include <stdio.h>
#include <string.h>

#include "doctor/doctor_internal.h"
#include "doctor/forensics.h"

void fx_locate(struct fx *x, uint32_t pc, const struct watch_reg *w, uint32_t value,
               struct sd_code_location *loc)
{
    memset(loc, 0, sizeof *loc);
    loc->address = pc;
    loc->register_addr = w->addr;
    loc->value = value;
    snprintf(loc->register_name, sizeof loc->register_name, "%s", w->name);
    if (x->elf && pc)
        elf_lines_lookup(x->elf, pc, loc->function, sizeof loc->function, loc->file,
                         sizeof loc->file, &loc->line);
}

/* "MX_GPIO_Init (main.c:212)", "MX_GPIO_Init at 0x08000234", "the instruction at 0x08000234". */
void fx_where_text(const struct sd_code_location *loc, char *buf, size_t len)
{
    if (loc->function[0] && loc->line)
        snprintf(buf, len, "%s (%s:%u)", loc->function, loc->file, loc->line);
    else if (loc->function[0])
        snprintf(buf, len, "%s at 0x%08x", loc->function, loc->address);
    else if (loc->address)
        snprintf(buf, len, "the instruction at 0x%08x", loc->address);
    else
        snprintf(buf, len, "the firmware");
}

static const char *finding_for(enum watch_verdict v)
{
    switch (v) {
    case VERDICT_PINS: return "debug-pins-disabled-by-firmware";
    case VERDICT_LOW_POWER: return "low-power-without-debug";
    case VERDICT_WATCHDOG: return "watchdog-resets-core";
    default: return NULL;
    }
}

const char *fx_fix_for(enum watch_verdict v, const struct stm32_debug_facts *f)
{
    switch (v) {
    case VERDICT_PINS:
        return f->afio_mapr ? "Keep SWJ_CFG at SW-DP (in CubeMX set SYS > Debug to Serial Wire); "
                              "to get the board back now: `swdoctor recover`."
                            : "Leave PA13/PA14 in AF0 (in CubeMX set SYS > Debug to Serial Wire); "
                              "to get the board back now: `swdoctor recover`.";
    case VERDICT_LOW_POWER:
        return "Set the DBGMCU low-power debug bits while debugging (HAL_DBGMCU_EnableDBGStopMode()"
               ") or do not enter STOP/STANDBY in debug builds; to get the board back now: "
               "`swdoctor recover`.";
    case VERDICT_WATCHDOG:
        return "Refresh the watchdog (HAL_IWDG_Refresh) in the main loop, and freeze it while "
               "halted (DBGMCU DBG_IWDG_STOP, __HAL_DBGMCU_FREEZE_IWDG()).";
    default:
        return "";
    }
}

/* A finding with its location; reuses one an earlier check made for the
 * same cause (check_core sees the symptom, we see the instruction). */
void fx_report(struct fx *x, enum watch_verdict v, enum sd_confidence c,
               const struct sd_code_location *loc, const char *why)
{
    const char *id = finding_for(v);
    if (!id)
        return;
    char where[220];
    fx_where_text(loc, where, sizeof where);
    char cause[512];
    snprintf(cause, sizeof cause, "%s writes %s = 0x%08x: %s", where, loc->register_name,
             loc->value, why);
    struct sd_finding *fd = NULL;
    for (size_t i = 0; i < x->d->r->n_findings; i++)
        if (strcmp(x->d->r->findings[i].id, id) == 0)
            fd = &x->d->r->findings[i];
    if (!fd) {
        fd = doctor_find(x->d, id, c, "%s", cause);
    } else {
        size_t n = strlen(cause) < sizeof fd->cause - 1 ? strlen(cause) : sizeof fd->cause - 1;
        memcpy(fd->cause, cause, n);
        fd->cause[n] = '\0';
    }
    fd->has_location = 1;
    fd->location = *loc;
    doctor_fix(fd, "%s", fx_fix_for(v, x->f));
    doctor_evidence(fd, "write", "%s (0x%08x) = 0x%08x", loc->register_name, loc->register_addr,
                    loc->value);
    if (loc->address)
        doctor_evidence(fd, "instruction", "0x%08x%s%s", loc->address,
                        loc->function[0] ? " in " : "", loc->function);
    if (v == VERDICT_LOW_POWER && x->f->dbgmcu_cr.addr) {
        /* The proof: deep sleep is about to start while DBGMCU_CR lacks
         * DBG_STOP, so the debug clocks stop with the core's. */
        uint32_t cr = 0;
        if (arm_read32(&x->d->core, x->f->dbgmcu_cr.addr, &cr) == SD_OK)
            doctor_evidence(fd, "DBGMCU_CR", "0x%08x at 0x%08x: DBG_STOP %s", cr,
                            x->f->dbgmcu_cr.addr, (cr & x->f->dbgmcu_stop_bit) ? "set" : "clear");
        sd_session_clear_error(x->d->s);
    }
    if (v == VERDICT_LOW_POWER && x->f->pwr_mode.addr) {
        uint32_t pwr = 0;
        if (arm_read32(&x->d->core, x->f->pwr_mode.addr, &pwr) == SD_OK)
            doctor_evidence(fd, "PWR mode register", "0x%08x at 0x%08x (low-power mode bits "
                            "0x%08x)", pwr, x->f->pwr_mode.addr, pwr & x->f->pwr_mode.bits);
        sd_session_clear_error(x->d->s);
    }
    /* Seen when the debugger polled: an upper bound, not the instant. */
    doctor_evidence(fd, "time", "at most %llu ms after reset",
                    (unsigned long long)(fx_now_ms() - x->t_start_ms));
    x->harmful = true;
}

/* The reset flags say who reset the chip (RCC_CSR IWDGRSTF). */
void fx_watchdog_evidence(struct fx *x)
{
    const struct stm32_debug_facts *f = x->f;
    uint32_t csr;
    if (!f->rcc_reset_flags || arm_read32(&x->d->core, f->rcc_reset_flags, &csr) != SD_OK) {
        sd_session_clear_error(x->d->s);
        return;
    }
    for (size_t i = 0; i < x->d->r->n_findings; i++) {
        struct sd_finding *fd = &x->d->r->findings[i];
        if (strcmp(fd->id, "watchdog-resets-core") != 0)
            continue;
        bool have = false;   /* check_core may have said it already */
        for (size_t k = 0; k < fd->n_evidence; k++)
            have |= strstr(fd->evidence[k].name, "reset flags") != NULL;
        if (!have)
            doctor_evidence(fd, "reset flags", "0x%08x: IWDG reset flag %s", csr,
                            (csr & f->iwdg_reset_flag) ? "set" : "clear");
    }
}
void forensics_only_under_reset(struct doctor *d, enum sd_confidence c, const char *why)
{
    struct sd_finding *fd = doctor_find(
        d, "debug-pins-disabled-by-firmware", c,
        "the chip answers only while NRST holds it in reset: its firmware takes the SWD pins "
        "(or stops the debug clock) once it runs");
    doctor_evidence(fd, "SWD", "no answer with a plain connect; DP IDCODE 0x%08x under reset",
                    d->dp_idcode);
    doctor_evidence(fd, "forensics", "%s", why);
    doctor_candidate(fd, "firmware turns PA13/PA14 into GPIO (CubeMX SYS > Debug: No Debug): "
                     "run `swdoctor doctor --firmware APP.elf` on an unprotected chip to see "
                     "the instruction");
    doctor_candidate(fd, "firmware enters STOP/STANDBY without DBGMCU debug bits: the same "
                     "forensics run tells");
    if (doctor_has(d, "rdp-level-1"))
        doctor_fix(fd, "Run `swdoctor recover --unlock` (read protection is on: it regresses RDP "
                       "to 0, which erases the whole flash, and the firmware with it), then keep "
                       "PA13/PA14 for debug in the firmware (CubeMX: SYS > Debug = Serial Wire).");
}
