/* DP and AP registers (reference §4.4) and AP opening (§4.5). */
#include "stlink/stlink_internal.h"

#define DP_BANK_MASK 0xF0u      /* §4.4: address = bank * 16 + register */
#define DP_CTRL_STAT 0x04u
#define DP_RDBUFF 0x0Cu
#define CTRL_STAT_CORUNDETECT 0x1u   /* §4.4: ST-LINK dislikes it; OpenOCD clears it */

int stlink_read_idcode(struct stlink *st, uint32_t *idcode)
{
    uint8_t rep[STLINK_REPLY_IDCODES];
    struct stlink_cmd c;
    stlink_cmd_debug(&c, STLINK_DEBUG_APIV2_READ_IDCODES, "READ_IDCODES");
    int err = stlink_xfer_status(st, &c, rep, sizeof rep);
    if (err == SD_OK)
        *idcode = stlink_get_u32(rep + STLINK_REPLY_PAYLOAD);
    return err;
}

static int ap_bit(const struct stlink *st, uint8_t ap)
{
    return (st->ap_open[ap / 32] >> (ap % 32)) & 1u;
}

void stlink_ap_forget_all(struct stlink *st)
{
    for (unsigned i = 0; i < STLINK_AP_WORDS; i++)
        st->ap_open[i] = 0;
}

int stlink_ap_open(struct stlink *st, uint8_t ap)
{
    int err = stlink_require(st, STLINK_F_INIT_AP, "INIT_AP");
    if (err != SD_OK)
        return err;
    uint8_t rep[STLINK_REPLY_STATUS];
    struct stlink_cmd c;
    stlink_cmd_debug(&c, STLINK_DEBUG_APIV2_INIT_AP, "INIT_AP");
    stlink_cmd_u8(&c, ap);
    stlink_cmd_u8(&c, STLINK_AP_TYPE_NO_CORE);
    stlink_cmd_context(&c, "%u", ap);
    err = stlink_xfer_retry(st, &c, rep, sizeof rep);
    if (err != SD_OK)
        return err;
    st->ap_open[ap / 32] |= 1u << (ap % 32);
    return SD_OK;
}

int stlink_ap_ensure(struct stlink *st, uint8_t ap)
{
    if (!stlink_has(st, STLINK_F_INIT_AP) || ap_bit(st, ap))
        return SD_OK;
    return stlink_ap_open(st, ap);
}

int stlink_ap_close(struct stlink *st, uint8_t ap)
{
    int err = stlink_require(st, STLINK_F_INIT_AP, "CLOSE_AP_DBG");
    if (err != SD_OK)
        return err;
    uint8_t rep[STLINK_REPLY_STATUS];
    struct stlink_cmd c;
    stlink_cmd_debug(&c, STLINK_DEBUG_APIV2_CLOSE_AP_DBG, "CLOSE_AP_DBG");
    stlink_cmd_u8(&c, ap);
    st->ap_open[ap / 32] &= ~(1u << (ap % 32));
    if (!stlink_has(st, STLINK_F_CLOSE_AP_STATUS))   /* V2J28 always answers 0x1D (§6.5) */
        return stlink_xfer(st, &c, NULL, 0, rep, sizeof rep);
    return stlink_xfer_status(st, &c, rep, sizeof rep);
}

static int dap_read(struct stlink *st, uint16_t port, uint16_t addr, uint32_t *value,
                    const char *name)
{
    int err = stlink_require(st, STLINK_F_DAP_REG, name);
    if (err != SD_OK)
        return err;
    uint8_t rep[STLINK_REPLY_REG];
    struct stlink_cmd c;
    stlink_cmd_debug(&c, STLINK_DEBUG_APIV2_READ_DAP_REG, name);
    stlink_cmd_u16(&c, port);
    stlink_cmd_u16(&c, addr);
    stlink_cmd_context(&c, "%s register 0x%02x", port == STLINK_DAP_PORT_DP ? "DP" : "AP", addr);
    err = stlink_xfer_status(st, &c, rep, sizeof rep);
    if (err != SD_OK)
        return err;
    *value = stlink_get_u32(rep + STLINK_REPLY_PAYLOAD);
    return SD_OK;
}

static int dap_write(struct stlink *st, uint16_t port, uint16_t addr, uint32_t value,
                     const char *name)
{
    int err = stlink_require(st, STLINK_F_DAP_REG, name);
    if (err != SD_OK)
        return err;
    uint8_t rep[STLINK_REPLY_STATUS];
    struct stlink_cmd c;
    stlink_cmd_debug(&c, STLINK_DEBUG_APIV2_WRITE_DAP_REG, name);
    stlink_cmd_u16(&c, port);
    stlink_cmd_u16(&c, addr);
    stlink_cmd_u32(&c, value);
    stlink_cmd_context(&c, "%s register 0x%02x = 0x%08x",
                       port == STLINK_DAP_PORT_DP ? "DP" : "AP", addr, value);
    return stlink_xfer_status(st, &c, rep, sizeof rep);
}

static int check_bank(struct stlink *st, uint16_t addr)
{
    if (!(addr & DP_BANK_MASK))
        return SD_OK;
    /* §4.4: old firmware cannot switch DPBANKSEL back; hosts refuse */
    return stlink_require(st, STLINK_F_DP_BANK, "banked DP register");
}

int stlink_dp_read(struct stlink *st, uint16_t addr, uint32_t *value)
{
    int err = check_bank(st, addr);
    if (err == SD_OK)
        err = dap_read(st, STLINK_DAP_PORT_DP, addr, value, "READ_DAP_REG");
    if (err == SD_OK && st->wire == STLINK_JTAG && stlink_has(st, STLINK_F_JTAG_DP_READ_QUIRK) &&
        addr != DP_RDBUFF)   /* §6.5: V2J24-J31 JTAG returns the previous result */
        err = dap_read(st, STLINK_DAP_PORT_DP, DP_RDBUFF, value, "READ_DAP_REG");
    return err;
}

int stlink_dp_write(struct stlink *st, uint16_t addr, uint32_t value)
{
    int err = check_bank(st, addr);
    if (err != SD_OK)
        return err;
    if (addr == DP_CTRL_STAT)
        value &= ~CTRL_STAT_CORUNDETECT;
    return dap_write(st, STLINK_DAP_PORT_DP, addr, value, "WRITE_DAP_REG");
}

int stlink_ap_read(struct stlink *st, uint8_t ap, uint16_t addr, uint32_t *value)
{
    int err = stlink_ap_ensure(st, ap);
    return err != SD_OK ? err : dap_read(st, ap, addr, value, "READ_DAP_REG");
}

int stlink_ap_write(struct stlink *st, uint8_t ap, uint16_t addr, uint32_t value)
{
    int err = stlink_ap_ensure(st, ap);
    return err != SD_OK ? err : dap_write(st, ap, addr, value, "WRITE_DAP_REG");
}
