/* Core register commands, done as the firmware does them on the wire:
 * DCRSR (REGSEL, REGWnR), DHCSR.S_REGRDY polling, DCRDR (ARMv7-M ARM
 * C1.6.3-C1.6.5); and the single-word debug register accesses
 * READDEBUGREG / WRITEDEBUGREG.  ref: stlink-protocol.md §4.1, §4.3. */
#include <string.h>

#include "probe/probe_int.h"

#define REGSEL_MASK        0x7Fu
#define REGSEL_LAST_CORE   0x1Fu  /* above: FPU registers (FPSCR, S0-S31) */
#define REGSEL_XPSR        16
#define REGSEL_MSP         17
#define REGSEL_PSP         18
#define REGSEL_CTRL_PRI    20     /* CONTROL|FAULTMASK|BASEPRI|PRIMASK */
#define ALLREGS_WORDS      21     /* R0-R15, xPSR, MSP, PSP, word 19, 20 */

/* Polls of DHCSR for S_REGRDY before giving up; the time of each poll
 * passes before the next so the core can complete the transfer. */
#define REGRDY_POLLS       8

static uint8_t wait_regrdy(struct sim_probe *p)
{
    for (int i = 0; i < REGRDY_POLLS; i++) {
        uint32_t dhcsr;
        uint8_t st = probe_read32(p, ARM_DHCSR, &dhcsr);
        if (st != STLINK_OK)
            return st;
        if (dhcsr & DHCSR_S_REGRDY)
            return STLINK_OK;
        probe_flush_time(p);
    }
    /* The core never completed the transfer (not halted, or held in
     * reset): the firmware's generic fault. */
    return STLINK_FAULT;
}

static uint8_t regsel_ok(const struct sim_probe *p, unsigned regsel)
{
    /* FPU selectors only from V2J15 / V3 (ref §4.3). */
    if ((regsel & REGSEL_MASK) > REGSEL_LAST_CORE && !probe_has(p, FEAT_FPU_REGSEL))
        return STLINK_CMD_ERROR;
    return STLINK_OK;
}

static uint8_t read_core_reg(struct sim_probe *p, unsigned regsel, uint32_t *v)
{
    *v = 0;
    uint8_t st = probe_write32(p, ARM_DCRSR, regsel & REGSEL_MASK);
    if (st == STLINK_OK)
        st = wait_regrdy(p);
    if (st == STLINK_OK)
        st = probe_read32(p, ARM_DCRDR, v);
    return st;
}

static uint8_t write_core_reg(struct sim_probe *p, unsigned regsel, uint32_t v)
{
    uint8_t st = probe_write32(p, ARM_DCRDR, v);
    if (st == STLINK_OK)
        st = probe_write32(p, ARM_DCRSR, (regsel & REGSEL_MASK) | DCRSR_REGWNR);
    if (st == STLINK_OK)
        st = wait_regrdy(p);
    return st;
}

/* 0x33: rep[0] status, value at rep[4]. */
void probe_cmd_readreg(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    uint32_t v = 0;
    uint8_t st = regsel_ok(p, c[2]);
    if (st == STLINK_OK)
        st = read_core_reg(p, c[2], &v);
    probe_reply_status_u32(p, st, v);
}

/* API v1 0x05: the value only, no status. */
void probe_cmd_readreg_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    uint32_t v = 0;
    uint8_t r[4];
    read_core_reg(p, c[2], &v);
    probe_put32(r, v);
    probe_reply(p, r, sizeof r);
}

/* 0x34 (and v1 0x06): [2] regsel, [3..6] value; status reply. */
void probe_cmd_writereg(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    uint8_t st = regsel_ok(p, c[2]);
    if (st == STLINK_OK)
        st = write_core_reg(p, c[2], probe_le32(&c[3]));
    probe_reply_status(p, st);
}

/* R0..R15, xPSR, MSP, PSP, word 19 (meaning unknown, sent as 0), word 20
 * = the packed CONTROL/FAULTMASK/BASEPRI/PRIMASK (by the regsel
 * numbering; ref §4.3 marks this an inference). */
static uint8_t read_all(struct sim_probe *p, uint8_t *out)
{
    memset(out, 0, 4 * ALLREGS_WORDS);
    for (unsigned i = 0; i < ALLREGS_WORDS; i++) {
        unsigned regsel = i <= REGSEL_PSP ? i : i == 20 ? REGSEL_CTRL_PRI : 0xFF;
        uint32_t v = 0;
        if (regsel == 0xFF)
            continue;
        uint8_t st = read_core_reg(p, regsel, &v);
        if (st != STLINK_OK)
            return st;
        probe_put32(out + 4 * i, v);
    }
    return STLINK_OK;
}

/* 0x3A: 88 bytes, status + 3 pad, 21 words. */
void probe_cmd_readallregs(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)c; (void)d; (void)n;
    uint8_t r[4 + 4 * ALLREGS_WORDS] = { 0 };
    r[0] = read_all(p, r + 4);
    probe_reply(p, r, sizeof r);
}

/* API v1 0x04: 84 bytes, no status. */
void probe_cmd_readallregs_v1(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)c; (void)d; (void)n;
    uint8_t r[4 * ALLREGS_WORDS];
    read_all(p, r);
    probe_reply(p, r, sizeof r);
}

/* 0x36: one 32-bit read of any address through AP0; status + u32. */
void probe_cmd_readdebugreg(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    uint32_t v = 0;
    uint8_t st = probe_read32(p, probe_le32(&c[2]), &v);
    probe_reply_status_u32(p, st, v);
}

/* 0x35 (and v1 0x0F): [2..5] address, [6..9] value. */
void probe_cmd_writedebugreg(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    probe_reply_status(p, probe_write32(p, probe_le32(&c[2]), probe_le32(&c[6])));
}
