/* Lines and hex digits for the text formats (Intel HEX, S-record).  The
 * buffer is not NUL-terminated and may hold anything: every read is checked
 * against its length. */
#include <stdio.h>

#include "image/image_internal.h"

static int is_blank(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

void text_reader_init(struct text_reader *r, const uint8_t *buf, size_t len)
{
    r->buf = buf;
    r->len = len;
    r->pos = 0;
    r->line = 0;
    /* A UTF-8 byte order mark that some Windows editors put first. */
    if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
        r->pos = 3;
}

int text_next_line(struct text_reader *r, struct text_line *l)
{
    if (r->pos >= r->len)
        return 0;
    size_t start = r->pos, end = start;
    while (end < r->len && r->buf[end] != '\n')
        end++;
    r->pos = end < r->len ? end + 1 : end;
    r->line++;
    size_t line_start = start;
    while (start < end && is_blank(r->buf[start]))
        start++;
    while (end > start && is_blank(r->buf[end - 1]))
        end--;
    l->p = r->buf + start;
    l->len = end - start;
    l->indent = start - line_start;
    l->number = r->line;
    return 1;
}

int text_rest_is_blank(const struct text_reader *r)
{
    for (size_t i = r->pos; i < r->len; i++) {
        uint8_t c = r->buf[i];
        if (!is_blank(c) && c != '\n' && c != 0x1A /* DOS end of file */)
            return 0;
    }
    return 1;
}

int text_hex_value(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

const char *text_char_name(uint8_t c, char out[8])
{
    if (c >= 0x21 && c < 0x7F && c != '\'')
        snprintf(out, 8, "'%c'", c);
    else
        snprintf(out, 8, "\\x%02X", c);
    return out;
}

long text_decode_hex(const uint8_t *p, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < n; i++) {
        int hi = text_hex_value(p[2 * i]);
        int lo = text_hex_value(p[2 * i + 1]);
        if (hi < 0)
            return (long)(2 * i);
        if (lo < 0)
            return (long)(2 * i + 1);
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return -1;
}
