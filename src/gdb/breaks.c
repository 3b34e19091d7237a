/* Z/z packets: breakpoints and watchpoints.
 *
 * Z0 (gdb's "software" breakpoint) in code the FPB can reach (below
 * 0x20000000 on ARMv7-M, B3.5.3 FP_COMP: the Code region) uses a hardware
 * comparator, since flash cannot take a BKPT instruction cheaply; above
 * that (code running from SRAM) it writes a BKPT #0 and keeps the
 * halfword it replaced.  Z1 is always the FPB; Z2/Z3/Z4 are DWT watchpoints
 * (write, read, access). */
#include <string.h>

#include "gdb/gdb_internal.h"

/* Top of the Code region the FPB can match (ARMv7-M B3.5, ARMv6-M C1.7). */
#define FPB_CODE_LIMIT 0x20000000u

enum { Z_SW = 0, Z_HW = 1, Z_WRITE = 2, Z_READ = 3, Z_ACCESS = 4 };

static struct gdb_sw_bkpt *sw_find(struct gdb_server *g, uint32_t addr)
{
    for (unsigned i = 0; i < GDB_SW_BKPT_MAX; i++)
        if (g->sw[i].used && g->sw[i].addr == addr)
            return &g->sw[i];
    return NULL;
}

int gdb_is_sw_break(const struct gdb_server *g, uint32_t addr)
{
    for (unsigned i = 0; i < GDB_SW_BKPT_MAX; i++)
        if (g->sw[i].used && g->sw[i].addr == addr)
            return 1;
    return 0;
}

static int sw_insert(struct gdb_server *g, uint32_t addr)
{
    if (sw_find(g, addr))
        return SD_OK;
    struct gdb_sw_bkpt *b = NULL;
    for (unsigned i = 0; i < GDB_SW_BKPT_MAX && !b; i++)
        if (!g->sw[i].used)
            b = &g->sw[i];
    if (!b)
        return SD_ERR_REFUSED;
    uint8_t old[2];
    int rc = sd_debug_mem_read(g->t, addr, old, sizeof old);
    if (rc)
        return rc;
    const uint8_t bkpt[2] = { THUMB_BKPT_0 & 0xff, THUMB_BKPT_0 >> 8 };
    rc = sd_debug_mem_write(g->t, addr, bkpt, sizeof bkpt);
    if (rc)
        return rc;
    /* Read back: code in memory that ignores writes (ROM) cannot hold it. */
    uint8_t check[2];
    rc = sd_debug_mem_read(g->t, addr, check, sizeof check);
    if (rc)
        return rc;
    if (memcmp(check, bkpt, sizeof bkpt))
        return SD_ERR_REFUSED;
    b->used = 1;
    b->addr = addr;
    b->saved = (uint16_t)(old[0] | old[1] << 8);
    return SD_OK;
}

static int sw_remove(struct gdb_server *g, struct gdb_sw_bkpt *b)
{
    const uint8_t old[2] = { (uint8_t)b->saved, (uint8_t)(b->saved >> 8) };
    b->used = 0;
    return sd_debug_mem_write(g->t, b->addr, old, sizeof old);
}

static void hw_note(struct gdb_server *g, int type, uint32_t addr, uint32_t len, int set)
{
    for (unsigned i = 0; i < GDB_HW_POINT_MAX; i++) {
        struct gdb_hw_point *h = &g->hw[i];
        if (set && !h->used) {
            *h = (struct gdb_hw_point){ .type = type, .used = 1, .addr = addr, .len = len };
            return;
        }
        if (!set && h->used && h->type == type && h->addr == addr) {
            h->used = 0;
            return;
        }
    }
}

static int hw_insert(struct gdb_server *g, int type, uint32_t addr, uint32_t kind)
{
    int rc = type <= Z_HW ? sd_debug_bkpt_set(g->t, addr)
                          : sd_debug_watch_set(g->t, addr, kind, type);
    if (rc == SD_OK)
        hw_note(g, type, addr, kind, 1);
    return rc;
}

static int hw_remove(struct gdb_server *g, int type, uint32_t addr, uint32_t kind)
{
    hw_note(g, type, addr, kind, 0);
    return type <= Z_HW ? sd_debug_bkpt_clear(g->t, addr)
                        : sd_debug_watch_clear(g->t, addr, kind, type);
}

int gdb_break_insert(struct gdb_server *g, int type, uint32_t addr, uint32_t kind)
{
    switch (type) {
    case Z_SW:
        if (addr >= FPB_CODE_LIMIT)
            return sw_insert(g, addr);
        return hw_insert(g, Z_HW, addr, kind);
    case Z_HW:
    case Z_WRITE:
    case Z_READ:
    case Z_ACCESS:
        return hw_insert(g, type, addr, kind);
    default:
        return SD_ERR_NOT_SUPPORTED;
    }
}

int gdb_break_remove(struct gdb_server *g, int type, uint32_t addr, uint32_t kind)
{
    switch (type) {
    case Z_SW: {
        struct gdb_sw_bkpt *b = sw_find(g, addr);
        if (b)
            return sw_remove(g, b);
        return hw_remove(g, Z_HW, addr, kind);
    }
    case Z_HW:
    case Z_WRITE:
    case Z_READ:
    case Z_ACCESS:
        return hw_remove(g, type, addr, kind);
    default:
        return SD_ERR_NOT_SUPPORTED;
    }
}

/* After a reset or a flash load: RAM breakpoints are gone with the code
 * they patched (or must not be restored over new code).  The FPB and DWT
 * keep their comparators across a system reset (ARMv7-M C1.1: debug logic
 * is reset by power-on only), so those stay noted. */
void gdb_breaks_forget(struct gdb_server *g)
{
    memset(g->sw, 0, sizeof g->sw);
}

void gdb_breaks_remove_all(struct gdb_server *g)
{
    for (unsigned i = 0; i < GDB_SW_BKPT_MAX; i++)
        if (g->sw[i].used)
            sw_remove(g, &g->sw[i]);
    for (unsigned i = 0; i < GDB_HW_POINT_MAX; i++)
        if (g->hw[i].used)
            hw_remove(g, g->hw[i].type, g->hw[i].addr, g->hw[i].len);
}
