/* ELF32 reader for the board's firmware loader: every PT_LOAD segment's
 * file bytes go to its physical address (p_paddr: the load address, as a
 * flash programmer uses it; .data is linked to RAM but loaded in flash).
 * Structures from <elf.h> (System V ABI, ELF32 little-endian for ARM). */
#include "board/image.h"

#include <elf.h>
#include <stdio.h>
#include <string.h>

static int fail(const char *name, const char *what, char *err, size_t errlen)
{
    snprintf(err, errlen, "firmware '%s': %s", name, what);
    return -1;
}

int sim_image_parse_elf(const char *name, const uint8_t *buf, size_t len,
                        sim_image_sink sink, void *ctx, char *err,
                        size_t errlen)
{
    Elf32_Ehdr eh;
    if (len < sizeof eh || memcmp(buf, ELFMAG, SELFMAG) != 0)
        return fail(name, "not an ELF file", err, errlen);
    memcpy(&eh, buf, sizeof eh);
    if (eh.e_ident[EI_CLASS] != ELFCLASS32)
        return fail(name, "not a 32-bit ELF file", err, errlen);
    if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
        return fail(name, "not a little-endian ELF file", err, errlen);
    if (eh.e_phnum == 0)
        return fail(name, "ELF file has no program headers", err, errlen);
    if (eh.e_phentsize != sizeof(Elf32_Phdr) || eh.e_phoff > len ||
        (size_t)eh.e_phnum * sizeof(Elf32_Phdr) > len - eh.e_phoff)
        return fail(name, "ELF program headers are truncated", err, errlen);

    size_t loaded = 0;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf32_Phdr ph;
        memcpy(&ph, buf + eh.e_phoff + (size_t)i * sizeof ph, sizeof ph);
        if (ph.p_type != PT_LOAD || ph.p_filesz == 0)
            continue; /* .bss (memsz > filesz) is not in the image */
        if (ph.p_offset > len || ph.p_filesz > len - ph.p_offset)
            return fail(name, "ELF segment runs past the end of the file",
                        err, errlen);
        if (sink(ctx, ph.p_paddr, buf + ph.p_offset, ph.p_filesz) != 0) {
            snprintf(err, errlen,
                     "firmware '%s': segment at 0x%08x (%u bytes) is outside "
                     "flash", name, ph.p_paddr, ph.p_filesz);
            return -1;
        }
        loaded++;
    }
    if (loaded == 0)
        return fail(name, "ELF file has no loadable segment", err, errlen);
    return 0;
}
