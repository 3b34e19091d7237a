/* Interface clock of the probe: the V2 divisor tables (SWD_SET_FREQ,
 * JTAG_SET_FREQ) and the V3 frequency lists (GET_COM_FREQ, SET_COM_FREQ,
 * SWITCH_STLINK_FREQ).  The clock chosen reaches the board through
 * sim_board_wire_set_khz(); the board decides whether its wiring carries
 * it.  ref: stlink-protocol.md §4.1 rows 0x43/0x44/0x61-0x63, §4.6. */
#include <stddef.h>

#include "board/board.h"
#include "probe/probe_int.h"

struct khz_div {
    unsigned khz;
    unsigned div;
};

/* V2 SWD divisors: OOCD/STORG values, plus the divisors only PYOCD/PRS
 * list (5, 9, 10, 25).  Divisor 0 is 4000 kHz per OOCD/STORG (PYOCD/PRS
 * say 4600, BMP's formula 3600; ⚠ §4.6). */
static const struct khz_div swd_table[] = {
    { 4000, 0 }, { 1800, 1 }, { 1200, 2 }, { 950, 3 }, { 650, 5 },
    { 480, 7 }, { 400, 9 }, { 360, 10 }, { 240, 15 }, { 150, 25 },
    { 125, 31 }, { 100, 40 }, { 50, 79 }, { 25, 158 }, { 15, 265 },
    { 5, 798 },
};

/* V2 JTAG divisors (OOCD; 18 MHz from PYOCD/PRS). */
static const struct khz_div jtag_table[] = {
    { 18000, 2 }, { 9000, 4 }, { 4500, 8 }, { 2250, 16 }, { 1125, 32 },
    { 562, 64 }, { 281, 128 }, { 140, 256 },
};

/* Divisors outside the tables: BMP's formulas (the firmware accepts any
 * u16 divisor): SWD 72 MHz / (20 (div + 1)), JTAG 72 MHz / (2 div). */
#define V2_CLOCK_KHZ 72000u

#define V2_SWD_DEFAULT_KHZ   1800  /* divisor 1, the default (§4.6) */
#define V2_JTAG_DEFAULT_KHZ  1125  /* divisor 32 */
#define V3_DEFAULT_KHZ       1000  /* STORG's default; in every V3 list */

/* V3 lists per HCLK prescaler (PYOCD docs; descending, as BMP assumes). */
#define V3_LIST_LEN 6
static const unsigned v3_lists[3][V3_LIST_LEN] = {
    { 24000, 8000, 3300, 1000, 200, 50 },  /* prescaler 1 */
    { 12000, 4000, 1600, 1000, 200, 50 },  /* prescaler 2 */
    { 6000, 2000, 850, 520, 200, 50 },     /* prescaler 4 */
};
#define GET_COM_FREQ_REPLY   52
#define GET_COM_FREQ_ENTRIES 10

#define COM_SWD  0
#define COM_JTAG 1

static unsigned lookup(const struct khz_div *t, size_t n, unsigned div,
                       unsigned fallback)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].div == div)
            return t[i].khz;
    return fallback;
}

void probe_freq_defaults(struct sim_probe *p)
{
    if (p->fw.hw >= 3) {
        p->swd_khz = V3_DEFAULT_KHZ;
        p->jtag_khz = V3_DEFAULT_KHZ;
    } else {
        p->swd_khz = V2_SWD_DEFAULT_KHZ;
        p->jtag_khz = V2_JTAG_DEFAULT_KHZ;
    }
}

unsigned probe_wire_khz(const struct sim_probe *p)
{
    return p->wire == SIM_WIRE_JTAG ? p->jtag_khz : p->swd_khz;
}

static void apply(struct sim_probe *p, bool jtag)
{
    if (p->wire_up && (p->wire == SIM_WIRE_JTAG) == jtag)
        sim_board_wire_set_khz(p->board, probe_wire_khz(p));
}

void probe_cmd_swd_set_freq(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    unsigned div = probe_le16(&c[2]);
    p->swd_khz = lookup(swd_table, sizeof swd_table / sizeof swd_table[0], div,
                        V2_CLOCK_KHZ / (20u * (div + 1u)));
    apply(p, false);
    probe_reply_status(p, STLINK_OK);
}

void probe_cmd_jtag_set_freq(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    unsigned div = probe_le16(&c[2]);
    if (div == 0) {
        probe_reply_status(p, STLINK_FREQ_NOT_SUPPORTED);
        return;
    }
    p->jtag_khz = lookup(jtag_table, sizeof jtag_table / sizeof jtag_table[0],
                         div, V2_CLOCK_KHZ / (2u * div));
    apply(p, true);
    probe_reply_status(p, STLINK_OK);
}

static const unsigned *v3_list(const struct sim_probe *p)
{
    return v3_lists[p->v3_prescaler == 4 ? 2 : p->v3_prescaler == 2 ? 1 : 0];
}

/* Fastest entry not above `khz`, else the slowest (OOCD's rule). */
static unsigned v3_match(const struct sim_probe *p, unsigned khz)
{
    const unsigned *l = v3_list(p);
    for (int i = 0; i < V3_LIST_LEN; i++)
        if (l[i] <= khz)
            return l[i];
    return l[V3_LIST_LEN - 1];
}

/* [2] 0 SWD / 1 JTAG, [4..7] kHz; reply status + actual kHz. */
void probe_cmd_set_com_freq(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    if (c[2] > COM_JTAG) {
        probe_reply_status_u32(p, STLINK_CMD_ERROR, 0);
        return;
    }
    unsigned khz = v3_match(p, probe_le32(&c[4]));
    if (c[2] == COM_JTAG)
        p->jtag_khz = khz;
    else
        p->swd_khz = khz;
    apply(p, c[2] == COM_JTAG);
    probe_reply_status_u32(p, STLINK_OK, khz);
}

/* 52 bytes: status, pad, current kHz at [4], count at [8], up to 10
 * entries from [12]. */
void probe_cmd_get_com_freq(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    uint8_t r[GET_COM_FREQ_REPLY] = { STLINK_OK };
    if (c[2] > COM_JTAG) {
        r[0] = STLINK_CMD_ERROR;
        probe_reply(p, r, sizeof r);
        return;
    }
    const unsigned *l = v3_list(p);
    probe_put32(&r[4], c[2] == COM_JTAG ? p->jtag_khz : p->swd_khz);
    probe_put32(&r[8], V3_LIST_LEN);
    for (int i = 0; i < V3_LIST_LEN && i < GET_COM_FREQ_ENTRIES; i++)
        probe_put32(&r[12 + 4 * i], l[i]);
    probe_reply(p, r, sizeof r);
}

/* [2] HCLK prescaler 1, 2 or 4; 8-byte reply with 0x40 CONF_CHANGED
 * (PYOCD only, ref §4.1 row 0x63).  The clocks move to the new list. */
void probe_cmd_switch_freq(struct sim_probe *p, const uint8_t *c, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    if (c[2] != 1 && c[2] != 2 && c[2] != 4) {
        probe_reply_status_u32(p, STLINK_FREQ_NOT_SUPPORTED, 0);
        return;
    }
    p->v3_prescaler = c[2];
    p->swd_khz = v3_match(p, p->swd_khz);
    p->jtag_khz = v3_match(p, p->jtag_khz);
    apply(p, p->wire == SIM_WIRE_JTAG);
    probe_reply_status_u32(p, STLINK_CONF_CHANGED, 0);
}
