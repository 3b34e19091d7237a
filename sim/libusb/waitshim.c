/* Waiting for file descriptors on the bench: select() and poll() with a
 * timeout.  A host server loop (OpenOCD's, polling its target every
 * 100 ms between select() calls) would otherwise wait in real time while
 * virtual time stands still, so a target that needs one virtual second to
 * reach a breakpoint took minutes.  When nothing is ready, the board runs
 * for the timeout in virtual time; then a short real wait (1 ms) lets
 * other processes (gdb, a telnet client) get their bytes through.  A host
 * that waits long for a peer (OpenOCD gives a new gdb connection 1 s for
 * its first byte, then drops it) gets a longer real wait, a tenth of its
 * timeout up to 100 ms: a real gdb a few ms late on a loaded machine is
 * not refused, and server loops polling every 100 ms are not slowed.  No
 * timeout (block forever) stays a real wait. */
#include "libusb/internal.h"

#include <dlfcn.h>
#include <poll.h>
#include <string.h>
#include <sys/select.h>

#define REAL_WAIT_US 1000
#define LONG_WAIT_NS (500 * SIM_NS_PER_MS)   /* from here on, wait longer in real time */
#define LONG_REAL_WAIT_MAX_US 100000

/* Real microseconds to wait after running `want` ns of virtual time. */
static long real_wait_us(sim_ns want)
{
    if (want < LONG_WAIT_NS)
        return REAL_WAIT_US;
    sim_ns tenth_us = want / 10 / SIM_NS_PER_US;
    return tenth_us > LONG_REAL_WAIT_MAX_US ? LONG_REAL_WAIT_MAX_US : (long)tenth_us;
}

#define REAL(name) \
    static __typeof__(name) *real_fn; \
    if (!real_fn) \
        real_fn = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

static bool bench_wait(void)
{
    static int active = -1;
    if (active < 0)
        active = sim_env_active();
    return active && !simusb_in_sim();
}

SIM_API int select(int nfds, fd_set *restrict rd, fd_set *restrict wr, fd_set *restrict ex,
                   struct timeval *restrict tv)
{
    REAL(select);
    if (!bench_wait() || !tv)
        return real_fn(nfds, rd, wr, ex, tv);
    fd_set r0, w0, e0;
    if (rd) r0 = *rd;
    if (wr) w0 = *wr;
    if (ex) e0 = *ex;
    struct timeval now = { 0, 0 };
    int n = real_fn(nfds, rd, wr, ex, &now);
    sim_ns want = (sim_ns)tv->tv_sec * SIM_NS_PER_S + (sim_ns)tv->tv_usec * SIM_NS_PER_US;
    if (n != 0 || want == 0)
        return n;
    simusb_advance(want);
    if (rd) *rd = r0;
    if (wr) *wr = w0;
    if (ex) *ex = e0;
    struct timeval brief = { 0, real_wait_us(want) };
    n = real_fn(nfds, rd, wr, ex, &brief);
    tv->tv_sec = 0; /* Linux reports the time left */
    tv->tv_usec = 0;
    return n;
}

SIM_API int poll(struct pollfd *fds, nfds_t nfds, int timeout_ms)
{
    REAL(poll);
    if (!bench_wait() || timeout_ms < 0)
        return real_fn(fds, nfds, timeout_ms);
    int n = real_fn(fds, nfds, 0);
    if (n != 0 || timeout_ms == 0)
        return n;
    sim_ns want = (sim_ns)timeout_ms * SIM_NS_PER_MS;
    simusb_advance(want);
    return real_fn(fds, nfds, (int)(real_wait_us(want) / 1000));
}
