/* Which reader a file needs: its content first (ELF magic, ':' and hex
 * digits for Intel HEX, 'S', a digit and hex digits for S-record), its
 * extension second, raw binary otherwise.  Content wins because names lie
 * (a .hex that is really an ELF); the extension only picks a reader for a
 * file whose content says nothing, so a damaged .hex gets the Intel HEX
 * reader's error rather than being flashed as raw bytes. */
#include <elf.h>
#include <string.h>
#include <strings.h>

#include "image/image_internal.h"

/* Enough of the first line to tell text records from binary data. */
#define DETECT_DIGITS 8

struct ext_format {
    const char *ext;
    enum sd_image_format format;
};

static const struct ext_format extensions[] = {
    { "hex", SD_IMAGE_IHEX },  { "ihex", SD_IMAGE_IHEX }, { "ihx", SD_IMAGE_IHEX },
    { "srec", SD_IMAGE_SREC }, { "s19", SD_IMAGE_SREC },  { "s28", SD_IMAGE_SREC },
    { "s37", SD_IMAGE_SREC },  { "mot", SD_IMAGE_SREC },  { "srecord", SD_IMAGE_SREC },
    { "elf", SD_IMAGE_ELF },   { "axf", SD_IMAGE_ELF },   { "out", SD_IMAGE_ELF },
    { "bin", SD_IMAGE_BIN },
};

/* n hex digits (or fewer if the line ends first, but at least 2) at p. */
static int hex_run(const uint8_t *p, size_t len)
{
    size_t i = 0;
    while (i < len && i < DETECT_DIGITS && text_hex_value(p[i]) >= 0)
        i++;
    if (i == DETECT_DIGITS)
        return 1;
    return i >= 2 && (i == len || p[i] == '\r' || p[i] == '\n');
}

static enum sd_image_format by_content(const uint8_t *buf, size_t len)
{
    if (len >= SELFMAG && memcmp(buf, ELFMAG, SELFMAG) == 0)
        return SD_IMAGE_ELF;
    size_t i = 0;
    if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
        i = 3; /* UTF-8 byte order mark */
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
        i++;
    if (i + 1 < len && buf[i] == ':' && hex_run(buf + i + 1, len - i - 1))
        return SD_IMAGE_IHEX;
    if (i + 2 < len && buf[i] == 'S' && buf[i + 1] >= '0' && buf[i + 1] <= '9' &&
        hex_run(buf + i + 2, len - i - 2))
        return SD_IMAGE_SREC;
    return SD_IMAGE_AUTO;
}

static enum sd_image_format by_extension(const char *name)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (!dot || strchr(dot, '/'))
        return SD_IMAGE_AUTO;
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++)
        if (strcasecmp(dot + 1, extensions[i].ext) == 0)
            return extensions[i].format;
    return SD_IMAGE_AUTO;
}

enum sd_image_format image_detect(const char *name, const uint8_t *buf, size_t len,
                                  const char **why)
{
    enum sd_image_format f = by_content(buf, len);
    if (f != SD_IMAGE_AUTO) {
        *why = "content";
        return f;
    }
    f = by_extension(name);
    if (f != SD_IMAGE_AUTO) {
        *why = "file name extension";
        return f;
    }
    *why = "neither content nor extension says otherwise";
    return SD_IMAGE_BIN;
}
