/* Shared by the image fuzz targets: parse one input with a forced format
 * and check what must hold for any input, so that a wrong answer (not just
 * a crash) stops the fuzzer: on success a well-formed segment list, on
 * failure an image error with a detail naming the input. */
#ifndef FUZZ_IMAGE_H
#define FUZZ_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include <swdoctor/image.h>

/* The file name the targets give the parser; every error must name it. */
#define FUZZ_INPUT_NAME "fuzz-input"

int fuzz_image_one(enum sd_image_format format, const uint8_t *data, size_t size);

/* Outcomes so far, by result: index 0 parsed, then one per error code. */
struct fuzz_outcomes {
    unsigned long parsed, format, checksum, overlap, other;
};
extern struct fuzz_outcomes fuzz_outcomes;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
