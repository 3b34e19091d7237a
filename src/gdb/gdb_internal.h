/* The GDB server's pieces (server.c, packets.c, regs.c, xml.c, breaks.c,
 * flashload.c, monitor.c) and the state they share.  Everything below
 * talks to the chip only through the public API (target.h, debug.h). */
#ifndef SD_GDB_INTERNAL_H
#define SD_GDB_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <swdoctor/debug.h>
#include <swdoctor/gdbserver.h>
#include <swdoctor/probe.h>
#include <swdoctor/session.h>
#include <swdoctor/target.h>

#include "gdb/rsp.h"

/* Signals in stop replies (GDB manual, "Stop Reply Packets"; numbers
 * from gdb's include/gdb/signals.def, which the remote protocol uses). */
#define GDB_SIGINT 2
#define GDB_SIGTRAP 5
#define GDB_SIGSEGV 11

/* Software breakpoints in RAM: BKPT #0 (ARMv7-M A7.7.17, encoding T1). */
#define GDB_SW_BKPT_MAX 32
#define THUMB_BKPT_0 0xBE00u

/* Hardware breakpoints and watchpoints gdb set, so a client that goes
 * away without removing them does not leave the core halting on them. */
#define GDB_HW_POINT_MAX 16
struct gdb_hw_point {
    int type;          /* Z packet type 0/1 (FPB), 2/3/4 (DWT); 0: unused slot */
    int used;
    uint32_t addr, len;
};

struct gdb_sw_bkpt {
    uint32_t addr;
    uint16_t saved;    /* the halfword the BKPT replaced */
    int used;
};

/* Data gdb sends with vFlashWrite, kept until vFlashDone. */
struct gdb_flash_chunk {
    uint32_t addr;
    size_t len;
    uint8_t *data;
};

struct gdb_server {
    struct sd_session *s;
    const struct sd_gdbserver_options *opt;
    struct sd_probe *probe;
    struct sd_target *t;          /* NULL: detached, attach on the next command */
    struct sd_core_info core;

    /* The client. */
    int fd;
    struct rsp_parser parser;
    uint8_t out[2 * RSP_MAX_PACKET + 8];   /* last framed packet (resent on '-') */
    size_t out_len;
    int extended;                 /* '!' was sent */
    int client_swbreak, client_hwbreak;
    int running;                  /* c/s sent, stop reply owed */
    int interrupted;              /* Ctrl-C asked for the halt */
    int closing;                  /* D/k: close after the reply */
    int ended;                    /* the server should stop (k without extended) */

    struct gdb_sw_bkpt sw[GDB_SW_BKPT_MAX];
    struct gdb_hw_point hw[GDB_HW_POINT_MAX];

    struct gdb_flash_chunk *chunks;
    size_t n_chunks, cap_chunks;
    int flash_erase_pending;

    /* Reply being built by a handler. */
    char reply[2 * RSP_MAX_PACKET + 8];
    size_t reply_len;
};

/* ---- server.c ---- */
/* Attach (again) if needed; SD_OK with g->t set. */
int gdb_target(struct gdb_server *g);
/* Forget the target after an error that means it is gone (probe unplugged,
 * no answer): the next command attaches afresh. */
void gdb_target_error(struct gdb_server *g, int err);
void gdb_target_drop(struct gdb_server *g);
/* Frame and send a packet now (used for O output before the final reply). */
void gdb_send_packet(struct gdb_server *g, const char *data, size_t len);

/* ---- packets.c ---- */
/* Handle one packet (escapes still in); fills g->reply.  Returns 1 when
 * the reply must be sent, 0 when none is due (c/s: the stop reply comes
 * later; k). */
int gdb_handle_packet(struct gdb_server *g, char *pkt, size_t len);
/* The stop reply for the core's current state into g->reply. */
void gdb_stop_reply(struct gdb_server *g, const struct sd_stop *stop);
void gdb_reply_str(struct gdb_server *g, const char *s);
void gdb_reply_printf(struct gdb_server *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* "E01"-style error reply for a library error. */
void gdb_reply_error(struct gdb_server *g, int err);

/* ---- regs.c ---- */
/* Number of registers in gdb's numbering for this core; registers 0..16
 * (r0-r12, sp, lr, pc, xpsr) make up the `g` packet. */
#define GDB_G_REGS 17
unsigned gdb_reg_count(const struct gdb_server *g);
/* Size in bytes of gdb register n (4, or 8 for d0-d15); 0 if none. */
unsigned gdb_reg_size(const struct gdb_server *g, unsigned n);
int gdb_reg_read(struct gdb_server *g, unsigned n, uint8_t *out);        /* target byte order */
int gdb_reg_write(struct gdb_server *g, unsigned n, const uint8_t *in);

/* ---- xml.c ---- */
/* qXfer:features:read:target.xml / qXfer:memory-map:read: the document
 * (malloc'd) or NULL with *err set. */
char *gdb_target_xml(struct gdb_server *g, int *err);
char *gdb_memory_map_xml(struct gdb_server *g, int *err);

/* ---- breaks.c ---- */
int gdb_break_insert(struct gdb_server *g, int type, uint32_t addr, uint32_t kind);
int gdb_break_remove(struct gdb_server *g, int type, uint32_t addr, uint32_t kind);
int gdb_is_sw_break(const struct gdb_server *g, uint32_t addr);
void gdb_breaks_forget(struct gdb_server *g);          /* after reset/flash/detach */
void gdb_breaks_remove_all(struct gdb_server *g);      /* restore RAM, clear FPB */

/* ---- flashload.c ---- */
int gdb_flash_erase(struct gdb_server *g, uint32_t addr, uint32_t len);
int gdb_flash_write(struct gdb_server *g, uint32_t addr, const uint8_t *data, size_t len);
int gdb_flash_done(struct gdb_server *g);
void gdb_flash_discard(struct gdb_server *g);

/* ---- packets.c: shared argument parsing and replies ---- */
/* Hex number, then `delim` (0: none); -1 when malformed. */
int gdb_parse_hex_to(const char **p, const char *end, uint32_t *v, char delim);
/* "ADDR,LEN" followed by `delim` (or the end when delim is 0). */
int gdb_parse_addr_len(const char **p, const char *end, uint32_t *addr, uint32_t *len,
                       char delim);
/* OK, or the error (and forget the target when the error means it is gone). */
void gdb_reply_rc(struct gdb_server *g, int rc);

/* ---- packets_data.c: registers and memory ---- */
void gdb_g_packet(struct gdb_server *g);
void gdb_G_packet(struct gdb_server *g, const char *p, const char *end);
void gdb_p_packet(struct gdb_server *g, const char *p, const char *end);
void gdb_P_packet(struct gdb_server *g, const char *p, const char *end);
void gdb_m_packet(struct gdb_server *g, const char *p, const char *end);
void gdb_M_packet(struct gdb_server *g, const char *p, const char *end);
void gdb_X_packet(struct gdb_server *g, char *p, char *end);

/* ---- monitor.c ---- */
/* Run a `monitor` command line; output via O packets; fills the final reply. */
void gdb_monitor(struct gdb_server *g, const char *line);

#endif
