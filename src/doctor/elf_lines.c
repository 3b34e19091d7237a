/* Address -> function, file, line for firmware forensics: the function
 * from the ELF symbol table (libelf; works without -g), the file and line
 * from the DWARF line table (libdw).  Thumb addresses have bit 0 set in
 * function symbols (ELF for the ARM Architecture §5.5.3): ignored. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <gelf.h>
#include <libelf.h>

#include "doctor/doctor_internal.h"

struct elf_func {
    uint32_t start, size;
    char *name;
};

struct elf_lines {
    int fd;
    Elf *elf;
    Dwarf *dw;              /* NULL without debug info */
    struct elf_func *funcs;
    size_t n_funcs;
};

static void load_functions(struct elf_lines *e)
{
    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(e->elf, scn)) != NULL) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
            continue;
        Elf_Data *data = elf_getdata(scn, NULL);
        if (!data)
            continue;
        size_t n = sh.sh_size / sh.sh_entsize;
        struct elf_func *f = calloc(n ? n : 1, sizeof *f);
        if (!f)
            return;
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            GElf_Sym sym;
            if (!gelf_getsym(data, (int)i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
                sym.st_shndx == SHN_UNDEF)
                continue;
            const char *name = elf_strptr(e->elf, sh.sh_link, sym.st_name);
            if (!name || !*name)
                continue;
            f[k].start = (uint32_t)sym.st_value & ~1u;
            f[k].size = (uint32_t)sym.st_size;
            f[k].name = strdup(name);
            if (f[k].name)
                k++;
        }
        e->funcs = f;
        e->n_funcs = k;
        return;   /* one symbol table per executable */
    }
}

struct elf_lines *elf_lines_open(const char *path, char *err, size_t errlen)
{
    if (elf_version(EV_CURRENT) == EV_NONE) {
        snprintf(err, errlen, "libelf: %s", elf_errmsg(-1));
        return NULL;
    }
    struct elf_lines *e = calloc(1, sizeof *e);
    if (!e) {
        snprintf(err, errlen, "no memory");
        return NULL;
    }
    e->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (e->fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        free(e);
        return NULL;
    }
    e->elf = elf_begin(e->fd, ELF_C_READ, NULL);
    if (!e->elf || elf_kind(e->elf) != ELF_K_ELF) {
        snprintf(err, errlen, "%s: not an ELF file", path);
        elf_lines_close(e);
        return NULL;
    }
    load_functions(e);
    /* No DWARF is fine: functions still come from the symbols. */
    e->dw = dwarf_begin_elf(e->elf, DWARF_C_READ, NULL);
    if (!e->dw && e->n_funcs == 0) {
        snprintf(err, errlen, "%s: no symbols and no debug information", path);
        elf_lines_close(e);
        return NULL;
    }
    return e;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

bool elf_lines_lookup(struct elf_lines *e, uint32_t addr, char *function, size_t flen,
                      char *file, size_t filelen, unsigned *line)
{
    if (!e)
        return false;
    addr &= ~1u;
    if (flen)
        function[0] = '\0';
    if (filelen)
        file[0] = '\0';
    *line = 0;
    bool found = false;
    for (size_t i = 0; i < e->n_funcs; i++) {
        const struct elf_func *f = &e->funcs[i];
        if (addr >= f->start && addr < f->start + (f->size ? f->size : 2u)) {
            snprintf(function, flen, "%s", f->name);
            found = true;
            break;
        }
    }
    Dwarf_Die cu;
    if (e->dw && dwarf_addrdie(e->dw, addr, &cu)) {
        /* The innermost function around addr: with -O2 a CubeMX-style
         * MX_GPIO_Init is often inlined into main, and the name the user
         * wrote is the one to report. */
        Dwarf_Die *scopes = NULL;
        int n = dwarf_getscopes(&cu, addr, &scopes);
        for (int i = 0; i < n; i++) {
            int tag = dwarf_tag(&scopes[i]);
            if (tag != DW_TAG_subprogram && tag != DW_TAG_inlined_subroutine)
                continue;
            const char *name = dwarf_diename(&scopes[i]);
            if (name && flen) {
                snprintf(function, flen, "%s", name);
                found = true;
            }
            break;
        }
        free(scopes);
        Dwarf_Line *l = dwarf_getsrc_die(&cu, addr);
        int lineno = 0;
        const char *src = l ? dwarf_linesrc(l, NULL, NULL) : NULL;
        if (l && src && dwarf_lineno(l, &lineno) == 0 && lineno > 0) {
            /* The file name as the user knows it ("main.c"): the build's
             * absolute directory only makes the message long. */
            snprintf(file, filelen, "%s", base_name(src));
            *line = (unsigned)lineno;
            found = true;
        }
    }
    return found;
}

void elf_lines_close(struct elf_lines *e)
{
    if (!e)
        return;
    if (e->dw)
        dwarf_end(e->dw);
    if (e->elf)
        elf_end(e->elf);
    if (e->fd >= 0)
        close(e->fd);
    for (size_t i = 0; i < e->n_funcs; i++)
        free(e->funcs[i].name);
    free(e->funcs);
    free(e);
}
