/* STM32F2/F4 family: life cycle (create, nvm), power and resets, the
 * tick that runs the core and the flash controller, and the family's
 * operations table.  The memory map is f4_map.c, each peripheral its own
 * file (see f4.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chips/f4.h"

/* ---- nvm layout (ours): flash | trailer | option bytes | OTP ---- */
#define F4_NVM_MAGIC        "SDF4"
#define F4_NVM_VERSION      1u
#define F4_NVM_TRAILER_SIZE 16u
#define F4_NVM_VERSION_OFF  4u

/* ---- Resets ---- */

static void hook_sysresetreq(void *ctx)
{
    struct f4_chip *c = ctx;
    f4_system_reset(c, false);
    f4_rcc_reset(c, F4_RST_SOFTWARE);
    sim_core_reset(c->core, SIM_RESET_SYSTEM);
}

static void hook_lockup(void *ctx)
{
    /* RM0090 has no reset on lockup; the core stays locked until a reset
     * or the debugger; sim_core_state() reports it. */
    ((struct f4_chip *)ctx)->locked_up = true;
}

/* Everything but the core and RCC (whose reset flags depend on the cause):
 * option bytes reloaded (RM0090 §3.6.1: "loaded ... at reset"). */
void f4_system_reset(struct f4_chip *c, bool power_on)
{
    f4_flash_reset(c);
    f4_options_load(c);
    f4_gpio_reset(c);
    f4_lowpower_reset(c, power_on);
    c->locked_up = false;
    if (power_on)
        c->debug_connected = false;
}

static void f4_power(struct sim_chip *chip, bool on)
{
    struct f4_chip *c = f4_of(chip);
    if (on == c->powered)
        return;
    c->powered = on;
    if (!on) {
        sim_core_hold_reset(c->core, true);
        return;
    }
    /* SRAM/CCM content is lost without supply; backup SRAM is on VBAT. */
    memset(c->sram, 0, c->part->sram_kib * 1024u);
    if (c->ccm)
        memset(c->ccm, 0, c->part->ccm_kib * 1024u);
    f4_system_reset(c, true);
    f4_rcc_reset(c, F4_RST_POWER);
    if (c->ticked_until < sim_clock_now())
        c->ticked_until = sim_clock_now();
    if (c->apply_cfg_dbgmcu) {
        c->dbgmcu_cr = c->cfg_dbgmcu_cr;
        c->apply_cfg_dbgmcu = false;
    }
    sim_core_reset(c->core, SIM_RESET_POWER_ON);
    sim_core_hold_reset(c->core, c->nrst_low);
}

/* NRST low resets the peripherals at once (GPIOs back to AF0: the debug
 * port answers under reset) and holds the core; the rising edge reloads
 * the option bytes and starts the core. */
static void f4_nrst(struct sim_chip *chip, bool low)
{
    struct f4_chip *c = f4_of(chip);
    if (low == c->nrst_low)
        return;
    c->nrst_low = low;
    if (!c->powered)
        return;
    if (low) {
        f4_system_reset(c, false);
        f4_rcc_reset(c, F4_RST_PIN);
        sim_core_hold_reset(c->core, true);
    } else {
        f4_options_load(c);
        sim_core_reset(c->core, SIM_RESET_SYSTEM);
        sim_core_hold_reset(c->core, false);
    }
}

/* Let the core run up to `t`.  While the chip is off or in reset the core
 * is held and only its time base moves (it must not later "catch up" that
 * time).  Fetches from flash stall while the controller is busy (RM0090
 * §3.5: a read of flash during BSY stalls the bus until the end of the
 * operation): a core that was executing from flash when BSY rose gets no
 * clock for that time (hz 0: sim_core_run_until then runs nothing). */
static void run_core(struct f4_chip *c, sim_ns t)
{
    if (c->powered && !c->nrst_low && c->fl.op != F4_OP_NONE &&
        c->fl.core_stalled) {
        sim_core_set_hz(c->core, 0);
        sim_core_run_until(c->core, t);
        sim_core_set_hz(c->core, c->rcc.hclk_hz);
        return;
    }
    sim_core_run_until(c->core, t);
}

static void f4_tick(struct sim_chip *chip, sim_ns now)
{
    struct f4_chip *c = f4_of(chip);
    if (!c->powered) {
        run_core(c, now);           /* held: keeps the core's time base */
        c->ticked_until = now;
        return;
    }
    sim_ns t = c->ticked_until < now ? c->ticked_until : now;
    do {
        sim_ns stop = now;
        if (c->fl.op != F4_OP_NONE && c->fl.busy_until > t &&
            c->fl.busy_until < stop)
            stop = c->fl.busy_until;
        bool fine = c->cpu_started_op || f4_flash_program_armed(c);
        if (fine && stop - t > c->fp->times->program)
            stop = t + c->fp->times->program;
        c->cpu_started_op = false;
        c->cpu_now = t;
        c->in_core_run = true;
        run_core(c, stop);
        c->in_core_run = false;
        f4_flash_flush_invalidations(c);
        f4_flash_update(c, stop);
        t = stop;
    } while (t < now);
    c->ticked_until = now;
    f4_lowpower_tick(c);
}
/* ---- Life cycle ---- */

static size_t f4_nvm_size(const struct sim_chip_part *p)
{
    return (size_t)p->flash_kib * 1024u + F4_NVM_TRAILER_SIZE +
           F4_NVM_OPTIONS_SIZE + F4_OTP_SIZE;
}

static void *alloc_mem(size_t size)
{
    void *p = aligned_alloc(4096, (size + 4095u) & ~(size_t)4095u);
    if (p)
        memset(p, 0, size);
    return p;
}

static void f4_destroy(struct sim_chip *chip)
{
    struct f4_chip *c = f4_of(chip);
    if (c->core)
        sim_core_destroy(c->core);
    free(c->syspage);
    free(c->sram);
    free(c->ccm);
    free(c->bkpsram);
    free(c);
}

static bool setup_nvm(struct f4_chip *c, const struct sim_board_config *cfg,
                      bool fresh, char *err, size_t errlen)
{
    uint8_t *trailer = c->flash + c->flash_size;
    c->nvm_options = trailer + F4_NVM_TRAILER_SIZE;
    c->nvm_otp = c->nvm_options + F4_NVM_OPTIONS_SIZE;
    if (fresh) {
        memset(c->flash, 0xFF, c->flash_size);          /* erased */
        memset(trailer, 0, F4_NVM_TRAILER_SIZE);
        memcpy(trailer, F4_NVM_MAGIC, 4);
        trailer[F4_NVM_VERSION_OFF] = F4_NVM_VERSION;
        memset(c->nvm_otp, 0xFF, F4_OTP_SIZE);          /* OTP erased */
        f4_options_init_fresh(c, cfg);
        return true;
    }
    if (memcmp(trailer, F4_NVM_MAGIC, 4) != 0 ||
        trailer[F4_NVM_VERSION_OFF] != F4_NVM_VERSION) {
        snprintf(err, errlen, "%s: saved state is not an STM32F2/F4 state of "
                 "version %u", c->part->name, F4_NVM_VERSION);
        return false;
    }
    return true;
}

static struct sim_chip *f4_create(const struct sim_chip_part *part,
                                  const struct sim_board_config *cfg,
                                  uint8_t *nvm, bool nvm_fresh,
                                  char *err, size_t errlen)
{
    struct f4_chip *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "%s: out of memory", part->name);
        return NULL;
    }
    c->base.part = part;
    c->base.family = part->family;
    c->part = part;
    c->fp = part->family_data;
    c->nvm = nvm;
    c->flash = nvm;
    c->flash_size = part->flash_kib * 1024u;
    c->boot0 = cfg->boot0;
    c->apply_cfg_dbgmcu = nvm_fresh;
    c->cfg_dbgmcu_cr = cfg->dbgmcu_cr;
    c->nrst_low = false;
    if (!setup_nvm(c, cfg, nvm_fresh, err, errlen)) {
        free(c);
        return NULL;
    }
    c->syspage = alloc_mem(F4_SYSPAGE_SIZE);
    c->sram = alloc_mem(part->sram_kib * 1024u);
    c->ccm = part->ccm_kib ? alloc_mem(part->ccm_kib * 1024u) : NULL;
    c->bkpsram = alloc_mem(F4_BKPSRAM_SIZE);
    if (!c->syspage || !c->sram || (part->ccm_kib && !c->ccm) || !c->bkpsram) {
        snprintf(err, errlen, "%s: out of memory", part->name);
        f4_destroy(&c->base);
        return NULL;
    }
    c->sram_bb = (struct sim_bitband_mem){ c->sram, part->sram_kib * 1024u };
    f4_build_syspage(c);
    f4_build_periph_bus(c);
    f4_build_regions(c);

    struct sim_core_config cc = {
        .kind = part->core_kind, .cpuid = part->cpuid, .hz = part->reset_hz,
        .fpb_code_comparators = part->fpb_code,
        .fpb_literal_comparators = part->fpb_literal,
        .dwt_comparators = part->dwt,
        .boot_address = 0,          /* the boot alias decides what is at 0 */
    };
    struct sim_core_hooks hooks = {
        .ctx = c, .sleep = f4_core_sleep_hook,
        .sysresetreq = hook_sysresetreq, .lockup = hook_lockup,
    };
    c->core = sim_core_create(&cc, c->regions, c->nregions, &hooks);
    if (!c->core) {
        snprintf(err, errlen, "%s: cannot create the Cortex-M core", part->name);
        f4_destroy(&c->base);
        return NULL;
    }
    sim_core_hold_reset(c->core, true);     /* powered off */
    /* Registers have their reset values even before power-on. */
    f4_system_reset(c, true);
    f4_rcc_reset(c, F4_RST_POWER);
    return &c->base;
}

static int f4_load_flash(struct sim_chip *chip, uint32_t addr,
                         const uint8_t *data, size_t len)
{
    struct f4_chip *c = f4_of(chip);
    if (addr < F4_FLASH_BASE || addr - F4_FLASH_BASE > c->flash_size ||
        len > c->flash_size - (addr - F4_FLASH_BASE))
        return -1;
    memcpy(c->flash + (addr - F4_FLASH_BASE), data, len);
    sim_core_invalidate(c->core, addr, (uint32_t)len);
    if (!c->boot0)
        sim_core_invalidate(c->core, addr - F4_FLASH_BASE, (uint32_t)len);
    return 0;
}

static const uint8_t *f4_flash(const struct sim_chip *chip, uint32_t *base,
                               size_t *size)
{
    const struct f4_chip *c = (const struct f4_chip *)chip;
    if (base)
        *base = F4_FLASH_BASE;
    if (size)
        *size = c->flash_size;
    return c->flash;
}

const struct sim_chip_family sim_family_f2f4 = {
    .name = "STM32F2/F4",
    .nvm_size = f4_nvm_size,
    .create = f4_create,
    .destroy = f4_destroy,
    .load_flash = f4_load_flash,
    .power = f4_power,
    .nrst = f4_nrst,
    .tick = f4_tick,
    .debug_port_alive = f4_debug_port_alive,
    .debug_read = f4_debug_read,
    .debug_write = f4_debug_write,
    .debug_power = f4_debug_power,
    .flash = f4_flash,
};
