/* ELF reader (System V ABI, "Tool Interface Standard ELF v1.2"; ARM's
 * "ELF for the Arm Architecture").  Only ELF32 little-endian EM_ARM is an
 * image for an STM32; anything else is named in the error.  The data of
 * every PT_LOAD segment with p_filesz > 0 goes to its physical address
 * p_paddr, the load address (LMA), as OpenOCD and st-flash program ELF
 * files: .data is linked to RAM but its initial values live in flash.  The
 * p_memsz - p_filesz tail (.bss) is zeroed by the startup code, not
 * programmed.
 *
 * Fields are read byte by byte at offsetof() the <elf.h> structs, so an
 * unaligned or short buffer is never dereferenced as a struct, and every
 * offset is checked against the buffer length first. */
#include <elf.h>
#include <stddef.h>
#include <stdio.h>

#include "image/image_internal.h"

#define ELF_OFF(type, field) offsetof(type, field)

struct elf_ctx {
    struct image_builder *b;
    const uint8_t *buf;
    size_t len;
};

static uint32_t le16(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const uint8_t *p)
{
    return le16(p) | le16(p + 2) << 16;
}

static int bad_at(struct elf_ctx *e, uint64_t offset, const char *what)
{
    return sd_fail(e->b->s, SD_ERR_IMAGE_FORMAT, SD_LOG_IMAGE, "%s: offset 0x%llX: %s",
                   e->b->name, (unsigned long long)offset, what);
}

static const char *machine_name(unsigned m)
{
    switch (m) {
    case EM_386: return "x86 (i386)";
    case EM_X86_64: return "x86-64";
    case EM_AARCH64: return "AArch64 (64-bit Arm)";
    case EM_ARM: return "Arm";
    case EM_RISCV: return "RISC-V";
    case EM_XTENSA: return "Xtensa (ESP32)";
    case EM_AVR: return "AVR";
    case EM_MSP430: return "MSP430";
    case EM_MIPS: return "MIPS";
    case EM_PPC: return "PowerPC";
    case EM_PPC64: return "PowerPC 64";
    case EM_SPARC: return "SPARC";
    case EM_SH: return "SuperH";
    case EM_S390: return "IBM S/390";
    case EM_NONE: return "no machine (EM_NONE)";
    }
    return NULL;
}

/* Identification: magic, class, byte order, machine.  Says what the file is
 * when it is not a little-endian 32-bit ARM ELF. */
static int check_ident(struct elf_ctx *e)
{
    char msg[200];
    if (e->len < SELFMAG || e->buf[EI_MAG0] != ELFMAG0 || e->buf[EI_MAG1] != ELFMAG1 ||
        e->buf[EI_MAG2] != ELFMAG2 || e->buf[EI_MAG3] != ELFMAG3)
        return bad_at(e, 0, "not an ELF file (no \\x7FELF magic)");
    if (e->len < EI_NIDENT)
        return bad_at(e, e->len, "truncated in the ELF identification (16 bytes)");
    unsigned cls = e->buf[EI_CLASS], data = e->buf[EI_DATA];
    if (cls != ELFCLASS32 && cls != ELFCLASS64) {
        snprintf(msg, sizeof msg, "unknown ELF class %u (expected 1, 32-bit)", cls);
        return bad_at(e, EI_CLASS, msg);
    }
    if (data != ELFDATA2LSB && data != ELFDATA2MSB) {
        snprintf(msg, sizeof msg, "unknown ELF byte order %u (expected 1, little-endian)",
                 data);
        return bad_at(e, EI_DATA, msg);
    }
    size_t at = ELF_OFF(Elf32_Ehdr, e_machine); /* the same in ELF64 */
    if (e->len < at + 2)
        return bad_at(e, e->len, "truncated in the ELF header (before e_machine)");
    const uint8_t *p = e->buf + at;
    unsigned machine = data == ELFDATA2LSB ? le16(p) : (unsigned)(p[0] << 8 | p[1]);
    const char *name = machine_name(machine);
    if (machine != EM_ARM) {
        char num[32];
        if (!name) {
            snprintf(num, sizeof num, "machine %u", machine);
            name = num;
        }
        snprintf(msg, sizeof msg, "ELF for %s: this is not an ARM image", name);
        return bad_at(e, at, msg);
    }
    if (cls != ELFCLASS32)
        return bad_at(e, EI_CLASS, "64-bit ELF for Arm: an STM32 image is 32-bit (ELFCLASS32)");
    if (data != ELFDATA2LSB)
        return bad_at(e, EI_DATA,
                      "big-endian Arm ELF: STM32 images are little-endian (ELFDATA2LSB)");
    if (e->len < sizeof(Elf32_Ehdr)) {
        snprintf(msg, sizeof msg, "truncated in the ELF header: the file has %zu bytes, "
                 "the header needs %zu", e->len, sizeof(Elf32_Ehdr));
        return bad_at(e, e->len, msg);
    }
    return SD_OK;
}

static int check_type(struct elf_ctx *e)
{
    unsigned type = le16(e->buf + ELF_OFF(Elf32_Ehdr, e_type));
    if (type == ET_EXEC || type == ET_DYN)
        return SD_OK;
    char msg[160];
    if (type == ET_REL)
        snprintf(msg, sizeof msg, "a relocatable object file (ET_REL), not a linked "
                 "program: flash the linker's output");
    else
        snprintf(msg, sizeof msg, "ELF type %u is not an executable (expected ET_EXEC)",
                 type);
    return bad_at(e, ELF_OFF(Elf32_Ehdr, e_type), msg);
}

/* With more than PN_XNUM - 1 program headers the count is in sh_info of
 * section header 0 (gABI "Extended numbering"). */
static int program_header_count(struct elf_ctx *e, uint32_t *count)
{
    *count = le16(e->buf + ELF_OFF(Elf32_Ehdr, e_phnum));
    if (*count != PN_XNUM)
        return SD_OK;
    uint32_t shoff = le32(e->buf + ELF_OFF(Elf32_Ehdr, e_shoff));
    uint64_t field = (uint64_t)shoff + ELF_OFF(Elf32_Shdr, sh_info);
    if (shoff == 0 || field + 4 > e->len)
        return bad_at(e, shoff, "e_phnum is PN_XNUM but section header 0, which holds "
                      "the real count, is missing or past the end of the file");
    *count = le32(e->buf + field);
    return SD_OK;
}

static int load_segment(struct elf_ctx *e, uint32_t index, uint64_t at)
{
    const uint8_t *ph = e->buf + at;
    uint32_t type = le32(ph + ELF_OFF(Elf32_Phdr, p_type));
    uint32_t offset = le32(ph + ELF_OFF(Elf32_Phdr, p_offset));
    uint32_t paddr = le32(ph + ELF_OFF(Elf32_Phdr, p_paddr));
    uint32_t vaddr = le32(ph + ELF_OFF(Elf32_Phdr, p_vaddr));
    uint32_t filesz = le32(ph + ELF_OFF(Elf32_Phdr, p_filesz));
    uint32_t memsz = le32(ph + ELF_OFF(Elf32_Phdr, p_memsz));
    if (type != PT_LOAD || filesz == 0)
        return SD_OK;
    if ((uint64_t)offset + filesz > e->len) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "program header %u: its 0x%X bytes of data at offset 0x%X end at 0x%llX, "
                 "past the end of the file (0x%zX bytes): the file is truncated",
                 index, filesz, offset, (unsigned long long)offset + filesz, e->len);
        return bad_at(e, at + ELF_OFF(Elf32_Phdr, p_offset), msg);
    }
    sd_log(e->b->s, SD_LOG_DEBUG, SD_LOG_IMAGE,
           "%s: program header %u: %u bytes at 0x%08X (linked at 0x%08X, %u in memory)",
           e->b->name, index, filesz, paddr, vaddr, memsz);
    return image_builder_add(e->b, paddr, e->buf + offset, filesz, index);
}

int image_parse_elf(struct image_builder *b, const uint8_t *buf, size_t len)
{
    struct elf_ctx e = { .b = b, .buf = buf, .len = len };
    int rc = check_ident(&e);
    if (rc == SD_OK)
        rc = check_type(&e);
    uint32_t phnum = 0;
    if (rc == SD_OK)
        rc = program_header_count(&e, &phnum);
    if (rc)
        return rc;
    uint32_t phoff = le32(buf + ELF_OFF(Elf32_Ehdr, e_phoff));
    uint32_t phentsize = le16(buf + ELF_OFF(Elf32_Ehdr, e_phentsize));
    char msg[200];
    if (phnum == 0 || phoff == 0)
        return bad_at(&e, ELF_OFF(Elf32_Ehdr, e_phnum),
                      "no program headers: nothing to load (is it a linked program?)");
    if (phentsize < sizeof(Elf32_Phdr)) {
        snprintf(msg, sizeof msg, "program header size %u, expected at least %zu",
                 phentsize, sizeof(Elf32_Phdr));
        return bad_at(&e, ELF_OFF(Elf32_Ehdr, e_phentsize), msg);
    }
    uint64_t table_end = (uint64_t)phoff + (uint64_t)phnum * phentsize;
    if (table_end > len) {
        snprintf(msg, sizeof msg,
                 "truncated in the program header table: %u entries of %u bytes from "
                 "offset 0x%X end at 0x%llX, the file has 0x%zX bytes",
                 phnum, phentsize, phoff, (unsigned long long)table_end, len);
        return bad_at(&e, phoff, msg);
    }
    for (uint32_t i = 0; i < phnum; i++) {
        rc = load_segment(&e, i, (uint64_t)phoff + (uint64_t)i * phentsize);
        if (rc)
            return rc;
    }
    if (b->count == 0)
        return sd_fail(b->s, SD_ERR_IMAGE_FORMAT, SD_LOG_IMAGE,
                       "%s: no loadable segment with data (PT_LOAD with p_filesz > 0)",
                       b->name);
    image_builder_set_entry(b, le32(buf + ELF_OFF(Elf32_Ehdr, e_entry)));
    return SD_OK;
}
