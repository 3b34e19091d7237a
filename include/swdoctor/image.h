/* Images: what goes into a chip's memory, read from a file.
 *
 * An image is a sorted list of segments {address, length, bytes} with gaps
 * allowed between them.  Adjacent data is merged into one segment; data
 * that two records (or ELF segments) put at the same address is an error
 * (SD_ERR_IMAGE_OVERLAP) naming both ranges and where they came from.
 *
 * Readers: raw binary, Intel HEX, Motorola S-record and ELF32 for ARM.
 * The file is read into memory first and parsed from there, so
 * sd_image_parse() takes a buffer as well.  Every error leaves a detail in
 * the session naming the file, the line (text formats) or byte offset
 * (ELF) and what was expected there:
 *   "image: app.hex:3: checksum is 0x4c, the record's bytes need 0x4b"
 *
 * Writers: Intel HEX and raw binary, for `swdoctor read`. */
#ifndef SWDOCTOR_IMAGE_H
#define SWDOCTOR_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include <swdoctor/session.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sd_image;

enum sd_image_format {
    SD_IMAGE_AUTO = 0, /* by content (ELF magic, ':', 'S'+digit), then extension */
    SD_IMAGE_BIN,      /* raw bytes placed at a base address */
    SD_IMAGE_IHEX,     /* Intel HEX, record types 00-05 */
    SD_IMAGE_SREC,     /* Motorola S-record, S0-S3, S5-S9 */
    SD_IMAGE_ELF,      /* ELF32 little-endian ARM, PT_LOAD at p_paddr */
};

/* Where a raw binary goes when the caller gives no base: the start of
 * STM32 main flash (its boot alias). */
#define SD_IMAGE_DEFAULT_BASE 0x08000000u

/* A zero-initialised struct (or NULL) means: detect the format, and place
 * a raw binary at SD_IMAGE_DEFAULT_BASE. */
struct sd_image_options {
    enum sd_image_format format;
    int has_base;  /* nonzero: a raw binary goes at `base` */
    uint32_t base; /* ignored for the formats that carry addresses */
};

/* Read and parse the file at `path`.  SD_OK and a new image in *out, or
 * SD_ERR_FILE (cannot read it), SD_ERR_IMAGE_FORMAT (malformed, truncated,
 * not an ARM image, no data), SD_ERR_IMAGE_CHECKSUM, SD_ERR_IMAGE_OVERLAP,
 * SD_ERR_NO_MEMORY, with the session's detail saying where. */
int sd_image_load(struct sd_session *s, const char *path,
                  const struct sd_image_options *opt, struct sd_image **out);

/* The same from a buffer already in memory; `name` is used in messages and,
 * for SD_IMAGE_AUTO, its extension is the second hint after the content. */
int sd_image_parse(struct sd_session *s, const char *name, const void *buf,
                   size_t len, const struct sd_image_options *opt,
                   struct sd_image **out);

void sd_image_free(struct sd_image *img);

/* The format the image was read as (never SD_IMAGE_AUTO). */
enum sd_image_format sd_image_format(const struct sd_image *img);
/* "raw binary", "Intel HEX", "Motorola S-record", "ELF", "auto"; "?" otherwise. */
const char *sd_image_format_name(enum sd_image_format format);

size_t sd_image_segment_count(const struct sd_image *img);
/* Segment i (0 <= i < count, in address order): its first address, length
 * and bytes (owned by the image).  Any out pointer may be NULL.
 * SD_ERR_INVALID_ARG when i is out of range. */
int sd_image_segment(const struct sd_image *img, size_t i, uint32_t *addr,
                     size_t *len, const uint8_t **data);
/* Lowest address and one past the highest (a 64-bit value: an image may end
 * at 4 GiB).  SD_ERR_INVALID_ARG for an image without data. */
int sd_image_bounds(const struct sd_image *img, uint32_t *lo, uint64_t *hi_exclusive);
/* Total number of data bytes (gaps not counted). */
size_t sd_image_size(const struct sd_image *img);
/* 1 and the entry point (ELF e_entry, HEX type 03/05, S7/S8/S9) when the
 * file gave one, else 0. */
int sd_image_entry(const struct sd_image *img, uint32_t *entry);

/* Copy the image's bytes in [addr, addr + len) into buf; bytes the image
 * does not cover are set to `fill` (0xFF: erased flash).  Returns how many
 * bytes of buf came from the image.  With buf NULL, only counts them. */
size_t sd_image_extract(const struct sd_image *img, uint32_t addr, uint8_t *buf,
                        size_t len, uint8_t fill);

/* SD_OK when every byte lies in [lo, hi_exclusive), else SD_ERR_OUT_OF_RANGE
 * with a detail naming the first byte outside and the allowed range:
 * "image ends at 0x08100010, beyond the chip's flash 0x08000000-0x080FFFFF
 * (first byte outside: 0x08100000)".  `region` names the range in that
 * message ("the chip's flash"); NULL says "the allowed range". */
int sd_image_check_range(struct sd_session *s, const struct sd_image *img,
                         uint32_t lo, uint64_t hi_exclusive, const char *region);

/* Write len bytes that were read from addr as Intel HEX: a type 04 record
 * (extended linear address) at the start and at every 64 KiB boundary,
 * 16 data bytes per line, an EOF record.  SD_ERR_FILE with the system's
 * reason when the file cannot be written. */
int sd_image_write_ihex(struct sd_session *s, const char *path, uint32_t addr,
                        const void *data, size_t len);
/* Write len raw bytes to path. */
int sd_image_write_bin(struct sd_session *s, const char *path, const void *data,
                       size_t len);

#ifdef __cplusplus
}
#endif
#endif
