/* Time on the bench (ARCHITECTURE.md "Time on the bench"): the drop-in
 * library gives the host process the bench's clock.
 *
 *  - Readings (clock_gettime, gettimeofday, time) are a fixed epoch plus
 *    virtual time, so runs are reproducible to the nanosecond.  CPU-time
 *    clocks stay real.
 *  - Sleeps (nanosleep, clock_nanosleep, usleep, sleep) let the board run
 *    for their duration in virtual time and return at once: st-flash's
 *    10 ms loader polls and OpenOCD's timeouts count virtual time.
 *  - Each reading also advances virtual time by SIM_CLOCK_READ_COST_NS, so
 *    a host loop that polls the clock without sleeping ("until
 *    timeval_ms() > deadline") always terminates: 1 us per reading, about
 *    what a syscall-free vDSO read plus the loop around it costs on a
 *    slow host.
 *
 * Inactive bench (no SWDOCTOR_SIM_SCENARIO), or a call made from inside
 * the bench's own code (Unicorn reading the clock while a board runs):
 * the real functions, found with dlsym(RTLD_NEXT, ...). */
#include "libusb/internal.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define SIM_CLOCK_READ_COST_NS (1 * SIM_NS_PER_US)
/* Wall-clock time of virtual t = 0: 2023-11-14T22:13:20Z.  Fixed so that
 * runs repeat exactly; SWDOCTOR_SIM_EPOCH (seconds) overrides it. */
#define SIM_DEFAULT_EPOCH_S 1700000000ull

static bool bench_time(void)
{
    static int active = -1;
    if (active < 0)
        active = sim_env_active();
    return active && !simusb_in_sim();
}

static sim_ns epoch_ns(void)
{
    static sim_ns epoch;
    static bool init;
    if (!init) {
        const char *e = getenv("SWDOCTOR_SIM_EPOCH");
        epoch = (e && *e ? strtoull(e, NULL, 10) : SIM_DEFAULT_EPOCH_S) * SIM_NS_PER_S;
        init = true;
    }
    return epoch;
}

/* Virtual now, after charging one clock reading. */
static sim_ns read_virtual(void)
{
    simusb_advance(SIM_CLOCK_READ_COST_NS);
    return sim_clock_now();
}

static void to_timespec(sim_ns t, struct timespec *ts)
{
    ts->tv_sec = (time_t)(t / SIM_NS_PER_S);
    ts->tv_nsec = (long)(t % SIM_NS_PER_S);
}

#define REAL(name) \
    static __typeof__(name) *real_fn; \
    if (!real_fn) \
        real_fn = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

SIM_API int clock_gettime(clockid_t clk, struct timespec *ts)
{
    REAL(clock_gettime);
    bool cpu = clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID ||
               clk < 0; /* per-process/thread CPU clocks by id */
    if (!bench_time() || cpu)
        return real_fn(clk, ts);
    sim_ns now = read_virtual();
    switch (clk) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_TAI:
        to_timespec(epoch_ns() + now, ts);
        return 0;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
        to_timespec(now, ts); /* time since power-on of the bench */
        return 0;
    default:
        return real_fn(clk, ts);
    }
}

SIM_API int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
    REAL(gettimeofday);
    if (!bench_time())
        return real_fn(tv, tz);
    sim_ns t = epoch_ns() + read_virtual();
    /* glibc declares tv nonnull, yet gettimeofday(NULL, &tz) is legal
     * (POSIX): read it through a volatile so the test stays. */
    struct timeval *volatile vtv = tv;
    if (vtv) {
        tv->tv_sec = (time_t)(t / SIM_NS_PER_S);
        tv->tv_usec = (suseconds_t)(t % SIM_NS_PER_S / SIM_NS_PER_US);
    }
    if (tz) {
        struct timezone *z = tz;
        z->tz_minuteswest = 0;
        z->tz_dsttime = 0;
    }
    return 0;
}

SIM_API time_t time(time_t *out)
{
    REAL(time);
    if (!bench_time())
        return real_fn(out);
    time_t t = (time_t)((epoch_ns() + read_virtual()) / SIM_NS_PER_S);
    if (out)
        *out = t;
    return t;
}

static int valid_ts(const struct timespec *ts)
{
    return ts && ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < (long)SIM_NS_PER_S;
}

static sim_ns ts_ns(const struct timespec *ts)
{
    return (sim_ns)ts->tv_sec * SIM_NS_PER_S + (sim_ns)ts->tv_nsec;
}

SIM_API int nanosleep(const struct timespec *req, struct timespec *rem)
{
    REAL(nanosleep);
    if (!bench_time())
        return real_fn(req, rem);
    if (!valid_ts(req)) {
        errno = EINVAL;
        return -1;
    }
    simusb_advance(ts_ns(req));
    if (rem)
        rem->tv_sec = rem->tv_nsec = 0;
    return 0;
}

SIM_API int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req,
                            struct timespec *rem)
{
    REAL(clock_nanosleep);
    if (!bench_time() || clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID)
        return real_fn(clk, flags, req, rem);
    if (!valid_ts(req))
        return EINVAL; /* clock_nanosleep returns the error number */
    sim_ns want = ts_ns(req);
    if (flags & TIMER_ABSTIME) {
        bool wall = clk == CLOCK_REALTIME || clk == CLOCK_REALTIME_COARSE || clk == CLOCK_TAI;
        sim_ns now = sim_clock_now() + (wall ? epoch_ns() : 0);
        want = want > now ? want - now : 0;
    }
    simusb_advance(want);
    if (rem && !(flags & TIMER_ABSTIME))
        rem->tv_sec = rem->tv_nsec = 0;
    return 0;
}

SIM_API int usleep(useconds_t usec)
{
    REAL(usleep);
    if (!bench_time())
        return real_fn(usec);
    simusb_advance((sim_ns)usec * SIM_NS_PER_US);
    return 0;
}

SIM_API unsigned int sleep(unsigned int seconds)
{
    REAL(sleep);
    if (!bench_time())
        return real_fn(seconds);
    simusb_advance((sim_ns)seconds * SIM_NS_PER_S);
    return 0;
}
