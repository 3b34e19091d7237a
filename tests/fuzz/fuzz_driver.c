/* A standalone driver for the fuzz targets, so they run in CI with any
 * compiler: deterministic pseudo-random mutations of seed files, fed to
 * LLVMFuzzerTestOneInput one exact-size heap buffer at a time (so ASan sees
 * any read past the end).  Not coverage-guided: libFuzzer does that when
 * clang is there (see README.md); this catches crashes, over-reads and
 * broken invariants on inputs near valid ones, the same every run.
 *
 *   fuzz_driver_ihex [-n ITERATIONS] [-t SECONDS] [-s SEED] FILE...
 *
 * Text seeds get their record checksums repaired after mutation half the
 * time, so that mutations reach the code past the checksum check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fuzz_image.h"

#define MAX_SEEDS 64
#define MAX_INPUT (64 * 1024)

struct blob {
    uint8_t *p;
    size_t len;
};

static uint64_t rng_state;

static uint64_t rnd(void) /* xorshift64* (Vigna 2014) */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}

static size_t below(size_t n)
{
    return n ? (size_t)(rnd() % n) : 0;
}

static const uint8_t text_bytes[] = "0123456789ABCDEFabcdefGS:\r\n \x00\xff";
static const uint32_t words[] = { 0, 1, 2, 0x20, 0x34, 0x7F, 0x80, 0xFF, 0xFFFF, 0x10000,
                                  0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF, 0x08000000 };

/* One mutation of b in place (capacity MAX_INPUT). */
static void mutate(struct blob *b, const struct blob *seeds, size_t nseeds)
{
    size_t at = below(b->len + 1), n;
    switch (below(13)) {
    case 0: /* flip a bit */
        if (b->len)
            b->p[below(b->len)] ^= (uint8_t)(1u << below(8));
        break;
    case 1: /* any byte */
        if (b->len)
            b->p[below(b->len)] = (uint8_t)rnd();
        break;
    case 2: /* a byte that means something in the text formats */
        if (b->len)
            b->p[below(b->len)] = text_bytes[below(sizeof text_bytes - 1)];
        break;
    case 3: /* delete a run */
        n = 1 + below(16);
        if (at + n <= b->len) {
            memmove(b->p + at, b->p + at + n, b->len - at - n);
            b->len -= n;
        }
        break;
    case 4: /* duplicate a run (a record twice: overlaps) */
        n = 1 + below(48);
        if (b->len && b->len + n <= MAX_INPUT) {
            uint8_t run[48];
            size_t from = below(b->len);
            if (from + n > b->len)
                n = b->len - from;
            memcpy(run, b->p + from, n);
            memmove(b->p + at + n, b->p + at, b->len - at);
            memcpy(b->p + at, run, n);
            b->len += n;
        }
        break;
    case 9: /* a run repeated up to 1 KiB: over-long lines and records */
        n = 1 + below(8);
        if (b->len >= n) {
            size_t from = below(b->len - n + 1), times = 1 + below(1024 / n);
            uint8_t run[8];
            memcpy(run, b->p + from, n);
            if (b->len + n * times <= MAX_INPUT) {
                memmove(b->p + at + n * times, b->p + at, b->len - at);
                for (size_t i = 0; i < times; i++)
                    memcpy(b->p + at + i * n, run, n);
                b->len += n * times;
            }
        }
        break;
    case 5: /* truncate */
        b->len = below(b->len + 1);
        break;
    case 6: /* a 16- or 32-bit boundary value, little-endian (ELF fields) */
        n = below(2) ? 4 : 2;
        at = below(b->len < 128 ? b->len + 1 : 128) & ~(n - 1);
        if (at + n <= b->len) {
            uint32_t w = words[below(sizeof words / sizeof words[0])];
            if (below(4) == 0)
                w = (uint32_t)b->len + (uint32_t)below(64) - 32;
            for (size_t i = 0; i < n; i++)
                b->p[at + i] = (uint8_t)(w >> (8 * i));
        }
        break;
    case 7: /* splice: our head, another seed's tail */
        if (nseeds) {
            const struct blob *o = &seeds[below(nseeds)];
            size_t from = below(o->len + 1);
            if (at + (o->len - from) <= MAX_INPUT) {
                memcpy(b->p + at, o->p + from, o->len - from);
                b->len = at + (o->len - from);
            }
        }
        break;
    default: /* 8, 10-12: one hex digit into another (records stay whole) */
        for (int tries = 0; tries < 8 && b->len; tries++) {
            size_t i = below(b->len);
            if ((b->p[i] >= '0' && b->p[i] <= '9') || (b->p[i] >= 'A' && b->p[i] <= 'F')) {
                b->p[i] = "0123456789ABCDEF"[below(16)];
                break;
            }
        }
        break;
    }
}

static int hexval(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Rewrite the last two digits of every all-hex ":..." or "Sn..." line so
 * that its checksum is right (Intel: sum 0; Motorola: ones' complement). */
static void repair_checksums(struct blob *b)
{
    size_t i = 0;
    while (i < b->len) {
        size_t end = i;
        while (end < b->len && b->p[end] != '\n' && b->p[end] != '\r')
            end++;
        int ihex = b->p[i] == ':';
        int srec = b->p[i] == 'S' && end - i > 1 && b->p[i + 1] >= '0' && b->p[i + 1] <= '9';
        size_t first = i + (ihex ? 1 : 2);
        if ((ihex || srec) && end >= first + 4 && (end - first) % 2 == 0) {
            unsigned sum = 0;
            int ok = 1;
            for (size_t k = first; k + 2 < end; k += 2) {
                int hi = hexval(b->p[k]), lo = hexval(b->p[k + 1]);
                if (hi < 0 || lo < 0) {
                    ok = 0;
                    break;
                }
                sum += (unsigned)(hi << 4 | lo);
            }
            if (ok) {
                uint8_t cs = ihex ? (uint8_t)(0x100 - (sum & 0xFF)) : (uint8_t)~sum;
                b->p[end - 2] = "0123456789ABCDEF"[cs >> 4];
                b->p[end - 1] = "0123456789ABCDEF"[cs & 15];
            }
        }
        i = end + 1;
    }
}

static int read_seed(const char *path, struct blob *b)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    b->p = malloc(MAX_INPUT);
    b->len = b->p ? fread(b->p, 1, MAX_INPUT, f) : 0;
    fclose(f);
    return b->p ? 0 : -1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    unsigned long iterations = 20000;
    double budget = 15.0;
    rng_state = 0x5D0C7012u;
    struct blob seeds[MAX_SEEDS];
    size_t nseeds = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            iterations = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "-t") && i + 1 < argc)
            budget = strtod(argv[++i], NULL);
        else if (!strcmp(argv[i], "-s") && i + 1 < argc)
            rng_state = strtoull(argv[++i], NULL, 0) | 1;
        else if (nseeds < MAX_SEEDS && read_seed(argv[i], &seeds[nseeds]) == 0)
            nseeds++;
        else {
            fprintf(stderr, "fuzz: cannot read seed %s\n", argv[i]);
            return 2;
        }
    }
    if (nseeds == 0) {
        fprintf(stderr, "usage: %s [-n ITERATIONS] [-t SECONDS] [-s SEED] FILE...\n", argv[0]);
        return 2;
    }
    /* The seeds as they are first: they must parse. */
    for (size_t i = 0; i < nseeds; i++)
        LLVMFuzzerTestOneInput(seeds[i].p, seeds[i].len);
    if (fuzz_outcomes.parsed != nseeds) {
        fprintf(stderr, "fuzz: %lu of %zu seeds do not parse\n",
                (unsigned long)nseeds - fuzz_outcomes.parsed, nseeds);
        return 1;
    }
    struct blob work = { malloc(MAX_INPUT), 0 };
    double start = now();
    unsigned long done = 0;
    for (; done < iterations; done++) {
        if (done % 256 == 0 && now() - start > budget)
            break;
        const struct blob *seed = &seeds[done % nseeds];
        memcpy(work.p, seed->p, seed->len);
        work.len = seed->len;
        for (size_t k = 1 + below(4); k > 0; k--)
            mutate(&work, seeds, nseeds);
        if (below(2))
            repair_checksums(&work);
        uint8_t *exact = malloc(work.len ? work.len : 1);
        memcpy(exact, work.p, work.len);
        LLVMFuzzerTestOneInput(exact, work.len);
        free(exact);
    }
    printf("fuzz: %lu inputs in %.1f s: %lu parsed; rejected: %lu format, %lu checksum, "
           "%lu overlap, %lu other\n", done + nseeds, now() - start, fuzz_outcomes.parsed,
           fuzz_outcomes.format, fuzz_outcomes.checksum, fuzz_outcomes.overlap,
           fuzz_outcomes.other);
    if (done < iterations)
        printf("fuzz: stopped at the %.0f s budget before %lu iterations\n", budget,
               iterations);
    free(work.p);
    for (size_t i = 0; i < nseeds; i++)
        free(seeds[i].p);
    return 0;
}
