/* The contract between swdoctor (host) and its flash loaders (target).
 *
 * The host copies a loader to the start of SRAM (0x20000000, where it is
 * linked) and this control block after it,
 * points r0 at the control block, SP at the top of its stack and PC at the
 * entry, and lets the core run.  Two buffers are used in turn: while the
 * loader programs one, the host fills the other (double buffering), so USB
 * transfer and flash programming overlap.
 *
 * A slot's state moves EMPTY -> FULL (host) -> DONE or ERROR (loader) ->
 * FULL (host) ...; the host writes STOP to make the loader return (BKPT).
 * Built for the host too (src/stm32/ includes it): only fixed-width types. */
#ifndef SWDOCTOR_LOADER_H
#define SWDOCTOR_LOADER_H

#include <stdint.h>

#define LOADER_SLOT_EMPTY 0u
#define LOADER_SLOT_FULL  1u
#define LOADER_SLOT_DONE  2u
#define LOADER_SLOT_ERROR 3u
#define LOADER_SLOT_STOP  4u

struct loader_slot {
    uint32_t state;     /* LOADER_SLOT_* */
    uint32_t dest;      /* flash address to program */
    uint32_t src;       /* RAM buffer holding the data */
    uint32_t len;       /* bytes, a multiple of the program unit */
    uint32_t status;    /* on ERROR: the controller's status register */
    uint32_t fail_addr; /* on ERROR: the flash address that failed */
};

struct loader_ctl {
    uint32_t flash_regs; /* base of the flash controller's registers */
    uint32_t unit;       /* program unit in bytes: 1, 2, 4 (F2/F4 PSIZE) */
    uint32_t slots_done; /* incremented per slot, so the host sees progress */
    uint32_t reserved;
    struct loader_slot slot[2];
};

#endif
