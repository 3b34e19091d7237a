/* Independent watchdog (IWDG) of the generic STM32 (chips/mcu.h): the
 * same block on every family (RM0008 §19, RM0090 §19, RM0091 §20,
 * RM0351 §32, RM0433 §45 IWDG1): KR 0x00, PR 0x04, RLR 0x08, SR 0x0C,
 * WINR 0x10 where the family has the window option.
 *
 *   KR:   0x5555 unlocks PR/RLR/WINR, 0xAAAA reloads the counter with
 *         RLR, 0xCCCC starts the watchdog (and reloads); any other key
 *         locks PR/RLR/WINR again.  Once started only a reset stops it.
 *   PR:   prescaler PR[2:0]: LSI / 4 << PR (6 and 7 both /256).
 *   RLR:  RL[11:0], reset 0xFFF.
 *   SR:   PVU 0, RVU 1, WVU 2: a PR/RLR/WINR write is being copied to the
 *         LSI domain (up to 5 LSI periods, RM0090 §19.4.4).
 *   WINR: WIN[11:0], reset 0xFFF; writing it reloads the counter (RM0091
 *         §20.3.3); a reload while the counter is above WIN resets.
 *
 * The counter decrements at LSI / prescaler and the chip resets when it
 * passes 0: (RL + 1) prescaled ticks after the last reload (RM0090 Table
 * 107: /4, RL 0 -> 0.125 ms, RL 0xFFF -> 512 ms at 32 kHz).  It is kept as
 * the virtual time of that reset (struct mcu_iwdg.deadline); while the
 * core is halted with the family's DBGMCU freeze bit set (stm32-families.md
 * §5) the counter stops, i.e. the deadline moves with the time.  The shell
 * (mcu.c) cuts CPU slices at the deadline and performs the system reset
 * (IWDGRSTF in the reset flags, mcu_sysctl.c). */
#include <string.h>

#include "chips/mcu.h"

#define IWDG_KR          0x00u
#define IWDG_PR          0x04u
#define IWDG_RLR         0x08u
#define IWDG_SR          0x0Cu
#define IWDG_WINR        0x10u
#define IWDG_BLOCK       0x400u

#define KR_KEY_MASK      0xFFFFu
#define KR_UNLOCK        0x5555u
#define KR_RELOAD        0xAAAAu
#define KR_START         0xCCCCu
#define PR_MASK          0x7u
#define PR_MAX_SHIFT     6u          /* PR 6 and 7: /256 */
#define PR_BASE_DIV      4u
#define RL_MASK          0xFFFu
#define RLR_RESET        0xFFFu
#define WINR_RESET       0xFFFu
#define SR_PVU           (1u << 0)
#define SR_RVU           (1u << 1)
#define SR_WVU           (1u << 2)
/* "up to 5 RC 40 kHz cycles" (RM0008 §19.4.4 PVU/RVU): LSI periods. */
#define UPDATE_LSI_CYCLES 5u
#define NEVER            UINT64_MAX

static bool present(const struct mcu *m)
{
    return m->lay->iwdg_base && m->lay->lsi_hz;
}

/* One prescaled counter tick, in ns * LSI Hz (exact integer arithmetic). */
static uint64_t prescaler(uint32_t pr)
{
    uint32_t sh = pr & PR_MASK;
    return (uint64_t)PR_BASE_DIV << (sh > PR_MAX_SHIFT ? PR_MAX_SHIFT : sh);
}

static sim_ns ticks_ns(const struct mcu *m, uint64_t ticks)
{
    return ticks * prescaler(m->iwdg.pr) * SIM_NS_PER_S / m->lay->lsi_hz;
}

static sim_ns lsi_cycles_ns(const struct mcu *m, unsigned n)
{
    return (sim_ns)n * SIM_NS_PER_S / m->lay->lsi_hz;
}

/* The counter's value at `now` (it is not readable on silicon; the window
 * check needs it). */
static uint32_t counter_at(const struct mcu *m, sim_ns now)
{
    const struct mcu_iwdg *w = &m->iwdg;
    if (!w->running || now >= w->deadline)
        return 0;
    uint64_t tick = ticks_ns(m, 1);
    uint64_t left = tick ? (w->deadline - now + tick - 1u) / tick : 0;
    return left ? (uint32_t)(left - 1u) : 0;
}

static bool frozen(const struct mcu *m)
{
    const struct mcu_layout *L = m->lay;
    if (!L->iwdg_fz_mask || !m->core[0] ||
        sim_core_state(m->core[0]) != SIM_CORE_HALTED)
        return false;
    uint32_t reg = 0;
    if (L->iwdg_fz_off == 4u)
        reg = m->dbgmcu_cr;
    else if (L->iwdg_fz_off >= 8u && (L->iwdg_fz_off - 8u) / 4u < MCU_DBGMCU_FZ_WORDS)
        reg = m->dbgmcu_fz[(L->iwdg_fz_off - 8u) / 4u];
    return (reg & L->iwdg_fz_mask) != 0;
}

static void reload(struct mcu *m, sim_ns now);

void mcu_iwdg_reset(struct mcu *m)
{
    /* Every reset stops the watchdog, unless the option bytes select the
     * hardware watchdog: then it starts at once (RM0090 §19.3.2). */
    sim_ns now = mcu_now(m);
    m->iwdg = (struct mcu_iwdg){
        .rlr = RLR_RESET, .winr = WINR_RESET, .deadline = NEVER,
        .synced = now,
    };
    if (present(m) && m->fops->iwdg_hardware && m->fops->iwdg_hardware(m)) {
        m->iwdg.running = true;
        reload(m, now);
    }
}

void mcu_iwdg_sync(struct mcu *m, sim_ns now)
{
    struct mcu_iwdg *w = &m->iwdg;
    if (now <= w->synced)
        return;
    if (w->running && w->deadline > w->synced && frozen(m))
        w->deadline += now - w->synced;
    w->synced = now;
}

sim_ns mcu_iwdg_deadline(const struct mcu *m)
{
    return m->iwdg.running ? m->iwdg.deadline : NEVER;
}

bool mcu_iwdg_expired(const struct mcu *m, sim_ns now)
{
    return m->iwdg.running && now >= m->iwdg.deadline;
}

static void reload(struct mcu *m, sim_ns now)
{
    struct mcu_iwdg *w = &m->iwdg;
    w->deadline = now + ticks_ns(m, (uint64_t)(w->rlr & RL_MASK) + 1u);
}

/* A reload while the counter is above the window value resets the chip
 * (RM0091 §20.3.3): made an immediate deadline. */
static void refresh(struct mcu *m, sim_ns now)
{
    struct mcu_iwdg *w = &m->iwdg;
    if (m->lay->iwdg_winr && w->running && w->winr < RL_MASK &&
        counter_at(m, now) > w->winr) {
        w->deadline = now;
        return;
    }
    reload(m, now);
}

static void write_key(struct mcu *m, uint32_t key, sim_ns now)
{
    struct mcu_iwdg *w = &m->iwdg;
    w->unlocked = key == KR_UNLOCK;
    if (key == KR_START) {
        if (!w->running) {
            w->running = true;
            w->synced = now;
            reload(m, now);
        } else {
            refresh(m, now);
        }
    } else if (key == KR_RELOAD && w->running) {
        refresh(m, now);
    }
}

int mcu_iwdg_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                  unsigned size, uint32_t *val)
{
    (void)who;
    struct mcu *m = ctx;
    const struct mcu_iwdg *w = &m->iwdg;
    sim_ns now = mcu_now(m);
    uint32_t r = off & ~3u, reg = 0;
    switch (r) {
    case IWDG_PR:   reg = w->pr; break;
    case IWDG_RLR:  reg = w->rlr; break;
    case IWDG_SR:
        reg = (now < w->pvu_until ? SR_PVU : 0u) |
              (now < w->rvu_until ? SR_RVU : 0u) |
              (m->lay->iwdg_winr && now < w->wvu_until ? SR_WVU : 0u);
        break;
    case IWDG_WINR: reg = m->lay->iwdg_winr ? w->winr : 0u; break;
    default:        break;           /* KR is write-only */
    }
    *val = sim_reg_extract(reg, off, size);
    return 0;
}

int mcu_iwdg_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                   unsigned size, uint32_t val)
{
    (void)who;
    struct mcu *m = ctx;
    struct mcu_iwdg *w = &m->iwdg;
    sim_ns now = mcu_now(m);
    sim_ns busy = now + lsi_cycles_ns(m, UPDATE_LSI_CYCLES);
    uint32_t r = off & ~3u;
    switch (r) {
    case IWDG_KR:
        write_key(m, sim_reg_merge(0, off, size, val) & KR_KEY_MASK, now);
        break;
    case IWDG_PR:
        if (w->unlocked) {
            w->pr = sim_reg_merge(w->pr, off, size, val) & PR_MASK;
            w->pvu_until = busy;
        }
        break;
    case IWDG_RLR:
        if (w->unlocked) {
            w->rlr = sim_reg_merge(w->rlr, off, size, val) & RL_MASK;
            w->rvu_until = busy;
        }
        break;
    case IWDG_WINR:
        if (w->unlocked && m->lay->iwdg_winr) {
            w->winr = sim_reg_merge(w->winr, off, size, val) & RL_MASK;
            w->wvu_until = busy;
            if (w->running)
                reload(m, now);
        }
        break;
    default:
        break;
    }
    return 0;
}

/* Registered by mcu_build_periph_bus() when the layout has an IWDG. */
void mcu_iwdg_add(struct mcu *m)
{
    if (!present(m))
        return;
    struct sim_periph p = { .name = "IWDG", .base = m->lay->iwdg_base,
                            .size = IWDG_BLOCK, .read = mcu_iwdg_read,
                            .write = mcu_iwdg_write, .ctx = m };
    (void)sim_periph_bus_add(&m->pbus, &p);
}
