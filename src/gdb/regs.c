/* gdb's register numbers (those target.xml gives, see xml.c) onto
 * swdoctor's (enum sd_reg).  Like OpenOCD's armv7m description, the FPU is
 * shown as the double registers d0-d15 of org.gnu.gdb.arm.vfp (gdb makes
 * s0-s31 from them as pseudo registers): d<n> is s<2n> (low word) and
 * s<2n+1> (high word), ARMv7-M A2.5 "The FP extension registers". */
#include <string.h>

#include "gdb/gdb_internal.h"

#define GDB_REG_XPSR 16
#define GDB_REG_SYS0 17            /* msp .. control: 17-22 */
#define GDB_REG_SYS_LAST 22
#define GDB_REG_D0 23              /* d0-d15: 23-38 */
#define GDB_REG_D_LAST 38
#define GDB_REG_FPSCR 39

unsigned gdb_reg_count(const struct gdb_server *g)
{
    return g->core.has_fpu ? GDB_REG_FPSCR + 1 : GDB_REG_SYS_LAST + 1;
}

/* swdoctor register for a 32-bit gdb register, or -1. */
static int sd_reg_of(const struct gdb_server *g, unsigned n)
{
    if (n <= GDB_REG_XPSR)
        return (int)n;             /* r0-r15 and xpsr share numbers */
    if (n <= GDB_REG_SYS_LAST) {
        int r = SD_REG_MSP + (int)(n - GDB_REG_SYS0);
        /* ARMv6-M has no BASEPRI or FAULTMASK (ARMv6-M B1.4.3). */
        if (g->core.armv6m && (r == SD_REG_BASEPRI || r == SD_REG_FAULTMASK))
            return -1;
        return r;
    }
    if (n == GDB_REG_FPSCR && g->core.has_fpu)
        return SD_REG_FPSCR;
    return -1;
}

unsigned gdb_reg_size(const struct gdb_server *g, unsigned n)
{
    if (n >= GDB_REG_D0 && n <= GDB_REG_D_LAST)
        return g->core.has_fpu ? 8 : 0;
    return sd_reg_of(g, n) >= 0 ? 4 : 0;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int gdb_reg_read(struct gdb_server *g, unsigned n, uint8_t *out)
{
    uint32_t v;
    int rc;
    if (n >= GDB_REG_D0 && n <= GDB_REG_D_LAST) {
        if (!g->core.has_fpu)
            return SD_ERR_INVALID_ARG;
        enum sd_reg s_lo = (enum sd_reg)(SD_REG_S0 + 2 * (int)(n - GDB_REG_D0));
        uint32_t hi;
        if ((rc = sd_debug_reg_read(g->t, s_lo, &v)) ||
            (rc = sd_debug_reg_read(g->t, (enum sd_reg)(s_lo + 1), &hi)))
            return rc;
        put_le32(out, v);
        put_le32(out + 4, hi);
        return SD_OK;
    }
    int r = sd_reg_of(g, n);
    if (r < 0)
        return SD_ERR_INVALID_ARG;
    if ((rc = sd_debug_reg_read(g->t, (enum sd_reg)r, &v)))
        return rc;
    put_le32(out, v);
    return SD_OK;
}

int gdb_reg_write(struct gdb_server *g, unsigned n, const uint8_t *in)
{
    int rc;
    if (n >= GDB_REG_D0 && n <= GDB_REG_D_LAST) {
        if (!g->core.has_fpu)
            return SD_ERR_INVALID_ARG;
        enum sd_reg s_lo = (enum sd_reg)(SD_REG_S0 + 2 * (int)(n - GDB_REG_D0));
        if ((rc = sd_debug_reg_write(g->t, s_lo, get_le32(in))))
            return rc;
        return sd_debug_reg_write(g->t, (enum sd_reg)(s_lo + 1), get_le32(in + 4));
    }
    int r = sd_reg_of(g, n);
    if (r < 0)
        return SD_ERR_INVALID_ARG;
    return sd_debug_reg_write(g->t, (enum sd_reg)r, get_le32(in));
}
