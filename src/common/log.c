/* Names of log levels and categories. */
#include <swdoctor/log.h>

static const char *const category_names[SD_LOG_CATEGORY_COUNT] = {
    [SD_LOG_USB] = "usb",     [SD_LOG_STLINK] = "stlink",
    [SD_LOG_DAP] = "dap",     [SD_LOG_CORE] = "core",
    [SD_LOG_CHIP] = "chip",   [SD_LOG_FLASH] = "flash",
    [SD_LOG_IMAGE] = "image", [SD_LOG_OPS] = "ops",
    [SD_LOG_DOCTOR] = "doctor", [SD_LOG_GDB] = "gdb",
};

const char *sd_log_category_name(enum sd_log_category category)
{
    if ((unsigned)category >= SD_LOG_CATEGORY_COUNT)
        return "?";
    return category_names[category];
}

const char *sd_log_level_name(enum sd_log_level level)
{
    switch (level) {
    case SD_LOG_ERROR: return "error";
    case SD_LOG_WARN: return "warning";
    case SD_LOG_INFO: return "info";
    case SD_LOG_DEBUG: return "debug";
    case SD_LOG_TRACE: return "trace";
    }
    return "?";
}
