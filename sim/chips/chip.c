/* The registry of simulated parts and the chip.h entry points, which look
 * the part up once and then call its family's operations table. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "chips/chip_family.h"

static const struct sim_chip_part *const tables[] = {
    sim_parts_f2f4f7, sim_parts_f0f1f3, sim_parts_l0l1,
    sim_parts_l4g0g4wbwlc0, sim_parts_l5u5, sim_parts_h7,
};

const struct sim_chip_part *sim_chip_find_part(const char *name)
{
    if (!name)
        return NULL;
    /* The row name is a prefix of the order code: STM32F407VGT6 is an
     * STM32F407VG in an LQFP100 package, same silicon. */
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        for (const struct sim_chip_part *p = tables[t]; p->name; p++) {
            if (strncasecmp(name, p->name, strlen(p->name)) == 0)
                return p;
        }
    }
    return NULL;
}

size_t sim_chip_nvm_size(const char *part)
{
    const struct sim_chip_part *p = sim_chip_find_part(part);
    return p ? p->family->nvm_size(p) : 0;
}

struct sim_chip *sim_chip_create(const struct sim_board_config *cfg,
                                 uint8_t *nvm, bool nvm_fresh,
                                 char *err, size_t errlen)
{
    const struct sim_chip_part *p = sim_chip_find_part(cfg ? cfg->part : NULL);
    if (!p) {
        snprintf(err, errlen, "unknown part \"%s\"", cfg ? cfg->part : "(null)");
        return NULL;
    }
    if (!nvm) {
        snprintf(err, errlen, "%s: no non-volatile state buffer", p->name);
        return NULL;
    }
    struct sim_chip *c = p->family->create(p, cfg, nvm, nvm_fresh, err, errlen);
    if (c) {
        c->part = p;
        c->family = p->family;
    }
    return c;
}

void sim_chip_destroy(struct sim_chip *chip)
{
    if (chip)
        chip->family->destroy(chip);
}

int sim_chip_load_flash(struct sim_chip *chip, uint32_t addr,
                        const uint8_t *data, size_t len)
{
    return chip->family->load_flash(chip, addr, data, len);
}

void sim_chip_power(struct sim_chip *chip, bool on)
{
    chip->family->power(chip, on);
}

void sim_chip_nrst(struct sim_chip *chip, bool low)
{
    chip->family->nrst(chip, low);
}

void sim_chip_tick(struct sim_chip *chip, sim_ns now)
{
    chip->family->tick(chip, now);
}

bool sim_chip_debug_port_alive(const struct sim_chip *chip)
{
    return chip->family->debug_port_alive(chip);
}

uint32_t sim_chip_dp_idcode(const struct sim_chip *chip,
                            enum sim_wire_protocol proto)
{
    return proto == SIM_WIRE_JTAG ? chip->part->jtag_idcode
                                  : chip->part->swdp_dpidr;
}

unsigned sim_chip_ap_count(const struct sim_chip *chip)
{
    return chip->part->n_aps;
}

uint32_t sim_chip_ap_idr(const struct sim_chip *chip, unsigned ap)
{
    return ap < chip->part->n_aps ? chip->part->ap_idr[ap] : 0;
}

uint32_t sim_chip_ap_base(const struct sim_chip *chip, unsigned ap)
{
    return ap < chip->part->n_aps ? chip->part->ap_base[ap] : 0;
}

enum sim_bus_access sim_chip_debug_read(struct sim_chip *chip, unsigned ap,
                                        uint32_t addr, unsigned size,
                                        uint32_t *val)
{
    if (ap >= chip->part->n_aps)
        return SIM_BUS_ACCESS_FAULT;
    return chip->family->debug_read(chip, ap, addr, size, val);
}

enum sim_bus_access sim_chip_debug_write(struct sim_chip *chip, unsigned ap,
                                         uint32_t addr, unsigned size,
                                         uint32_t val)
{
    if (ap >= chip->part->n_aps)
        return SIM_BUS_ACCESS_FAULT;
    return chip->family->debug_write(chip, ap, addr, size, val);
}

void sim_chip_debug_power(struct sim_chip *chip, bool system, bool debug)
{
    chip->family->debug_power(chip, system, debug);
}

const uint8_t *sim_chip_flash(const struct sim_chip *chip, uint32_t *base,
                              size_t *size)
{
    return chip->family->flash(chip, base, size);
}
