/* The core layer's link over an ST-LINK: the probe does MEM-AP transfers
 * and register transfers itself (stlink-protocol.md §4.1-4.3). */
#include "arm/link_stlink.h"
#include "stlink/stlink.h"

/* One word on AP0 goes as READ/WRITEDEBUGREG: the status comes in the
 * reply, so it costs one USB round trip instead of two (the memory
 * commands need GETLASTRWSTATUS2 after them).  Flash drivers poll and set
 * registers one word at a time. */
static bool one_word(unsigned ap, unsigned width, size_t len)
{
    return ap == 0 && width == 4 && len == 4;
}

static int st_mem_read(void *link, unsigned ap, unsigned width, uint32_t addr, uint8_t *buf,
                       size_t len)
{
    struct stlink *st = link;
    if (one_word(ap, width, len)) {
        uint32_t v;
        int rc = stlink_debugreg_read(st, addr, &v);
        if (!rc)
            for (int i = 0; i < 4; i++)
                buf[i] = (uint8_t)(v >> (8 * i));
        return rc;
    }
    int rc = stlink_mem_select_ap(st, (uint8_t)ap);
    return rc ? rc : stlink_mem_read(st, width, addr, buf, len);
}

static int st_mem_write(void *link, unsigned ap, unsigned width, uint32_t addr,
                        const uint8_t *buf, size_t len)
{
    struct stlink *st = link;
    if (one_word(ap, width, len))
        return stlink_debugreg_write(st, addr, (uint32_t)buf[0] | (uint32_t)buf[1] << 8 |
                                                   (uint32_t)buf[2] << 16 |
                                                   (uint32_t)buf[3] << 24);
    int rc = stlink_mem_select_ap(st, (uint8_t)ap);
    return rc ? rc : stlink_mem_write(st, width, addr, buf, len);
}

static int st_reg_read(void *link, unsigned ap, unsigned regsel, uint32_t *val)
{
    (void)ap; /* READREG works on the AP opened for the core (AP0) */
    return stlink_reg_read(link, (uint8_t)regsel, val);
}

static int st_reg_write(void *link, unsigned ap, unsigned regsel, uint32_t val)
{
    (void)ap;
    return stlink_reg_write(link, (uint8_t)regsel, val);
}

static int st_set_nrst(void *link, bool low)
{
    return stlink_nrst(link, low ? STLINK_NRST_ASSERT : STLINK_NRST_RELEASE);
}

const struct arm_link_ops arm_stlink_link = {
    .mem_read = st_mem_read,
    .mem_write = st_mem_write,
    .reg_read = st_reg_read,
    .reg_write = st_reg_write,
    .set_nrst = st_set_nrst,
};
