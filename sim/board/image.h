/* The board's firmware loader: what a factory programmer writes into a
 * fresh chip before the scenario starts.  Our own small reader (sim/
 * shares no code with src/image/): ELF32 PT_LOAD segments at their
 * physical address, Intel HEX, or a raw binary at the start of flash. */
#ifndef SIM_BOARD_IMAGE_H
#define SIM_BOARD_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/* Where a raw .bin goes: STM32 main flash (RM0090 §3.3 and every other
 * family's memory map). */
#define SIM_IMAGE_BIN_BASE 0x08000000u

enum sim_image_format { SIM_IMAGE_BIN, SIM_IMAGE_HEX, SIM_IMAGE_ELF };

/* Receives each piece of the image; returns 0, or -1 when `addr`..`len`
 * cannot be written (outside flash). */
typedef int (*sim_image_sink)(void *ctx, uint32_t addr, const uint8_t *data,
                              size_t len);

/* Format by content (ELF magic; Intel HEX records) or extension (.hex,
 * .ihx, .ihex; .elf, .axf), else raw binary. */
enum sim_image_format sim_image_detect(const char *path, const uint8_t *buf,
                                       size_t len);

/* Read `path` and hand every piece to `sink`.  0, or -1 with a message in
 * `err` that names the file and what is wrong ("firmware 'x.elf': no such
 * file", "... line 3: bad checksum", "... segment at 0x20000000 (64
 * bytes) is outside flash"). */
int sim_image_load(const char *path, sim_image_sink sink, void *ctx,
                   char *err, size_t errlen);

/* The readers behind sim_image_load (image_hex.c, image_elf.c): `name` is
 * only used in messages. */
int sim_image_parse_hex(const char *name, const uint8_t *buf, size_t len,
                        sim_image_sink sink, void *ctx, char *err,
                        size_t errlen);
int sim_image_parse_elf(const char *name, const uint8_t *buf, size_t len,
                        sim_image_sink sink, void *ctx, char *err,
                        size_t errlen);

#endif
