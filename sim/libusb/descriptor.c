/* Drop-in libusb-1.0: descriptors (libusb.h "USB descriptors").  The raw
 * bytes come from the probe (sim_probe_*_descriptor), as a real device
 * sends them; here they are parsed into libusb's structures. */
#include "libusb/internal.h"

#include <stdlib.h>
#include <string.h>

/* USB 2.0 §9.6: descriptor lengths and the offsets we read. */
#define DEV_DESC_LEN   18
#define CONF_DESC_LEN  9
#define IF_DESC_LEN    9
#define EP_DESC_LEN    7
#define MAX_CONF_LEN   1024

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

SIM_API int libusb_get_device_descriptor(libusb_device *dev,
                                         struct libusb_device_descriptor *d)
{
    if (!dev || !d)
        return LIBUSB_ERROR_INVALID_PARAM;
    simusb_lock();
    struct sim_world_probe *wp = simusb_probe_of(dev);
    uint8_t b[DEV_DESC_LEN];
    int n = wp ? sim_probe_device_descriptor(wp->probe, b, sizeof b) : -1;
    simusb_unlock();
    if (n < DEV_DESC_LEN)
        return wp ? LIBUSB_ERROR_IO : LIBUSB_ERROR_NO_DEVICE;
    /* USB 2.0 Table 9-8 */
    d->bLength = b[0];
    d->bDescriptorType = b[1];
    d->bcdUSB = le16(b + 2);
    d->bDeviceClass = b[4];
    d->bDeviceSubClass = b[5];
    d->bDeviceProtocol = b[6];
    d->bMaxPacketSize0 = b[7];
    d->idVendor = le16(b + 8);
    d->idProduct = le16(b + 10);
    d->bcdDevice = le16(b + 12);
    d->iManufacturer = b[14];
    d->iProduct = b[15];
    d->iSerialNumber = b[16];
    d->bNumConfigurations = b[17];
    return LIBUSB_SUCCESS;
}

/* Copy bytes of class-specific descriptors into an `extra` buffer. */
static int add_extra(const unsigned char **extra, int *extra_len,
                     const uint8_t *p, size_t len)
{
    unsigned char *n = realloc((void *)*extra, (size_t)*extra_len + len);
    if (!n)
        return -1;
    memcpy(n + *extra_len, p, len);
    *extra = n;
    *extra_len += (int)len;
    return 0;
}

static void free_config(struct libusb_config_descriptor *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->bNumInterfaces && c->interface; i++) {
        const struct libusb_interface *itf = &c->interface[i];
        for (int a = 0; a < itf->num_altsetting; a++) {
            const struct libusb_interface_descriptor *alt = &itf->altsetting[a];
            for (int e = 0; e < alt->bNumEndpoints; e++)
                free((void *)alt->endpoint[e].extra);
            free((void *)alt->endpoint);
            free((void *)alt->extra);
        }
        free((void *)itf->altsetting);
    }
    free((void *)c->interface);
    free((void *)c->extra);
    free(c);
}

/* Parse a whole configuration (USB 2.0 §9.6.3-9.6.6: configuration, then
 * for each interface setting its descriptor followed by its endpoints;
 * anything else is "extra" of the descriptor before it). */
static int parse_config(const uint8_t *b, size_t len,
                        struct libusb_config_descriptor **out)
{
    if (len < CONF_DESC_LEN || b[1] != LIBUSB_DT_CONFIG)
        return LIBUSB_ERROR_IO;
    struct libusb_config_descriptor *c = calloc(1, sizeof *c);
    if (!c)
        return LIBUSB_ERROR_NO_MEM;
    c->bLength = b[0];
    c->bDescriptorType = b[1];
    c->wTotalLength = le16(b + 2);
    c->bConfigurationValue = b[5];
    c->iConfiguration = b[6];
    c->bmAttributes = b[7];
    c->MaxPower = b[8];
    uint8_t n_if = b[4];
    struct libusb_interface *ifs = calloc(n_if ? n_if : 1, sizeof *ifs);
    if (!ifs)
        goto nomem;
    c->interface = ifs;
    c->bNumInterfaces = n_if;

    struct libusb_interface_descriptor *alt = NULL;
    struct libusb_endpoint_descriptor *ep = NULL;
    size_t total = c->wTotalLength < len ? c->wTotalLength : len;
    for (size_t off = b[0]; off + 2 <= total;) {
        const uint8_t *d = b + off;
        if (d[0] < 2 || off + d[0] > total)
            break; /* malformed tail: keep what parsed */
        if (d[1] == LIBUSB_DT_INTERFACE && d[0] >= IF_DESC_LEN && d[2] < n_if) {
            struct libusb_interface *itf = &ifs[d[2]];
            struct libusb_interface_descriptor *alts =
                realloc((void *)itf->altsetting,
                        (size_t)(itf->num_altsetting + 1) * sizeof *alts);
            if (!alts)
                goto nomem;
            itf->altsetting = alts;
            alt = &alts[itf->num_altsetting++];
            memset(alt, 0, sizeof *alt);
            alt->bLength = d[0];
            alt->bDescriptorType = d[1];
            alt->bInterfaceNumber = d[2];
            alt->bAlternateSetting = d[3];
            alt->bInterfaceClass = d[5];
            alt->bInterfaceSubClass = d[6];
            alt->bInterfaceProtocol = d[7];
            alt->iInterface = d[8];
            /* bNumEndpoints counts what we actually parse below */
            ep = NULL;
        } else if (d[1] == LIBUSB_DT_ENDPOINT && d[0] >= EP_DESC_LEN && alt) {
            struct libusb_endpoint_descriptor *eps =
                realloc((void *)alt->endpoint,
                        (size_t)(alt->bNumEndpoints + 1) * sizeof *eps);
            if (!eps)
                goto nomem;
            alt->endpoint = eps;
            ep = &eps[alt->bNumEndpoints++];
            memset(ep, 0, sizeof *ep);
            ep->bLength = d[0];
            ep->bDescriptorType = d[1];
            ep->bEndpointAddress = d[2];
            ep->bmAttributes = d[3];
            ep->wMaxPacketSize = le16(d + 4);
            ep->bInterval = d[6];
            if (d[0] >= 9) { /* audio endpoints */
                ep->bRefresh = d[7];
                ep->bSynchAddress = d[8];
            }
        } else {
            int rc = 0;
            if (ep)
                rc = add_extra(&ep->extra, &ep->extra_length, d, d[0]);
            else if (alt)
                rc = add_extra(&alt->extra, &alt->extra_length, d, d[0]);
            else
                rc = add_extra(&c->extra, &c->extra_length, d, d[0]);
            if (rc)
                goto nomem;
        }
        off += d[0];
    }
    *out = c;
    return LIBUSB_SUCCESS;
nomem:
    free_config(c);
    return LIBUSB_ERROR_NO_MEM;
}

SIM_API int libusb_get_config_descriptor(libusb_device *dev, uint8_t config_index,
                                         struct libusb_config_descriptor **config)
{
    if (!dev || !config)
        return LIBUSB_ERROR_INVALID_PARAM;
    if (config_index != 0)
        return LIBUSB_ERROR_NOT_FOUND;
    simusb_lock();
    struct sim_world_probe *wp = simusb_probe_of(dev);
    uint8_t buf[MAX_CONF_LEN];
    int n = wp ? sim_probe_config_descriptor(wp->probe, buf, sizeof buf) : -1;
    simusb_unlock();
    if (!wp)
        return LIBUSB_ERROR_NO_DEVICE;
    if (n < 0)
        return LIBUSB_ERROR_IO;
    return parse_config(buf, (size_t)n, config);
}

SIM_API int libusb_get_active_config_descriptor(libusb_device *dev,
                                                struct libusb_config_descriptor **config)
{
    return libusb_get_config_descriptor(dev, 0, config);
}

SIM_API int libusb_get_config_descriptor_by_value(libusb_device *dev,
    uint8_t bConfigurationValue, struct libusb_config_descriptor **config)
{
    struct libusb_config_descriptor *c;
    int rc = libusb_get_config_descriptor(dev, 0, &c);
    if (rc)
        return rc;
    if (c->bConfigurationValue != bConfigurationValue) {
        free_config(c);
        return LIBUSB_ERROR_NOT_FOUND;
    }
    *config = c;
    return LIBUSB_SUCCESS;
}

SIM_API void libusb_free_config_descriptor(struct libusb_config_descriptor *config)
{
    free_config(config);
}

static const struct libusb_endpoint_descriptor *
find_endpoint(const struct libusb_config_descriptor *c, unsigned char endpoint)
{
    for (int i = 0; i < c->bNumInterfaces; i++)
        for (int a = 0; a < c->interface[i].num_altsetting; a++) {
            const struct libusb_interface_descriptor *alt =
                &c->interface[i].altsetting[a];
            for (int e = 0; e < alt->bNumEndpoints; e++)
                if (alt->endpoint[e].bEndpointAddress == endpoint)
                    return &alt->endpoint[e];
        }
    return NULL;
}

SIM_API int libusb_get_max_packet_size(libusb_device *dev, unsigned char endpoint)
{
    struct libusb_config_descriptor *c;
    int rc = libusb_get_active_config_descriptor(dev, &c);
    if (rc)
        return rc;
    const struct libusb_endpoint_descriptor *ep = find_endpoint(c, endpoint);
    rc = ep ? (ep->wMaxPacketSize & 0x7FF) : LIBUSB_ERROR_NOT_FOUND;
    free_config(c);
    return rc;
}

SIM_API int libusb_get_max_iso_packet_size(libusb_device *dev, unsigned char endpoint)
{
    /* No isochronous endpoints: the packet size is all there is. */
    return libusb_get_max_packet_size(dev, endpoint);
}

SIM_API int libusb_get_string_descriptor_ascii(libusb_device_handle *h,
    uint8_t desc_index, unsigned char *data, int length)
{
    if (!h || !data || length <= 0)
        return LIBUSB_ERROR_INVALID_PARAM;
    if (desc_index == 0) /* index 0 is the LANGID table, not a string */
        return LIBUSB_ERROR_INVALID_PARAM;
    unsigned char tbuf[255];
    /* As libusb does: first the LANGID table, then the string in the
     * first language (USB 2.0 §9.6.7). */
    int r = simusb_control(h, LIBUSB_ENDPOINT_IN, LIBUSB_REQUEST_GET_DESCRIPTOR,
                           LIBUSB_DT_STRING << 8, 0, tbuf, sizeof tbuf);
    if (r < 0)
        return r;
    if (r < 4)
        return LIBUSB_ERROR_IO;
    uint16_t langid = le16(tbuf + 2);
    r = simusb_control(h, LIBUSB_ENDPOINT_IN, LIBUSB_REQUEST_GET_DESCRIPTOR,
                       (uint16_t)(LIBUSB_DT_STRING << 8 | desc_index), langid,
                       tbuf, sizeof tbuf);
    if (r < 0)
        return r;
    if (tbuf[1] != LIBUSB_DT_STRING || tbuf[0] > r)
        return LIBUSB_ERROR_IO;
    int di = 0;
    for (int si = 2; si + 1 < tbuf[0] && di < length - 1; si += 2) {
        /* libusb replaces anything outside ASCII by '?' */
        if (tbuf[si + 1] || tbuf[si] & 0x80)
            data[di++] = '?';
        else
            data[di++] = tbuf[si];
    }
    data[di] = 0;
    return di;
}

/* ---- USB 3 / BOS descriptors: an ST-LINK has none ---- */

SIM_API int libusb_get_bos_descriptor(libusb_device_handle *h,
                                      struct libusb_bos_descriptor **bos)
{
    (void)h;
    (void)bos;
    return LIBUSB_ERROR_PIPE; /* the device stalls GET_DESCRIPTOR(BOS) */
}

SIM_API void libusb_free_bos_descriptor(struct libusb_bos_descriptor *bos)
{
    (void)bos;
}

SIM_API int libusb_get_ss_endpoint_companion_descriptor(libusb_context *ctx,
    const struct libusb_endpoint_descriptor *endpoint,
    struct libusb_ss_endpoint_companion_descriptor **ep_comp)
{
    (void)ctx; (void)endpoint; (void)ep_comp;
    return LIBUSB_ERROR_NOT_FOUND;
}

SIM_API void libusb_free_ss_endpoint_companion_descriptor(
    struct libusb_ss_endpoint_companion_descriptor *ep_comp)
{
    (void)ep_comp;
}

SIM_API int libusb_get_usb_2_0_extension_descriptor(libusb_context *ctx,
    struct libusb_bos_dev_capability_descriptor *dev_cap,
    struct libusb_usb_2_0_extension_descriptor **ext)
{
    (void)ctx; (void)dev_cap; (void)ext;
    return LIBUSB_ERROR_NOT_SUPPORTED;
}

SIM_API void libusb_free_usb_2_0_extension_descriptor(
    struct libusb_usb_2_0_extension_descriptor *ext)
{
    (void)ext;
}

SIM_API int libusb_get_ss_usb_device_capability_descriptor(libusb_context *ctx,
    struct libusb_bos_dev_capability_descriptor *dev_cap,
    struct libusb_ss_usb_device_capability_descriptor **cap)
{
    (void)ctx; (void)dev_cap; (void)cap;
    return LIBUSB_ERROR_NOT_SUPPORTED;
}

SIM_API void libusb_free_ss_usb_device_capability_descriptor(
    struct libusb_ss_usb_device_capability_descriptor *cap)
{
    (void)cap;
}

SIM_API int libusb_get_container_id_descriptor(libusb_context *ctx,
    struct libusb_bos_dev_capability_descriptor *dev_cap,
    struct libusb_container_id_descriptor **container_id)
{
    (void)ctx; (void)dev_cap; (void)container_id;
    return LIBUSB_ERROR_NOT_SUPPORTED;
}

SIM_API void libusb_free_container_id_descriptor(
    struct libusb_container_id_descriptor *container_id)
{
    (void)container_id;
}
