/* A session: the handle every swdoctor operation works in.  It carries the
 * log callback and the detail of the last error (which layer failed, the
 * raw status, what was being done), like curl's error buffer. */
#ifndef SWDOCTOR_SESSION_H
#define SWDOCTOR_SESSION_H

#include <swdoctor/error.h>
#include <swdoctor/log.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sd_session;

/* Returns SD_OK and a new session in *out, or SD_ERR_NO_MEMORY. */
int sd_session_new(struct sd_session **out);
void sd_session_free(struct sd_session *s);

/* Messages at `max_level` or below from the categories in `category_mask`
 * (bit n = enum sd_log_category n) go to `fn`.  fn NULL: silence. */
void sd_session_set_log(struct sd_session *s, sd_log_fn fn, void *user,
                        enum sd_log_level max_level, unsigned category_mask);

/* Detail of the last error in this session, e.g.
 * "stlink: READMEM_32BIT at 0x08000000 (1024 bytes): status 0x11 SWD_AP_FAULT".
 * Empty string when the last call succeeded or set no detail. */
const char *sd_session_detail(const struct sd_session *s);
/* The error code that went with the detail (SD_OK if none). */
int sd_session_last_error(const struct sd_session *s);
void sd_session_clear_error(struct sd_session *s);

#ifdef __cplusplus
}
#endif
#endif
