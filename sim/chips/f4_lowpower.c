/* STM32F2/F4 low power and its effect on the debug port: DBGMCU (RM0090
 * §38.16; stm32-families.md §5), PWR_CR/CSR (RM0090 §5.4) and the core's
 * sleep hook.  WFI/WFE with SCB_SCR.SLEEPDEEP enters STOP, or STANDBY
 * with PWR_CR.PDDS (RM0090 §5.3); in those modes the debug port stops
 * answering unless DBGMCU_CR.DBG_STOP / DBG_STANDBY keeps the debug
 * clocks alive.  Plain sleep keeps the debug port alive (DBG_SLEEP only
 * keeps HCLK running for the core). */
#include "chips/f4.h"

/* DBGMCU registers (offsets from 0xE0042000) */
#define DBGMCU_IDCODE    0x00u
#define DBGMCU_CR        0x04u
#define DBGMCU_APB1_FZ   0x08u
#define DBGMCU_APB2_FZ   0x0Cu
#define DBGMCU_IDCODE_REV_SHIFT 16u

#define DBGMCU_CR_DBG_SLEEP    (1u << 0)
#define DBGMCU_CR_DBG_STOP     (1u << 1)
#define DBGMCU_CR_DBG_STANDBY  (1u << 2)
#define DBGMCU_CR_TRACE_IOEN   (1u << 5)
#define DBGMCU_CR_TRACE_MODE   (3u << 6)
#define DBGMCU_CR_MASK   (DBGMCU_CR_DBG_SLEEP | DBGMCU_CR_DBG_STOP | \
                          DBGMCU_CR_DBG_STANDBY | DBGMCU_CR_TRACE_IOEN | \
                          DBGMCU_CR_TRACE_MODE)
/* Implemented freeze bits (RM0090 §38.16.4/5): timers, RTC, WWDG, IWDG,
 * I2C SMBus timeouts, CAN / TIM1, TIM8-TIM11. */
#define DBGMCU_APB1_FZ_MASK 0x06E01DFFu
#define DBGMCU_APB2_FZ_MASK 0x00070003u

/* PWR registers (RM0090 §5.4) */
#define PWR_CR           0x00u
#define PWR_CSR          0x04u
#define PWR_CR_LPDS      (1u << 0)
#define PWR_CR_PDDS      (1u << 1)
#define PWR_CR_CWUF      (1u << 2)
#define PWR_CR_CSBF      (1u << 3)
#define PWR_CR_VOS       (1u << 14)
#define PWR_CR_RESET     PWR_CR_VOS
#define PWR_CR_MASK      0x000043F3u      /* LPDS PDDS PVDE PLS DBP FPDS VOS */
#define PWR_CSR_WUF      (1u << 0)
#define PWR_CSR_SBF      (1u << 1)
#define PWR_CSR_BRR      (1u << 3)
#define PWR_CSR_EWUP     (1u << 8)
#define PWR_CSR_BRE      (1u << 9)
#define PWR_CSR_VOSRDY   (1u << 14)
#define PWR_CSR_WRITABLE (PWR_CSR_EWUP | PWR_CSR_BRE)

void f4_lowpower_reset(struct f4_chip *c, bool power_on)
{
    c->lp = F4_RUN;
    c->pwr_cr = PWR_CR_RESET;
    if (power_on) {
        /* DBGMCU_CR is reset by power-on only (stm32-families.md §5), so
         * a debugger can set it before a system reset. */
        c->dbgmcu_cr = 0;
        c->dbgmcu_apb1_fz = 0;
        c->dbgmcu_apb2_fz = 0;
        c->pwr_csr = 0;
    }
    /* The regulator is ready as soon as the chip runs (no VOS ramp). */
    c->pwr_csr |= PWR_CSR_VOSRDY;
}

void f4_core_sleep_hook(void *ctx, bool deep)
{
    struct f4_chip *c = ctx;
    if (!deep) {
        c->lp = F4_SLEEP;
        return;
    }
    if (c->pwr_cr & PWR_CR_PDDS) {
        c->lp = F4_STANDBY;
        c->pwr_csr |= PWR_CSR_SBF;
    } else {
        c->lp = F4_STOP;
    }
    /* RM0090 §5.3.5: leaving STOP, the system runs on HSI. */
    f4_rcc_enter_stop(c);
}

/* The core leaves sleep on an event we model (debugger halt, a wake-up
 * source of the core) or a reset (which clears c->lp itself). */
void f4_lowpower_tick(struct f4_chip *c)
{
    if (c->lp != F4_RUN && sim_core_state(c->core) != SIM_CORE_SLEEPING)
        c->lp = F4_RUN;
}

bool f4_lowpower_debug_alive(const struct f4_chip *c)
{
    switch (c->lp) {
    case F4_STOP:    return (c->dbgmcu_cr & DBGMCU_CR_DBG_STOP) != 0;
    case F4_STANDBY: return (c->dbgmcu_cr & DBGMCU_CR_DBG_STANDBY) != 0;
    case F4_RUN:
    case F4_SLEEP:   break;
    }
    return true;
}

int f4_dbgmcu_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                   unsigned size, uint32_t *val)
{
    (void)who;
    const struct f4_chip *c = ctx;
    uint32_t reg;
    switch (off & ~3u) {
    case DBGMCU_IDCODE:
        reg = ((uint32_t)c->part->rev_id << DBGMCU_IDCODE_REV_SHIFT) |
              c->part->dev_id;
        break;
    case DBGMCU_CR:      reg = c->dbgmcu_cr; break;
    case DBGMCU_APB1_FZ: reg = c->dbgmcu_apb1_fz; break;
    case DBGMCU_APB2_FZ: reg = c->dbgmcu_apb2_fz; break;
    default:             reg = 0; break;
    }
    *val = sim_reg_extract(reg, off, size);
    return 0;
}

int f4_dbgmcu_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                    unsigned size, uint32_t val)
{
    (void)who;
    struct f4_chip *c = ctx;
    switch (off & ~3u) {
    case DBGMCU_CR:
        c->dbgmcu_cr = sim_reg_merge(c->dbgmcu_cr, off, size, val) & DBGMCU_CR_MASK;
        break;
    case DBGMCU_APB1_FZ:
        c->dbgmcu_apb1_fz = sim_reg_merge(c->dbgmcu_apb1_fz, off, size, val) &
                            DBGMCU_APB1_FZ_MASK;
        break;
    case DBGMCU_APB2_FZ:
        c->dbgmcu_apb2_fz = sim_reg_merge(c->dbgmcu_apb2_fz, off, size, val) &
                            DBGMCU_APB2_FZ_MASK;
        break;
    default:
        break;                            /* IDCODE is read-only */
    }
    return 0;
}

int f4_pwr_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                unsigned size, uint32_t *val)
{
    (void)who;
    const struct f4_chip *c = ctx;
    uint32_t reg = 0;
    if ((off & ~3u) == PWR_CR)
        reg = c->pwr_cr;
    else if ((off & ~3u) == PWR_CSR)
        reg = c->pwr_csr;
    *val = sim_reg_extract(reg, off, size);
    return 0;
}

int f4_pwr_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                 unsigned size, uint32_t val)
{
    (void)who;
    struct f4_chip *c = ctx;
    if ((off & ~3u) == PWR_CR) {
        uint32_t v = sim_reg_merge(c->pwr_cr, off, size, val);
        if (v & PWR_CR_CWUF)
            c->pwr_csr &= ~PWR_CSR_WUF;
        if (v & PWR_CR_CSBF)
            c->pwr_csr &= ~PWR_CSR_SBF;
        c->pwr_cr = v & PWR_CR_MASK;
    } else if ((off & ~3u) == PWR_CSR) {
        uint32_t v = sim_reg_merge(c->pwr_csr, off, size, val);
        c->pwr_csr = (c->pwr_csr & ~PWR_CSR_WRITABLE) | (v & PWR_CSR_WRITABLE);
        /* The backup regulator is ready when enabled. */
        c->pwr_csr = (c->pwr_csr & PWR_CSR_BRE) ? (c->pwr_csr | PWR_CSR_BRR)
                                                : (c->pwr_csr & ~PWR_CSR_BRR);
    }
    return 0;
}
