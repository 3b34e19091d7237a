/* GDB remote serial protocol, the wire level: a byte-at-a-time packet
 * parser, framing, `}` escapes and hex helpers.  No I/O (see rsp.h).
 *
 * Facts from the GDB manual, appendix "Remote Protocol":
 *  - "Overview": a packet is `$packet-data#checksum`, the checksum being
 *    two hex digits of the modulo-256 sum of the characters between `$`
 *    and `#`; the receiver answers `+` (received correctly) or `-`
 *    (retransmit).
 *  - "Overview", binary data: 0x7d (`}`) escapes a byte, which follows
 *    XORed with 0x20; 0x23 `#`, 0x24 `$` and 0x7d `}` must always be
 *    escaped, and replies from the stub must also escape 0x2a `*` so it
 *    is not read as the start of a run-length encoding.
 *  - "Interrupts": Ctrl-C is the single byte 0x03 sent without any packet
 *    framing. */
#include "gdb/rsp.h"

#include <string.h>

#define RSP_START      '$'
#define RSP_END        '#'
#define RSP_ESCAPE     '}'
#define RSP_RLE        '*'
#define RSP_ACK_CHAR   '+'
#define RSP_NACK_CHAR  '-'
#define RSP_CTRL_C     0x03u
#define RSP_ESCAPE_XOR 0x20u
#define RSP_CSUM_DIGITS 2u

/* Parser states (struct rsp_parser.state). */
enum {
    ST_IDLE,       /* between packets: acks, Ctrl-C, junk */
    ST_DATA,       /* after `$`: collecting packet data */
    ST_CSUM,       /* after `#`: collecting checksum digits */
    ST_CSUM_JUNK,  /* after `#`, a non-hex digit seen: the packet is bad */
    ST_SKIP,       /* an overflowed packet's data: dropped */
    ST_SKIP_CSUM,  /* an overflowed packet's checksum: dropped */
};

static int hex_digit(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static const char hex_chars[] = "0123456789abcdef";

void rsp_parser_init(struct rsp_parser *p)
{
    p->state = ST_IDLE;
    p->len = 0;
    p->sum = 0;
    p->got = 0;
    p->digits = 0;
}

static void start_packet(struct rsp_parser *p)
{
    p->state = ST_DATA;
    p->len = 0;
    p->sum = 0;
    p->got = 0;
    p->digits = 0;
}

static enum rsp_event feed_idle(uint8_t byte)
{
    switch (byte) {
    case RSP_ACK_CHAR:
        return RSP_ACK;
    case RSP_NACK_CHAR:
        return RSP_NACK;
    case RSP_CTRL_C:
        return RSP_INTERRUPT;
    default:
        return RSP_NONE; /* junk between packets (e.g. a stray newline) */
    }
}

static enum rsp_event feed_data(struct rsp_parser *p, uint8_t byte)
{
    if (byte == RSP_END) {
        p->state = ST_CSUM;
        p->digits = 0;
        p->got = 0;
        return RSP_NONE;
    }
    if (p->len >= RSP_MAX_PACKET) {
        /* Drop it and wait for its trailer or the next `$`: whatever gdb
         * sends next must not be read as the middle of this one. */
        p->state = ST_SKIP;
        p->len = 0;
        return RSP_OVERFLOW;
    }
    p->buf[p->len++] = byte;
    p->sum = (uint8_t)(p->sum + byte);
    return RSP_NONE;
}

/* One checksum digit; the second completes the packet. */
static enum rsp_event feed_csum(struct rsp_parser *p, uint8_t byte)
{
    int v = hex_digit(byte);
    if (p->state == ST_CSUM && v >= 0)
        p->got = (uint8_t)(p->got << 4 | (unsigned)v);
    else
        p->state = ST_CSUM_JUNK;
    if (++p->digits < RSP_CSUM_DIGITS)
        return RSP_NONE;
    bool good = p->state == ST_CSUM && p->got == p->sum;
    p->state = ST_IDLE;
    if (good)
        return RSP_PACKET;
    p->len = 0;
    return RSP_BAD_CHECKSUM;
}

enum rsp_event rsp_feed(struct rsp_parser *p, uint8_t byte)
{
    /* `$` never occurs unescaped inside a packet, so it always starts one:
     * a packet cut short (gdb resending after a timeout) is abandoned. */
    if (byte == RSP_START) {
        start_packet(p);
        return RSP_NONE;
    }
    switch (p->state) {
    case ST_DATA:
        return feed_data(p, byte);
    case ST_CSUM:
    case ST_CSUM_JUNK:
        return feed_csum(p, byte);
    case ST_SKIP:
        if (byte == RSP_END) {
            p->state = ST_SKIP_CSUM;
            p->digits = 0;
        }
        return RSP_NONE;
    case ST_SKIP_CSUM:
        if (++p->digits >= RSP_CSUM_DIGITS)
            p->state = ST_IDLE;
        return RSP_NONE;
    case ST_IDLE:
    default:
        p->state = ST_IDLE;
        p->len = 0;
        return feed_idle(byte);
    }
}

static bool needs_escape(uint8_t c)
{
    return c == RSP_END || c == RSP_START || c == RSP_ESCAPE || c == RSP_RLE;
}

size_t rsp_frame(const uint8_t *data, size_t len, uint8_t *out, size_t cap)
{
    size_t n = 0;
    uint8_t sum = 0;
    if (cap < 1 + RSP_CSUM_DIGITS + 1)
        return 0;
    out[n++] = RSP_START;
    for (size_t i = 0; i < len; i++) {
        uint8_t c = data[i];
        /* Room for this byte (escaped or not) and the `#cs` trailer. */
        size_t need = (needs_escape(c) ? 2u : 1u) + 1 + RSP_CSUM_DIGITS;
        if (cap - n < need)
            return 0;
        if (needs_escape(c)) {
            out[n++] = RSP_ESCAPE;
            sum = (uint8_t)(sum + RSP_ESCAPE);
            c ^= RSP_ESCAPE_XOR;
        }
        out[n++] = c;
        sum = (uint8_t)(sum + c);
    }
    out[n++] = RSP_END;
    out[n++] = (uint8_t)hex_chars[sum >> 4];
    out[n++] = (uint8_t)hex_chars[sum & 0xF];
    return n;
}

size_t rsp_unescape(uint8_t *data, size_t len)
{
    size_t w = 0;
    for (size_t r = 0; r < len; r++) {
        uint8_t c = data[r];
        if (c == RSP_ESCAPE) {
            if (++r == len)
                return (size_t)-1; /* `}` as the last byte escapes nothing */
            c = data[r] ^ RSP_ESCAPE_XOR;
        }
        data[w++] = c;
    }
    return w;
}

bool rsp_hex_decode(const char *hex, size_t nhex, uint8_t *out)
{
    if (nhex % 2)
        return false;
    for (size_t i = 0; i < nhex; i += 2) {
        int hi = hex_digit((uint8_t)hex[i]), lo = hex_digit((uint8_t)hex[i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i / 2] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

void rsp_hex_encode(const uint8_t *in, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex_chars[in[i] >> 4];
        out[2 * i + 1] = hex_chars[in[i] & 0xF];
    }
    out[2 * n] = '\0';
}

/* Leading zeros are fine ("00000008" is 8); a value past 32 bits is not a
 * number we can use, so it fails like a missing one and *s stays put. */
bool rsp_parse_hex(const char **s, const char *end, uint32_t *value)
{
    const char *q = *s;
    uint32_t v = 0;
    int d;
    while (q < end && (d = hex_digit((uint8_t)*q)) >= 0) {
        if (v >> 28)
            return false;
        v = v << 4 | (uint32_t)d;
        q++;
    }
    if (q == *s)
        return false;
    *value = v;
    *s = q;
    return true;
}
