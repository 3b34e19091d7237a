/* Core registers, single debug words, NRST, system reset and the target
 * voltage (reference §2.5, §4.1, §4.3). */
#include "stlink/stlink_internal.h"

#define REGSEL_FPU_FIRST 0x20u   /* §4.3: regsel > 0x1F needs V2J15 */
#define VOLTAGE_A0 0u            /* §2.5: ADC of the 1.2 V reference */
#define VOLTAGE_A1 4u            /* §2.5: ADC of half the target VDD */

/* Core register access answers 0x81 when the core is not halted (seen with
 * the core held in reset); that is a target state, not a probe fault. */
static void core_register_cmd(struct stlink_cmd *c, uint8_t sub, const char *name)
{
    stlink_cmd_debug(c, sub, name);
    c->generic_fault_err = SD_ERR_TARGET_STATE;
}

int stlink_reg_read(struct stlink *st, uint8_t regsel, uint32_t *value)
{
    if (regsel >= REGSEL_FPU_FIRST) {
        int err = stlink_require(st, STLINK_F_RW_STATUS2, "READREG of an FPU register");
        if (err != SD_OK)
            return err;
    }
    uint8_t rep[STLINK_REPLY_REG];
    struct stlink_cmd c;
    core_register_cmd(&c, STLINK_DEBUG_APIV2_READREG, "READREG");
    stlink_cmd_u8(&c, regsel);
    stlink_cmd_context(&c, "0x%02x", regsel);
    int err = stlink_xfer_retry(st, &c, rep, sizeof rep);
    if (err == SD_OK)
        *value = stlink_get_u32(rep + STLINK_REPLY_PAYLOAD);
    return err;
}

int stlink_reg_write(struct stlink *st, uint8_t regsel, uint32_t value)
{
    if (regsel >= REGSEL_FPU_FIRST) {
        int err = stlink_require(st, STLINK_F_RW_STATUS2, "WRITEREG of an FPU register");
        if (err != SD_OK)
            return err;
    }
    uint8_t rep[STLINK_REPLY_STATUS];
    struct stlink_cmd c;
    core_register_cmd(&c, STLINK_DEBUG_APIV2_WRITEREG, "WRITEREG");
    stlink_cmd_u8(&c, regsel);
    stlink_cmd_u32(&c, value);
    stlink_cmd_context(&c, "0x%02x = 0x%08x", regsel, value);
    return stlink_xfer_retry(st, &c, rep, sizeof rep);
}

int stlink_regs_read_all(struct stlink *st, uint32_t regs[STLINK_ALLREGS_COUNT])
{
    uint8_t rep[STLINK_REPLY_ALLREGS];
    struct stlink_cmd c;
    core_register_cmd(&c, STLINK_DEBUG_APIV2_READALLREGS, "READALLREGS");
    int err = stlink_xfer_status(st, &c, rep, sizeof rep);
    if (err != SD_OK)
        return err;
    for (unsigned i = 0; i < STLINK_ALLREGS_COUNT; i++)
        regs[i] = stlink_get_u32(rep + STLINK_REPLY_PAYLOAD + 4 * i);
    return SD_OK;
}

int stlink_debugreg_read(struct stlink *st, uint32_t addr, uint32_t *value)
{
    uint8_t rep[STLINK_REPLY_REG];
    struct stlink_cmd c;
    stlink_cmd_debug(&c, STLINK_DEBUG_APIV2_READDEBUGREG, "READDEBUGREG");
    stlink_cmd_u32(&c, addr);
    stlink_cmd_context(&c, "0x%08x", addr);
    int err = stlink_ap_ensure(st, 0);
    if (err == SD_OK)
        err = stlink_xfer_retry(st, &c, rep, sizeof rep);
    if (err == SD_OK)
        *value = stlink_get_u32(rep + STLINK_REPLY_PAYLOAD);
    return err;
}

int stlink_debugreg_write(struct stlink *st, uint32_t addr, uint32_t value)
{
    uint8_t rep[STLINK_REPLY_STATUS];
    struct stlink_cmd c;
    stlink_cmd_debug(&c, STLINK_DEBUG_APIV2_WRITEDEBUGREG, "WRITEDEBUGREG");
    stlink_cmd_u32(&c, addr);
    stlink_cmd_u32(&c, value);
    stlink_cmd_context(&c, "0x%08x = 0x%08x", addr, value);
    int err = stlink_ap_ensure(st, 0);
    return err != SD_OK ? err : stlink_xfer_retry(st, &c, rep, sizeof rep);
}

int stlink_nrst(struct stlink *st, enum stlink_nrst_action action)
{
    static const struct {
        uint8_t param;
        const char *name;
    } actions[] = {
        [STLINK_NRST_ASSERT] = { STLINK_NRST_LOW, "DRIVE_NRST low" },
        [STLINK_NRST_RELEASE] = { STLINK_NRST_HIGH, "DRIVE_NRST high" },
        [STLINK_NRST_PULSE_ACTION] = { STLINK_NRST_PULSE, "DRIVE_NRST pulse" },
    };
    if ((unsigned)action >= sizeof actions / sizeof actions[0])
        return sd_fail(st->s, SD_ERR_INVALID_ARG, SD_LOG_STLINK, "NRST action %d", action);
    uint8_t rep[STLINK_REPLY_STATUS];
    struct stlink_cmd c;
    stlink_cmd_debug(&c, STLINK_DEBUG_APIV2_DRIVE_NRST, actions[action].name);
    stlink_cmd_u8(&c, actions[action].param);
    return stlink_xfer_retry(st, &c, rep, sizeof rep);
}

int stlink_reset_sys(struct stlink *st)
{
    uint8_t rep[STLINK_REPLY_STATUS];
    struct stlink_cmd c;
    stlink_cmd_debug(&c, STLINK_DEBUG_APIV2_RESETSYS, "RESETSYS");
    return stlink_xfer_retry(st, &c, rep, sizeof rep);
}

int stlink_target_mv(struct stlink *st, int *mv)
{
    int err = stlink_require(st, STLINK_F_TARGET_VOLTAGE, "GET_TARGET_VOLTAGE");
    if (err != SD_OK)
        return err;
    uint8_t rep[STLINK_REPLY_VOLTAGE];
    struct stlink_cmd c;
    stlink_cmd_top(&c, STLINK_GET_TARGET_VOLTAGE, "GET_TARGET_VOLTAGE");
    err = stlink_xfer(st, &c, NULL, 0, rep, sizeof rep);
    if (err != SD_OK)
        return err;
    uint32_t a0 = stlink_get_u32(rep + VOLTAGE_A0), a1 = stlink_get_u32(rep + VOLTAGE_A1);
    *mv = stlink_voltage_mv(a0, a1);
    sd_log(st->s, SD_LOG_DEBUG, SD_LOG_STLINK, "target voltage %d mV (a0 %u, a1 %u)", *mv, a0, a1);
    return SD_OK;
}
