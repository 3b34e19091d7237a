/* Helpers for the image tests: a temp dir, files written into it, loading
 * them and checking the error detail.  Included by test_image_*.c only. */
#ifndef IMAGE_TEST_UTIL_H
#define IMAGE_TEST_UTIL_H

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <swdoctor/image.h>
#include <swdoctor/session.h>

struct image_fixture {
    char dir[64];
    char path[128];
    struct sd_session *s;
    struct sd_image *img;
};

static inline int image_setup(void **state)
{
    struct image_fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/sd-image-test-XXXXXX");
    if (!mkdtemp(f->dir) || sd_session_new(&f->s) != SD_OK) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static inline int image_teardown(void **state)
{
    struct image_fixture *f = *state;
    sd_image_free(f->img);
    sd_session_free(f->s);
    /* Remove what the tests wrote: plain files in one flat directory. */
    DIR *d = opendir(f->dir);
    struct dirent *e;
    char file[sizeof f->dir + 256 + 2];
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(file, sizeof file, "%s/%s", f->dir, e->d_name);
            unlink(file);
        }
    }
    if (d)
        closedir(d);
    int rc = rmdir(f->dir);
    free(f);
    return rc == 0 ? 0 : -1;
}

/* Write len bytes to <dir>/<name>; f->path holds the full name after. */
static inline const char *fixture_file(struct image_fixture *f, const char *name,
                                       const void *data, size_t len)
{
    snprintf(f->path, sizeof f->path, "%s/%s", f->dir, name);
    FILE *fp = fopen(f->path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
    return f->path;
}

static inline const char *fixture_text(struct image_fixture *f, const char *name,
                                       const char *text)
{
    return fixture_file(f, name, text, strlen(text));
}

/* Load <dir>/<name> written from text with default options. */
static inline int load_text(struct image_fixture *f, const char *name, const char *text)
{
    sd_image_free(f->img);
    f->img = NULL;
    return sd_image_load(f->s, fixture_text(f, name, text), NULL, &f->img);
}

static inline void assert_detail_has(struct image_fixture *f, const char *needle)
{
    const char *d = sd_session_detail(f->s);
    if (!strstr(d, needle))
        fail_msg("detail \"%s\" does not contain \"%s\"", d, needle);
}

static inline void assert_segment(const struct sd_image *img, size_t i, uint32_t addr,
                                  const void *bytes, size_t len)
{
    uint32_t a;
    size_t n;
    const uint8_t *d;
    assert_int_equal(sd_image_segment(img, i, &a, &n, &d), SD_OK);
    assert_int_equal(a, addr);
    assert_int_equal(n, len);
    assert_memory_equal(d, bytes, len);
}

#endif
