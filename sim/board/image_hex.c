/* Intel HEX reader for the board's firmware loader.  Record layout and
 * types from Intel's "Hexadecimal Object File Format Specification"
 * rev. A (1988): ':' LL AAAA TT data CC, checksum = two's complement of
 * the byte sum; 00 data, 01 end of file, 02 extended segment address
 * (base = value << 4), 03 start segment address, 04 extended linear
 * address (base = value << 16), 05 start linear address. */
#include "board/image.h"

#include <stdbool.h>
#include <stdio.h>

enum {
    IHEX_DATA = 0x00,
    IHEX_EOF = 0x01,
    IHEX_EXT_SEGMENT = 0x02,
    IHEX_START_SEGMENT = 0x03,
    IHEX_EXT_LINEAR = 0x04,
    IHEX_START_LINEAR = 0x05,
};

#define IHEX_MAX_BYTES 255u
#define IHEX_HEADER    4u /* LL AAAA TT */

struct hex_reader {
    const char *name;
    const uint8_t *buf;
    size_t len, pos;
    unsigned line;
    char *err;
    size_t errlen;
};

static int hex_digit(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static int fail(struct hex_reader *r, const char *what)
{
    snprintf(r->err, r->errlen, "firmware '%s': line %u: %s", r->name,
             r->line, what);
    return -1;
}

/* Decode one record's bytes (after ':') up to the end of the line. */
static int read_record(struct hex_reader *r, uint8_t *rec, size_t *n)
{
    size_t count = 0;
    while (r->pos < r->len && r->buf[r->pos] != '\n' &&
           r->buf[r->pos] != '\r') {
        if (r->pos + 1 >= r->len)
            return fail(r, "odd number of hex digits");
        int hi = hex_digit(r->buf[r->pos]), lo = hex_digit(r->buf[r->pos + 1]);
        if (hi < 0 || lo < 0)
            return fail(r, "not a hex digit");
        if (count >= IHEX_HEADER + IHEX_MAX_BYTES + 1)
            return fail(r, "record too long");
        rec[count++] = (uint8_t)(hi << 4 | lo);
        r->pos += 2;
    }
    *n = count;
    return 0;
}

int sim_image_parse_hex(const char *name, const uint8_t *buf, size_t len,
                        sim_image_sink sink, void *ctx, char *err,
                        size_t errlen)
{
    struct hex_reader r = { .name = name, .buf = buf, .len = len,
                            .line = 1, .err = err, .errlen = errlen };
    uint8_t rec[IHEX_HEADER + IHEX_MAX_BYTES + 1];
    uint32_t base = 0;
    bool data_seen = false;

    while (r.pos < len) {
        uint8_t c = buf[r.pos];
        if (c == '\n')
            r.line++;
        if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
            r.pos++;
            continue;
        }
        if (c != ':')
            return fail(&r, "record does not start with ':'");
        r.pos++;
        size_t n;
        if (read_record(&r, rec, &n) != 0)
            return -1;
        if (n < IHEX_HEADER + 1 || n != IHEX_HEADER + rec[0] + 1u)
            return fail(&r, "record length does not match its byte count");
        uint8_t sum = 0;
        for (size_t i = 0; i < n; i++)
            sum = (uint8_t)(sum + rec[i]);
        if (sum != 0)
            return fail(&r, "bad checksum");
        uint8_t count = rec[0], type = rec[3];
        uint16_t off = (uint16_t)(rec[1] << 8 | rec[2]);
        const uint8_t *data = rec + IHEX_HEADER;
        switch (type) {
        case IHEX_DATA:
            if (sink(ctx, base + off, data, count) != 0) {
                snprintf(err, errlen,
                         "firmware '%s': line %u: %u bytes at 0x%08x are "
                         "outside flash", name, r.line, count, base + off);
                return -1;
            }
            data_seen = true;
            break;
        case IHEX_EOF:
            return data_seen ? 0 : fail(&r, "no data before end of file");
        case IHEX_EXT_SEGMENT:
        case IHEX_EXT_LINEAR:
            if (count != 2)
                return fail(&r, "address record must hold 2 bytes");
            base = (uint32_t)(data[0] << 8 | data[1]);
            base <<= type == IHEX_EXT_LINEAR ? 16 : 4;
            break;
        case IHEX_START_SEGMENT:
        case IHEX_START_LINEAR:
            break; /* entry point: the chip boots from its vector table */
        default:
            return fail(&r, "unknown record type");
        }
    }
    return fail(&r, "no end-of-file record");
}
