/* The board (sim/board) around the real STM32F407 model: supply, NRST
 * wiring, the factory image in .bin/.hex/.elf, the board's own clock
 * ticker, and the debug port behind sim_board_wire_transfer. */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "board/board.h"
#include "clock.h"

#define F4_DPIDR   0x2BA01477u /* stm32-families.md §1.3 */
#define F4_AP_IDR  0x24770011u
#define FLASH_BASE 0x08000000u
#define SRAM_BASE  0x20000000u

/* DP/AP register addresses and bits (ADIv5.2 §B2.2, §C2.6). */
#define DP_DPIDR   0x0u
#define DP_ABORT   0x0u
#define DP_CTRLSTAT 0x4u
#define DP_SELECT  0x8u
#define DP_RDBUFF  0xCu
#define AP_CSW     0x0u
#define AP_TAR     0x4u
#define AP_DRW     0xCu
#define PWRUP_REQS 0x50000000u /* CSYSPWRUPREQ | CDBGPWRUPREQ */
#define CSW_WORD_INC 0x23000012u

/* Thumb firmware, assembled with arm-none-eabi-as -mcpu=cortex-m4:
 *   vectors: SP = 0x20001000, Reset = 0x08000009
 *   movs r1, #0; loop: adds r1, #1; mov.w r0, #0x20000000; str r1, [r0];
 *   b loop
 * It counts in the first word of SRAM while it runs. */
static const uint8_t counter_fw[] = {
    0x00, 0x10, 0x00, 0x20, 0x09, 0x00, 0x00, 0x08,
    0x00, 0x21, 0x01, 0x31, 0x4f, 0xf0, 0x00, 0x50,
    0x01, 0x60, 0xfa, 0xe7,
};

static char dir[] = "/tmp/sim_test_board_XXXXXX";
static uint8_t *nvm;

static struct sim_board_config base_cfg(void)
{
    struct sim_board_config c;
    memset(&c, 0, sizeof c);
    snprintf(c.part, sizeof c.part, "STM32F407VG");
    c.powered = true;
    c.vdd_mv = 3300;
    c.swd_max_khz = 4000;
    c.swdio_connected = true;
    c.nrst = SIM_NRST_WIRED;
    c.supply = SIM_SUPPLY_DEFAULT;
    return c;
}

static const char *write_file(const char *name, const void *data, size_t len)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

static struct sim_board *make(struct sim_board_config *c)
{
    char err[512] = "";
    size_t n = sim_board_nvm_size(c);
    assert_true(n > 0);
    free(nvm);
    nvm = calloc(1, n);
    assert_non_null(nvm);
    struct sim_board *b = sim_board_create(c, nvm, true, err, sizeof err);
    if (!b)
        fail_msg("sim_board_create: %s", err);
    return b;
}

static enum sim_ack dp(struct sim_board *b, bool read, uint8_t a, uint32_t *v)
{
    return sim_board_wire_transfer(b, false, read, a, v);
}

static enum sim_ack ap(struct sim_board *b, bool read, uint8_t a, uint32_t *v)
{
    return sim_board_wire_transfer(b, true, read, a, v);
}

/* Connect as a probe does: line reset, DPIDR, ABORT, power-up, CSW. */
static void attach(struct sim_board *b)
{
    uint32_t v = 0;
    sim_board_wire_connect(b, SIM_WIRE_SWD, 1800);
    assert_int_equal(dp(b, true, DP_DPIDR, &v), SIM_ACK_OK);
    assert_int_equal(v, F4_DPIDR);
    v = 0x1E;
    assert_int_equal(dp(b, false, DP_ABORT, &v), SIM_ACK_OK);
    v = PWRUP_REQS;
    assert_int_equal(dp(b, false, DP_CTRLSTAT, &v), SIM_ACK_OK);
    v = 0;
    assert_int_equal(dp(b, false, DP_SELECT, &v), SIM_ACK_OK);
    v = CSW_WORD_INC;
    assert_int_equal(ap(b, false, AP_CSW, &v), SIM_ACK_OK);
}

static enum sim_ack read32(struct sim_board *b, uint32_t addr, uint32_t *v)
{
    uint32_t t = addr;
    enum sim_ack ack = ap(b, false, AP_TAR, &t);
    if (ack == SIM_ACK_OK)
        ack = ap(b, true, AP_DRW, v);
    if (ack == SIM_ACK_OK)
        ack = dp(b, true, DP_RDBUFF, v);
    return ack;
}

static int setup(void **state)
{
    (void)state;
    sim_clock_reset();
    return 0;
}

static void test_unknown_part_named(void **state)
{
    (void)state;
    struct sim_board_config c = base_cfg();
    snprintf(c.part, sizeof c.part, "STM32F999");
    assert_int_equal(sim_board_nvm_size(&c), 0);
    uint8_t dummy[16];
    char err[256] = "";
    assert_null(sim_board_create(&c, dummy, true, err, sizeof err));
    assert_string_equal(err, "unknown part 'STM32F999'");
}

static void test_missing_firmware_named(void **state)
{
    (void)state;
    struct sim_board_config c = base_cfg();
    snprintf(c.firmware, sizeof c.firmware, "%s/none.elf", dir);
    size_t n = sim_board_nvm_size(&c);
    uint8_t *mem = calloc(1, n);
    char err[512] = "";
    assert_null(sim_board_create(&c, mem, true, err, sizeof err));
    assert_non_null(strstr(err, "none.elf"));
    assert_non_null(strstr(err, "no such file"));
    free(mem);
}

/* Unpowered: the probe measures 0 V and nothing answers on the wire. */
static void test_unpowered(void **state)
{
    (void)state;
    struct sim_board_config c = base_cfg();
    c.powered = false;
    struct sim_board *b = make(&c);
    assert_int_equal(sim_board_target_mv(b), 0);
    sim_board_wire_connect(b, SIM_WIRE_SWD, 1800);
    uint32_t v = 0;
    assert_int_equal(dp(b, true, DP_DPIDR, &v), SIM_ACK_NONE);
    sim_board_destroy(b);
}

static void test_swdio_disconnected(void **state)
{
    (void)state;
    struct sim_board_config c = base_cfg();
    c.swdio_connected = false;
    struct sim_board *b = make(&c);
    assert_int_equal(sim_board_target_mv(b), 3300);
    sim_board_wire_connect(b, SIM_WIRE_SWD, 1800);
    uint32_t v = 0;
    assert_int_equal(dp(b, true, DP_DPIDR, &v), SIM_ACK_NONE);
    sim_board_destroy(b);
}

/* Powered: VDD on pin 1, the F4's DPIDR and AHB-AP IDR. */
static void test_powered_ids(void **state)
{
    (void)state;
    struct sim_board_config c = base_cfg();
    c.vdd_mv = 2900;
    struct sim_board *b = make(&c);
    assert_int_equal(sim_board_target_mv(b), 2900);
    attach(b);
    uint32_t v = 0xF0; /* APBANKSEL 0xF */
    assert_int_equal(dp(b, false, DP_SELECT, &v), SIM_ACK_OK);
    assert_int_equal(ap(b, true, 0xC, &v), SIM_ACK_OK);
    assert_int_equal(dp(b, true, DP_RDBUFF, &v), SIM_ACK_OK);
    assert_int_equal(v, F4_AP_IDR);
    sim_board_destroy(b);
}

static size_t build_hex(char *out, size_t cap, const uint8_t *data, size_t n)
{
    size_t pos = 0;
    pos += (size_t)snprintf(out + pos, cap - pos, ":020000040800F2\n");
    for (size_t off = 0; off < n; off += 16) {
        size_t len = n - off < 16 ? n - off : 16;
        unsigned sum = (unsigned)len + (unsigned)(off >> 8) + (unsigned)(off & 0xFF);
        pos += (size_t)snprintf(out + pos, cap - pos, ":%02zX%04zX00", len, off);
        for (size_t i = 0; i < len; i++) {
            sum += data[off + i];
            pos += (size_t)snprintf(out + pos, cap - pos, "%02X", data[off + i]);
        }
        pos += (size_t)snprintf(out + pos, cap - pos, "%02X\n", (-sum) & 0xFFu);
    }
    pos += (size_t)snprintf(out + pos, cap - pos, ":00000001FF\n");
    return pos;
}

static size_t build_elf(uint8_t *out, const uint8_t *data, size_t n)
{
    Elf32_Ehdr eh;
    Elf32_Phdr ph;
    memset(&eh, 0, sizeof eh);
    memset(&ph, 0, sizeof ph);
    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS32;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_type = ET_EXEC;
    eh.e_machine = EM_ARM;
    eh.e_version = EV_CURRENT;
    eh.e_entry = FLASH_BASE + 9;
    eh.e_phoff = sizeof eh;
    eh.e_ehsize = sizeof eh;
    eh.e_phentsize = sizeof ph;
    eh.e_phnum = 1;
    ph.p_type = PT_LOAD;
    ph.p_offset = sizeof eh + sizeof ph;
    ph.p_vaddr = ph.p_paddr = FLASH_BASE;
    ph.p_filesz = ph.p_memsz = (Elf32_Word)n;
    memcpy(out, &eh, sizeof eh);
    memcpy(out + sizeof eh, &ph, sizeof ph);
    memcpy(out + ph.p_offset, data, n);
    return ph.p_offset + n;
}

static void expect_flash_image(const char *path)
{
    struct sim_board_config c = base_cfg();
    snprintf(c.firmware, sizeof c.firmware, "%s", path);
    struct sim_board *b = make(&c);
    uint32_t base = 0;
    size_t size = 0;
    const uint8_t *fl = sim_board_flash(b, &base, &size);
    assert_non_null(fl);
    assert_int_equal(base, FLASH_BASE);
    assert_true(size >= sizeof counter_fw);
    assert_memory_equal(fl, counter_fw, sizeof counter_fw);
    assert_int_equal(fl[sizeof counter_fw], 0xFF); /* the rest erased */
    /* The debugger sees the same bytes. */
    attach(b);
    uint32_t v = 0;
    assert_int_equal(read32(b, FLASH_BASE, &v), SIM_ACK_OK);
    assert_int_equal(v, 0x20001000u);
    sim_board_destroy(b);
}

static void test_image_formats(void **state)
{
    (void)state;
    expect_flash_image(write_file("fw.bin", counter_fw, sizeof counter_fw));
    char hex[512];
    size_t n = build_hex(hex, sizeof hex, counter_fw, sizeof counter_fw);
    expect_flash_image(write_file("fw.hex", hex, n));
    uint8_t elf[256];
    n = build_elf(elf, counter_fw, sizeof counter_fw);
    expect_flash_image(write_file("fw.elf", elf, n));
}

/* A kept state is not re-initialised: the flash survives, the image of
 * the config is not loaded again. */
static void test_kept_state(void **state)
{
    (void)state;
    struct sim_board_config c = base_cfg();
    snprintf(c.firmware, sizeof c.firmware, "%s",
             write_file("keep.bin", counter_fw, sizeof counter_fw));
    struct sim_board *b = make(&c);
    sim_board_destroy(b);
    c.firmware[0] = '\0';
    char err[256] = "";
    b = sim_board_create(&c, nvm, false, err, sizeof err);
    assert_non_null(b);
    uint32_t base;
    size_t size;
    assert_memory_equal(sim_board_flash(b, &base, &size), counter_fw,
                        sizeof counter_fw);
    sim_board_destroy(b);
}

/* The board runs when the bench's clock advances (its own ticker), and
 * NRST wired to the probe stops and restarts it. */
static void test_runs_on_clock_and_nrst_wired(void **state)
{
    (void)state;
    struct sim_board_config c = base_cfg();
    snprintf(c.firmware, sizeof c.firmware, "%s",
             write_file("run.bin", counter_fw, sizeof counter_fw));
    struct sim_board *b = make(&c);
    assert_false(sim_board_nrst_is_low(b));
    sim_clock_advance(1 * SIM_NS_PER_MS);
    attach(b);
    uint32_t first = 0, second = 0;
    assert_int_equal(read32(b, SRAM_BASE, &first), SIM_ACK_OK);
    assert_true(first > 0);
    sim_clock_advance(1 * SIM_NS_PER_MS);
    assert_int_equal(read32(b, SRAM_BASE, &second), SIM_ACK_OK);
    assert_true(second > first);

    sim_board_drive_nrst(b, true);
    assert_true(sim_board_nrst_is_low(b));
    uint64_t before = sim_stats.cpu_instructions;
    sim_clock_advance(1 * SIM_NS_PER_MS);
    assert_int_equal(sim_stats.cpu_instructions, before);
    sim_board_drive_nrst(b, false);
    assert_false(sim_board_nrst_is_low(b));
    sim_clock_advance(1 * SIM_NS_PER_MS);
    assert_true(sim_stats.cpu_instructions > before);
    sim_board_destroy(b);
    sim_clock_advance(1 * SIM_NS_PER_MS); /* the ticker is gone */
}

/* NRST stuck low: the chip stays in reset whatever the probe drives. */
static void test_nrst_stuck_low(void **state)
{
    (void)state;
    struct sim_board_config c = base_cfg();
    c.nrst = SIM_NRST_STUCK_LOW;
    snprintf(c.firmware, sizeof c.firmware, "%s",
             write_file("stuck.bin", counter_fw, sizeof counter_fw));
    struct sim_board *b = make(&c);
    assert_true(sim_board_nrst_is_low(b));
    sim_board_drive_nrst(b, true);
    sim_board_drive_nrst(b, false);
    assert_true(sim_board_nrst_is_low(b));
    sim_clock_advance(1 * SIM_NS_PER_MS);
    assert_int_equal(sim_stats.cpu_instructions, 0);
    sim_board_destroy(b);
}

/* NRST not connected: the probe's drive never reaches the chip. */
static void test_nrst_unconnected(void **state)
{
    (void)state;
    struct sim_board_config c = base_cfg();
    c.nrst = SIM_NRST_UNCONNECTED;
    snprintf(c.firmware, sizeof c.firmware, "%s",
             write_file("unc.bin", counter_fw, sizeof counter_fw));
    struct sim_board *b = make(&c);
    sim_board_drive_nrst(b, true);
    assert_false(sim_board_nrst_is_low(b));
    sim_clock_advance(1 * SIM_NS_PER_MS);
    assert_true(sim_stats.cpu_instructions > 0);
    sim_board_destroy(b);
}

static int group_setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    free(nvm);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_unknown_part_named, setup),
        cmocka_unit_test_setup(test_missing_firmware_named, setup),
        cmocka_unit_test_setup(test_unpowered, setup),
        cmocka_unit_test_setup(test_swdio_disconnected, setup),
        cmocka_unit_test_setup(test_powered_ids, setup),
        cmocka_unit_test_setup(test_image_formats, setup),
        cmocka_unit_test_setup(test_kept_state, setup),
        cmocka_unit_test_setup(test_runs_on_clock_and_nrst_wired, setup),
        cmocka_unit_test_setup(test_nrst_stuck_low, setup),
        cmocka_unit_test_setup(test_nrst_unconnected, setup),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
