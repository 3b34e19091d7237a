/* Fake board.h implementation for the probe's unit tests (see the header). */
#include <string.h>

#include "test_probe_fakeboard.h"

struct sim_board fake;

#define DP_ABORT   0x0u
#define DP_CTRL    0x4u
#define DP_SELECT  0x8u
#define DP_RDBUFF  0xCu
#define CS_STICKYERR    (1u << 5)
#define CS_CDBGPWRUPREQ (1u << 28)
#define CS_CSYSPWRUPREQ (1u << 30)
#define ABORT_STKERRCLR (1u << 2)

#define DHCSR 0xE000EDF0u
#define DCRSR 0xE000EDF4u
#define DCRDR 0xE000EDF8u
#define AIRCR 0xE000ED0Cu

void fake_reset(void)
{
    memset(&fake, 0, sizeof fake);
    fake.mv = 3300;
}

unsigned sim_board_target_mv(const struct sim_board *b)
{
    return b->mv;
}

void sim_board_drive_nrst(struct sim_board *b, bool low)
{
    if (low != b->nrst_low)
        b->nrst_edges++;
    b->nrst_low = low;
}

bool sim_board_nrst_is_low(const struct sim_board *b)
{
    return b->nrst_low;
}

void sim_board_wire_connect(struct sim_board *b, enum sim_wire_protocol p,
                            unsigned khz)
{
    b->connected = true;
    b->proto = p;
    b->khz = khz;
    b->dpidr_read = false;
    b->connects++;
}

void sim_board_wire_set_khz(struct sim_board *b, unsigned khz)
{
    b->khz = khz;
}

/* ---- target bus ---- */
static bool bus_read(uint32_t addr, unsigned size, uint32_t *v)
{
    addr &= ~(size - 1);
    if (addr >= FAKE_RAM_BASE && addr + size <= FAKE_RAM_BASE + FAKE_RAM_SIZE) {
        uint32_t x = 0;
        memcpy(&x, &fake.ram[addr - FAKE_RAM_BASE], size);
        *v = x;
        return true;
    }
    switch (addr) {
    case DHCSR: {
        uint32_t s = fake.dhcsr_ctrl;
        if (fake.dhcsr_ctrl & 2u)
            s |= 1u << 17; /* S_HALT */
        if (fake.regrdy_delay > 0)
            fake.regrdy_delay--;
        else
            s |= 1u << 16; /* S_REGRDY */
        *v = s;
        return true;
    }
    case DCRSR: *v = fake.dcrsr; return true;
    case DCRDR: *v = fake.dcrdr; return true;
    case AIRCR: *v = 0xFA050000u; return true;
    default: return false;
    }
}

static bool bus_write(uint32_t addr, unsigned size, uint32_t v)
{
    addr &= ~(size - 1);
    if (addr >= FAKE_RAM_BASE && addr + size <= FAKE_RAM_BASE + FAKE_RAM_SIZE) {
        memcpy(&fake.ram[addr - FAKE_RAM_BASE], &v, size);
        return true;
    }
    switch (addr) {
    case DHCSR:
        if ((v >> 16) == 0xA05Fu)
            fake.dhcsr_ctrl = v & 0xFu;
        return true;
    case DCRSR:
        fake.dcrsr = v;
        if (v & (1u << 16))
            fake.regs[v & 0x7F] = fake.dcrdr;
        else
            fake.dcrdr = fake.regs[v & 0x7F];
        return true;
    case DCRDR: fake.dcrdr = v; return true;
    case AIRCR: fake.aircr_writes++; return true;
    default:
        return addr >= 0xE0000000u; /* other PPB registers: ignored */
    }
}

static unsigned csw_size(void)
{
    return 1u << (fake.csw & 7u);
}

static unsigned lane(uint32_t addr, unsigned size)
{
    return size == 4 ? 0 : (addr & 3u & ~(size - 1u)) * 8u;
}

static void tar_step(void)
{
    if ((fake.csw & 0x30u) == 0x10u)
        fake.tar = (fake.tar & ~0x3FFu) | ((fake.tar + csw_size()) & 0x3FFu);
}

/* AP access; returns false on a bus error (sets the sticky flag). */
static bool ap_access(bool read, uint8_t addr, uint32_t *data)
{
    unsigned apsel = fake.select >> 24;
    uint8_t reg = (uint8_t)((fake.select & 0xF0u) | addr);
    if (apsel == 1) {
        if (read)
            fake.rdbuff = fake.ap1_regs[reg >> 2];
        else
            fake.ap1_regs[reg >> 2] = *data;
        return true;
    }
    switch (reg) {
    case 0x00:
        if (read)
            fake.rdbuff = fake.csw;
        else {
            fake.csw = *data;
            fake.csw_writes++;
        }
        return true;
    case 0x04:
        if (read)
            fake.rdbuff = fake.tar;
        else {
            fake.tar = *data;
            fake.tar_writes++;
        }
        return true;
    case 0x0C: {
        unsigned size = csw_size();
        fake.drw_accesses++;
        if (read) {
            uint32_t v = 0;
            if (!bus_read(fake.tar, size, &v))
                return false;
            fake.rdbuff = size == 4 ? v : (v & ((1u << (8 * size)) - 1)) << lane(fake.tar, size);
        } else {
            uint32_t v = size == 4 ? *data : (*data >> lane(fake.tar, size)) & ((1u << (8 * size)) - 1);
            if (!bus_write(fake.tar, size, v))
                return false;
        }
        tar_step();
        return true;
    }
    case 0xFC:
        if (read)
            fake.rdbuff = 0x24770011u; /* AHB-AP IDR (Cortex-M4) */
        return true;
    default:
        if (read)
            fake.rdbuff = 0;
        return true;
    }
}

enum sim_ack sim_board_wire_transfer(struct sim_board *b, bool ap, bool read,
                                     uint8_t addr, uint32_t *data)
{
    b->transfers++;
    if (b->dead || !b->connected)
        return SIM_ACK_NONE;
    if (b->wait_forever)
        return SIM_ACK_WAIT;
    if (b->wait_next > 0) {
        b->wait_next--;
        return SIM_ACK_WAIT;
    }
    addr &= 0xC;
    /* After a line reset only a DPIDR read is answered (ADIv5.2 §B4.3.3). */
    if (!b->dpidr_read && (ap || !read || addr != 0))
        return SIM_ACK_FAULT;
    if (!ap) {
        if (read) {
            switch (addr) {
            case 0x0: *data = FAKE_DPIDR; b->dpidr_read = true; return SIM_ACK_OK;
            case DP_CTRL: {
                uint32_t cs = b->ctrlstat;
                cs |= (cs & CS_CDBGPWRUPREQ) << 1 | (cs & CS_CSYSPWRUPREQ) << 1;
                if (b->sticky)
                    cs |= CS_STICKYERR;
                *data = cs;
                return SIM_ACK_OK;
            }
            case DP_RDBUFF:
                if (b->sticky)
                    return SIM_ACK_FAULT;
                *data = b->rdbuff;
                return SIM_ACK_OK;
            default:
                *data = 0;
                return SIM_ACK_OK;
            }
        }
        switch (addr) {
        case DP_ABORT:
            b->abort_writes++;
            if (*data & ABORT_STKERRCLR)
                b->sticky = false;
            return SIM_ACK_OK;
        case DP_CTRL:
            if (b->sticky)
                return SIM_ACK_FAULT;
            b->ctrlstat = *data;
            return SIM_ACK_OK;
        case DP_SELECT:
            if (b->sticky)
                return SIM_ACK_FAULT;
            b->select = *data;
            return SIM_ACK_OK;
        default:
            return SIM_ACK_OK;
        }
    }
    if (b->sticky)
        return SIM_ACK_FAULT;
    /* Posted: a read returns the previous AP read's data; an error of
     * this access shows as FAULT on the next one (§B4.2.3/4). */
    uint32_t prev = b->rdbuff;
    if (!ap_access(read, addr, data))
        b->sticky = true;
    if (read)
        *data = prev;
    return SIM_ACK_OK;
}
