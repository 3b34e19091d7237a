/* The generic STM32's memory map (chips/mcu.h) as regions for the
 * core(s), and the debugger's view of the same bus: flash through the
 * controller plug-in (which applies RDP), WAIT while the controller is
 * busy, each access port's route (a core's PPB, the system bus only, or
 * the H7 APB debug bus). */
#include <string.h>

#include "chips/mcu.h"

/* The bootloader ROM is ST's and not ours: system memory holds a minimal
 * valid program (vector table, then a branch-to-self) so booting it runs
 * something that neither faults nor touches flash. */
#define SYSMEM_CODE_OFF     0x200u
#define SYSMEM_VECTORS      (SYSMEM_CODE_OFF / 4u)
#define THUMB_B_SELF        0xE7FEu        /* b . */
/* A fixed 96-bit unique ID (RM0090 §39.1: X/Y on wafer, wafer/lot number). */
static const uint32_t mcu_uid[3] = { 0x00360041u, 0x3234510Bu, 0x37333836u };

#define SRAM_BB_BASE        0x22000000u    /* ARMv7-M B3.4: SRAM bit-band alias */
#define SRAM_BB_SIZE        0x02000000u
#define BITBAND_SPAN        0x00100000u    /* 1 MiB of SRAM has an alias */
#define PPB_BASE            0xE0000000u
#define PPB_END             0xE0100000u
#define BLOCK_1K            0x400u
#define BLOCK_4K            0x1000u
/* H7 APB-AP (AP2): the APB-D debug bus, DBGMCU at 0xE00E1000 (RM0433
 * §60.2; stm32-families.md §1.1), ROM tables and CoreSight around it. */
#define APBD_BASE           0xE00E0000u
#define APBD_END            0xE0100000u
#define APBD_DBGMCU         0xE00E1000u

static uint32_t page_round(uint32_t n)
{
    return (n + BLOCK_4K - 1u) & ~(BLOCK_4K - 1u);
}

void mcu_build_sysmem(struct mcu *m)
{
    const struct mcu_layout *L = m->lay;
    if (!m->sysmem)
        return;
    uint8_t *p = m->sysmem;
    memset(p, 0xFF, L->sysmem_size);
    uint32_t sp = L->ram[0].base + m->ram_size[0];
    uint32_t handler = L->sysmem_base + SYSMEM_CODE_OFF + 1u;   /* Thumb */
    memcpy(p, &sp, 4);
    for (unsigned i = 1; i < SYSMEM_VECTORS; i++)
        memcpy(p + 4u * i, &handler, 4);
    uint16_t insn = THUMB_B_SELF;
    memcpy(p + SYSMEM_CODE_OFF, &insn, 2);
    if (L->uid_addr && L->uid_addr - L->sysmem_base + sizeof mcu_uid <= L->sysmem_size)
        memcpy(p + (L->uid_addr - L->sysmem_base), mcu_uid, sizeof mcu_uid);
    if (L->fsize_addr && L->fsize_addr - L->sysmem_base + 2u <= L->sysmem_size) {
        uint16_t fsize = (uint16_t)m->part->flash_kib;
        memcpy(p + (L->fsize_addr - L->sysmem_base), &fsize, 2);
    }
}

/* ---- Option bytes sharing the system page ---- */

static bool opt_in_sysmem(const struct mcu *m, uint32_t *off)
{
    const struct mcu_layout *L = m->lay;
    if (!m->sysmem || !L->optbytes_size ||
        L->optbytes_base - L->sysmem_base >= L->sysmem_size)
        return false;
    *off = L->optbytes_base - L->sysmem_base;
    return true;
}

void mcu_refresh_opt_mirror(struct mcu *m)
{
    uint32_t base;
    if (!m->fops->opt_read || !opt_in_sysmem(m, &base))
        return;
    uint32_t n = m->lay->optbytes_size;
    if (n > m->lay->sysmem_size - base)
        n = m->lay->sysmem_size - base;
    bool changed = false;
    for (uint32_t o = 0; o + 4u <= n; o += 4u) {
        uint32_t v = 0;
        if (m->fops->opt_read(m, SIM_BUS_CPU, o, 4, &v) != 0)
            continue;
        if (memcmp(m->sysmem + base + o, &v, 4) != 0) {
            memcpy(m->sysmem + base + o, &v, 4);
            changed = true;
        }
    }
    if (changed)
        mcu_sysmem_changed(m, base, n);
}

/* ---- Region callbacks ---- */

static int flash_rd(void *ctx, enum sim_bus_initiator who, uint32_t off,
                    unsigned size, uint32_t *val)
{
    struct mcu *m = ctx;
    if (off >= m->flash_size || size > m->flash_size - off)
        return -1;
    return m->fops->flash_read(m, who, off, size, val);
}

static int flash_wr(void *ctx, enum sim_bus_initiator who, uint32_t off,
                    unsigned size, uint32_t val)
{
    struct mcu *m = ctx;
    if (off >= m->flash_size || size > m->flash_size - off)
        return -1;
    return m->fops->flash_write(m, who, off, size, val);
}

static int opt_rd(void *ctx, enum sim_bus_initiator who, uint32_t off,
                  unsigned size, uint32_t *val)
{
    struct mcu *m = ctx;
    *val = 0;
    return m->fops->opt_read ? m->fops->opt_read(m, who, off, size, val) : 0;
}

static int opt_wr(void *ctx, enum sim_bus_initiator who, uint32_t off,
                  unsigned size, uint32_t val)
{
    struct mcu *m = ctx;
    if (!m->fops->opt_write)
        return 0;
    int rc = m->fops->opt_write(m, who, off, size, val);
    mcu_refresh_opt_mirror(m);
    return rc;
}

static int sys_rd(void *ctx, enum sim_bus_initiator who, uint32_t off,
                  unsigned size, uint32_t *val)
{
    struct mcu *m = ctx;
    uint32_t ob;
    if (off >= m->lay->sysmem_size || size > m->lay->sysmem_size - off)
        return -1;
    if (opt_in_sysmem(m, &ob) && off - ob < m->lay->optbytes_size)
        return opt_rd(m, who, off - ob, size, val);
    *val = 0;
    memcpy(val, m->sysmem + off, size);
    return 0;
}

static int sys_wr(void *ctx, enum sim_bus_initiator who, uint32_t off,
                  unsigned size, uint32_t val)
{
    struct mcu *m = ctx;
    uint32_t ob;
    if (off >= m->lay->sysmem_size || size > m->lay->sysmem_size - off)
        return -1;
    if (opt_in_sysmem(m, &ob) && off - ob < m->lay->optbytes_size)
        return opt_wr(m, who, off - ob, size, val);
    return m->fops->sys_write ? m->fops->sys_write(m, who, off, size, val) : 0;
}

static int flashif_rd(void *ctx, enum sim_bus_initiator who, uint32_t off,
                      unsigned size, uint32_t *val)
{
    struct mcu *m = ctx;
    *val = 0;
    return m->fops->reg_read ? m->fops->reg_read(m, who, off, size, val) : 0;
}

static int flashif_wr(void *ctx, enum sim_bus_initiator who, uint32_t off,
                      unsigned size, uint32_t val)
{
    struct mcu *m = ctx;
    int rc = m->fops->reg_write ? m->fops->reg_write(m, who, off, size, val) : 0;
    mcu_refresh_opt_mirror(m);
    return rc;
}

static void add_region(struct mcu *m, struct sim_region r)
{
    if (m->nregions < sizeof m->regions / sizeof m->regions[0])
        m->regions[m->nregions++] = r;
}

/* A register block on the peripheral bus, or its own region when it lies
 * outside it (DBGMCU in the PPB on M3/M4/M7/M33). */
static void place_block(struct mcu *m, const char *name, uint32_t base,
                        uint32_t size, sim_periph_read_fn rd,
                        sim_periph_write_fn wr)
{
    if (!base)
        return;
    if (base - m->pbus.base < m->pbus.size) {
        struct sim_periph p = { .name = name, .base = base, .size = size,
                                .read = rd, .write = wr, .ctx = m };
        (void)sim_periph_bus_add(&m->pbus, &p);
        return;
    }
    add_region(m, (struct sim_region){ .name = name, .base = base,
        .size = size < BLOCK_4K ? BLOCK_4K : size, .read = rd, .write = wr,
        .ctx = m });
}

void mcu_build_periph_bus(struct mcu *m)
{
    const struct mcu_layout *L = m->lay;
    sim_periph_bus_init(&m->pbus, L->periph_base, L->periph_size,
                        L->periph_bitband_base);
    if (L->pwr_base)
        place_block(m, "PWR", L->pwr_base, BLOCK_1K, mcu_pwr_read, mcu_pwr_write);
    if (L->gpio_base && L->gpio_ports)
        place_block(m, "GPIO", L->gpio_base, L->gpio_ports * L->gpio_stride,
                    mcu_gpio_read, mcu_gpio_write);
    if (L->afio_base)
        place_block(m, "AFIO", L->afio_base, BLOCK_1K, mcu_afio_read, mcu_afio_write);
    if (L->rcc_base)
        place_block(m, "RCC", L->rcc_base, BLOCK_1K, mcu_rcc_read, mcu_rcc_write);
    mcu_iwdg_add(m);                     /* none when L->iwdg_base is 0 */
    if (L->flashif_base)
        place_block(m, "FLASH", L->flashif_base,
                    L->flashif_size ? L->flashif_size : BLOCK_1K,
                    flashif_rd, flashif_wr);
}

/* Regions do not overlap (the alias at 0 aside): the first match wins for
 * the debugger and for the core's callbacks. */
void mcu_build_regions(struct mcu *m)
{
    const struct mcu_layout *L = m->lay;
    const unsigned flash_flags = SIM_REGION_EXEC | SIM_REGION_CPU_RO |
                                 SIM_REGION_DEBUG_CB;
    if (m->alias_at_0) {
        if (m->alias_src == L->flash_base)
            add_region(m, (struct sim_region){ .name = "boot-alias(flash)",
                .base = 0, .size = page_round(m->flash_size), .mem = m->flash,
                .flags = flash_flags, .read = flash_rd, .write = flash_wr,
                .ctx = m });
        else if (m->alias_src == L->sysmem_base)
            add_region(m, (struct sim_region){ .name = "boot-alias(system)",
                .base = 0, .size = L->sysmem_size, .mem = m->sysmem,
                .flags = flash_flags, .read = sys_rd, .write = sys_wr,
                .ctx = m });
        else
            add_region(m, (struct sim_region){ .name = "boot-alias(sram)",
                .base = 0, .size = page_round(m->ram_size[0]), .mem = m->ram[0],
                .flags = SIM_REGION_EXEC });
    }
    add_region(m, (struct sim_region){ .name = "flash", .base = L->flash_base,
        .size = page_round(m->flash_size), .mem = m->flash, .flags = flash_flags,
        .read = flash_rd, .write = flash_wr, .ctx = m });
    for (unsigned i = 0; i < MCU_MAX_RAMS; i++) {
        if (!m->ram[i])
            continue;
        add_region(m, (struct sim_region){ .name = L->ram[i].name,
            .base = L->ram[i].base, .size = page_round(m->ram_size[i]),
            .mem = m->ram[i],
            .flags = L->ram[i].no_exec ? 0u : SIM_REGION_EXEC });
    }
    if (L->sram_bitband && m->ram[0])
        add_region(m, (struct sim_region){ .name = "sram-bitband",
            .base = SRAM_BB_BASE, .size = SRAM_BB_SIZE,
            .read = sim_bitband_mem_read, .write = sim_bitband_mem_write,
            .ctx = &m->sram_bb });
    /* Option bytes inside the system page (F0/F1/F3, L4...) have no region
     * of their own: the page's callbacks route them (sys_rd/sys_wr), since
     * the core sends a CPU store to the first region holding the address
     * and that one must be the CPU_RO memory it trapped on. */
    uint32_t ob_off;
    if (L->optbytes_size && !opt_in_sysmem(m, &ob_off))
        add_region(m, (struct sim_region){ .name = "option-bytes",
            .base = L->optbytes_base, .size = L->optbytes_size,
            .read = opt_rd, .write = opt_wr, .ctx = m });
    if (m->sysmem)
        add_region(m, (struct sim_region){ .name = "system", .base = L->sysmem_base,
            .size = L->sysmem_size, .mem = m->sysmem, .flags = flash_flags,
            .read = sys_rd, .write = sys_wr, .ctx = m });
    add_region(m, (struct sim_region){ .name = "peripherals",
        .base = L->periph_base, .size = L->periph_size,
        .read = sim_periph_bus_read, .write = sim_periph_bus_write,
        .ctx = &m->pbus });
    place_block(m, "DBGMCU", L->dbgmcu_base, BLOCK_1K, mcu_dbgmcu_read,
                mcu_dbgmcu_write);
}

/* ---- Debug port side ---- */

bool mcu_debug_port_alive(const struct sim_chip *chip)
{
    const struct mcu *m = mcu_cof(chip);
    return m->powered && !m->hard_locked && m->fops->rdp_level(m) != 2 &&
           mcu_gpio_swd_pins_ok(m) && mcu_lowpower_debug_alive(m) &&
           (!m->fops->debug_alive || m->fops->debug_alive(m));
}

static const struct sim_region *find_region(const struct mcu *m, uint32_t addr)
{
    for (size_t i = 0; i < m->nregions; i++) {
        const struct sim_region *r = &m->regions[i];
        if (addr - r->base < r->size)
            return r;
    }
    return NULL;
}

static bool is_flash_backed(const struct sim_region *r)
{
    return r->read == flash_rd || r->read == sys_rd;
}

static enum sim_bus_access ppb_access(struct sim_core *core, bool write,
                                      uint32_t addr, unsigned size, uint32_t *val)
{
    /* The core's PPB parts are word registers.  A word write goes straight
     * through (reading first would clear DHCSR's sticky S_RESET_ST /
     * S_RETIRE_ST); narrower accesses use the word. */
    if (write && size == 4)
        return sim_core_ppb_write(core, addr, *val) == 0
                   ? SIM_BUS_ACCESS_OK : SIM_BUS_ACCESS_FAULT;
    uint32_t word_addr = addr & ~3u, word = 0;
    if (sim_core_ppb_read(core, word_addr, &word) != 0)
        return SIM_BUS_ACCESS_FAULT;
    if (!write) {
        *val = sim_reg_extract(word, addr, size);
        return SIM_BUS_ACCESS_OK;
    }
    word = sim_reg_merge(word, addr, size, *val);
    return sim_core_ppb_write(core, word_addr, word) == 0
               ? SIM_BUS_ACCESS_OK : SIM_BUS_ACCESS_FAULT;
}

static enum sim_bus_access apb_debug_access(struct mcu *m, bool write,
                                            uint32_t addr, unsigned size,
                                            uint32_t *val)
{
    if (addr - APBD_DBGMCU < BLOCK_4K) {
        int rc = write ? mcu_dbgmcu_write(m, SIM_BUS_DEBUG, addr - APBD_DBGMCU, size, *val)
                       : mcu_dbgmcu_read(m, SIM_BUS_DEBUG, addr - APBD_DBGMCU, size, val);
        return rc == 0 ? SIM_BUS_ACCESS_OK : SIM_BUS_ACCESS_FAULT;
    }
    if (addr < APBD_BASE || addr >= APBD_END)
        return SIM_BUS_ACCESS_FAULT;
    if (!write)
        *val = 0;                 /* CoreSight parts we do not model: RAZ/WI */
    return SIM_BUS_ACCESS_OK;
}

static enum sim_bus_access debug_access(struct sim_chip *chip, unsigned ap,
                                        bool write, uint32_t addr,
                                        unsigned size, uint32_t *val)
{
    struct mcu *m = mcu_of(chip);
    if (!m->powered || (size != 1 && size != 2 && size != 4) ||
        (addr & (size - 1u)))
        return SIM_BUS_ACCESS_FAULT;
    m->debug_connected = true;
    m->fops->update(m, sim_clock_now());
    /* The watchdog counted up to now under the freeze state before this
     * access (which may halt or resume the core, or change DBGMCU). */
    mcu_iwdg_sync(m, sim_clock_now());

    int route = ap < SIM_CHIP_MAX_APS ? m->part->ap_core[ap] : 0;
    if (route == SIM_AP_APB_DEBUG)
        return apb_debug_access(m, write, addr, size, val);
    const struct sim_region *r = find_region(m, addr);
    if (!r) {
        if (route < 0 || (unsigned)route >= m->n_cores ||
            addr < PPB_BASE || addr >= PPB_END)
            return SIM_BUS_ACCESS_FAULT;
        return ppb_access(m->core[route], write, addr, size, val);
    }
    uint32_t off = addr - r->base;
    if (r->mem && !(r->flags & SIM_REGION_DEBUG_CB)) {
        if (write) {
            memcpy(r->mem + off, val, size);
            if (r->flags & SIM_REGION_EXEC)
                for (unsigned i = 0; i < m->n_cores; i++)
                    sim_core_invalidate(m->core[i], addr, size);
        } else {
            *val = 0;
            memcpy(val, r->mem + off, size);
        }
        return SIM_BUS_ACCESS_OK;
    }
    if (is_flash_backed(r) && m->fops->busy(m))
        return SIM_BUS_ACCESS_WAIT;       /* AHB stalled: the DP answers WAIT */
    int rc = write ? r->write(r->ctx, SIM_BUS_DEBUG, off, size, *val)
                   : r->read(r->ctx, SIM_BUS_DEBUG, off, size, val);
    return rc == 0 ? SIM_BUS_ACCESS_OK : SIM_BUS_ACCESS_FAULT;
}

enum sim_bus_access mcu_debug_read(struct sim_chip *chip, unsigned ap, uint32_t addr,
                                   unsigned size, uint32_t *val)
{
    return debug_access(chip, ap, false, addr, size, val);
}

enum sim_bus_access mcu_debug_write(struct sim_chip *chip, unsigned ap, uint32_t addr,
                                    unsigned size, uint32_t val)
{
    return debug_access(chip, ap, true, addr, size, &val);
}

void mcu_debug_power(struct sim_chip *chip, bool system, bool debug)
{
    /* RM0090 §3.7.3: level 1 blocks flash "while the debug features are
     * connected"; a debugger that powered up the debug domain counts as
     * connected until the next power-on reset (stm32-families.md §4.1). */
    if (system || debug)
        mcu_of(chip)->debug_connected = true;
}
