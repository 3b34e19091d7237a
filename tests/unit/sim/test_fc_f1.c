/* The F0/F1/F3 flash controller (sim/chips/fc_f1*.c) against RM0008 §3,
 * PM0075 §2, RM0091 §3-4 and the datasheet timings (stm32-families.md
 * §2.1, §3, §4), driven through the plug-in's own entry points with a
 * fake shell (test_fc_f1_fakes.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "chips/fc_f1.h"
#include "test_fc_f1_fakes.h"

#define KEY1     0x45670123u
#define KEY2     0xCDEF89ABu
#define KEYR     0x04u
#define OPTKEYR  0x08u
#define SR       0x0Cu
#define CR       0x10u
#define AR       0x14u
#define OBR      0x1Cu
#define WRPR     0x20u
#define BANK2    0x40u

#define SR_BSY      (1u << 0)
#define SR_PGERR    (1u << 2)
#define SR_WRPRTERR (1u << 4)
#define SR_EOP      (1u << 5)
#define CR_PG       (1u << 0)
#define CR_PER      (1u << 1)
#define CR_MER      (1u << 2)
#define CR_OPTPG    (1u << 4)
#define CR_OPTER    (1u << 5)
#define CR_STRT     (1u << 6)
#define CR_LOCK     (1u << 7)
#define CR_OPTWRE   (1u << 9)
#define CR_OBL_LAUNCH (1u << 13)

#define FLASH_BASE  0x08000000u
#define T_PROG_F1   52500u                   /* DS5319: 52.5 us typ */
#define T_ERASE     (30u * SIM_NS_PER_MS)    /* 20..40 ms */

static uint32_t rd(struct mcu *m, uint32_t off)
{
    uint32_t v = 0;
    assert_int_equal(m->fops->reg_read(m, SIM_BUS_DEBUG, off, 4, &v), 0);
    return v;
}

static int wr(struct mcu *m, uint32_t off, uint32_t v)
{
    return m->fops->reg_write(m, SIM_BUS_DEBUG, off, 4, v);
}

static void unlock(struct mcu *m, uint32_t bank)
{
    assert_int_equal(wr(m, bank + KEYR, KEY1), 0);
    assert_int_equal(wr(m, bank + KEYR, KEY2), 0);
    assert_false(rd(m, bank + CR) & CR_LOCK);
}

static void unlock_options(struct mcu *m)
{
    unlock(m, 0);
    wr(m, OPTKEYR, KEY1);
    wr(m, OPTKEYR, KEY2);
    assert_true(rd(m, CR) & CR_OPTWRE);
}

static uint16_t hw_at(const struct mcu *m, uint32_t off)
{
    return (uint16_t)(m->flash[off] | (m->flash[off + 1] << 8));
}

static int prog16(struct mcu *m, uint32_t off, uint16_t v)
{
    return m->fops->flash_write(m, SIM_BUS_CPU, off, 2, v);
}

static void wait_idle(struct mcu *m, uint32_t bank)
{
    for (int i = 0; i < 100000 && (rd(m, bank + SR) & SR_BSY); i++)
        fake_advance(m, 10 * SIM_NS_PER_US);
    assert_false(rd(m, bank + SR) & SR_BSY);
}

static uint16_t ob_hw(struct mcu *m, unsigned idx)
{
    uint32_t v = 0;
    assert_int_equal(m->fops->opt_read(m, SIM_BUS_DEBUG, idx * 2, 2, &v), 0);
    return (uint16_t)v;
}

static int ob_prog(struct mcu *m, unsigned idx, uint16_t v)
{
    int rc = m->fops->opt_write(m, SIM_BUS_CPU, idx * 2, 2, v);
    wait_idle(m, 0);
    return rc;
}

/* RM0008 §3.4.5: CR resets to 0x80 (LOCK); KEY1 then KEY2 unlocks; a
 * wrong key is a bus error and locks the FPEC until the next reset. */
static void test_unlock_and_wrong_key(void **state)
{
    (void)state;
    struct mcu *m = fake_mcu_create("STM32F103RC", NULL);
    assert_int_equal(rd(m, CR), CR_LOCK);
    assert_int_equal(wr(m, KEYR, 0x12345678u), -1);
    wr(m, KEYR, KEY1);
    wr(m, KEYR, KEY2);
    assert_true(rd(m, CR) & CR_LOCK);          /* blocked until reset */
    m->fops->reset(m, false);
    unlock(m, 0);
    wr(m, CR, CR_LOCK);
    assert_true(rd(m, CR) & CR_LOCK);
    fake_mcu_destroy(m);
}

/* PM0075 §2.3.3: PG set, one half-word per write; BSY for tPROG, then
 * EOP; other access sizes are a bus error. */
static void test_halfword_program_timing(void **state)
{
    (void)state;
    struct mcu *m = fake_mcu_create("STM32F103RC", NULL);
    unlock(m, 0);
    wr(m, CR, CR_PG);
    assert_int_equal(prog16(m, 0x100, 0x1234), 0);
    assert_int_equal(hw_at(m, 0x100), 0x1234);
    assert_true(rd(m, SR) & SR_BSY);
    assert_true(m->fops->busy(m));
    fake_advance(m, T_PROG_F1 - 1);
    assert_true(rd(m, SR) & SR_BSY);
    fake_advance(m, 1);
    assert_int_equal(rd(m, SR), SR_EOP);
    wr(m, SR, SR_EOP);                         /* w1c */
    assert_int_equal(rd(m, SR), 0);
    /* Word and byte writes: bus error, flash unchanged. */
    assert_int_equal(m->fops->flash_write(m, SIM_BUS_CPU, 0x200, 4, 0x11223344u), -1);
    assert_int_equal(m->fops->flash_write(m, SIM_BUS_CPU, 0x204, 1, 0x55), -1);
    assert_int_equal(hw_at(m, 0x200), 0xFFFF);
    assert_int_equal(m->flash[0x204], 0xFF);
    fake_mcu_destroy(m);
}

/* PM0075 §2.3.3: a non-erased half-word is not programmed (PGERR) unless
 * the value is 0x0000; without PG the write does nothing. */
static void test_pgerr_on_programmed_halfword(void **state)
{
    (void)state;
    struct mcu *m = fake_mcu_create("STM32F103C8", NULL);
    unlock(m, 0);
    assert_int_equal(prog16(m, 0x10, 0xAAAA), 0);   /* no PG: ignored */
    assert_int_equal(hw_at(m, 0x10), 0xFFFF);
    wr(m, CR, CR_PG);
    prog16(m, 0x10, 0xABCD);
    wait_idle(m, 0);
    wr(m, SR, SR_EOP);
    prog16(m, 0x10, 0x1111);
    assert_true(rd(m, SR) & SR_PGERR);
    assert_int_equal(hw_at(m, 0x10), 0xABCD);
    wr(m, SR, SR_PGERR);
    prog16(m, 0x10, 0x0000);
    wait_idle(m, 0);
    assert_false(rd(m, SR) & SR_PGERR);
    assert_int_equal(hw_at(m, 0x10), 0x0000);
    fake_mcu_destroy(m);
}

/* RM0008 §3.3.4: PER + AR + STRT erases one page in tERASE; MER + STRT
 * the whole flash. */
static void test_page_and_mass_erase(void **state)
{
    (void)state;
    struct mcu *m = fake_mcu_create("STM32F103RC", NULL);   /* 2 KiB pages */
    memset(m->flash, 0x00, 3 * 2048);
    unlock(m, 0);
    wr(m, CR, CR_PER);
    wr(m, AR, FLASH_BASE + 2048 + 100);
    wr(m, CR, CR_PER | CR_STRT);
    assert_true(rd(m, SR) & SR_BSY);
    fake_advance(m, T_ERASE - 1);
    assert_true(rd(m, SR) & SR_BSY);
    assert_int_equal(m->flash[2048], 0x00);
    fake_advance(m, 1);
    assert_int_equal(rd(m, SR), SR_EOP);
    assert_int_equal(m->flash[2047], 0x00);
    assert_int_equal(m->flash[2048], 0xFF);
    assert_int_equal(m->flash[4095], 0xFF);
    assert_int_equal(m->flash[4096], 0x00);
    wr(m, CR, CR_MER);
    wr(m, CR, CR_MER | CR_STRT);
    wait_idle(m, 0);
    assert_int_equal(m->flash[0], 0xFF);
    assert_int_equal(m->flash[4096], 0xFF);
    fake_mcu_destroy(m);
}

/* WRP bytes (0 = protected), 2 pages per bit on high density: program
 * and erase of a protected page set WRPRTERR and change nothing. */
static void test_write_protection(void **state)
{
    (void)state;
    struct sim_board_config cfg = { .rdp = 0, .wrp_sectors = { 3 }, .n_wrp_sectors = 1 };
    struct mcu *m = fake_mcu_create("STM32F103RC", &cfg);
    assert_int_equal(rd(m, WRPR), 0xFFFFFFFDu);      /* bit 1 = pages 2-3 */
    unlock(m, 0);
    wr(m, CR, CR_PG);
    prog16(m, 2 * 2048, 0x1234);
    assert_true(rd(m, SR) & SR_WRPRTERR);
    assert_int_equal(hw_at(m, 2 * 2048), 0xFFFF);
    wr(m, SR, SR_WRPRTERR);
    prog16(m, 1 * 2048, 0x1234);                      /* page 1: free */
    wait_idle(m, 0);
    assert_int_equal(hw_at(m, 2048), 0x1234);
    wr(m, CR, CR_PER);
    wr(m, AR, FLASH_BASE + 3 * 2048);
    wr(m, CR, CR_PER | CR_STRT);
    assert_true(rd(m, SR) & SR_WRPRTERR);
    assert_false(rd(m, SR) & SR_BSY);
    fake_mcu_destroy(m);
}

/* F1 XL (DEV_ID 0x430): bank 2 from 0x08080000 has its own KEYR2, SR2,
 * CR2, AR2 at +0x40; bank 1's PG does not program bank 2. */
static void test_xl_second_bank(void **state)
{
    (void)state;
    struct mcu *m = fake_mcu_create("STM32F103ZG", NULL);
    const uint32_t b2 = 512u * 1024u;
    assert_int_equal(rd(m, BANK2 + CR), CR_LOCK);
    unlock(m, 0);
    wr(m, CR, CR_PG);
    prog16(m, b2, 0x5555);
    assert_int_equal(hw_at(m, b2), 0xFFFF);
    unlock(m, BANK2);
    wr(m, BANK2 + CR, CR_PG);
    prog16(m, b2 + 2, 0x5555);
    assert_true(rd(m, BANK2 + SR) & SR_BSY);
    assert_false(rd(m, SR) & SR_BSY);
    wait_idle(m, BANK2);
    assert_int_equal(hw_at(m, b2 + 2), 0x5555);
    /* Page erase in bank 2 through AR2; bank 1's MER leaves bank 2. */
    memset(m->flash, 0, 2048);
    wr(m, BANK2 + CR, CR_PER);
    wr(m, BANK2 + AR, FLASH_BASE + b2);
    wr(m, BANK2 + CR, CR_PER | CR_STRT);
    wait_idle(m, BANK2);
    assert_int_equal(hw_at(m, b2 + 2), 0xFFFF);
    m->flash[b2 + 4] = 0;
    wr(m, CR, CR_MER);
    wr(m, CR, CR_MER | CR_STRT);
    wait_idle(m, 0);
    assert_int_equal(m->flash[0], 0xFF);
    assert_int_equal(m->flash[b2 + 4], 0x00);
    fake_mcu_destroy(m);
}

/* Factory option bytes: FLASH_OBR 0x03FFFFFC on F1 (SVD reset value),
 * RDP 0x5AA5 at 0x1FFFF800, WRPR all ones. */
static void test_f1_factory_options(void **state)
{
    (void)state;
    struct mcu *m = fake_mcu_create("STM32F103RC", NULL);
    assert_int_equal(rd(m, OBR), 0x03FFFFFCu);
    assert_int_equal(rd(m, WRPR), 0xFFFFFFFFu);
    assert_int_equal(ob_hw(m, 0), 0x5AA5);
    assert_int_equal(ob_hw(m, 1), 0x00FF);
    assert_int_equal(m->fops->rdp_level(m), 0);
    fake_mcu_destroy(m);
}

/* OPTER erases the block; OPTPG half-word writes store the byte and its
 * complement; the new values load at the next reset only (F1 has no
 * OBL_LAUNCH).  An erased RDP byte means "protected". */
static void test_f1_option_program_and_reload(void **state)
{
    (void)state;
    struct mcu *m = fake_mcu_create("STM32F103C8", NULL);
    unlock_options(m);
    wr(m, CR, CR_OPTER | CR_OPTWRE);
    wr(m, CR, CR_OPTER | CR_STRT | CR_OPTWRE);
    wait_idle(m, 0);
    assert_int_equal(ob_hw(m, 0), 0xFFFF);
    wr(m, CR, CR_OPTPG | CR_OPTWRE);
    ob_prog(m, 0, 0x00A5);
    ob_prog(m, 1, 0x00FE);                   /* WDG_SW = 0: hardware watchdog */
    ob_prog(m, 2, 0x0042);                   /* Data0 */
    assert_int_equal(ob_hw(m, 0), 0x5AA5);
    assert_int_equal(ob_hw(m, 1), 0x01FE);
    /* Programming again without erase: PGERR. */
    m->fops->opt_write(m, SIM_BUS_CPU, 2, 2, 0x00F0);
    assert_true(rd(m, SR) & SR_PGERR);
    assert_int_equal(rd(m, OBR), 0x03FFFFFCu);  /* still the old ones */
    m->fops->reset(m, false);
    uint32_t obr = rd(m, OBR);
    /* WRP bytes were left erased: complement mismatch -> OPTERR. */
    assert_int_equal(obr & 1u, 1u);
    assert_int_equal((obr >> 2) & 0xFFu, 0xFEu);    /* USER */
    assert_int_equal((obr >> 10) & 0xFFu, 0x42u);   /* Data0 */
    assert_false(obr & 2u);                          /* RDPRT = 0 */
    /* Erase all, reset: the erased RDP byte is read protection. */
    unlock_options(m);
    wr(m, CR, CR_OPTER | CR_STRT | CR_OPTWRE);
    wait_idle(m, 0);
    m->fops->reset(m, false);
    assert_true(rd(m, OBR) & 2u);
    assert_int_equal(m->fops->rdp_level(m), 1);
    fake_mcu_destroy(m);
}

/* RDP level 1 on F1: with the debugger connected flash reads and writes
 * fail; the first 4 KiB are write-protected even for the CPU; programming
 * RDP = 0xA5 "first forces a Mass Erase" (PM0075 §2.4.1). */
static void test_f1_rdp1_and_regression(void **state)
{
    (void)state;
    struct sim_board_config cfg = { .rdp = 1 };
    struct mcu *m = fake_mcu_create("STM32F103RC", &cfg);
    memset(m->flash, 0x5A, 16 * 1024);
    assert_int_equal(ob_hw(m, 0), 0xFF00);
    assert_true(rd(m, OBR) & 2u);
    uint32_t v;
    assert_int_equal(m->fops->flash_read(m, SIM_BUS_DEBUG, 0, 4, &v), 0);
    fake_rdp1_blocks = true;
    assert_int_equal(m->fops->flash_read(m, SIM_BUS_DEBUG, 0, 4, &v), -1);
    fake_rdp1_blocks = false;
    /* CPU from flash: page 1 (within 4 KiB) protected, page 2 free. */
    unlock(m, 0);
    wr(m, CR, CR_PER);
    wr(m, AR, FLASH_BASE + 2048);
    wr(m, CR, CR_PER | CR_STRT);
    assert_true(rd(m, SR) & SR_WRPRTERR);
    wr(m, SR, SR_WRPRTERR);
    wr(m, AR, FLASH_BASE + 4096);
    wr(m, CR, CR_PER | CR_STRT);
    wait_idle(m, 0);
    assert_false(rd(m, SR) & SR_WRPRTERR);
    assert_int_equal(m->flash[4096], 0xFF);
    /* Regression. */
    fake_rdp1_blocks = true;
    wr(m, CR, 0);
    wr(m, OPTKEYR, KEY1);
    wr(m, OPTKEYR, KEY2);
    wr(m, CR, CR_OPTER | CR_STRT | CR_OPTWRE);
    wait_idle(m, 0);
    assert_int_equal(m->flash[0], 0x5A);     /* OPTER alone erases nothing */
    wr(m, CR, CR_OPTPG | CR_OPTWRE);
    ob_prog(m, 0, 0x00A5);
    assert_int_equal(m->flash[0], 0xFF);
    assert_int_equal(m->flash[10000], 0xFF);
    m->fops->reset(m, true);
    fake_rdp1_blocks = false;
    assert_int_equal(m->fops->rdp_level(m), 0);
    assert_false(rd(m, OBR) & 2u);
    fake_mcu_destroy(m);
}

/* F0 (RM0091 §4): RDP 0xAA level 0, 0xCC level 2 (OBR RDPRT = 11, debug
 * port dead, options cannot be erased); OBL_LAUNCH reloads and resets. */
static void test_f0_levels_and_obl_launch(void **state)
{
    (void)state;
    struct mcu *m = fake_mcu_create("STM32F072RB", NULL);
    assert_int_equal(ob_hw(m, 0), 0x55AA);
    assert_int_equal(rd(m, OBR) & 7u, 0u);
    assert_int_equal((rd(m, OBR) >> 8) & 0xFFu, 0xFFu);   /* USER at [15:8] */
    unlock_options(m);
    wr(m, CR, CR_OPTER | CR_STRT | CR_OPTWRE);
    wait_idle(m, 0);
    wr(m, CR, CR_OPTPG | CR_OPTWRE);
    ob_prog(m, 0, 0x00AA);
    ob_prog(m, 1, 0x00EF);                   /* nBOOT1 = 0 */
    for (unsigned i = 2; i < 8; i++)
        ob_prog(m, i, 0x00FF);
    wr(m, CR, CR_OBL_LAUNCH);
    assert_int_equal(fake_system_resets, 1);
    assert_int_equal(rd(m, CR), CR_LOCK);    /* registers reset */
    assert_int_equal(rd(m, OBR), 0xFFFFEF00u);
    /* BOOT0 high with nBOOT1 = 0: boot from SRAM (RM0091 §2.5). */
    m->boot0 = 1;
    assert_int_equal(m->fops->boot_address(m), 0x20000000u);
    m->boot0 = 0;
    assert_int_equal(m->fops->boot_address(m), FLASH_BASE);
    fake_mcu_destroy(m);

    struct sim_board_config cfg = { .rdp = 2 };
    m = fake_mcu_create("STM32F072RB", &cfg);
    assert_int_equal(m->fops->rdp_level(m), 2);
    assert_int_equal(rd(m, OBR) & 6u, 6u);
    assert_false(m->fops->debug_alive(m));
    unlock_options(m);
    wr(m, CR, CR_OPTER | CR_STRT | CR_OPTWRE);
    assert_true(rd(m, SR) & SR_WRPRTERR);
    assert_int_equal(ob_hw(m, 0), 0x33CC);
    fake_mcu_destroy(m);
}

/* F1 boot: BOOT0 low -> main flash, high -> system memory (BOOT1 low). */
static void test_f1_boot_and_timing_rows(void **state)
{
    (void)state;
    struct mcu *m = fake_mcu_create("STM32F107VC", NULL);
    assert_int_equal(m->fops->boot_address(m), FLASH_BASE);
    m->boot0 = 1;
    assert_int_equal(m->fops->boot_address(m), 0x1FFFB000u);   /* CL bootloader */
    assert_int_equal(m->fops->program_ns(m), T_PROG_F1);
    fake_mcu_destroy(m);
    m = fake_mcu_create("STM32F303VC", NULL);
    assert_int_equal(m->fops->program_ns(m), 53500u);          /* F3 DS: 53.5 us */
    assert_int_equal(ob_hw(m, 0), 0x55AA);
    fake_mcu_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unlock_and_wrong_key),
        cmocka_unit_test(test_halfword_program_timing),
        cmocka_unit_test(test_pgerr_on_programmed_halfword),
        cmocka_unit_test(test_page_and_mass_erase),
        cmocka_unit_test(test_write_protection),
        cmocka_unit_test(test_xl_second_bank),
        cmocka_unit_test(test_f1_factory_options),
        cmocka_unit_test(test_f1_option_program_and_reload),
        cmocka_unit_test(test_f1_rdp1_and_regression),
        cmocka_unit_test(test_f0_levels_and_obl_launch),
        cmocka_unit_test(test_f1_boot_and_timing_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
