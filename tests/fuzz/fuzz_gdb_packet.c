/* Fuzz target: the GDB remote protocol wire layer (src/gdb/rsp.c) on any
 * bytes, as a TCP stream from gdb would bring them (libFuzzer entry point;
 * the standalone driver fuzz_driver.c calls it too).
 *
 * Three passes per input, each checking answers, not only "no crash":
 *  1. the bytes as they are through rsp_feed; every packet through
 *     rsp_unescape and rsp_parse_hex / rsp_hex_decode;
 *  2. the same bytes with every `$...#xx` checksum repaired, so mutated
 *     packet bodies get past the checksum check (the driver's own repair
 *     knows only Intel HEX and S-records);
 *  3. the bytes as a payload: rsp_frame, parsed back, unescaped, must give
 *     the payload again; hex encode/decode likewise;
 *  4. the bytes fed to a parser that is in the middle of a packet a few
 *     bytes short of RSP_MAX_PACKET (a copy of one prepared once), so the
 *     overflow and resynchronisation paths see fuzzed bytes without every
 *     input having to be 16 KiB long.
 *
 * This covers the wire layer only.  When the server's packet dispatcher
 * exists (src/gdb/, issue 7) it can be fed each packet from pass 2 here,
 * against a fake target. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_image.h" /* struct fuzz_outcomes, shared with the driver */
#include "gdb/rsp.h"

struct fuzz_outcomes fuzz_outcomes;

/* Pass 3 frames at most this much of an input (framing doubles it). */
#define ROUND_TRIP_MAX 4096u

/* Bytes of room left in the nearly full packet of pass 4. */
#define NEARLY_FULL_ROOM 16u

static struct rsp_parser parser, nearly_full;
static bool nearly_full_ready;
static uint8_t scratch[RSP_MAX_PACKET];
static uint8_t framed[2 * ROUND_TRIP_MAX + 4];
static char hex[2 * ROUND_TRIP_MAX + 1];
static uint8_t decoded[ROUND_TRIP_MAX];

struct pass_counts {
    unsigned long packets, bad_checksums, overflows;
};

static void broken(const char *what)
{
    fprintf(stderr, "fuzz: invariant broken: %s\n", what);
    abort();
}

static int hexval(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* rsp_parse_hex at the start of every token: what it consumed must be hex
 * digits with the value it returned, and it stops inside [s, end). */
static void check_parse_hex(const uint8_t *data, size_t len)
{
    const char *base = (const char *)data, *end = base + len;
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && hexval(data[i - 1]) >= 0)
            continue; /* not a token start: keeps this linear */
        const char *s = base + i;
        uint32_t v = 0xA5A5A5A5u;
        bool ok = rsp_parse_hex(&s, end, &v);
        if (!ok) {
            if (s != base + i)
                broken("rsp_parse_hex moved the cursor on failure");
            continue;
        }
        if (s <= base + i || s > end)
            broken("rsp_parse_hex consumed nothing or ran past the end");
        if (s < end && hexval((uint8_t)*s) >= 0)
            broken("rsp_parse_hex stopped on a hex digit");
        uint64_t want = 0;
        for (const char *q = base + i; q < s; q++) {
            int d = hexval((uint8_t)*q);
            if (d < 0)
                broken("rsp_parse_hex consumed a non-hex character");
            want = want << 4 | (unsigned)d;
            if (want > UINT32_MAX)
                broken("rsp_parse_hex accepted a number past 32 bits");
        }
        if (want != v)
            broken("rsp_parse_hex returned the wrong value");
    }
}

/* A packet as the server will treat it: unescape the binary tail (X,
 * vFlashWrite), parse the hex numbers, decode hex after the first ':'. */
static void check_packet(const struct rsp_parser *p)
{
    if (p->len > RSP_MAX_PACKET)
        broken("a packet longer than RSP_MAX_PACKET");
    if (memchr(p->buf, '$', p->len) || memchr(p->buf, '#', p->len))
        broken("a packet holds a bare '$' or '#'");
    memcpy(scratch, p->buf, p->len);
    check_parse_hex(scratch, p->len);
    const uint8_t *colon = memchr(scratch, ':', p->len);
    size_t off = colon ? (size_t)(colon + 1 - scratch) : 0;
    size_t tail = p->len - off;
    if (tail <= sizeof decoded * 2)
        (void)rsp_hex_decode((const char *)scratch + off, tail & ~(size_t)1, decoded);
    bool escapes = memchr(p->buf + off, '}', tail) != NULL;
    size_t n = rsp_unescape(scratch + off, tail);
    if (n == (size_t)-1 ? !escapes : n > tail || (n == tail) == escapes)
        broken("rsp_unescape: a length that does not match the escapes");
}

static void feed_from(const uint8_t *data, size_t size, struct pass_counts *c)
{
    for (size_t i = 0; i < size; i++) {
        switch (rsp_feed(&parser, data[i])) {
        case RSP_PACKET:
            c->packets++;
            check_packet(&parser);
            break;
        case RSP_BAD_CHECKSUM:
            c->bad_checksums++;
            break;
        case RSP_OVERFLOW:
            c->overflows++;
            break;
        default:
            break;
        }
    }
}

static void feed_all(const uint8_t *data, size_t size, struct pass_counts *c)
{
    rsp_parser_init(&parser);
    feed_from(data, size, c);
}

static void feed_nearly_full(const uint8_t *data, size_t size, struct pass_counts *c)
{
    if (!nearly_full_ready) {
        rsp_parser_init(&nearly_full);
        if (rsp_feed(&nearly_full, '$') != RSP_NONE)
            broken("'$' completed something");
        for (size_t i = 0; i < RSP_MAX_PACKET - NEARLY_FULL_ROOM; i++)
            if (rsp_feed(&nearly_full, 'a') != RSP_NONE)
                broken("packet data below RSP_MAX_PACKET completed something");
        nearly_full_ready = true;
    }
    parser = nearly_full;
    feed_from(data, size, c);
    /* Room for NEARLY_FULL_ROOM more bytes: the next one overflows unless
     * the input ended or closed the packet, or a '$' restarted it. */
    size_t until = 0;
    while (until < size && until <= NEARLY_FULL_ROOM && data[until] != '#' && data[until] != '$')
        until++;
    if (until > NEARLY_FULL_ROOM && c->overflows == 0)
        broken("a packet past RSP_MAX_PACKET did not overflow");
}

/* A copy of the input with the two digits after each `#` that closes a
 * `$...` set to the right checksum. */
static uint8_t *repair(const uint8_t *data, size_t size)
{
    uint8_t *fixed = malloc(size ? size : 1);
    if (!fixed)
        return NULL;
    memcpy(fixed, data, size);
    size_t start = size;
    for (size_t i = 0; i < size; i++) {
        if (fixed[i] == '$') {
            start = i;
        } else if (fixed[i] == '#' && start < i && i + 2 < size) {
            unsigned sum = 0;
            for (size_t k = start + 1; k < i; k++)
                sum += fixed[k];
            fixed[i + 1] = (uint8_t)"0123456789abcdef"[(sum >> 4) & 0xF];
            fixed[i + 2] = (uint8_t)"0123456789abcdef"[sum & 0xF];
            start = size;
            i += 2;
        }
    }
    return fixed;
}

static void round_trip(const uint8_t *data, size_t size)
{
    size_t len = size < ROUND_TRIP_MAX ? size : ROUND_TRIP_MAX;
    size_t n = rsp_frame(data, len, framed, sizeof framed);
    if (n == 0 || n < len + 4)
        broken("rsp_frame refused or shrank a payload that fits");
    rsp_parser_init(&parser);
    for (size_t i = 0; i < n; i++) {
        enum rsp_event e = rsp_feed(&parser, framed[i]);
        if (e != (i + 1 == n ? RSP_PACKET : RSP_NONE))
            broken("a framed payload did not parse as exactly one packet");
    }
    size_t back = rsp_unescape(parser.buf, parser.len);
    if (back != len || memcmp(parser.buf, data, len))
        broken("frame, parse, unescape did not give the payload back");
    rsp_hex_encode(data, len, hex);
    if (strlen(hex) != 2 * len || !rsp_hex_decode(hex, 2 * len, decoded) ||
        memcmp(decoded, data, len))
        broken("hex encode, decode did not give the bytes back");
    /* Too small by one: refused, not truncated. */
    if (rsp_frame(data, len, framed, n - 1) != 0)
        broken("rsp_frame wrote a frame into too small a buffer");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pass_counts raw = { 0 }, fixed_counts = { 0 };
    feed_all(data, size, &raw);
    uint8_t *fixed = repair(data, size);
    if (fixed) {
        feed_all(fixed, size, &fixed_counts);
        free(fixed);
    }
    round_trip(data, size);
    struct pass_counts full = { 0 };
    feed_nearly_full(data, size, &full);

    /* The driver's tally: "parsed" means a good packet came out. */
    if (raw.packets)
        fuzz_outcomes.parsed++;
    else if (raw.bad_checksums)
        fuzz_outcomes.checksum++;
    else if (raw.overflows)
        fuzz_outcomes.format++;
    else
        fuzz_outcomes.other++;
    return 0;
}
