/* libusb error codes -> enum sd_err, one table. */
#include <libusb.h>

#include <swdoctor/error.h>

#include "usb/usb.h"

struct usb_error_entry {
    int libusb_err;
    const char *name;
    int sd_err;
};

#define E(code, err) { code, #code, err }
static const struct usb_error_entry errors[] = {
    E(LIBUSB_ERROR_IO, SD_ERR_USB),
    E(LIBUSB_ERROR_INVALID_PARAM, SD_ERR_INTERNAL),
    E(LIBUSB_ERROR_ACCESS, SD_ERR_USB_ACCESS),
    E(LIBUSB_ERROR_NO_DEVICE, SD_ERR_USB_DISCONNECTED),
    E(LIBUSB_ERROR_NOT_FOUND, SD_ERR_USB),
    E(LIBUSB_ERROR_BUSY, SD_ERR_USB_BUSY),
    E(LIBUSB_ERROR_TIMEOUT, SD_ERR_USB_TIMEOUT),
    /* The probe sent more than the reply we asked for. */
    E(LIBUSB_ERROR_OVERFLOW, SD_ERR_PROBE_PROTOCOL),
    /* Endpoint stalled: reported for clones (stlink-org/stlink#1012). */
    E(LIBUSB_ERROR_PIPE, SD_ERR_USB),
    E(LIBUSB_ERROR_INTERRUPTED, SD_ERR_USB),
    E(LIBUSB_ERROR_NO_MEM, SD_ERR_NO_MEMORY),
    E(LIBUSB_ERROR_NOT_SUPPORTED, SD_ERR_NOT_SUPPORTED),
    E(LIBUSB_ERROR_OTHER, SD_ERR_USB),
};
#undef E

static const struct usb_error_entry *find(int libusb_err)
{
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
        if (errors[i].libusb_err == libusb_err)
            return &errors[i];
    return NULL;
}

int usb_map_error(int libusb_err)
{
    if (libusb_err >= 0)
        return SD_OK;
    const struct usb_error_entry *e = find(libusb_err);
    return e ? e->sd_err : SD_ERR_USB;
}

const char *usb_error_name(int libusb_err)
{
    if (libusb_err >= 0)
        return "LIBUSB_SUCCESS";
    const struct usb_error_entry *e = find(libusb_err);
    return e ? e->name : "LIBUSB_ERROR_UNKNOWN";
}
