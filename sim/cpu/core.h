/* A Cortex-M core on the Unicorn engine, with the debug registers a probe
 * talks to: DHCSR, DCRSR, DCRDR, DEMCR, AIRCR, DFSR, CPUID, FPB, DWT
 * (ARMv7-M ARM, C1 "Debug"; ARMv6-M ARM, C1).
 *
 * The chip model owns the memory; the core maps the chip's regions, runs
 * instructions for the virtual time it is given, and serves its own parts
 * of the Private Peripheral Bus to the CPU and to the debugger: ITM
 * 0xE0000000, DWT 0xE0001000, FPB 0xE0002000, SCS 0xE000E000-0xE000EFFF,
 * TPIU 0xE0040000, ROM table 0xE00FF000.  Anything else in the PPB (the
 * chip's DBGMCU at 0xE0042000) is a chip region like any other. */
#ifndef SIM_CPU_CORE_H
#define SIM_CPU_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus.h"
#include "clock.h"

enum sim_core_kind {
    SIM_CORE_M0, SIM_CORE_M0PLUS, SIM_CORE_M3, SIM_CORE_M4,
    SIM_CORE_M7, SIM_CORE_M33,
};

struct sim_core_config {
    enum sim_core_kind kind;
    uint32_t cpuid;            /* CPUID register value, e.g. 0x410FC241 (M4 r0p1) */
    uint32_t hz;               /* core clock after reset (F4: 16 MHz HSI) */
    unsigned fpb_code_comparators;  /* F4: 6 */
    unsigned fpb_literal_comparators; /* F4: 2 */
    unsigned dwt_comparators;  /* F4: 4 */
    uint32_t boot_address;     /* where the vector table is fetched at reset
                                  (0 with flash aliased there, per BOOT pins) */
};

/* What the core tells its chip. Every member may be NULL. */
struct sim_core_hooks {
    void *ctx;
    /* WFI, or WFE with no event pending: the core sleeps.  `deep` is
     * SCR.SLEEPDEEP.  The chip decides whether debug stays alive (DBGMCU). */
    void (*sleep)(void *ctx, bool deep);
    /* AIRCR.SYSRESETREQ written with the key: the chip performs a system
     * reset (peripherals, then sim_core_reset(SIM_RESET_SYSTEM)). */
    void (*sysresetreq)(void *ctx);
    /* The core locked up (fault in a fault handler, bad vector table). */
    void (*lockup)(void *ctx);
};

enum sim_reset_kind {
    SIM_RESET_POWER_ON, /* debug registers cleared too */
    SIM_RESET_SYSTEM,   /* NRST or SYSRESETREQ: debug registers (DHCSR
                           C_DEBUGEN, DEMCR, FPB, DWT) survive */
    SIM_RESET_CORE,     /* AIRCR.VECTRESET: core only */
};

enum sim_core_state { SIM_CORE_RUNNING, SIM_CORE_HALTED, SIM_CORE_SLEEPING,
                      SIM_CORE_LOCKUP, SIM_CORE_IN_RESET };

struct sim_core;

/* Maps `regions` (kept by reference; they must outlive the core). */
struct sim_core *sim_core_create(const struct sim_core_config *cfg,
                                 const struct sim_region *regions,
                                 size_t nregions,
                                 const struct sim_core_hooks *hooks);
void sim_core_destroy(struct sim_core *core);

/* Reset: SP and PC from the vector table at boot_address; DEMCR.VC_CORERESET
 * with C_DEBUGEN halts on the first instruction and sets S_RESET_ST. */
void sim_core_reset(struct sim_core *core, enum sim_reset_kind kind);
/* Hold the core in reset while NRST is low (no instructions run). */
void sim_core_hold_reset(struct sim_core *core, bool held);
void sim_core_set_boot_address(struct sim_core *core, uint32_t addr);
void sim_core_set_hz(struct sim_core *core, uint32_t hz);

/* Run instructions for the virtual time between the last call and `now`
 * (hz * elapsed, minus sleep and halt).  Called from the board's ticker. */
void sim_core_run_until(struct sim_core *core, sim_ns now);

/* An interrupt or event for a sleeping core (the chip's wake-up source). */
void sim_core_wake(struct sim_core *core);

enum sim_core_state sim_core_state(const struct sim_core *core);

/* Debugger access to the core's PPB components (list above) from the
 * MEM-AP; the chip routes addresses it does not own here.  Returns 0, or
 * -1 for a bus fault. */
int sim_core_ppb_read(struct sim_core *core, uint32_t addr, uint32_t *val);
int sim_core_ppb_write(struct sim_core *core, uint32_t addr, uint32_t val);

/* The debugger or a flash controller changed memory the CPU may execute:
 * drop translated code for that range. */
void sim_core_invalidate(struct sim_core *core, uint32_t addr, uint32_t len);

#endif
