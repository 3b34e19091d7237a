/* Core registers as the debugger (DCRSR/DCRDR, ARMv7-M C1.6.3) and the
 * exception logic see them, on top of Unicorn's register API.
 *
 * Two Unicorn 2.0.1 traps are handled here once:
 *  - MSP/PSP/PRIMASK/BASEPRI/FAULTMASK reads return 0 and writes are
 *    ignored while the core runs unprivileged Thread code (QEMU applies the
 *    MRS/MSR rules to uc_reg_*), and CONTROL.SPSEL writes only take effect
 *    in privileged Thread mode.  A debugger is not bound by those rules, so
 *    core_get/set_special() step through Handler mode (always privileged)
 *    and privileged Thread mode, and write both stack pointers last, when
 *    the mode (and so QEMU's SP banking) is final.
 *  - QEMU caches TB flags (Handler mode, privilege) and Unicorn does not
 *    rebuild them after an IPSR/CONTROL write; writing APSR.NZCV does
 *    (cpsr_write + arm_rebuild_hflags), so we write it back unchanged. */
#include "cpu/core_priv.h"

uint32_t core_reg_get(struct sim_core *c, int ucreg)
{
    uint32_t v = 0;
    uc_reg_read(c->uc, ucreg, &v);
    return v;
}

void core_reg_set(struct sim_core *c, int ucreg, uint32_t v)
{
    uc_reg_write(c->uc, ucreg, &v);
}

uint32_t core_get_pc(struct sim_core *c)
{
    return core_reg_get(c, UC_ARM_REG_PC) & ~1u;
}

uint32_t core_get_xpsr(struct sim_core *c)
{
    return core_reg_get(c, UC_ARM_REG_XPSR);
}

/* The PC without touching EPSR.T (Unicorn derives T from bit 0). */
void core_set_pc(struct sim_core *c, uint32_t pc)
{
    uint32_t t = (core_get_xpsr(c) & XPSR_T) ? 1u : 0u;
    core_reg_set(c, UC_ARM_REG_PC, (pc & ~1u) | t);
}

static void rebuild_tb_flags(struct sim_core *c)
{
    core_reg_set(c, UC_ARM_REG_APSR_NZCV,
                 core_reg_get(c, UC_ARM_REG_APSR_NZCV));
}

void core_get_special(struct sim_core *c, struct core_special *s)
{
    s->control = core_reg_get(c, UC_ARM_REG_CONTROL);
    s->ipsr = core_get_xpsr(c) & XPSR_IPSR_MASK;
    bool unpriv = s->ipsr == 0 && (s->control & CONTROL_NPRIV);
    uint32_t cur_sp = core_reg_get(c, UC_ARM_REG_SP);
    if (unpriv)
        core_reg_set(c, UC_ARM_REG_IPSR, 1); /* Handler: QEMU now takes
                                                R13 for MSP */
    uint32_t msp = core_reg_get(c, UC_ARM_REG_MSP);
    uint32_t psp = core_reg_get(c, UC_ARM_REG_PSP);
    s->primask = core_reg_get(c, UC_ARM_REG_PRIMASK);
    if (!c->k->armv6m) {
        s->basepri = core_reg_get(c, UC_ARM_REG_BASEPRI);
        s->faultmask = core_reg_get(c, UC_ARM_REG_FAULTMASK);
    } else {
        s->basepri = s->faultmask = 0;
    }
    if (unpriv) {
        core_reg_set(c, UC_ARM_REG_IPSR, 0);
        rebuild_tb_flags(c);
        /* In fake Handler mode R13 was read as MSP and the banked copy as
         * PSP; undo that according to the real SPSEL. */
        if (s->control & CONTROL_SPSEL) {
            s->psp = cur_sp;
            s->msp = psp;
        } else {
            s->msp = cur_sp;
            s->psp = psp;
        }
    } else {
        s->msp = msp;
        s->psp = psp;
    }
}

void core_set_special(struct sim_core *c, const struct core_special *s)
{
    uint32_t priv_control = s->control & ~CONTROL_NPRIV;
    core_reg_set(c, UC_ARM_REG_IPSR, 1);          /* privileged */
    core_reg_set(c, UC_ARM_REG_PRIMASK, s->primask);
    if (!c->k->armv6m) {
        core_reg_set(c, UC_ARM_REG_BASEPRI, s->basepri);
        core_reg_set(c, UC_ARM_REG_FAULTMASK, s->faultmask);
    }
    core_reg_set(c, UC_ARM_REG_CONTROL, priv_control); /* nPRIV := 0 */
    core_reg_set(c, UC_ARM_REG_IPSR, 0);          /* privileged Thread */
    core_reg_set(c, UC_ARM_REG_CONTROL, priv_control); /* SPSEL applies */
    core_reg_set(c, UC_ARM_REG_IPSR, s->ipsr);
    core_reg_set(c, UC_ARM_REG_MSP, s->msp & ~3u);
    core_reg_set(c, UC_ARM_REG_PSP, s->psp & ~3u);
    if (s->control & CONTROL_NPRIV)
        core_reg_set(c, UC_ARM_REG_CONTROL, s->control);
    rebuild_tb_flags(c);
}

/* CONTROL[31:24] | FAULTMASK[23:16] | BASEPRI[15:8] | PRIMASK[7:0] */
static uint32_t pack_special(const struct core_special *s)
{
    return (s->control & 0xFFu) << 24 | (s->faultmask & 1u) << 16 |
           (s->basepri & 0xFFu) << 8 | (s->primask & 1u);
}

static bool is_fpu_regsel(const struct sim_core *c, uint32_t sel)
{
    return c->k->has_fpu &&
           (sel == REGSEL_FPSCR || (sel >= REGSEL_S0 && sel <= REGSEL_S31));
}

static uint32_t read_regsel(struct sim_core *c, uint32_t sel)
{
    struct core_special s;
    if (sel <= 12)
        return core_reg_get(c, UC_ARM_REG_R0 + (int)sel);
    switch (sel) {
    case REGSEL_SP: return core_reg_get(c, UC_ARM_REG_SP);
    case REGSEL_LR: return core_reg_get(c, UC_ARM_REG_LR);
    case REGSEL_PC: return core_get_pc(c);
    case REGSEL_XPSR: return core_get_xpsr(c);
    case REGSEL_MSP: core_get_special(c, &s); return s.msp;
    case REGSEL_PSP: core_get_special(c, &s); return s.psp;
    case REGSEL_SPECIAL: core_get_special(c, &s); return pack_special(&s);
    default: break;
    }
    if (!is_fpu_regsel(c, sel))
        return 0;
    if (sel == REGSEL_FPSCR)
        return core_reg_get(c, UC_ARM_REG_FPSCR);
    return core_reg_get(c, UC_ARM_REG_S0 + (int)(sel - REGSEL_S0));
}

static void write_regsel(struct sim_core *c, uint32_t sel, uint32_t v)
{
    struct core_special s;
    if (sel <= 12) {
        core_reg_set(c, UC_ARM_REG_R0 + (int)sel, v);
        return;
    }
    switch (sel) {
    case REGSEL_SP: core_reg_set(c, UC_ARM_REG_SP, v & ~3u); return;
    case REGSEL_LR: core_reg_set(c, UC_ARM_REG_LR, v); return;
    case REGSEL_PC: core_set_pc(c, v); return;
    case REGSEL_XPSR:
        core_get_special(c, &s);
        if ((v & XPSR_IPSR_MASK) != s.ipsr) {
            s.ipsr = v & XPSR_IPSR_MASK;
            core_set_special(c, &s);
        }
        core_reg_set(c, UC_ARM_REG_XPSR_NZCVQG, v);
        rebuild_tb_flags(c);
        return;
    case REGSEL_MSP:
    case REGSEL_PSP:
    case REGSEL_SPECIAL:
        core_get_special(c, &s);
        if (sel == REGSEL_MSP) {
            s.msp = v;
        } else if (sel == REGSEL_PSP) {
            s.psp = v;
        } else {
            s.control = v >> 24;
            if (c->k->armv6m)
                s.control &= CONTROL_SPSEL; /* v6-M: SPSEL only */
            s.faultmask = (v >> 16) & 1u;
            s.basepri = (v >> 8) & 0xFFu;
            s.primask = v & 1u;
        }
        core_set_special(c, &s);
        return;
    default:
        break;
    }
    if (!is_fpu_regsel(c, sel))
        return;
    if (sel == REGSEL_FPSCR)
        core_reg_set(c, UC_ARM_REG_FPSCR, v);
    else
        core_reg_set(c, UC_ARM_REG_S0 + (int)(sel - REGSEL_S0), v);
}

/* A DCRSR write: move one register between the core and DCRDR.  Only in
 * Debug state; otherwise ignored (C1.6.3: UNPREDICTABLE). */
int core_dcrsr_transfer(struct sim_core *c, uint32_t dcrsr)
{
    if (!c->halted)
        return 0;
    uint32_t sel = dcrsr & DCRSR_REGSEL_MASK;
    c->s_regrdy = false;
    if (dcrsr & DCRSR_REGWNR)
        write_regsel(c, sel, c->dcrdr);
    else
        c->dcrdr = read_regsel(c, sel);
    c->s_regrdy = true; /* the transfer completes at once */
    return 0;
}
