/* The debug port: SW-DP / JTAG-DP registers (DPIDR, ABORT, CTRL/STAT,
 * SELECT, RDBUFF, DLCR, RESEND), sticky errors, posted AP reads, and the
 * transfer entry point.  Facts: ADIv5.2 (ARM IHI 0031) §B2.2 (DP
 * registers), §B4.2 (SWD protocol: OK/WAIT/FAULT, posted reads, sticky
 * flags), RM0090 §38.8 (the STM32F4's SWJ-DP). */
#include <stdlib.h>

#include "dap/adiv5.h"
#include "dap/dap_priv.h"

struct sim_dap *sim_dap_create(struct sim_chip *chip)
{
    struct sim_dap *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->chip = chip;
    d->wire.line_ok = true;
    sim_dap_power_on_reset(d);
    return d;
}

void sim_dap_destroy(struct sim_dap *d)
{
    free(d);
}

void sim_dap_power_on_reset(struct sim_dap *d)
{
    /* SWJ-DP: JTAG is selected at power-on (ADIv5.2 §B5.2), so an SWD
     * probe gets no answer before its JTAG-to-SWD sequence. */
    d->connected = false;
    d->proto = SIM_WIRE_JTAG;
    d->dpidr_read = false;
    d->ctrlstat = 0;
    d->select = 0;
    d->dlcr = DLCR_RESET;
    d->rdbuff = 0;
    d->resend = 0;
    for (unsigned i = 0; i < SIM_DAP_MAX_APS; i++)
        sim_memap_reset(&d->ap[i]);
    sim_wire_reset(&d->wire);
}

void sim_dap_set_line(struct sim_dap *d, bool line_ok, unsigned max_khz)
{
    d->wire.line_ok = line_ok;
    d->wire.max_khz = max_khz;
}

void sim_dap_set_khz(struct sim_dap *d, unsigned khz)
{
    d->wire.khz = khz;
}

void sim_dap_connect(struct sim_dap *d, enum sim_wire_protocol proto,
                     unsigned khz)
{
    d->wire.khz = khz;
    /* A sequence nobody hears changes nothing: the DP stays where it was
     * (and the host finds out on its first transfer). */
    if (sim_wire_dead(d)) {
        d->connected = false;
        return;
    }
    d->connected = true;
    d->proto = proto;
    /* After a line reset the SW-DP accepts only a DPIDR read (RM0090
     * §38.8.3; ADIv5.2 §B4.3.3).  CTRL/STAT, SELECT and the sticky flags
     * are not reset by a line reset or a TAP reset: only by power-on. */
    d->dpidr_read = proto == SIM_WIRE_JTAG;
}

static bool is_swd(const struct sim_dap *d)
{
    return d->proto == SIM_WIRE_SWD;
}

static unsigned dp_version(const struct sim_dap *d)
{
    return (sim_chip_dp_idcode(d->chip, SIM_WIRE_SWD) >> DPIDR_VERSION_SHIFT) &
           DPIDR_VERSION_MASK;
}

static unsigned dp_bank(const struct sim_dap *d)
{
    return dp_version(d) >= 1 ? (d->select & SELECT_DPBANKSEL_MASK) : 0;
}

/* ---- CTRL/STAT ---- */

/* The F4's SWJ-DP grants power-up and reset requests at once: each ACK
 * follows its REQ (ADIv5.2 §B2.2.3 handshake). */
static uint32_t ctrlstat_read(const struct sim_dap *d)
{
    uint32_t v = d->ctrlstat;
    if (v & CS_CDBGRSTREQ)
        v |= CS_CDBGRSTACK;
    if (v & CS_CDBGPWRUPREQ)
        v |= CS_CDBGPWRUPACK;
    if (v & CS_CSYSPWRUPREQ)
        v |= CS_CSYSPWRUPACK;
    return v;
}

static void ctrlstat_write(struct sim_dap *d, uint32_t v)
{
    const uint32_t pwr = CS_CDBGPWRUPREQ | CS_CSYSPWRUPREQ;
    uint32_t status = d->ctrlstat & ~CS_WRITABLE;
    /* JTAG-DP: sticky flags are write-one-to-clear here; on a SW-DP they
     * are read-only and cleared through ABORT (§B2.2.3). */
    if (!is_swd(d))
        status &= ~(v & CS_STICKY_W1C);
    uint32_t next = status | (v & CS_WRITABLE);
    bool changed = (next ^ d->ctrlstat) & pwr;
    d->ctrlstat = next;
    if (changed)
        sim_chip_debug_power(d->chip, next & CS_CSYSPWRUPREQ,
                             next & CS_CDBGPWRUPREQ);
}

static void abort_write(struct sim_dap *d, uint32_t v)
{
    /* DAPABORT: every AP transfer here completes or WAITs before the
     * answer, so there is never one left to abort. */
    if (!is_swd(d))
        return; /* JTAG ABORT: only DAPABORT is defined (§B2.2.1) */
    if (v & ABORT_STKCMPCLR)
        d->ctrlstat &= ~CS_STICKYCMP;
    if (v & ABORT_STKERRCLR)
        d->ctrlstat &= ~CS_STICKYERR;
    if (v & ABORT_WDERRCLR)
        d->ctrlstat &= ~CS_WDATAERR;
    if (v & ABORT_ORUNERRCLR)
        d->ctrlstat &= ~CS_STICKYORUN;
}

/* ---- DP register access ---- */

static enum sim_ack dp_read(struct sim_dap *d, uint8_t addr, uint32_t *data)
{
    switch (addr) {
    case DP_REG_DPIDR:
        *data = sim_chip_dp_idcode(d->chip, d->proto);
        d->dpidr_read = true;
        break;
    case DP_REG_CTRLSTAT:
        switch (dp_bank(d)) {
        case DP_BANK_CTRLSTAT: *data = ctrlstat_read(d); break;
        case DP_BANK_DLCR:     *data = d->dlcr; break;
        default:               *data = 0; break; /* TARGETID etc.: RAZ */
        }
        break;
    case DP_REG_SELECT:
        /* SW-DP v1+: RESEND (the last AP/RDBUFF read data again); a
         * JTAG-DP's SELECT is readable (§B2.2.9). */
        if (!is_swd(d))
            *data = d->select;
        else
            *data = dp_version(d) >= 1 ? d->resend : 0;
        break;
    default: /* DP_REG_RDBUFF: the last AP read's data (§B2.2.7) */
        *data = d->rdbuff;
        d->resend = *data;
        d->ctrlstat |= CS_READOK;
        break;
    }
    return SIM_ACK_OK;
}

static enum sim_ack dp_write(struct sim_dap *d, uint8_t addr, uint32_t v)
{
    switch (addr) {
    case DP_REG_ABORT:
        abort_write(d, v);
        break;
    case DP_REG_CTRLSTAT:
        if (dp_bank(d) == DP_BANK_CTRLSTAT)
            ctrlstat_write(d, v);
        else if (dp_bank(d) == DP_BANK_DLCR)
            d->dlcr = (d->dlcr & ~DLCR_TURNROUND_MASK) |
                      (v & DLCR_TURNROUND_MASK);
        break;
    case DP_REG_SELECT:
        d->select = v;
        break;
    default: /* RDBUFF: write ignored (TARGETSEL only after a line reset) */
        break;
    }
    return SIM_ACK_OK;
}

/* ---- AP access: reads are posted (§B4.2.3) ---- */

static enum sim_ack ap_access(struct sim_dap *d, bool read, uint8_t addr,
                              uint32_t *data)
{
    unsigned apsel = (d->select >> SELECT_APSEL_SHIFT) & SELECT_APSEL_MASK;
    uint8_t reg = (uint8_t)((d->select & SELECT_APBANKSEL_MASK) | addr);
    enum sim_bus_access r;
    uint32_t v = 0;

    if (read)
        r = sim_memap_read(d, apsel, reg, &v);
    else
        r = sim_memap_write(d, apsel, reg, *data);
    if (r == SIM_BUS_ACCESS_WAIT)
        return SIM_ACK_WAIT; /* nothing happened: the host retries */
    if (read) {
        *data = d->rdbuff; /* the previous AP read's result */
        d->resend = *data;
    }
    if (r == SIM_BUS_ACCESS_FAULT) {
        /* The error response comes after this transfer's ACK: it sets
         * STICKYERR and the next AP access answers FAULT (§B4.2.4). */
        d->ctrlstat |= CS_STICKYERR;
        if (read)
            d->ctrlstat &= ~CS_READOK;
        return SIM_ACK_OK;
    }
    if (read) {
        d->rdbuff = v;
        d->ctrlstat |= CS_READOK;
    }
    return SIM_ACK_OK;
}

/* With a sticky flag set a SW-DP answers FAULT to everything but a DPIDR
 * read, a CTRL/STAT read and an ABORT write (and RESEND, meant for
 * recovering a damaged read), §B4.2.4.  A JTAG-DP ignores AP transfers
 * until the flags are cleared; we report that as FAULT too (board.h). */
static bool blocked_by_sticky(const struct sim_dap *d, bool ap, bool read,
                              uint8_t addr)
{
    if (!(d->ctrlstat & CS_STICKY_ANY))
        return false;
    if (ap)
        return true;
    if (!is_swd(d))
        return false;
    if (read)
        return addr == DP_REG_RDBUFF;
    return addr != DP_REG_ABORT;
}

enum sim_ack sim_dap_transfer(struct sim_dap *d, bool ap, bool read,
                              uint8_t addr, uint32_t *data)
{
    uint32_t scratch = 0;
    if (!data)
        data = &scratch;
    addr &= 0xCu; /* A[3:2]: the only address bits on the wire */

    if (!d->connected || sim_wire_dead(d))
        return SIM_ACK_NONE;
    enum sim_wire_glitch g = sim_wire_next(&d->wire, read, d->proto);
    if (g == SIM_WIRE_NO_ACK)
        return SIM_ACK_NONE;
    /* Before the DPIDR read that must follow a line reset, the F4's SW-DP
     * answers FAULT to anything else (RM0090 §38.8.3). */
    if (is_swd(d) && !d->dpidr_read && (ap || !read || addr != DP_REG_DPIDR))
        return SIM_ACK_FAULT;

    enum sim_ack ack;
    if (blocked_by_sticky(d, ap, read, addr)) {
        ack = SIM_ACK_FAULT;
    } else if (g == SIM_WIRE_WRITE_DATA) {
        /* Parity error in the write data: the DP drops the write and
         * sets WDATAERR (§B2.2.3), which blocks like STICKYERR. */
        d->ctrlstat |= CS_WDATAERR;
        ack = SIM_ACK_OK;
    } else if (ap) {
        ack = ap_access(d, read, addr, data);
    } else {
        ack = read ? dp_read(d, addr, data) : dp_write(d, addr, *data);
    }
    if (ack == SIM_ACK_FAULT && read && (ap || addr == DP_REG_RDBUFF))
        d->ctrlstat &= ~CS_READOK;
    if (ack == SIM_ACK_OK && g == SIM_WIRE_READ_PARITY) {
        *data ^= sim_wire_noise(&d->wire);
        ack = SIM_ACK_PARITY;
    }
    /* Overrun detection: a WAIT or FAULT sets STICKYORUN (§B4.2.5). */
    if ((ack == SIM_ACK_WAIT || ack == SIM_ACK_FAULT) &&
        (d->ctrlstat & CS_ORUNDETECT))
        d->ctrlstat |= CS_STICKYORUN;
    return ack;
}
