/* Motorola S-record reader (Motorola M68000 Programmer's Reference Manual,
 * appendix C; srecord(5)).  A record is "Stcc<address><data>ss": type t,
 * count cc of the bytes that follow (address, data, checksum), and a
 * checksum that is the ones' complement of the low byte of the sum of
 * count, address and data.  S0 header, S1/S2/S3 data with 16/24/32-bit
 * addresses, S5/S6 number of data records so far (checked), S7/S8/S9 end
 * with the entry point (one is required).  S4 is reserved. */
#include <stdio.h>

#include "image/image_internal.h"

#define SREC_MAX_BYTES 256 /* count byte + up to 255 counted bytes */

/* Address bytes per record type; 0: no such type. */
static const unsigned srec_addr_len[10] = {
    [0] = 2, [1] = 2, [2] = 3, [3] = 4, [4] = 0,
    [5] = 2, [6] = 3, [7] = 4, [8] = 3, [9] = 2,
};

struct srec_state {
    struct image_builder *b;
    unsigned long line;
    unsigned long data_records;
    int done;
};

static int bad(struct srec_state *st, const char *what)
{
    return sd_fail(st->b->s, SD_ERR_IMAGE_FORMAT, SD_LOG_IMAGE, "%s:%lu: %s",
                   st->b->name, st->line, what);
}

static uint32_t be(const uint8_t *p, unsigned n)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

/* Check characters, count and checksum; decode the bytes after "St". */
static int decode_line(struct srec_state *st, const struct text_line *l, unsigned *type,
                       uint8_t *rec, size_t *nbytes)
{
    char msg[160], ch[8];
    if (l->p[0] != 'S') {
        snprintf(msg, sizeof msg, "expected 'S' at the start of a record, found %s",
                 text_char_name(l->p[0], ch));
        return bad(st, msg);
    }
    if (l->len < 2 || l->p[1] < '0' || l->p[1] > '9') {
        snprintf(msg, sizeof msg, "expected a record type S0-S9, found 'S' followed by %s",
                 l->len < 2 ? "the end of the line" : text_char_name(l->p[1], ch));
        return bad(st, msg);
    }
    *type = (unsigned)(l->p[1] - '0');
    if (srec_addr_len[*type] == 0)
        return bad(st, "record type S4 is reserved and not used in S-record files");
    const uint8_t *digits = l->p + 2;
    size_t ndigits = l->len - 2;
    for (size_t i = 0; i < ndigits; i++) {
        if (text_hex_value(digits[i]) < 0) {
            snprintf(msg, sizeof msg, "column %zu: %s is not a hex digit",
                     l->indent + 3 + i, text_char_name(digits[i], ch));
            return bad(st, msg);
        }
    }
    if (ndigits % 2) {
        snprintf(msg, sizeof msg,
                 "odd number of hex digits (%zu) after 'S%u'; a record is whole bytes",
                 ndigits, *type);
        return bad(st, msg);
    }
    size_t n = ndigits / 2;
    if (n == 0)
        return bad(st, "record has no count byte");
    text_decode_hex(digits, 1, rec);
    if (n != (size_t)rec[0] + 1) {
        snprintf(msg, sizeof msg,
                 "the count byte says %u bytes follow, so expected %u hex digits after "
                 "'S%u', found %zu", rec[0], 2u * (rec[0] + 1u), *type, ndigits);
        return bad(st, msg);
    }
    unsigned alen = srec_addr_len[*type];
    if (rec[0] < alen + 1) {
        snprintf(msg, sizeof msg,
                 "record too short: count %u, an S%u record needs at least %u "
                 "(%u address bytes and the checksum)", rec[0], *type, alen + 1, alen);
        return bad(st, msg);
    }
    text_decode_hex(digits, n, rec);
    uint8_t sum = 0;
    for (size_t i = 0; i + 1 < n; i++)
        sum = (uint8_t)(sum + rec[i]);
    uint8_t want = (uint8_t)~sum;
    if (rec[n - 1] != want)
        return sd_fail(st->b->s, SD_ERR_IMAGE_CHECKSUM, SD_LOG_IMAGE,
                       "%s:%lu: checksum is 0x%02X, the record's bytes need 0x%02X",
                       st->b->name, st->line, rec[n - 1], want);
    *nbytes = n;
    return SD_OK;
}

static void log_header(struct srec_state *st, const uint8_t *text, size_t len)
{
    if (!sd_log_enabled(st->b->s, SD_LOG_DEBUG, SD_LOG_IMAGE))
        return;
    char shown[256];
    size_t k = 0;
    for (size_t i = 0; i < len && k + 1 < sizeof shown; i++)
        shown[k++] = (text[i] >= 0x20 && text[i] < 0x7F) ? (char)text[i] : '.';
    shown[k] = '\0';
    sd_log(st->b->s, SD_LOG_DEBUG, SD_LOG_IMAGE, "%s:%lu: S0 header \"%s\"",
           st->b->name, st->line, shown);
}

static int record(struct srec_state *st, unsigned type, const uint8_t *rec, size_t n)
{
    unsigned alen = srec_addr_len[type];
    uint32_t addr = be(rec + 1, alen);
    const uint8_t *data = rec + 1 + alen;
    size_t dlen = n - 2 - alen; /* minus count, address, checksum */
    char msg[160];
    switch (type) {
    case 0:
        log_header(st, data, dlen);
        return SD_OK;
    case 1:
    case 2:
    case 3:
        st->data_records++;
        return image_builder_add(st->b, addr, data, dlen, st->line);
    case 5:
    case 6:
        if (addr != st->data_records) {
            snprintf(msg, sizeof msg,
                     "the S%u count record says %u data records, the file has %lu "
                     "before it", type, addr, st->data_records);
            return bad(st, msg);
        }
        return SD_OK;
    default: /* 7, 8, 9 */
        image_builder_set_entry(st->b, addr);
        st->done = 1;
        return SD_OK;
    }
}

int image_parse_srec(struct image_builder *b, const uint8_t *buf, size_t len)
{
    struct srec_state st = { .b = b };
    struct text_reader r;
    struct text_line l;
    uint8_t rec[SREC_MAX_BYTES];
    text_reader_init(&r, buf, len);
    while (!st.done && text_next_line(&r, &l)) {
        st.line = l.number;
        if (l.len == 0)
            continue;
        unsigned type = 0;
        size_t n = 0;
        int rc = decode_line(&st, &l, &type, rec, &n);
        if (rc == SD_OK)
            rc = record(&st, type, rec, n);
        if (rc)
            return rc;
    }
    if (!st.done)
        return sd_fail(b->s, SD_ERR_IMAGE_FORMAT, SD_LOG_IMAGE,
                       "%s:%lu: truncated: the file ends without an end record "
                       "(S7, S8 or S9)", b->name, r.line);
    if (!text_rest_is_blank(&r))
        sd_log(b->s, SD_LOG_WARN, SD_LOG_IMAGE,
               "%s:%lu: text after the end record is ignored", b->name, st.line);
    return SD_OK;
}
