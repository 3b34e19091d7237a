/* Drop-in libusb-1.0: control, bulk and interrupt transfers, synchronous
 * and asynchronous (libusb.h "Synchronous device I/O", "Asynchronous
 * device I/O", "Polling and timing").
 *
 * Waiting is virtual: a transfer waiting for data (an IN before the probe
 * has its reply, a timeout) lets virtual time pass in steps of one USB
 * (micro)frame, so the boards run meanwhile and a timeout of 6000 ms
 * costs no wall-clock time.
 *
 * Asynchronous transfers run inside libusb_handle_events*(), in the order
 * they were submitted: OpenOCD 0.12 submits a command's OUT transfer and
 * its reply's IN transfer together and waits for both
 * (stlink-protocol.md §1.3 "OOCD async mode"), so the OUT is delivered
 * first and the IN completes once the probe has queued the reply. */
#include "libusb/internal.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A host waiting "forever" (timeout 0) for data that never comes would
 * hang a real machine; the bench gives up after this much virtual time. */
#define SIMUSB_INFINITE_WAIT_NS (60 * SIM_NS_PER_S)
/* libusb_handle_events() without a timeout waits at most 60 s (libusb
 * io.c, handle_events default). */
#define SIMUSB_EVENTS_DEFAULT_NS (60 * SIM_NS_PER_S)
/* USB 2.0 §8.4.3: polling an IN endpoint happens once per (micro)frame. */
#define SIMUSB_POLL_FS_NS (1 * SIM_NS_PER_MS)
#define SIMUSB_POLL_HS_NS (125 * SIM_NS_PER_US)
/* USB 2.0 Table 9-3: SETUP packet size; §9.6.2 device qualifier length. */
#define SETUP_LEN          8
#define QUALIFIER_LEN      10
#define MAX_DESC_LEN       1024
/* USB 2.0 Table 9-5: DEVICE_QUALIFIER descriptor type (libusb.h has no
 * name for it). */
#define DT_DEVICE_QUALIFIER 0x06

static int map_result(enum sim_usb_result r)
{
    switch (r) {
    case SIM_USB_OK: return LIBUSB_SUCCESS;
    case SIM_USB_TIMEOUT: return LIBUSB_ERROR_TIMEOUT;
    case SIM_USB_PIPE: return LIBUSB_ERROR_PIPE;
    case SIM_USB_OVERFLOW: return LIBUSB_ERROR_OVERFLOW;
    case SIM_USB_NO_DEVICE: return LIBUSB_ERROR_NO_DEVICE;
    }
    return LIBUSB_ERROR_IO;
}

static sim_ns poll_step(struct sim_world_probe *wp)
{
    return sim_probe_speed(wp->probe) == SIM_USB_HIGH_SPEED ? SIMUSB_POLL_HS_NS
                                                            : SIMUSB_POLL_FS_NS;
}

static size_t probe_index(libusb_device_handle *h)
{
    return h->dev->index;
}

/* One attempt at a bulk transfer, no waiting: SIM_USB_TIMEOUT from an IN
 * means "nothing queued yet". */
static enum sim_usb_result bulk_attempt(struct sim_world_probe *wp, uint8_t ep,
                                        unsigned char *data, int len, int *actual)
{
    enum sim_usb_result r;
    size_t got = 0;
    simusb_sim_begin();
    if (ep & LIBUSB_ENDPOINT_IN)
        r = sim_probe_bulk_in(wp->probe, ep, data, (size_t)len, &got);
    else
        r = sim_probe_bulk_out(wp->probe, ep, data, (size_t)len);
    simusb_sim_end();
    if (r == SIM_USB_OK) {
        if (!(ep & LIBUSB_ENDPOINT_IN))
            got = (size_t)len;
        sim_stats.usb_transfers++;
        if (ep & LIBUSB_ENDPOINT_IN)
            sim_stats.usb_bytes_in += got;
        else
            sim_stats.usb_bytes_out += got;
    }
    *actual = (int)got;
    return r;
}

static int sync_bulk(libusb_device_handle *h, unsigned char endpoint,
                     unsigned char *data, int length, int *transferred,
                     unsigned int timeout)
{
    int dummy;
    if (!transferred)
        transferred = &dummy;
    *transferred = 0;
    if (!h || length < 0 || (!data && length))
        return LIBUSB_ERROR_INVALID_PARAM;
    simusb_lock();
    int rc;
    struct sim_world_probe *wp = simusb_handle_probe(h);
    struct sim_world *w = simusb_world();
    sim_ns limit = timeout ? (sim_ns)timeout * SIM_NS_PER_MS : SIMUSB_INFINITE_WAIT_NS;
    if (!wp || !w) {
        rc = LIBUSB_ERROR_NO_DEVICE;
        goto out;
    }
    switch (sim_world_bulk_fault(w, probe_index(h))) {
    case SIM_FAULT_GONE:
        rc = LIBUSB_ERROR_NO_DEVICE;
        goto out;
    case SIM_FAULT_IO:
        rc = LIBUSB_ERROR_IO;
        goto out;
    case SIM_FAULT_TIMEOUT:
        simusb_advance(limit);
        rc = LIBUSB_ERROR_TIMEOUT;
        goto out;
    case SIM_FAULT_NONE:
        break;
    }
    sim_ns waited = 0;
    for (;;) {
        enum sim_usb_result r = bulk_attempt(wp, endpoint, data, length, transferred);
        if (r != SIM_USB_TIMEOUT || !(endpoint & LIBUSB_ENDPOINT_IN) ||
            waited >= limit) {
            rc = map_result(r);
            break;
        }
        sim_ns step = poll_step(wp);
        if (step > limit - waited)
            step = limit - waited;
        simusb_advance(step);
        waited += step;
    }
out:
    simusb_unlock();
    return rc;
}

SIM_API int libusb_bulk_transfer(libusb_device_handle *h, unsigned char endpoint,
                                 unsigned char *data, int length,
                                 int *transferred, unsigned int timeout)
{
    return sync_bulk(h, endpoint, data, length, transferred, timeout);
}

SIM_API int libusb_interrupt_transfer(libusb_device_handle *h,
                                      unsigned char endpoint, unsigned char *data,
                                      int length, int *transferred,
                                      unsigned int timeout)
{
    /* An ST-LINK has no interrupt endpoints the host uses; the probe
     * answers for any endpoint it does not have. */
    return sync_bulk(h, endpoint, data, length, transferred, timeout);
}

/* ---- control requests on the default pipe (USB 2.0 §9.4) ---- */

static int copy_out(unsigned char *data, uint16_t wLength, const uint8_t *src, int n)
{
    if (n < 0)
        return LIBUSB_ERROR_PIPE; /* the device stalls: no such descriptor */
    if (n > wLength)
        n = wLength;
    if (n)
        memcpy(data, src, (size_t)n);
    return n;
}

static int get_descriptor(struct sim_world_probe *wp, uint16_t wValue,
                          uint16_t wIndex, unsigned char *data, uint16_t wLength)
{
    uint8_t buf[MAX_DESC_LEN];
    uint8_t type = wValue >> 8, index = wValue & 0xFF;
    int n;
    switch (type) {
    case LIBUSB_DT_DEVICE:
        n = sim_probe_device_descriptor(wp->probe, buf, sizeof buf);
        break;
    case LIBUSB_DT_CONFIG:
        n = index == 0 ? sim_probe_config_descriptor(wp->probe, buf, sizeof buf) : -1;
        break;
    case LIBUSB_DT_STRING:
        n = sim_probe_string_descriptor(wp->probe, index, wIndex, buf, sizeof buf);
        break;
    case DT_DEVICE_QUALIFIER: {
        /* USB 2.0 §9.6.2: only a high-speed capable device has one; a
         * full-speed-only device answers with a request error (stall). */
        uint8_t dev[18];
        if (sim_probe_speed(wp->probe) != SIM_USB_HIGH_SPEED ||
            sim_probe_device_descriptor(wp->probe, dev, sizeof dev) < 18) {
            n = -1;
            break;
        }
        const uint8_t q[QUALIFIER_LEN] = { QUALIFIER_LEN, DT_DEVICE_QUALIFIER,
            dev[2], dev[3], dev[4], dev[5], dev[6], 64 /* FS ep0 */, dev[17], 0 };
        memcpy(buf, q, sizeof q);
        n = sizeof q;
        break;
    }
    default:
        n = -1;
    }
    return copy_out(data, wLength, buf, n);
}

int simusb_control(libusb_device_handle *h, uint8_t bmRequestType,
                   uint8_t bRequest, uint16_t wValue, uint16_t wIndex,
                   unsigned char *data, uint16_t wLength)
{
    if (!h)
        return LIBUSB_ERROR_INVALID_PARAM;
    simusb_lock();
    struct sim_world_probe *wp = simusb_handle_probe(h);
    int rc;
    if (!wp) {
        rc = LIBUSB_ERROR_NO_DEVICE;
        goto out;
    }
    /* Setup, data and status stages: charged as two transfers. */
    simusb_advance(sim_cost_usb_transfer(sim_probe_speed(wp->probe),
                                         SETUP_LEN + wLength));
    simusb_advance(sim_cost_usb_transfer(sim_probe_speed(wp->probe), 0));
    if ((bmRequestType & LIBUSB_REQUEST_TYPE_VENDOR) ||
        (bmRequestType & LIBUSB_REQUEST_TYPE_CLASS)) {
        rc = LIBUSB_ERROR_PIPE; /* an ST-LINK's debug interface has none */
        goto out;
    }
    bool in = bmRequestType & LIBUSB_ENDPOINT_IN;
    switch (bRequest) {
    case LIBUSB_REQUEST_GET_DESCRIPTOR:
        rc = in ? get_descriptor(wp, wValue, wIndex, data, wLength)
                : LIBUSB_ERROR_PIPE;
        break;
    case LIBUSB_REQUEST_GET_STATUS: {
        const uint8_t status[2] = { 0, 0 }; /* bus powered, no remote wakeup */
        rc = in ? copy_out(data, wLength, status, 2) : LIBUSB_ERROR_PIPE;
        break;
    }
    case LIBUSB_REQUEST_GET_CONFIGURATION: {
        const uint8_t cfg = (uint8_t)h->configuration;
        rc = in ? copy_out(data, wLength, &cfg, 1) : LIBUSB_ERROR_PIPE;
        break;
    }
    case LIBUSB_REQUEST_GET_INTERFACE: {
        const uint8_t alt = 0;
        rc = in ? copy_out(data, wLength, &alt, 1) : LIBUSB_ERROR_PIPE;
        break;
    }
    case LIBUSB_REQUEST_SET_CONFIGURATION:
        h->configuration = wValue & 0xFF;
        rc = 0;
        break;
    case LIBUSB_REQUEST_SET_INTERFACE:
    case LIBUSB_REQUEST_CLEAR_FEATURE:
    case LIBUSB_REQUEST_SET_FEATURE:
        rc = 0;
        break;
    default:
        rc = LIBUSB_ERROR_PIPE;
    }
out:
    simusb_unlock();
    return rc;
}

SIM_API int libusb_control_transfer(libusb_device_handle *h, uint8_t bmRequestType,
                                    uint8_t bRequest, uint16_t wValue,
                                    uint16_t wIndex, unsigned char *data,
                                    uint16_t wLength, unsigned int timeout)
{
    (void)timeout;
    if (wLength && !data)
        return LIBUSB_ERROR_INVALID_PARAM;
    int rc = simusb_control(h, bmRequestType, bRequest, wValue, wIndex, data, wLength);
    /* Real libusb leaves the usbfs ioctl's errno behind, and some hosts
     * read it (lsusb is quiet about a stalled request only when errno is
     * EPIPE): leave the same. */
    if (rc == LIBUSB_ERROR_PIPE)
        errno = EPIPE;
    else if (rc == LIBUSB_ERROR_NO_DEVICE)
        errno = ENODEV;
    return rc;
}

/* ---- asynchronous transfers ---- */

struct simusb_xfer {
    struct simusb_xfer *next;
    bool queued;
    bool cancelled;
    bool fault_checked;
    bool lost;            /* fault injection: it will only time out */
    sim_ns deadline;      /* 0: none */
    struct libusb_transfer t; /* last: iso_packet_desc[] follows */
};

static struct simusb_xfer *queue_head, *queue_tail;

static struct simusb_xfer *xfer_of(struct libusb_transfer *t)
{
    return (struct simusb_xfer *)((char *)t - offsetof(struct simusb_xfer, t));
}

SIM_API struct libusb_transfer *libusb_alloc_transfer(int iso_packets)
{
    if (iso_packets < 0)
        return NULL;
    struct simusb_xfer *x = calloc(1, sizeof *x + (size_t)iso_packets *
                                   sizeof(struct libusb_iso_packet_descriptor));
    if (!x)
        return NULL;
    x->t.num_iso_packets = iso_packets;
    return &x->t;
}

static void unlink_xfer(struct simusb_xfer *x)
{
    struct simusb_xfer **pp = &queue_head, *prev = NULL;
    while (*pp && *pp != x) {
        prev = *pp;
        pp = &(*pp)->next;
    }
    if (*pp) {
        *pp = x->next;
        if (queue_tail == x)
            queue_tail = prev;
    }
    x->next = NULL;
    x->queued = false;
}

SIM_API void libusb_free_transfer(struct libusb_transfer *t)
{
    if (!t)
        return;
    simusb_lock();
    struct simusb_xfer *x = xfer_of(t);
    if (x->queued) /* freeing an in-flight transfer: drop it, never crash */
        unlink_xfer(x);
    if ((t->flags & LIBUSB_TRANSFER_FREE_BUFFER) && t->buffer)
        free(t->buffer);
    free(x);
    simusb_unlock();
}

SIM_API int libusb_submit_transfer(struct libusb_transfer *t)
{
    if (!t || !t->dev_handle || t->length < 0)
        return LIBUSB_ERROR_INVALID_PARAM;
    simusb_lock();
    struct simusb_xfer *x = xfer_of(t);
    int rc = LIBUSB_SUCCESS;
    if (x->queued) {
        rc = LIBUSB_ERROR_BUSY;
    } else if (!simusb_handle_probe(t->dev_handle)) {
        rc = LIBUSB_ERROR_NO_DEVICE;
    } else if (t->type != LIBUSB_TRANSFER_TYPE_BULK &&
               t->type != LIBUSB_TRANSFER_TYPE_INTERRUPT &&
               t->type != LIBUSB_TRANSFER_TYPE_CONTROL) {
        rc = LIBUSB_ERROR_NOT_SUPPORTED; /* no isochronous, no streams */
    } else if (t->type == LIBUSB_TRANSFER_TYPE_CONTROL && t->length < SETUP_LEN) {
        rc = LIBUSB_ERROR_INVALID_PARAM;
    } else {
        x->queued = true;
        x->cancelled = x->fault_checked = x->lost = false;
        x->deadline = t->timeout ? sim_clock_now() + (sim_ns)t->timeout * SIM_NS_PER_MS : 0;
        x->next = NULL;
        t->actual_length = 0;
        if (queue_tail)
            queue_tail->next = x;
        else
            queue_head = x;
        queue_tail = x;
    }
    simusb_unlock();
    return rc;
}

SIM_API int libusb_cancel_transfer(struct libusb_transfer *t)
{
    if (!t)
        return LIBUSB_ERROR_INVALID_PARAM;
    simusb_lock();
    struct simusb_xfer *x = xfer_of(t);
    int rc = LIBUSB_ERROR_NOT_FOUND;
    if (x->queued && !x->cancelled) {
        x->cancelled = true; /* completes as CANCELLED in handle_events */
        rc = LIBUSB_SUCCESS;
    }
    simusb_unlock();
    return rc;
}

SIM_API void libusb_transfer_set_stream_id(struct libusb_transfer *t, uint32_t id)
{
    (void)t;
    (void)id;
}

SIM_API uint32_t libusb_transfer_get_stream_id(struct libusb_transfer *t)
{
    (void)t;
    return 0;
}

/* Try to finish one transfer: true when it has a final status. */
static bool try_complete(struct simusb_xfer *x)
{
    struct libusb_transfer *t = &x->t;
    struct sim_world_probe *wp = simusb_handle_probe(t->dev_handle);
    struct sim_world *w = simusb_world();
    if (x->cancelled) {
        t->status = LIBUSB_TRANSFER_CANCELLED;
        return true;
    }
    if (!wp || !w) {
        t->status = LIBUSB_TRANSFER_NO_DEVICE;
        return true;
    }
    if (x->deadline && sim_clock_now() >= x->deadline) {
        t->status = LIBUSB_TRANSFER_TIMED_OUT;
        return true;
    }
    if (t->type == LIBUSB_TRANSFER_TYPE_CONTROL) {
        const unsigned char *s = t->buffer;
        uint16_t wLength = (uint16_t)(s[6] | s[7] << 8);
        if (wLength > t->length - SETUP_LEN)
            wLength = (uint16_t)(t->length - SETUP_LEN);
        int r = simusb_control(t->dev_handle, s[0], s[1], (uint16_t)(s[2] | s[3] << 8),
                               (uint16_t)(s[4] | s[5] << 8), t->buffer + SETUP_LEN,
                               wLength);
        t->actual_length = r > 0 ? r : 0;
        t->status = r >= 0 ? LIBUSB_TRANSFER_COMPLETED
                  : r == LIBUSB_ERROR_PIPE ? LIBUSB_TRANSFER_STALL
                  : r == LIBUSB_ERROR_NO_DEVICE ? LIBUSB_TRANSFER_NO_DEVICE
                  : LIBUSB_TRANSFER_ERROR;
        return true;
    }
    if (!x->fault_checked) {
        x->fault_checked = true;
        switch (sim_world_bulk_fault(w, probe_index(t->dev_handle))) {
        case SIM_FAULT_GONE:
            t->status = LIBUSB_TRANSFER_NO_DEVICE;
            return true;
        case SIM_FAULT_IO:
            t->status = LIBUSB_TRANSFER_ERROR;
            return true;
        case SIM_FAULT_TIMEOUT:
            x->lost = true;
            if (!x->deadline)
                x->deadline = sim_clock_now() + SIMUSB_INFINITE_WAIT_NS;
            return false;
        case SIM_FAULT_NONE:
            break;
        }
    }
    if (x->lost)
        return false;
    int actual = 0;
    enum sim_usb_result r = bulk_attempt(wp, t->endpoint, t->buffer, t->length, &actual);
    if (r == SIM_USB_TIMEOUT && (t->endpoint & LIBUSB_ENDPOINT_IN))
        return false; /* nothing queued yet: keep polling */
    t->actual_length = actual;
    switch (r) {
    case SIM_USB_OK: t->status = LIBUSB_TRANSFER_COMPLETED; break;
    case SIM_USB_TIMEOUT: t->status = LIBUSB_TRANSFER_TIMED_OUT; break;
    case SIM_USB_PIPE: t->status = LIBUSB_TRANSFER_STALL; break;
    case SIM_USB_OVERFLOW: t->status = LIBUSB_TRANSFER_OVERFLOW; break;
    case SIM_USB_NO_DEVICE: t->status = LIBUSB_TRANSFER_NO_DEVICE; break;
    default: t->status = LIBUSB_TRANSFER_ERROR;
    }
    return true;
}

static void finish(struct simusb_xfer *x)
{
    struct libusb_transfer *t = &x->t;
    unlink_xfer(x);
    if (t->status == LIBUSB_TRANSFER_COMPLETED &&
        (t->flags & LIBUSB_TRANSFER_SHORT_NOT_OK) && t->actual_length < t->length)
        t->status = LIBUSB_TRANSFER_ERROR;
    uint8_t flags = t->flags;
    if (t->callback)
        t->callback(t); /* may resubmit, free, or submit others */
    if (flags & LIBUSB_TRANSFER_FREE_TRANSFER)
        libusb_free_transfer(t);
}

/* One pass over the queue in submission order; returns how many
 * transfers completed (their callbacks have run). */
static int process_queue(void)
{
    int done = 0;
    bool again = true;
    while (again) {
        again = false;
        for (struct simusb_xfer *x = queue_head; x; x = x->next) {
            if (try_complete(x)) {
                finish(x);
                done++;
                again = true; /* the queue may have changed: rescan */
                break;
            }
        }
    }
    return done;
}

static sim_ns earliest_deadline(void)
{
    sim_ns d = 0;
    for (struct simusb_xfer *x = queue_head; x; x = x->next)
        if (x->deadline && (!d || x->deadline < d))
            d = x->deadline;
    return d;
}

static sim_ns poll_step_any(void)
{
    sim_ns step = SIMUSB_POLL_FS_NS;
    for (struct simusb_xfer *x = queue_head; x; x = x->next) {
        struct sim_world_probe *wp = simusb_handle_probe(x->t.dev_handle);
        if (wp && poll_step(wp) < step)
            step = poll_step(wp);
    }
    return step;
}

static int handle_events(sim_ns max_wait, int *completed)
{
    simusb_lock();
    sim_ns waited = 0;
    for (;;) {
        if (completed && *completed)
            break;
        if (process_queue() > 0)
            break;
        if (!queue_head) {
            /* Nothing in flight: an idle event loop must not drive virtual
             * time (a host's event thread would race it ahead); yield the
             * CPU for a moment of real time instead. */
            simusb_unlock();
            struct timespec ts = { 0, 1000000 };
            nanosleep(&ts, NULL);
            return LIBUSB_SUCCESS;
        }
        if (waited >= max_wait)
            break;
        sim_ns step = poll_step_any();
        sim_ns dl = earliest_deadline();
        sim_ns now = sim_clock_now();
        if (dl > now && dl - now < step)
            step = dl - now;
        if (step > max_wait - waited)
            step = max_wait - waited;
        simusb_advance(step);
        waited += step;
    }
    simusb_unlock();
    return LIBUSB_SUCCESS;
}

static sim_ns tv_ns(const struct timeval *tv)
{
    if (!tv || tv->tv_sec < 0 || tv->tv_usec < 0)
        return 0;
    return (sim_ns)tv->tv_sec * SIM_NS_PER_S + (sim_ns)tv->tv_usec * SIM_NS_PER_US;
}

SIM_API int libusb_handle_events_timeout_completed(libusb_context *ctx,
    struct timeval *tv, int *completed)
{
    (void)ctx;
    return handle_events(tv_ns(tv), completed);
}

SIM_API int libusb_handle_events_timeout(libusb_context *ctx, struct timeval *tv)
{
    (void)ctx;
    return handle_events(tv_ns(tv), NULL);
}

SIM_API int libusb_handle_events(libusb_context *ctx)
{
    (void)ctx;
    return handle_events(SIMUSB_EVENTS_DEFAULT_NS, NULL);
}

SIM_API int libusb_handle_events_completed(libusb_context *ctx, int *completed)
{
    (void)ctx;
    return handle_events(SIMUSB_EVENTS_DEFAULT_NS, completed);
}

SIM_API int libusb_handle_events_locked(libusb_context *ctx, struct timeval *tv)
{
    (void)ctx;
    return handle_events(tv_ns(tv), NULL);
}

SIM_API int libusb_wait_for_event(libusb_context *ctx, struct timeval *tv)
{
    (void)ctx;
    (void)tv;
    return 1; /* "timed out": events are handled by handle_events here */
}

SIM_API int libusb_get_next_timeout(libusb_context *ctx, struct timeval *tv)
{
    (void)ctx;
    if (!tv)
        return LIBUSB_ERROR_INVALID_PARAM;
    simusb_lock();
    sim_ns dl = earliest_deadline(), now = sim_clock_now();
    simusb_unlock();
    if (!dl)
        return 0;
    sim_ns left = dl > now ? dl - now : 0;
    tv->tv_sec = (time_t)(left / SIM_NS_PER_S);
    tv->tv_usec = (suseconds_t)(left % SIM_NS_PER_S / SIM_NS_PER_US);
    return 1;
}
