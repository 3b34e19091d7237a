/* Firmware image loading for a fresh board (image.h): read the file,
 * pick the format, and feed the pieces to the chip's factory loader. */
#include "board/image.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ELF_MAGIC     "\x7f" "ELF"
#define ELF_MAGIC_LEN 4u

static bool has_ext(const char *path, const char *ext)
{
    size_t pl = strlen(path), el = strlen(ext);
    return pl > el && strcasecmp(path + pl - el, ext) == 0;
}

/* Intel HEX by content: the first non-blank byte starts a record. */
static bool looks_like_hex(const uint8_t *buf, size_t len)
{
    size_t i = 0;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' ||
                       buf[i] == '\n'))
        i++;
    if (i >= len || buf[i] != ':')
        return false;
    /* ... and the rest of the first record is hex digits. */
    size_t digits = 0;
    for (i++; i < len && buf[i] != '\r' && buf[i] != '\n'; i++, digits++)
        if (!((buf[i] >= '0' && buf[i] <= '9') ||
              (buf[i] >= 'A' && buf[i] <= 'F') ||
              (buf[i] >= 'a' && buf[i] <= 'f')))
            return false;
    return digits >= 10; /* LL AAAA TT CC at least */
}

enum sim_image_format sim_image_detect(const char *path, const uint8_t *buf,
                                       size_t len)
{
    if (len >= ELF_MAGIC_LEN && memcmp(buf, ELF_MAGIC, ELF_MAGIC_LEN) == 0)
        return SIM_IMAGE_ELF;
    if (looks_like_hex(buf, len))
        return SIM_IMAGE_HEX;
    if (has_ext(path, ".elf") || has_ext(path, ".axf"))
        return SIM_IMAGE_ELF; /* the ELF reader says what is wrong */
    if (has_ext(path, ".hex") || has_ext(path, ".ihx") ||
        has_ext(path, ".ihex"))
        return SIM_IMAGE_HEX;
    return SIM_IMAGE_BIN;
}

static uint8_t *read_file(const char *path, size_t *len, char *err,
                          size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "firmware '%s': %s", path,
                 errno == ENOENT ? "no such file" : strerror(errno));
        return NULL;
    }
    uint8_t *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            uint8_t *nb = realloc(buf, ncap);
            if (!nb) {
                snprintf(err, errlen, "firmware '%s': out of memory", path);
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        snprintf(err, errlen, "firmware '%s': read error", path);
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static int load_bin(const char *path, const uint8_t *buf, size_t len,
                    sim_image_sink sink, void *ctx, char *err, size_t errlen)
{
    if (len == 0) {
        snprintf(err, errlen, "firmware '%s': empty file", path);
        return -1;
    }
    if (sink(ctx, SIM_IMAGE_BIN_BASE, buf, len) != 0) {
        snprintf(err, errlen,
                 "firmware '%s': %zu bytes at 0x%08x do not fit in flash",
                 path, len, SIM_IMAGE_BIN_BASE);
        return -1;
    }
    return 0;
}

int sim_image_load(const char *path, sim_image_sink sink, void *ctx,
                   char *err, size_t errlen)
{
    size_t len = 0;
    uint8_t *buf = read_file(path, &len, err, errlen);
    if (!buf)
        return -1;
    int rc;
    switch (sim_image_detect(path, buf, len)) {
    case SIM_IMAGE_ELF:
        rc = sim_image_parse_elf(path, buf, len, sink, ctx, err, errlen);
        break;
    case SIM_IMAGE_HEX:
        rc = sim_image_parse_hex(path, buf, len, sink, ctx, err, errlen);
        break;
    default:
        rc = load_bin(path, buf, len, sink, ctx, err, errlen);
        break;
    }
    free(buf);
    return rc;
}
