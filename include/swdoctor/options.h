/* Option bytes and read-out protection of an attached target.
 *
 *     struct sd_option_bytes ob;
 *     if (sd_option_bytes_read(t, &ob) == SD_OK)
 *         for (unsigned i = 0; i < ob.count; i++)
 *             printf("%s = %s\n", ob.field[i].name, ob.field[i].text);
 *
 *     const char *set[] = { "BOR_LEV=3" };
 *     sd_option_bytes_write(t, set, 1, 0, NULL);
 *     sd_rdp_set(t, 0, SD_CONFIRM_ERASE);   // level 1 -> 0 erases the flash
 *
 * Field names are the reference manual's (RDP, BOR_LEV, nWRP, nBOOT0...).
 * Writing makes the chip load the new values (OBL_LAUNCH or a reset, as the
 * family does it); the library then reconnects (under reset if a plain
 * connection fails) and reads them back: SD_OK means the chip holds them. */
#ifndef SWDOCTOR_OPTIONS_H
#define SWDOCTOR_OPTIONS_H

#include <stdint.h>

#include <swdoctor/target.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SD_OB_NAME_MAX 24
#define SD_OB_TEXT_MAX 32
#define SD_OB_MAX_FIELDS 64
#define SD_OB_REASON_MAX 512

enum sd_ob_kind {
    SD_OB_NUMBER, /* shown in hex */
    SD_OB_BOOL,   /* one bit */
    SD_OB_RDP,    /* the read-out protection byte; rdp_level says its level */
};

struct sd_ob_field {
    char name[SD_OB_NAME_MAX];   /* "BOR_LEV" */
    uint32_t value;
    unsigned width;              /* bits */
    enum sd_ob_kind kind;
    int rdp_level;               /* SD_OB_RDP: 0, 1, 2; otherwise -1 */
    char text[SD_OB_TEXT_MAX];   /* the value as shown: "0xAA (level 0)", "1", "0x3" */
    const char *doc;             /* one line: what the field does (static) */
};

struct sd_option_bytes {
    unsigned count;
    struct sd_ob_field field[SD_OB_MAX_FIELDS];
    int rdp_level;               /* 0, 1, 2 */
};

/* Read and decode the option bytes.  SD_ERR_NOT_SUPPORTED if the chip's
 * flash driver has no option-byte support. */
int sd_option_bytes_read(struct sd_target *t, struct sd_option_bytes *ob);

/* What a set of changes would do, worked out before anything is written. */
struct sd_ob_change {
    char name[SD_OB_NAME_MAX];
    uint32_t old_value, new_value;
    char old_text[SD_OB_TEXT_MAX], new_text[SD_OB_TEXT_MAX];
};
struct sd_ob_plan {
    unsigned count;                  /* fields whose value changes */
    struct sd_ob_change change[SD_OB_MAX_FIELDS];
    int rdp_old, rdp_new;            /* levels */
    int erases_flash;                /* RDP 1 -> 0: the chip mass-erases */
    int irreversible;                /* needs SD_CONFIRM_IRREVERSIBLE */
    char consequence[SD_OB_REASON_MAX]; /* what the erase / the irreversible change does */
};

/* Flags for the writes: the caller's explicit consent. */
#define SD_CONFIRM_ERASE        1u /* RDP 1 -> 0, which erases the whole flash */
#define SD_CONFIRM_IRREVERSIBLE 2u /* RDP 2, or settings that lock the user out */

/* Parse `assignments` ("FIELD=VALUE", case-insensitive names, decimal or
 * 0x hex) against the chip's fields and say what would change; nothing is
 * written.  SD_ERR_INVALID_ARG with the reason (unknown field and the
 * valid names, value out of range) in the session's detail. */
int sd_option_bytes_plan(struct sd_target *t, const char *const *assignments, unsigned n,
                         struct sd_ob_plan *plan);

/* Plan, then write the changes unless they need consent `confirm` lacks:
 * SD_ERR_REFUSED (nothing written; the detail explains the consequence).
 * `plan` (may be NULL) receives the plan in every case. */
int sd_option_bytes_write(struct sd_target *t, const char *const *assignments, unsigned n,
                          unsigned confirm, struct sd_ob_plan *plan);

/* The read-out protection level (0, 1, 2) and the raw RDP value. */
int sd_rdp_get(struct sd_target *t, int *level, uint32_t *value);

/* Change the level: 1 -> 0 needs SD_CONFIRM_ERASE, 2 needs
 * SD_CONFIRM_IRREVERSIBLE (SD_ERR_REFUSED otherwise, nothing written).
 * Setting the current level writes nothing. */
int sd_rdp_set(struct sd_target *t, int level, unsigned confirm, struct sd_ob_plan *plan);

#ifdef __cplusplus
}
#endif
#endif
