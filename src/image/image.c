/* The segment model: readers add chunks to a builder in file order; finish
 * sorts them by address, rejects overlaps (naming both sources) and merges
 * adjacent chunks into segments.  Sorting once at the end keeps a file whose
 * records come in any order O(n log n). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/image_internal.h"
#include "image/image_struct.h"

#define ADDR_SPACE_END 0x100000000ull /* one past the last 32-bit address */

void image_builder_init(struct image_builder *b, struct sd_session *s,
                        const char *name, const char *where_kind)
{
    memset(b, 0, sizeof *b);
    b->s = s;
    b->name = name ? name : "(image)";
    b->where_kind = where_kind ? where_kind : "block";
}

void image_builder_free(struct image_builder *b)
{
    free(b->chunks);
    free(b->pool);
    b->chunks = NULL;
    b->pool = NULL;
    b->count = b->cap = b->pool_len = b->pool_cap = 0;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

int image_builder_add(struct image_builder *b, uint64_t addr, const uint8_t *data,
                      size_t len, unsigned long where)
{
    if (len == 0)
        return SD_OK;
    if (addr >= ADDR_SPACE_END || len > ADDR_SPACE_END - addr) {
        /* "app.hex:7: ..." for text, "app.elf: program header 2: ..." */
        char source[64];
        if (strcmp(b->where_kind, "line") == 0)
            snprintf(source, sizeof source, ":%lu", where);
        else
            snprintf(source, sizeof source, ": %s %lu", b->where_kind, where);
        return sd_fail(b->s, SD_ERR_IMAGE_FORMAT, SD_LOG_IMAGE,
                       "%s%s: %zu bytes at 0x%llX run past the end of the 32-bit "
                       "address space", b->name, source, len, (unsigned long long)addr);
    }
    if (grow((void **)&b->chunks, &b->cap, b->count + 1, sizeof *b->chunks) ||
        grow((void **)&b->pool, &b->pool_cap, b->pool_len + len, 1))
        return sd_fail(b->s, SD_ERR_NO_MEMORY, SD_LOG_IMAGE,
                       "%s: no memory for %zu more bytes of image data", b->name, len);
    struct image_chunk *c = &b->chunks[b->count++];
    c->addr = (uint32_t)addr;
    c->len = (uint32_t)len;
    c->offset = b->pool_len;
    c->where = where;
    memcpy(b->pool + b->pool_len, data, len);
    b->pool_len += len;
    return SD_OK;
}

void image_builder_set_entry(struct image_builder *b, uint32_t entry)
{
    b->has_entry = 1;
    b->entry = entry;
}

static int by_address(const void *pa, const void *pb)
{
    const struct image_chunk *a = pa, *c = pb;
    if (a->addr != c->addr)
        return a->addr < c->addr ? -1 : 1;
    if (a->where != c->where) /* file order breaks ties: stable messages */
        return a->where < c->where ? -1 : 1;
    return 0;
}

static uint64_t chunk_end(const struct image_chunk *c)
{
    return (uint64_t)c->addr + c->len;
}

/* After sorting: the first chunk that starts inside an earlier one. */
static int check_overlaps(struct image_builder *b)
{
    const struct image_chunk *widest = &b->chunks[0];
    for (size_t i = 1; i < b->count; i++) {
        const struct image_chunk *c = &b->chunks[i];
        if (c->addr < chunk_end(widest)) {
            const struct image_chunk *first = widest->where <= c->where ? widest : c;
            const struct image_chunk *second = first == widest ? c : widest;
            return sd_fail(b->s, SD_ERR_IMAGE_OVERLAP, SD_LOG_IMAGE,
                           "%s: data at 0x%08X-0x%08X (%s %lu) overlaps data at "
                           "0x%08X-0x%08X (%s %lu)",
                           b->name, second->addr, (unsigned)(chunk_end(second) - 1),
                           b->where_kind, second->where, first->addr,
                           (unsigned)(chunk_end(first) - 1), b->where_kind, first->where);
        }
        if (chunk_end(c) > chunk_end(widest))
            widest = c;
    }
    return SD_OK;
}

/* Count segments, then copy the chunks of each into one buffer. */
static int build_segments(struct image_builder *b, struct sd_image *img)
{
    size_t n = 1;
    for (size_t i = 1; i < b->count; i++)
        if (b->chunks[i].addr != chunk_end(&b->chunks[i - 1]))
            n++;
    img->seg = calloc(n, sizeof *img->seg);
    if (!img->seg)
        return SD_ERR_NO_MEMORY;
    size_t i = 0;
    for (size_t k = 0; k < n; k++) {
        size_t j = i + 1;
        uint64_t len = b->chunks[i].len;
        while (j < b->count && b->chunks[j].addr == chunk_end(&b->chunks[j - 1]))
            len += b->chunks[j++].len;
        struct image_segment *sg = &img->seg[k];
        sg->addr = b->chunks[i].addr;
        sg->len = (size_t)len;
        sg->data = malloc(sg->len);
        if (!sg->data)
            return SD_ERR_NO_MEMORY;
        img->count = k + 1;
        size_t at = 0;
        for (; i < j; i++) {
            memcpy(sg->data + at, b->pool + b->chunks[i].offset, b->chunks[i].len);
            at += b->chunks[i].len;
        }
        img->total += sg->len;
    }
    return SD_OK;
}

int image_builder_finish(struct image_builder *b, enum sd_image_format format,
                         struct sd_image **out)
{
    *out = NULL;
    if (b->count == 0)
        return sd_fail(b->s, SD_ERR_IMAGE_FORMAT, SD_LOG_IMAGE,
                       "%s: the file holds no data to program", b->name);
    qsort(b->chunks, b->count, sizeof *b->chunks, by_address);
    int rc = check_overlaps(b);
    if (rc)
        return rc;
    struct sd_image *img = calloc(1, sizeof *img);
    if (!img)
        return sd_fail(b->s, SD_ERR_NO_MEMORY, SD_LOG_IMAGE, "%s: no memory", b->name);
    img->format = format;
    img->has_entry = b->has_entry;
    img->entry = b->entry;
    if (build_segments(b, img) != SD_OK) {
        sd_image_free(img);
        return sd_fail(b->s, SD_ERR_NO_MEMORY, SD_LOG_IMAGE,
                       "%s: no memory for %zu bytes of image data", b->name, b->pool_len);
    }
    *out = img;
    return SD_OK;
}

void sd_image_free(struct sd_image *img)
{
    if (!img)
        return;
    for (size_t i = 0; i < img->count; i++)
        free(img->seg[i].data);
    free(img->seg);
    free(img);
}

enum sd_image_format sd_image_format(const struct sd_image *img)
{
    return img ? img->format : SD_IMAGE_AUTO;
}

const char *sd_image_format_name(enum sd_image_format format)
{
    switch (format) {
    case SD_IMAGE_AUTO: return "auto";
    case SD_IMAGE_BIN: return "raw binary";
    case SD_IMAGE_IHEX: return "Intel HEX";
    case SD_IMAGE_SREC: return "Motorola S-record";
    case SD_IMAGE_ELF: return "ELF";
    }
    return "?";
}

size_t sd_image_segment_count(const struct sd_image *img)
{
    return img ? img->count : 0;
}

int sd_image_segment(const struct sd_image *img, size_t i, uint32_t *addr,
                     size_t *len, const uint8_t **data)
{
    if (!img || i >= img->count)
        return SD_ERR_INVALID_ARG;
    if (addr)
        *addr = img->seg[i].addr;
    if (len)
        *len = img->seg[i].len;
    if (data)
        *data = img->seg[i].data;
    return SD_OK;
}

size_t sd_image_size(const struct sd_image *img)
{
    return img ? img->total : 0;
}

int sd_image_entry(const struct sd_image *img, uint32_t *entry)
{
    if (!img || !img->has_entry)
        return 0;
    if (entry)
        *entry = img->entry;
    return 1;
}
