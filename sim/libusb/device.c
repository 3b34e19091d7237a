/* Drop-in libusb-1.0: device enumeration, handles, interfaces (libusb.h
 * "Device handling and enumeration").  One libusb_device per probe of the
 * world; they live as long as the process (a host that keeps a device
 * after unref'ing it never touches freed memory). */
#include "libusb/internal.h"

#include <stdlib.h>
#include <string.h>

static struct libusb_device devices[SIM_SCENARIO_MAX_PROBES];

struct sim_world_probe *simusb_probe_of(struct libusb_device *dev)
{
    struct sim_world *w = simusb_world();
    if (!w || !dev || dev->index >= w->n)
        return NULL;
    return &w->p[dev->index];
}

struct libusb_device *simusb_device(size_t index)
{
    struct sim_world *w = simusb_world();
    if (!w || index >= w->n || w->p[index].unplugged)
        return NULL;
    devices[index].index = index;
    return &devices[index];
}

struct sim_world_probe *simusb_handle_probe(libusb_device_handle *h)
{
    if (!h)
        return NULL;
    struct sim_world_probe *wp = simusb_probe_of(h->dev);
    return wp && !wp->unplugged ? wp : NULL;
}

SIM_API ssize_t libusb_get_device_list(libusb_context *ctx, libusb_device ***list)
{
    (void)ctx;
    if (!list)
        return LIBUSB_ERROR_INVALID_PARAM;
    simusb_lock();
    struct sim_world *w = simusb_world();
    size_t n = w ? w->n : 0;
    libusb_device **l = calloc(n + 1, sizeof *l);
    if (!l) {
        simusb_unlock();
        return LIBUSB_ERROR_NO_MEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        struct libusb_device *d = simusb_device(i);
        if (d) {
            d->refs++;
            l[k++] = d;
        }
    }
    *list = l;
    simusb_unlock();
    return (ssize_t)k;
}

SIM_API void libusb_free_device_list(libusb_device **list, int unref_devices)
{
    if (!list)
        return;
    if (unref_devices)
        for (libusb_device **d = list; *d; d++)
            libusb_unref_device(*d);
    free(list);
}

SIM_API libusb_device *libusb_ref_device(libusb_device *dev)
{
    if (dev)
        dev->refs++;
    return dev;
}

SIM_API void libusb_unref_device(libusb_device *dev)
{
    if (dev && dev->refs > 0)
        dev->refs--;
}

SIM_API uint8_t libusb_get_bus_number(libusb_device *dev)
{
    (void)dev;
    return SIMUSB_BUS;
}

SIM_API uint8_t libusb_get_device_address(libusb_device *dev)
{
    return dev ? (uint8_t)(SIMUSB_FIRST_ADDR + dev->index) : 0;
}

SIM_API uint8_t libusb_get_port_number(libusb_device *dev)
{
    return dev ? (uint8_t)(1 + dev->index) : 0;
}

SIM_API int libusb_get_port_numbers(libusb_device *dev, uint8_t *ports, int len)
{
    if (!dev || !ports || len < 1)
        return LIBUSB_ERROR_OVERFLOW;
    ports[0] = libusb_get_port_number(dev);
    return 1;
}

SIM_API int libusb_get_port_path(libusb_context *ctx, libusb_device *dev,
                                 uint8_t *path, uint8_t path_length)
{
    (void)ctx;
    return libusb_get_port_numbers(dev, path, path_length);
}

SIM_API libusb_device *libusb_get_parent(libusb_device *dev)
{
    (void)dev;
    return NULL; /* the root hub is not modelled */
}

SIM_API int libusb_get_device_speed(libusb_device *dev)
{
    struct sim_world_probe *wp = simusb_probe_of(dev);
    if (!wp)
        return LIBUSB_SPEED_UNKNOWN;
    return sim_probe_speed(wp->probe) == SIM_USB_HIGH_SPEED ? LIBUSB_SPEED_HIGH
                                                            : LIBUSB_SPEED_FULL;
}

/* ---- handles ---- */

SIM_API int libusb_open(libusb_device *dev, libusb_device_handle **handle)
{
    if (!dev || !handle)
        return LIBUSB_ERROR_INVALID_PARAM;
    simusb_lock();
    struct sim_world_probe *wp = simusb_probe_of(dev);
    int rc = LIBUSB_SUCCESS;
    if (!wp || wp->unplugged)
        rc = LIBUSB_ERROR_NO_DEVICE;
    else if (wp->cfg.usb_access == SIM_USB_ACCESS_DENIED)
        rc = LIBUSB_ERROR_ACCESS; /* no udev rule: /dev/bus/usb node is root's */
    if (rc == LIBUSB_SUCCESS) {
        struct libusb_device_handle *h = calloc(1, sizeof *h);
        if (!h) {
            rc = LIBUSB_ERROR_NO_MEM;
        } else {
            h->dev = libusb_ref_device(dev);
            h->configuration = 1;
            *handle = h;
        }
    }
    simusb_unlock();
    return rc;
}

SIM_API libusb_device_handle *libusb_open_device_with_vid_pid(libusb_context *ctx,
    uint16_t vendor_id, uint16_t product_id)
{
    libusb_device **list;
    ssize_t n = libusb_get_device_list(ctx, &list);
    libusb_device_handle *h = NULL;
    for (ssize_t i = 0; i < n; i++) {
        struct sim_world_probe *wp = simusb_probe_of(list[i]);
        if (wp && sim_probe_vid(wp->probe) == vendor_id &&
            sim_probe_pid(wp->probe) == product_id) {
            if (libusb_open(list[i], &h) != 0)
                h = NULL;
            break;
        }
    }
    if (n >= 0)
        libusb_free_device_list(list, 1);
    return h;
}

SIM_API void libusb_close(libusb_device_handle *h)
{
    if (!h)
        return;
    simusb_lock();
    libusb_unref_device(h->dev);
    free(h);
    simusb_unlock();
}

SIM_API libusb_device *libusb_get_device(libusb_device_handle *h)
{
    return h ? h->dev : NULL;
}

SIM_API int libusb_wrap_sys_device(libusb_context *ctx, intptr_t sys_dev,
                                   libusb_device_handle **handle)
{
    (void)ctx;
    (void)sys_dev;
    (void)handle;
    return LIBUSB_ERROR_NOT_SUPPORTED;
}

SIM_API int libusb_get_configuration(libusb_device_handle *h, int *config)
{
    if (!h || !config)
        return LIBUSB_ERROR_INVALID_PARAM;
    if (!simusb_handle_probe(h))
        return LIBUSB_ERROR_NO_DEVICE;
    *config = h->configuration;
    return LIBUSB_SUCCESS;
}

SIM_API int libusb_set_configuration(libusb_device_handle *h, int configuration)
{
    if (!h)
        return LIBUSB_ERROR_INVALID_PARAM;
    if (!simusb_handle_probe(h))
        return LIBUSB_ERROR_NO_DEVICE;
    /* ST-LINKs have one configuration, bConfigurationValue 1
     * (stlink-protocol.md §1.2); -1 puts the device unconfigured. */
    if (configuration != 1 && configuration != -1 && configuration != 0)
        return LIBUSB_ERROR_NOT_FOUND;
    if (h->claimed)
        return LIBUSB_ERROR_BUSY;
    h->configuration = configuration == -1 ? 0 : configuration;
    return LIBUSB_SUCCESS;
}

/* Number of interfaces in the probe's configuration descriptor. */
static int interface_count(struct sim_world_probe *wp)
{
    uint8_t buf[9];
    if (sim_probe_config_descriptor(wp->probe, buf, sizeof buf) < 5)
        return 1;
    return buf[4]; /* bNumInterfaces, USB 2.0 Table 9-10 */
}

SIM_API int libusb_claim_interface(libusb_device_handle *h, int iface)
{
    if (!h || iface < 0 || iface > 31)
        return LIBUSB_ERROR_INVALID_PARAM;
    struct sim_world_probe *wp = simusb_handle_probe(h);
    if (!wp)
        return LIBUSB_ERROR_NO_DEVICE;
    if (iface >= interface_count(wp))
        return LIBUSB_ERROR_NOT_FOUND;
    /* Another program (or a kernel driver we may not detach) has it. */
    if (wp->cfg.usb_access == SIM_USB_ACCESS_BUSY)
        return LIBUSB_ERROR_BUSY;
    h->claimed |= 1u << iface;
    return LIBUSB_SUCCESS;
}

SIM_API int libusb_release_interface(libusb_device_handle *h, int iface)
{
    if (!h || iface < 0 || iface > 31)
        return LIBUSB_ERROR_INVALID_PARAM;
    if (!simusb_handle_probe(h))
        return LIBUSB_ERROR_NO_DEVICE;
    if (!(h->claimed & (1u << iface)))
        return LIBUSB_ERROR_NOT_FOUND;
    h->claimed &= ~(1u << iface);
    return LIBUSB_SUCCESS;
}

SIM_API int libusb_set_interface_alt_setting(libusb_device_handle *h, int iface,
                                             int alt)
{
    if (!h)
        return LIBUSB_ERROR_INVALID_PARAM;
    if (!simusb_handle_probe(h))
        return LIBUSB_ERROR_NO_DEVICE;
    if (!(h->claimed & (1u << iface)))
        return LIBUSB_ERROR_NOT_FOUND;
    return alt == 0 ? LIBUSB_SUCCESS : LIBUSB_ERROR_NOT_FOUND;
}

SIM_API int libusb_clear_halt(libusb_device_handle *h, unsigned char endpoint)
{
    (void)endpoint;
    if (!h)
        return LIBUSB_ERROR_INVALID_PARAM;
    return simusb_handle_probe(h) ? LIBUSB_SUCCESS : LIBUSB_ERROR_NO_DEVICE;
}

SIM_API int libusb_reset_device(libusb_device_handle *h)
{
    if (!h)
        return LIBUSB_ERROR_INVALID_PARAM;
    simusb_lock();
    struct sim_world_probe *wp = simusb_handle_probe(h);
    if (wp) {
        simusb_sim_begin();
        sim_probe_usb_reset(wp->probe);
        simusb_sim_end();
    }
    simusb_unlock();
    return wp ? LIBUSB_SUCCESS : LIBUSB_ERROR_NOT_FOUND; /* libusb: re-enumeration failed */
}

/* No kernel driver is ever bound to a virtual probe. */
SIM_API int libusb_kernel_driver_active(libusb_device_handle *h, int iface)
{
    (void)iface;
    if (!h)
        return LIBUSB_ERROR_INVALID_PARAM;
    return simusb_handle_probe(h) ? 0 : LIBUSB_ERROR_NO_DEVICE;
}

SIM_API int libusb_detach_kernel_driver(libusb_device_handle *h, int iface)
{
    (void)iface;
    if (!h)
        return LIBUSB_ERROR_INVALID_PARAM;
    return simusb_handle_probe(h) ? LIBUSB_ERROR_NOT_FOUND : LIBUSB_ERROR_NO_DEVICE;
}

SIM_API int libusb_attach_kernel_driver(libusb_device_handle *h, int iface)
{
    (void)iface;
    if (!h)
        return LIBUSB_ERROR_INVALID_PARAM;
    return simusb_handle_probe(h) ? LIBUSB_ERROR_NOT_FOUND : LIBUSB_ERROR_NO_DEVICE;
}

SIM_API int libusb_set_auto_detach_kernel_driver(libusb_device_handle *h, int enable)
{
    if (!h)
        return LIBUSB_ERROR_INVALID_PARAM;
    h->auto_detach = enable != 0;
    return LIBUSB_SUCCESS;
}

/* ---- not modelled ---- */

SIM_API int libusb_alloc_streams(libusb_device_handle *h, uint32_t num_streams,
                                 unsigned char *endpoints, int num_endpoints)
{
    (void)h; (void)num_streams; (void)endpoints; (void)num_endpoints;
    return LIBUSB_ERROR_NOT_SUPPORTED;
}

SIM_API int libusb_free_streams(libusb_device_handle *h, unsigned char *endpoints,
                                int num_endpoints)
{
    (void)h; (void)endpoints; (void)num_endpoints;
    return LIBUSB_ERROR_NOT_SUPPORTED;
}

SIM_API unsigned char *libusb_dev_mem_alloc(libusb_device_handle *h, size_t length)
{
    (void)h;
    (void)length;
    return NULL;
}

SIM_API int libusb_dev_mem_free(libusb_device_handle *h, unsigned char *buffer,
                                size_t length)
{
    (void)h; (void)buffer; (void)length;
    return LIBUSB_ERROR_NOT_SUPPORTED;
}
