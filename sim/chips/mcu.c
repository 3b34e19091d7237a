/* The generic STM32 (chips/mcu.h): life cycle and nvm layout, power and
 * resets, the tick that runs the core(s) and the flash controller, the
 * services a controller plug-in uses, and the family's operations table.
 * The memory map and debug routing are mcu_map.c, GPIO mcu_gpio.c, DBGMCU
 * / PWR / RCC mcu_sysctl.c.
 *
 * Time (history: the F2/F4 model this grew from): the core runs a slice of
 * virtual time at once and its accesses are dated at the slice start
 * (cpu_now).  Once the CPU starts a flash operation, or the controller is
 * armed for programming, slices shrink to one program time, so a loader
 * that polls BSY programs one unit per tPROG as on silicon rather than one
 * per host tick. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chips/mcu.h"

/* ---- nvm layout (ours): flash | trailer | controller nvm ----
 * trailer: [0..3] magic, [4] version, [8..11] tag of the controller
 * generation (FNV-1a of its name), so a state file of another family is
 * refused instead of misread. */
#define MCU_NVM_MAGIC        "SDMC"
#define MCU_NVM_VERSION      1u
#define MCU_NVM_TRAILER_SIZE 16u
#define MCU_NVM_VERSION_OFF  4u
#define MCU_NVM_TAG_OFF      8u

#define FNV_OFFSET           2166136261u
#define FNV_PRIME            16777619u

/* CPU's PC sample (ARMv7-M C1.8.7 DWT_PCSR): tells whether the core is
 * executing from flash when the controller becomes busy. */
#define DWT_PCSR             0xE000101Cu

/* Longest slice of CPU time (watchdog helper): CPU accesses are dated at
 * the slice start, so this bounds their error. */
#define MCU_SLICE_MAX_NS     SIM_NS_PER_MS

static const struct mcu_part_data *pdata_of(const struct sim_chip_part *p)
{
    return p->family_data;
}

static uint32_t family_tag(const struct mcu_flash_ops *f)
{
    uint32_t h = FNV_OFFSET;
    for (const char *s = f->name ? f->name : ""; *s; s++)
        h = (h ^ (uint8_t)*s) * FNV_PRIME;
    return h;
}

static size_t ctl_size(const struct sim_chip_part *p)
{
    const struct mcu_flash_ops *f = pdata_of(p)->flash;
    return f->nvm_size ? f->nvm_size(p) : 0;
}

/* ---- Services for the controller plug-ins ---- */

sim_ns mcu_now(const struct mcu *m)
{
    return m->in_core_run ? m->cpu_now : sim_clock_now();
}

static bool core_in_flash(const struct mcu *m)
{
    uint32_t pc = 0;
    if (!m->core[0] || sim_core_ppb_read(m->core[0], DWT_PCSR, &pc) != 0)
        return false;
    uint32_t fb = m->lay->flash_base;
    if (pc - fb < m->flash_size)
        return true;
    return m->alias_at_0 && m->alias_src == fb && pc < m->alias_size;
}

void mcu_flash_op_started(struct mcu *m)
{
    m->core_stalled = core_in_flash(m);
    if (m->in_core_run)
        m->cpu_started_op = true;
}

void mcu_flash_op_ended(struct mcu *m)
{
    m->core_stalled = false;
}

/* A change made by a CPU store is queued and handed to the core when the
 * slice of CPU time ends: asking the core to drop code from inside a store
 * would stop the emulator in the middle of that instruction. */
static void queue_range(struct mcu_inval *q, uint32_t off, uint32_t len)
{
    if (!q->pending) {
        *q = (struct mcu_inval){ off, off + len, true };
        return;
    }
    if (off < q->lo)
        q->lo = off;
    if (off + len > q->hi)
        q->hi = off + len;
}

static void invalidate_all_cores(struct mcu *m, uint32_t addr, uint32_t len)
{
    /* The core drops the aliases of the same bytes (at 0) itself. */
    for (unsigned i = 0; i < m->n_cores; i++)
        sim_core_invalidate(m->core[i], addr, len);
}

void mcu_flash_changed(struct mcu *m, uint32_t off, uint32_t len)
{
    if (m->in_core_run)
        queue_range(&m->inval_flash, off, len);
    else
        invalidate_all_cores(m, m->lay->flash_base + off, len);
}

void mcu_sysmem_changed(struct mcu *m, uint32_t off, uint32_t len)
{
    if (m->in_core_run)
        queue_range(&m->inval_sys, off, len);
    else
        invalidate_all_cores(m, m->lay->sysmem_base + off, len);
}

void mcu_flush_invalidations(struct mcu *m)
{
    struct mcu_inval f = m->inval_flash, s = m->inval_sys;
    m->inval_flash.pending = m->inval_sys.pending = false;
    if (f.pending)
        mcu_flash_changed(m, f.lo, f.hi - f.lo);
    if (s.pending)
        mcu_sysmem_changed(m, s.lo, s.hi - s.lo);
}

void mcu_flash_erase_all(struct mcu *m)
{
    memset(m->flash, m->fops->erased, m->flash_size);
    mcu_flash_changed(m, 0, m->flash_size);
}

bool mcu_rdp1_blocks_debug(const struct mcu *m)
{
    /* RM0090 §3.7.3 and every family's equivalent: level 1 blocks flash
     * while the debug features are connected (since power-on,
     * stm32-families.md §4.1) or after booting from RAM / system memory. */
    return m->debug_connected ||
           m->boot_addr - m->lay->flash_base >= m->flash_size;
}

void mcu_set_core_hz(struct mcu *m, uint32_t hz)
{
    m->core_hz = hz;
    if (m->core[0])
        sim_core_set_hz(m->core[0], hz);
}

void mcu_core_hold(struct mcu *m, unsigned idx, bool held)
{
    if (idx >= MCU_MAX_CORES)
        return;
    m->core_held[idx] = held;
    if (idx < m->n_cores && m->core[idx])
        sim_core_hold_reset(m->core[idx], held || !m->powered || m->nrst_low);
}

/* ---- Resets ---- */

/* Where the cores boot, from the loaded option bytes and BOOT0: with the
 * alias at 0 (Cortex-M0/M0+/M3/M4 parts) the core fetches its vector
 * table there when the alias shows the chosen memory; otherwise (M7/M33:
 * BOOT_ADD, NSBOOTADD; or the option bytes changed what boots since the
 * alias was mapped) straight from the memory's own address. */
static void choose_boot(struct mcu *m)
{
    uint32_t b = m->fops->boot_address ? m->fops->boot_address(m)
                                       : m->lay->flash_base;
    m->boot_addr = b;
    uint32_t core_boot = b;
    if (m->alias_at_0 && b - m->alias_src < m->alias_size)
        core_boot = b - m->alias_src;
    if (m->core[0])
        sim_core_set_boot_address(m->core[0], core_boot);
    if (m->n_cores > 1) {
        uint32_t b2 = m->fops->boot_address2 ? m->fops->boot_address2(m)
                                             : MCU_BOOT_HELD;
        m->core_held[1] = b2 == MCU_BOOT_HELD;
        if (!m->core_held[1] && m->core[1])
            sim_core_set_boot_address(m->core[1], b2);
    }
}

/* Everything but the cores: registers to their reset values, option bytes
 * reloaded, boot memory chosen. */
static void chip_reset(struct mcu *m, enum mcu_reset_cause why)
{
    bool por = why == MCU_RST_POWER;
    m->reset_cause = why;
    m->reset_pending = false;
    m->core_stalled = false;
    m->locked_up = false;
    if (por)
        m->debug_connected = false;
    mcu_set_core_hz(m, m->part->reset_hz);
    m->fops->reset(m, por);
    mcu_gpio_reset(m);
    mcu_sysctl_reset(m, why);
    mcu_iwdg_reset(m);
    mcu_refresh_opt_mirror(m);
    choose_boot(m);
}

static void hold_cores(struct mcu *m, bool held)
{
    for (unsigned i = 0; i < m->n_cores; i++)
        sim_core_hold_reset(m->core[i], held || m->core_held[i]);
}

static void reset_cores(struct mcu *m, enum sim_reset_kind kind)
{
    for (unsigned i = 0; i < m->n_cores; i++)
        sim_core_reset(m->core[i], kind);
    hold_cores(m, !m->powered || m->nrst_low);
}

static void software_reset(struct mcu *m)
{
    chip_reset(m, MCU_RST_SOFTWARE);
    reset_cores(m, SIM_RESET_SYSTEM);
}

/* The independent watchdog expired: a system reset like SYSRESETREQ, with
 * IWDGRSTF instead of SFTRSTF (RM0090 §7.1.2: it also pulses NRST). */
static void watchdog_reset(struct mcu *m)
{
    chip_reset(m, MCU_RST_IWDG);
    reset_cores(m, SIM_RESET_SYSTEM);
}

void mcu_system_reset(struct mcu *m)
{
    if (m->in_core_run) {
        m->reset_pending = true;
        return;
    }
    software_reset(m);
}

static void hook_sysresetreq(void *ctx)
{
    /* AIRCR.SYSRESETREQ resets the whole chip (RM0090 §7.1.2). */
    software_reset(ctx);
}

static void hook_lockup(void *ctx)
{
    /* No STM32 resets on lockup; the core stays locked until a reset or
     * the debugger (sim_core_state() reports it). */
    ((struct mcu *)ctx)->locked_up = true;
}

static void mcu_power(struct sim_chip *chip, bool on)
{
    struct mcu *m = mcu_of(chip);
    if (on == m->powered)
        return;
    m->powered = on;
    if (!on) {
        hold_cores(m, true);
        return;
    }
    /* SRAM content is lost without supply. */
    for (unsigned i = 0; i < MCU_MAX_RAMS; i++)
        if (m->ram[i])
            memset(m->ram[i], 0, m->ram_size[i]);
    chip_reset(m, MCU_RST_POWER);
    if (m->ticked_until < sim_clock_now())
        m->ticked_until = sim_clock_now();
    if (m->apply_cfg_dbgmcu) {
        m->dbgmcu_cr = m->cfg_dbgmcu_cr;
        m->apply_cfg_dbgmcu = false;
    }
    reset_cores(m, SIM_RESET_POWER_ON);
}

/* NRST low resets the peripherals at once (GPIOs back to their reset
 * state: the debug port answers under reset) and holds the cores; the
 * rising edge reloads the option bytes and starts the cores. */
static void mcu_nrst(struct sim_chip *chip, bool low)
{
    struct mcu *m = mcu_of(chip);
    if (low == m->nrst_low)
        return;
    m->nrst_low = low;
    if (!m->powered)
        return;
    chip_reset(m, MCU_RST_PIN);
    if (low)
        hold_cores(m, true);
    else
        reset_cores(m, SIM_RESET_SYSTEM);
}

/* ---- Tick ---- */

/* Let the cores run up to `t`.  While the chip is off or in reset they are
 * held and only their time base moves.  Fetches from flash stall while the
 * controller is busy (RM0090 §3.5 and every family's equivalent): a core
 * that was executing from flash when BSY rose gets no clock for that time. */
static void run_cores(struct mcu *m, sim_ns t)
{
    bool stall = m->powered && !m->nrst_low && m->core_stalled &&
                 m->fops->busy(m);
    for (unsigned i = 0; i < m->n_cores; i++) {
        if (i == 0 && stall) {
            sim_core_set_hz(m->core[0], 0);
            sim_core_run_until(m->core[0], t);
            sim_core_set_hz(m->core[0], m->core_hz);
        } else {
            sim_core_run_until(m->core[i], t);
        }
    }
}

static sim_ns slice_end(struct mcu *m, sim_ns t, sim_ns now)
{
    const struct mcu_flash_ops *f = m->fops;
    sim_ns stop = now;
    if (f->busy(m) && f->busy_until) {
        sim_ns bu = f->busy_until(m);
        if (bu > t && bu < stop)
            stop = bu;
    }
    bool fine = m->cpu_started_op || (f->program_armed && f->program_armed(m));
    sim_ns p = f->program_ns ? f->program_ns(m) : 0;
    if (fine && p && stop - t > p)
        stop = t + p;
    /* (watchdog helper) The IWDG resets the chip at its deadline; and no
     * slice is longer than MCU_SLICE_MAX_NS, so a CPU access (dated at the
     * slice start) is never further than that from its true time: a
     * firmware refreshing its watchdog in a long host tick is not reset. */
    sim_ns wd = mcu_iwdg_deadline(m);
    if (wd > t && wd < stop)
        stop = wd;
    if (stop - t > MCU_SLICE_MAX_NS)
        stop = t + MCU_SLICE_MAX_NS;
    return stop;
}

static void mcu_tick(struct sim_chip *chip, sim_ns now)
{
    struct mcu *m = mcu_of(chip);
    if (!m->powered) {
        run_cores(m, now);          /* held: keeps the cores' time base */
        m->ticked_until = now;
        return;
    }
    sim_ns t = m->ticked_until < now ? m->ticked_until : now;
    do {
        sim_ns stop = slice_end(m, t, now);
        m->cpu_started_op = false;
        m->cpu_now = t;
        m->in_core_run = true;
        run_cores(m, stop);
        m->in_core_run = false;
        mcu_flush_invalidations(m);
        if (m->reset_pending)
            software_reset(m);
        mcu_iwdg_sync(m, stop);
        if (mcu_iwdg_expired(m, stop))
            watchdog_reset(m);
        m->fops->update(m, stop);
        if (!m->fops->busy(m))
            m->core_stalled = false;
        mcu_refresh_opt_mirror(m);
        t = stop;
    } while (t < now);
    m->ticked_until = now;
    mcu_lowpower_tick(m);
}

/* ---- Life cycle ---- */

static size_t mcu_nvm_size(const struct sim_chip_part *p)
{
    return (size_t)p->flash_kib * 1024u + MCU_NVM_TRAILER_SIZE + ctl_size(p);
}

static void *alloc_mem(size_t size)
{
    size_t n = (size + 4095u) & ~(size_t)4095u;
    void *p = aligned_alloc(4096, n ? n : 4096);
    if (p)
        memset(p, 0, n ? n : 4096);
    return p;
}

static void mcu_destroy(struct sim_chip *chip)
{
    struct mcu *m = mcu_of(chip);
    for (unsigned i = 0; i < MCU_MAX_CORES; i++)
        if (m->core[i])
            sim_core_destroy(m->core[i]);
    if (m->fc && m->fops->destroy)
        m->fops->destroy(m->fc);
    free(m->sysmem);
    for (unsigned i = 0; i < MCU_MAX_RAMS; i++)
        free(m->ram[i]);
    free(m);
}

static bool setup_nvm(struct mcu *m, const struct sim_board_config *cfg,
                      bool fresh, char *err, size_t errlen)
{
    uint8_t *trailer = m->flash + m->flash_size;
    m->nvm_ctl = trailer + MCU_NVM_TRAILER_SIZE;
    uint32_t tag = family_tag(m->fops);
    if (fresh) {
        memset(m->flash, m->fops->erased, m->flash_size);
        memset(trailer, 0, MCU_NVM_TRAILER_SIZE);
        memcpy(trailer, MCU_NVM_MAGIC, 4);
        trailer[MCU_NVM_VERSION_OFF] = MCU_NVM_VERSION;
        memcpy(trailer + MCU_NVM_TAG_OFF, &tag, 4);
        if (m->fops->init_fresh)
            m->fops->init_fresh(m, cfg);
        return true;
    }
    if (memcmp(trailer, MCU_NVM_MAGIC, 4) != 0 ||
        trailer[MCU_NVM_VERSION_OFF] != MCU_NVM_VERSION ||
        memcmp(trailer + MCU_NVM_TAG_OFF, &tag, 4) != 0) {
        snprintf(err, errlen, "%s: saved state is not a %s state of version %u",
                 m->part->name, m->fops->name, MCU_NVM_VERSION);
        return false;
    }
    return true;
}

static uint32_t ram_kib(const struct sim_chip_part *p, unsigned i,
                        const struct mcu_ram *r)
{
    /* kib 0: the part row's size (ram[0]: sram_kib; others: ccm_kib). */
    if (r->kib)
        return r->kib;
    return i == 0 ? p->sram_kib : p->ccm_kib;
}

static bool alloc_memories(struct mcu *m)
{
    const struct mcu_layout *L = m->lay;
    for (unsigned i = 0; i < MCU_MAX_RAMS; i++) {
        if (!L->ram[i].name)
            continue;
        uint32_t kib = ram_kib(m->part, i, &L->ram[i]);
        if (!kib)
            continue;
        m->ram_size[i] = kib * 1024u;
        m->ram[i] = alloc_mem(m->ram_size[i]);
        if (!m->ram[i])
            return false;
    }
    if (L->sysmem_size) {
        m->sysmem = alloc_mem(L->sysmem_size);
        if (!m->sysmem)
            return false;
    }
    return true;
}

/* The vector table is fetched at 0 on cores whose boot memory is aliased
 * there (RM0090 §2.4, RM0008 §3.4 ...); Cortex-M7 and M33 parts boot from
 * an address in the option bytes instead (RM0385 §2.5, RM0438 §2.6). */
static void choose_alias(struct mcu *m)
{
    enum sim_core_kind k = m->part->core_kind;
    m->alias_at_0 = k != SIM_CORE_M7 && k != SIM_CORE_M33;
    if (!m->alias_at_0)
        return;
    uint32_t b = m->fops->boot_address ? m->fops->boot_address(m)
                                       : m->lay->flash_base;
    const struct mcu_layout *L = m->lay;
    if (m->sysmem && b - L->sysmem_base < L->sysmem_size) {
        m->alias_src = L->sysmem_base;
        m->alias_size = L->sysmem_size;
    } else if (m->ram[0] && b - L->ram[0].base < m->ram_size[0]) {
        m->alias_src = L->ram[0].base;
        m->alias_size = m->ram_size[0];
    } else {
        m->alias_src = L->flash_base;
        m->alias_size = m->flash_size;
    }
}

static bool create_cores(struct mcu *m)
{
    const struct sim_chip_part *p = m->part;
    struct sim_core_config cc = {
        .kind = p->core_kind, .cpuid = p->cpuid, .hz = p->reset_hz,
        .fpb_code_comparators = p->fpb_code,
        .fpb_literal_comparators = p->fpb_literal,
        .dwt_comparators = p->dwt,
        .boot_address = 0,      /* choose_boot() sets it at each reset */
    };
    struct sim_core_hooks hooks = {
        .ctx = m, .sleep = mcu_core_sleep_hook,
        .sysresetreq = hook_sysresetreq, .lockup = hook_lockup,
    };
    m->core[0] = sim_core_create(&cc, m->regions, m->nregions, &hooks);
    if (!m->core[0])
        return false;
    m->n_cores = 1;
    if (!p->core2_cpuid)
        return true;
    /* The second core shares the bus; the shell's low-power decode follows
     * core 0 only. */
    cc.kind = p->core2_kind;
    cc.cpuid = p->core2_cpuid;
    cc.hz = p->core2_hz ? p->core2_hz : p->reset_hz;
    hooks.sleep = NULL;
    m->core[1] = sim_core_create(&cc, m->regions, m->nregions, &hooks);
    if (!m->core[1])
        return false;
    m->n_cores = 2;
    return true;
}

static struct sim_chip *mcu_create(const struct sim_chip_part *part,
                                   const struct sim_board_config *cfg,
                                   uint8_t *nvm, bool nvm_fresh,
                                   char *err, size_t errlen)
{
    const struct mcu_part_data *pd = pdata_of(part);
    if (!pd || !pd->layout || !pd->flash) {
        snprintf(err, errlen, "%s: part row has no layout or flash controller",
                 part->name);
        return NULL;
    }
    struct mcu *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, errlen, "%s: out of memory", part->name);
        return NULL;
    }
    m->base.part = part;
    m->base.family = part->family;
    m->part = part;
    m->lay = pd->layout;
    m->fops = pd->flash;
    m->fdata = pd->flash_data;
    m->nvm = nvm;
    m->flash = nvm;
    m->flash_size = part->flash_kib * 1024u;
    m->boot0 = cfg->boot0;
    m->apply_cfg_dbgmcu = nvm_fresh;
    m->cfg_dbgmcu_cr = cfg->dbgmcu_cr;
    m->core_hz = part->reset_hz;
    m->fc = m->fops->create ? m->fops->create(m) : NULL;
    if (m->fops->create && !m->fc) {
        snprintf(err, errlen, "%s: cannot create the flash controller", part->name);
        mcu_destroy(&m->base);
        return NULL;
    }
    if (!setup_nvm(m, cfg, nvm_fresh, err, errlen)) {
        mcu_destroy(&m->base);
        return NULL;
    }
    if (!alloc_memories(m)) {
        snprintf(err, errlen, "%s: out of memory", part->name);
        mcu_destroy(&m->base);
        return NULL;
    }
    m->sram_bb = (struct sim_bitband_mem){ m->ram[0], m->ram_size[0] };
    mcu_build_sysmem(m);
    /* Option bytes loaded, so the boot memory (and the alias) is known. */
    m->fops->reset(m, true);
    choose_alias(m);
    mcu_build_periph_bus(m);
    mcu_build_regions(m);
    if (m->fops->add_peripherals)
        m->fops->add_peripherals(m);
    if (!create_cores(m)) {
        snprintf(err, errlen, "%s: cannot create the Cortex-M core", part->name);
        mcu_destroy(&m->base);
        return NULL;
    }
    /* Registers have their reset values even before power-on. */
    chip_reset(m, MCU_RST_POWER);
    hold_cores(m, true);            /* powered off */
    return &m->base;
}

static int mcu_load_flash(struct sim_chip *chip, uint32_t addr,
                          const uint8_t *data, size_t len)
{
    struct mcu *m = mcu_of(chip);
    uint32_t off = addr - m->lay->flash_base;
    if (addr < m->lay->flash_base || off > m->flash_size ||
        len > m->flash_size - off)
        return -1;
    memcpy(m->flash + off, data, len);
    mcu_flash_changed(m, off, (uint32_t)len);
    return 0;
}

static const uint8_t *mcu_flash_image(const struct sim_chip *chip,
                                      uint32_t *base, size_t *size)
{
    const struct mcu *m = mcu_cof(chip);
    if (base)
        *base = m->lay->flash_base;
    if (size)
        *size = m->flash_size;
    return m->flash;
}

const struct sim_chip_family sim_family_mcu = {
    .name = "STM32 (generic)",
    .nvm_size = mcu_nvm_size,
    .create = mcu_create,
    .destroy = mcu_destroy,
    .load_flash = mcu_load_flash,
    .power = mcu_power,
    .nrst = mcu_nrst,
    .tick = mcu_tick,
    .debug_port_alive = mcu_debug_port_alive,
    .debug_read = mcu_debug_read,
    .debug_write = mcu_debug_write,
    .debug_power = mcu_debug_power,
    .flash = mcu_flash_image,
};
