/* Interface clock (reference §4.6): V2 divisor tables, V3 frequency list. */
#include "stlink/stlink_internal.h"

#define DEFAULT_KHZ 1800u   /* §4.6: V2 SWD default (divisor 1), when asked for 0 */

struct speed_row {
    unsigned khz;
    uint16_t divisor;
};

/* V2 SWD_SET_FREQ (0x43), OpenOCD/stlink-org values.  Divisor 0 is 4000 kHz
 * there, 4600 in pyOCD/probe-rs, 3600 by BMP's formula (§9 row 7). */
static const struct speed_row v2_swd[] = {
    { 4000, 0 }, { 1800, 1 }, { 1200, 2 }, { 950, 3 }, { 480, 7 }, { 240, 15 },
    { 125, 31 }, { 100, 40 }, { 50, 79 }, { 25, 158 }, { 15, 265 }, { 5, 798 },
};
/* V2 JTAG_SET_FREQ (0x44), OpenOCD (18 MHz left out: unstable, commit d14eac569). */
static const struct speed_row v2_jtag[] = {
    { 9000, 4 }, { 4500, 8 }, { 2250, 16 }, { 1125, 32 }, { 562, 64 }, { 281, 128 }, { 140, 256 },
};

#define ROWS(t) (sizeof(t) / sizeof((t)[0]))

unsigned stlink_v2_speed_choose(enum stlink_wire wire, unsigned khz, uint16_t *divisor)
{
    const struct speed_row *t = wire == STLINK_SWD ? v2_swd : v2_jtag;
    size_t n = wire == STLINK_SWD ? ROWS(v2_swd) : ROWS(v2_jtag);
    const struct speed_row *best = NULL, *slowest = &t[0];
    for (size_t i = 0; i < n; i++) {
        if (t[i].khz <= khz && (!best || t[i].khz > best->khz))
            best = &t[i];
        if (t[i].khz < slowest->khz)
            slowest = &t[i];
    }
    if (!best)
        best = slowest;
    *divisor = best->divisor;
    return best->khz;
}

unsigned stlink_speed_pick(const unsigned *list, size_t n, unsigned khz)
{
    unsigned best = 0, slowest = 0;
    for (size_t i = 0; i < n; i++) {
        if (list[i] == 0)
            continue;
        if (list[i] <= khz && list[i] > best)
            best = list[i];
        if (!slowest || list[i] < slowest)
            slowest = list[i];
    }
    return best ? best : slowest;
}

static int set_v2(struct stlink *st, enum stlink_wire wire, unsigned khz, unsigned *actual)
{
    int swd = wire == STLINK_SWD;
    int err = stlink_require(st, swd ? STLINK_F_SWD_SET_FREQ : STLINK_F_JTAG_SET_FREQ,
                             swd ? "SWD_SET_FREQ" : "JTAG_SET_FREQ");
    if (err != SD_OK)
        return err;
    uint16_t divisor;
    unsigned chosen = stlink_v2_speed_choose(wire, khz, &divisor);
    uint8_t rep[STLINK_REPLY_STATUS];
    struct stlink_cmd c;
    stlink_cmd_debug(&c, swd ? STLINK_DEBUG_APIV2_SWD_SET_FREQ : STLINK_DEBUG_APIV2_JTAG_SET_FREQ,
                     swd ? "SWD_SET_FREQ" : "JTAG_SET_FREQ");
    stlink_cmd_u16(&c, divisor);
    err = stlink_xfer_retry(st, &c, rep, sizeof rep);
    if (err == SD_OK)
        *actual = chosen;
    return err;
}

static int set_v3(struct stlink *st, enum stlink_wire wire, unsigned khz, unsigned *actual)
{
    uint8_t sel = wire == STLINK_SWD ? STLINK_COM_SWD : STLINK_COM_JTAG;
    uint8_t rep[STLINK_REPLY_COM_FREQ_GET];
    struct stlink_cmd c;
    stlink_cmd_debug(&c, STLINK_DEBUG_APIV3_GET_COM_FREQ, "GET_COM_FREQ");
    stlink_cmd_u8(&c, sel);
    int err = stlink_xfer_status(st, &c, rep, sizeof rep);
    if (err != SD_OK)
        return err;
    uint32_t count = stlink_get_u32(rep + STLINK_COM_FREQ_COUNT);
    if (count > STLINK_COM_FREQ_MAX_ENTRIES)
        count = STLINK_COM_FREQ_MAX_ENTRIES;
    unsigned list[STLINK_COM_FREQ_MAX_ENTRIES];
    for (uint32_t i = 0; i < count; i++)
        list[i] = stlink_get_u32(rep + STLINK_COM_FREQ_LIST + 4 * i);
    unsigned chosen = stlink_speed_pick(list, count, khz);
    if (!chosen)
        return sd_fail(st->s, SD_ERR_PROBE_PROTOCOL, SD_LOG_STLINK,
                       "GET_COM_FREQ: the probe lists no frequency");

    uint8_t set[STLINK_REPLY_COM_FREQ_SET];
    stlink_cmd_debug(&c, STLINK_DEBUG_APIV3_SET_COM_FREQ, "SET_COM_FREQ");
    stlink_cmd_u8(&c, sel);
    stlink_cmd_u8(&c, 0);
    stlink_cmd_u32(&c, chosen);
    err = stlink_xfer_status(st, &c, set, sizeof set);
    if (err != SD_OK)
        return err;
    *actual = stlink_get_u32(set + STLINK_REPLY_PAYLOAD);
    return SD_OK;
}

int stlink_set_speed(struct stlink *st, enum stlink_wire wire, unsigned khz, unsigned *actual_khz)
{
    unsigned want = khz ? khz : DEFAULT_KHZ;
    unsigned got = 0;
    int err = stlink_has(st, STLINK_F_COM_FREQ) ? set_v3(st, wire, want, &got)
                                                : set_v2(st, wire, want, &got);
    if (err != SD_OK)
        return err;
    if (got > want)
        sd_log(st->s, SD_LOG_WARN, SD_LOG_STLINK,
               "%u kHz is below the slowest clock the probe has; using %u kHz", want, got);
    sd_log(st->s, SD_LOG_INFO, SD_LOG_STLINK, "%s clock %u kHz (asked %u kHz)",
           wire == STLINK_SWD ? "SWD" : "JTAG", got, want);
    st->speed_khz = got;
    if (actual_khz)
        *actual_khz = got;
    return SD_OK;
}
