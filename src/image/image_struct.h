/* The image itself, shared by the files of this folder only. */
#ifndef SD_IMAGE_STRUCT_H
#define SD_IMAGE_STRUCT_H

#include <stddef.h>
#include <stdint.h>

#include <swdoctor/image.h>

struct image_segment {
    uint32_t addr;
    size_t len; /* > 0; addr + len <= 2^32 */
    uint8_t *data;
};

/* Segments sorted by address, never overlapping, never adjacent. */
struct sd_image {
    enum sd_image_format format;
    struct image_segment *seg;
    size_t count;
    size_t total;
    int has_entry;
    uint32_t entry;
};

#endif
