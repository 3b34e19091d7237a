/* Option bytes as named fields (see option_bytes.h).  The driver's table
 * names each field as the reference manual does; this file only knows
 * "bits [shift, shift+width) of word N" and the RDP level rule of
 * stm32-families.md §4.1. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "option_bytes.h"

/* Field names are short ("WRP1A_STRT"); longer input is not a name. */
#define OB_NAME_MAX 32
/* More than two edits away is not a typo. */
#define OB_SUGGEST_MAX_EDITS 2

const struct stm32_ob_field *stm32_ob_fields(const struct stm32_chip *c)
{
    const struct stm32_flash_ops *ops = c->part->flash;
    if (ops->ob_fields_for)
        return ops->ob_fields_for(c);
    return ops->ob_fields;
}

size_t stm32_ob_field_count(const struct stm32_ob_field *fields)
{
    size_t n = 0;
    while (fields && fields[n].name)
        n++;
    return n;
}

uint32_t stm32_ob_field_max(const struct stm32_ob_field *f)
{
    return f->width >= 32 ? 0xFFFFFFFFu : (1u << f->width) - 1u;
}

uint32_t stm32_ob_get(const struct stm32_ob *ob, const struct stm32_ob_field *f)
{
    return (ob->word[f->word] >> f->shift) & stm32_ob_field_max(f);
}

void stm32_ob_set(struct stm32_ob *ob, const struct stm32_ob_field *f, uint32_t value)
{
    uint32_t mask = stm32_ob_field_max(f) << f->shift;
    ob->word[f->word] = (ob->word[f->word] & ~mask) | ((value << f->shift) & mask);
}

const struct stm32_ob_field *stm32_ob_find(const struct stm32_ob_field *fields, const char *name)
{
    for (const struct stm32_ob_field *f = fields; f && f->name; f++)
        if (!strcasecmp(f->name, name))
            return f;
    return NULL;
}

const struct stm32_ob_field *stm32_ob_rdp_field(const struct stm32_ob_field *fields)
{
    for (const struct stm32_ob_field *f = fields; f && f->name; f++)
        if (f->kind == STM32_OB_RDP)
            return f;
    return NULL;
}

/* Levenshtein distance over lower-cased names (both < OB_NAME_MAX). */
static size_t edits(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la >= OB_NAME_MAX || lb >= OB_NAME_MAX)
        return (size_t)-1;
    size_t row[OB_NAME_MAX + 1];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            bool same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
            size_t best = diag + !same;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *stm32_ob_suggest(const struct stm32_ob_field *fields, const char *name)
{
    const char *best = NULL;
    size_t best_d = OB_SUGGEST_MAX_EDITS + 1;
    for (const struct stm32_ob_field *f = fields; f && f->name; f++) {
        size_t d = edits(name, f->name);
        if (d < best_d)
            best = f->name, best_d = d;
    }
    if (best || !*name)
        return best;
    /* A shortened name ("BOR" for "BOR_LEV"): the one field it starts. */
    size_t len = strlen(name);
    for (const struct stm32_ob_field *f = fields; f && f->name; f++) {
        if (strncasecmp(f->name, name, len))
            continue;
        if (best)
            return NULL; /* ambiguous */
        best = f->name;
    }
    return best;
}

int stm32_ob_rdp_level(const uint32_t rdp_value[3], uint32_t value)
{
    if (value == rdp_value[0])
        return 0;
    if (rdp_value[2] && value == rdp_value[2])
        return 2;
    return 1;
}

bool stm32_ob_rdp_value_for(const uint32_t rdp_value[3], int level, uint32_t *value)
{
    if (level < 0 || level > 2 || (level == 2 && !rdp_value[2]))
        return false;
    *value = rdp_value[level];
    return true;
}

size_t stm32_ob_decode(const struct stm32_ob_field *fields, const uint32_t rdp_value[3],
                       const struct stm32_ob *ob, struct stm32_ob_decoded *out, size_t max)
{
    size_t n = 0;
    for (const struct stm32_ob_field *f = fields; f && f->name; f++, n++) {
        if (n >= max)
            continue;
        uint32_t v = stm32_ob_get(ob, f);
        out[n] = (struct stm32_ob_decoded){
            .field = f, .value = v,
            .rdp_level = f->kind == STM32_OB_RDP ? stm32_ob_rdp_level(rdp_value, v) : -1,
        };
    }
    return n;
}

void stm32_ob_format(const struct stm32_ob_field *f, const uint32_t rdp_value[3], uint32_t value,
                     char *buf, size_t len)
{
    int digits = (f->width + 3) / 4;
    switch (f->kind) {
    case STM32_OB_BOOL:
        snprintf(buf, len, "%u", value);
        break;
    case STM32_OB_RDP:
        snprintf(buf, len, "0x%0*X (level %d)", digits, value, stm32_ob_rdp_level(rdp_value, value));
        break;
    case STM32_OB_NUMBER:
    default:
        snprintf(buf, len, "0x%0*X", digits, value);
        break;
    }
}

/* "a, b, c" of every field name. */
static void list_names(const struct stm32_ob_field *fields, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (const struct stm32_ob_field *f = fields; f && f->name && used < len; f++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? ", " : "", f->name);
}

/* Decimal, or hex with 0x; the whole string, no sign, fits 32 bits. */
static int parse_value(const char *s, uint32_t *out)
{
    if (!*s || *s == '-' || *s == '+' || isspace((unsigned char)*s))
        return -1;
    int base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
        if (!isxdigit((unsigned char)*s))
            return -1;
    }
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, base);
    if (errno || *end || v > 0xFFFFFFFFull)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

int stm32_ob_parse(const struct stm32_ob_field *fields, const char *assignment,
                   const struct stm32_ob_field **field, uint32_t *value, char *err, size_t errlen)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment) {
        snprintf(err, errlen, "'%s': expected FIELD=VALUE, e.g. BOR_LEV=3", assignment);
        return -1;
    }
    char name[OB_NAME_MAX];
    size_t nlen = (size_t)(eq - assignment);
    if (nlen >= sizeof name)
        nlen = sizeof name - 1; /* too long to be a name: reported as unknown */
    memcpy(name, assignment, nlen);
    name[nlen] = '\0';

    const struct stm32_ob_field *f = stm32_ob_find(fields, name);
    if (!f) {
        char names[512];
        list_names(fields, names, sizeof names);
        const char *near = stm32_ob_suggest(fields, name);
        snprintf(err, errlen, "'%s' is not an option-byte field of this chip%s%s%s; its fields are: %s",
                 name, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "", names);
        return -1;
    }
    uint32_t v;
    if (parse_value(eq + 1, &v)) {
        snprintf(err, errlen, "%s: '%s' is not a number (decimal, or hex with 0x)", f->name, eq + 1);
        return -1;
    }
    uint32_t max = stm32_ob_field_max(f);
    if (v > max) {
        snprintf(err, errlen, "%s=%s is out of range: the field is %u bit%s wide (0..%u, 0x0..0x%X)",
                 f->name, eq + 1, f->width, f->width == 1 ? "" : "s", max, max);
        return -1;
    }
    *field = f;
    *value = v;
    return 0;
}

int stm32_ob_apply(const struct stm32_ob_field *fields, const char *const *assignments, size_t n,
                   struct stm32_ob *ob, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        const struct stm32_ob_field *f;
        uint32_t v;
        if (stm32_ob_parse(fields, assignments[i], &f, &v, err, errlen))
            return -1;
        for (size_t j = 0; j < i; j++) {
            const struct stm32_ob_field *g;
            uint32_t w;
            char ignored[8];
            if (!stm32_ob_parse(fields, assignments[j], &g, &w, ignored, sizeof ignored) && g == f) {
                snprintf(err, errlen, "%s is given twice ('%s' and '%s')", f->name, assignments[j],
                         assignments[i]);
                return -1;
            }
        }
        stm32_ob_set(ob, f, v);
    }
    return 0;
}

bool stm32_ob_differs(const struct stm32_ob_field *fields, const struct stm32_ob *a,
                      const struct stm32_ob *b)
{
    for (const struct stm32_ob_field *f = fields; f && f->name; f++)
        if (stm32_ob_get(a, f) != stm32_ob_get(b, f))
            return true;
    return false;
}
