/* Memory commands over the MEM-AP: READMEM/WRITEMEM 8/16/32-bit, the
 * no-address-increment variants, the last-transfer status (GETLASTRWSTATUS
 * and GETLASTRWSTATUS2 with the fault address) and the RW_MISC batch.
 * ref: stlink-protocol.md §4.1, §4.2 (command block), §4.8 (RW_MISC),
 * §6.1 (size limits), §6.2 (alignment), §6.3 (1 KiB boundary). */
#include <stdlib.h>
#include <string.h>

#include "probe/probe_int.h"

/* Sub-commands (ref §4.1). */
#define READMEM_32BIT          0x07
#define WRITEMEM_32BIT         0x08
#define READMEM_8BIT           0x0C
#define WRITEMEM_8BIT          0x0D
#define READMEM_16BIT          0x47
#define WRITEMEM_16BIT         0x48
#define WRITEMEM_32BIT_NOINC   0x50
#define READMEM_32BIT_NOINC    0x54

/* Size limits (ref §6.1): reads of 16/32-bit items fill the probe's
 * 6144-byte buffer; writes stream through it, up to the u16 length field
 * (probe-rs writes up to 0xFFFC per command, and stlink-tools 1.7 writes
 * its whole SRAM buffer, 16 KiB and more, in one WRITEMEM_32BIT, which
 * works on real V2 probes).  8-bit: one full-speed packet, 512 bytes on
 * V3 from J6. */
#define MAX_READ16_32          6144u
#define MAX_WRITE16_32         0xFFFCu
#define MAX_RW8                64u
#define MAX_RW8_V3             512u

/* RW_MISC opcodes and item limits (OOCD, ref §4.8). */
#define MISC_ADDRESS           1
#define MISC_WRITE             2
#define MISC_READ              3
#define MISC_APNUM             5
#define MISC_MAX_ITEMS_V2      64u
#define MISC_MAX_ITEMS_V3      1227u

struct mem_req {
    uint32_t addr;
    uint16_t len;
    uint8_t ap;
    uint32_t csw_hi;
    unsigned size;
    bool inc;
    bool write;
};

static void decode(const struct sim_probe *p, const uint8_t *c, struct mem_req *r)
{
    r->addr = probe_le32(&c[2]);
    r->len = probe_le16(&c[6]);
    /* AP number honoured from V2J28 (ref §4.2); CSW bits from J32 are
     * applied in dap_access.c. */
    r->ap = probe_has(p, FEAT_AP_INIT) ? c[8] : 0;
    r->csw_hi = (uint32_t)c[9] | (uint32_t)c[10] << 8 | (uint32_t)c[11] << 16;
    switch (c[1]) {
    case READMEM_8BIT: case WRITEMEM_8BIT:     r->size = 1; break;
    case READMEM_16BIT: case WRITEMEM_16BIT:   r->size = 2; break;
    default:                                   r->size = 4; break;
    }
    r->inc = c[1] != WRITEMEM_32BIT_NOINC && c[1] != READMEM_32BIT_NOINC;
    r->write = c[1] == WRITEMEM_32BIT || c[1] == WRITEMEM_16BIT ||
               c[1] == WRITEMEM_8BIT || c[1] == WRITEMEM_32BIT_NOINC;
}

/* Status a request gets before any wire access, or OK. */
static uint8_t check(const struct sim_probe *p, const struct mem_req *r)
{
    unsigned max = r->size > 1 ? (r->write ? MAX_WRITE16_32 : MAX_READ16_32)
                 : probe_has(p, FEAT_RW8_512) ? MAX_RW8_V3 : MAX_RW8;
    if (r->len > max)
        return STLINK_CMD_ERROR;
    /* Length must be whole items (hosts enforce address alignment too;
     * STORG: with an unaligned address the firmware "gives just wrong
     * values", so the address goes to the MEM-AP as it is). */
    if (r->len % r->size)
        return STLINK_ALIGNMENT_ERROR;
    if (!probe_ap_allowed(p, r->ap))
        return STLINK_BAD_AP;
    return STLINK_OK;
}

static void latch(struct sim_probe *p, uint8_t status, uint32_t fault)
{
    p->rw_status = status;
    p->rw_fault_addr = status == STLINK_OK ? 0 : fault;
}

void probe_cmd_readmem(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    struct mem_req r;
    decode(p, c, &r);
    /* 1-byte 8-bit reads answer 2 bytes (ref §1.3, §6.5). */
    size_t reply_len = r.size == 1 && r.len == 1 ? 2 : r.len;
    uint8_t *buf = p->data; /* free: reads have no data phase */
    memset(buf, 0, reply_len);
    uint32_t fault = r.addr;
    uint8_t st = check(p, &r);
    if (st == STLINK_OK && r.len)
        st = probe_mem_read(p, r.ap, r.csw_hi, r.addr, r.size, r.len / r.size,
                            r.inc, buf, &fault);
    latch(p, st, fault);
    /* The data phase always has the announced length: hosts read exact
     * lengths and learn about errors from GETLASTRWSTATUS(2). */
    probe_reply(p, buf, reply_len);
}

void probe_cmd_writemem(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    struct mem_req r;
    decode(p, c, &r);
    uint32_t fault = r.addr;
    uint8_t st = check(p, &r);
    if (st == STLINK_OK && n < r.len)
        st = STLINK_CMD_ERROR;
    if (st == STLINK_OK && r.len)
        st = probe_mem_write(p, r.ap, r.csw_hi, r.addr, r.size, r.len / r.size,
                             r.inc, d, &fault);
    latch(p, st, fault); /* no reply */
}

void probe_cmd_lastrw(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)c; (void)d; (void)n;
    probe_reply_status(p, (uint8_t)p->rw_status);
}

/* rep[0..1] status (u16), rep[2..3] pad, rep[4..7] fault address,
 * rep[8..11] unused (ref §4.1 row 0x3E). */
void probe_cmd_lastrw2(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)c; (void)d; (void)n;
    uint8_t r[12] = { 0 };
    probe_put16(&r[0], p->rw_status);
    probe_put32(&r[4], p->rw_fault_addr);
    probe_reply(p, r, sizeof r);
}

/* ---- RW_MISC (V2J32 / V3J2) ---- */

static uint8_t misc_item(struct sim_probe *p, uint8_t op, uint32_t arg,
                         uint8_t *ap, uint32_t *addr, uint32_t *val)
{
    uint8_t b[4];
    uint32_t fault;
    uint8_t st;
    *val = 0;
    switch (op) {
    case MISC_ADDRESS:
        *addr = arg;
        return STLINK_OK;
    case MISC_APNUM:
        if (arg > PROBE_MAX_AP || !probe_ap_allowed(p, arg))
            return STLINK_BAD_AP;
        *ap = (uint8_t)arg;
        return STLINK_OK;
    case MISC_WRITE:
        probe_put32(b, arg);
        return probe_mem_write(p, *ap, 0, *addr, 4, 1, false, b, &fault);
    case MISC_READ:
        st = probe_mem_read(p, *ap, 0, arg, 4, 1, false, b, &fault);
        *val = probe_le32(b);
        return st;
    default:
        return STLINK_UNKNOWN_CMD;
    }
}

void probe_cmd_rw_misc_out(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    uint32_t items = probe_le32(&c[2]);
    uint32_t max = p->fw.hw >= 3 ? MISC_MAX_ITEMS_V3 : MISC_MAX_ITEMS_V2;
    size_t args = (items + 3u) & ~3u;

    free(p->misc_val);
    free(p->misc_status);
    p->misc_val = p->misc_status = NULL;
    p->misc_items = 0;
    /* More items than the firmware's buffer holds: nothing is done (the
     * limit is what OOCD hard-codes; the real answer is not documented). */
    if (items == 0 || items > max)
        return;
    p->misc_val = calloc(items, sizeof *p->misc_val);
    p->misc_status = calloc(items, sizeof *p->misc_status);
    if (!p->misc_val || !p->misc_status)
        return;
    p->misc_items = items;
    uint8_t ap = 0;
    uint32_t addr = 0;
    for (uint32_t i = 0; i < items; i++) {
        if (args + 4u * (i + 1) > n) {
            p->misc_status[i] = STLINK_CMD_ERROR;
            continue;
        }
        p->misc_status[i] = misc_item(p, d[i], probe_le32(&d[args + 4u * i]),
                                      &ap, &addr, &p->misc_val[i]);
    }
    /* no reply: results are fetched with RW_MISC_IN */
}

/* 4 x items result words, then 4 x items status words (ref §4.8). */
void probe_cmd_rw_misc_in(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)c; (void)d; (void)n;
    uint8_t w[4];
    for (uint32_t i = 0; i < p->misc_items; i++) {
        probe_put32(w, p->misc_val[i]);
        probe_reply(p, w, 4);
    }
    for (uint32_t i = 0; i < p->misc_items; i++) {
        probe_put32(w, p->misc_status[i]);
        probe_reply(p, w, 4);
    }
}
