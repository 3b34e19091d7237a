/* ELF reader: PT_LOAD data at the physical address, entry point, and the
 * files that are not ARM images or are cut short, each named with its
 * offset.  The ELF files are assembled here from <elf.h> structs. */
#include <elf.h>

#include "image_test_util.h"

#define PH_OFF sizeof(Elf32_Ehdr)        /* 0x34: program headers right after */
#define DATA_OFF 0x100u                  /* segment data in the test files */

struct elf_file {
    uint8_t bytes[0x400];
    size_t len;
};

static Elf32_Ehdr arm_header(unsigned phnum, uint32_t entry)
{
    Elf32_Ehdr h;
    memset(&h, 0, sizeof h);
    memcpy(h.e_ident, ELFMAG, SELFMAG);
    h.e_ident[EI_CLASS] = ELFCLASS32;
    h.e_ident[EI_DATA] = ELFDATA2LSB;
    h.e_ident[EI_VERSION] = EV_CURRENT;
    h.e_type = ET_EXEC;
    h.e_machine = EM_ARM;
    h.e_version = EV_CURRENT;
    h.e_entry = entry;
    h.e_phoff = PH_OFF;
    h.e_ehsize = sizeof(Elf32_Ehdr);
    h.e_phentsize = sizeof(Elf32_Phdr);
    h.e_phnum = (Elf32_Half)phnum;
    return h;
}

static Elf32_Phdr load(uint32_t offset, uint32_t vaddr, uint32_t paddr, uint32_t filesz,
                       uint32_t memsz)
{
    Elf32_Phdr p = { .p_type = PT_LOAD, .p_offset = offset, .p_vaddr = vaddr,
                     .p_paddr = paddr, .p_filesz = filesz, .p_memsz = memsz,
                     .p_flags = PF_R, .p_align = 4 };
    return p;
}

/* Header, program headers, and bytes 0x00, 0x01, ... from DATA_OFF on. */
static void build(struct elf_file *e, const Elf32_Ehdr *h, const Elf32_Phdr *ph,
                  unsigned n)
{
    memset(e, 0, sizeof *e);
    memcpy(e->bytes, h, sizeof *h);
    memcpy(e->bytes + PH_OFF, ph, n * sizeof *ph);
    for (size_t i = DATA_OFF; i < sizeof e->bytes; i++)
        e->bytes[i] = (uint8_t)(i - DATA_OFF);
    e->len = sizeof e->bytes;
}

static int load_elf(struct image_fixture *f, const char *name, const struct elf_file *e)
{
    sd_image_free(f->img);
    f->img = NULL;
    return sd_image_load(f->s, fixture_file(f, name, e->bytes, e->len), NULL, &f->img);
}

static void loads_pt_load_at_physical_addresses(void **state)
{
    struct image_fixture *f = *state;
    const Elf32_Phdr ph[] = {
        /* .text + .rodata: 16 bytes in flash. */
        load(DATA_OFF, 0x08000000, 0x08000000, 16, 16),
        /* .data: runs at 0x20000000, loaded right after .text in flash. */
        load(DATA_OFF + 16, 0x20000000, 0x08000010, 8, 8),
        /* .bss: memory only, nothing to program. */
        load(0, 0x20000008, 0x08000018, 0, 0x100),
        /* a note: not loadable. */
        { .p_type = PT_NOTE, .p_offset = DATA_OFF, .p_filesz = 4 },
        /* a second flash area past a gap. */
        load(DATA_OFF + 0x40, 0x08004000, 0x08004000, 4, 4),
    };
    const Elf32_Ehdr h = arm_header(5, 0x08000009);
    struct elf_file e;
    build(&e, &h, ph, 5);
    assert_int_equal(load_elf(f, "app.elf", &e), SD_OK);
    assert_int_equal(sd_image_format(f->img), SD_IMAGE_ELF);
    assert_int_equal(sd_image_segment_count(f->img), 2);
    assert_segment(f->img, 0, 0x08000000, e.bytes + DATA_OFF, 24);
    assert_segment(f->img, 1, 0x08004000, e.bytes + DATA_OFF + 0x40, 4);
    uint32_t entry;
    assert_int_equal(sd_image_entry(f->img, &entry), 1);
    assert_int_equal(entry, 0x08000009);
}

static void x86_64_elf_is_named(void **state)
{
    struct image_fixture *f = *state;
    Elf64_Ehdr h;
    memset(&h, 0, sizeof h);
    memcpy(h.e_ident, ELFMAG, SELFMAG);
    h.e_ident[EI_CLASS] = ELFCLASS64;
    h.e_ident[EI_DATA] = ELFDATA2LSB;
    h.e_type = ET_EXEC;
    h.e_machine = EM_X86_64;
    assert_int_equal(sd_image_load(f->s, fixture_file(f, "tool", &h, sizeof h), NULL, &f->img),
                     SD_ERR_IMAGE_FORMAT);
    assert_null(f->img);
    assert_detail_has(f, "tool: offset 0x12: ELF for x86-64: this is not an ARM image");
}

static void other_machines_and_byte_orders_are_named(void **state)
{
    struct image_fixture *f = *state;
    Elf32_Ehdr h = arm_header(0, 0);
    h.e_machine = EM_RISCV;
    assert_int_equal(sd_image_load(f->s, fixture_file(f, "rv.elf", &h, sizeof h), NULL,
                                   &f->img), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "ELF for RISC-V: this is not an ARM image");

    h = arm_header(0, 0);
    h.e_ident[EI_DATA] = ELFDATA2MSB;
    h.e_machine = (Elf32_Half)(EM_ARM << 8); /* big-endian 40 */
    assert_int_equal(sd_image_load(f->s, fixture_file(f, "be.elf", &h, sizeof h), NULL,
                                   &f->img), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "big-endian Arm ELF");

    h = arm_header(0, 0);
    h.e_type = ET_REL;
    assert_int_equal(sd_image_load(f->s, fixture_file(f, "main.o", &h, sizeof h), NULL,
                                   &f->img), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "main.o: offset 0x10: a relocatable object file (ET_REL)");
}

static void truncated_in_program_header_table(void **state)
{
    struct image_fixture *f = *state;
    const Elf32_Phdr ph[3] = {
        load(DATA_OFF, 0x08000000, 0x08000000, 16, 16),
        load(DATA_OFF + 16, 0x08000010, 0x08000010, 16, 16),
        load(DATA_OFF + 32, 0x08000020, 0x08000020, 16, 16),
    };
    const Elf32_Ehdr h = arm_header(3, 0x08000000);
    struct elf_file e;
    build(&e, &h, ph, 3);
    e.len = PH_OFF + 40; /* cut in the second program header */
    assert_int_equal(load_elf(f, "cut.elf", &e), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "cut.elf: offset 0x34: truncated in the program header table: 3 "
                         "entries of 32 bytes from offset 0x34 end at 0x94, the file has "
                         "0x5C bytes");
}

static void truncated_in_segment_data_and_header(void **state)
{
    struct image_fixture *f = *state;
    const Elf32_Phdr ph[1] = { load(DATA_OFF, 0x08000000, 0x08000000, 0x1000, 0x1000) };
    const Elf32_Ehdr h = arm_header(1, 0x08000000);
    struct elf_file e;
    build(&e, &h, ph, 1);
    assert_int_equal(load_elf(f, "short.elf", &e), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "short.elf: offset 0x38: program header 0: its 0x1000 bytes of data "
                         "at offset 0x100 end at 0x1100, past the end of the file (0x400 "
                         "bytes)");

    e.len = 30;
    assert_int_equal(load_elf(f, "tiny.elf", &e), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "tiny.elf: offset 0x1E: truncated in the ELF header: the file has "
                         "30 bytes, the header needs 52");
}

static void overlapping_segments_name_program_headers(void **state)
{
    struct image_fixture *f = *state;
    const Elf32_Phdr ph[2] = {
        load(DATA_OFF, 0x08000000, 0x08000000, 16, 16),
        load(DATA_OFF, 0x20000000, 0x08000008, 16, 16),
    };
    const Elf32_Ehdr h = arm_header(2, 0x08000000);
    struct elf_file e;
    build(&e, &h, ph, 2);
    assert_int_equal(load_elf(f, "ov.elf", &e), SD_ERR_IMAGE_OVERLAP);
    assert_detail_has(f, "0x08000008-0x08000017 (program header 1) overlaps data at "
                         "0x08000000-0x0800000F (program header 0)");
}

static void nothing_loadable_and_bad_tables_are_named(void **state)
{
    struct image_fixture *f = *state;
    const Elf32_Phdr ph[1] = { load(0, 0x20000000, 0x20000000, 0, 0x100) };
    Elf32_Ehdr h = arm_header(1, 0);
    struct elf_file e;
    build(&e, &h, ph, 1);
    assert_int_equal(load_elf(f, "bss.elf", &e), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "bss.elf: no loadable segment with data");

    h = arm_header(1, 0);
    h.e_phentsize = 16;
    build(&e, &h, ph, 1);
    assert_int_equal(load_elf(f, "ent.elf", &e), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "ent.elf: offset 0x2A: program header size 16, expected at least 32");

    h = arm_header(0, 0);
    build(&e, &h, ph, 0);
    assert_int_equal(load_elf(f, "noph.elf", &e), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "no program headers");
}

static void segment_past_4gib_is_refused(void **state)
{
    struct image_fixture *f = *state;
    const Elf32_Phdr ph[1] = { load(DATA_OFF, 0xFFFFFFF8, 0xFFFFFFF8, 16, 16) };
    const Elf32_Ehdr h = arm_header(1, 0);
    struct elf_file e;
    build(&e, &h, ph, 1);
    assert_int_equal(load_elf(f, "top.elf", &e), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "top.elf: program header 0: 16 bytes at 0xFFFFFFF8 run past the "
                         "end of the 32-bit address space");
}

static void elf_format_forced_on_other_content(void **state)
{
    struct image_fixture *f = *state;
    const struct sd_image_options opt = { .format = SD_IMAGE_ELF };
    assert_int_equal(sd_image_load(f->s, fixture_text(f, "x.hex", ":00000001FF\n"), &opt,
                                   &f->img), SD_ERR_IMAGE_FORMAT);
    assert_detail_has(f, "x.hex: offset 0x0: not an ELF file");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, image_setup, image_teardown)
        T(loads_pt_load_at_physical_addresses),
        T(x86_64_elf_is_named),
        T(other_machines_and_byte_orders_are_named),
        T(truncated_in_program_header_table),
        T(truncated_in_segment_data_and_header),
        T(overlapping_segments_name_program_headers),
        T(nothing_loadable_and_bad_tables_are_named),
        T(segment_past_4gib_is_refused),
        T(elf_format_forced_on_other_content),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
