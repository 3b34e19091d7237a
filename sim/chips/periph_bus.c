/* Peripheral space dispatch, RAZ/WI default and bit-band aliases
 * (see periph_bus.h). */
#include <stdbool.h>
#include <string.h>

#include "chips/periph_bus.h"

/* ARMv7-M ARM B3.4.3: one alias word per bit of the 1 MiB bit-band region;
 * alias offset = byte offset * 32 + bit * 4. */
#define BITBAND_ALIAS_SIZE    0x02000000u

void sim_periph_bus_init(struct sim_periph_bus *bus, uint32_t base,
                         uint32_t size, uint32_t bitband_base)
{
    memset(bus, 0, sizeof *bus);
    bus->base = base;
    bus->size = size;
    bus->bitband_base = bitband_base;
}

int sim_periph_bus_add(struct sim_periph_bus *bus, const struct sim_periph *p)
{
    if (bus->n >= SIM_PERIPH_MAX)
        return -1;
    bus->blocks[bus->n++] = *p;
    return 0;
}

static const struct sim_periph *find_block(const struct sim_periph_bus *bus,
                                           uint32_t addr)
{
    for (size_t i = 0; i < bus->n; i++) {
        const struct sim_periph *p = &bus->blocks[i];
        if (addr >= p->base && addr - p->base < p->size)
            return p;
    }
    return NULL;
}

static int block_read(struct sim_periph_bus *bus, enum sim_bus_initiator who,
                      uint32_t addr, unsigned size, uint32_t *val)
{
    const struct sim_periph *p = find_block(bus, addr);
    if (!p || !p->read) {
        *val = 0;               /* RAZ */
        return 0;
    }
    return p->read(p->ctx, who, addr - p->base, size, val);
}

static int block_write(struct sim_periph_bus *bus, enum sim_bus_initiator who,
                       uint32_t addr, unsigned size, uint32_t val)
{
    const struct sim_periph *p = find_block(bus, addr);
    if (!p || !p->write)
        return 0;               /* WI */
    return p->write(p->ctx, who, addr - p->base, size, val);
}

static bool in_alias(const struct sim_periph_bus *bus, uint32_t addr)
{
    return bus->bitband_base && addr >= bus->bitband_base &&
           addr - bus->bitband_base < BITBAND_ALIAS_SIZE;
}

/* Word address and bit of an alias address. */
static void alias_target(uint32_t alias_off, uint32_t *word_off, unsigned *bit)
{
    uint32_t byte = alias_off >> 5;
    unsigned bit_in_byte = (alias_off >> 2) & 7u;
    *word_off = byte & ~3u;
    *bit = (byte & 3u) * 8u + bit_in_byte;
}

int sim_periph_bus_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                        unsigned size, uint32_t *val)
{
    struct sim_periph_bus *bus = ctx;
    uint32_t addr = bus->base + off;
    if (in_alias(bus, addr)) {
        uint32_t w, word = 0;
        unsigned bit;
        alias_target(addr - bus->bitband_base, &w, &bit);
        if (block_read(bus, who, bus->base + w, 4, &word) != 0)
            return -1;
        *val = (word >> bit) & 1u;
        return 0;
    }
    return block_read(bus, who, addr, size, val);
}

int sim_periph_bus_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                         unsigned size, uint32_t val)
{
    struct sim_periph_bus *bus = ctx;
    uint32_t addr = bus->base + off;
    if (in_alias(bus, addr)) {
        /* A bit-band write is a locked read-modify-write of the word. */
        uint32_t w, word = 0;
        unsigned bit;
        alias_target(addr - bus->bitband_base, &w, &bit);
        if (block_read(bus, who, bus->base + w, 4, &word) != 0)
            return -1;
        word = (val & 1u) ? word | (1u << bit) : word & ~(1u << bit);
        return block_write(bus, who, bus->base + w, 4, word);
    }
    return block_write(bus, who, addr, size, val);
}

int sim_bitband_mem_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                         unsigned size, uint32_t *val)
{
    (void)who;
    (void)size;
    const struct sim_bitband_mem *bb = ctx;
    uint32_t w;
    unsigned bit;
    alias_target(off, &w, &bit);
    if (w + 4 > bb->mem_size) {
        *val = 0;
        return 0;
    }
    *val = (bb->mem[w + bit / 8u] >> (bit % 8u)) & 1u;
    return 0;
}

int sim_bitband_mem_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                          unsigned size, uint32_t val)
{
    (void)who;
    (void)size;
    struct sim_bitband_mem *bb = ctx;
    uint32_t w;
    unsigned bit;
    alias_target(off, &w, &bit);
    if (w + 4 > bb->mem_size)
        return 0;
    uint8_t *b = &bb->mem[w + bit / 8u];
    uint8_t m = (uint8_t)(1u << (bit % 8u));
    *b = (val & 1u) ? (uint8_t)(*b | m) : (uint8_t)(*b & ~m);
    return 0;
}
