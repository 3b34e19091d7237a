/* The XML documents gdb reads with qXfer: the target description (GDB
 * manual, "Target Descriptions"; features "ARM Features") and the memory
 * map ("Memory Map Format").
 *
 * Registers: org.gnu.gdb.arm.m-profile (r0-r12, sp, lr, pc, xpsr),
 * org.gnu.gdb.arm.m-system (msp, psp, primask, basepri, faultmask,
 * control; gdb uses msp/psp to unwind through exception frames) and, on
 * cores with an FPU, org.gnu.gdb.arm.vfp with d0-d15 and fpscr, the way
 * OpenOCD's armv7m description does it (gdb requires d0-d15 in that
 * feature and derives s0-s31 itself).  Numbers as in regs.c.
 *
 * Memory: flash regions with their erase block (so `load` uses vFlash*),
 * every gap as "ram" like OpenOCD does, because gdb refuses accesses to
 * addresses a memory map leaves out (peripherals, the System Control Space). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdb/gdb_internal.h"

#define MAX_REGIONS 32

struct strbuf {
    char *p;
    size_t len, cap;
    int oom;
};

__attribute__((format(printf, 2, 3)))
static void sb_printf(struct strbuf *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        size_t room = b->cap - b->len;
        int n = b->p ? vsnprintf(b->p + b->len, room, fmt, ap) : -1;
        va_end(ap);
        if (b->p && n >= 0 && (size_t)n < room) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap ? 2 * b->cap : 4096;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
}

struct reg_desc {
    const char *name;
    unsigned bits;
    const char *type;
    const char *group;
};

static const struct reg_desc m_profile[] = {
    { "r0", 32, "uint32", "general" },  { "r1", 32, "uint32", "general" },
    { "r2", 32, "uint32", "general" },  { "r3", 32, "uint32", "general" },
    { "r4", 32, "uint32", "general" },  { "r5", 32, "uint32", "general" },
    { "r6", 32, "uint32", "general" },  { "r7", 32, "uint32", "general" },
    { "r8", 32, "uint32", "general" },  { "r9", 32, "uint32", "general" },
    { "r10", 32, "uint32", "general" }, { "r11", 32, "uint32", "general" },
    { "r12", 32, "uint32", "general" }, { "sp", 32, "data_ptr", "general" },
    { "lr", 32, "uint32", "general" },  { "pc", 32, "code_ptr", "general" },
    { "xpsr", 32, "uint32", "general" },
};

/* Numbers 17-22; ARMv6-M lacks basepri and faultmask. */
static const struct reg_desc m_system[] = {
    { "msp", 32, "data_ptr", "system" },  { "psp", 32, "data_ptr", "system" },
    { "primask", 32, "uint32", "system" }, { "basepri", 32, "uint32", "system" },
    { "faultmask", 32, "uint32", "system" }, { "control", 32, "uint32", "system" },
};

#define REG_SYS0 17
#define REG_D0 23
#define REG_FPSCR 39
#define N_D_REGS 16

static void reg(struct strbuf *b, const struct reg_desc *r, unsigned regnum)
{
    sb_printf(b, "    <reg name=\"%s\" bitsize=\"%u\" regnum=\"%u\" type=\"%s\" group=\"%s\"/>\n",
              r->name, r->bits, regnum, r->type, r->group);
}

char *gdb_target_xml(struct gdb_server *g, int *err)
{
    *err = gdb_target(g);
    if (*err)
        return NULL;
    struct strbuf b = { 0 };
    sb_printf(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                  "<target version=\"1.0\">\n  <architecture>arm</architecture>\n"
                  "  <feature name=\"org.gnu.gdb.arm.m-profile\">\n");
    for (unsigned i = 0; i < sizeof m_profile / sizeof m_profile[0]; i++)
        reg(&b, &m_profile[i], i);
    sb_printf(&b, "  </feature>\n  <feature name=\"org.gnu.gdb.arm.m-system\">\n");
    for (unsigned i = 0; i < sizeof m_system / sizeof m_system[0]; i++) {
        if (g->core.armv6m && gdb_reg_size(g, REG_SYS0 + i) == 0)
            continue;
        reg(&b, &m_system[i], REG_SYS0 + i);
    }
    sb_printf(&b, "  </feature>\n");
    if (g->core.has_fpu) {
        sb_printf(&b, "  <feature name=\"org.gnu.gdb.arm.vfp\">\n");
        for (unsigned i = 0; i < N_D_REGS; i++) {
            char name[8];
            snprintf(name, sizeof name, "d%u", i);
            struct reg_desc d = { name, 64, "ieee_double", "float" };
            reg(&b, &d, REG_D0 + i);
        }
        struct reg_desc fpscr = { "fpscr", 32, "int", "float" };
        reg(&b, &fpscr, REG_FPSCR);
        sb_printf(&b, "  </feature>\n");
    }
    sb_printf(&b, "</target>\n");
    if (b.oom) {
        free(b.p);
        *err = SD_ERR_NO_MEMORY;
        return NULL;
    }
    return b.p;
}

static int by_start(const void *a, const void *b)
{
    const struct sd_mem_region *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

static void ram(struct strbuf *b, uint64_t start, uint64_t end)
{
    if (end > start)
        sb_printf(b, "  <memory type=\"ram\" start=\"0x%08llx\" length=\"0x%llx\"/>\n",
                  (unsigned long long)start, (unsigned long long)(end - start));
}

char *gdb_memory_map_xml(struct gdb_server *g, int *err)
{
    *err = gdb_target(g);
    if (*err)
        return NULL;
    struct sd_mem_region flash[MAX_REGIONS];
    unsigned n = 0;
    for (unsigned i = 0; n < MAX_REGIONS; i++) {
        struct sd_mem_region r;
        if (sd_debug_memory_region(g->t, i, &r) != SD_OK)
            break;
        if (r.is_flash && r.length)
            flash[n++] = r;
    }
    qsort(flash, n, sizeof flash[0], by_start);

    struct strbuf b = { 0 };
    sb_printf(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE memory-map PUBLIC \"+//IDN gnu.org//DTD "
                  "GDB Memory Map V1.0//EN\" \"http://sourceware.org/gdb/gdb-memory-map.dtd\">\n"
                  "<memory-map>\n");
    uint64_t at = 0;
    for (unsigned i = 0; i < n; i++) {
        uint64_t start = flash[i].start, end = start + flash[i].length;
        if (start < at)
            continue;               /* overlapping regions: keep the first */
        ram(&b, at, start);
        sb_printf(&b, "  <memory type=\"flash\" start=\"0x%08x\" length=\"0x%x\">\n"
                      "    <property name=\"blocksize\">0x%x</property>\n  </memory>\n",
                  flash[i].start, flash[i].length,
                  flash[i].block_size ? flash[i].block_size : flash[i].length);
        at = end;
    }
    ram(&b, at, 0x100000000ull);
    sb_printf(&b, "</memory-map>\n");
    if (b.oom) {
        free(b.p);
        *err = SD_ERR_NO_MEMORY;
        return NULL;
    }
    return b.p;
}
