/* The board around a chip (board.h): supply, NRST wiring, SWD wiring and
 * its clock limit, the factory firmware image, and the board's place on
 * the bench's clock.  The chip model (chips/chip.h) and the debug port
 * (dap/dap.h) do the rest. */
#include "board/board.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board/image.h"
#include "chips/chip.h"
#include "clock.h"
#include "dap/dap.h"

struct sim_board {
    struct sim_board_config cfg;
    struct sim_chip *chip;
    struct sim_dap *dap;
    bool probe_nrst_low;     /* what the probe drives */
    bool chip_nrst_low;      /* what the chip's pin sees */
};

size_t sim_board_nvm_size(const struct sim_board_config *cfg)
{
    return sim_chip_nvm_size(cfg->part);
}

static void board_ticker(void *ctx, sim_ns now)
{
    sim_board_tick(ctx, now);
}

static int load_sink(void *ctx, uint32_t addr, const uint8_t *data,
                     size_t len)
{
    return sim_chip_load_flash(ctx, addr, data, len);
}

/* The level on the chip's NRST pin for a probe drive, by wiring. */
static bool nrst_level(const struct sim_board *b)
{
    switch (b->cfg.nrst) {
    case SIM_NRST_STUCK_LOW:    return true;
    case SIM_NRST_UNCONNECTED:  return false; /* the chip's own pull-up */
    default:                    return b->probe_nrst_low;
    }
}

static bool config_ok(const struct sim_board_config *cfg, uint8_t *nvm,
                      char *err, size_t errlen)
{
    if (memchr(cfg->part, '\0', sizeof cfg->part) == NULL ||
        sim_chip_nvm_size(cfg->part) == 0) {
        snprintf(err, errlen, "unknown part '%.*s'",
                 (int)sizeof cfg->part, cfg->part);
        return false;
    }
    if (!nvm) {
        snprintf(err, errlen, "part '%s': no non-volatile state given",
                 cfg->part);
        return false;
    }
    if (memchr(cfg->firmware, '\0', sizeof cfg->firmware) == NULL) {
        snprintf(err, errlen, "firmware path too long");
        return false;
    }
    if (cfg->nrst != SIM_NRST_WIRED && cfg->nrst != SIM_NRST_UNCONNECTED &&
        cfg->nrst != SIM_NRST_STUCK_LOW) {
        snprintf(err, errlen, "unknown NRST wiring %d", (int)cfg->nrst);
        return false;
    }
    return true;
}

struct sim_board *sim_board_create(const struct sim_board_config *cfg,
                                   uint8_t *nvm, bool nvm_fresh,
                                   char *err, size_t errlen)
{
    if (!config_ok(cfg, nvm, err, errlen))
        return NULL;
    struct sim_board *b = calloc(1, sizeof *b);
    if (!b) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    b->cfg = *cfg;
    b->chip = sim_chip_create(cfg, nvm, nvm_fresh, err, errlen);
    if (!b->chip) {
        free(b);
        return NULL;
    }
    /* Only a fresh chip gets the image: a kept state is the flash the
     * chip already has, as after a power cycle. */
    if (nvm_fresh && cfg->firmware[0] &&
        sim_image_load(cfg->firmware, load_sink, b->chip, err, errlen) != 0) {
        sim_chip_destroy(b->chip);
        free(b);
        return NULL;
    }
    b->dap = sim_dap_create(b->chip);
    if (!b->dap) {
        snprintf(err, errlen, "out of memory");
        sim_chip_destroy(b->chip);
        free(b);
        return NULL;
    }
    sim_dap_set_line(b->dap, cfg->powered && cfg->swdio_connected,
                     cfg->swd_max_khz);

    /* NRST is at its wired level as the supply comes up: a stuck-low
     * line holds the chip in reset from its first instant.  Virtual time
     * 0 is power-on (ARCHITECTURE.md "Time on the bench"). */
    b->chip_nrst_low = nrst_level(b);
    if (b->chip_nrst_low)
        sim_chip_nrst(b->chip, true);
    if (cfg->powered)
        sim_chip_power(b->chip, true);
    if (b->chip_nrst_low)
        sim_chip_nrst(b->chip, true);
    sim_clock_add_ticker(board_ticker, b);
    return b;
}

void sim_board_destroy(struct sim_board *b)
{
    if (!b)
        return;
    sim_clock_remove_ticker(board_ticker, b);
    sim_dap_destroy(b->dap);
    sim_chip_destroy(b->chip);
    free(b);
}

unsigned sim_board_target_mv(const struct sim_board *b)
{
    return b->cfg.powered ? b->cfg.vdd_mv : 0;
}

void sim_board_drive_nrst(struct sim_board *b, bool low)
{
    b->probe_nrst_low = low;
    bool level = nrst_level(b);
    if (level == b->chip_nrst_low)
        return;
    b->chip_nrst_low = level;
    sim_chip_nrst(b->chip, level);
}

bool sim_board_nrst_is_low(const struct sim_board *b)
{
    return b->chip_nrst_low;
}

void sim_board_wire_connect(struct sim_board *b, enum sim_wire_protocol p,
                            unsigned khz)
{
    sim_dap_connect(b->dap, p, khz);
}

void sim_board_wire_set_khz(struct sim_board *b, unsigned khz)
{
    sim_dap_set_khz(b->dap, khz);
}

/* The wire's time (sim_cost_swd_transfer) and the swd_transfers count
 * are charged by the probe firmware, which clocks the wire (probe/
 * dap_access.c); the board only carries the bits. */
enum sim_ack sim_board_wire_transfer(struct sim_board *b, bool ap, bool read,
                                     uint8_t addr, uint32_t *data)
{
    return sim_dap_transfer(b->dap, ap, read, addr, data);
}

void sim_board_tick(struct sim_board *b, sim_ns now)
{
    sim_chip_tick(b->chip, now);
}

const uint8_t *sim_board_flash(const struct sim_board *b, uint32_t *base,
                               size_t *size)
{
    return sim_chip_flash(b->chip, base, size);
}
