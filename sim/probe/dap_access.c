/* How the probe firmware drives the target's debug port: DP/AP transfers
 * with WAIT retries, SELECT caching, posted AP reads collected from
 * RDBUFF, and MEM-AP block transfers (CSW, TAR re-written at every 1 KiB
 * boundary, DRW).  Facts: ADIv5.2 (ARM IHI 0031) §B2.2 DP registers,
 * §B4.2 SWD acks / posted reads, §C2.2.2 TAR auto-increment only within
 * 1 KiB, §C2.2.4 byte lanes, §C2.6 MEM-AP registers; ST-LINK behaviour
 * ref: stlink-protocol.md §5 (status codes), §6.3 (boundary handling). */
#include "board/board.h"
#include "probe/probe_int.h"

/* DP registers (A[3:2]) and bits, ADIv5.2 §B2.2. */
#define DP_ABORT        0x0u
#define DP_DPIDR        0x0u
#define DP_SELECT       0x8u
#define DP_RDBUFF       0xCu
#define ABORT_STKCMPCLR (1u << 1)
#define ABORT_STKERRCLR (1u << 2)
#define ABORT_WDERRCLR  (1u << 3)
#define ABORT_ORUNERRCLR (1u << 4)
#define ABORT_CLEAR_ALL (ABORT_STKCMPCLR | ABORT_STKERRCLR | ABORT_WDERRCLR | \
                         ABORT_ORUNERRCLR)
#define DP_CTRLSTAT     0x4u
#define CS_STICKYORUN   (1u << 1)
#define CS_STICKYCMP    (1u << 4)
#define CS_STICKYERR    (1u << 5)
#define CS_STICKY_W1C   (CS_STICKYORUN | CS_STICKYCMP | CS_STICKYERR)
#define CS_CDBGPWRUPREQ (1u << 28)
#define CS_CSYSPWRUPREQ (1u << 30)
#define SELECT_APSEL_SHIFT 24
#define SELECT_APBANK_MASK 0xF0u

/* MEM-AP registers and CSW fields, ADIv5.2 §C2.6. */
#define AP_CSW          0x00u
#define AP_TAR          0x04u
#define AP_DRW          0x0Cu
#define CSW_SIZE_8      0x0u
#define CSW_SIZE_16     0x1u
#define CSW_SIZE_32     0x2u
#define CSW_ADDRINC_OFF    (0u << 4)
#define CSW_ADDRINC_SINGLE (1u << 4)
/* Firmware default attributes when the host gives no CSW[31:8]:
 * DbgSwEnable | MasterType=debug | HPROT privileged (what OOCD uses for
 * Cortex-M, CSW_HPROT | CSW_MASTER_DEBUG | CSW_DBGSWENABLE). */
#define CSW_DEFAULT_ATTR 0xA2000000u

#define TAR_BLOCK       1024u  /* auto-increment guaranteed within 1 KiB */

/* How often the firmware repeats a transfer the target answered WAIT
 * before giving up with a WAIT status (not documented; bounded so a
 * stuck AHB cannot hang the probe). */
#define WAIT_RETRIES    64

/* One transfer on the wire, repeated while the target answers WAIT.
 * Between retries the accumulated time passes, so a busy target (flash
 * programming stalls the AHB) makes progress. */
static enum sim_ack xfer(struct sim_probe *p, bool ap, bool read, uint8_t addr,
                         uint32_t *v)
{
    if (!p->wire_up)
        return SIM_ACK_NONE;
    enum sim_ack ack = SIM_ACK_NONE;
    for (int i = 0; i <= WAIT_RETRIES; i++) {
        uint32_t d = read ? 0 : *v;
        ack = sim_board_wire_transfer(p->board, ap, read, addr, &d);
        /* the wire at its clock, plus the firmware's own time per transfer */
        p->cost += sim_cost_swd_transfer(probe_wire_khz(p)) +
                   sim_cost_probe_swd_overhead(p->model->speed);
        sim_stats.swd_transfers++;
        if (ack == SIM_ACK_OK && read)
            *v = d;
        if (ack != SIM_ACK_WAIT)
            break;
        probe_flush_time(p);
    }
    return ack;
}

uint8_t probe_ack_status(enum sim_ack ack, bool ap)
{
    switch (ack) {
    case SIM_ACK_OK:     return STLINK_OK;
    case SIM_ACK_WAIT:   return ap ? STLINK_SWD_AP_WAIT : STLINK_SWD_DP_WAIT;
    case SIM_ACK_FAULT:  return ap ? STLINK_SWD_AP_FAULT : STLINK_SWD_DP_FAULT;
    case SIM_ACK_PARITY: return ap ? STLINK_SWD_AP_PARITY_ERROR
                                   : STLINK_SWD_DP_PARITY_ERROR;
    case SIM_ACK_NONE:
    default:             return ap ? STLINK_SWD_AP_ERROR : STLINK_SWD_DP_ERROR;
    }
}

enum sim_ack probe_dp_read(struct sim_probe *p, uint8_t addr, uint32_t *v)
{
    return xfer(p, false, true, addr & 0xC, v);
}

enum sim_ack probe_dp_write(struct sim_probe *p, uint8_t addr, uint32_t v)
{
    enum sim_ack ack = xfer(p, false, false, addr & 0xC, &v);
    if ((addr & 0xC) == DP_SELECT) {
        p->select = v;
        p->select_known = ack == SIM_ACK_OK;
    }
    return ack;
}

static enum sim_ack select_ap(struct sim_probe *p, uint8_t ap, uint8_t bank)
{
    uint32_t want = (uint32_t)ap << SELECT_APSEL_SHIFT | (bank & SELECT_APBANK_MASK);
    if (p->select_known && p->select == want)
        return SIM_ACK_OK;
    return probe_dp_write(p, DP_SELECT, want);
}

enum sim_ack probe_ap_read(struct sim_probe *p, uint8_t ap, uint8_t addr, uint32_t *v)
{
    enum sim_ack ack = select_ap(p, ap, addr);
    uint32_t stale = 0;
    if (ack == SIM_ACK_OK)
        ack = xfer(p, true, true, addr & 0xC, &stale); /* posted */
    if (ack == SIM_ACK_OK)
        ack = xfer(p, false, true, DP_RDBUFF, v);
    return ack;
}

enum sim_ack probe_ap_write(struct sim_probe *p, uint8_t ap, uint8_t addr, uint32_t v)
{
    enum sim_ack ack = select_ap(p, ap, addr);
    if (ack == SIM_ACK_OK)
        ack = xfer(p, true, false, addr & 0xC, &v);
    return ack;
}

/* SW-DP: ABORT with the *CLR bits; JTAG-DP: write-one-to-clear in
 * CTRL/STAT, keeping the power requests (ADIv5.2 §B2.2.1, §B2.2.3). */
void probe_clear_sticky(struct sim_probe *p)
{
    uint32_t v = ABORT_CLEAR_ALL;
    if (p->wire == SIM_WIRE_JTAG) {
        v = CS_CDBGPWRUPREQ | CS_CSYSPWRUPREQ | CS_STICKY_W1C;
        xfer(p, false, false, DP_CTRLSTAT, &v);
    } else {
        xfer(p, false, false, DP_ABORT, &v);
    }
}

/* ---- MEM-AP ---- */

static uint32_t csw_for(const struct sim_probe *p, uint32_t csw_hi,
                        unsigned size, bool inc)
{
    uint32_t sz = size == 1 ? CSW_SIZE_8 : size == 2 ? CSW_SIZE_16 : CSW_SIZE_32;
    uint32_t attr = CSW_DEFAULT_ATTR;
    /* CSW[31:8] from the command is honoured from V2J32/V3J2 (ref §4.2);
     * 0 means "firmware default". */
    if (csw_hi && probe_has(p, FEAT_DPBANKSEL))
        attr = csw_hi << 8;
    return attr | sz | (inc ? CSW_ADDRINC_SINGLE : CSW_ADDRINC_OFF);
}

/* Data of `size` bytes at `addr` sits on byte lanes addr[1:0] of DRW. */
static unsigned lane_shift(uint32_t addr, unsigned size)
{
    return size == 4 ? 0 : (addr & 3u & ~(size - 1u)) * 8u;
}

static uint32_t get_item(const uint8_t *b, unsigned size)
{
    return size == 1 ? b[0] : size == 2 ? probe_le16(b) : probe_le32(b);
}

static void put_item(uint8_t *b, unsigned size, uint32_t v)
{
    if (size == 1)
        b[0] = (uint8_t)v;
    else if (size == 2)
        probe_put16(b, (uint16_t)v);
    else
        probe_put32(b, v);
}

/* After a FAULT: clear the sticky flags (HLA hosts never do) and ask the
 * MEM-AP where it stopped — TAR keeps the address of the access that
 * failed (ADIv5.2 §C2.2.2: TAR only moves on completed transfers). */
static uint8_t fault_status(struct sim_probe *p, uint8_t ap, enum sim_ack ack,
                            uint32_t guess, uint32_t *fault)
{
    *fault = guess;
    if (ack == SIM_ACK_FAULT) {
        uint32_t tar;
        probe_clear_sticky(p);
        if (probe_ap_read(p, ap, AP_TAR, &tar) == SIM_ACK_OK)
            *fault = tar;
    }
    return probe_ack_status(ack, true);
}

/* Accesses from `addr` up to the next 1 KiB boundary (all when !inc). */
static size_t block_items(uint32_t addr, unsigned size, size_t left, bool inc)
{
    if (!inc)
        return left;
    size_t n = (TAR_BLOCK - (addr & (TAR_BLOCK - 1))) / size;
    if (n == 0)
        n = 1;
    return n < left ? n : left;
}

uint8_t probe_mem_read(struct sim_probe *p, uint8_t ap, uint32_t csw_hi,
                       uint32_t addr, unsigned size, size_t count, bool inc,
                       uint8_t *buf, uint32_t *fault)
{
    enum sim_ack ack = probe_ap_write(p, ap, AP_CSW, csw_for(p, csw_hi, size, inc));
    if (ack != SIM_ACK_OK)
        return fault_status(p, ap, ack, addr, fault);
    size_t i = 0;
    while (i < count) {
        uint32_t a = addr + (inc ? (uint32_t)(i * size) : 0);
        size_t n = block_items(a, size, count - i, inc);
        ack = xfer(p, true, false, AP_TAR, &a);
        /* Posted reads: each DRW read returns the previous one's data,
         * RDBUFF the last (ADIv5.2 §B4.2.3). */
        for (size_t k = 0; k <= n && ack == SIM_ACK_OK; k++) {
            uint32_t v = 0;
            if (k < n)
                ack = xfer(p, true, true, AP_DRW, &v);
            else
                ack = xfer(p, false, true, DP_RDBUFF, &v);
            if (ack == SIM_ACK_OK && k > 0) {
                uint32_t ea = addr + (inc ? (uint32_t)((i + k - 1) * size) : 0);
                put_item(buf + (i + k - 1) * size, size, v >> lane_shift(ea, size));
            }
        }
        if (ack != SIM_ACK_OK)
            return fault_status(p, ap, ack, a, fault);
        i += n;
    }
    return STLINK_OK;
}

uint8_t probe_mem_write(struct sim_probe *p, uint8_t ap, uint32_t csw_hi,
                        uint32_t addr, unsigned size, size_t count, bool inc,
                        const uint8_t *buf, uint32_t *fault)
{
    enum sim_ack ack = probe_ap_write(p, ap, AP_CSW, csw_for(p, csw_hi, size, inc));
    if (ack != SIM_ACK_OK)
        return fault_status(p, ap, ack, addr, fault);
    size_t i = 0;
    while (i < count) {
        uint32_t a = addr + (inc ? (uint32_t)(i * size) : 0);
        size_t n = block_items(a, size, count - i, inc);
        ack = xfer(p, true, false, AP_TAR, &a);
        for (size_t k = 0; k < n && ack == SIM_ACK_OK; k++) {
            uint32_t ea = addr + (inc ? (uint32_t)((i + k) * size) : 0);
            uint32_t v = get_item(buf + (i + k) * size, size) << lane_shift(ea, size);
            ack = xfer(p, true, false, AP_DRW, &v);
        }
        /* Writes are buffered too: an error of the last one shows on the
         * next access, so make sure it completed (RDBUFF, as OOCD does
         * after DAP writes, ref §4.4 "Completion"). */
        if (ack == SIM_ACK_OK) {
            uint32_t dummy;
            ack = xfer(p, false, true, DP_RDBUFF, &dummy);
        }
        if (ack != SIM_ACK_OK)
            return fault_status(p, ap, ack, a, fault);
        i += n;
    }
    return STLINK_OK;
}

uint8_t probe_read32(struct sim_probe *p, uint32_t addr, uint32_t *v)
{
    uint8_t b[4];
    uint32_t fault;
    uint8_t st = probe_mem_read(p, 0, 0, addr & ~3u, 4, 1, false, b, &fault);
    *v = st == STLINK_OK ? probe_le32(b) : 0;
    return st;
}

uint8_t probe_write32(struct sim_probe *p, uint32_t addr, uint32_t v)
{
    uint8_t b[4];
    uint32_t fault;
    probe_put32(b, v);
    return probe_mem_write(p, 0, 0, addr & ~3u, 4, 1, false, b, &fault);
}
