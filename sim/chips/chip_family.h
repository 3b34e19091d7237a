/* The chip registry's inside: one row per part, one operations table per
 * family.  chip.c looks a part up in the tables below and calls its family
 * through the table.  Every family's chip object starts with
 * `struct sim_chip` so the registry can reach the part and the ops
 * without knowing the family.
 *
 * Today every part uses the generic STM32 (chips/mcu.h, sim_family_mcu):
 * a new part of a known flash-controller generation is a row in
 * parts_<fam>.c (IDs from stm32-families.md §1, sizes, core, debug port)
 * pointing at a struct mcu_part_data {layout, controller, row data}; a
 * new generation is a controller plug-in fc_<gen>.c (see mcu.h) and its
 * tests/unit/sim/test_fc_<gen>.c.  Generic pieces to reuse: periph_bus.c
 * (RAZ/WI peripheral space, bit-band). */
#ifndef SIM_CHIP_FAMILY_H
#define SIM_CHIP_FAMILY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chips/chip.h"
#include "cpu/core.h"

#define SIM_CHIP_MAX_APS 4

struct sim_chip_family;

/* One part: identity and sizes (stm32-families.md §1). */
struct sim_chip_part {
    const char *name;                /* "STM32F407VG" (prefix of the order code) */
    const struct sim_chip_family *family;
    uint16_t dev_id;                 /* DBGMCU_IDCODE[11:0] */
    uint16_t rev_id;                 /* DBGMCU_IDCODE[31:16] */
    uint32_t flash_kib;              /* main flash, also the flash-size register */
    uint32_t sram_kib;               /* contiguous SRAM at 0x20000000 */
    uint32_t ccm_kib;                /* core-coupled (data) RAM, 0 if none */
    /* Core */
    enum sim_core_kind core_kind;
    uint32_t cpuid;
    uint32_t reset_hz;               /* core clock after reset */
    unsigned fpb_code, fpb_literal, dwt;
    /* Debug port (stm32-families.md §1.3) */
    uint32_t swdp_dpidr;
    uint32_t jtag_idcode;
    unsigned n_aps;
    uint32_t ap_idr[SIM_CHIP_MAX_APS];
    uint32_t ap_base[SIM_CHIP_MAX_APS];
    /* Which core each AP reaches (its PPB and its view of the bus):
     * 0 or 1, or SIM_AP_SYSTEM (bus only, H7 AP1), SIM_AP_APB_DEBUG (H7
     * AP2: the APB debug bus with DBGMCU at 0xE00E1000).  All zero: every
     * AP reaches core 0. */
    int8_t ap_core[SIM_CHIP_MAX_APS];
    /* Second core (H745/H747 Cortex-M4 on AP3; WB/WL CPU2): cpuid 0 if none. */
    enum sim_core_kind core2_kind;
    uint32_t core2_cpuid;
    uint32_t core2_hz;
    /* Family-specific row data (sector layout, timings...), or NULL. */
    const void *family_data;
};

#define SIM_AP_SYSTEM    (-1)
#define SIM_AP_APB_DEBUG (-2)

/* What a family implements.  Identification (DP IDCODE, APs) comes from
 * the part row in chip.c and needs no entry here. */
struct sim_chip_family {
    const char *name;
    size_t (*nvm_size)(const struct sim_chip_part *part);
    struct sim_chip *(*create)(const struct sim_chip_part *part,
                               const struct sim_board_config *cfg,
                               uint8_t *nvm, bool nvm_fresh,
                               char *err, size_t errlen);
    void (*destroy)(struct sim_chip *chip);
    int (*load_flash)(struct sim_chip *chip, uint32_t addr,
                      const uint8_t *data, size_t len);
    void (*power)(struct sim_chip *chip, bool on);
    void (*nrst)(struct sim_chip *chip, bool low);
    void (*tick)(struct sim_chip *chip, sim_ns now);
    bool (*debug_port_alive)(const struct sim_chip *chip);
    enum sim_bus_access (*debug_read)(struct sim_chip *chip, unsigned ap,
                                      uint32_t addr, unsigned size,
                                      uint32_t *val);
    enum sim_bus_access (*debug_write)(struct sim_chip *chip, unsigned ap,
                                       uint32_t addr, unsigned size,
                                       uint32_t val);
    void (*debug_power)(struct sim_chip *chip, bool system, bool debug);
    const uint8_t *(*flash)(const struct sim_chip *chip, uint32_t *base,
                            size_t *size);
};

/* Common head of every family's chip object. */
struct sim_chip {
    const struct sim_chip_part *part;
    const struct sim_chip_family *family;
};

/* Families: the generic STM32 (chips/mcu.h) with one flash-controller
 * plug-in per generation. */
extern const struct sim_chip_family sim_family_mcu;

/* Part tables, one per family file (parts_<fam>.c), each ended by a row
 * with name == NULL.  chip.c searches them in this order. */
extern const struct sim_chip_part sim_parts_f0f1f3[];
extern const struct sim_chip_part sim_parts_f2f4f7[];
extern const struct sim_chip_part sim_parts_l0l1[];
extern const struct sim_chip_part sim_parts_l4g0g4wbwlc0[];
extern const struct sim_chip_part sim_parts_l5u5[];
extern const struct sim_chip_part sim_parts_h7[];

/* The part row for a name ("STM32F407VG", "stm32f407vgt6"), or NULL. */
const struct sim_chip_part *sim_chip_find_part(const char *name);

#endif
