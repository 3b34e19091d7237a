/* What a struct sd_target holds; shared by the files of src/ops/. */
#ifndef SD_OPS_TARGET_INTERNAL_H
#define SD_OPS_TARGET_INTERNAL_H

#include <swdoctor/target.h>

#include "arm/arm.h"
#include "stlink/stlink.h"
#include "stm32/stm32.h"

/* Added (debug.h helper, session 3): what run control (src/ops/debug*.c)
 * must remember between calls; zero (calloc) means "not looked at yet". */
#define OPS_DEBUG_MAX_FPB 16
#define OPS_DEBUG_MAX_DWT 8
struct ops_debug {
    bool probed;                /* the unit sizes below are read */
    bool has_fpu, armv6m, v8m;
    unsigned n_fpb, fpb_rev, n_dwt;
    uint32_t bkpt[OPS_DEBUG_MAX_FPB];   /* address in each FPB comparator */
    bool bkpt_used[OPS_DEBUG_MAX_FPB];
    struct { uint32_t addr, len; int kind; bool used; } watch[OPS_DEBUG_MAX_DWT];
    bool stepped;               /* the last run command was a step */
    bool watch_hit;             /* the current stop's watchpoint is known: */
    uint32_t hit_addr;          /* ... its address and Z kind (kept even when */
    int hit_kind;               /* the debugger removes it while stopped) */
};

struct sd_target {
    struct sd_session *s;
    struct sd_probe *probe;
    struct stlink *st;
    struct arm_target core;
    struct stm32_chip chip;
    struct sd_connect_options opt;
    unsigned speed_khz;
    int target_mv;
    uint32_t dp_idcode;
    struct ops_debug dbg;       /* added (debug.h helper): see above */
};

/* Halt the core for an operation: a reset-halt when it runs firmware (so
 * the chip is in its reset state: HSI clock, no peripheral activity). */
int ops_prepare_halted(struct sd_target *t);

/* Freeze the independent watchdog while the core is halted (DBGMCU IWDG
 * stop bit; watchdog.c), so firmware that started it cannot reset the
 * core in the middle of an operation.  SD_OK on families without the fact. */
int ops_freeze_watchdog(struct sd_target *t);
/* ops_prepare_halted, then ops_freeze_watchdog (best effort): what every
 * flash operation calls before touching the flash controller. */
int ops_halt_for_operation(struct sd_target *t);

/* Refuse flash access on a read-out protected chip with a message that
 * says what to do. */
int ops_check_unprotected(struct sd_target *t, const char *what);

#endif
