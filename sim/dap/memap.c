/* MEM-AP (the AHB-AP of a Cortex-M) registers: CSW, TAR, DRW, BD0-BD3,
 * CFG, BASE, IDR.  Facts: ADIv5.2 (ARM IHI 0031) §C2.6 register map,
 * §C2.2.2 automatic address increment, §C2.2.4 byte lanes; Cortex-M3/M4
 * TRMs for the AHB-AP's CSW.  Bus accesses go to the chip with
 * sim_chip_debug_read/write (aligned, size 1, 2 or 4). */
#include <stddef.h>

#include "dap/adiv5.h"
#include "dap/dap_priv.h"

void sim_memap_reset(struct sim_memap *ap)
{
    ap->csw = CSW_RESET;
    ap->tar = 0;
}

/* An AP that is not there reads as zero and ignores writes (ADIv5.2
 * §C1.2: accesses to an unimplemented AP are RAZ/WI). */
static struct sim_memap *present(struct sim_dap *d, unsigned apsel)
{
    if (apsel >= SIM_DAP_MAX_APS || apsel >= sim_chip_ap_count(d->chip) ||
        sim_chip_ap_idr(d->chip, apsel) == 0)
        return NULL;
    return &d->ap[apsel];
}

static unsigned size_bytes(uint32_t csw)
{
    return 1u << (csw & CSW_SIZE_MASK);
}

static bool size_supported(uint32_t size_field)
{
    return size_field == CSW_SIZE_8 || size_field == CSW_SIZE_16 ||
           size_field == CSW_SIZE_32;
}

/* TAR + step, wrapping inside the auto-increment block (the address bits
 * above the block are never carried into, §C2.2.2). */
static uint32_t tar_increment(uint32_t tar, unsigned step)
{
    const uint32_t low = TAR_AUTOINC_BLOCK - 1u;
    return (tar & ~low) | ((tar + step) & low);
}

static unsigned lane_shift(uint32_t addr, unsigned size)
{
    return size == 4 ? 0 : (addr & 3u & ~(size - 1u)) * 8u;
}

static uint32_t lane_mask(unsigned size)
{
    return size == 4 ? 0xFFFFFFFFu : (1u << (size * 8u)) - 1u;
}

/* One bus read of `size` at `addr`, placed on its byte lanes of `*word`. */
static enum sim_bus_access bus_read_lane(struct sim_dap *d, unsigned apsel,
                                         uint32_t addr, unsigned size,
                                         uint32_t *word)
{
    uint32_t v = 0;
    uint32_t aligned = addr & ~(size - 1u); /* the chip takes aligned only */
    enum sim_bus_access r = sim_chip_debug_read(d->chip, apsel, aligned,
                                                size, &v);
    if (r == SIM_BUS_ACCESS_OK)
        *word |= (v & lane_mask(size)) << lane_shift(aligned, size);
    return r;
}

static enum sim_bus_access bus_write_lane(struct sim_dap *d, unsigned apsel,
                                          uint32_t addr, unsigned size,
                                          uint32_t word)
{
    uint32_t aligned = addr & ~(size - 1u);
    uint32_t v = (word >> lane_shift(aligned, size)) & lane_mask(size);
    return sim_chip_debug_write(d->chip, apsel, aligned, size, v);
}

/* How many items one DRW access moves: packed transfers of bytes and
 * half-words fill all four lanes (§C2.2.7); anything else moves one. */
static unsigned items_per_access(uint32_t csw)
{
    unsigned size = size_bytes(csw);
    if ((csw & CSW_ADDRINC_MASK) == CSW_ADDRINC_PACKED && size < 4)
        return 4u / size;
    return 1u;
}

static void drw_advance(struct sim_memap *ap, unsigned items)
{
    uint32_t inc = ap->csw & CSW_ADDRINC_MASK;
    if (inc == CSW_ADDRINC_SINGLE || inc == CSW_ADDRINC_PACKED)
        ap->tar = tar_increment(ap->tar, items * size_bytes(ap->csw));
}

/* DRW: a transfer at TAR; TAR moves on only when it completed, so after a
 * fault TAR still holds the faulting address. */
static enum sim_bus_access drw_read(struct sim_dap *d, unsigned apsel,
                                    struct sim_memap *ap, uint32_t *val)
{
    unsigned size = size_bytes(ap->csw), items = items_per_access(ap->csw);
    uint32_t word = 0, addr = ap->tar;
    for (unsigned i = 0; i < items; i++) {
        enum sim_bus_access r = bus_read_lane(d, apsel, addr, size, &word);
        if (r != SIM_BUS_ACCESS_OK)
            return r;
        addr = tar_increment(addr, size);
    }
    *val = word;
    drw_advance(ap, items);
    return SIM_BUS_ACCESS_OK;
}

static enum sim_bus_access drw_write(struct sim_dap *d, unsigned apsel,
                                     struct sim_memap *ap, uint32_t val)
{
    unsigned size = size_bytes(ap->csw), items = items_per_access(ap->csw);
    uint32_t addr = ap->tar;
    for (unsigned i = 0; i < items; i++) {
        enum sim_bus_access r = bus_write_lane(d, apsel, addr, size, val);
        if (r != SIM_BUS_ACCESS_OK)
            return r;
        addr = tar_increment(addr, size);
    }
    drw_advance(ap, items);
    return SIM_BUS_ACCESS_OK;
}

/* BDn reaches TAR[31:4] + n*4, with the CSW size, and never moves TAR
 * (§C2.6.1). */
static uint32_t bd_addr(const struct sim_memap *ap, uint8_t reg)
{
    return (ap->tar & ~0xFu) | (uint32_t)(reg - AP_REG_BD0) |
           (ap->tar & 3u);
}

/* CSW as silicon reads it back: the stored fields plus DeviceEn (the
 * AHB-AP may master the bus); TrInProg stays 0 because every transfer
 * completes (or WAITs) before the DP answers. */
static uint32_t csw_value(const struct sim_memap *ap)
{
    return (ap->csw & CSW_WRITABLE) | CSW_DEVICEEN;
}

static void csw_write(struct sim_memap *ap, uint32_t val)
{
    uint32_t next = (ap->csw & ~CSW_WRITABLE) | (val & CSW_WRITABLE);
    /* An unsupported Size (64-bit and up on an AHB-AP) does not stick:
     * the field keeps its old value, which is how debuggers (pyOCD's
     * transfer-size probe) find out which sizes exist. */
    if (!size_supported(val & CSW_SIZE_MASK))
        next = (next & ~CSW_SIZE_MASK) | (ap->csw & CSW_SIZE_MASK);
    ap->csw = next;
}

enum sim_bus_access sim_memap_read(struct sim_dap *d, unsigned apsel,
                                   uint8_t reg, uint32_t *val)
{
    struct sim_memap *ap = present(d, apsel);
    *val = 0;
    if (!ap)
        return SIM_BUS_ACCESS_OK;
    switch (reg) {
    case AP_REG_CSW:  *val = csw_value(ap); return SIM_BUS_ACCESS_OK;
    case AP_REG_TAR:  *val = ap->tar; return SIM_BUS_ACCESS_OK;
    case AP_REG_DRW:  return drw_read(d, apsel, ap, val);
    case AP_REG_CFG:  *val = 0; return SIM_BUS_ACCESS_OK; /* little endian */
    case AP_REG_BASE: *val = sim_chip_ap_base(d->chip, apsel);
                      return SIM_BUS_ACCESS_OK;
    case AP_REG_IDR:  *val = sim_chip_ap_idr(d->chip, apsel);
                      return SIM_BUS_ACCESS_OK;
    default:
        break;
    }
    if (reg >= AP_REG_BD0 && reg <= AP_REG_BD3) {
        uint32_t word = 0;
        enum sim_bus_access r = bus_read_lane(d, apsel, bd_addr(ap, reg),
                                              size_bytes(ap->csw), &word);
        if (r == SIM_BUS_ACCESS_OK)
            *val = word;
        return r;
    }
    return SIM_BUS_ACCESS_OK; /* reserved: RAZ */
}

enum sim_bus_access sim_memap_write(struct sim_dap *d, unsigned apsel,
                                    uint8_t reg, uint32_t val)
{
    struct sim_memap *ap = present(d, apsel);
    if (!ap)
        return SIM_BUS_ACCESS_OK;
    switch (reg) {
    case AP_REG_CSW: csw_write(ap, val); return SIM_BUS_ACCESS_OK;
    case AP_REG_TAR: ap->tar = val; return SIM_BUS_ACCESS_OK;
    case AP_REG_DRW: return drw_write(d, apsel, ap, val);
    default:
        break;
    }
    if (reg >= AP_REG_BD0 && reg <= AP_REG_BD3)
        return bus_write_lane(d, apsel, bd_addr(ap, reg),
                              size_bytes(ap->csw), val);
    return SIM_BUS_ACCESS_OK; /* read-only or reserved: WI */
}
