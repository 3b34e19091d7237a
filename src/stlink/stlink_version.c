/* Firmware versions: GET_VERSION / GET_VERSION_EX parsing (reference §2.2,
 * §2.3), the printed form (§2.4) and the feature gates (§6.4). */
#include <stdio.h>
#include <string.h>

#include "stlink/stlink_internal.h"

/* GET_VERSION word, big-endian: V[15:12] X[11:6] Y[5:0] (§2.2). */
#define VER_HW_SHIFT 12u
#define VER_HW_MASK 0xFu
#define VER_X_SHIFT 6u
#define VER_X_MASK 0x3Fu
#define VER_Y_MASK 0x3Fu
#define VER_VID 2u
#define VER_PID 4u
/* GET_VERSION_EX (§2.3, ST's Stlk_VersionExtT). */
#define VEX_HW 0u
#define VEX_SWIM 1u
#define VEX_JTAG 2u
#define VEX_MSD 3u
#define VEX_BRIDGE 4u
#define VEX_POWER 5u
#define VEX_VID 8u
#define VEX_PID 10u

/* OpenOCD's STM8 Nucleo rule (§2.2, commit 5babb6346): such V2-1 report
 * M in X and S in Y. */
#define STM8_RULE_OLD_X_MAX 22u
#define STM8_RULE_NEW_X_MIN 25u
#define STM8_RULE_Y 7u
#define STM8_RULE_Y_MAX 12u

#define HW_V2 2u
#define HW_V3 3u
#define API_V2 2u
#define API_V3 3u

/* §2.5: target = 2 * 1.2 V * a1 / a0 */
#define VREF_X2_MV 2400u

/* Firmware needed per feature: first J on V2 (hw 2) and on V3 (hw >= 3);
 * NEVER where the generation does not have it; last_v2 closes a range. */
#define NEVER 0xFFu
struct gate {
    uint8_t v2, v3, last_v2;
};
static const struct gate gates[STLINK_F_COUNT] = {
    [STLINK_F_TARGET_VOLTAGE] = { .v2 = 13, .v3 = 0 },
    [STLINK_F_RW_STATUS2] = { .v2 = 15, .v3 = 0 },
    [STLINK_F_JTAG_NO_RESET] = { .v2 = 15, .v3 = 0 },
    [STLINK_F_SWD_SET_FREQ] = { .v2 = 22, .v3 = NEVER },   /* OpenOCD/stlink-org; pyOCD says 20 */
    [STLINK_F_JTAG_SET_FREQ] = { .v2 = 24, .v3 = NEVER },
    [STLINK_F_DAP_REG] = { .v2 = 24, .v3 = 0 },
    [STLINK_F_JTAG_DP_READ_QUIRK] = { .v2 = 24, .last_v2 = 31, .v3 = NEVER },
    [STLINK_F_MEM_16BIT] = { .v2 = 26, .v3 = 0 },
    [STLINK_F_INIT_AP] = { .v2 = 28, .v3 = 0 },
    [STLINK_F_CLOSE_AP_STATUS] = { .v2 = 29, .v3 = 0 },
    [STLINK_F_DP_BANK] = { .v2 = 32, .v3 = 2 },
    [STLINK_F_INIT_AP_REQUIRED] = { .v2 = 37, .v3 = 7 },
    [STLINK_F_MEM8_512] = { .v2 = NEVER, .v3 = 6 },
    [STLINK_F_COM_FREQ] = { .v2 = NEVER, .v3 = 0 },
};

static const char *const feature_names[STLINK_F_COUNT] = {
    [STLINK_F_TARGET_VOLTAGE] = "GET_TARGET_VOLTAGE",
    [STLINK_F_RW_STATUS2] = "GETLASTRWSTATUS2",
    [STLINK_F_JTAG_NO_RESET] = "JTAG without reset",
    [STLINK_F_SWD_SET_FREQ] = "SWD_SET_FREQ",
    [STLINK_F_JTAG_SET_FREQ] = "JTAG_SET_FREQ",
    [STLINK_F_DAP_REG] = "READ/WRITE_DAP_REG",
    [STLINK_F_JTAG_DP_READ_QUIRK] = "JTAG DP read quirk",
    [STLINK_F_MEM_16BIT] = "16-bit memory access",
    [STLINK_F_INIT_AP] = "INIT_AP",
    [STLINK_F_CLOSE_AP_STATUS] = "CLOSE_AP status",
    [STLINK_F_DP_BANK] = "DP banks, CSW and AP number in memory commands",
    [STLINK_F_INIT_AP_REQUIRED] = "mandatory INIT_AP",
    [STLINK_F_MEM8_512] = "512-byte 8-bit transfers",
    [STLINK_F_COM_FREQ] = "SET/GET_COM_FREQ",
};

int stlink_version_has(const struct stlink_version *v, enum stlink_feature f)
{
    if ((unsigned)f >= STLINK_F_COUNT)
        return 0;
    const struct gate *g = &gates[f];
    if (v->hw >= HW_V3)
        return g->v3 != NEVER && v->jtag >= g->v3;
    if (v->hw == HW_V2)
        return g->v2 != NEVER && v->jtag >= g->v2 && (!g->last_v2 || v->jtag <= g->last_v2);
    return 0;
}

void stlink_version_format(struct stlink_version *v)
{
    /* OpenOCD's format (§2.4): J if j or no M, M if m, B if b, S if s or no M */
    size_t n = (size_t)snprintf(v->text, sizeof v->text, "V%u", v->hw);
    if (v->jtag || !v->msd)
        n += (size_t)snprintf(v->text + n, sizeof v->text - n, "J%u", v->jtag);
    if (v->msd)
        n += (size_t)snprintf(v->text + n, sizeof v->text - n, "M%u", v->msd);
    if (v->bridge)
        n += (size_t)snprintf(v->text + n, sizeof v->text - n, "B%u", v->bridge);
    if (v->swim || !v->msd)
        snprintf(v->text + n, sizeof v->text - n, "S%u", v->swim);
}

int stlink_parse_version(const uint8_t rep[STLINK_REPLY_VERSION], enum usb_probe_gen gen,
                         struct stlink_version *v)
{
    memset(v, 0, sizeof *v);
    unsigned word = ((unsigned)rep[0] << 8) | rep[1];
    unsigned x = (word >> VER_X_SHIFT) & VER_X_MASK, y = word & VER_Y_MASK;
    v->hw = (word >> VER_HW_SHIFT) & VER_HW_MASK;
    v->vid = stlink_get_u16(rep + VER_VID);
    v->pid = stlink_get_u16(rep + VER_PID);
    v->api = v->hw >= HW_V3 ? API_V3 : API_V2;
    if (gen == USB_GEN_V2_1) {
        int stm8 = (x <= STM8_RULE_OLD_X_MAX && y == STM8_RULE_Y) ||
                   (x >= STM8_RULE_NEW_X_MIN && y >= STM8_RULE_Y && y <= STM8_RULE_Y_MAX);
        if (stm8) {
            v->msd = x;
            v->swim = y;
        } else {
            v->jtag = x;
            v->msd = y;
        }
    } else {
        v->jtag = x;
        v->swim = y;
    }
    stlink_version_format(v);
    return SD_OK;
}

int stlink_parse_version_ex(const uint8_t rep[STLINK_REPLY_VERSION_EX], struct stlink_version *v)
{
    memset(v, 0, sizeof *v);
    v->hw = rep[VEX_HW];
    v->swim = rep[VEX_SWIM];
    v->jtag = rep[VEX_JTAG];
    v->msd = rep[VEX_MSD];
    v->bridge = rep[VEX_BRIDGE];
    v->power = rep[VEX_POWER];
    v->vid = stlink_get_u16(rep + VEX_VID);
    v->pid = stlink_get_u16(rep + VEX_PID);
    v->api = API_V3;
    stlink_version_format(v);
    return SD_OK;
}

int stlink_voltage_mv(uint32_t a0, uint32_t a1)
{
    if (a0 == 0)
        return 0;
    return (int)(((uint64_t)VREF_X2_MV * a1 + a0 / 2) / a0);
}

int stlink_has(const struct stlink *st, enum stlink_feature f)
{
    return stlink_version_has(&st->v, f);
}

int stlink_require(struct stlink *st, enum stlink_feature f, const char *what)
{
    if (stlink_has(st, f))
        return SD_OK;
    const struct gate *g = &gates[f];
    unsigned need = st->v.hw >= HW_V3 ? g->v3 : g->v2;
    if (need == NEVER)
        return sd_fail(st->s, SD_ERR_NOT_SUPPORTED, SD_LOG_STLINK,
                       "%s: %s does not exist on %s probes (firmware %s)", what,
                       feature_names[f], st->v.hw >= HW_V3 ? "V3" : "V2", st->v.text);
    return sd_fail(st->s, SD_ERR_PROBE_FIRMWARE, SD_LOG_STLINK,
                   "%s: %s needs firmware V%uJ%u or later, probe has %s; update it with "
                   "STM32CubeProgrammer or ST's ST-LINK upgrade tool", what, feature_names[f],
                   st->v.hw >= HW_V3 ? HW_V3 : HW_V2, need, st->v.text);
}
