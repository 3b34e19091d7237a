/* The board's firmware loader (sim/board/image*.c): raw binary at
 * 0x08000000, Intel HEX records (Intel HEX spec rev. A), ELF32 PT_LOAD
 * segments at their physical address; errors that name the file. */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "board/image.h"

#define FLASH_BASE 0x08000000u
#define FLASH_SIZE 0x10000u

static uint8_t flash[FLASH_SIZE];
static unsigned pieces;
static char dir[] = "/tmp/sim_test_image_XXXXXX";

static int sink(void *ctx, uint32_t addr, const uint8_t *data, size_t len)
{
    (void)ctx;
    if (addr < FLASH_BASE || addr - FLASH_BASE > FLASH_SIZE ||
        len > FLASH_SIZE - (addr - FLASH_BASE))
        return -1;
    memcpy(flash + (addr - FLASH_BASE), data, len);
    pieces++;
    return 0;
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

static int setup(void **state)
{
    (void)state;
    memset(flash, 0xFF, sizeof flash);
    pieces = 0;
    return 0;
}

static void test_bin_at_flash_base(void **state)
{
    (void)state;
    uint8_t img[300];
    for (unsigned i = 0; i < sizeof img; i++)
        img[i] = (uint8_t)(i * 7 + 1);
    char err[256] = "";
    const char *p = write_file("fw.bin", img, sizeof img);
    assert_int_equal(sim_image_load(p, sink, NULL, err, sizeof err), 0);
    assert_memory_equal(flash, img, sizeof img);
    assert_int_equal(flash[sizeof img], 0xFF);
}

static void test_hex_records(void **state)
{
    (void)state;
    /* Extended linear address 0x0800 (base 0x08000000), data records,
     * CRLF line ends, a start-linear-address record (ignored). */
    const char *hex =
        ":020000040800F2\n"
        ":0400100001020304E2\n"
        ":0200000408F101\n" /* base 0x08F10000, no data follows */
        ":020000040800F2\r\n"
        ":02FFFE00AABB9C\n"
        ":04000005080001C12D\n"
        ":00000001FF\n";
    char err[256] = "";
    const char *p = write_file("fw.hex", hex, strlen(hex));
    assert_int_equal(sim_image_load(p, sink, NULL, err, sizeof err), 0);
    static const uint8_t want[] = { 1, 2, 3, 4 };
    assert_memory_equal(flash + 0x10, want, sizeof want);
    assert_int_equal(flash[0xFFFE], 0xAA);
    assert_int_equal(flash[0xFFFF], 0xBB);
    assert_int_equal(pieces, 2);
}

static void test_hex_bad_checksum_names_line(void **state)
{
    (void)state;
    const char *hex = ":020000040800F2\n:0400100001020304E3\n:00000001FF\n";
    char err[256] = "";
    const char *p = write_file("bad.hex", hex, strlen(hex));
    assert_int_equal(sim_image_load(p, sink, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "bad.hex"));
    assert_non_null(strstr(err, "line 2"));
    assert_non_null(strstr(err, "checksum"));
}

/* An ELF with .text at 0x08000000, .data linked at 0x20000000 but loaded
 * at 0x08000100 (p_paddr), and a .bss segment with no file bytes. */
static void test_elf_loads_by_physical_address(void **state)
{
    (void)state;
    struct {
        Elf32_Ehdr eh;
        Elf32_Phdr ph[3];
        uint8_t text[16];
        uint8_t data[8];
    } f;
    memset(&f, 0, sizeof f);
    memcpy(f.eh.e_ident, ELFMAG, SELFMAG);
    f.eh.e_ident[EI_CLASS] = ELFCLASS32;
    f.eh.e_ident[EI_DATA] = ELFDATA2LSB;
    f.eh.e_ident[EI_VERSION] = EV_CURRENT;
    f.eh.e_type = ET_EXEC;
    f.eh.e_machine = EM_ARM;
    f.eh.e_version = EV_CURRENT;
    f.eh.e_phoff = offsetof(__typeof__(f), ph);
    f.eh.e_ehsize = sizeof f.eh;
    f.eh.e_phentsize = sizeof(Elf32_Phdr);
    f.eh.e_phnum = 3;
    for (unsigned i = 0; i < sizeof f.text; i++)
        f.text[i] = (uint8_t)(0x10 + i);
    for (unsigned i = 0; i < sizeof f.data; i++)
        f.data[i] = (uint8_t)(0xD0 + i);
    f.ph[0] = (Elf32_Phdr){ .p_type = PT_LOAD,
                            .p_offset = offsetof(__typeof__(f), text),
                            .p_vaddr = 0x08000000, .p_paddr = 0x08000000,
                            .p_filesz = sizeof f.text, .p_memsz = sizeof f.text };
    f.ph[1] = (Elf32_Phdr){ .p_type = PT_LOAD,
                            .p_offset = offsetof(__typeof__(f), data),
                            .p_vaddr = 0x20000000, .p_paddr = 0x08000100,
                            .p_filesz = sizeof f.data, .p_memsz = sizeof f.data };
    f.ph[2] = (Elf32_Phdr){ .p_type = PT_LOAD, .p_offset = 0,
                            .p_vaddr = 0x20000008, .p_paddr = 0x20000008,
                            .p_filesz = 0, .p_memsz = 0x100 };
    char err[256] = "";
    const char *p = write_file("fw.elf", &f, sizeof f);
    assert_int_equal(sim_image_load(p, sink, NULL, err, sizeof err), 0);
    assert_memory_equal(flash, f.text, sizeof f.text);
    assert_memory_equal(flash + 0x100, f.data, sizeof f.data);
    assert_int_equal(pieces, 2);

    /* The same segment linked for RAM only is outside flash. */
    f.ph[1].p_paddr = 0x20000000;
    p = write_file("ram.elf", &f, sizeof f);
    assert_int_equal(sim_image_load(p, sink, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "ram.elf"));
    assert_non_null(strstr(err, "0x20000000"));
}

static void test_errors_name_the_file(void **state)
{
    (void)state;
    char err[256] = "";
    char path[300];
    snprintf(path, sizeof path, "%s/missing.elf", dir);
    assert_int_equal(sim_image_load(path, sink, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "missing.elf"));
    assert_non_null(strstr(err, "no such file"));

    const char *p = write_file("trunc.elf", "\x7f" "ELF\x01\x01", 6);
    assert_int_equal(sim_image_load(p, sink, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "trunc.elf"));

    p = write_file("empty.bin", "", 0);
    assert_int_equal(sim_image_load(p, sink, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "empty"));

    uint8_t big[FLASH_SIZE + 4] = { 0 };
    p = write_file("big.bin", big, sizeof big);
    assert_int_equal(sim_image_load(p, sink, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "big.bin"));
}

static void test_detect(void **state)
{
    (void)state;
    const uint8_t elf[] = { 0x7f, 'E', 'L', 'F', 1, 1 };
    const uint8_t hex[] = ":00000001FF\n";
    const uint8_t bin[] = { 0x00, 0x10, 0x00, 0x20, 0x01, 0x01, 0x00, 0x08 };
    assert_int_equal(sim_image_detect("a.bin", elf, sizeof elf), SIM_IMAGE_ELF);
    assert_int_equal(sim_image_detect("a.bin", hex, sizeof hex - 1), SIM_IMAGE_HEX);
    assert_int_equal(sim_image_detect("a.img", bin, sizeof bin), SIM_IMAGE_BIN);
    assert_int_equal(sim_image_detect("a.hex", bin, sizeof bin), SIM_IMAGE_HEX);
}

static int group_setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_bin_at_flash_base, setup),
        cmocka_unit_test_setup(test_hex_records, setup),
        cmocka_unit_test_setup(test_hex_bad_checksum_names_line, setup),
        cmocka_unit_test_setup(test_elf_loads_by_physical_address, setup),
        cmocka_unit_test_setup(test_errors_name_the_file, setup),
        cmocka_unit_test_setup(test_detect, setup),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
