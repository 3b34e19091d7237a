/* A transport that replays a scripted transcript instead of talking to a
 * device, as libusb's own tests do.  For unit tests of the layers above
 * (stlink, arm): the script says what the host must send and what the
 * "probe" answers; the first divergence is recorded and every later
 * transfer fails with LIBUSB_ERROR_OTHER. */
#ifndef SD_USB_REPLAY_H
#define SD_USB_REPLAY_H

#include "usb/usb.h"

enum usb_replay_kind {
    USB_REPLAY_END = 0,   /* end of script */
    USB_REPLAY_OUT,       /* host sends: `hex` is the expected prefix; the rest must be zero */
    USB_REPLAY_IN,        /* probe answers `hex` (or `len` zero bytes when hex is NULL) */
};

struct usb_replay_step {
    enum usb_replay_kind kind;
    const char *hex;      /* "F2 3E", spaces ignored; NULL: any content */
    size_t len;           /* expected (OUT) / sent (IN) length; 0: length of hex */
    int error;            /* LIBUSB_ERROR_* this transfer fails with instead */
};

/* Script helpers. */
#define USB_CMD(h) { .kind = USB_REPLAY_OUT, .hex = (h), .len = 16 }
#define USB_DATA_OUT(n) { .kind = USB_REPLAY_OUT, .len = (n) }
#define USB_REPLY(h) { .kind = USB_REPLAY_IN, .hex = (h) }
#define USB_REPLY_ZEROS(n) { .kind = USB_REPLAY_IN, .len = (n) }
#define USB_OUT_ERROR(e) { .kind = USB_REPLAY_OUT, .error = (e) }
#define USB_IN_ERROR(e) { .kind = USB_REPLAY_IN, .error = (e) }
#define USB_END { .kind = USB_REPLAY_END }

/* A transport on `model` (PID looked up in the probe table) that plays
 * `script` (kept by reference, must outlive the transport). */
int usb_replay_open(struct sd_session *s, uint16_t pid, const struct usb_replay_step *script,
                    struct usb_transport **out);
/* NULL when every step was played and nothing diverged, else what went wrong. */
const char *usb_replay_problem(const struct usb_transport *t);
/* Steps played so far; sleeps requested (sum of ms, and count). */
size_t usb_replay_position(const struct usb_transport *t);
unsigned usb_replay_slept_ms(const struct usb_transport *t);
unsigned usb_replay_sleeps(const struct usb_transport *t);
/* What the replay saw, copied out when the transport is closed (a layer
 * above, e.g. stlink_close(), closes it): problem is "" when every step was
 * played and nothing diverged. */
struct usb_replay_report {
    int closed;
    char problem[256];
    unsigned slept_ms, sleeps;
};
void usb_replay_report_to(struct usb_transport *t, struct usb_replay_report *r);
/* Bytes of the last OUT transfer (data phases too). */
const uint8_t *usb_replay_last_out(const struct usb_transport *t, size_t *len);

#endif
