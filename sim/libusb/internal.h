/* Internals of the drop-in libusb-1.0 (sim/libusb/): the objects behind
 * libusb's opaque handles, and the guard that keeps host callbacks and
 * the bench's own code apart.
 *
 * Only functions marked SIM_API leave the shared library (hidden
 * visibility elsewhere, and a version script as a second fence). */
#ifndef SIM_LIBUSB_INTERNAL_H
#define SIM_LIBUSB_INTERNAL_H

#include <libusb.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bench/world.h"
#include "clock.h"

#define SIM_API __attribute__((visibility("default")))

/* Where the virtual probes sit: bus 1, one root port each, addresses from
 * 2 (1 is the root hub on Linux). */
#define SIMUSB_BUS        1
#define SIMUSB_FIRST_ADDR 2

struct libusb_context {
    int refs;
    int log_level;
};

struct libusb_device {
    unsigned refs;
    size_t index;          /* into the world's probes */
};

struct libusb_device_handle {
    struct libusb_device *dev;
    uint32_t claimed;      /* bitmask of claimed interfaces */
    int configuration;
    bool auto_detach;
};

/* ---- lock and the bench guard (core.c) ---- */

/* One recursive lock around every API call and every virtual-time use. */
void simusb_lock(void);
void simusb_unlock(void);
/* While the bench's own code runs (probe, board, CPU, world creation),
 * time functions called from inside it (Unicorn, jansson) must see the
 * real clock, not advance the virtual one: begin/end mark that span. */
void simusb_sim_begin(void);
void simusb_sim_end(void);
bool simusb_in_sim(void);

/* The world, created on first use (NULL: bench inactive or broken). */
struct sim_world *simusb_world(void);
/* The device objects (one per probe), NULL if absent or unplugged. */
struct libusb_device *simusb_device(size_t index);
struct sim_world_probe *simusb_probe_of(struct libusb_device *dev);
/* The probe behind a handle; NULL when it is gone (unplugged). */
struct sim_world_probe *simusb_handle_probe(libusb_device_handle *h);

/* Let virtual time pass (sleeps, timeouts), under the guard. */
void simusb_advance(sim_ns ns);

/* ---- transfers (transfer.c) ---- */
/* Synchronous control request on the default pipe: returns bytes or a
 * negative libusb error. */
int simusb_control(libusb_device_handle *h, uint8_t bmRequestType,
                   uint8_t bRequest, uint16_t wValue, uint16_t wIndex,
                   unsigned char *data, uint16_t wLength);

#endif
