/* Option bytes, generic over every flash-controller generation: the
 * driver describes its fields (struct stm32_ob_field, stm32.h) and moves
 * words in and out of the chip; this module decodes the words into named
 * values, parses `FIELD=VALUE` and applies it, and maps RDP levels to
 * values.  Pure functions (no target access): unit-tested with a fake
 * field table (tests/unit/test_option_bytes.c). */
#ifndef SD_STM32_OPTION_BYTES_H
#define SD_STM32_OPTION_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stm32.h"

/* The field table of this chip (ob_fields_for, else ob_fields); NULL when
 * the driver has no option-byte support. */
const struct stm32_ob_field *stm32_ob_fields(const struct stm32_chip *c);

size_t stm32_ob_field_count(const struct stm32_ob_field *fields);
/* Largest value of a field: 2^width - 1. */
uint32_t stm32_ob_field_max(const struct stm32_ob_field *f);
uint32_t stm32_ob_get(const struct stm32_ob *ob, const struct stm32_ob_field *f);
/* Set a field (value masked to its width); other bits of the word stay. */
void stm32_ob_set(struct stm32_ob *ob, const struct stm32_ob_field *f, uint32_t value);

/* Name lookup, case-insensitive ("bor_lev" finds "BOR_LEV"); NULL if none. */
const struct stm32_ob_field *stm32_ob_find(const struct stm32_ob_field *fields, const char *name);
/* The field of kind STM32_OB_RDP, or NULL. */
const struct stm32_ob_field *stm32_ob_rdp_field(const struct stm32_ob_field *fields);
/* The closest field name within two edits (case-insensitive), or NULL. */
const char *stm32_ob_suggest(const struct stm32_ob_field *fields, const char *name);

/* RDP value -> level with the driver's rdp_value[] (stm32.h): level 0's
 * value is 0, level 2's value (if the family has level 2) is 2, anything
 * else 1 (stm32-families.md §4.1). */
int stm32_ob_rdp_level(const uint32_t rdp_value[3], uint32_t value);
/* Level -> the value to write; false if the family has no such level. */
bool stm32_ob_rdp_value_for(const uint32_t rdp_value[3], int level, uint32_t *value);

/* One decoded field. */
struct stm32_ob_decoded {
    const struct stm32_ob_field *field;
    uint32_t value;
    int rdp_level;       /* for STM32_OB_RDP: 0, 1, 2; otherwise -1 */
};
/* Decode every field of `fields` from `ob` into out[] (at most max);
 * returns the number of fields in the table. */
size_t stm32_ob_decode(const struct stm32_ob_field *fields, const uint32_t rdp_value[3],
                       const struct stm32_ob *ob, struct stm32_ob_decoded *out, size_t max);

/* Format a value as the field kind says: "0xAA (level 0)", "1", "0x3". */
void stm32_ob_format(const struct stm32_ob_field *f, const uint32_t rdp_value[3], uint32_t value,
                     char *buf, size_t len);

/* Parse one "FIELD=VALUE" (decimal or 0x hex value, range-checked against
 * the field's width).  Returns 0, or -1 with a sentence in err: unknown
 * field (valid names listed, "did you mean"), missing '=', bad number,
 * value out of range. */
int stm32_ob_parse(const struct stm32_ob_field *fields, const char *assignment,
                   const struct stm32_ob_field **field, uint32_t *value, char *err, size_t errlen);

/* Parse every assignment and apply them to *ob in order; a field given
 * twice is an error.  Returns 0, or -1 with a sentence in err (ob is then
 * partly changed). */
int stm32_ob_apply(const struct stm32_ob_field *fields, const char *const *assignments, size_t n,
                   struct stm32_ob *ob, char *err, size_t errlen);

/* True when any field of the table differs between a and b (bits outside
 * the fields are ignored). */
bool stm32_ob_differs(const struct stm32_ob_field *fields, const struct stm32_ob *a,
                      const struct stm32_ob *b);

#endif
