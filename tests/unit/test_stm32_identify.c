/* Chip identification and the F2/F4 sector map, against a fake link that
 * answers like an STM32F407VG (RM0090 §38.6.1 DBGMCU_IDCODE, §39.2 flash
 * size register; stm32-families.md §1.2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "stm32/stm32.h"

struct fake_chip { uint32_t cpuid, idcode, optcr; uint16_t fsize; int fsize_faults; };
static struct fake_chip fc;

static void put32(uint8_t *b, uint32_t v) { b[0] = v; b[1] = v >> 8; b[2] = v >> 16; b[3] = v >> 24; }

static int fake_read(void *link, unsigned ap, unsigned width, uint32_t addr, uint8_t *buf, size_t len)
{
    (void)link, (void)ap, (void)width;
    if (addr == 0xE000ED00u && len == 4) { put32(buf, fc.cpuid); return SD_OK; }
    if (addr == 0xE0042000u && len == 4) { put32(buf, fc.idcode); return SD_OK; }
    if (addr == 0x40023C14u && len == 4) { put32(buf, fc.optcr); return SD_OK; }
    if (addr == 0x1FFF7A22u && len == 2) {
        if (fc.fsize_faults)
            return SD_ERR_TARGET_FAULT;
        buf[0] = (uint8_t)fc.fsize;
        buf[1] = (uint8_t)(fc.fsize >> 8);
        return SD_OK;
    }
    return SD_ERR_TARGET_FAULT;
}

static int fake_write(void *link, unsigned ap, unsigned width, uint32_t addr, const uint8_t *buf,
                      size_t len)
{
    (void)link, (void)ap, (void)width, (void)addr, (void)buf, (void)len;
    return SD_OK;
}

static const struct arm_link_ops ops = { .mem_read = fake_read, .mem_write = fake_write };
static struct sd_session *session;
static struct arm_target tgt;

static int setup(void **state)
{
    (void)state;
    if (!session)
        sd_session_new(&session);
    sd_session_clear_error(session);
    tgt = (struct arm_target){ .session = session, .ops = &ops };
    /* STM32F407VG rev Z: REV_ID 0x1007, DEV_ID 0x413; Cortex-M4 r0p1. */
    fc = (struct fake_chip){ .cpuid = 0x410FC241u, .idcode = 0x10076413u, .fsize = 1024,
                             .optcr = 0x0FFFAAEDu };
    return 0;
}

static void f407_is_identified_with_its_sectors(void **state)
{
    (void)state;
    struct stm32_chip c;
    assert_int_equal(stm32_identify(&c, &tgt, 3300), SD_OK);
    assert_string_equal(c.part->name, "STM32F405/407/415/417");
    assert_int_equal(stm32_dev_id(&c), 0x413);
    assert_int_equal(stm32_rev_id(&c), 0x1007);
    assert_string_equal(stm32_core_name(c.cpuid), "Cortex-M4");
    assert_int_equal(c.flash_kib, 1024);
    /* RM0090 Table 5: 4 x 16 KiB, 1 x 64 KiB, 7 x 128 KiB. */
    assert_int_equal(c.n_sectors, 12);
    assert_int_equal(c.sectors[0].size, 16384);
    assert_int_equal(c.sectors[3].addr, 0x0800C000);
    assert_int_equal(c.sectors[4].addr, 0x08010000);
    assert_int_equal(c.sectors[4].size, 65536);
    assert_int_equal(c.sectors[5].addr, 0x08020000);
    assert_int_equal(c.sectors[11].addr, 0x080E0000);
    assert_int_equal(c.sectors[11].size, 131072);
    assert_int_equal(stm32_flash_end(&c), 0x08100000);
    assert_int_equal(stm32_sector_at(&c, 0x08021234)->id, 5);
    assert_null(stm32_sector_at(&c, 0x08100000));
}

static void smaller_flash_shortens_the_map(void **state)
{
    (void)state;
    fc.fsize = 512; /* an F405RE-like part */
    struct stm32_chip c;
    assert_int_equal(stm32_identify(&c, &tgt, 3300), SD_OK);
    assert_int_equal(c.n_sectors, 8);
    assert_int_equal(stm32_flash_end(&c), 0x08080000);
}

static void rev_a_f4_reporting_f2_id_is_an_f4(void **state)
{
    (void)state;
    fc.idcode = 0x10006411u; /* F2's DEV_ID on a Cortex-M4: F4 rev A erratum */
    struct stm32_chip c;
    assert_int_equal(stm32_identify(&c, &tgt, 3300), SD_OK);
    assert_int_equal(stm32_dev_id(&c), 0x413);
}

static void unknown_dev_id_is_named(void **state)
{
    (void)state;
    fc.idcode = 0x10006999u;
    struct stm32_chip c;
    assert_int_equal(stm32_identify(&c, &tgt, 3300), SD_ERR_UNKNOWN_CHIP);
    assert_non_null(strstr(sd_session_detail(session), "DEV_ID 0x999"));
}

static void unreadable_size_register_falls_back_to_the_maximum(void **state)
{
    (void)state;
    fc.fsize_faults = 1;
    struct stm32_chip c;
    assert_int_equal(stm32_identify(&c, &tgt, 3300), SD_OK);
    assert_int_equal(c.flash_kib, 1024);
}

static void rdp_and_wrp_are_decoded(void **state)
{
    (void)state;
    struct stm32_chip c;
    assert_int_equal(stm32_identify(&c, &tgt, 3300), SD_OK);
    int rdp;
    uint64_t wrp;
    assert_int_equal(c.part->flash->read_protection(&c, &rdp, &wrp), SD_OK);
    assert_int_equal(rdp, 0);
    assert_int_equal(wrp, 0);
    fc.optcr = 0x0FFC55EDu; /* RDP 0x55: level 1; nWRP bits 0,1 cleared */
    assert_int_equal(c.part->flash->read_protection(&c, &rdp, &wrp), SD_OK);
    assert_int_equal(rdp, 1);
    assert_int_equal(wrp, 0x3);
    fc.optcr = 0x0FFFCCEDu;
    assert_int_equal(c.part->flash->read_protection(&c, &rdp, &wrp), SD_OK);
    assert_int_equal(rdp, 2);
}

static void program_width_follows_the_supply(void **state)
{
    (void)state;
    struct stm32_chip c;
    assert_int_equal(stm32_identify(&c, &tgt, 3300), SD_OK);
    assert_int_equal(c.part->flash->program_unit(&c), 4);
    c.target_mv = 2400; /* RM0090 Table 6: x16 from 2.1 V */
    assert_int_equal(c.part->flash->program_unit(&c), 2);
    c.target_mv = 1800;
    assert_int_equal(c.part->flash->program_unit(&c), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(f407_is_identified_with_its_sectors, setup),
        cmocka_unit_test_setup(smaller_flash_shortens_the_map, setup),
        cmocka_unit_test_setup(rev_a_f4_reporting_f2_id_is_an_f4, setup),
        cmocka_unit_test_setup(unknown_dev_id_is_named, setup),
        cmocka_unit_test_setup(unreadable_size_register_falls_back_to_the_maximum, setup),
        cmocka_unit_test_setup(rdp_and_wrp_are_decoded, setup),
        cmocka_unit_test_setup(program_width_follows_the_supply, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
