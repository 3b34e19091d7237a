/* Generic peripheral space of an STM32 (0x40000000-0x5FFFFFFF): a table of
 * the peripherals a family models, everything else reads as zero and
 * ignores writes (RAZ/WI) so firmware that touches a UART or a timer we do
 * not model keeps running instead of faulting.  Also the Cortex-M3/M4
 * bit-band aliases (ARMv7-M ARM B3.4; RM0090 §2.3.3), which many
 * firmwares use to set single RCC/GPIO bits.
 *
 * Shared by every family: a family lists its blocks and hands the bus to
 * one sim_region. */
#ifndef SIM_CHIPS_PERIPH_BUS_H
#define SIM_CHIPS_PERIPH_BUS_H

#include <stddef.h>
#include <stdint.h>

#include "bus.h"

/* Callbacks have the sim_region signature; `off` is relative to the block. */
typedef int (*sim_periph_read_fn)(void *ctx, enum sim_bus_initiator who,
                                  uint32_t off, unsigned size, uint32_t *val);
typedef int (*sim_periph_write_fn)(void *ctx, enum sim_bus_initiator who,
                                   uint32_t off, unsigned size, uint32_t val);

struct sim_periph {
    const char *name;
    uint32_t base;
    uint32_t size;
    sim_periph_read_fn read;
    sim_periph_write_fn write;
    void *ctx;
};

#define SIM_PERIPH_MAX 32

struct sim_periph_bus {
    uint32_t base;               /* region base, e.g. 0x40000000 */
    uint32_t size;
    uint32_t bitband_base;       /* alias of [base, base+1 MiB), 0 if none */
    struct sim_periph blocks[SIM_PERIPH_MAX];
    size_t n;
};

void sim_periph_bus_init(struct sim_periph_bus *bus, uint32_t base,
                         uint32_t size, uint32_t bitband_base);
/* Returns 0, or -1 if the table is full. */
int sim_periph_bus_add(struct sim_periph_bus *bus, const struct sim_periph *p);

/* sim_region callbacks; ctx is the struct sim_periph_bus. */
int sim_periph_bus_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                        unsigned size, uint32_t *val);
int sim_periph_bus_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                         unsigned size, uint32_t val);

/* Bit-band alias over plain memory (SRAM: 0x22000000 -> 0x20000000).
 * A sim_region with mem == NULL and these callbacks, ctx a sim_bitband_mem. */
struct sim_bitband_mem {
    uint8_t *mem;
    uint32_t mem_size;
};
int sim_bitband_mem_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                         unsigned size, uint32_t *val);
int sim_bitband_mem_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                          unsigned size, uint32_t val);

/* Helpers for register files accessed by byte, half-word or word:
 * extract the accessed lanes of a 32-bit register / merge a narrow write
 * into it (AHB byte lanes: little-endian). */
static inline uint32_t sim_reg_extract(uint32_t reg, uint32_t off, unsigned size)
{
    uint32_t v = reg >> ((off & 3u) * 8u);
    return size >= 4 ? v : v & ((1u << (size * 8u)) - 1u);
}
static inline uint32_t sim_reg_merge(uint32_t reg, uint32_t off, unsigned size,
                                     uint32_t val)
{
    if (size >= 4)
        return val;
    unsigned sh = (off & 3u) * 8u;
    uint32_t mask = ((1u << (size * 8u)) - 1u) << sh;
    return (reg & ~mask) | ((val << sh) & mask);
}

#endif
