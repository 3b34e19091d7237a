/* Drop-in libusb-1.0: library, contexts, errors, options (libusb.h
 * "Library initialization/deinitialization" and "Miscellaneous"). */
#include "libusb/internal.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t api_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static _Thread_local int sim_depth;

void simusb_lock(void) { pthread_mutex_lock(&api_lock); }
void simusb_unlock(void) { pthread_mutex_unlock(&api_lock); }
void simusb_sim_begin(void) { sim_depth++; }
void simusb_sim_end(void) { sim_depth--; }
bool simusb_in_sim(void) { return sim_depth > 0; }

struct sim_world *simusb_world(void)
{
    simusb_lock();
    simusb_sim_begin();
    struct sim_world *w = sim_world_env();
    simusb_sim_end();
    simusb_unlock();
    return w;
}

void simusb_advance(sim_ns ns)
{
    simusb_lock();
    simusb_sim_begin();
    sim_clock_advance(ns);
    simusb_sim_end();
    simusb_unlock();
}

/* ---- contexts ---- */

static struct libusb_context default_ctx;

SIM_API int libusb_init(libusb_context **ctx)
{
    simusb_lock();
    (void)simusb_world(); /* the world exists from the first init */
    struct libusb_context *c = &default_ctx;
    if (ctx) {
        c = calloc(1, sizeof *c);
        if (!c) {
            simusb_unlock();
            return LIBUSB_ERROR_NO_MEM;
        }
        *ctx = c;
    }
    c->refs++;
    simusb_unlock();
    return LIBUSB_SUCCESS;
}

SIM_API void libusb_exit(libusb_context *ctx)
{
    simusb_lock();
    simusb_sim_begin();
    sim_world_env_write_stats();
    simusb_sim_end();
    if (ctx && ctx != &default_ctx)
        free(ctx);
    else if (default_ctx.refs > 0)
        default_ctx.refs--;
    simusb_unlock();
}

SIM_API void libusb_set_debug(libusb_context *ctx, int level)
{
    (ctx ? ctx : &default_ctx)->log_level = level;
}

SIM_API void libusb_set_log_cb(libusb_context *ctx, libusb_log_cb cb, int mode)
{
    /* The bench logs nothing through libusb: accepting the callback is
     * all a host needs. */
    (void)ctx;
    (void)cb;
    (void)mode;
}

SIM_API int libusb_set_option(libusb_context *ctx, enum libusb_option option, ...)
{
    va_list ap;
    va_start(ap, option);
    int rc = LIBUSB_SUCCESS;
    switch (option) {
    case LIBUSB_OPTION_LOG_LEVEL:
        (ctx ? ctx : &default_ctx)->log_level = va_arg(ap, int);
        break;
    case LIBUSB_OPTION_USE_USBDK:      /* Windows only: a no-op elsewhere */
    case LIBUSB_OPTION_NO_DEVICE_DISCOVERY:
        break;
    default:
        rc = LIBUSB_ERROR_NOT_SUPPORTED;
    }
    va_end(ap);
    return rc;
}

SIM_API int libusb_setlocale(const char *locale)
{
    if (!locale || strncmp(locale, "en", 2) == 0)
        return LIBUSB_SUCCESS;
    return LIBUSB_ERROR_INVALID_PARAM;
}

SIM_API const struct libusb_version *libusb_get_version(void)
{
    /* The API level of the headers we build against (1.0.26). */
    static const struct libusb_version v = {
        .major = 1, .minor = 0, .micro = 26, .nano = 11724,
        .rc = "", .describe = "swdoctor virtual bench (sim/libusb)",
    };
    return &v;
}

SIM_API int libusb_has_capability(uint32_t capability)
{
    switch (capability) {
    case LIBUSB_CAP_HAS_CAPABILITY:
    case LIBUSB_CAP_SUPPORTS_DETACH_KERNEL_DRIVER:
        return 1;
    default:               /* no hotplug, no HID access */
        return 0;
    }
}

/* ---- errors (texts as libusb 1.0.26 gives them) ---- */

static const struct {
    int code;
    const char *name;
    const char *text;
} errors[] = {
    { LIBUSB_SUCCESS, "LIBUSB_SUCCESS", "Success" },
    { LIBUSB_ERROR_IO, "LIBUSB_ERROR_IO", "Input/Output Error" },
    { LIBUSB_ERROR_INVALID_PARAM, "LIBUSB_ERROR_INVALID_PARAM", "Invalid parameter" },
    { LIBUSB_ERROR_ACCESS, "LIBUSB_ERROR_ACCESS", "Access denied (insufficient permissions)" },
    { LIBUSB_ERROR_NO_DEVICE, "LIBUSB_ERROR_NO_DEVICE", "No such device (it may have been disconnected)" },
    { LIBUSB_ERROR_NOT_FOUND, "LIBUSB_ERROR_NOT_FOUND", "Entity not found" },
    { LIBUSB_ERROR_BUSY, "LIBUSB_ERROR_BUSY", "Resource busy" },
    { LIBUSB_ERROR_TIMEOUT, "LIBUSB_ERROR_TIMEOUT", "Operation timed out" },
    { LIBUSB_ERROR_OVERFLOW, "LIBUSB_ERROR_OVERFLOW", "Overflow" },
    { LIBUSB_ERROR_PIPE, "LIBUSB_ERROR_PIPE", "Pipe error" },
    { LIBUSB_ERROR_INTERRUPTED, "LIBUSB_ERROR_INTERRUPTED", "System call interrupted (perhaps due to signal)" },
    { LIBUSB_ERROR_NO_MEM, "LIBUSB_ERROR_NO_MEM", "Insufficient memory" },
    { LIBUSB_ERROR_NOT_SUPPORTED, "LIBUSB_ERROR_NOT_SUPPORTED", "Operation not supported or unimplemented on this platform" },
    { LIBUSB_ERROR_OTHER, "LIBUSB_ERROR_OTHER", "Other error" },
};

static const struct {
    int code;
    const char *name;
} transfer_status_names[] = {
    { LIBUSB_TRANSFER_COMPLETED, "LIBUSB_TRANSFER_COMPLETED" },
    { LIBUSB_TRANSFER_ERROR, "LIBUSB_TRANSFER_ERROR" },
    { LIBUSB_TRANSFER_TIMED_OUT, "LIBUSB_TRANSFER_TIMED_OUT" },
    { LIBUSB_TRANSFER_CANCELLED, "LIBUSB_TRANSFER_CANCELLED" },
    { LIBUSB_TRANSFER_STALL, "LIBUSB_TRANSFER_STALL" },
    { LIBUSB_TRANSFER_NO_DEVICE, "LIBUSB_TRANSFER_NO_DEVICE" },
    { LIBUSB_TRANSFER_OVERFLOW, "LIBUSB_TRANSFER_OVERFLOW" },
};

SIM_API const char *libusb_error_name(int code)
{
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
        if (errors[i].code == code)
            return errors[i].name;
    /* libusb also names transfer statuses (positive codes). */
    for (size_t i = 0; i < sizeof transfer_status_names / sizeof transfer_status_names[0]; i++)
        if (transfer_status_names[i].code == code)
            return transfer_status_names[i].name;
    return "**UNKNOWN**";
}

SIM_API const char *libusb_strerror(int code)
{
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
        if (errors[i].code == code)
            return errors[i].text;
    return "Unknown error";
}

/* ---- event-handling locks: one thread handles events here ---- */

SIM_API int libusb_try_lock_events(libusb_context *ctx) { (void)ctx; return 0; }
SIM_API void libusb_lock_events(libusb_context *ctx) { (void)ctx; }
SIM_API void libusb_unlock_events(libusb_context *ctx) { (void)ctx; }
SIM_API int libusb_event_handling_ok(libusb_context *ctx) { (void)ctx; return 1; }
SIM_API int libusb_event_handler_active(libusb_context *ctx) { (void)ctx; return 0; }
SIM_API void libusb_interrupt_event_handler(libusb_context *ctx) { (void)ctx; }
SIM_API void libusb_lock_event_waiters(libusb_context *ctx) { (void)ctx; }
SIM_API void libusb_unlock_event_waiters(libusb_context *ctx) { (void)ctx; }

SIM_API int libusb_pollfds_handle_timeouts(libusb_context *ctx)
{
    (void)ctx;
    return 1; /* no timerfd needed: timeouts are handled in handle_events */
}

SIM_API const struct libusb_pollfd **libusb_get_pollfds(libusb_context *ctx)
{
    (void)ctx;
    /* No file descriptors: an empty, NULL-terminated list. */
    return calloc(1, sizeof(struct libusb_pollfd *));
}

SIM_API void libusb_free_pollfds(const struct libusb_pollfd **pollfds)
{
    free((void *)pollfds);
}

SIM_API void libusb_set_pollfd_notifiers(libusb_context *ctx,
                                         libusb_pollfd_added_cb added_cb,
                                         libusb_pollfd_removed_cb removed_cb,
                                         void *user_data)
{
    (void)ctx;
    (void)added_cb;
    (void)removed_cb;
    (void)user_data;
}

/* ---- hotplug: not modelled (libusb_has_capability says so) ---- */

SIM_API int libusb_hotplug_register_callback(libusb_context *ctx, int events,
    int flags, int vendor_id, int product_id, int dev_class,
    libusb_hotplug_callback_fn cb_fn, void *user_data,
    libusb_hotplug_callback_handle *callback_handle)
{
    (void)ctx; (void)events; (void)flags; (void)vendor_id; (void)product_id;
    (void)dev_class; (void)cb_fn; (void)user_data; (void)callback_handle;
    return LIBUSB_ERROR_NOT_SUPPORTED;
}

SIM_API void libusb_hotplug_deregister_callback(libusb_context *ctx,
    libusb_hotplug_callback_handle callback_handle)
{
    (void)ctx;
    (void)callback_handle;
}

SIM_API void *libusb_hotplug_get_user_data(libusb_context *ctx,
    libusb_hotplug_callback_handle callback_handle)
{
    (void)ctx;
    (void)callback_handle;
    return NULL;
}
