/* Entry points: read a file into memory, pick the reader, build the image. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "image/image_internal.h"

static int parse(struct sd_session *s, const char *name, const uint8_t *buf, size_t len,
                 const struct sd_image_options *opt, struct sd_image **out)
{
    enum sd_image_format f = opt ? opt->format : SD_IMAGE_AUTO;
    if (f < SD_IMAGE_AUTO || f > SD_IMAGE_ELF)
        return sd_fail(s, SD_ERR_INVALID_ARG, SD_LOG_IMAGE, "%s: unknown image format %d",
                       name, (int)f);
    if (len == 0)
        return sd_fail(s, SD_ERR_IMAGE_FORMAT, SD_LOG_IMAGE, "%s: the file is empty", name);
    const char *why = "chosen by the caller";
    if (f == SD_IMAGE_AUTO)
        f = image_detect(name, buf, len, &why);
    sd_log(s, SD_LOG_INFO, SD_LOG_IMAGE, "%s: reading as %s (%s)", name,
           sd_image_format_name(f), why);
    if (f != SD_IMAGE_BIN && opt && opt->has_base)
        sd_log(s, SD_LOG_WARN, SD_LOG_IMAGE,
               "%s: base address 0x%08X ignored: %s files carry their own addresses",
               name, opt->base, sd_image_format_name(f));

    struct image_builder b;
    image_builder_init(&b, s, name, f == SD_IMAGE_ELF ? "program header" : "line");
    int rc;
    switch (f) {
    case SD_IMAGE_IHEX: rc = image_parse_ihex(&b, buf, len); break;
    case SD_IMAGE_SREC: rc = image_parse_srec(&b, buf, len); break;
    case SD_IMAGE_ELF: rc = image_parse_elf(&b, buf, len); break;
    default:
        rc = image_parse_bin(&b, buf, len,
                             opt && opt->has_base ? opt->base : SD_IMAGE_DEFAULT_BASE);
        break;
    }
    if (rc == SD_OK)
        rc = image_builder_finish(&b, f, out);
    image_builder_free(&b);
    return rc;
}

int sd_image_parse(struct sd_session *s, const char *name, const void *buf, size_t len,
                   const struct sd_image_options *opt, struct sd_image **out)
{
    sd_session_clear_error(s);
    if (!out || (!buf && len))
        return sd_fail(s, SD_ERR_INVALID_ARG, SD_LOG_IMAGE, "parse image: no buffer");
    *out = NULL;
    return parse(s, name ? name : "(buffer)", buf, len, opt, out);
}

/* The whole file in one malloc'd buffer (at least 1 byte long). */
static int read_file(struct sd_session *s, const char *path, uint8_t **buf, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sd_fail(s, SD_ERR_FILE, SD_LOG_IMAGE, "cannot open %s: %s", path,
                       strerror(errno));
    struct stat st;
    int rc = SD_OK;
    if (fstat(fileno(f), &st) != 0)
        rc = sd_fail(s, SD_ERR_FILE, SD_LOG_IMAGE, "%s: %s", path, strerror(errno));
    else if (S_ISDIR(st.st_mode))
        rc = sd_fail(s, SD_ERR_FILE, SD_LOG_IMAGE, "%s is a directory, not an image file",
                     path);
    else if (st.st_size > (off_t)IMAGE_MAX_FILE_SIZE)
        rc = sd_fail(s, SD_ERR_FILE, SD_LOG_IMAGE,
                     "%s: %lld bytes is too large for an image (limit %u MiB)", path,
                     (long long)st.st_size, IMAGE_MAX_FILE_SIZE >> 20);
    if (rc) {
        fclose(f);
        return rc;
    }
    /* Read to the end rather than trusting st_size (pipes, /dev/stdin). */
    size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096, n = 0;
    uint8_t *p = malloc(cap);
    while (p) {
        n += fread(p + n, 1, cap - n, f);
        if (n < cap || ferror(f))
            break;
        if (cap >= IMAGE_MAX_FILE_SIZE) {
            rc = sd_fail(s, SD_ERR_FILE, SD_LOG_IMAGE,
                         "%s is too large for an image (limit %u MiB)", path,
                         IMAGE_MAX_FILE_SIZE >> 20);
            break;
        }
        uint8_t *q = realloc(p, cap * 2);
        if (!q) {
            free(p);
            p = NULL;
            break;
        }
        p = q;
        cap *= 2;
    }
    if (!p)
        rc = sd_fail(s, SD_ERR_NO_MEMORY, SD_LOG_IMAGE, "no memory to read %s", path);
    else if (!rc && ferror(f))
        rc = sd_fail(s, SD_ERR_FILE, SD_LOG_IMAGE, "reading %s: %s", path, strerror(errno));
    fclose(f);
    if (rc) {
        free(p);
        return rc;
    }
    *buf = p;
    *len = n;
    return SD_OK;
}

int sd_image_load(struct sd_session *s, const char *path, const struct sd_image_options *opt,
                  struct sd_image **out)
{
    sd_session_clear_error(s);
    if (!path || !out)
        return sd_fail(s, SD_ERR_INVALID_ARG, SD_LOG_IMAGE, "load image: no file name");
    *out = NULL;
    uint8_t *buf = NULL;
    size_t len = 0;
    int rc = read_file(s, path, &buf, &len);
    if (rc)
        return rc;
    rc = parse(s, path, buf, len, opt, out);
    free(buf);
    return rc;
}
