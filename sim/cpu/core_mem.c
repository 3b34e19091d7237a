/* Memory map of the core in Unicorn: the chip's regions and the core's
 * own PPB components, and the bus as the core itself uses it (exception
 * stacking, vector fetch).
 *
 * - Regions with `mem`: uc_mem_map_ptr, so code runs at full speed.
 *   SIM_REGION_CPU_RO (flash behind a controller) is mapped read/exec
 *   only: Unicorn 2.0.1 then calls UC_HOOK_MEM_WRITE_PROT for a CPU store
 *   and, because uc_mem_protect() also marks the region read-only in QEMU
 *   (TLB_DISCARD_WRITE), drops the store after our hook returns true.  So
 *   the store reaches the region's write() and never `mem`.  (A region
 *   mapped read-only straight away with uc_mem_map_ptr is NOT marked
 *   read-only in 2.0.1, and the store would land in `mem`.)
 * - Register blocks (mem == NULL) and the core's PPB parts: uc_mmio_map
 *   over page-aligned spans that cover them; one dispatcher finds the
 *   region.  An MMIO callback cannot fail an access in Unicorn, so a
 *   bus error (read()/write() returning -1, or no region) is recorded and
 *   emulation stopped; core_exc.c turns it into a precise BusFault.
 * - Nothing mapped: UC_HOOK_MEM_*_UNMAPPED does the same. */
#include <string.h>

#include "cpu/core_priv.h"

static const uint32_t own_blocks[] = {
    PPB_ITM_BASE, PPB_DWT_BASE, PPB_FPB_BASE, PPB_SCS_BASE,
    PPB_TPIU_BASE, PPB_ROM_BASE,
};

bool core_is_ppb_own(uint32_t addr)
{
    for (size_t i = 0; i < sizeof own_blocks / sizeof own_blocks[0]; i++)
        if (addr - own_blocks[i] < PPB_BLOCK_SIZE)
            return true;
    return false;
}

const struct sim_region *core_find_region(const struct sim_core *c,
                                          uint32_t addr, uint32_t len)
{
    for (size_t i = 0; i < c->nregions; i++) {
        const struct sim_region *r = &c->regions[i];
        if (addr - r->base < r->size &&
            (uint64_t)(addr - r->base) + len <= r->size)
            return r;
    }
    return NULL;
}

/* PPB components of the core (32-bit registers; narrower accesses read
 * the word and write with a byte mask, B3.1.1 allows byte access to the
 * SCS). */
int core_ppb_access(struct sim_core *c, enum sim_bus_initiator who,
                    bool write, uint32_t addr, unsigned size, uint32_t *val)
{
    uint32_t word = addr & ~3u, shift = (addr & 3u) * 8u;
    uint32_t mask = size >= 4 ? 0xFFFFFFFFu : ((1u << (size * 8u)) - 1u);
    uint32_t cur = 0;
    int rc;

    if (!core_is_ppb_own(addr))
        return -1;
    uint32_t block = word & ~(PPB_BLOCK_SIZE - 1u), off = word - block;
    if (!write) {
        switch (block) {
        case PPB_SCS_BASE: rc = core_scs_read(c, who, off, &cur); break;
        case PPB_FPB_BASE: rc = core_fpb_read(c, off, &cur); break;
        case PPB_DWT_BASE: rc = core_dwt_read(c, off, &cur); break;
        default: rc = core_rom_read(c, block, off, &cur); break;
        }
        *val = (cur >> shift) & mask;
        return rc;
    }
    uint32_t v = (*val & mask) << shift, m = mask << shift;
    switch (block) {
    case PPB_SCS_BASE:
        return core_scs_write(c, who, off, v, m);
    case PPB_FPB_BASE:
    case PPB_DWT_BASE:
        if (m != 0xFFFFFFFFu) {
            uint32_t old = 0;
            if (block == PPB_FPB_BASE)
                core_fpb_read(c, off, &old);
            else
                core_dwt_read(c, off, &old);
            v = (old & ~m) | v;
        }
        return block == PPB_FPB_BASE ? core_fpb_write(c, off, v)
                                     : core_dwt_write(c, off, v);
    default:
        return 0; /* ITM/TPIU/ROM: writes ignored */
    }
}

static void record_bus_error(struct sim_core *c, uint32_t addr, bool fetch,
                             bool write)
{
    if (c->stop & STOP_BUSFAULT)
        return; /* keep the first one */
    c->fault_addr = addr;
    c->fault_is_fetch = fetch;
    c->fault_is_write = write;
    core_request_stop(c, STOP_BUSFAULT);
}

/* One CPU access to a register block or PPB part. */
static uint64_t mmio_read(uc_engine *uc, uint64_t offset, unsigned size,
                          void *user)
{
    (void)uc;
    struct sim_core *c = user;
    uint32_t addr = (uint32_t)offset, val = 0;
    int rc = -1;
    if (core_is_ppb_own(addr)) {
        rc = core_ppb_access(c, SIM_BUS_CPU, false, addr, size, &val);
    } else {
        const struct sim_region *r = core_find_region(c, addr, size);
        if (r && r->read)
            rc = r->read(r->ctx, SIM_BUS_CPU, addr - r->base, size, &val);
    }
    if (rc != 0) {
        record_bus_error(c, addr, false, false);
        val = 0;
    }
    return val;
}

static void mmio_write(uc_engine *uc, uint64_t offset, unsigned size,
                       uint64_t value, void *user)
{
    (void)uc;
    struct sim_core *c = user;
    uint32_t addr = (uint32_t)offset, val = (uint32_t)value;
    int rc = -1;
    if (core_is_ppb_own(addr)) {
        rc = core_ppb_access(c, SIM_BUS_CPU, true, addr, size, &val);
    } else {
        const struct sim_region *r = core_find_region(c, addr, size);
        if (r && r->write)
            rc = r->write(r->ctx, SIM_BUS_CPU, addr - r->base, size, val);
    }
    if (rc != 0)
        record_bus_error(c, addr, false, true);
}

/* Unicorn's mmio callbacks get the offset inside the mapping; each span
 * has a small context that knows its base. */
static uint64_t span_read(uc_engine *uc, uint64_t off, unsigned size, void *u)
{
    struct core_span *s = u;
    return mmio_read(uc, s->base + off, size, s->c);
}

static void span_write(uc_engine *uc, uint64_t off, unsigned size,
                       uint64_t v, void *u)
{
    struct core_span *s = u;
    mmio_write(uc, s->base + off, size, v, s->c);
}

static bool mem_write_prot(uc_engine *uc, uc_mem_type type, uint64_t address,
                           int size, int64_t value, void *user)
{
    (void)uc;
    (void)type;
    struct sim_core *c = user;
    uint32_t addr = (uint32_t)address;
    const struct sim_region *r = core_find_region(c, addr, (uint32_t)size);
    if (!r || !(r->flags & SIM_REGION_CPU_RO) || !r->write ||
        r->write(r->ctx, SIM_BUS_CPU, addr - r->base, (unsigned)size,
                 (uint32_t)value) != 0)
        record_bus_error(c, addr, false, true);
    return true; /* handled: the store itself is discarded */
}

static bool mem_unmapped(uc_engine *uc, uc_mem_type type, uint64_t address,
                         int size, int64_t value, void *user)
{
    (void)uc;
    (void)size;
    (void)value;
    struct sim_core *c = user;
    record_bus_error(c, (uint32_t)address,
                     type == UC_MEM_FETCH_UNMAPPED || type == UC_MEM_FETCH_PROT,
                     type == UC_MEM_WRITE_UNMAPPED);
    return false;
}

int core_map_regions(struct sim_core *c)
{
    size_t page = 1024;
    uint32_t ps = 0;
    if (uc_ctl(c->uc, CORE_UC_CTL_READ(UC_CTL_UC_PAGE_SIZE, 1), &ps) ==
            UC_ERR_OK && ps)
        page = ps;

    /* RAM-like regions by pointer. */
    for (size_t i = 0; i < c->nregions; i++) {
        const struct sim_region *r = &c->regions[i];
        if (!r->mem)
            continue;
        if (uc_mem_map_ptr(c->uc, r->base, r->size, UC_PROT_ALL, r->mem) !=
            UC_ERR_OK)
            return -1;
        uint32_t perms = UC_PROT_READ;
        if (r->flags & SIM_REGION_EXEC)
            perms |= UC_PROT_EXEC;
        if (!(r->flags & SIM_REGION_CPU_RO))
            perms |= UC_PROT_WRITE;
        if (perms != UC_PROT_ALL &&
            uc_mem_protect(c->uc, r->base, r->size, perms) != UC_ERR_OK)
            return -1;
    }

    /* Page-aligned spans over register blocks and our PPB parts, merged. */
    uint64_t lo[64], hi[64];
    unsigned n = 0;
    for (size_t i = 0; i < c->nregions + sizeof own_blocks / sizeof own_blocks[0]; i++) {
        uint64_t b, e;
        if (i < c->nregions) {
            const struct sim_region *r = &c->regions[i];
            if (r->mem)
                continue;
            b = r->base;
            e = (uint64_t)r->base + r->size;
        } else {
            b = own_blocks[i - c->nregions];
            e = b + PPB_BLOCK_SIZE;
        }
        b &= ~(uint64_t)(page - 1);
        e = (e + page - 1) & ~(uint64_t)(page - 1);
        if (n < 64) {
            lo[n] = b;
            hi[n] = e;
            n++;
        }
    }
    /* sort + merge (n is small) */
    for (unsigned i = 1; i < n; i++)
        for (unsigned j = i; j > 0 && lo[j] < lo[j - 1]; j--) {
            uint64_t t = lo[j]; lo[j] = lo[j - 1]; lo[j - 1] = t;
            t = hi[j]; hi[j] = hi[j - 1]; hi[j - 1] = t;
        }
    c->nspans = 0;
    for (unsigned i = 0; i < n;) {
        uint64_t b = lo[i], e = hi[i];
        for (i++; i < n && lo[i] <= e; i++)
            if (hi[i] > e)
                e = hi[i];
        if (c->nspans >= CORE_MAX_SPANS)
            return -1;
        struct core_span *s = &c->spans[c->nspans++];
        s->c = c;
        s->base = (uint32_t)b;
        if (uc_mmio_map(c->uc, b, (size_t)(e - b), span_read, s, span_write,
                        s) == UC_ERR_OK)
            continue;
        /* The span shares a page with a memory region: map it page by
         * page and leave the pages memory already holds. */
        for (uint64_t p = b; p < e; p += page) {
            struct core_span *pspan = s;
            if (p != b) {
                if (c->nspans >= CORE_MAX_SPANS)
                    return -1;
                pspan = &c->spans[c->nspans++];
                pspan->c = c;
            }
            pspan->base = (uint32_t)p;
            if (uc_mmio_map(c->uc, p, page, span_read, pspan, span_write, pspan) !=
                    UC_ERR_OK && p != b)
                c->nspans--;
        }
    }

    uc_hook_add(c->uc, &c->h_wprot, UC_HOOK_MEM_WRITE_PROT,
                (void *)mem_write_prot, c, 1, 0);
    uc_hook_add(c->uc, &c->h_unmapped,
                UC_HOOK_MEM_UNMAPPED | UC_HOOK_MEM_FETCH_PROT |
                    UC_HOOK_MEM_READ_PROT,
                (void *)mem_unmapped, c, 1, 0);
    return 0;
}

/* The core's own word accesses (stacking, vectors): same routing as the
 * CPU's, without going through Unicorn. */
int core_bus_read32(struct sim_core *c, uint32_t addr, uint32_t *val)
{
    if ((addr & 3u) != 0)
        return -1;
    if (core_is_ppb_own(addr))
        return core_ppb_access(c, SIM_BUS_CPU, false, addr, 4, val);
    const struct sim_region *r = core_find_region(c, addr, 4);
    if (!r)
        return -1;
    if (r->mem) {
        const uint8_t *p = r->mem + (addr - r->base);
        *val = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
               (uint32_t)p[3] << 24;
        return 0;
    }
    return r->read ? r->read(r->ctx, SIM_BUS_CPU, addr - r->base, 4, val) : -1;
}

int core_bus_write32(struct sim_core *c, uint32_t addr, uint32_t val)
{
    if ((addr & 3u) != 0)
        return -1;
    if (core_is_ppb_own(addr))
        return core_ppb_access(c, SIM_BUS_CPU, true, addr, 4, &val);
    const struct sim_region *r = core_find_region(c, addr, 4);
    if (!r)
        return -1;
    if (r->mem && !(r->flags & SIM_REGION_CPU_RO)) {
        uint8_t *p = r->mem + (addr - r->base);
        p[0] = (uint8_t)val;
        p[1] = (uint8_t)(val >> 8);
        p[2] = (uint8_t)(val >> 16);
        p[3] = (uint8_t)(val >> 24);
        return 0;
    }
    return r->write ? r->write(r->ctx, SIM_BUS_CPU, addr - r->base, 4, val)
                    : -1;
}
