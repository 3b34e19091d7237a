/* Intel HEX writer for `swdoctor read --format hex`: an extended linear
 * address record (type 04) first and at every 64 KiB boundary, data records
 * that never cross one, and the end-of-file record. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "image/image_internal.h"

#define IHEX_WRITE_LINE 16u     /* data bytes per record, as objcopy writes */
#define IHEX_SPAN 0x10000ull    /* what a 16-bit record offset reaches */
#define IHEX_REC_DATA 0x00
#define IHEX_REC_EOF 0x01
#define IHEX_REC_EXT_LINEAR 0x04

static int put_record(FILE *f, unsigned type, unsigned offset, const uint8_t *data,
                      unsigned n)
{
    uint8_t sum = (uint8_t)(n + (offset >> 8) + offset + type);
    if (fprintf(f, ":%02X%04X%02X", n, offset & 0xFFFFu, type) < 0)
        return -1;
    for (unsigned i = 0; i < n; i++) {
        sum = (uint8_t)(sum + data[i]);
        if (fprintf(f, "%02X", data[i]) < 0)
            return -1;
    }
    return fprintf(f, "%02X\n", (uint8_t)(0x100 - sum)) < 0 ? -1 : 0;
}

static int write_records(FILE *f, uint32_t addr, const uint8_t *data, size_t len)
{
    uint64_t at = addr, end = (uint64_t)addr + len;
    uint64_t upper = ~0ull;
    while (at < end) {
        if (at >> 16 != upper) {
            upper = at >> 16;
            uint8_t ulba[2] = { (uint8_t)(upper >> 8), (uint8_t)upper };
            if (put_record(f, IHEX_REC_EXT_LINEAR, 0, ulba, 2))
                return -1;
        }
        uint64_t n = end - at;
        if (n > IHEX_WRITE_LINE)
            n = IHEX_WRITE_LINE;
        uint64_t to_boundary = IHEX_SPAN - (at & (IHEX_SPAN - 1));
        if (n > to_boundary)
            n = to_boundary;
        if (put_record(f, IHEX_REC_DATA, (unsigned)(at & 0xFFFFu), data + (at - addr),
                       (unsigned)n))
            return -1;
        at += n;
    }
    return put_record(f, IHEX_REC_EOF, 0, NULL, 0);
}

int sd_image_write_ihex(struct sd_session *s, const char *path, uint32_t addr,
                        const void *data, size_t len)
{
    sd_session_clear_error(s);
    if (!path || (!data && len))
        return sd_fail(s, SD_ERR_INVALID_ARG, SD_LOG_IMAGE, "write Intel HEX: no file or data");
    if (len > 0x100000000ull - addr)
        return sd_fail(s, SD_ERR_INVALID_ARG, SD_LOG_IMAGE,
                       "write Intel HEX: %zu bytes at 0x%08X run past 4 GiB", len, addr);
    FILE *f = fopen(path, "w");
    if (!f)
        return sd_fail(s, SD_ERR_FILE, SD_LOG_IMAGE, "cannot create %s: %s", path,
                       strerror(errno));
    int failed = write_records(f, addr, data, len);
    int err = failed ? errno : 0;
    if (fclose(f) != 0 && !failed) {
        failed = 1;
        err = errno;
    }
    if (failed)
        return sd_fail(s, SD_ERR_FILE, SD_LOG_IMAGE, "writing %s: %s", path,
                       strerror(err ? err : EIO));
    return SD_OK;
}
