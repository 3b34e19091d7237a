/* Logging: the library never prints.  Everything it has to say goes to one
 * callback per session, tagged with a level and the layer it comes from,
 * so a front end decides what to show (the CLI's -q, -v, -vv). */
#ifndef SWDOCTOR_LOG_H
#define SWDOCTOR_LOG_H

#ifdef __cplusplus
extern "C" {
#endif

enum sd_log_level {
    SD_LOG_ERROR = 0,  /* an operation failed */
    SD_LOG_WARN = 1,   /* it worked, but something is off (old firmware) */
    SD_LOG_INFO = 2,   /* what is being done, one line per step */
    SD_LOG_DEBUG = 3,  /* decisions and values behind them */
    SD_LOG_TRACE = 4,  /* every ST-LINK command and reply, raw */
};

/* The layer a message comes from (ARCHITECTURE.md). */
enum sd_log_category {
    SD_LOG_USB = 0,
    SD_LOG_STLINK,
    SD_LOG_DAP,
    SD_LOG_CORE,
    SD_LOG_CHIP,
    SD_LOG_FLASH,
    SD_LOG_IMAGE,
    SD_LOG_OPS,
    SD_LOG_DOCTOR,
    SD_LOG_GDB,
    SD_LOG_CATEGORY_COUNT
};

#define SD_LOG_ALL_CATEGORIES ((1u << SD_LOG_CATEGORY_COUNT) - 1u)

typedef void (*sd_log_fn)(void *user, enum sd_log_level level,
                          enum sd_log_category category, const char *message);

/* "usb", "stlink", ...; "?" for an unknown category. */
const char *sd_log_category_name(enum sd_log_category category);
/* "error", "warning", "info", "debug", "trace". */
const char *sd_log_level_name(enum sd_log_level level);

#ifdef __cplusplus
}
#endif
#endif
