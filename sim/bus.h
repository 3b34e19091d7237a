/* The system bus of a simulated chip, as a list of regions.
 *
 * A chip model describes its memory map with these; the CPU core maps them
 * into Unicorn (RAM-like regions by pointer so code runs at full speed,
 * register blocks through callbacks) and the debug port's MEM-AP reaches
 * the same regions with initiator SIM_BUS_DEBUG, so a chip can treat the
 * debugger differently from the CPU (RDP level 1 blocks debugger reads of
 * flash, not CPU fetches). */
#ifndef SIM_BUS_H
#define SIM_BUS_H

#include <stdbool.h>
#include <stdint.h>

enum sim_bus_initiator { SIM_BUS_CPU, SIM_BUS_DEBUG };

/* Region flags */
#define SIM_REGION_EXEC      0x1u /* code may run from it */
#define SIM_REGION_CPU_RO    0x2u /* `mem` is read directly, but CPU writes go
                                     to write() (flash behind a controller) */
#define SIM_REGION_DEBUG_CB  0x4u /* debugger reads and writes always go to
                                     read()/write() (RDP checks, flash) */

struct sim_region {
    const char *name;
    uint32_t base;
    uint32_t size;          /* multiple of 4 KiB when `mem` is set (Unicorn pages) */
    uint8_t *mem;           /* backing store, or NULL for a register block */
    unsigned flags;
    /* For register blocks (mem == NULL) every access; for memory, the
     * accesses the flags route here.  `off` is relative to base; size is 1,
     * 2 or 4.  Return 0, or -1 for a bus fault (AHB error response). */
    int (*read)(void *ctx, enum sim_bus_initiator who, uint32_t off,
                unsigned size, uint32_t *val);
    int (*write)(void *ctx, enum sim_bus_initiator who, uint32_t off,
                 unsigned size, uint32_t val);
    void *ctx;
};

#endif
