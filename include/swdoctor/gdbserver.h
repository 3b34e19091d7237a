/* A GDB remote serial protocol server on top of the public API
 * (target.h, debug.h): `swdoctor gdbserver`, or any program's own. */
#ifndef SWDOCTOR_GDBSERVER_H
#define SWDOCTOR_GDBSERVER_H

#include <swdoctor/session.h>
#include <swdoctor/target.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sd_gdbserver_options {
    const char *bind;              /* address to listen on; NULL: "127.0.0.1" */
    unsigned port;                 /* 0: 4242 (st-util's port) */
    int persist;                   /* keep serving after a client leaves */
    const char *probe_serial;
    struct sd_connect_options connect;
    /* Called once the socket listens (e.g. to print "listening on ..."). */
    void (*listening)(void *user, const char *addr, unsigned port);
    void *user;
    /* Set to non-zero from a signal handler to stop the server. */
    volatile int *stop;
};

/* Serve one client at a time (a second gets a clear refusal) until the
 * client detaches/kills (and !persist) or *stop.  SD_OK on a clean end. */
int sd_gdbserver_run(struct sd_session *s, const struct sd_gdbserver_options *opt);

#ifdef __cplusplus
}
#endif
#endif
