/* The GDB remote protocol wire layer (src/gdb/rsp.c) against the GDB
 * manual, "Remote Protocol": `$data#cs` packets with a modulo-256
 * checksum, `+`/`-` acknowledgements, Ctrl-C as a lone 0x03, `}` escapes
 * (byte ^ 0x20) for `#`, `$`, `}` and, in our replies, `*`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "gdb/rsp.h"

/* The parser is 16 KiB: one per test, on the heap. */
static int setup(void **state)
{
    struct rsp_parser *p = malloc(sizeof *p);
    if (!p)
        return -1;
    rsp_parser_init(p);
    *state = p;
    return 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

/* Feed a string; return the events it completed, as letters:
 * P packet, C bad checksum, I interrupt, + ack, - nack, O overflow. */
static const char *feed(struct rsp_parser *p, const void *bytes, size_t n)
{
    static char events[64];
    size_t k = 0;
    const uint8_t *b = bytes;
    for (size_t i = 0; i < n; i++) {
        char e = 0;
        switch (rsp_feed(p, b[i])) {
        case RSP_NONE: break;
        case RSP_PACKET: e = 'P'; break;
        case RSP_BAD_CHECKSUM: e = 'C'; break;
        case RSP_INTERRUPT: e = 'I'; break;
        case RSP_ACK: e = '+'; break;
        case RSP_NACK: e = '-'; break;
        case RSP_OVERFLOW: e = 'O'; break;
        }
        if (e && k + 1 < sizeof events)
            events[k++] = e;
    }
    events[k] = '\0';
    return events;
}

static const char *feed_str(struct rsp_parser *p, const char *s)
{
    return feed(p, s, strlen(s));
}

static void assert_packet(const struct rsp_parser *p, const char *data)
{
    assert_int_equal(p->len, strlen(data));
    assert_memory_equal(p->buf, data, p->len);
}

/* Real gdb packets with the checksums gdb sends (by hand: "g" is 0x67). */
static void parses_gdb_packets(void **state)
{
    struct rsp_parser *p = *state;
    assert_string_equal(feed_str(p, "$g#67"), "P");
    assert_packet(p, "g");
    assert_string_equal(feed_str(p, "$?#3f"), "P");
    assert_packet(p, "?");
    /* An empty packet: checksum 00. */
    assert_string_equal(feed_str(p, "$#00"), "P");
    assert_int_equal(p->len, 0);
    /* The checksum digits may be upper case. */
    assert_string_equal(feed_str(p, "$?#3F"), "P");
}

static void qsupported_checksum(void **state)
{
    struct rsp_parser *p = *state;
    const char *q = "$qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;"
                    "vfork-events+;exec-events+;vContSupported+;QThreadEvents+;no-resumed+#df";
    assert_string_equal(feed_str(p, q), "P");
    assert_true(p->len > 11 && !memcmp(p->buf, "qSupported:", 11));
}

static void acks_interrupt_and_junk(void **state)
{
    struct rsp_parser *p = *state;
    assert_string_equal(feed_str(p, "+-\x03"), "+-I");
    /* Junk between packets is ignored, the next packet still parses. */
    assert_string_equal(feed_str(p, "\r\nxyz#00+$g#67"), "+P");
    assert_packet(p, "g");
}

static void interrupt_inside_packet_is_data(void **state)
{
    struct rsp_parser *p = *state;
    /* 0x03, '+' and '-' inside a packet are data: sum 0x03+0x2b+0x2d = 0x5b. */
    assert_string_equal(feed_str(p, "$\x03+-#5b"), "P");
    assert_packet(p, "\x03+-");
}

static void bad_checksum(void **state)
{
    struct rsp_parser *p = *state;
    assert_string_equal(feed_str(p, "$g#68"), "C");
    /* Non-hex checksum digits are a bad checksum too, not a packet. */
    assert_string_equal(feed_str(p, "$g#6z"), "C");
    assert_string_equal(feed_str(p, "$g#z7"), "C");
    /* After a bad one the parser is between packets again. */
    assert_string_equal(feed_str(p, "\x03$g#67"), "IP");
}

static void dollar_restarts_packet(void **state)
{
    struct rsp_parser *p = *state;
    /* A packet cut short and resent: only the second one counts. */
    assert_string_equal(feed_str(p, "$m8000000$g#67"), "P");
    assert_packet(p, "g");
    /* A `$` where the checksum should be restarts as well. */
    assert_string_equal(feed_str(p, "$g#6$?#3f"), "P");
    assert_packet(p, "?");
}

static void partial_feeds(void **state)
{
    struct rsp_parser *p = *state;
    const char *pkt = "$m8000000,4#25";
    /* "m8000000,4": its checksum is 0x25. */
    for (size_t i = 0; i + 1 < strlen(pkt); i++)
        assert_int_equal(rsp_feed(p, (uint8_t)pkt[i]), RSP_NONE);
    assert_int_equal(rsp_feed(p, (uint8_t)pkt[strlen(pkt) - 1]), RSP_PACKET);
    assert_packet(p, "m8000000,4");
    /* Split in odd places across calls. */
    assert_string_equal(feed_str(p, "+$m800"), "+");
    assert_string_equal(feed_str(p, "0000,4#"), "");
    assert_string_equal(feed_str(p, "2"), "");
    assert_string_equal(feed_str(p, "5"), "P");
    assert_packet(p, "m8000000,4");
}

static void overflow_and_resync(void **state)
{
    struct rsp_parser *p = *state;
    size_t n = RSP_MAX_PACKET + 64;
    uint8_t *big = malloc(n + 8);
    assert_non_null(big);
    big[0] = '$';
    memset(big + 1, 'a', n);
    memcpy(big + 1 + n, "#00", 3);
    /* One overflow, and nothing from the dropped packet's tail or trailer. */
    assert_string_equal(feed(p, big, n + 4), "O");
    /* Between packets again: an ack and a Ctrl-C count. */
    assert_string_equal(feed_str(p, "+\x03$g#67"), "+IP");
    assert_packet(p, "g");
    /* An overflowed packet with no trailer: resynchronise at the next `$`,
     * ignoring what looks like acks and Ctrl-C in its data. */
    assert_string_equal(feed(p, big, 1 + n), "O");
    assert_string_equal(feed_str(p, "+-\x03$?#3f"), "P");
    assert_packet(p, "?");
    free(big);
}

static void largest_packet_fits(void **state)
{
    struct rsp_parser *p = *state;
    uint8_t *big = malloc(RSP_MAX_PACKET + 8);
    assert_non_null(big);
    big[0] = '$';
    memset(big + 1, 'a', RSP_MAX_PACKET);
    /* 16384 * 0x61 = 0x184000: modulo 256 that is 00. */
    memcpy(big + 1 + RSP_MAX_PACKET, "#00", 3);
    assert_string_equal(feed(p, big, RSP_MAX_PACKET + 4), "P");
    assert_int_equal(p->len, RSP_MAX_PACKET);
    free(big);
}

static void frame_simple(void **state)
{
    (void)state;
    uint8_t out[32];
    size_t n = rsp_frame((const uint8_t *)"OK", 2, out, sizeof out);
    /* 'O' 0x4f + 'K' 0x4b = 0x9a. */
    assert_int_equal(n, 6);
    assert_memory_equal(out, "$OK#9a", 6);
    n = rsp_frame(NULL, 0, out, sizeof out);
    assert_int_equal(n, 4);
    assert_memory_equal(out, "$#00", 4);
}

static void frame_escapes(void **state)
{
    (void)state;
    const uint8_t data[] = { 0x7d, 0x23, 0x24, 0x2a, 0x00, 0x03 };
    uint8_t out[32];
    size_t n = rsp_frame(data, sizeof data, out, sizeof out);
    /* Each of } # $ * becomes `}` and the byte ^ 0x20 (manual: Binary data). */
    const uint8_t want[] = { '$', 0x7d, 0x5d, 0x7d, 0x03, 0x7d, 0x04, 0x7d, 0x0a, 0x00, 0x03, '#' };
    assert_int_equal(n, sizeof want + 2);
    assert_memory_equal(out, want, sizeof want);
    /* The checksum covers the escaped bytes as sent. */
    unsigned sum = 0;
    for (size_t i = 1; i < sizeof want - 1; i++)
        sum += want[i];
    char cs[3];
    rsp_hex_encode((const uint8_t[]){ (uint8_t)sum }, 1, cs);
    assert_memory_equal(out + sizeof want, cs, 2);
}

static void frame_capacity(void **state)
{
    (void)state;
    uint8_t out[8];
    /* "$OK#9a" is 6 bytes. */
    assert_int_equal(rsp_frame((const uint8_t *)"OK", 2, out, 6), 6);
    assert_int_equal(rsp_frame((const uint8_t *)"OK", 2, out, 5), 0);
    /* An escape needs two bytes: "$}]#cs" is 6. */
    assert_int_equal(rsp_frame((const uint8_t *)"}", 1, out, 6), 6);
    assert_int_equal(rsp_frame((const uint8_t *)"}", 1, out, 5), 0);
    assert_int_equal(rsp_frame(NULL, 0, out, 3), 0);
}

/* Frame every byte value, parse it back, unescape: the same bytes. */
static void frame_round_trip(void **state)
{
    struct rsp_parser *p = *state;
    uint8_t data[256], out[600];
    for (unsigned i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)i;
    size_t n = rsp_frame(data, sizeof data, out, sizeof out);
    assert_true(n > sizeof data + 4);
    /* The frame holds no bare `$`/`#` but the delimiters. */
    assert_int_equal(out[0], '$');
    assert_null(memchr(out + 1, '$', n - 1));
    assert_ptr_equal(memchr(out, '#', n), out + n - 3);
    assert_string_equal(feed(p, out, n), "P");
    size_t len = rsp_unescape(p->buf, p->len);
    assert_int_equal(len, sizeof data);
    assert_memory_equal(p->buf, data, sizeof data);
}

/* An X packet as gdb sends it: binary 7d 23 24 2a escaped (gdb escapes `*`
 * too), our checksum arithmetic by hand. */
static void x_packet_binary(void **state)
{
    struct rsp_parser *p = *state;
    const uint8_t body[] = "X20000000,4:}]}\x03}\x04}\x0a";
    unsigned sum = 0;
    for (size_t i = 0; i + 1 < sizeof body; i++)
        sum += body[i];
    char wire[64], cs[3];
    rsp_hex_encode((const uint8_t[]){ (uint8_t)sum }, 1, cs);
    int n = snprintf(wire, sizeof wire, "$%s#%s", (const char *)body, cs);
    assert_string_equal(feed(p, wire, (size_t)n), "P");
    const uint8_t *colon = memchr(p->buf, ':', p->len);
    assert_non_null(colon);
    size_t off = (size_t)(colon + 1 - p->buf);
    size_t len = rsp_unescape(p->buf + off, p->len - off);
    assert_int_equal(len, 4);
    assert_memory_equal(p->buf + off, "\x7d\x23\x24\x2a", 4);
}

static void unescape_cases(void **state)
{
    (void)state;
    uint8_t a[] = "a}]b}\x03";
    assert_int_equal(rsp_unescape(a, 6), 4);
    assert_memory_equal(a, "a}b#", 4);
    uint8_t dangling[] = "ab}";
    assert_int_equal(rsp_unescape(dangling, 3), (size_t)-1);
    uint8_t none[] = "plain";
    assert_int_equal(rsp_unescape(none, 5), 5);
    assert_memory_equal(none, "plain", 5);
    assert_int_equal(rsp_unescape(none, 0), 0);
}

static void hex_helpers(void **state)
{
    (void)state;
    uint8_t out[4];
    assert_true(rsp_hex_decode("deADbe00", 8, out));
    assert_memory_equal(out, "\xde\xad\xbe\x00", 4);
    assert_false(rsp_hex_decode("dx", 2, out));
    assert_false(rsp_hex_decode("abc", 3, out));
    assert_true(rsp_hex_decode("", 0, out));
    char s[9];
    rsp_hex_encode((const uint8_t *)"\x01\xab\xff\x00", 4, s);
    assert_string_equal(s, "01abff00");
}

static void parse_hex_numbers(void **state)
{
    (void)state;
    const char *cmd = "8000234,2";
    const char *s = cmd, *end = cmd + strlen(cmd);
    uint32_t v = 0;
    assert_true(rsp_parse_hex(&s, end, &v));
    assert_int_equal(v, 0x8000234);
    assert_int_equal(*s, ',');
    s++;
    assert_true(rsp_parse_hex(&s, end, &v));
    assert_int_equal(v, 2);
    assert_ptr_equal(s, end);
    /* Nothing there: false, s unchanged. */
    assert_false(rsp_parse_hex(&s, end, &v));
    const char *comma = ",4";
    s = comma;
    assert_false(rsp_parse_hex(&s, comma + 2, &v));
    assert_ptr_equal(s, comma);
    /* Leading zeros are fine; more than 32 bits is not. */
    const char *wide = "00000000FFFFFFFF:";
    s = wide;
    assert_true(rsp_parse_hex(&s, wide + strlen(wide), &v));
    assert_int_equal(v, 0xFFFFFFFFu);
    const char *big = "100000000";
    s = big;
    assert_false(rsp_parse_hex(&s, big + strlen(big), &v));
    assert_ptr_equal(s, big);
    /* `end` bounds the parse: no read past it. */
    s = cmd;
    assert_true(rsp_parse_hex(&s, cmd + 3, &v));
    assert_int_equal(v, 0x800);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(parses_gdb_packets, setup, teardown),
        cmocka_unit_test_setup_teardown(qsupported_checksum, setup, teardown),
        cmocka_unit_test_setup_teardown(acks_interrupt_and_junk, setup, teardown),
        cmocka_unit_test_setup_teardown(interrupt_inside_packet_is_data, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_checksum, setup, teardown),
        cmocka_unit_test_setup_teardown(dollar_restarts_packet, setup, teardown),
        cmocka_unit_test_setup_teardown(partial_feeds, setup, teardown),
        cmocka_unit_test_setup_teardown(overflow_and_resync, setup, teardown),
        cmocka_unit_test_setup_teardown(largest_packet_fits, setup, teardown),
        cmocka_unit_test(frame_simple),
        cmocka_unit_test(frame_escapes),
        cmocka_unit_test(frame_capacity),
        cmocka_unit_test_setup_teardown(frame_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(x_packet_binary, setup, teardown),
        cmocka_unit_test(unescape_cases),
        cmocka_unit_test(hex_helpers),
        cmocka_unit_test(parse_hex_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
