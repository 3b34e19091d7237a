/* Firmware version of the simulated probe: parsing "V2J37S7"-style
 * strings, the GET_VERSION / GET_VERSION_EX replies, and the feature gates
 * by firmware version.  ref: stlink-protocol.md §2.2, §2.3, §2.4, §6.4. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "probe/probe_int.h"

#define ST_VID 0x0483u

/* "V<v>J<j>[S<s>][M<m>][B<b>][P<p>]" in any order after V (OOCD prints
 * VxJxMxBxSx, PYOCD VxJxSxMxBxPx; ref §2.4). */
bool probe_fw_parse(const char *s, struct probe_fw *fw)
{
    memset(fw, 0, sizeof *fw);
    bool have_v = false, have_j = false;
    while (*s) {
        char key = (char)toupper((unsigned char)*s++);
        if (!isdigit((unsigned char)*s))
            return false;
        unsigned long v = strtoul(s, (char **)&s, 10);
        switch (key) {
        case 'V': fw->hw = (unsigned)v; have_v = true; break;
        case 'J': fw->jtag = (unsigned)v; have_j = true; break;
        case 'S': fw->swim = (unsigned)v; break;
        case 'M': fw->msd = (unsigned)v; break;
        case 'B': fw->bridge = (unsigned)v; break;
        case 'P': fw->power = (unsigned)v; break;
        default: return false;
        }
    }
    return have_v && have_j && fw->hw >= 2 && fw->hw <= 4 && fw->jtag < 64;
}

/* First JTAG-firmware version with each capability; 0 = never.
 * V2 column: V2/V2-1 "J" number; V3 column: V3/V3PWR "J" number. */
struct feature_gate {
    unsigned v2;
    unsigned v3;
};

static const struct feature_gate gates[FEAT_COUNT] = {
    [FEAT_ALWAYS]          = { .v2 = 1,  .v3 = 1 },
    /* API v1 sub-commands: V2 firmware keeps them (OOCD still sends
     * them on API v1 only); not assumed on V3. */
    [FEAT_API_V1]          = { .v2 = 1,  .v3 = 0 },
    [FEAT_TRACE]           = { .v2 = 13, .v3 = 1 },
    [FEAT_TARGET_VOLT]     = { .v2 = 13, .v3 = 1 },
    [FEAT_RWSTATUS2]       = { .v2 = 15, .v3 = 1 },
    [FEAT_FPU_REGSEL]      = { .v2 = 15, .v3 = 1 },
    [FEAT_JTAG_NO_RESET]   = { .v2 = 15, .v3 = 1 },
    /* J22 per OOCD and STORG (PYOCD/PRS comments say J20; ⚠ §6.4). */
    [FEAT_SWD_SET_FREQ]    = { .v2 = 22, .v3 = 0 },
    [FEAT_JTAG_SET_FREQ]   = { .v2 = 24, .v3 = 0 },
    [FEAT_DAP_REG]         = { .v2 = 24, .v3 = 1 },
    [FEAT_MEM16]           = { .v2 = 26, .v3 = 1 },
    [FEAT_WRITE32_NOINC]   = { .v2 = 26, .v3 = 1 },
    [FEAT_AP_INIT]         = { .v2 = 28, .v3 = 1 },
    [FEAT_CLOSE_AP_STATUS] = { .v2 = 29, .v3 = 1 },
    [FEAT_DPBANKSEL]       = { .v2 = 32, .v3 = 2 },
    [FEAT_AP_MAX_8]        = { .v2 = 32, .v3 = 1 },
    [FEAT_BOARD_ID]        = { .v2 = 36, .v3 = 6 },
    [FEAT_AP_MANDATORY]    = { .v2 = 37, .v3 = 7 },
    [FEAT_RW8_512]         = { .v2 = 0,  .v3 = 6 },
    [FEAT_COM_FREQ]        = { .v2 = 0,  .v3 = 1 },
    [FEAT_VERSION_EX]      = { .v2 = 0,  .v3 = 1 },
};

bool probe_has(const struct sim_probe *p, enum probe_feature f)
{
    if ((unsigned)f >= FEAT_COUNT)
        return false;
    unsigned min = p->fw.hw >= 3 ? gates[f].v3 : gates[f].v2;
    return min != 0 && p->fw.jtag >= min;
}

/* Version word (V<<12 | X<<6 | Y), big-endian, then VID and PID LE.
 * V2: X = J, Y = S; V2-1: X = J, Y = M; V3: X = Y = 0 (ref §2.2). */
void probe_version_reply(const struct sim_probe *p, uint8_t rep[6])
{
    unsigned x = 0, y = 0;
    if (p->fw.hw < 3) {
        x = p->fw.jtag;
        y = p->model->composite ? p->fw.msd : p->fw.swim;
        if (!p->model->composite && y == 0)
            y = p->fw.msd;
    }
    uint16_t word = (uint16_t)((p->fw.hw & 0xF) << 12 | (x & 0x3F) << 6 | (y & 0x3F));
    rep[0] = (uint8_t)(word >> 8);
    rep[1] = (uint8_t)word;
    probe_put16(&rep[2], ST_VID);
    probe_put16(&rep[4], p->model->pid);
}

/* ST's Stlk_VersionExtT (ref §2.3). */
void probe_version_ex_reply(const struct sim_probe *p, uint8_t rep[12])
{
    memset(rep, 0, 12);
    rep[0] = (uint8_t)p->fw.hw;
    rep[1] = (uint8_t)p->fw.swim;
    rep[2] = (uint8_t)p->fw.jtag;
    rep[3] = (uint8_t)p->fw.msd;
    rep[4] = (uint8_t)p->fw.bridge;
    rep[5] = (uint8_t)p->fw.power;
    probe_put16(&rep[8], ST_VID);
    probe_put16(&rep[10], p->model->pid);
}
