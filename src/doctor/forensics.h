/* Firmware forensics internals (check_forensics.c, forensics_*.c):
 * decoding Thumb stores, the list of registers to watch per family, and
 * whether a value written to one of them takes debug access away. */
#ifndef SD_DOCTOR_FORENSICS_H
#define SD_DOCTOR_FORENSICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <swdoctor/doctor.h>

#include "stm32/dbgmcu.h"

struct doctor;

/* ---- the run (forensics_run.c) ---- */

/* Halt at the reset vector, watch, run, report; leaves the chip reset and
 * running. */
void forensics_run(struct doctor *d);
/* What is left to say when the firmware cannot be watched but the chip
 * answers only under reset: the pins (or low power) are taken after boot. */
void forensics_only_under_reset(struct doctor *d, enum sd_confidence c, const char *why);

/* ---- Thumb stores (forensics_thumb.c; ARMv7-M ARM A7.7, ARMv6-M A6.7) ---- */

struct thumb_store {
    bool load;            /* LDR/LDRB/LDRH (thumb_decode_access only) */
    bool writeback;       /* Rn is updated (pre/post-indexed with W) */
    unsigned length;      /* 2 or 4 bytes of instruction */
    unsigned size;        /* bytes stored: 1, 2 or 4 */
    unsigned rt, rn;      /* rn 13 = SP */
    int rm;               /* -1: immediate offset */
    unsigned shift;       /* LSL of rm */
    int32_t offset;       /* immediate offset (already scaled, signed) */
    bool indexed;         /* false: post-indexed (address = Rn) */
};

/* Is the instruction starting with halfword hw1 (hw2 the next one) a
 * single-register store (STR, STRB, STRH: immediate, register, SP)? */
bool thumb_decode_store(uint16_t hw1, uint16_t hw2, struct thumb_store *out);
/* The same for loads and stores (LDR, LDRB, LDRH and the stores). */
bool thumb_decode_access(uint16_t hw1, uint16_t hw2, struct thumb_store *out);
/* hw1 starts a 32-bit instruction (0b11101, 0b11110, 0b11111 prefix). */
bool thumb_is_32bit(uint16_t hw1);
/* The store that a data watchpoint stopped after.  `code` holds the
 * halfwords before the halt PC: code[n-1] at pc-2, code[n-2] at pc-4 ...
 * Returns the byte distance back from the PC to the store (2 or 4; more
 * when the halt came a few instructions late), 0 when none is found. */
unsigned thumb_store_before(const uint16_t *code, unsigned n);
/* The same for the load or store just before the PC (nearest only). */
unsigned thumb_access_before(const uint16_t *code, unsigned n);
/* Effective address with register values r[0..15]. */
uint32_t thumb_store_address(const struct thumb_store *s, const uint32_t *r);

/* ---- what to watch (forensics_watch.c) ---- */

enum watch_what {
    WATCH_PINS_MODER, WATCH_PINS_AFRH, WATCH_PINS_AFIO_MAPR, WATCH_FLASH_ACR_SWEN,
    WATCH_SCB_SCR, WATCH_PWR_MODE, WATCH_DBGMCU_CR, WATCH_IWDG_KR, WATCH_PWR_CR3,
};

struct watch_reg {
    enum watch_what what;
    const char *name;     /* "GPIOA_MODER" */
    uint32_t addr;
    bool read_too;        /* watch reads as well: a read-modify-write stops
                             before the store, while the link still works */
    bool primary;         /* the usual ways to lose debug access: they get
                             passes of their own; the others only fill
                             free comparators (GPIOA_AFRH matters with
                             MODER, PWR mode and DBGMCU with SLEEPDEEP) */
};

#define FORENSICS_MAX_WATCH 9
/* The registers for a family, most important first; returns the count. */
unsigned forensics_watch_list(const struct stm32_debug_facts *f,
                              struct watch_reg out[FORENSICS_MAX_WATCH]);
/* Split the list into passes of at most `n_comp` registers: primaries in
 * order, secondaries filling the free comparators (each at least once if
 * there is room anywhere).  pass[i] gets indexes into `regs`; returns the
 * number of passes, n_in_pass[p] the count of each. */
unsigned forensics_plan(const struct watch_reg *regs, unsigned n, unsigned n_comp,
                        unsigned pass[FORENSICS_MAX_WATCH][FORENSICS_MAX_WATCH],
                        unsigned n_in_pass[FORENSICS_MAX_WATCH]);

/* The chip's state at the moment a register is written. */
struct watch_context {
    uint32_t moder, afrh, afio_mapr;   /* current pin registers */
    uint32_t dbgmcu_cr;
    uint32_t pwr_mode;
};

enum watch_verdict { VERDICT_HARMLESS, VERDICT_PINS, VERDICT_LOW_POWER, VERDICT_WATCHDOG,
                     VERDICT_SUPPLY, VERDICT_DEBUG_OFF };

/* Judge `value` written to `w` in context `c`; `why` gets one line
 * ("PA13/PA14 become GPIO"). */
enum watch_verdict forensics_judge(const struct stm32_debug_facts *f, const struct watch_reg *w,
                                   uint32_t value, const struct watch_context *c, char *why,
                                   size_t whylen);

/* ---- the run's shared state (forensics_run.c, _hit.c, _report.c) ---- */

struct elf_lines;
struct fx {
    struct doctor *d;
    const struct stm32_debug_facts *f;
    struct elf_lines *elf;          /* --firmware, NULL without */
    struct watch_reg regs[FORENSICS_MAX_WATCH];
    unsigned n_regs, n_comp;
    bool v8m;                       /* ARMv8-M DWT encoding */
    bool harmful;                   /* a finding was made */
    bool lost;                      /* the link died during the run */
    bool iwdg_started, reset_seen;
    uint64_t iwdg_kick_ms;          /* start or last refresh */
    unsigned iwdg_timeout_ms;
    struct sd_code_location iwdg_loc;
    uint64_t t_start_ms;            /* when the pass resumed the core */
};

enum hit { HIT_CONTINUE, HIT_STOP };

/* Milliseconds of the monotonic clock (virtual on the bench). */
uint64_t fx_now_ms(void);
/* A DWT halt (DFSR.DWTTRAP) with comparators 0..n_armed-1 on `armed`. */
enum hit fx_on_watch(struct fx *x, const struct watch_reg *armed, unsigned n_armed);
/* Location of a write at `pc` (0: unknown), with --firmware's function and line. */
void fx_locate(struct fx *x, uint32_t pc, const struct watch_reg *w, uint32_t value,
               struct sd_code_location *loc);
/* "MX_GPIO_Init (main.c:212)", "the instruction at 0x08000234"... */
void fx_where_text(const struct sd_code_location *loc, char *buf, size_t len);
const char *fx_fix_for(enum watch_verdict v, const struct stm32_debug_facts *f);
/* The finding for a harmful verdict (or the location added to the one an
 * earlier check made for the same cause). */
void fx_report(struct fx *x, enum watch_verdict v, enum sd_confidence c,
               const struct sd_code_location *loc, const char *why);
/* RCC reset flags as evidence on watchdog-resets-core. */
void fx_watchdog_evidence(struct fx *x);

#endif
