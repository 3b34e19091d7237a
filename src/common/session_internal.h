/* What every layer of the library uses to log and to report errors
 * through the session.  Not part of the public API. */
#ifndef SD_SESSION_INTERNAL_H
#define SD_SESSION_INTERNAL_H

#include <stdarg.h>

#include <swdoctor/session.h>

#define SD_DETAIL_MAX 512

#if defined(__GNUC__)
#define SD_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SD_PRINTF(f, a)
#endif

/* Log one message; cheap when nobody listens at that level. */
void sd_log(struct sd_session *s, enum sd_log_level level,
            enum sd_log_category cat, const char *fmt, ...) SD_PRINTF(4, 5);
/* True when a message at level/cat would be delivered (skip costly
 * formatting of traces otherwise). */
int sd_log_enabled(const struct sd_session *s, enum sd_log_level level,
                   enum sd_log_category cat);

/* Record `err` with a detail line "<layer>: <text>" and log it at error
 * level; returns err so callers can `return sd_fail(...)`.  A detail that
 * is already set by a lower layer for the same error is kept and the new
 * text is prefixed: "flash: programming sector 2: stlink: ...". */
int sd_fail(struct sd_session *s, int err, enum sd_log_category cat,
            const char *fmt, ...) SD_PRINTF(4, 5);

#endif
