/* A simulated ST-LINK: its USB identity and its firmware.
 *
 * sim/libusb shows probes to the host program and moves bulk transfers in
 * and out of them; everything an ST-LINK does with those bytes (modes,
 * commands, replies, firmware gates, quirks) happens here, reaching the
 * target only through the board's wires (board/board.h). */
#ifndef SIM_PROBE_H
#define SIM_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "board/board.h"
#include "clock.h"

enum sim_probe_model { SIM_PROBE_V2, SIM_PROBE_V2_1, SIM_PROBE_V3 };

struct sim_probe_config {
    enum sim_probe_model model;
    char firmware[16];       /* "V2J37S7", "V2J40M27", "V3J7M3" */
    char serial[64];         /* 24 hex digits (a genuine V2 reports it raw) */
    bool clone;              /* behaves like the clones in reference §8 */
};

/* Result of a bulk transfer, mapped 1:1 by sim/libusb to libusb codes. */
enum sim_usb_result {
    SIM_USB_OK = 0,
    SIM_USB_TIMEOUT = -7,    /* nothing to read (LIBUSB_ERROR_TIMEOUT) */
    SIM_USB_PIPE = -9,       /* endpoint stalled (LIBUSB_ERROR_PIPE) */
    SIM_USB_OVERFLOW = -8,   /* more data than the host asked for */
    SIM_USB_NO_DEVICE = -4,
};

struct sim_probe;

struct sim_probe *sim_probe_create(const struct sim_probe_config *cfg,
                                   struct sim_board *board);
void sim_probe_destroy(struct sim_probe *p);

/* USB identity: VID 0x0483, the model's PID, descriptors as the real probe
 * sends them (device, configuration with interfaces and endpoints, and
 * string descriptors with the serial in the model's form). */
uint16_t sim_probe_vid(const struct sim_probe *p);
uint16_t sim_probe_pid(const struct sim_probe *p);
enum sim_usb_speed sim_probe_speed(const struct sim_probe *p);
/* Raw descriptor bytes; return length or -1.  index for strings: 0 is the
 * LANGID table. */
int sim_probe_device_descriptor(const struct sim_probe *p, uint8_t *buf, size_t len);
int sim_probe_config_descriptor(const struct sim_probe *p, uint8_t *buf, size_t len);
int sim_probe_string_descriptor(const struct sim_probe *p, uint8_t index,
                                uint16_t langid, uint8_t *buf, size_t len);

/* Bulk OUT: the host sends `len` bytes to endpoint `ep` (0x01 or 0x02).
 * Bulk IN: the host asks for up to `len` bytes from `ep` (0x81, or the
 * trace endpoint); *actual gets what the probe had queued.  Both advance
 * virtual time by the USB and firmware costs (clock.h). */
enum sim_usb_result sim_probe_bulk_out(struct sim_probe *p, uint8_t ep,
                                       const uint8_t *data, size_t len);
enum sim_usb_result sim_probe_bulk_in(struct sim_probe *p, uint8_t ep,
                                      uint8_t *buf, size_t len, size_t *actual);

/* USB bus reset from the host (libusb_reset_device). */
void sim_probe_usb_reset(struct sim_probe *p);

#endif
