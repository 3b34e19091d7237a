/* The checks every image fuzz target runs on the parser's answer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_image.h"

struct fuzz_outcomes fuzz_outcomes;
volatile unsigned fuzz_sink;

static void broken(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz: invariant broken: %s (detail: \"%s\")\n", what, detail);
    abort();
}

/* Sorted, disjoint, never adjacent, inside 32 bits, sizes adding up; every
 * byte readable (ASan checks the reads). */
static void check_image(const struct sd_image *img)
{
    size_t n = sd_image_segment_count(img), total = 0;
    uint64_t prev_end = 0;
    unsigned sum = 0;
    if (n == 0)
        broken("an image without segments was returned", "");
    for (size_t i = 0; i < n; i++) {
        uint32_t addr;
        size_t len;
        const uint8_t *bytes;
        if (sd_image_segment(img, i, &addr, &len, &bytes) != 0 || len == 0 || !bytes)
            broken("a segment is empty or unreadable", "");
        uint64_t end = (uint64_t)addr + len;
        if (end > 0x100000000ull)
            broken("a segment runs past 4 GiB", "");
        if (i > 0 && addr <= prev_end)
            broken(addr == prev_end ? "adjacent segments were not merged"
                                    : "segments overlap or are out of order", "");
        for (size_t k = 0; k < len; k++)
            sum += bytes[k];
        prev_end = end;
        total += len;
    }
    if (total != sd_image_size(img))
        broken("sd_image_size differs from the sum of the segments", "");
    uint32_t lo;
    uint64_t hi;
    if (sd_image_bounds(img, &lo, &hi) != 0 || hi != prev_end)
        broken("sd_image_bounds disagrees with the last segment", "");
    if (hi - lo <= 0x10000) { /* extract over the whole span */
        uint8_t *buf = malloc((size_t)(hi - lo));
        if (buf && sd_image_extract(img, lo, buf, (size_t)(hi - lo), 0xFF) != total)
            broken("sd_image_extract did not copy every image byte", "");
        free(buf);
    }
    fuzz_sink = sum; /* keeps the reads of every byte */
}

static void check_error(int rc, const struct sd_session *s)
{
    const char *d = sd_session_detail(s);
    if (sd_session_last_error(s) != rc)
        broken("the session's last error is not the returned code", d);
    if (strncmp(d, "image: ", 7) != 0 || !strstr(d, FUZZ_INPUT_NAME))
        broken("the error detail does not name the layer and the input", d);
    switch (rc) {
    case SD_ERR_IMAGE_FORMAT: fuzz_outcomes.format++; break;
    case SD_ERR_IMAGE_CHECKSUM: fuzz_outcomes.checksum++; break;
    case SD_ERR_IMAGE_OVERLAP: fuzz_outcomes.overlap++; break;
    case SD_ERR_NO_MEMORY: fuzz_outcomes.other++; break;
    default: broken("an unexpected error code", d);
    }
}

int fuzz_image_one(enum sd_image_format format, const uint8_t *data, size_t size)
{
    static struct sd_session *s;
    if (!s && sd_session_new(&s) != SD_OK)
        abort();
    const struct sd_image_options opt = { .format = format };
    struct sd_image *img = (struct sd_image *)(uintptr_t)1; /* must be reset */
    int rc = sd_image_parse(s, FUZZ_INPUT_NAME, data, size, &opt, &img);
    if (rc == SD_OK) {
        if (!img)
            broken("success without an image", "");
        if (sd_image_format(img) != format)
            broken("the image reports another format than the one forced", "");
        if (sd_session_detail(s)[0])
            broken("success left an error detail", sd_session_detail(s));
        check_image(img);
        fuzz_outcomes.parsed++;
    } else {
        if (img)
            broken("failure left an image in *out", sd_session_detail(s));
        check_error(rc, s);
    }
    sd_image_free(img);
    return 0;
}
