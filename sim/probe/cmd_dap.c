/* Raw DP/AP register commands (READ_DAP_REG / WRITE_DAP_REG, port 0xFFFF
 * = the DP) and AP opening (INIT_AP / CLOSE_AP_DBG), with the firmware
 * rules about which APs may be used.  ref: stlink-protocol.md §4.4, §4.5,
 * §6.4, §6.5. */
#include "probe/probe_int.h"

/* DP registers (ADIv5.2 §B2.2). */
#define DP_CTRLSTAT     0x4u
#define DP_SELECT       0x8u
#define SELECT_DPBANK_MASK 0x0Fu
#define DP_PORT         0xFFFFu   /* port number meaning "the DP" (§4.4) */
#define AP_IDR          0xFCu

static unsigned max_ap(const struct sim_probe *p)
{
    return probe_has(p, FEAT_AP_MAX_8) ? PROBE_MAX_AP : 3; /* J29: 3, J32: 8 */
}

/* May an AP register/memory access go to `ap`?  From V2J37/V3J7 the AP
 * must have been opened with INIT_AP (ref §6.5); AP IDR reads are allowed
 * before (OOCD reads IDR without opening, §4.4). */
static bool ap_usable(const struct sim_probe *p, unsigned ap, unsigned reg)
{
    if (ap > max_ap(p))
        return false;
    if (probe_has(p, FEAT_AP_MANDATORY) && !(p->ap_open & (1u << ap)) &&
        reg != AP_IDR)
        return false;
    return true;
}

bool probe_ap_allowed(const struct sim_probe *p, unsigned ap)
{
    if (!probe_has(p, FEAT_AP_INIT))
        return ap == 0; /* callers pass 0: the field is ignored before J28 */
    return ap_usable(p, ap, 0);
}

/* Banked DP register (address bits [7:4], V2J32/V3J2): point DPBANKSEL
 * at the bank for the access and back to 0 after it. */
static enum sim_ack dp_banked(struct sim_probe *p, uint16_t addr, bool read,
                              uint32_t *v)
{
    unsigned bank = (addr >> 4) & SELECT_DPBANK_MASK;
    uint8_t reg = addr & 0xC;
    enum sim_ack ack;
    if (!probe_has(p, FEAT_DPBANKSEL))
        bank = 0;
    if (bank && reg == DP_CTRLSTAT) {
        uint32_t sel = p->select_known ? p->select & ~SELECT_DPBANK_MASK : 0;
        ack = probe_dp_write(p, DP_SELECT, sel | bank);
        if (ack == SIM_ACK_OK)
            ack = read ? probe_dp_read(p, reg, v) : probe_dp_write(p, reg, *v);
        probe_dp_write(p, DP_SELECT, sel);
        return ack;
    }
    if (!read && reg == DP_SELECT && probe_has(p, FEAT_DPBANKSEL))
        *v &= ~SELECT_DPBANK_MASK; /* new firmware masks DPBANKSEL (§4.4) */
    return read ? probe_dp_read(p, reg, v) : probe_dp_write(p, reg, *v);
}

void probe_cmd_read_dap_reg(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    uint16_t port = probe_le16(&c[2]), addr = probe_le16(&c[4]);
    uint32_t v = 0;
    if (port == DP_PORT) {
        enum sim_ack ack = dp_banked(p, addr, true, &v);
        probe_reply_status_u32(p, probe_ack_status(ack, false), v);
        return;
    }
    if (!ap_usable(p, port, addr & 0xFF)) {
        probe_reply_status_u32(p, STLINK_BAD_AP, 0);
        return;
    }
    enum sim_ack ack = probe_ap_read(p, (uint8_t)port, (uint8_t)addr, &v);
    probe_reply_status_u32(p, probe_ack_status(ack, true), v);
}

void probe_cmd_write_dap_reg(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    uint16_t port = probe_le16(&c[2]), addr = probe_le16(&c[4]);
    uint32_t v = probe_le32(&c[6]);
    if (port == DP_PORT) {
        probe_reply_status(p, probe_ack_status(dp_banked(p, addr, false, &v), false));
        return;
    }
    if (!ap_usable(p, port, addr & 0xFF)) {
        probe_reply_status(p, STLINK_BAD_AP);
        return;
    }
    probe_reply_status(p, probe_ack_status(probe_ap_write(p, (uint8_t)port,
                                                         (uint8_t)addr, v), true));
}

void probe_cmd_init_ap(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    if (c[2] > max_ap(p)) {
        probe_reply_status(p, STLINK_BAD_AP);
        return;
    }
    p->ap_open |= 1u << c[2];
    probe_reply_status(p, STLINK_OK);
}

void probe_cmd_close_ap(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    if (c[2] <= max_ap(p))
        p->ap_open &= ~(1u << c[2]);
    /* V2J28 answers 0x1D to every CLOSE_AP (OOCD commit b342c67f7). */
    if (!probe_has(p, FEAT_CLOSE_AP_STATUS) || c[2] > max_ap(p))
        probe_reply_status(p, STLINK_BAD_AP);
    else
        probe_reply_status(p, STLINK_OK);
}
