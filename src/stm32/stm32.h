/* The chips layer: which STM32 this is, its memories, and how its flash
 * controller erases and programs.  One flash driver per controller
 * generation (flash_<gen>.c), selected by the part table (chipdb.c). */
#ifndef SD_STM32_H
#define SD_STM32_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arm/arm.h"

/* F1 XL and L4 have 512 pages of 2 KiB, L1 2048 pages of 256 B. */
#define STM32_MAX_SECTORS 4096

struct stm32_chip;

struct stm32_sector {
    uint32_t addr;
    uint32_t size;
    uint16_t id;          /* number the controller uses (SNB, page) */
    uint8_t bank;         /* 0, or 1 for the second bank */
};

/* ---- Option bytes (src/stm32/option_bytes.c decodes, the driver reads
 * and writes).  The driver reads its option registers into words and
 * describes each field as bits of one word; names as in the reference
 * manual ("RDP", "nBOOT0", "BOR_LEV", "nWRP", "WRP1A_STRT"). */
#define STM32_OB_WORDS 16

struct stm32_ob {
    uint32_t word[STM32_OB_WORDS];
};

enum stm32_ob_kind {
    STM32_OB_NUMBER,      /* shown in hex (BOR_LEV, BOOT_ADD0, WRP areas) */
    STM32_OB_BOOL,        /* one bit, shown 0/1 */
    STM32_OB_RDP,         /* the read-protection byte: shown with its level */
};

struct stm32_ob_field {
    const char *name;     /* NULL ends the table */
    uint8_t word;         /* index in stm32_ob.word */
    uint8_t shift, width;
    enum stm32_ob_kind kind;
    const char *doc;      /* one line: what the field does */
};

/* How a flash-controller generation does things.  NULL: not supported. */
struct stm32_flash_ops {
    const char *name;                        /* "STM32F2/F4 (RM0033, RM0090)" */
    /* Fill c->sectors from the part and c->flash_kib. */
    void (*map_sectors)(struct stm32_chip *c);
    int (*unlock)(struct stm32_chip *c);
    int (*lock)(struct stm32_chip *c);
    int (*erase_sector)(struct stm32_chip *c, const struct stm32_sector *s);
    int (*mass_erase)(struct stm32_chip *c);
    /* Program without a loader: the host writes through the debug port. */
    int (*program_direct)(struct stm32_chip *c, uint32_t addr, const uint8_t *data, size_t len);
    /* The loader (loader/loader.h protocol) and what it needs. */
    const uint8_t *loader;
    size_t loader_size;
    uint32_t (*program_unit)(const struct stm32_chip *c); /* bytes per write */
    /* Typical durations, to sleep rather than poll (datasheet figures). */
    unsigned (*erase_time_ms)(const struct stm32_chip *c, const struct stm32_sector *s);
    unsigned mass_erase_time_ms;
    int (*read_protection)(struct stm32_chip *c, int *rdp_level, uint64_t *wrp_protected);
    /* Erased flash reads 0x00 on L0/L1 (false: 0xFF everywhere else). */
    bool erased_zero;

    /* Option bytes.  ob_read: the values the chip loaded.  ob_write:
     * program `ob` and make the chip load it (OBL_LAUNCH or a system
     * reset; the debug connection may drop: the caller reconnects).
     * A regression of RDP to level 0 mass-erases the flash. */
    const struct stm32_ob_field *ob_fields;
    int (*ob_read)(struct stm32_chip *c, struct stm32_ob *ob);
    int (*ob_write)(struct stm32_chip *c, const struct stm32_ob *ob);
    /* Values of the RDP field for levels 0, 1 (what to write) and 2 (0 if
     * the family has no level 2); any value but level 0's and 2's is 1. */
    uint32_t rdp_value[3];
    /* Besides RDP 2, which change of `now` to `want` locks the user out for
     * good (every sector write-protected, boot or debug settings that no
     * debugger can undo)?  A sentence naming the consequence, or NULL. */
    const char *(*ob_irreversible)(const struct stm32_chip *c, const struct stm32_ob *now,
                                   const struct stm32_ob *want);
    /* Added (option-bytes helper, session 2): the field table of this
     * part when it differs within a generation (F40x vs F42x vs F7 OPTCR);
     * NULL: ob_fields for every part.  Use stm32_ob_fields() to get the
     * table (src/stm32/option_bytes.h). */
    const struct stm32_ob_field *(*ob_fields_for)(const struct stm32_chip *c);
    /* Added (F0/F1/F3 helper, session 2): largest loader buffer in bytes;
     * 0: loader_run.c's default (16 KiB).  Where one buffer takes long to
     * program (F1: 2 KiB = 55 ms) small buffers keep the host's transfer of
     * the next one overlapped from the first slot of each run on. */
    uint32_t loader_buf_max;
};

/* A row of the part table: one DEV_ID. */
struct stm32_part {
    uint16_t dev_id;
    const char *name;               /* "STM32F405/407/415/417" */
    const char *family;             /* "F4" */
    const struct stm32_flash_ops *flash;
    uint32_t flash_regs;            /* controller base */
    uint32_t flash_base;
    uint32_t flash_kib_max;         /* when the size register cannot be read */
    uint32_t flash_size_reg;        /* 16-bit KiB */
    uint32_t uid_reg;
    uint32_t sram_kib;              /* contiguous SRAM at 0x20000000 usable by loaders */
    uint32_t largest_sector_kib;    /* F2/F4/F7 geometry: see flash_f2f4.c */
    const void *flash_data;         /* the driver's own row data (page size, banks...) */
};

struct stm32_chip {
    struct arm_target *t;
    const struct stm32_part *part;
    uint32_t idcode;                /* DBGMCU_IDCODE */
    uint32_t cpuid;
    uint32_t flash_kib;
    uint32_t target_mv;             /* for the program parallelism (F2/F4 PSIZE) */
    struct stm32_sector sectors[STM32_MAX_SECTORS];
    unsigned n_sectors;
};

/* Look up a part by DEV_ID; NULL if unknown. */
const struct stm32_part *stm32_find_part(uint16_t dev_id);
/* Every row (for a list of supported chips and tests). */
void stm32_for_each_part(void (*fn)(const struct stm32_part *p, void *user), void *user);

/* Read CPUID, DBGMCU_IDCODE and the flash-size register, fill `c` and its
 * sector map.  SD_ERR_UNKNOWN_CHIP names the DEV_ID read. */
int stm32_identify(struct stm32_chip *c, struct arm_target *t, uint32_t target_mv);

const char *stm32_core_name(uint32_t cpuid);
uint16_t stm32_dev_id(const struct stm32_chip *c);
uint16_t stm32_rev_id(const struct stm32_chip *c);

/* The value erased flash reads as: 0xFF, or 0x00 on L0/L1. */
static inline uint8_t stm32_erased_byte(const struct stm32_chip *c)
{
    return c->part->flash->erased_zero ? 0x00 : 0xFF;
}

/* Sector lookup: the first sector containing addr, or NULL. */
const struct stm32_sector *stm32_sector_at(const struct stm32_chip *c, uint32_t addr);
uint32_t stm32_flash_end(const struct stm32_chip *c);

/* A status bit and what it means ("WRPERR (sector is write-protected)"). */
struct stm32_bit_name {
    uint32_t bit;
    const char *text;
};
/* The texts of the bits set in `value`, comma-separated, into buf. */
void stm32_describe_bits(uint32_t value, const struct stm32_bit_name *bits, size_t n, char *buf,
                         size_t len);

/* Flash controller helpers shared by the drivers: wait for BSY to clear
 * (sleeping `expect_ms` first), reading the status register at `sr`. */
int stm32_wait_idle(struct stm32_chip *c, uint32_t sr_addr, uint32_t busy_mask,
                    unsigned expect_ms, unsigned timeout_ms, uint32_t *sr_out);

/* Program through the driver's RAM loader, double-buffered. */
typedef void (*stm32_progress_fn)(void *user, size_t done, size_t total);
int stm32_program_with_loader(struct stm32_chip *c, uint32_t addr, const uint8_t *data, size_t len,
                              stm32_progress_fn progress, void *user);

/* CRC-32 (common/crc32.h) of [addr, addr+len) computed on the target by a
 * small loader in SRAM; the core is left halted. */
int stm32_target_crc32(struct stm32_chip *c, uint32_t addr, size_t len, uint32_t *crc);

#endif
