/* The doctor: find out why a board cannot be reached or flashed, and
 * recover it.
 *
 *     struct sd_doctor_options o = { .firmware_elf = "app.elf" };
 *     struct sd_doctor_report *r;
 *     if (sd_doctor_run(s, &o, &r) == SD_OK) {
 *         for (size_t i = 0; i < r->n_findings; i++)
 *             printf("%s: %s\n", r->findings[i].id, r->findings[i].cause);
 *         sd_doctor_report_free(r);
 *     }
 *
 * The doctor measures layer by layer (USB, probe, target voltage, SWD/JTAG
 * response at stepped-down clocks, connect under reset, NRST, DP/AP, core
 * state, boot mode, protection, DBGMCU, watchdog) and stops digging where
 * a cause is proven.  It never erases, unlocks or writes option bytes; the
 * only state it leaves behind is a reset (and DBGMCU debug bits it restores).
 * Every finding has a stable id (docs/findings/<id>.md explains each). */
#ifndef SWDOCTOR_DOCTOR_H
#define SWDOCTOR_DOCTOR_H

#include <stddef.h>
#include <stdint.h>

#include <swdoctor/session.h>
#include <swdoctor/target.h>

#ifdef __cplusplus
extern "C" {
#endif

/* How sure a finding is. CERTAIN: measured directly (3 mV on VDD).
 * LIKELY: the measurements fit this cause and rule out the others the
 * doctor can test.  POSSIBLE: one candidate among several (listed). */
enum sd_confidence { SD_CONFIDENCE_CERTAIN, SD_CONFIDENCE_LIKELY, SD_CONFIDENCE_POSSIBLE };
const char *sd_confidence_name(enum sd_confidence c);   /* "certain", "likely", "possible" */

#define SD_FINDING_MAX_EVIDENCE 12
#define SD_FINDING_MAX_CANDIDATES 6

struct sd_evidence {
    char name[48];           /* "target voltage", "DHCSR", "PWR_CR3 written" */
    char value[200];         /* "3.29 V", "0x00030003 (S_HALT, S_REGRDY)" */
};

/* Where firmware did something (firmware forensics). */
struct sd_code_location {
    uint32_t address;        /* the instruction that did it; 0: unknown */
    char function[64];       /* "MX_GPIO_Init", "" without --firmware / symbols */
    char file[128];          /* "main.c", "" without debug info */
    unsigned line;           /* 0 without debug info */
    char register_name[32];  /* "GPIOA_MODER" */
    uint32_t register_addr;
    uint32_t value;          /* what the register holds after the write */
};

struct sd_finding {
    const char *id;          /* stable: "nrst-held-low" (sd_finding_ids) */
    enum sd_confidence confidence;
    int blocking;            /* 1: keeps the user from debugging/flashing;
                                0: advisory (old probe firmware, NRST unwired) */
    int recoverable;         /* 1: `swdoctor recover` can fix it in software */
    char cause[240];         /* one line, what is wrong */
    char fix[480];           /* a swdoctor command or a hardware action */
    struct sd_evidence evidence[SD_FINDING_MAX_EVIDENCE];
    size_t n_evidence;
    /* For uncertain findings: the candidates in order of likelihood, each
     * with what would tell it apart ("wiring: ... (check continuity of SWDIO)"). */
    char candidates[SD_FINDING_MAX_CANDIDATES][240];
    size_t n_candidates;
    int has_location;
    struct sd_code_location location;
    char doc[64];            /* "docs/findings/nrst-held-low.md" */
};

/* One line per check that ran, in order: what was measured. */
struct sd_doctor_step {
    char check[24];          /* "usb", "probe", "power", "wire", "reset", "core", ... */
    char result[240];        /* "ST-LINK/V2 V2J37S7, serial 066D..." */
};

struct sd_doctor_options {
    const char *probe_serial;       /* prefix; NULL: the only probe */
    const char *firmware_elf;       /* ELF with symbols/debug info for forensics; may be NULL */
    enum sd_transport transport;    /* SWD (default) or JTAG */
    unsigned speed_khz;             /* 0: find the highest clock that works */
    int no_forensics;               /* do not run the firmware under watchpoints */
    unsigned forensics_ms;          /* how long to let the firmware run; 0: 2000 */
};

struct sd_doctor_report {
    /* Ordered: blocking findings first (in the order the layers were
     * checked), then advisory ones.  A healthy board has exactly one
     * finding, "healthy". */
    struct sd_finding *findings;
    size_t n_findings;
    struct sd_doctor_step *steps;
    size_t n_steps;
    /* What the doctor learnt on the way ("" / 0 when not reached). */
    char probe[96];                 /* "ST-LINK/V2 V2J37S7 (serial 066D...)" */
    char part[48];                  /* "STM32F405/407/415/417" */
    int target_mv;                  /* -1: not measured */
    unsigned best_khz;              /* highest clock that worked; 0: none */
    uint64_t elapsed_us;            /* time to the verdict (virtual on the bench) */
};

/* Run the doctor.  SD_OK whenever a report was made (even if the report
 * says the board is broken); an error only for bad arguments or no memory. */
int sd_doctor_run(struct sd_session *s, const struct sd_doctor_options *opt,
                  struct sd_doctor_report **out);
void sd_doctor_report_free(struct sd_doctor_report *r);
/* 1 when the report is exactly "healthy". */
int sd_doctor_healthy(const struct sd_doctor_report *r);

/* The catalogue: every id the doctor can report, NULL-terminated. */
extern const char *const sd_finding_ids[];
/* Title of an id ("NRST is held low"), NULL for an unknown id. */
const char *sd_finding_title(const char *id);

/* ---- recover ---- */

struct sd_recover_options {
    const char *probe_serial;
    enum sd_transport transport;
    unsigned speed_khz;
    int unlock;             /* regress RDP 1 -> 0 (erases the whole flash) */
    int keep_firmware;      /* do not erase the application */
};

struct sd_recover_report {
    int connected_under_reset;   /* the chip was reached with NRST held low */
    int dbgmcu_set;              /* DBGMCU low-power debug bits set */
    int erased;                  /* the application was erased */
    int unlocked;                /* RDP went 1 -> 0 */
    int answers_normally;        /* after recovery: plain connect + halt works */
    char part[48];
    /* What was done, one line each, and for boards software cannot help,
     * the hardware step (BOOT0 procedure, NRST switch, power). */
    char steps[12][240];
    size_t n_steps;
    char hardware_step[480];     /* "" when software recovered the board */
};

/* Connect under reset, halt before the firmware runs, set the DBGMCU
 * low-power bits, erase the application (unless keep_firmware), regress
 * RDP 1 only with unlock, then prove the chip answers a normal connect.
 * SD_OK when the board answers normally afterwards; otherwise an error
 * with the report's hardware_step saying what the user must do. */
int sd_recover(struct sd_session *s, const struct sd_recover_options *opt,
               struct sd_recover_report *report);

#ifdef __cplusplus
}
#endif
#endif
