/* Address -> function, file, line (src/doctor/elf_lines.c) on the test
 * firmware the build makes (build/firmware/NAME.elf, -g).  The ELF is found
 * next to the test binary (<build>/tests/unit -> <build>/firmware); the
 * test is only registered when the build makes firmware, and fails if the
 * ELF is missing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>

#include "doctor/doctor_internal.h"

static char fw_dir[4096 + 32];

static bool firmware_path(const char *name, char *out, size_t len)
{
    snprintf(out, len, "%s/%s", fw_dir, name);
    return access(out, R_OK) == 0;
}

/* The address of a function symbol, read with libelf independently of the
 * code under test. */
static uint32_t symbol(const char *path, const char *want)
{
    elf_version(EV_CURRENT);
    int fd = open(path, O_RDONLY);
    Elf *e = elf_begin(fd, ELF_C_READ, NULL);
    uint32_t addr = 0;
    Elf_Scn *scn = NULL;
    while (!addr && (scn = elf_nextscn(e, scn)) != NULL) {
        GElf_Shdr sh;
        gelf_getshdr(scn, &sh);
        if (sh.sh_type != SHT_SYMTAB)
            continue;
        Elf_Data *d = elf_getdata(scn, NULL);
        for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
            GElf_Sym s;
            gelf_getsym(d, (int)i, &s);
            const char *n = elf_strptr(e, sh.sh_link, s.st_name);
            if (n && strcmp(n, want) == 0 && GELF_ST_TYPE(s.st_info) == STT_FUNC)
                addr = (uint32_t)s.st_value;
        }
    }
    elf_end(e);
    close(fd);
    return addr;
}

static void function_and_line_of_a_symbol(void **state)
{
    (void)state;
    char path[4096 + 64];
    if (!firmware_path("f103-swd-off.elf", path, sizeof path))
        fail_msg("%s: not built (the firmware target makes it)", path);
    uint32_t addr = symbol(path, "MX_GPIO_Init");
    assert_true(addr & 1u);              /* a Thumb function symbol */
    char err[160], fn[64], file[128];
    unsigned line = 0;
    struct elf_lines *e = elf_lines_open(path, err, sizeof err);
    assert_non_null(e);
    /* The symbol's address with and without the Thumb bit, and one
     * instruction in: the same function, in main.c. */
    for (uint32_t a = addr - 1u; a <= addr + 2u; a += 1u) {
        assert_true(elf_lines_lookup(e, a, fn, sizeof fn, file, sizeof file, &line));
        assert_string_equal(fn, "MX_GPIO_Init");
        assert_string_equal(file, "main.c");
        assert_true(line > 0);
    }
    /* main() is elsewhere in the file. */
    uint32_t m = symbol(path, "main");
    unsigned line_main = 0;
    assert_true(elf_lines_lookup(e, m, fn, sizeof fn, file, sizeof file, &line_main));
    assert_string_equal(fn, "main");
    assert_int_not_equal(line_main, line);
    /* Outside the image: nothing. */
    assert_false(elf_lines_lookup(e, 0x30000000u, fn, sizeof fn, file, sizeof file, &line));
    assert_string_equal(fn, "");
    assert_int_equal(line, 0);
    elf_lines_close(e);
}

static void file_of_another_unit(void **state)
{
    (void)state;
    char path[4096 + 64];
    if (!firmware_path("swd-off.elf", path, sizeof path))
        fail_msg("%s: not built (the firmware target makes it)", path);
    char err[160], fn[64], file[128];
    unsigned line = 0;
    struct elf_lines *e = elf_lines_open(path, err, sizeof err);
    assert_non_null(e);
    /* The reset handler is in startup.c (common/), not main.c. */
    uint32_t reset = symbol(path, "Reset_Handler");
    assert_int_not_equal(reset, 0);
    assert_true(elf_lines_lookup(e, reset, fn, sizeof fn, file, sizeof file, &line));
    assert_string_equal(fn, "Reset_Handler");
    assert_string_equal(file, "startup.c");
    assert_true(line > 0);
    elf_lines_close(e);
}

static void not_an_elf(void **state)
{
    (void)state;
    char tmp[] = "/tmp/sd_elf_lines_XXXXXX";
    int fd = mkstemp(tmp);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "hello", 5), 5);
    close(fd);
    char err[160] = "";
    assert_null(elf_lines_open(tmp, err, sizeof err));
    assert_non_null(strstr(err, "not an ELF"));
    unlink(tmp);
    assert_null(elf_lines_open("/nonexistent/app.elf", err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/app.elf"));
    char fn[8], file[8];
    unsigned line;
    assert_false(elf_lines_lookup(NULL, 0x08000000u, fn, sizeof fn, file, sizeof file, &line));
}

int main(void)
{
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    self[n > 0 ? n : 0] = '\0';
    char *slash = strrchr(self, '/');
    if (slash)
        *slash = '\0';
    snprintf(fw_dir, sizeof fw_dir, "%s/../../firmware", self);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(function_and_line_of_a_symbol),
        cmocka_unit_test(file_of_another_unit),
        cmocka_unit_test(not_an_elf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
