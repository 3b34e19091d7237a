/* STM32F2/F4 family row data: flash geometry, nWRP width and the
 * datasheet timings per part group.  A new F2/F4 part with a known layout
 * is a row in chip.c pointing at one of these. */
#include "chips/f4.h"

/* DS8626 Table 40 (F405/407 flash characteristics), typical values;
 * stm32-families.md §3.  x64 needs VPP: the x32 figures are used. */
static const struct f4_erase_times f4_times_f40x = {
    .sector_16k  = { 400 * SIM_NS_PER_MS, 300 * SIM_NS_PER_MS,
                     250 * SIM_NS_PER_MS, 250 * SIM_NS_PER_MS },
    .sector_64k  = { 1200 * SIM_NS_PER_MS, 700 * SIM_NS_PER_MS,
                     550 * SIM_NS_PER_MS, 550 * SIM_NS_PER_MS },
    .sector_128k = { 2000 * SIM_NS_PER_MS, 1300 * SIM_NS_PER_MS,
                     1000 * SIM_NS_PER_MS, 1000 * SIM_NS_PER_MS },
    .mass        = { 16 * SIM_NS_PER_S, 11 * SIM_NS_PER_S,
                     8 * SIM_NS_PER_S, 8 * SIM_NS_PER_S },
    .program     = 16 * SIM_NS_PER_US,   /* word program, typ. */
    /* No datasheet figure for OPTSTRT: estimated as one 16 KiB erase at x32
     * (the controller erases and rewrites its option sector). */
    .options     = 250 * SIM_NS_PER_MS,
};

const struct f4_part f4_part_f40x_1m = {
    .largest_sector = 128 * 1024,
    .nwrp_bits = 12,
    .times = &f4_times_f40x,
};

/* F401xD/E, F411xC/E (512 KiB: 4x16, 64, 3x128 KiB; nWRP 8 bits).
 * stm32-families.md §3: sector times as F40x, mass erase of 512 KiB
 * x8 8 s, x16 5.5 s, x32 4 s typ. */
static const struct f4_erase_times f4_times_f4x1_512k = {
    .sector_16k  = { 400 * SIM_NS_PER_MS, 300 * SIM_NS_PER_MS,
                     250 * SIM_NS_PER_MS, 250 * SIM_NS_PER_MS },
    .sector_64k  = { 1200 * SIM_NS_PER_MS, 700 * SIM_NS_PER_MS,
                     550 * SIM_NS_PER_MS, 550 * SIM_NS_PER_MS },
    .sector_128k = { 2000 * SIM_NS_PER_MS, 1300 * SIM_NS_PER_MS,
                     1000 * SIM_NS_PER_MS, 1000 * SIM_NS_PER_MS },
    .mass        = { 8 * SIM_NS_PER_S, 5500 * SIM_NS_PER_MS,
                     4 * SIM_NS_PER_S, 4 * SIM_NS_PER_S },
    .program     = 16 * SIM_NS_PER_US,
    .options     = 250 * SIM_NS_PER_MS,
};

const struct f4_part f4_part_f4x1_512k = {
    .largest_sector = 128 * 1024,
    .nwrp_bits = 8,
    .times = &f4_times_f4x1_512k,
};
