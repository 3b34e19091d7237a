/* Fuzz target: the Motorola S-record reader on any bytes (libFuzzer entry point; the
 * standalone driver fuzz_driver.c calls it too). */
#include "fuzz_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_image_one(SD_IMAGE_SREC, data, size);
}
