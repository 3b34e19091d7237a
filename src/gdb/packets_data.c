/* Register and memory packets (GDB manual, "Packets"): g/G, p/P, m/M, X.
 * Split from packets.c (the dispatcher), which calls them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdb/gdb_internal.h"

#define E_MALFORMED "E01"

/* m / M sizes: the reply holds two hex digits per byte. */
#define GDB_MEM_MAX (RSP_MAX_PACKET / 2)

/* ---- registers and memory ---- */

void gdb_g_packet(struct gdb_server *g)
{
    int rc = gdb_target(g);
    if (rc) {
        gdb_reply_rc(g, rc);
        return;
    }
    char *o = g->reply;
    for (unsigned n = 0; n < GDB_G_REGS; n++) {
        uint8_t v[8];
        rc = gdb_reg_read(g, n, v);
        if (rc) {
            gdb_reply_rc(g, rc);
            return;
        }
        rsp_hex_encode(v, 4, o);
        o += 8;
    }
    g->reply_len = (size_t)(o - g->reply);
}

void gdb_G_packet(struct gdb_server *g, const char *p, const char *end)
{
    size_t n = (size_t)(end - p);
    if (n % 8 || n / 8 > GDB_G_REGS) {
        gdb_reply_str(g, E_MALFORMED);
        return;
    }
    uint8_t bytes[GDB_G_REGS * 4];
    if (!rsp_hex_decode(p, n, bytes)) {
        gdb_reply_str(g, E_MALFORMED);
        return;
    }
    int rc = gdb_target(g);
    for (unsigned r = 0; rc == SD_OK && r < n / 8; r++)
        rc = gdb_reg_write(g, r, bytes + 4 * r);
    gdb_reply_rc(g, rc);
}

void gdb_p_packet(struct gdb_server *g, const char *p, const char *end)
{
    uint32_t n;
    if (gdb_parse_hex_to(&p, end, &n, 0) || p != end) {
        gdb_reply_str(g, E_MALFORMED);
        return;
    }
    int rc = gdb_target(g);
    if (rc) {
        gdb_reply_rc(g, rc);
        return;
    }
    unsigned size = gdb_reg_size(g, n);
    if (!size) {
        gdb_reply_str(g, E_MALFORMED);
        return;
    }
    uint8_t v[8];
    rc = gdb_reg_read(g, n, v);
    if (rc) {
        gdb_reply_rc(g, rc);
        return;
    }
    rsp_hex_encode(v, size, g->reply);
    g->reply_len = 2 * size;
}

void gdb_P_packet(struct gdb_server *g, const char *p, const char *end)
{
    uint32_t n;
    if (gdb_parse_hex_to(&p, end, &n, '=')) {
        gdb_reply_str(g, E_MALFORMED);
        return;
    }
    int rc = gdb_target(g);
    if (rc) {
        gdb_reply_rc(g, rc);
        return;
    }
    unsigned size = gdb_reg_size(g, n);
    uint8_t v[8];
    if (!size || (size_t)(end - p) != 2 * size || !rsp_hex_decode(p, 2 * size, v)) {
        gdb_reply_str(g, E_MALFORMED);
        return;
    }
    gdb_reply_rc(g, gdb_reg_write(g, n, v));
}

void gdb_m_packet(struct gdb_server *g, const char *p, const char *end)
{
    uint32_t addr, len;
    if (gdb_parse_addr_len(&p, end, &addr, &len, 0) || len > GDB_MEM_MAX) {
        gdb_reply_str(g, E_MALFORMED);
        return;
    }
    uint8_t *buf = malloc(len ? len : 1);
    if (!buf) {
        gdb_reply_error(g, SD_ERR_NO_MEMORY);
        return;
    }
    int rc = gdb_target(g);
    if (rc == SD_OK && len)
        rc = sd_debug_mem_read(g->t, addr, buf, len);
    if (rc)
        gdb_reply_rc(g, rc);
    else {
        rsp_hex_encode(buf, len, g->reply);
        g->reply_len = 2 * (size_t)len;
    }
    free(buf);
}

void gdb_M_packet(struct gdb_server *g, const char *p, const char *end)
{
    uint32_t addr, len;
    if (gdb_parse_addr_len(&p, end, &addr, &len, ':') || len > GDB_MEM_MAX ||
        (size_t)(end - p) != 2 * (size_t)len) {
        gdb_reply_str(g, E_MALFORMED);
        return;
    }
    uint8_t *buf = malloc(len ? len : 1);
    if (!buf) {
        gdb_reply_error(g, SD_ERR_NO_MEMORY);
        return;
    }
    if (!rsp_hex_decode(p, 2 * (size_t)len, buf)) {
        gdb_reply_str(g, E_MALFORMED);
    } else {
        int rc = gdb_target(g);
        if (rc == SD_OK && len)
            rc = sd_debug_mem_write(g->t, addr, buf, len);
        gdb_reply_rc(g, rc);
    }
    free(buf);
}

/* X ADDR,LEN:binary (escaped); X ADDR,0: probes whether X works. */
void gdb_X_packet(struct gdb_server *g, char *p, char *end)
{
    const char *q = p;
    uint32_t addr, len;
    if (gdb_parse_addr_len(&q, end, &addr, &len, ':')) {
        gdb_reply_str(g, E_MALFORMED);
        return;
    }
    char *data = p + (q - p);
    size_t n = rsp_unescape((uint8_t *)data, (size_t)(end - data));
    if (n == (size_t)-1 || n != len) {
        gdb_reply_str(g, E_MALFORMED);
        return;
    }
    int rc = gdb_target(g);
    if (rc == SD_OK && len)
        rc = sd_debug_mem_write(g->t, addr, data, len);
    gdb_reply_rc(g, rc);
}
