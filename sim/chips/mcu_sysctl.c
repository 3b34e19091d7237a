/* System control of the generic STM32: DBGMCU (stm32-families.md §5),
 * PWR and RCC as register files with reset values and ready-bit mirrors
 * from the layout, the reset-cause flags, the core's sleep hook and what
 * STOP/STANDBY do to the debug port.
 *
 * WFI/WFE with SCB_SCR.SLEEPDEEP enters STOP, or STANDBY when the PWR
 * low-power field says so (F1/F4 PWR_CR.PDDS, L4/G0/U5 PWR_CR1.LPMS); in
 * those modes the debug port stops answering unless DBGMCU_CR keeps the
 * debug clocks alive (DBG_STOP / DBG_STANDBY bits from the layout).  Plain
 * sleep keeps the debug port alive. */
#include <string.h>

#include "chips/mcu.h"

/* DBGMCU (RM0090 §38.16; same first words on every family) */
#define DBGMCU_IDCODE    0x00u
#define DBGMCU_CR        0x04u
#define DBGMCU_FZ0       0x08u         /* APB1_FZ (F2/F4), APB_FZ1 (L4)... */
#define DBGMCU_IDCODE_REV_SHIFT 16u
#define DBGMCU_FZ_COUNT  (sizeof ((struct mcu *)0)->dbgmcu_fz / sizeof(uint32_t))

#define RCC_REGS         (sizeof ((struct mcu *)0)->rcc / sizeof(uint32_t))
#define PWR_REGS         (sizeof ((struct mcu *)0)->pwr / sizeof(uint32_t))

/* ---- Register files ---- */

static void apply_init(uint32_t *regs, size_t n, const struct mcu_reg_init *init)
{
    /* Unused rows are {0, 0}: a zero reset value is the default anyway. */
    for (unsigned i = 0; i < MCU_MAX_RULES; i++)
        if (init[i].value && init[i].off / 4u < n)
            regs[init[i].off / 4u] = init[i].value;
}

static uint32_t apply_mirrors(uint32_t v, uint32_t off,
                              const struct mcu_reg_mirror *mir)
{
    for (unsigned i = 0; i < MCU_MAX_RULES; i++) {
        const struct mcu_reg_mirror *r = &mir[i];
        if (!r->mask || r->off != off)
            continue;
        v = (v & ~(r->mask << r->shift)) | ((v & r->mask) << r->shift);
    }
    return v;
}

static uint32_t bit_of(uint8_t bit)
{
    return bit ? 1u << bit : 0u;      /* no reset flag lives in bit 0 */
}

static uint32_t csr_flags(const struct mcu_layout *L)
{
    return bit_of(L->rcc_pinrst_bit) | bit_of(L->rcc_porrst_bit) |
           bit_of(L->rcc_sftrst_bit) | bit_of(L->rcc_iwdgrst_bit) |
           bit_of(L->rcc_borrst_bit);
}

static void rcc_reset(struct mcu *m, enum mcu_reset_cause why)
{
    const struct mcu_layout *L = m->lay;
    if (!L->rcc_base)
        return;                       /* the family's own RCC block */
    uint32_t csr = L->rcc_csr_off / 4u;
    uint32_t flags = csr && csr < RCC_REGS ? m->rcc[csr] & csr_flags(L) : 0;
    memset(m->rcc, 0, sizeof m->rcc);
    apply_init(m->rcc, RCC_REGS, L->rcc_reset);
    if (!csr || csr >= RCC_REGS)
        return;
    /* The flags survive every reset but power-on, which sets POR (and BOR
     * where it has its own flag) and PIN; every internal reset also drives
     * NRST low, so PINRSTF comes with it (RM0090 §7.1.2, RM0351 §6.1.2). */
    switch (why) {
    case MCU_RST_POWER:
        flags = bit_of(L->rcc_porrst_bit) | bit_of(L->rcc_borrst_bit) |
                bit_of(L->rcc_pinrst_bit);
        break;
    case MCU_RST_PIN:
        flags |= bit_of(L->rcc_pinrst_bit);
        break;
    case MCU_RST_SOFTWARE:
        flags |= bit_of(L->rcc_sftrst_bit) | bit_of(L->rcc_pinrst_bit);
        break;
    case MCU_RST_IWDG:
        flags |= bit_of(L->rcc_iwdgrst_bit) | bit_of(L->rcc_pinrst_bit);
        break;
    }
    m->rcc[csr] |= flags;
}

void mcu_sysctl_reset(struct mcu *m, enum mcu_reset_cause why)
{
    m->lp = MCU_RUN;
    rcc_reset(m, why);
    memset(m->pwr, 0, sizeof m->pwr);
    apply_init(m->pwr, PWR_REGS, m->lay->pwr_reset);
    if (why == MCU_RST_POWER) {
        /* DBGMCU_CR is reset by power-on only (stm32-families.md §5), so a
         * debugger can set it before a system reset. */
        m->dbgmcu_cr = 0;
        memset(m->dbgmcu_fz, 0, sizeof m->dbgmcu_fz);
    }
}

int mcu_rcc_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                 unsigned size, uint32_t *val)
{
    (void)who;
    const struct mcu *m = ctx;
    uint32_t r = off & ~3u, reg = 0;
    if (r / 4u < RCC_REGS)
        reg = apply_mirrors(m->rcc[r / 4u], r, m->lay->rcc_mirror);
    *val = sim_reg_extract(reg, off, size);
    return 0;
}

int mcu_rcc_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                  unsigned size, uint32_t val)
{
    (void)who;
    struct mcu *m = ctx;
    uint32_t r = off & ~3u;
    if (r / 4u >= RCC_REGS)
        return 0;
    uint32_t v = sim_reg_merge(m->rcc[r / 4u], off, size, val);
    if (m->lay->rcc_csr_off && r == m->lay->rcc_csr_off) {
        /* Reset flags are read-only; writing RMVF clears them all, and
         * RMVF itself does not stay set (RM0090 §7.3.21, RM0351 §6.4.29). */
        uint32_t f = csr_flags(m->lay);
        uint32_t rmvf = bit_of(m->lay->rcc_rmvf_bit);
        uint32_t keep = (v & rmvf) ? 0u : (m->rcc[r / 4u] & f);
        v = (v & ~(f | rmvf)) | keep;
    }
    m->rcc[r / 4u] = v;
    return 0;
}

int mcu_pwr_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                 unsigned size, uint32_t *val)
{
    (void)who;
    const struct mcu *m = ctx;
    uint32_t r = off & ~3u, reg = 0;
    if (r / 4u < PWR_REGS)
        reg = apply_mirrors(m->pwr[r / 4u], r, m->lay->pwr_mirror);
    *val = sim_reg_extract(reg, off, size);
    return 0;
}

int mcu_pwr_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                  unsigned size, uint32_t val)
{
    (void)who;
    struct mcu *m = ctx;
    uint32_t r = off & ~3u;
    if (r / 4u < PWR_REGS)
        m->pwr[r / 4u] = sim_reg_merge(m->pwr[r / 4u], off, size, val);
    return 0;
}

/* ---- DBGMCU ---- */

int mcu_dbgmcu_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                    unsigned size, uint32_t *val)
{
    (void)who;
    const struct mcu *m = ctx;
    uint32_t r = off & ~3u, reg = 0;
    if (r == DBGMCU_IDCODE)
        reg = ((uint32_t)m->part->rev_id << DBGMCU_IDCODE_REV_SHIFT) |
              m->part->dev_id;
    else if (r == DBGMCU_CR)
        reg = m->dbgmcu_cr;
    else if (r >= DBGMCU_FZ0 && (r - DBGMCU_FZ0) / 4u < DBGMCU_FZ_COUNT)
        reg = m->dbgmcu_fz[(r - DBGMCU_FZ0) / 4u];
    *val = sim_reg_extract(reg, off, size);
    return 0;
}

int mcu_dbgmcu_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                     unsigned size, uint32_t val)
{
    (void)who;
    struct mcu *m = ctx;
    uint32_t r = off & ~3u;
    if (r == DBGMCU_CR)
        m->dbgmcu_cr = sim_reg_merge(m->dbgmcu_cr, off, size, val);
    else if (r >= DBGMCU_FZ0 && (r - DBGMCU_FZ0) / 4u < DBGMCU_FZ_COUNT)
        m->dbgmcu_fz[(r - DBGMCU_FZ0) / 4u] =
            sim_reg_merge(m->dbgmcu_fz[(r - DBGMCU_FZ0) / 4u], off, size, val);
    return 0;                         /* IDCODE is read-only */
}

/* ---- Low power ---- */

static bool standby_selected(const struct mcu *m)
{
    const struct mcu_layout *L = m->lay;
    if (!L->pwr_lp_mask || L->pwr_lp_off / 4u >= PWR_REGS)
        return false;
    uint32_t v = (m->pwr[L->pwr_lp_off / 4u] & L->pwr_lp_mask) >> L->pwr_lp_shift;
    return v >= L->pwr_lp_standby;
}

void mcu_core_sleep_hook(void *ctx, bool deep)
{
    struct mcu *m = ctx;
    if (!deep) {
        m->lp = MCU_SLEEP;
        return;
    }
    m->lp = standby_selected(m) ? MCU_STANDBY : MCU_STOP;
    /* Leaving STOP the system runs on its reset clock (HSI/MSI; RM0090
     * §5.3.5).  A register-file RCC only tells the core; a family RCC
     * switches its registers in the hook. */
    if (m->lay->rcc_base)
        mcu_set_core_hz(m, m->part->reset_hz);
    if (m->fops->lowpower)
        m->fops->lowpower(m);
}

/* The core leaves sleep on an event we model (debugger halt, a wake-up
 * source of the core) or a reset (which clears m->lp itself). */
void mcu_lowpower_tick(struct mcu *m)
{
    if (m->lp != MCU_RUN && m->core[0] &&
        sim_core_state(m->core[0]) != SIM_CORE_SLEEPING)
        m->lp = MCU_RUN;
}

bool mcu_lowpower_debug_alive(const struct mcu *m)
{
    switch (m->lp) {
    case MCU_STOP:    return (m->dbgmcu_cr & m->lay->dbgmcu_cr_stop) != 0;
    case MCU_STANDBY: return (m->dbgmcu_cr & m->lay->dbgmcu_cr_standby) != 0;
    case MCU_RUN:
    case MCU_SLEEP:   break;
    }
    return true;
}
