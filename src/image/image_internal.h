/* Inside the image layer: the builder every reader feeds, the readers
 * themselves (each parses a buffer), and small text helpers shared by the
 * Intel HEX and S-record readers.  Layers above (ops, gdb) may use the
 * builder to assemble an image from pieces. */
#ifndef SD_IMAGE_INTERNAL_H
#define SD_IMAGE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <swdoctor/image.h>

#include "common/session_internal.h"

/* Files larger than this are refused before they are read: the biggest
 * STM32 flash is a few MiB, and a HEX file is under three times that. */
#define IMAGE_MAX_FILE_SIZE (512u * 1024u * 1024u)

/* One piece of data as a reader found it, before sorting and merging.
 * `where` is the line number (text formats) or program header index (ELF),
 * so an overlap can name both sources. */
struct image_chunk {
    uint32_t addr;
    uint32_t len;
    size_t offset; /* into the builder's pool */
    unsigned long where;
};

struct image_builder {
    struct sd_session *s;
    const char *name;       /* file name for messages */
    const char *where_kind; /* "line", "program header", "block" */
    struct image_chunk *chunks;
    size_t count, cap;
    uint8_t *pool;
    size_t pool_len, pool_cap;
    int has_entry;
    uint32_t entry;
};

void image_builder_init(struct image_builder *b, struct sd_session *s,
                        const char *name, const char *where_kind);
void image_builder_free(struct image_builder *b);
/* Add len bytes at addr (64-bit so that a record running past 4 GiB is an
 * error here and not a silent wrap). */
int image_builder_add(struct image_builder *b, uint64_t addr, const uint8_t *data,
                      size_t len, unsigned long where);
void image_builder_set_entry(struct image_builder *b, uint32_t entry);
/* Sort, reject overlaps, merge adjacent chunks into segments.  An image
 * without data is an error (nothing to program). */
int image_builder_finish(struct image_builder *b, enum sd_image_format format,
                         struct sd_image **out);

/* Readers: parse buf into b; the builder reports through b->s and b->name. */
int image_parse_bin(struct image_builder *b, const uint8_t *buf, size_t len,
                    uint32_t base);
int image_parse_ihex(struct image_builder *b, const uint8_t *buf, size_t len);
int image_parse_srec(struct image_builder *b, const uint8_t *buf, size_t len);
int image_parse_elf(struct image_builder *b, const uint8_t *buf, size_t len);

/* Format from content first, the name's extension second, raw binary
 * otherwise; *why says which ("content", "extension", "default"). */
enum sd_image_format image_detect(const char *name, const uint8_t *buf, size_t len,
                                  const char **why);

/* Text helpers (text.c). */
struct text_line {
    const uint8_t *p;   /* first character after leading whitespace */
    size_t len;         /* up to the end of line, trailing whitespace cut */
    size_t indent;      /* whitespace skipped before p (for columns) */
    unsigned long number; /* 1-based */
};
struct text_reader {
    const uint8_t *buf;
    size_t len, pos;
    unsigned long line;
};
void text_reader_init(struct text_reader *r, const uint8_t *buf, size_t len);
/* Next line, blank lines included (len 0); 0 at the end of the buffer. */
int text_next_line(struct text_reader *r, struct text_line *l);
/* True when the rest of the buffer is only whitespace (and DOS ^Z). */
int text_rest_is_blank(const struct text_reader *r);
int text_hex_value(uint8_t c); /* 0-15, or -1 */
/* A character as a user can read it in a message: 'G' or \x00. */
const char *text_char_name(uint8_t c, char out[8]);
/* Decode 2*n hex digits at p into bytes.  On a bad digit returns its index
 * in p (>= 0); -1 on success. */
long text_decode_hex(const uint8_t *p, size_t n, uint8_t *out);

#endif
