/* Run control for debuggers built on libswdoctor (the GDB server uses
 * only this and target.h): halt, resume, step, registers, memory,
 * hardware breakpoints and watchpoints, and why the core stopped.
 *
 *     struct sd_stop stop;
 *     sd_debug_halt(t);
 *     sd_debug_bkpt_set(t, 0x08000234);
 *     sd_debug_resume(t);
 *     while (sd_debug_poll(t, &stop) == SD_OK && stop.reason == SD_STOP_RUNNING)
 *         usleep(10000);
 */
#ifndef SWDOCTOR_DEBUG_H
#define SWDOCTOR_DEBUG_H

#include <stddef.h>
#include <stdint.h>

#include <swdoctor/target.h>

#ifdef __cplusplus
extern "C" {
#endif

/* swdoctor's register numbers (the GDB server maps them to the numbers of
 * its target description): r0-r12, sp, lr, pc (0-15), xpsr (16); msp,
 * psp, primask, basepri, faultmask, control (17-22); single-precision FPU
 * s0-s31 (23-54) and fpscr (55) on cores with an FPU. */
enum sd_reg {
    SD_REG_R0 = 0, SD_REG_SP = 13, SD_REG_LR = 14, SD_REG_PC = 15, SD_REG_XPSR = 16,
    SD_REG_MSP = 17, SD_REG_PSP = 18, SD_REG_PRIMASK = 19, SD_REG_BASEPRI = 20,
    SD_REG_FAULTMASK = 21, SD_REG_CONTROL = 22,
    SD_REG_S0 = 23, SD_REG_FPSCR = 55,
    SD_REG_COUNT = 56,
};

/* Why the core is where it is. */
enum sd_stop_reason {
    SD_STOP_RUNNING,       /* not stopped */
    SD_STOP_HALT_REQUEST,  /* sd_debug_halt, or halted when attached */
    SD_STOP_STEP,          /* a single step finished */
    SD_STOP_BREAKPOINT,    /* FPB or BKPT instruction */
    SD_STOP_WATCHPOINT,    /* DWT: watch_addr says which */
    SD_STOP_VECTOR_CATCH,  /* reset vector catch, or a fault caught (HardFault...) */
    SD_STOP_LOCKUP,        /* the core locked up */
    SD_STOP_RESET,         /* held in reset */
};

struct sd_stop {
    enum sd_stop_reason reason;
    uint32_t pc;
    uint32_t dfsr;         /* raw DFSR (ARMv7-M C1.6.1) */
    uint32_t watch_addr;   /* SD_STOP_WATCHPOINT: the watched address */
    int watch_kind;        /* 2 write, 3 read, 4 access (the Z-packet numbers) */
    int fault;             /* 1 when the stop is a fault (HardFault/lockup caught) */
};

/* The core's description, for a debugger's target description. */
struct sd_core_info {
    char name[16];         /* "Cortex-M4" */
    int has_fpu;           /* single-precision FPU (M4F, M7, M33F) */
    int armv6m;            /* Cortex-M0/M0+: no BASEPRI/FAULTMASK */
    unsigned n_breakpoints, n_watchpoints;
};
int sd_debug_core_info(struct sd_target *t, struct sd_core_info *info);

int sd_debug_halt(struct sd_target *t);
int sd_debug_resume(struct sd_target *t);
int sd_debug_step(struct sd_target *t);          /* one instruction, interrupts masked */
/* Reset; with `halt` stop at the reset vector (SD_STOP_VECTOR_CATCH). */
int sd_debug_reset(struct sd_target *t, int halt);
/* Current state without changing it. */
int sd_debug_poll(struct sd_target *t, struct sd_stop *stop);
/* Catch faults (HardFault and the configurable faults) as halts. */
int sd_debug_catch_faults(struct sd_target *t, int on);

/* Registers (core halted).  SD_ERR_INVALID_ARG for a number the core
 * lacks (FPU registers on a core without FPU). */
int sd_debug_reg_read(struct sd_target *t, enum sd_reg reg, uint32_t *value);
int sd_debug_reg_write(struct sd_target *t, enum sd_reg reg, uint32_t value);

/* Memory at any address (RAM, peripherals, flash reads). Writes to flash
 * go through sd_flash / the flash API, not here. */
int sd_debug_mem_read(struct sd_target *t, uint32_t addr, void *buf, size_t len);
int sd_debug_mem_write(struct sd_target *t, uint32_t addr, const void *buf, size_t len);

/* Hardware breakpoints (FPB) and watchpoints (DWT); SD_ERR_REFUSED
 * (detail: "all 6 FPB comparators are in use") when the units are full,
 * SD_ERR_INVALID_ARG for what they cannot do. kind: 2 write, 3 read, 4 access. */
int sd_debug_bkpt_set(struct sd_target *t, uint32_t addr);
int sd_debug_bkpt_clear(struct sd_target *t, uint32_t addr);
int sd_debug_watch_set(struct sd_target *t, uint32_t addr, uint32_t len, int kind);
int sd_debug_watch_clear(struct sd_target *t, uint32_t addr, uint32_t len, int kind);

/* Fault status decoded into words (CFSR/HFSR/MMFAR/BFAR), e.g.
 * "HardFault (FORCED) from a BusFault: precise data bus error at 0x20020000 (BFAR)". */
int sd_debug_fault_text(struct sd_target *t, char *buf, size_t len);

/* Memory for a debugger's memory map: the `i`-th region (0..): flash
 * banks with their erase unit, then RAM; SD_ERR_OUT_OF_RANGE past the end. */
struct sd_mem_region {
    uint32_t start, length;
    int is_flash;
    uint32_t block_size;   /* erase unit (flash) */
};
int sd_debug_memory_region(struct sd_target *t, unsigned i, struct sd_mem_region *r);

#ifdef __cplusplus
}
#endif
#endif
