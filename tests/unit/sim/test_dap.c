/* The bench's DAP (sim/dap) against ADIv5.2 (ARM IHI 0031) and RM0090
 * §38.8, with a fake chip: a 4 KiB RAM at 0x20000000, a register that
 * stalls the bus (WAIT) a set number of times, bus faults everywhere
 * else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "chips/chip.h"
#include "dap/adiv5.h"
#include "dap/dap.h"

/* ---- the fake chip (chip.h, the part the DAP uses) ---- */

#define RAM_BASE   0x20000000u
#define RAM_SIZE   0x1000u
#define STALL_ADDR 0x40023C0Cu /* a register that answers WAIT first */
#define STALL_VAL  0x5EA1AB1Eu
#define FAULT_ADDR 0x30000000u /* nothing there */
#define F4_DPIDR   0x2BA01477u /* stm32-families.md §1.3 */
#define F4_JTAG_ID 0x4BA00477u
#define F4_AP_IDR  0x24770011u
#define F4_AP_BASE 0xE00FF003u

struct sim_chip {
    bool alive;
    uint8_t ram[RAM_SIZE];
    unsigned stall_left;
    bool sys_pwr, dbg_pwr;
    unsigned power_calls;
    unsigned misaligned;
};

static struct sim_chip fake;

bool sim_chip_debug_port_alive(const struct sim_chip *c) { return c->alive; }

uint32_t sim_chip_dp_idcode(const struct sim_chip *c,
                            enum sim_wire_protocol proto)
{
    (void)c;
    return proto == SIM_WIRE_SWD ? F4_DPIDR : F4_JTAG_ID;
}

unsigned sim_chip_ap_count(const struct sim_chip *c) { (void)c; return 1; }

uint32_t sim_chip_ap_idr(const struct sim_chip *c, unsigned ap)
{
    (void)c;
    return ap == 0 ? F4_AP_IDR : 0;
}

uint32_t sim_chip_ap_base(const struct sim_chip *c, unsigned ap)
{
    (void)c;
    return ap == 0 ? F4_AP_BASE : 0;
}

enum sim_bus_access sim_chip_debug_read(struct sim_chip *c, unsigned ap,
                                        uint32_t addr, unsigned size,
                                        uint32_t *val)
{
    assert_int_equal(ap, 0);
    if (addr % size)
        c->misaligned++;
    if (addr == STALL_ADDR) {
        if (c->stall_left) {
            c->stall_left--;
            return SIM_BUS_ACCESS_WAIT;
        }
        *val = STALL_VAL;
        return SIM_BUS_ACCESS_OK;
    }
    if (addr < RAM_BASE || addr - RAM_BASE + size > RAM_SIZE)
        return SIM_BUS_ACCESS_FAULT;
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint32_t)c->ram[addr - RAM_BASE + i] << (8 * i);
    *val = v;
    return SIM_BUS_ACCESS_OK;
}

enum sim_bus_access sim_chip_debug_write(struct sim_chip *c, unsigned ap,
                                         uint32_t addr, unsigned size,
                                         uint32_t val)
{
    assert_int_equal(ap, 0);
    if (addr % size)
        c->misaligned++;
    if (addr < RAM_BASE || addr - RAM_BASE + size > RAM_SIZE)
        return SIM_BUS_ACCESS_FAULT;
    for (unsigned i = 0; i < size; i++)
        c->ram[addr - RAM_BASE + i] = (uint8_t)(val >> (8 * i));
    return SIM_BUS_ACCESS_OK;
}

void sim_chip_debug_power(struct sim_chip *c, bool system, bool debug)
{
    c->sys_pwr = system;
    c->dbg_pwr = debug;
    c->power_calls++;
}

/* ---- helpers ---- */

static struct sim_dap *dap;

static int setup(void **state)
{
    (void)state;
    memset(&fake, 0, sizeof fake);
    fake.alive = true;
    dap = sim_dap_create(&fake);
    assert_non_null(dap);
    sim_dap_set_line(dap, true, 4000);
    sim_dap_connect(dap, SIM_WIRE_SWD, 1800);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sim_dap_destroy(dap);
    return 0;
}

static enum sim_ack dp_rd(uint8_t addr, uint32_t *v)
{
    return sim_dap_transfer(dap, false, true, addr, v);
}

static enum sim_ack dp_wr(uint8_t addr, uint32_t v)
{
    return sim_dap_transfer(dap, false, false, addr, &v);
}

static enum sim_ack ap_rd(uint8_t addr, uint32_t *v)
{
    return sim_dap_transfer(dap, true, true, addr, v);
}

static enum sim_ack ap_wr(uint8_t addr, uint32_t v)
{
    return sim_dap_transfer(dap, true, false, addr, &v);
}

static uint32_t ctrlstat(void)
{
    uint32_t v = 0;
    assert_int_equal(dp_rd(DP_REG_CTRLSTAT, &v), SIM_ACK_OK);
    return v;
}

/* What every debugger does after the line reset. */
static void attach(void)
{
    uint32_t id = 0;
    assert_int_equal(dp_rd(DP_REG_DPIDR, &id), SIM_ACK_OK);
    assert_int_equal(dp_wr(DP_REG_ABORT, ABORT_STKERRCLR), SIM_ACK_OK);
    assert_int_equal(dp_wr(DP_REG_SELECT, 0), SIM_ACK_OK);
    assert_int_equal(dp_wr(DP_REG_CTRLSTAT,
                           CS_CDBGPWRUPREQ | CS_CSYSPWRUPREQ), SIM_ACK_OK);
    assert_int_equal(ap_wr(AP_REG_CSW, CSW_SIZE_32 | CSW_ADDRINC_SINGLE),
                     SIM_ACK_OK);
}

/* A 32-bit read the way a probe does it: TAR, DRW (posted), RDBUFF. */
static uint32_t mem_read32(uint32_t addr)
{
    uint32_t v = 0;
    assert_int_equal(ap_wr(AP_REG_TAR, addr), SIM_ACK_OK);
    assert_int_equal(ap_rd(AP_REG_DRW, &v), SIM_ACK_OK);
    assert_int_equal(dp_rd(DP_REG_RDBUFF, &v), SIM_ACK_OK);
    return v;
}

static void ram_put32(uint32_t addr, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        fake.ram[addr - RAM_BASE + i] = (uint8_t)(v >> (8 * i));
}

static uint32_t ram_get32(uint32_t addr)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < 4; i++)
        v |= (uint32_t)fake.ram[addr - RAM_BASE + i] << (8 * i);
    return v;
}

/* ---- tests ---- */

/* SWJ-DP comes up in JTAG: no SWD answer before the switch sequence. */
static void test_no_answer_before_connect(void **state)
{
    (void)state;
    uint32_t v;
    sim_dap_power_on_reset(dap);
    assert_int_equal(dp_rd(DP_REG_DPIDR, &v), SIM_ACK_NONE);
    sim_dap_connect(dap, SIM_WIRE_SWD, 1800);
    assert_int_equal(dp_rd(DP_REG_DPIDR, &v), SIM_ACK_OK);
    assert_int_equal(v, F4_DPIDR);
}

/* RM0090 §38.8.3: after a line reset only a DPIDR read is accepted; any
 * other transfer gets FAULT. */
static void test_dpidr_first_after_line_reset(void **state)
{
    (void)state;
    uint32_t v = 0;
    assert_int_equal(dp_rd(DP_REG_CTRLSTAT, &v), SIM_ACK_FAULT);
    assert_int_equal(dp_wr(DP_REG_SELECT, 0), SIM_ACK_FAULT);
    assert_int_equal(ap_rd(AP_REG_IDR, &v), SIM_ACK_FAULT);
    assert_int_equal(dp_rd(DP_REG_DPIDR, &v), SIM_ACK_OK);
    assert_int_equal(v, F4_DPIDR);
    assert_int_equal(dp_rd(DP_REG_CTRLSTAT, &v), SIM_ACK_OK);
    /* A new line reset re-arms the rule; state survives it. */
    assert_int_equal(dp_wr(DP_REG_CTRLSTAT, CS_CDBGPWRUPREQ), SIM_ACK_OK);
    sim_dap_connect(dap, SIM_WIRE_SWD, 1800);
    assert_int_equal(dp_rd(DP_REG_CTRLSTAT, &v), SIM_ACK_FAULT);
    assert_int_equal(dp_rd(DP_REG_DPIDR, &v), SIM_ACK_OK);
    assert_true(ctrlstat() & CS_CDBGPWRUPACK);
}

/* JTAG-DP: IDCODE of the TAP, no DPIDR-first rule. */
static void test_jtag_idcode(void **state)
{
    (void)state;
    uint32_t v = 0;
    sim_dap_connect(dap, SIM_WIRE_JTAG, 1800);
    assert_int_equal(dp_rd(DP_REG_CTRLSTAT, &v), SIM_ACK_OK);
    assert_int_equal(dp_rd(DP_REG_DPIDR, &v), SIM_ACK_OK);
    assert_int_equal(v, F4_JTAG_ID);
}

/* ADIv5.2 §B2.2.3: each ACK follows its REQ; the requests reach the
 * chip. */
static void test_powerup_handshake(void **state)
{
    (void)state;
    uint32_t v;
    assert_int_equal(dp_rd(DP_REG_DPIDR, &v), SIM_ACK_OK);
    assert_int_equal(ctrlstat() & (CS_CDBGPWRUPACK | CS_CSYSPWRUPACK), 0);
    assert_int_equal(dp_wr(DP_REG_CTRLSTAT, CS_CDBGPWRUPREQ), SIM_ACK_OK);
    v = ctrlstat();
    assert_true(v & CS_CDBGPWRUPACK);
    assert_false(v & CS_CSYSPWRUPACK);
    assert_true(fake.dbg_pwr);
    assert_false(fake.sys_pwr);
    assert_int_equal(dp_wr(DP_REG_CTRLSTAT, CS_CDBGPWRUPREQ | CS_CSYSPWRUPREQ),
                     SIM_ACK_OK);
    v = ctrlstat();
    assert_int_equal(v & 0xF0000000u, 0xF0000000u);
    assert_true(fake.sys_pwr && fake.dbg_pwr);
    assert_int_equal(dp_wr(DP_REG_CTRLSTAT, 0), SIM_ACK_OK);
    assert_int_equal(ctrlstat() & 0xF0000000u, 0);
    assert_false(fake.sys_pwr || fake.dbg_pwr);
}

/* SELECT: APBANKSEL picks the AP register bank, DPBANKSEL the register
 * at DP 0x4, APSEL the AP (an absent AP is RAZ). */
static void test_select_banking(void **state)
{
    (void)state;
    uint32_t v = 0;
    attach();
    assert_int_equal(dp_wr(DP_REG_SELECT, 0xF0), SIM_ACK_OK);
    assert_int_equal(ap_rd(0xC, &v), SIM_ACK_OK);  /* IDR */
    assert_int_equal(ap_rd(0x8, &v), SIM_ACK_OK);  /* BASE; returns IDR */
    assert_int_equal(v, F4_AP_IDR);
    assert_int_equal(dp_rd(DP_REG_RDBUFF, &v), SIM_ACK_OK);
    assert_int_equal(v, F4_AP_BASE);
    assert_int_equal(ap_rd(0x4, &v), SIM_ACK_OK);  /* CFG */
    assert_int_equal(dp_rd(DP_REG_RDBUFF, &v), SIM_ACK_OK);
    assert_int_equal(v, 0);

    assert_int_equal(dp_wr(DP_REG_SELECT, 0x1), SIM_ACK_OK); /* DLCR */
    assert_int_equal(dp_rd(DP_REG_CTRLSTAT, &v), SIM_ACK_OK);
    assert_int_equal(v, DLCR_RESET);
    assert_int_equal(dp_wr(DP_REG_SELECT, 0x0), SIM_ACK_OK);
    assert_true(ctrlstat() & CS_CDBGPWRUPACK);

    assert_int_equal(dp_wr(DP_REG_SELECT, (1u << 24) | 0xF0), SIM_ACK_OK);
    assert_int_equal(ap_rd(0xC, &v), SIM_ACK_OK);
    assert_int_equal(dp_rd(DP_REG_RDBUFF, &v), SIM_ACK_OK);
    assert_int_equal(v, 0); /* AP1 is not there */
}

/* CSW keeps Size, AddrInc and Prot as written; DeviceEn is status; an
 * unsupported Size does not stick. */
static void test_csw_readback(void **state)
{
    (void)state;
    uint32_t v = 0;
    assert_int_equal(dp_rd(DP_REG_DPIDR, &v), SIM_ACK_OK);
    assert_int_equal(ap_rd(AP_REG_CSW, &v), SIM_ACK_OK);
    assert_int_equal(dp_rd(DP_REG_RDBUFF, &v), SIM_ACK_OK);
    assert_int_equal(v, CSW_RESET); /* Cortex-M3/M4 TRM: 0x03000040 */
    assert_int_equal(ap_wr(AP_REG_CSW, 0xA2000012u), SIM_ACK_OK);
    assert_int_equal(ap_rd(AP_REG_CSW, &v), SIM_ACK_OK);
    assert_int_equal(dp_rd(DP_REG_RDBUFF, &v), SIM_ACK_OK);
    assert_int_equal(v, 0xA2000052u);
    assert_int_equal(ap_wr(AP_REG_CSW, 0xA2000013u), SIM_ACK_OK); /* 64-bit */
    assert_int_equal(ap_rd(AP_REG_CSW, &v), SIM_ACK_OK);
    assert_int_equal(dp_rd(DP_REG_RDBUFF, &v), SIM_ACK_OK);
    assert_int_equal(v & CSW_SIZE_MASK, CSW_SIZE_32);
    assert_int_equal(ap_wr(AP_REG_CSW, 0xA2000010u), SIM_ACK_OK); /* 8-bit */
    assert_int_equal(ap_rd(AP_REG_CSW, &v), SIM_ACK_OK);
    assert_int_equal(dp_rd(DP_REG_RDBUFF, &v), SIM_ACK_OK);
    assert_int_equal(v & CSW_SIZE_MASK, CSW_SIZE_8);
}

/* ADIv5.2 §C2.2.4: narrow transfers use the byte lanes of their address. */
static void test_byte_lanes(void **state)
{
    (void)state;
    uint32_t v = 0;
    attach();
    ram_put32(RAM_BASE, 0x44332211u);
    assert_int_equal(ap_wr(AP_REG_CSW, CSW_SIZE_8 | CSW_ADDRINC_SINGLE),
                     SIM_ACK_OK);
    assert_int_equal(ap_wr(AP_REG_TAR, RAM_BASE + 1), SIM_ACK_OK);
    assert_int_equal(ap_wr(AP_REG_DRW, 0x0000AB00u), SIM_ACK_OK);
    assert_int_equal(ram_get32(RAM_BASE), 0x4433AB11u);
    assert_int_equal(ap_wr(AP_REG_TAR, RAM_BASE + 3), SIM_ACK_OK);
    assert_int_equal(ap_rd(AP_REG_DRW, &v), SIM_ACK_OK);
    assert_int_equal(dp_rd(DP_REG_RDBUFF, &v), SIM_ACK_OK);
    assert_int_equal(v, 0x44000000u);

    assert_int_equal(ap_wr(AP_REG_CSW, CSW_SIZE_16 | CSW_ADDRINC_SINGLE),
                     SIM_ACK_OK);
    assert_int_equal(ap_wr(AP_REG_TAR, RAM_BASE + 2), SIM_ACK_OK);
    assert_int_equal(ap_wr(AP_REG_DRW, 0xBEEF0000u), SIM_ACK_OK);
    assert_int_equal(ram_get32(RAM_BASE), 0xBEEFAB11u);
    assert_int_equal(ap_rd(AP_REG_TAR, &v), SIM_ACK_OK);
    assert_int_equal(dp_rd(DP_REG_RDBUFF, &v), SIM_ACK_OK);
    assert_int_equal(v, RAM_BASE + 4);
    assert_int_equal(fake.misaligned, 0);
}

/* ADIv5.2 §C2.2.2: TAR increments by the size and wraps inside 1 KiB. */
static void test_tar_autoinc_wrap(void **state)
{
    (void)state;
    uint32_t v = 0;
    attach();
    assert_int_equal(ap_wr(AP_REG_TAR, RAM_BASE + 0x3FC), SIM_ACK_OK);
    assert_int_equal(ap_wr(AP_REG_DRW, 0x11111111u), SIM_ACK_OK);
    assert_int_equal(ap_wr(AP_REG_DRW, 0x22222222u), SIM_ACK_OK);
    assert_int_equal(ram_get32(RAM_BASE + 0x3FC), 0x11111111u);
    assert_int_equal(ram_get32(RAM_BASE + 0x000), 0x22222222u);
    assert_int_equal(ram_get32(RAM_BASE + 0x400), 0);
    assert_int_equal(ap_rd(AP_REG_TAR, &v), SIM_ACK_OK);
    assert_int_equal(dp_rd(DP_REG_RDBUFF, &v), SIM_ACK_OK);
    assert_int_equal(v, RAM_BASE + 4);

    /* AddrInc off: TAR stays. */
    assert_int_equal(ap_wr(AP_REG_CSW, CSW_SIZE_32 | CSW_ADDRINC_OFF),
                     SIM_ACK_OK);
    assert_int_equal(ap_wr(AP_REG_TAR, RAM_BASE + 0x10), SIM_ACK_OK);
    assert_int_equal(ap_wr(AP_REG_DRW, 1), SIM_ACK_OK);
    assert_int_equal(ap_wr(AP_REG_DRW, 2), SIM_ACK_OK);
    assert_int_equal(ram_get32(RAM_BASE + 0x10), 2);
    assert_int_equal(ram_get32(RAM_BASE + 0x14), 0);

    /* Packed half-words: one DRW access moves both lanes, TAR += 4. */
    assert_int_equal(ap_wr(AP_REG_CSW, CSW_SIZE_16 | CSW_ADDRINC_PACKED),
                     SIM_ACK_OK);
    assert_int_equal(ap_wr(AP_REG_TAR, RAM_BASE + 0x20), SIM_ACK_OK);
    assert_int_equal(ap_wr(AP_REG_DRW, 0xCAFEF00Du), SIM_ACK_OK);
    assert_int_equal(ram_get32(RAM_BASE + 0x20), 0xCAFEF00Du);
    assert_int_equal(ap_rd(AP_REG_TAR, &v), SIM_ACK_OK);
    assert_int_equal(dp_rd(DP_REG_RDBUFF, &v), SIM_ACK_OK);
    assert_int_equal(v, RAM_BASE + 0x24);

    /* BD1 reaches TAR[31:4] + 4 and leaves TAR alone. */
    assert_int_equal(ap_wr(AP_REG_CSW, CSW_SIZE_32 | CSW_ADDRINC_SINGLE),
                     SIM_ACK_OK);
    assert_int_equal(ap_wr(AP_REG_TAR, RAM_BASE + 0x30), SIM_ACK_OK);
    assert_int_equal(dp_wr(DP_REG_SELECT, 0x10), SIM_ACK_OK);
    assert_int_equal(ap_wr(0x4, 0x0BD1BD1Du), SIM_ACK_OK);
    assert_int_equal(dp_wr(DP_REG_SELECT, 0x00), SIM_ACK_OK);
    assert_int_equal(ram_get32(RAM_BASE + 0x34), 0x0BD1BD1Du);
    assert_int_equal(ap_rd(AP_REG_TAR, &v), SIM_ACK_OK);
    assert_int_equal(dp_rd(DP_REG_RDBUFF, &v), SIM_ACK_OK);
    assert_int_equal(v, RAM_BASE + 0x30);
}

/* ADIv5.2 §B4.2.3 / RM0090 §38.8.4: an AP read returns the previous AP
 * read's data; RDBUFF returns the last one; READOK tells it was good. */
static void test_posted_reads(void **state)
{
    (void)state;
    uint32_t v = 0;
    attach();
    ram_put32(RAM_BASE + 0x100, 0xA0A0A0A0u);
    ram_put32(RAM_BASE + 0x104, 0xB1B1B1B1u);
    ram_put32(RAM_BASE + 0x108, 0xC2C2C2C2u);
    assert_int_equal(mem_read32(RAM_BASE + 0x108), 0xC2C2C2C2u);
    assert_int_equal(ap_wr(AP_REG_TAR, RAM_BASE + 0x100), SIM_ACK_OK);
    assert_int_equal(ap_rd(AP_REG_DRW, &v), SIM_ACK_OK);
    assert_int_equal(v, 0xC2C2C2C2u); /* stale: the previous read */
    assert_int_equal(ap_rd(AP_REG_DRW, &v), SIM_ACK_OK);
    assert_int_equal(v, 0xA0A0A0A0u);
    /* A DP access in between does not disturb the read buffer. */
    assert_true(ctrlstat() & CS_READOK);
    assert_int_equal(dp_rd(DP_REG_RDBUFF, &v), SIM_ACK_OK);
    assert_int_equal(v, 0xB1B1B1B1u);
    assert_int_equal(dp_rd(DP_REG_RDBUFF, &v), SIM_ACK_OK);
    assert_int_equal(v, 0xB1B1B1B1u); /* RDBUFF starts nothing new */
    assert_int_equal(dp_rd(DP_REG_SELECT, &v), SIM_ACK_OK); /* RESEND */
    assert_int_equal(v, 0xB1B1B1B1u);
}

/* A bus fault sets STICKYERR; from then on AP accesses (and DP accesses
 * other than DPIDR/CTRL-STAT reads and ABORT writes) answer FAULT until
 * ABORT.STKERRCLR (ADIv5.2 §B4.2.4). */
static void test_fault_sticky_until_abort(void **state)
{
    (void)state;
    uint32_t v = 0;
    attach();
    assert_int_equal(ap_wr(AP_REG_TAR, FAULT_ADDR), SIM_ACK_OK);
    assert_int_equal(ap_rd(AP_REG_DRW, &v), SIM_ACK_OK); /* posted */
    assert_int_equal(ap_rd(AP_REG_DRW, &v), SIM_ACK_FAULT);
    assert_int_equal(dp_rd(DP_REG_RDBUFF, &v), SIM_ACK_FAULT);
    assert_int_equal(dp_wr(DP_REG_SELECT, 0), SIM_ACK_FAULT);
    assert_int_equal(ap_wr(AP_REG_TAR, RAM_BASE), SIM_ACK_FAULT);
    assert_int_equal(dp_rd(DP_REG_DPIDR, &v), SIM_ACK_OK);
    v = ctrlstat();
    assert_true(v & CS_STICKYERR);
    assert_false(v & CS_READOK);
    /* Clearing another flag does not help. */
    assert_int_equal(dp_wr(DP_REG_ABORT, ABORT_STKCMPCLR | ABORT_WDERRCLR),
                     SIM_ACK_OK);
    assert_int_equal(ap_rd(AP_REG_TAR, &v), SIM_ACK_FAULT);
    assert_int_equal(dp_wr(DP_REG_ABORT, ABORT_STKERRCLR), SIM_ACK_OK);
    assert_false(ctrlstat() & CS_STICKYERR);
    /* TAR still holds the faulting address. */
    assert_int_equal(ap_rd(AP_REG_TAR, &v), SIM_ACK_OK);
    assert_int_equal(dp_rd(DP_REG_RDBUFF, &v), SIM_ACK_OK);
    assert_int_equal(v, FAULT_ADDR);

    /* A faulting write answers OK; the next AP access FAULTs. */
    assert_int_equal(ap_wr(AP_REG_DRW, 0x1234), SIM_ACK_OK);
    assert_int_equal(ap_wr(AP_REG_TAR, RAM_BASE), SIM_ACK_FAULT);
    assert_int_equal(dp_wr(DP_REG_ABORT, 0x1E), SIM_ACK_OK);
    ram_put32(RAM_BASE, 0x600DF00Du);
    assert_int_equal(mem_read32(RAM_BASE), 0x600DF00Du);
}

/* JTAG-DP: sticky flags are cleared by writing 1 to CTRL/STAT. */
static void test_jtag_sticky_w1c(void **state)
{
    (void)state;
    uint32_t v = 0;
    sim_dap_connect(dap, SIM_WIRE_JTAG, 1800);
    assert_int_equal(dp_wr(DP_REG_CTRLSTAT, CS_CDBGPWRUPREQ), SIM_ACK_OK);
    assert_int_equal(ap_wr(AP_REG_CSW, CSW_SIZE_32), SIM_ACK_OK);
    assert_int_equal(ap_wr(AP_REG_TAR, FAULT_ADDR), SIM_ACK_OK);
    assert_int_equal(ap_wr(AP_REG_DRW, 0), SIM_ACK_OK);
    assert_true(ctrlstat() & CS_STICKYERR);
    assert_int_equal(ap_rd(AP_REG_TAR, &v), SIM_ACK_FAULT);
    assert_int_equal(dp_wr(DP_REG_ABORT, ABORT_STKERRCLR), SIM_ACK_OK);
    assert_true(ctrlstat() & CS_STICKYERR); /* JTAG ABORT: DAPABORT only */
    assert_int_equal(dp_wr(DP_REG_CTRLSTAT, CS_CDBGPWRUPREQ | CS_STICKYERR),
                     SIM_ACK_OK);
    v = ctrlstat();
    assert_false(v & CS_STICKYERR);
    assert_true(v & CS_CDBGPWRUPACK);
}

/* A stalled bus answers WAIT and nothing happens; the retry gets the
 * data and TAR moves once.  With ORUNDETECT a WAIT is an overrun. */
static void test_wait_then_data(void **state)
{
    (void)state;
    uint32_t v = 0;
    attach();
    fake.stall_left = 2;
    assert_int_equal(ap_wr(AP_REG_TAR, STALL_ADDR), SIM_ACK_OK);
    assert_int_equal(ap_rd(AP_REG_DRW, &v), SIM_ACK_WAIT);
    assert_int_equal(ap_rd(AP_REG_DRW, &v), SIM_ACK_WAIT);
    assert_int_equal(ap_rd(AP_REG_DRW, &v), SIM_ACK_OK);
    assert_int_equal(dp_rd(DP_REG_RDBUFF, &v), SIM_ACK_OK);
    assert_int_equal(v, STALL_VAL);
    assert_int_equal(ap_rd(AP_REG_TAR, &v), SIM_ACK_OK);
    assert_int_equal(dp_rd(DP_REG_RDBUFF, &v), SIM_ACK_OK);
    assert_int_equal(v, STALL_ADDR + 4);
    assert_false(ctrlstat() & CS_STICKYORUN);

    assert_int_equal(dp_wr(DP_REG_CTRLSTAT, CS_CDBGPWRUPREQ | CS_ORUNDETECT),
                     SIM_ACK_OK);
    fake.stall_left = 1;
    assert_int_equal(ap_wr(AP_REG_TAR, STALL_ADDR), SIM_ACK_OK);
    assert_int_equal(ap_rd(AP_REG_DRW, &v), SIM_ACK_WAIT);
    assert_true(ctrlstat() & CS_STICKYORUN);
    assert_int_equal(ap_rd(AP_REG_DRW, &v), SIM_ACK_FAULT);
    assert_int_equal(dp_wr(DP_REG_ABORT, ABORT_ORUNERRCLR), SIM_ACK_OK);
    assert_int_equal(ap_rd(AP_REG_DRW, &v), SIM_ACK_OK);
}

/* Nobody answers on a dead port, a dead line, or before a reconnect. */
static void test_dead_port_no_ack(void **state)
{
    (void)state;
    uint32_t v = 0;
    attach();
    fake.alive = false;
    assert_int_equal(dp_rd(DP_REG_DPIDR, &v), SIM_ACK_NONE);
    assert_int_equal(ap_rd(AP_REG_IDR, &v), SIM_ACK_NONE);
    fake.alive = true;
    assert_int_equal(dp_rd(DP_REG_DPIDR, &v), SIM_ACK_OK);
    sim_dap_set_line(dap, false, 4000);
    assert_int_equal(dp_rd(DP_REG_DPIDR, &v), SIM_ACK_NONE);
    assert_int_equal(dp_wr(DP_REG_ABORT, 0x1E), SIM_ACK_NONE);
    sim_dap_set_line(dap, true, 4000);
    /* A line reset nobody heard leaves the DP unconnected. */
    fake.alive = false;
    sim_dap_connect(dap, SIM_WIRE_SWD, 1800);
    fake.alive = true;
    assert_int_equal(dp_rd(DP_REG_DPIDR, &v), SIM_ACK_NONE);
    sim_dap_connect(dap, SIM_WIRE_SWD, 1800);
    assert_int_equal(dp_rd(DP_REG_DPIDR, &v), SIM_ACK_OK);
}

struct tally { unsigned ok, none, parity, other; };

static struct tally read_dpidr_n(unsigned n)
{
    struct tally t = { 0 };
    for (unsigned i = 0; i < n; i++) {
        uint32_t v = 0;
        switch (dp_rd(DP_REG_DPIDR, &v)) {
        case SIM_ACK_OK:     t.ok++; assert_int_equal(v, F4_DPIDR); break;
        case SIM_ACK_NONE:   t.none++; break;
        case SIM_ACK_PARITY: t.parity++; assert_int_not_equal(v, F4_DPIDR);
                             break;
        default:             t.other++; break;
        }
    }
    return t;
}

/* Above the wiring's clock limit a share of transfers fails, more the
 * faster; the same sequence every run. */
static void test_overclock_errors(void **state)
{
    (void)state;
    struct tally t = read_dpidr_n(1000); /* 1800 kHz on a 4 MHz wire */
    assert_int_equal(t.ok, 1000);
    sim_dap_set_khz(dap, 4000);
    t = read_dpidr_n(1000);
    assert_int_equal(t.ok, 1000);

    sim_dap_set_khz(dap, 6000); /* 50 % over: about half fail */
    t = read_dpidr_n(1000);
    assert_int_equal(t.other, 0);
    assert_in_range(t.ok, 350, 650);
    assert_true(t.none > 100 && t.parity > 100);
    struct tally again;
    sim_dap_power_on_reset(dap);
    sim_dap_connect(dap, SIM_WIRE_SWD, 6000);
    again = read_dpidr_n(1000);
    assert_int_equal(again.ok, t.ok);
    assert_int_equal(again.none, t.none);
    assert_int_equal(again.parity, t.parity);

    sim_dap_set_khz(dap, 8000); /* twice the limit: nothing gets through */
    t = read_dpidr_n(200);
    assert_int_equal(t.ok, 0);

    /* Damaged write data: WDATAERR, cleared with ABORT.WDERRCLR. */
    sim_dap_set_khz(dap, 6000);
    bool seen = false;
    for (unsigned i = 0; i < 200 && !seen; i++) {
        uint32_t v = 0;
        if (dp_wr(DP_REG_SELECT, 0) == SIM_ACK_FAULT)
            seen = true;
        else
            (void)dp_rd(DP_REG_DPIDR, &v);
    }
    assert_true(seen);
    sim_dap_set_khz(dap, 1800);
    assert_true(ctrlstat() & CS_WDATAERR);
    assert_int_equal(dp_wr(DP_REG_ABORT, ABORT_WDERRCLR), SIM_ACK_OK);
    assert_false(ctrlstat() & CS_WDATAERR);
    assert_int_equal(dp_wr(DP_REG_SELECT, 0), SIM_ACK_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_no_answer_before_connect, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dpidr_first_after_line_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_jtag_idcode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_powerup_handshake, setup, teardown),
        cmocka_unit_test_setup_teardown(test_select_banking, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csw_readback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_byte_lanes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tar_autoinc_wrap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_posted_reads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fault_sticky_until_abort, setup, teardown),
        cmocka_unit_test_setup_teardown(test_jtag_sticky_w1c, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wait_then_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dead_port_no_ack, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overclock_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
