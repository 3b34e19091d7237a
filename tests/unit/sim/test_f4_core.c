/* The STM32F407VG model with the real Cortex-M core (sim/cpu) and the
 * bench clock: small firmwares, hand-assembled (arm-none-eabi-as, source in
 * the comments), do what real firmware does to a probe - take the SWD pins,
 * sleep in STOP, program flash from an SRAM loader (RM0090 §3.5.4, §5.3,
 * §8.4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chips/chip.h"
#include "clock.h"

#define FLASH_BASE  0x08000000u
#define SRAM_BASE   0x20000000u
#define MS          SIM_NS_PER_MS

/* Vector table: SP 0x20020000, reset 0x0800000D, NMI 0; then
 *   ldr r0, =0x40020000 ; GPIOA_MODER
 *   movs r1, #0 ; str r1, [r0]     PA13/PA14 become inputs
 *   b . */
static const uint8_t fw_kill_swd[] = {
    0x00, 0x00, 0x02, 0x20, 0x0d, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x48, 0x00, 0x21, 0x01, 0x60, 0xfe, 0xe7, 0x00, 0x00, 0x02, 0x40,
};

/* Same vector table; then
 *   ldr r0, =0xE000ED10 ; movs r1, #4 ; str r1, [r0]   SCR.SLEEPDEEP
 *   wfi ; b . */
static const uint8_t fw_stop[] = {
    0x00, 0x00, 0x02, 0x20, 0x0d, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00,
    0x02, 0x48, 0x04, 0x21, 0x01, 0x60, 0x30, 0xbf, 0xfe, 0xe7, 0x00, 0x00,
    0x10, 0xed, 0x00, 0xe0,
};

/* Flash vector table whose reset vector is the SRAM loader (0x20000001). */
static const uint8_t fw_boot_to_sram[] = {
    0x00, 0x00, 0x02, 0x20, 0x01, 0x00, 0x00, 0x20,
};

/* At 0x20000000:
 *   ldr r0, =0x40023C00
 *   ldr r1, =0x45670123 ; str r1, [r0, #4]      KEYR
 *   ldr r1, =0xCDEF89AB ; str r1, [r0, #4]
 *   ldr r1, =0x201      ; str r1, [r0, #0x10]   CR = PG | PSIZE x32
 *   ldr r2, =0x08010000 ; ldr r3, =0xA5A5F00F ; str r3, [r2]
 * 2: ldr r1, [r0, #0xC] ; lsls r1, r1, #15 ; bmi 2b    wait for !BSY
 *   ldr r4, [r2] ; movs r5, #1
 * 1: b 1b */
static const uint8_t loader[] = {
    0x08, 0x48, 0x09, 0x49, 0x41, 0x60, 0x09, 0x49, 0x41, 0x60, 0x40, 0xf2,
    0x01, 0x21, 0x01, 0x61, 0x07, 0x4a, 0x08, 0x4b, 0x13, 0x60, 0xc1, 0x68,
    0xc9, 0x03, 0xfc, 0xd4, 0x14, 0x68, 0x01, 0x25, 0xfe, 0xe7, 0x00, 0x00,
    0x00, 0x3c, 0x02, 0x40, 0x23, 0x01, 0x67, 0x45, 0xab, 0x89, 0xef, 0xcd,
    0x00, 0x00, 0x01, 0x08, 0x0f, 0xf0, 0xa5, 0xa5,
};

/* At 0x20000000, as OpenOCD's stm32f2x loader does it: x16 and a
 * post-indexed store, 64 half-words from 0x20000100 to 0x08020000:
 *   ldr r0, =0x40023C00 ; (KEYR keys as above)
 *   ldr r1, =0x101 ; str r1, [r0, #0x10]        CR = PG | PSIZE x16
 *   ldr r2, =0x08020000 ; ldr r6, =0x20000100 ; movs r7, #64
 * 3: ldrh r5, [r6], #2 ; strh r5, [r2], #2 ; dsb
 * 2: ldr r1, [r0, #0xC] ; lsls r1, r1, #15 ; bmi 2b
 *   subs r7, r7, #1 ; bne 3b
 * 1: b 1b */
static const uint8_t loader_x16[] = {
    0x0b, 0x48, 0x0c, 0x49, 0x41, 0x60, 0x0c, 0x49, 0x41, 0x60, 0x40, 0xf2,
    0x01, 0x11, 0x01, 0x61, 0x0a, 0x4a, 0x0b, 0x4e, 0x40, 0x27, 0x36, 0xf8,
    0x02, 0x5b, 0x22, 0xf8, 0x02, 0x5b, 0xbf, 0xf3, 0x4f, 0x8f, 0xc1, 0x68,
    0xc9, 0x03, 0xfc, 0xd4, 0x01, 0x3f, 0xf4, 0xd1, 0xfe, 0xe7, 0x00, 0x00,
    0x00, 0x3c, 0x02, 0x40, 0x23, 0x01, 0x67, 0x45, 0xab, 0x89, 0xef, 0xcd,
    0x00, 0x00, 0x02, 0x08, 0x00, 0x01, 0x00, 0x20,
};

struct fx {
    uint8_t *nvm;
    struct sim_chip *chip;
};

static void ticker(void *ctx, sim_ns now)
{
    sim_chip_tick(ctx, now);
}

static struct fx *make(const uint8_t *fw, size_t len, uint32_t dbgmcu_cr)
{
    struct fx *f = calloc(1, sizeof *f);
    struct sim_board_config cfg;
    char err[256] = "";
    memset(&cfg, 0, sizeof cfg);
    strcpy(cfg.part, "STM32F407VG");
    cfg.dbgmcu_cr = dbgmcu_cr;
    sim_clock_reset();
    f->nvm = malloc(sim_chip_nvm_size(cfg.part));
    f->chip = sim_chip_create(&cfg, f->nvm, true, err, sizeof err);
    assert_non_null(f->chip);
    assert_int_equal(sim_chip_load_flash(f->chip, FLASH_BASE, fw, len), 0);
    sim_clock_add_ticker(ticker, f->chip);
    return f;
}

static void destroy(struct fx *f)
{
    sim_clock_remove_ticker(ticker, f->chip);
    sim_chip_destroy(f->chip);
    free(f->nvm);
    free(f);
}

static void test_firmware_takes_swd_pins(void **state)
{
    (void)state;
    struct fx *f = make(fw_kill_swd, sizeof fw_kill_swd, 0);
    sim_chip_power(f->chip, true);
    assert_true(sim_chip_debug_port_alive(f->chip));
    sim_clock_advance(1 * MS);
    assert_false(sim_chip_debug_port_alive(f->chip));
    /* Under reset the pins are back in AF0: connect-under-reset works. */
    sim_chip_nrst(f->chip, true);
    assert_true(sim_chip_debug_port_alive(f->chip));
    uint32_t v = 0;
    assert_int_equal(sim_chip_debug_read(f->chip, 0, 0xE0042000, 4, &v),
                     SIM_BUS_ACCESS_OK);
    assert_int_equal(v & 0xFFF, 0x413);
    sim_chip_nrst(f->chip, false);
    sim_clock_advance(1 * MS);
    assert_false(sim_chip_debug_port_alive(f->chip));
    destroy(f);
}

static void test_stop_mode(void **state)
{
    (void)state;
    struct fx *f = make(fw_stop, sizeof fw_stop, 0);
    sim_chip_power(f->chip, true);
    sim_clock_advance(1 * MS);
    assert_false(sim_chip_debug_port_alive(f->chip));
    destroy(f);

    f = make(fw_stop, sizeof fw_stop, 1u << 1 /* DBG_STOP */);
    sim_chip_power(f->chip, true);
    sim_clock_advance(1 * MS);
    assert_true(sim_chip_debug_port_alive(f->chip));
    destroy(f);
}

static void test_sram_loader_programs_flash(void **state)
{
    (void)state;
    struct fx *f = make(fw_boot_to_sram, sizeof fw_boot_to_sram, 0);
    sim_chip_nrst(f->chip, true);
    sim_chip_power(f->chip, true);
    for (size_t i = 0; i < sizeof loader; i += 4) {
        uint32_t w;
        memcpy(&w, loader + i, 4);
        assert_int_equal(sim_chip_debug_write(f->chip, 0, SRAM_BASE + i, 4, w),
                         SIM_BUS_ACCESS_OK);
    }
    uint64_t before = sim_stats.flash_bytes_programmed;
    sim_chip_nrst(f->chip, false);
    sim_clock_advance(1 * MS);
    uint32_t v = 0;
    assert_int_equal(sim_chip_debug_read(f->chip, 0, FLASH_BASE + 0x10000, 4, &v),
                     SIM_BUS_ACCESS_OK);
    assert_int_equal(v, 0xA5A5F00F);
    assert_int_equal(sim_stats.flash_bytes_programmed - before, 4);
    assert_int_equal(sim_chip_debug_read(f->chip, 0, 0x40023C0C, 4, &v),
                     SIM_BUS_ACCESS_OK);
    assert_int_equal(v, 0);                       /* no error, not busy */
    destroy(f);
}

/* Each store programs once, at its own address: 64 half-words take
 * 64 x 16 us and land exactly where they were sent. */
static void test_x16_post_indexed_loader(void **state)
{
    (void)state;
    struct fx *f = make(fw_boot_to_sram, sizeof fw_boot_to_sram, 0);
    sim_chip_nrst(f->chip, true);
    sim_chip_power(f->chip, true);
    for (size_t i = 0; i < sizeof loader_x16; i += 4) {
        uint32_t w;
        memcpy(&w, loader_x16 + i, 4);
        sim_chip_debug_write(f->chip, 0, SRAM_BASE + i, 4, w);
    }
    for (uint32_t i = 0; i < 64; i++)
        sim_chip_debug_write(f->chip, 0, SRAM_BASE + 0x100 + 2 * i, 2, 0x1000 + i);
    uint64_t before = sim_stats.flash_bytes_programmed;
    sim_chip_nrst(f->chip, false);
    for (int i = 0; i < 20; i++)              /* host ticks of 100 us */
        sim_clock_advance(100 * SIM_NS_PER_US);
    assert_int_equal(sim_stats.flash_bytes_programmed - before, 128);
    uint32_t base;
    size_t size;
    const uint8_t *img = sim_chip_flash(f->chip, &base, &size);
    for (uint32_t i = 0; i < 64; i++) {
        uint16_t hw;
        memcpy(&hw, img + 0x20000 + 2 * i, 2);
        assert_int_equal(hw, 0x1000 + i);
    }
    assert_int_equal(img[0x20000 + 128], 0xFF);
    destroy(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_firmware_takes_swd_pins),
        cmocka_unit_test(test_stop_mode),
        cmocka_unit_test(test_sram_loader_programs_flash),
        cmocka_unit_test(test_x16_post_indexed_loader),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
