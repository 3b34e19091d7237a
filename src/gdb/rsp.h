/* GDB remote serial protocol, the wire level (GDB manual, "Overview" of
 * Remote Protocol): packets `$data#cs` with a modulo-256 checksum, `+`/`-`
 * acknowledgements, 0x03 (Ctrl-C) out of band, `}` escapes (byte ^ 0x20)
 * in binary data and run-length encoding `*` in replies gdb may send.
 * No I/O here: the server feeds bytes in and gets packets out, so the
 * parser can be fuzzed (tests/fuzz/fuzz_gdb_packet.c). */
#ifndef SD_GDB_RSP_H
#define SD_GDB_RSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest packet we accept (and announce in qSupported PacketSize). */
#define RSP_MAX_PACKET 16384u

enum rsp_event {
    RSP_NONE,          /* need more bytes */
    RSP_PACKET,        /* a packet with a good checksum: data/len (escapes NOT yet removed) */
    RSP_BAD_CHECKSUM,  /* reply '-' and let gdb resend */
    RSP_INTERRUPT,     /* 0x03 outside a packet */
    RSP_ACK, RSP_NACK, /* '+' / '-' from gdb */
    RSP_OVERFLOW,      /* a packet longer than RSP_MAX_PACKET: dropped */
};

struct rsp_parser {
    int state;
    uint8_t buf[RSP_MAX_PACKET];
    size_t len;
    uint8_t sum, got;
    unsigned digits;
};

void rsp_parser_init(struct rsp_parser *p);
/* Feed one byte; returns what it completed.  After RSP_PACKET, p->buf and
 * p->len hold the packet's data until the next call. */
enum rsp_event rsp_feed(struct rsp_parser *p, uint8_t byte);

/* Frame `data` as `$data#cs` into out (escaping '#', '$', '}', '*');
 * returns the framed length, 0 if `cap` is too small. */
size_t rsp_frame(const uint8_t *data, size_t len, uint8_t *out, size_t cap);
/* Remove `}` escapes in place (binary X / vFlashWrite data); returns the
 * new length, or (size_t)-1 for a dangling escape. */
size_t rsp_unescape(uint8_t *data, size_t len);

/* Hex helpers: 2 hex digits per byte; false on a non-hex digit. */
bool rsp_hex_decode(const char *hex, size_t nhex, uint8_t *out);
void rsp_hex_encode(const uint8_t *in, size_t n, char *out);   /* writes 2n chars + NUL */
/* Parse a hex number up to a delimiter; false when none is there. */
bool rsp_parse_hex(const char **s, const char *end, uint32_t *value);

#endif
