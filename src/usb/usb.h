/* USB transport of the ST-LINK probes: the probe table, enumeration and the
 * bulk transfers the ST-LINK layer speaks through.  Internal to libswdoctor.
 *
 * A transport is an opaque handle with a table of operations (libusb's
 * backend style): the libusb backend (usb_libusb.c) in real use, a replay of
 * a scripted transcript (usb_replay.c) in unit tests.  The ST-LINK layer
 * only ever calls usb_write()/usb_read()/usb_sleep_ms() below, which map
 * libusb error codes to enum sd_err with a detail naming the endpoint. */
#ifndef SD_USB_H
#define SD_USB_H

#include <stddef.h>
#include <stdint.h>

#include <swdoctor/session.h>

/* ST's USB vendor ID (reference §1.1: all sources). */
#define USB_VID_ST 0x0483u

/* Hardware generation; decides endpoint layout and what GET_VERSION's
 * second field means (reference §1.2, §2.2). */
enum usb_probe_gen {
    USB_GEN_V2 = 2,   /* ST-LINK/V2: Y field = SWIM version */
    USB_GEN_V2_1,     /* ST-LINK/V2-1: Y field = mass-storage version */
    USB_GEN_V3,       /* STLINK-V3 (and V3PWR): GET_VERSION_EX */
};

/* One row of the probe table (usb_models.c). */
struct usb_probe_model {
    uint16_t pid;
    const char *name;        /* "ST-LINK/V2-1" */
    enum usb_probe_gen gen;
    uint8_t ep_out;          /* commands and write data */
    uint8_t ep_in;           /* replies and read data */
    uint8_t ep_trace;        /* SWO */
    uint16_t max_packet;     /* bulk wMaxPacketSize: 64 full speed, 512 high speed */
};

/* The row for `pid`, or NULL if it is not an ST-LINK debug PID we drive. */
const struct usb_probe_model *usb_model_find(uint16_t pid);
/* Rows of the table, for tests and `swdoctor list --help`. */
const struct usb_probe_model *usb_model_at(size_t i);

/* A probe found on the bus. */
#define USB_SERIAL_MAX 64
#define USB_DETAIL_MAX 160
struct usb_dev_info {
    char serial[USB_SERIAL_MAX];    /* decoded (reference §1.5); "" if unreadable */
    const struct usb_probe_model *model;
    unsigned bus, address;
    int status;                     /* SD_OK or why it cannot be opened */
    char detail[USB_DETAIL_MAX];    /* sentence for a non-OK status */
};

struct usb_transport;

/* Operations of a transport.  Every function returns 0 or a negative
 * LIBUSB_ERROR_* code (the fake transports replay libusb's own codes, so the
 * mapping in usb_error.c is the same for both). */
struct usb_transport_ops {
    int (*bulk_out)(struct usb_transport *t, uint8_t ep, const uint8_t *buf,
                    size_t len, size_t *done, unsigned timeout_ms);
    int (*bulk_in)(struct usb_transport *t, uint8_t ep, uint8_t *buf,
                   size_t len, size_t *done, unsigned timeout_ms);
    /* NULL: nanosleep.  The replay transport records instead of sleeping. */
    void (*sleep_ms)(struct usb_transport *t, unsigned ms);
    void (*close)(struct usb_transport *t);
};

struct usb_transport {
    const struct usb_transport_ops *ops;
    const struct usb_probe_model *model;
    struct sd_session *session;
    struct usb_dev_info info;
    void *priv;                      /* the backend's state */
};

/* Send all of buf on the probe's OUT endpoint / read exactly len bytes from
 * its IN endpoint.  On failure: sd_fail with SD_LOG_USB and the mapped
 * error, e.g. "usb: bulk IN 0x81 (6 bytes): LIBUSB_ERROR_NO_DEVICE". */
int usb_write(struct usb_transport *t, const uint8_t *buf, size_t len,
              unsigned timeout_ms);
int usb_read(struct usb_transport *t, uint8_t *buf, size_t len,
             unsigned timeout_ms);
void usb_sleep_ms(struct usb_transport *t, unsigned ms);
void usb_close(struct usb_transport *t);

/* libusb error code -> enum sd_err (usb_error.c). */
int usb_map_error(int libusb_err);
/* "LIBUSB_ERROR_NO_DEVICE"; works without libusb initialised. */
const char *usb_error_name(int libusb_err);

/* Decode a raw serial-number string descriptor (bLength, bDescriptorType,
 * UTF-16LE) into printable text: 24 ASCII characters as they are, 12 raw
 * bytes hex-encoded upper case (reference §1.5).  Returns the length. */
size_t usb_serial_decode(const uint8_t *desc, size_t len, char *out, size_t out_size);

/* Enumeration and opening, per backend (libusb by default). */
struct usb_backend_ops {
    /* All ST-LINK probes on the bus, including those that cannot be opened
     * (status set); *list is freed with free(). */
    int (*list)(struct sd_session *s, struct usb_dev_info **list, size_t *count);
    /* Open and claim one probe found by list(). */
    int (*open)(struct sd_session *s, const struct usb_dev_info *dev,
                struct usb_transport **out);
};

/* The backend sd_probe_* use; NULL restores libusb.  For tests. */
void usb_backend_set(const struct usb_backend_ops *ops);
const struct usb_backend_ops *usb_backend(void);
extern const struct usb_backend_ops usb_libusb_backend;

#endif
