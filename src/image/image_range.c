/* Questions about where an image lies: its bounds, whether it fits a
 * memory region, and its bytes over a window (a flash sector). */
#include <string.h>

#include "image/image_internal.h"
#include "image/image_struct.h"

static uint64_t seg_end(const struct image_segment *sg)
{
    return (uint64_t)sg->addr + sg->len;
}

int sd_image_bounds(const struct sd_image *img, uint32_t *lo, uint64_t *hi_exclusive)
{
    if (!img || img->count == 0)
        return SD_ERR_INVALID_ARG;
    if (lo)
        *lo = img->seg[0].addr;
    if (hi_exclusive)
        *hi_exclusive = seg_end(&img->seg[img->count - 1]);
    return SD_OK;
}

int sd_image_check_range(struct sd_session *s, const struct sd_image *img,
                         uint32_t lo, uint64_t hi_exclusive, const char *region)
{
    sd_session_clear_error(s);
    if (!img || img->count == 0 || hi_exclusive <= lo)
        return sd_fail(s, SD_ERR_INVALID_ARG, SD_LOG_IMAGE,
                       "range check: no image or an empty range");
    const char *what = region ? region : "the allowed range";
    unsigned last = (unsigned)(hi_exclusive - 1);
    const struct image_segment *first = &img->seg[0];
    if (first->addr < lo)
        return sd_fail(s, SD_ERR_OUT_OF_RANGE, SD_LOG_IMAGE,
                       "image starts at 0x%08X, below %s 0x%08X-0x%08X "
                       "(first byte outside: 0x%08X)",
                       first->addr, what, lo, last, first->addr);
    const struct image_segment *end = &img->seg[img->count - 1];
    if (seg_end(end) > hi_exclusive) {
        /* The lowest address past the range: the first segment reaching it. */
        uint64_t outside = 0;
        for (size_t i = 0; i < img->count; i++) {
            if (seg_end(&img->seg[i]) > hi_exclusive) {
                outside = img->seg[i].addr > hi_exclusive ? img->seg[i].addr : hi_exclusive;
                break;
            }
        }
        return sd_fail(s, SD_ERR_OUT_OF_RANGE, SD_LOG_IMAGE,
                       "image ends at 0x%08llX, beyond %s 0x%08X-0x%08X "
                       "(first byte outside: 0x%08llX)",
                       (unsigned long long)seg_end(end), what, lo, last,
                       (unsigned long long)outside);
    }
    return SD_OK;
}

/* Index of the first segment that ends after addr (count if none). */
static size_t first_ending_after(const struct sd_image *img, uint64_t addr)
{
    size_t lo = 0, hi = img->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (seg_end(&img->seg[mid]) <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t sd_image_extract(const struct sd_image *img, uint32_t addr, uint8_t *buf,
                        size_t len, uint8_t fill)
{
    if (len == 0)
        return 0;
    if (buf)
        memset(buf, fill, len);
    if (!img)
        return 0;
    uint64_t end = (uint64_t)addr + len;
    size_t copied = 0;
    for (size_t i = first_ending_after(img, addr); i < img->count; i++) {
        const struct image_segment *sg = &img->seg[i];
        if (sg->addr >= end)
            break;
        uint64_t from = sg->addr > addr ? sg->addr : addr;
        uint64_t to = seg_end(sg) < end ? seg_end(sg) : end;
        if (buf)
            memcpy(buf + (from - addr), sg->data + (from - sg->addr), (size_t)(to - from));
        copied += (size_t)(to - from);
    }
    return copied;
}
