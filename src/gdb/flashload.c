/* gdb's `load` into flash: vFlashErase, vFlashWrite..., vFlashDone (GDB
 * manual, "Packets", vFlash*).  The writes are collected and, at
 * vFlashDone, programmed as one image with sd_flash(), the path `swdoctor
 * flash` takes (only sectors that differ are erased, then verified).  The
 * public image API builds images from files or buffers in a file format,
 * so the collected data is put into an Intel HEX text in memory first.
 * The core is left halted (gdb sets the PC to the entry point next). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/session_internal.h"
#include "gdb/gdb_internal.h"

#define IHEX_DATA_PER_LINE 16
#define IHEX_TYPE_DATA 0x00
#define IHEX_TYPE_EOF 0x01
#define IHEX_TYPE_EXT_LINEAR 0x04
/* One record: ':' LL AAAA TT data CC '\n'. */
#define IHEX_LINE_MAX (1 + 2 + 4 + 2 + 2 * IHEX_DATA_PER_LINE + 2 + 1)

void gdb_flash_discard(struct gdb_server *g)
{
    for (size_t i = 0; i < g->n_chunks; i++)
        free(g->chunks[i].data);
    g->n_chunks = 0;
    g->flash_erase_pending = 0;
}

int gdb_flash_erase(struct gdb_server *g, uint32_t addr, uint32_t len)
{
    /* Nothing is erased yet: sd_flash erases what the image needs. */
    sd_log(g->s, SD_LOG_DEBUG, SD_LOG_GDB, "vFlashErase 0x%08x + 0x%x (deferred to vFlashDone)",
           addr, len);
    g->flash_erase_pending = 1;
    return gdb_target(g);
}

int gdb_flash_write(struct gdb_server *g, uint32_t addr, const uint8_t *data, size_t len)
{
    if (!len)
        return SD_OK;
    struct gdb_flash_chunk *last = g->n_chunks ? &g->chunks[g->n_chunks - 1] : NULL;
    if (last && (uint64_t)last->addr + last->len == addr) {
        uint8_t *p = realloc(last->data, last->len + len);
        if (!p)
            return SD_ERR_NO_MEMORY;
        memcpy(p + last->len, data, len);
        last->data = p;
        last->len += len;
        return SD_OK;
    }
    if (g->n_chunks == g->cap_chunks) {
        size_t cap = g->cap_chunks ? 2 * g->cap_chunks : 8;
        struct gdb_flash_chunk *c = realloc(g->chunks, cap * sizeof *c);
        if (!c)
            return SD_ERR_NO_MEMORY;
        g->chunks = c;
        g->cap_chunks = cap;
    }
    uint8_t *p = malloc(len);
    if (!p)
        return SD_ERR_NO_MEMORY;
    memcpy(p, data, len);
    g->chunks[g->n_chunks++] = (struct gdb_flash_chunk){ .addr = addr, .len = len, .data = p };
    return SD_OK;
}

static char *ihex_record(char *o, unsigned type, uint16_t addr, const uint8_t *d, unsigned n)
{
    unsigned sum = n + (addr >> 8) + (addr & 0xff) + type;
    o += sprintf(o, ":%02X%04X%02X", n, addr, type);
    for (unsigned i = 0; i < n; i++) {
        o += sprintf(o, "%02X", d[i]);
        sum += d[i];
    }
    o += sprintf(o, "%02X\n", (unsigned)(-sum & 0xff));
    return o;
}

/* The collected chunks as Intel HEX (malloc'd, NUL-terminated). */
static char *chunks_to_ihex(const struct gdb_server *g, size_t *out_len)
{
    size_t lines = 1;
    for (size_t i = 0; i < g->n_chunks; i++)
        lines += 2 * (g->chunks[i].len / IHEX_DATA_PER_LINE + 2) + g->chunks[i].len / 0x10000 + 1;
    char *text = malloc(lines * IHEX_LINE_MAX + 1);
    if (!text)
        return NULL;
    char *o = text;
    uint32_t upper = 0xffffffffu;
    for (size_t i = 0; i < g->n_chunks; i++) {
        const struct gdb_flash_chunk *c = &g->chunks[i];
        size_t done = 0;
        while (done < c->len) {
            uint32_t a = c->addr + (uint32_t)done;
            if (a >> 16 != upper) {
                upper = a >> 16;
                const uint8_t ext[2] = { (uint8_t)(upper >> 8), (uint8_t)upper };
                o = ihex_record(o, IHEX_TYPE_EXT_LINEAR, 0, ext, 2);
            }
            /* A record stays within one 64 KiB page. */
            size_t n = c->len - done;
            if (n > IHEX_DATA_PER_LINE)
                n = IHEX_DATA_PER_LINE;
            if (n > 0x10000u - (a & 0xffffu))
                n = 0x10000u - (a & 0xffffu);
            o = ihex_record(o, IHEX_TYPE_DATA, (uint16_t)a, c->data + done, (unsigned)n);
            done += n;
        }
    }
    o = ihex_record(o, IHEX_TYPE_EOF, 0, NULL, 0);
    *o = '\0';
    *out_len = (size_t)(o - text);
    return text;
}

int gdb_flash_done(struct gdb_server *g)
{
    int rc = gdb_target(g);
    if (rc || !g->n_chunks) {
        gdb_flash_discard(g);
        return rc;
    }
    size_t len;
    char *text = chunks_to_ihex(g, &len);
    if (!text) {
        gdb_flash_discard(g);
        return SD_ERR_NO_MEMORY;
    }
    struct sd_image_options io = { .format = SD_IMAGE_IHEX };
    struct sd_image *img = NULL;
    rc = sd_image_parse(g->s, "gdb load", text, len, &io, &img);
    free(text);
    gdb_flash_discard(g);
    if (rc)
        return rc;
    struct sd_flash_options fo = { .no_reset = 1 };
    struct sd_flash_report rep = { 0 };
    rc = sd_flash(g->t, img, &fo, &rep);
    sd_image_free(img);
    if (rc == SD_OK)
        sd_log(g->s, SD_LOG_INFO, SD_LOG_GDB,
               "load: %llu bytes programmed, %u sectors erased, %u already held the image",
               (unsigned long long)rep.bytes_programmed, rep.sectors_erased,
               rep.sectors_skipped);
    gdb_breaks_forget(g);
    return rc;
}
