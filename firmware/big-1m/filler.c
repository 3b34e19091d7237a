/* Writes the pseudo-random filler that makes big-1m exactly as large as
 * the flash: (total size - size of the program image) bytes.
 *
 *   fw-filler PROGRAM.bin TOTAL_BYTES OUT.bin
 *
 * Deterministic (xorshift32, Marsaglia 2003, fixed seed), so every build
 * gives the same 1 MiB image and benchmarks compare like with like.
 * Random rather than constant bytes so that no probe, loader or
 * "skip unchanged/erased" logic can shortcut the transfer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FILLER_SEED 0x5eed1234u

static uint32_t xorshift32(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    fclose(f);
    return size;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s PROGRAM.bin TOTAL_BYTES OUT.bin\n", argv[0]);
        return 2;
    }
    long program = file_size(argv[1]);
    char *end;
    long total = strtol(argv[2], &end, 0);
    if (program < 0 || *end != '\0' || total <= 0) {
        fprintf(stderr, "fw-filler: cannot read %s or bad size %s\n", argv[1], argv[2]);
        return 1;
    }
    if (program > total) {
        fprintf(stderr, "fw-filler: %s is %ld bytes, more than %ld\n", argv[1], program, total);
        return 1;
    }
    FILE *out = fopen(argv[3], "wb");
    if (!out) {
        perror(argv[3]);
        return 1;
    }
    uint32_t state = FILLER_SEED;
    for (long i = 0; i < total - program; i++)
        fputc((int)(xorshift32(&state) & 0xffu), out);
    if (fclose(out) != 0) {
        perror(argv[3]);
        return 1;
    }
    return 0;
}
