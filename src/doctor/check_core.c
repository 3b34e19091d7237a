/* The core's run state, read without halting it first (DHCSR, ARMv7-M ARM
 * C1.6.2): locked up, asleep in a low-power mode that drops debug, or
 * reset over and over by the independent watchdog.
 *
 * DHCSR is readable while the core runs; S_RESET_ST and S_RETIRE_ST are
 * sticky and cleared by the read, so a poll sees every reset that happened
 * between two reads.  Registers (PC, xPSR) need a halted core: they are
 * read only once a lockup is established, and the core is let go again. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arm/link_stlink.h"
#include "common/session_internal.h"
#include "doctor/doctor_internal.h"

/* SCB (ARMv7-M ARM B3.2): SCR.SLEEPDEEP, VTOR. */
#define SCB_SCR           0xE000ED10u
#define SCB_SCR_SLEEPDEEP (1u << 2)
#define SCB_VTOR          0xE000ED08u
/* CPUID.PARTNO (bits 15:4): ARMv6-M cores have no CFSR/HFSR. */
#define CPUID_PARTNO(x)   (((x) >> 4) & 0xFFFu)
#define PARTNO_CM0        0xC20u
#define PARTNO_CM0P       0xC60u
#define XPSR_IPSR_MASK    0x1FFu

/* How long to look (virtual time on the bench). */
#define SAMPLES           8
#define SAMPLE_GAP_MS     2
#define RESET_WATCH_MS    300     /* nobody resets a healthy board this often */
#define RESET_WATCH_MAX_MS 2500   /* to time a slow watchdog once resets are seen */
#define RESET_POLL_MS     2
#define RESETS_TO_TIME    2       /* periods measured before stopping */
#define SETTLE_MS         50      /* after letting a halted core go */
/* A blank chip: the vector table and the code after it read erased. */
#define BLANK_CHECK_BYTES 1024

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);   /* virtual on the bench */
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

bool doctor_core_ready(struct doctor *d)
{
    if (!d->identified || !d->st)
        return false;
    if (d->reach != REACH_NORMAL && d->reach != REACH_UNDER_RESET)
        return false;
    if (!d->core.ops)
        d->core = (struct arm_target){ .session = d->s, .ops = &arm_stlink_link, .link = d->st };
    if (d->connected)
        return true;
    uint32_t id = 0;
    enum stlink_connect how = d->reach == REACH_UNDER_RESET ? STLINK_CONNECT_UNDER_RESET
                                                            : STLINK_CONNECT_NORMAL;
    bool ok = doctor_try_connect(d, how, d->best_khz, &id);
    sd_session_clear_error(d->s);
    return ok && d->connected;
}

/* ---- words for fault registers ---- */

static const struct { uint32_t bit; const char *text; } cfsr_bits[] = {
    { 1u << 0, "IACCVIOL (instruction fetch from a forbidden region)" },
    { 1u << 1, "DACCVIOL (data access violation)" },
    { 1u << 3, "MUNSTKERR" }, { 1u << 4, "MSTKERR" },
    { 1u << 8, "IBUSERR (instruction fetch bus error)" },
    { 1u << 9, "PRECISERR (data bus error)" },
    { 1u << 10, "IMPRECISERR (imprecise data bus error)" },
    { 1u << 11, "UNSTKERR (bus error on exception return)" },
    { 1u << 12, "STKERR (bus error stacking for an exception: bad stack pointer)" },
    { 1u << 16, "UNDEFINSTR (undefined instruction)" },
    { 1u << 17, "INVSTATE (Thumb bit clear: a jump to an even address or an erased vector)" },
    { 1u << 18, "INVPC (bad EXC_RETURN)" },
    { 1u << 19, "NOCP (coprocessor/FPU disabled)" },
    { 1u << 24, "UNALIGNED" }, { 1u << 25, "DIVBYZERO" },
};

static const struct { uint32_t bit; const char *text; } hfsr_bits[] = {
    { 1u << 1, "VECTTBL (bus fault reading the vector table)" },
    { 1u << 30, "FORCED (escalated configurable fault)" },
    { 1u << 31, "DEBUGEVT" },
};

#define DESCRIBE(table, v, buf, len)                                                  \
    do {                                                                          \
        size_t used_ = 0;                                                         \
        (buf)[0] = 0;                                                             \
        for (size_t i_ = 0; i_ < sizeof(table) / sizeof(table)[0]; i_++)          \
            if (((v) & (table)[i_].bit) && used_ < (len))                         \
                used_ += (size_t)snprintf((buf) + used_, (len) - used_, "%s%s",   \
                                          used_ ? ", " : "", (table)[i_].text);   \
        if (!used_)                                                               \
            snprintf((buf), (len), "no fault bit set");                           \
    } while (0)

static const char *exception_name(uint32_t ipsr)
{
    switch (ipsr) {
    case 0: return "thread mode";
    case 1: return "Reset";
    case 2: return "NMI";
    case 3: return "HardFault";
    case 4: return "MemManage";
    case 5: return "BusFault";
    case 6: return "UsageFault";
    case 11: return "SVCall";
    case 14: return "PendSV";
    case 15: return "SysTick";
    }
    return ipsr >= 16 ? "an interrupt handler" : "a reserved exception";
}

/* Is `sp` a plausible initial stack pointer: in SRAM (0x20000000, or the
 * H7 AXI/D2/D3 SRAMs, or CCM at 0x10000000)? */
static bool sp_in_ram(const struct doctor *d, uint32_t sp)
{
    uint32_t kib = d->chip.part ? d->chip.part->sram_kib : 0;
    if (sp > 0x20000000u && sp <= 0x20000000u + kib * 1024u)
        return true;
    return (sp > 0x24000000u && sp <= 0x24100000u) ||    /* H7 AXI SRAM */
           (sp > 0x30000000u && sp <= 0x30048000u) ||    /* H7 D2 SRAM */
           (sp > 0x10000000u && sp <= 0x10010000u);      /* CCM / SRAM2 */
}

static void lockup_finding(struct doctor *d, uint32_t dhcsr)
{
    struct arm_target *t = &d->core;
    uint32_t pc = 0, xpsr = 0, vtor = 0, vec[2] = { 0, 0 }, cfsr = 0, hfsr = 0;
    bool halted = arm_halt(t) == SD_OK;
    bool regs = halted && arm_reg_read(t, ARM_REG_PC, &pc) == SD_OK &&
                arm_reg_read(t, ARM_REG_XPSR, &xpsr) == SD_OK;
    bool armv6m = CPUID_PARTNO(d->chip.cpuid) == PARTNO_CM0 ||
                  CPUID_PARTNO(d->chip.cpuid) == PARTNO_CM0P;
    bool faults = !armv6m && arm_read32(t, ARM_CFSR, &cfsr) == SD_OK &&
                  arm_read32(t, ARM_HFSR, &hfsr) == SD_OK;
    if (armv6m || arm_read32(t, SCB_VTOR, &vtor) != SD_OK)
        vtor = 0;
    bool vectors = arm_mem_read(t, vtor, vec, sizeof vec) == SD_OK;
    sd_session_clear_error(d->s);

    /* Erased flash reads 0xFF bytes, 0x00 on L0/L1 (stm32_erased_byte). */
    uint32_t blank = d->chip.part && d->chip.part->flash->erased_zero ? 0u : 0xFFFFFFFFu;
    bool erased = vectors && vec[0] == blank && vec[1] == blank;
    struct sd_finding *f = doctor_find(
        d, "core-lockup", SD_CONFIDENCE_CERTAIN, "%s",
        erased ? "the core is locked up: the vector table is erased (no firmware, or firmware "
                 "linked to another address)"
               : "the core is locked up: a fault happened while it could not take a fault "
                 "(inside the HardFault handler, or with a bad stack or vector table)");
    doctor_evidence(f, "DHCSR", "0x%08x (S_LOCKUP%s)", dhcsr,
                    dhcsr & ARM_DHCSR_S_HALT ? ", S_HALT" : "");
    if (regs) {
        doctor_evidence(f, "PC", "0x%08x", pc);
        doctor_evidence(f, "xPSR", "0x%08x (IPSR %u: %s)", xpsr, xpsr & XPSR_IPSR_MASK,
                        exception_name(xpsr & XPSR_IPSR_MASK));
    }
    if (faults) {
        char words[200];
        DESCRIBE(cfsr_bits, cfsr, words, sizeof words);
        doctor_evidence(f, "CFSR", "0x%08x: %s", cfsr, words);
        DESCRIBE(hfsr_bits, hfsr, words, sizeof words);
        doctor_evidence(f, "HFSR", "0x%08x: %s", hfsr, words);
    }
    if (vectors) {
        doctor_evidence(f, "initial SP", "0x%08x at 0x%08x (%s)", vec[0], vtor,
                        vec[0] == blank ? "erased"
                        : sp_in_ram(d, vec[0]) ? "in SRAM" : "outside RAM");
        doctor_evidence(f, "reset vector", "0x%08x at 0x%08x (%s)", vec[1], vtor + 4u,
                        vec[1] == blank ? "erased"
                        : (vec[1] & 1u) ? "Thumb address" : "Thumb bit clear: cannot run");
    }
    if (erased)
        doctor_fix(f, "Flash the firmware (`swdoctor flash APP.elf`); check that it is linked "
                      "for 0x%08x (the flash base) and that its vector table comes first.",
                   d->chip.part ? d->chip.part->flash_base : 0x08000000u);
    /* Let it go again: the lockup is the board's state, not ours. */
    if (halted)
        arm_resume(t);
    sd_session_clear_error(d->s);
}

/* ---- sleep ---- */

static void sleep_check(struct doctor *d, uint32_t dhcsr)
{
    uint32_t scr = 0, dbg = 0;
    bool have_scr = arm_read32(&d->core, SCB_SCR, &scr) == SD_OK;
    bool have_dbg = d->facts && arm_read32(&d->core, d->facts->dbgmcu_cr.addr, &dbg) == SD_OK;
    sd_session_clear_error(d->s);
    if (!have_scr)
        return;
    bool deep = scr & SCB_SCR_SLEEPDEEP;
    if (!deep || !have_dbg) {
        doctor_step(d, "core", "the core sleeps (WFI/WFE, SLEEPDEEP %s): an idle loop keeps "
                    "debug access", deep ? "set" : "clear");
        return;
    }
    if (dbg & d->facts->dbgmcu_stop_bit) {
        doctor_step(d, "core", "the core sleeps with SLEEPDEEP set; DBGMCU_CR 0x%08x keeps "
                    "debug in STOP", dbg);
        return;
    }
    struct sd_finding *f = doctor_find(d, "low-power-without-debug", SD_CONFIDENCE_LIKELY,
                                       "the firmware sleeps with SLEEPDEEP set (STOP or STANDBY) "
                                       "and DBGMCU_CR does not keep debug alive there");
    doctor_evidence(f, "DHCSR", "0x%08x (S_SLEEP in every sample)", dhcsr);
    doctor_evidence(f, "SCB_SCR", "0x%08x (SLEEPDEEP set)", scr);
    doctor_evidence(f, "DBGMCU_CR", "0x%08x at 0x%08x (DBG_STOP clear)", dbg,
                    d->facts->dbgmcu_cr.addr);
}

/* ---- watchdog ---- */

/* Poll DHCSR for S_RESET_ST with nobody touching NRST.  Returns the number
 * of resets seen and the time of the first and last one. */
static unsigned watch_resets(struct doctor *d, unsigned window_ms, uint64_t *first,
                             uint64_t *last, unsigned *watched_ms)
{
    unsigned n = 0;
    bool in_reset = false;
    uint64_t start = now_ms(), limit = window_ms;
    while (now_ms() - start < limit) {
        uint32_t v = 0;
        int rc = arm_read_dhcsr(&d->core, &v);
        sd_session_clear_error(d->s);
        /* A read can fail while the system resets under it: count it as a
         * reset only once, when the core is seen again. */
        bool rst = rc == SD_OK && (v & ARM_DHCSR_S_RESET_ST);
        if (rst && !in_reset) {
            uint64_t t = now_ms();
            if (!n)
                *first = t;
            *last = t;
            n++;
            if (n == 2 && limit < RESET_WATCH_MAX_MS)
                limit = RESET_WATCH_MAX_MS;      /* resets repeat: time them */
            if (n >= RESETS_TO_TIME + 1)
                break;
        }
        in_reset = rst;
        sleep_ms(RESET_POLL_MS);
    }
    *watched_ms = (unsigned)(now_ms() - start);
    return n;
}

static void watchdog_check(struct doctor *d)
{
    const struct stm32_debug_facts *fa = d->facts;
    uint32_t flags = 0;
    bool have_flags = fa && fa->rcc_reset_flags &&
                      arm_read32(&d->core, fa->rcc_reset_flags, &flags) == SD_OK;
    sd_session_clear_error(d->s);
    bool iwdg = have_flags && (flags & fa->iwdg_reset_flag);
    bool wwdg = have_flags && (flags & fa->wwdg_reset_flag);
    /* Clear the sticky S_RESET_ST left by our own connect/reset first. */
    uint32_t v;
    arm_read_dhcsr(&d->core, &v);
    sd_session_clear_error(d->s);

    uint64_t first = 0, last = 0;
    unsigned watched = 0;
    /* A past IWDG reset: watch long enough for a slow watchdog to fire
     * (the IWDG's longest common timeouts are a second or two). */
    unsigned n = watch_resets(d, iwdg ? RESET_WATCH_MAX_MS : RESET_WATCH_MS, &first, &last,
                              &watched);
    if (n == 0) {
        doctor_step(d, "core", "no reset in %u ms%s", watched,
                    iwdg ? " (RCC reset flags show an earlier IWDG reset)" : "");
        return;
    }
    unsigned period = n > 1 ? (unsigned)((last - first) / (n - 1)) : 0;
    if (n < 2 && !iwdg) {
        doctor_step(d, "core", "one reset in %u ms with NRST released; reset flags 0x%08x",
                    watched, flags);
        return;
    }
    enum sd_confidence c = iwdg && n >= 2 ? SD_CONFIDENCE_CERTAIN
                           : iwdg ? SD_CONFIDENCE_LIKELY : SD_CONFIDENCE_POSSIBLE;
    struct sd_finding *f;
    if (period)
        f = doctor_find(d, "watchdog-resets-core", c,
                        "the core is reset every %u ms with nobody driving NRST%s", period,
                        iwdg ? ", and the RCC flags name the independent watchdog" : "");
    else
        f = doctor_find(d, "watchdog-resets-core", c,
                        "the core was reset while nobody drove NRST, and the RCC flags name "
                        "the independent watchdog");
    if (have_flags)
        doctor_evidence(f, "RCC reset flags", "0x%08x at 0x%08x (IWDGRSTF %s, WWDGRSTF %s)",
                        flags, fa->rcc_reset_flags, iwdg ? "set" : "clear",
                        wwdg ? "set" : "clear");
    doctor_evidence(f, "resets seen", "%u in %u ms (DHCSR S_RESET_ST, NRST released)", n,
                    watched);
    if (period)
        doctor_evidence(f, "period", "about %u ms", period);
    if (!iwdg) {
        doctor_candidate(f, "the independent watchdog, with firmware that clears the reset "
                            "flags at boot (break on the IWDG_KR write of 0xCCCC)");
        if (wwdg)
            doctor_candidate(f, "the window watchdog (WWDGRSTF is set)");
        doctor_candidate(f, "a software reset (NVIC_SystemReset from a fault handler): "
                            "SFTRSTF %s", have_flags && (flags & fa->sw_reset_flag) ? "set"
                                                                                    : "clear");
        doctor_candidate(f, "a brown-out or a supply dip (the reset flags would show it)");
    }
}

bool doctor_flash_blank(struct doctor *d)
{
    const struct stm32_part *p = d->chip.part;
    if (!p || !p->flash)
        return false;
    uint8_t buf[BLANK_CHECK_BYTES];
    bool blank = arm_mem_read(&d->core, p->flash_base, buf, sizeof buf) == SD_OK;
    sd_session_clear_error(d->s);
    for (size_t i = 0; blank && i < sizeof buf; i++)
        blank = buf[i] == stm32_erased_byte(&d->chip);
    d->flash_blank = blank;
    return blank;
}

static bool flash_blank(struct doctor *d)
{
    return doctor_flash_blank(d);
}

/* RDP level 1 or 2 according to the flash driver. */
static bool read_protected(struct doctor *d)
{
    const struct stm32_flash_ops *fl = d->chip.part ? d->chip.part->flash : NULL;
    int level = 0;
    uint64_t wrp = 0;
    bool yes = fl && fl->read_protection &&
               fl->read_protection(&d->chip, &level, &wrp) == SD_OK && level > 0;
    sd_session_clear_error(d->s);
    return yes;
}

enum doctor_flow check_core(struct doctor *d)
{
    if (!doctor_core_ready(d))
        return DOCTOR_NEXT;
    if (d->reach == REACH_UNDER_RESET || d->nrst_low) {
        /* The running firmware takes the debug port away: what it does is
         * for forensics (check_forensics.c) to catch. */
        doctor_step(d, "core", "the core is reachable only under reset: its run state is left "
                    "to firmware forensics");
        return DOCTOR_NEXT;
    }
    uint32_t dhcsr = 0;
    if (arm_read_dhcsr(&d->core, &dhcsr) != SD_OK) {
        sd_session_clear_error(d->s);
        doctor_step(d, "core", "DHCSR could not be read");
        return DOCTOR_NEXT;
    }
    if ((dhcsr & ARM_DHCSR_S_HALT) && !(dhcsr & ARM_DHCSR_S_LOCKUP)) {
        /* Halted by an earlier check: let the firmware run to see it. */
        arm_write32(&d->core, ARM_DEMCR, ARM_DEMCR_TRCENA);
        arm_resume(&d->core);
        d->halted_at_reset = false;
        sleep_ms(SETTLE_MS);
        arm_read_dhcsr(&d->core, &dhcsr);
        sd_session_clear_error(d->s);
    }
    unsigned lockup = 0, sleeping = 0, halted = 0, ok = 0;
    uint32_t last = dhcsr;
    for (unsigned i = 0; i < SAMPLES; i++) {
        uint32_t v;
        if (arm_read_dhcsr(&d->core, &v) == SD_OK) {
            ok++;
            last = v;
            lockup += !!(v & ARM_DHCSR_S_LOCKUP);
            sleeping += !!(v & ARM_DHCSR_S_SLEEP);
            halted += !!(v & ARM_DHCSR_S_HALT);
        }
        sd_session_clear_error(d->s);
        sleep_ms(SAMPLE_GAP_MS);
    }
    d->dhcsr = last;
    doctor_step(d, "core", "DHCSR 0x%08x: %s (%u samples: %u locked up, %u asleep, %u halted)",
                last, arm_core_state_name(arm_core_state_of(last)), ok, lockup, sleeping, halted);
    if (ok && lockup == ok) {
        if (read_protected(d)) {
            /* RDP 1 with a debugger attached: every flash fetch fails, so
             * the core locks up on its vector table.  That is the read
             * protection's doing, which check_protection reports. */
            doctor_step(d, "core", "locked up, as every core does when read protection blocks "
                        "flash while a debugger is attached (see protection)");
            return DOCTOR_NEXT;
        }
        if (flash_blank(d)) {
            /* A blank chip locks up on its erased vector table (ARMv7-M ARM
             * B1.5.15) and is perfectly flashable: not a fault. */
            doctor_step(d, "core", "locked up on an erased vector table: the flash is blank "
                        "(nothing keeps it from being flashed)");
            return DOCTOR_NEXT;
        }
        lockup_finding(d, last);
        return DOCTOR_NEXT;
    }
    if (ok && sleeping == ok)
        sleep_check(d, last);
    watchdog_check(d);
    return DOCTOR_NEXT;
}
