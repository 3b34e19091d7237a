/* Sessions: the log callback and the detail of the last error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session_internal.h"

struct sd_session {
    sd_log_fn log_fn;
    void *log_user;
    enum sd_log_level log_level;
    unsigned log_mask;
    int last_error;
    char detail[SD_DETAIL_MAX];
};

int sd_session_new(struct sd_session **out)
{
    if (!out)
        return SD_ERR_INVALID_ARG;
    struct sd_session *s = calloc(1, sizeof *s);
    if (!s)
        return SD_ERR_NO_MEMORY;
    s->log_level = SD_LOG_WARN;
    s->log_mask = SD_LOG_ALL_CATEGORIES;
    *out = s;
    return SD_OK;
}

void sd_session_free(struct sd_session *s)
{
    free(s);
}

void sd_session_set_log(struct sd_session *s, sd_log_fn fn, void *user,
                        enum sd_log_level max_level, unsigned category_mask)
{
    if (!s)
        return;
    s->log_fn = fn;
    s->log_user = user;
    s->log_level = max_level;
    s->log_mask = category_mask;
}

const char *sd_session_detail(const struct sd_session *s)
{
    return s ? s->detail : "";
}

int sd_session_last_error(const struct sd_session *s)
{
    return s ? s->last_error : SD_ERR_INVALID_ARG;
}

void sd_session_clear_error(struct sd_session *s)
{
    if (!s)
        return;
    s->last_error = SD_OK;
    s->detail[0] = '\0';
}

int sd_log_enabled(const struct sd_session *s, enum sd_log_level level,
                   enum sd_log_category cat)
{
    return s && s->log_fn && level <= s->log_level &&
           (unsigned)cat < SD_LOG_CATEGORY_COUNT &&
           (s->log_mask & (1u << cat));
}

static void vlog(struct sd_session *s, enum sd_log_level level,
                 enum sd_log_category cat, const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    s->log_fn(s->log_user, level, cat, msg);
}

void sd_log(struct sd_session *s, enum sd_log_level level,
            enum sd_log_category cat, const char *fmt, ...)
{
    if (!sd_log_enabled(s, level, cat))
        return;
    va_list ap;
    va_start(ap, fmt);
    vlog(s, level, cat, fmt, ap);
    va_end(ap);
}

int sd_fail(struct sd_session *s, int err, enum sd_log_category cat,
            const char *fmt, ...)
{
    if (!s)
        return err;
    char text[SD_DETAIL_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);

    char line[2 * SD_DETAIL_MAX + 32];
    if (s->last_error == err && s->detail[0])
        snprintf(line, sizeof line, "%s: %s: %s", sd_log_category_name(cat),
                 text, s->detail);
    else
        snprintf(line, sizeof line, "%s: %s", sd_log_category_name(cat), text);
    /* Keep the head of a too-long chain: it names the outermost step. */
    size_t n = strnlen(line, sizeof s->detail - 1);
    memcpy(s->detail, line, n);
    s->detail[n] = '\0';
    s->last_error = err;
    sd_log(s, SD_LOG_DEBUG, cat, "%s (%s)", text, sd_errname(err));
    return err;
}
