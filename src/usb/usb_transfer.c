/* Bulk transfers through a transport's operations, with libusb errors
 * mapped to enum sd_err and a detail that names the endpoint. */
#include <time.h>

#include <libusb.h>

#include "common/session_internal.h"
#include "usb/usb.h"

#define MS_PER_S 1000u
#define NS_PER_MS 1000000L

static const struct usb_backend_ops *current_backend;

void usb_backend_set(const struct usb_backend_ops *ops)
{
    current_backend = ops;
}

const struct usb_backend_ops *usb_backend(void)
{
    return current_backend ? current_backend : &usb_libusb_backend;
}

static int fail_transfer(struct usb_transport *t, int rc, const char *dir,
                         uint8_t ep, size_t len, size_t done)
{
    return sd_fail(t->session, usb_map_error(rc), SD_LOG_USB,
                   "bulk %s 0x%02x (%zu bytes, %zu done): %s", dir, ep, len, done,
                   usb_error_name(rc));
}

int usb_write(struct usb_transport *t, const uint8_t *buf, size_t len,
              unsigned timeout_ms)
{
    size_t done = 0;
    int rc = t->ops->bulk_out(t, t->model->ep_out, buf, len, &done, timeout_ms);
    if (rc < 0)
        return fail_transfer(t, rc, "OUT", t->model->ep_out, len, done);
    if (done != len)
        return sd_fail(t->session, SD_ERR_USB, SD_LOG_USB,
                       "bulk OUT 0x%02x: %zu of %zu bytes sent", t->model->ep_out, done, len);
    return SD_OK;
}

int usb_read(struct usb_transport *t, uint8_t *buf, size_t len, unsigned timeout_ms)
{
    size_t done = 0;
    int rc = t->ops->bulk_in(t, t->model->ep_in, buf, len, &done, timeout_ms);
    if (rc < 0)
        return fail_transfer(t, rc, "IN", t->model->ep_in, len, done);
    if (done != len)
        return sd_fail(t->session, SD_ERR_PROBE_PROTOCOL, SD_LOG_USB,
                       "bulk IN 0x%02x: reply of %zu bytes, expected %zu",
                       t->model->ep_in, done, len);
    return SD_OK;
}

void usb_sleep_ms(struct usb_transport *t, unsigned ms)
{
    if (t->ops->sleep_ms) {
        t->ops->sleep_ms(t, ms);
        return;
    }
    struct timespec ts = { .tv_sec = ms / MS_PER_S,
                           .tv_nsec = (long)(ms % MS_PER_S) * NS_PER_MS };
    nanosleep(&ts, NULL);
}

void usb_close(struct usb_transport *t)
{
    if (t && t->ops->close)
        t->ops->close(t);
}
