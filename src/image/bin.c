/* Raw binary: the file's bytes, as they are, at a base address the user
 * gives (default: the start of STM32 main flash).  Also the raw writer. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "image/image_internal.h"

int image_parse_bin(struct image_builder *b, const uint8_t *buf, size_t len,
                    uint32_t base)
{
    if (len == 0)
        return sd_fail(b->s, SD_ERR_IMAGE_FORMAT, SD_LOG_IMAGE,
                       "%s: the file is empty", b->name);
    if (len > 0x100000000ull - base)
        return sd_fail(b->s, SD_ERR_IMAGE_FORMAT, SD_LOG_IMAGE,
                       "%s: %zu bytes from base address 0x%08X run past the end of the "
                       "32-bit address space: check the base address", b->name, len, base);
    return image_builder_add(b, base, buf, len, 0);
}

int sd_image_write_bin(struct sd_session *s, const char *path, const void *data,
                       size_t len)
{
    sd_session_clear_error(s);
    if (!path || (!data && len))
        return sd_fail(s, SD_ERR_INVALID_ARG, SD_LOG_IMAGE, "write binary: no file or data");
    FILE *f = fopen(path, "wb");
    if (!f)
        return sd_fail(s, SD_ERR_FILE, SD_LOG_IMAGE, "cannot create %s: %s", path,
                       strerror(errno));
    size_t done = len ? fwrite(data, 1, len, f) : 0;
    int werr = done != len ? errno : 0;
    if (fclose(f) != 0 && !werr)
        werr = errno ? errno : EIO;
    if (done != len || werr)
        return sd_fail(s, SD_ERR_FILE, SD_LOG_IMAGE, "writing %s: %s", path,
                       strerror(werr ? werr : EIO));
    return SD_OK;
}
