/* Intel HEX reader (Intel, "Hexadecimal Object File Format Specification",
 * rev. A, 1988).  A record is ":LLAAAATT<data>CC": LL data bytes, a 16-bit
 * offset, the type, and a checksum that makes all bytes sum to 0 mod 256.
 * Types: 00 data, 01 end of file (required), 02 extended segment address
 * (base = USBA * 16, offsets wrap within 64 KiB), 03 start segment address
 * (CS:IP), 04 extended linear address (base = ULBA << 16), 05 start linear
 * address (EIP).  Blank lines and CRLF endings are accepted. */
#include <stdio.h>

#include "image/image_internal.h"

enum ihex_type {
    IHEX_DATA = 0x00,
    IHEX_EOF = 0x01,
    IHEX_EXT_SEGMENT = 0x02,
    IHEX_START_SEGMENT = 0x03,
    IHEX_EXT_LINEAR = 0x04,
    IHEX_START_LINEAR = 0x05,
};

#define IHEX_OVERHEAD 5 /* length, 2 address bytes, type, checksum */
#define IHEX_MAX_RECORD (255 + IHEX_OVERHEAD)
#define IHEX_SEGMENT_SPAN 0x10000u

struct ihex_state {
    struct image_builder *b;
    unsigned long line;
    uint32_t base;      /* from the last 02 or 04 record */
    int segment_mode;   /* base came from a 02 record: offsets wrap */
    int done;           /* EOF record seen */
};

static int bad(struct ihex_state *st, const char *what)
{
    return sd_fail(st->b->s, SD_ERR_IMAGE_FORMAT, SD_LOG_IMAGE, "%s:%lu: %s",
                   st->b->name, st->line, what);
}

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

/* Check the characters and the byte count; decode into rec. */
static int decode_line(struct ihex_state *st, const struct text_line *l, uint8_t *rec,
                       size_t *nbytes)
{
    char msg[160], ch[8];
    if (l->p[0] != ':') {
        snprintf(msg, sizeof msg, "expected ':' at the start of a record, found %s",
                 text_char_name(l->p[0], ch));
        return bad(st, msg);
    }
    const uint8_t *digits = l->p + 1;
    size_t ndigits = l->len - 1;
    for (size_t i = 0; i < ndigits; i++) {
        if (text_hex_value(digits[i]) < 0) {
            snprintf(msg, sizeof msg, "column %zu: %s is not a hex digit",
                     l->indent + 2 + i, text_char_name(digits[i], ch));
            return bad(st, msg);
        }
    }
    if (ndigits % 2) {
        snprintf(msg, sizeof msg,
                 "odd number of hex digits (%zu) after ':'; a record is whole bytes",
                 ndigits);
        return bad(st, msg);
    }
    size_t n = ndigits / 2;
    if (n < IHEX_OVERHEAD) {
        snprintf(msg, sizeof msg,
                 "record too short: %zu bytes, expected at least %d (length, address, "
                 "type, checksum)", n, IHEX_OVERHEAD);
        return bad(st, msg);
    }
    text_decode_hex(digits, 1, rec);
    if (n != (size_t)rec[0] + IHEX_OVERHEAD) {
        snprintf(msg, sizeof msg,
                 "the length byte says %u data bytes, so expected %u hex digits after ':', "
                 "found %zu", rec[0], 2u * (rec[0] + IHEX_OVERHEAD), ndigits);
        return bad(st, msg);
    }
    text_decode_hex(digits, n, rec);
    uint8_t sum = 0;
    for (size_t i = 0; i + 1 < n; i++)
        sum = (uint8_t)(sum + rec[i]);
    uint8_t want = (uint8_t)(0x100 - sum);
    if (rec[n - 1] != want)
        return sd_fail(st->b->s, SD_ERR_IMAGE_CHECKSUM, SD_LOG_IMAGE,
                       "%s:%lu: checksum is 0x%02X, the record's bytes need 0x%02X",
                       st->b->name, st->line, rec[n - 1], want);
    *nbytes = n;
    return SD_OK;
}

static int need_length(struct ihex_state *st, unsigned type, unsigned len, unsigned want,
                       const char *name)
{
    if (len == want)
        return SD_OK;
    char msg[160];
    snprintf(msg, sizeof msg, "%s record (type %02X) must hold %u data bytes, holds %u",
             name, type, want, len);
    return bad(st, msg);
}

static int data_record(struct ihex_state *st, uint16_t offset, const uint8_t *data,
                       unsigned len)
{
    if (!st->segment_mode)
        return image_builder_add(st->b, (uint64_t)st->base + offset, data, len, st->line);
    /* Segment addressing: the offset wraps inside the 64 KiB segment. */
    unsigned first = len;
    if ((uint32_t)offset + len > IHEX_SEGMENT_SPAN)
        first = IHEX_SEGMENT_SPAN - offset;
    int rc = image_builder_add(st->b, (uint64_t)st->base + offset, data, first, st->line);
    if (rc == SD_OK && first < len)
        rc = image_builder_add(st->b, st->base, data + first, len - first, st->line);
    return rc;
}

static int record(struct ihex_state *st, const uint8_t *rec)
{
    unsigned len = rec[0], type = rec[3];
    const uint8_t *data = rec + 4;
    int rc;
    switch (type) {
    case IHEX_DATA:
        return data_record(st, be16(rec + 1), data, len);
    case IHEX_EOF:
        if ((rc = need_length(st, type, len, 0, "end-of-file")))
            return rc;
        st->done = 1;
        return SD_OK;
    case IHEX_EXT_SEGMENT:
        if ((rc = need_length(st, type, len, 2, "extended segment address")))
            return rc;
        st->base = (uint32_t)be16(data) << 4;
        st->segment_mode = 1;
        return SD_OK;
    case IHEX_EXT_LINEAR:
        if ((rc = need_length(st, type, len, 2, "extended linear address")))
            return rc;
        st->base = (uint32_t)be16(data) << 16;
        st->segment_mode = 0;
        return SD_OK;
    case IHEX_START_SEGMENT:
        if ((rc = need_length(st, type, len, 4, "start segment address")))
            return rc;
        image_builder_set_entry(st->b, ((uint32_t)be16(data) << 4) + be16(data + 2));
        return SD_OK;
    case IHEX_START_LINEAR:
        if ((rc = need_length(st, type, len, 4, "start linear address")))
            return rc;
        image_builder_set_entry(st->b, (uint32_t)be16(data) << 16 | be16(data + 2));
        return SD_OK;
    }
    char msg[96];
    snprintf(msg, sizeof msg, "unknown record type 0x%02X (Intel HEX has types 00-05)",
             type);
    return bad(st, msg);
}

int image_parse_ihex(struct image_builder *b, const uint8_t *buf, size_t len)
{
    struct ihex_state st = { .b = b };
    struct text_reader r;
    struct text_line l;
    uint8_t rec[IHEX_MAX_RECORD];
    text_reader_init(&r, buf, len);
    while (!st.done && text_next_line(&r, &l)) {
        st.line = l.number;
        if (l.len == 0)
            continue;
        size_t n = 0;
        int rc = decode_line(&st, &l, rec, &n);
        if (rc == SD_OK)
            rc = record(&st, rec);
        if (rc)
            return rc;
    }
    if (!st.done)
        return sd_fail(b->s, SD_ERR_IMAGE_FORMAT, SD_LOG_IMAGE,
                       "%s:%lu: truncated: the file ends without an end-of-file record "
                       "(:00000001FF)", b->name, r.line);
    if (!text_rest_is_blank(&r))
        sd_log(b->s, SD_LOG_WARN, SD_LOG_IMAGE,
               "%s:%lu: text after the end-of-file record is ignored", b->name, st.line);
    return SD_OK;
}
