/* The libusb-1.0 backend: enumerate ST-LINK probes, open and claim one,
 * bulk transfers.  Uses only the libusb subset OpenOCD and stlink-org use
 * (so the bench's drop-in libusb serves it too). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libusb.h>

#include "common/session_internal.h"
#include "usb/usb.h"

/* Reference §1.2: every host claims interface 0 and uses configuration 1. */
#define DEBUG_INTERFACE 0
#define DEBUG_CONFIGURATION 1
#define STRING_DESC_MAX 255
#define LANGID_INDEX 0
#define LANGID_EN_US 0x0409u
#define DRAIN_TIMEOUT_MS 10u
#define DRAIN_MAX_READS 4
#define PACKET_BUF 512u   /* one high-speed bulk packet */

struct libusb_priv {
    libusb_context *ctx;
    libusb_device_handle *handle;
};

static uint16_t first_langid(libusb_device_handle *h)
{
    uint8_t buf[STRING_DESC_MAX];
    int n = libusb_get_string_descriptor(h, LANGID_INDEX, 0, buf, sizeof buf);
    if (n >= 4)
        return (uint16_t)(buf[2] | (buf[3] << 8));
    return LANGID_EN_US;
}

static void read_serial(libusb_device_handle *h, uint8_t index, char *out, size_t size)
{
    uint8_t buf[STRING_DESC_MAX];
    out[0] = '\0';
    if (index == 0)
        return;
    int n = libusb_get_string_descriptor(h, index, first_langid(h), buf, sizeof buf);
    if (n > 0)
        usb_serial_decode(buf, (size_t)n, out, size);
}

static void describe(struct usb_dev_info *d, libusb_device *dev,
                     const struct libusb_device_descriptor *desc)
{
    d->bus = libusb_get_bus_number(dev);
    d->address = libusb_get_device_address(dev);
    libusb_device_handle *h = NULL;
    int rc = libusb_open(dev, &h);
    if (rc < 0) {
        d->status = usb_map_error(rc);
        snprintf(d->detail, sizeof d->detail,
                 "%s on bus %03u device %03u: cannot open it (%s)", d->model->name,
                 d->bus, d->address, usb_error_name(rc));
        return;
    }
    read_serial(h, desc->iSerialNumber, d->serial, sizeof d->serial);
    libusb_close(h);
}

static int compare_devs(const void *a, const void *b)
{
    const struct usb_dev_info *x = a, *y = b;
    if (x->bus != y->bus)
        return x->bus < y->bus ? -1 : 1;
    return x->address < y->address ? -1 : (x->address > y->address);
}

static int lu_list(struct sd_session *s, struct usb_dev_info **list, size_t *count)
{
    libusb_context *ctx = NULL;
    int rc = libusb_init(&ctx);
    if (rc < 0)
        return sd_fail(s, usb_map_error(rc), SD_LOG_USB, "libusb_init: %s", usb_error_name(rc));
    libusb_device **devs = NULL;
    ssize_t n = libusb_get_device_list(ctx, &devs);
    if (n < 0) {
        libusb_exit(ctx);
        return sd_fail(s, usb_map_error((int)n), SD_LOG_USB, "listing USB devices: %s",
                       usb_error_name((int)n));
    }
    struct usb_dev_info *out = calloc((size_t)n + 1, sizeof *out);
    if (!out) {
        libusb_free_device_list(devs, 1);
        libusb_exit(ctx);
        return sd_fail(s, SD_ERR_NO_MEMORY, SD_LOG_USB, "listing USB devices");
    }
    size_t found = 0;
    for (ssize_t i = 0; i < n; i++) {
        struct libusb_device_descriptor desc;
        if (libusb_get_device_descriptor(devs[i], &desc) < 0 || desc.idVendor != USB_VID_ST)
            continue;
        const struct usb_probe_model *m = usb_model_find(desc.idProduct);
        if (!m) {
            sd_log(s, SD_LOG_DEBUG, SD_LOG_USB, "ignoring 0483:%04x (not an ST-LINK debug PID)",
                   desc.idProduct);
            continue;
        }
        out[found].model = m;
        describe(&out[found], devs[i], &desc);
        sd_log(s, SD_LOG_DEBUG, SD_LOG_USB, "found %s 0483:%04x on bus %03u device %03u, serial '%s'",
               m->name, m->pid, out[found].bus, out[found].address, out[found].serial);
        found++;
    }
    libusb_free_device_list(devs, 1);
    libusb_exit(ctx);
    qsort(out, found, sizeof *out, compare_devs);
    *list = out;
    *count = found;
    return SD_OK;
}

static int lu_bulk_out(struct usb_transport *t, uint8_t ep, const uint8_t *buf,
                       size_t len, size_t *done, unsigned timeout_ms)
{
    struct libusb_priv *p = t->priv;
    int got = 0;
    int rc = libusb_bulk_transfer(p->handle, ep, (unsigned char *)buf, (int)len, &got, timeout_ms);
    *done = got > 0 ? (size_t)got : 0;
    return rc;
}

static int lu_bulk_in(struct usb_transport *t, uint8_t ep, uint8_t *buf,
                      size_t len, size_t *done, unsigned timeout_ms)
{
    struct libusb_priv *p = t->priv;
    int got = 0;
    int rc = libusb_bulk_transfer(p->handle, ep, buf, (int)len, &got, timeout_ms);
    *done = got > 0 ? (size_t)got : 0;
    return rc;
}

static void lu_close(struct usb_transport *t)
{
    struct libusb_priv *p = t->priv;
    if (p) {
        if (p->handle) {
            libusb_release_interface(p->handle, DEBUG_INTERFACE);
            libusb_close(p->handle);
        }
        if (p->ctx)
            libusb_exit(p->ctx);
        free(p);
    }
    free(t);
}

static const struct usb_transport_ops libusb_transport_ops = {
    .bulk_out = lu_bulk_out,
    .bulk_in = lu_bulk_in,
    .close = lu_close,
};

static libusb_device *find_again(libusb_context *ctx, libusb_device ***devs,
                                 const struct usb_dev_info *want)
{
    ssize_t n = libusb_get_device_list(ctx, devs);
    for (ssize_t i = 0; i < n; i++)
        if (libusb_get_bus_number((*devs)[i]) == want->bus &&
            libusb_get_device_address((*devs)[i]) == want->address)
            return (*devs)[i];
    return NULL;
}

/* Detach a kernel driver, select configuration 1, claim interface 0
 * (reference §1.2, stlink-org stlink_open_usb). */
static int claim(struct sd_session *s, libusb_device_handle *h, const struct usb_dev_info *d)
{
    if (libusb_kernel_driver_active(h, DEBUG_INTERFACE) == 1)
        libusb_detach_kernel_driver(h, DEBUG_INTERFACE);
    int config = 0;
    if (libusb_get_configuration(h, &config) == 0 && config != DEBUG_CONFIGURATION) {
        int rc = libusb_set_configuration(h, DEBUG_CONFIGURATION);
        if (rc < 0)
            return sd_fail(s, usb_map_error(rc), SD_LOG_USB,
                           "%s on bus %03u device %03u: set configuration %d: %s",
                           d->model->name, d->bus, d->address, DEBUG_CONFIGURATION,
                           usb_error_name(rc));
    }
    int rc = libusb_claim_interface(h, DEBUG_INTERFACE);
    if (rc < 0)
        return sd_fail(s, usb_map_error(rc), SD_LOG_USB,
                       "%s %s on bus %03u device %03u: claim interface %d: %s%s",
                       d->model->name, d->serial, d->bus, d->address, DEBUG_INTERFACE,
                       usb_error_name(rc),
                       rc == LIBUSB_ERROR_BUSY ? " (another program has it open)" : "");
    return SD_OK;
}

/* A reply left unread by a program that died mid-command would be taken
 * for the answer to our first command; pyOCD drains the IN endpoint at
 * open for that reason (reference §1.3, `_flush_rx`). */
static void drain_stale_replies(struct sd_session *s, libusb_device_handle *h, uint8_t ep)
{
    uint8_t buf[PACKET_BUF];
    for (int i = 0; i < DRAIN_MAX_READS; i++) {
        int got = 0;
        if (libusb_bulk_transfer(h, ep, buf, sizeof buf, &got, DRAIN_TIMEOUT_MS) < 0 || got <= 0)
            return;
        sd_log(s, SD_LOG_DEBUG, SD_LOG_USB, "dropped %d stale bytes from endpoint 0x%02x", got, ep);
    }
}

static int lu_open(struct sd_session *s, const struct usb_dev_info *d, struct usb_transport **out)
{
    struct usb_transport *t = calloc(1, sizeof *t);
    struct libusb_priv *p = calloc(1, sizeof *p);
    if (!t || !p) {
        free(t);
        free(p);
        return sd_fail(s, SD_ERR_NO_MEMORY, SD_LOG_USB, "opening %s", d->model->name);
    }
    t->ops = &libusb_transport_ops;
    t->model = d->model;
    t->session = s;
    t->info = *d;
    t->priv = p;

    int rc = libusb_init(&p->ctx);
    if (rc < 0) {
        lu_close(t);
        return sd_fail(s, usb_map_error(rc), SD_LOG_USB, "libusb_init: %s", usb_error_name(rc));
    }
    libusb_device **devs = NULL;
    libusb_device *dev = find_again(p->ctx, &devs, d);
    rc = dev ? libusb_open(dev, &p->handle) : LIBUSB_ERROR_NO_DEVICE;
    if (devs)
        libusb_free_device_list(devs, 1);
    if (rc < 0) {
        lu_close(t);
        return sd_fail(s, usb_map_error(rc), SD_LOG_USB, "%s on bus %03u device %03u: open: %s",
                       d->model->name, d->bus, d->address, usb_error_name(rc));
    }
    int err = claim(s, p->handle, d);
    if (err != SD_OK) {
        libusb_close(p->handle);
        p->handle = NULL;
        lu_close(t);
        return err;
    }
    drain_stale_replies(s, p->handle, d->model->ep_in);
    sd_log(s, SD_LOG_INFO, SD_LOG_USB, "opened %s %s (bus %03u device %03u)", d->model->name,
           d->serial, d->bus, d->address);
    *out = t;
    return SD_OK;
}

const struct usb_backend_ops usb_libusb_backend = {
    .list = lu_list,
    .open = lu_open,
};
