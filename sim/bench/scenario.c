/* Scenario loader: JSON (jansson) -> struct sim_scenario (scenario.h).
 *
 * Each error names the key by its path ("probes[1].board.nrst") and says
 * what was expected, because a scenario author has no other way to find
 * out why the bench shows no probe. */
#include "bench/scenario.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sane bounds for numbers a scenario may give. */
#define VDD_MAX_MV       5000u   /* nothing on an STM32 board goes above 5 V */
#define SWD_MAX_KHZ      100000u
#define UPTIME_MAX_MS    (24u * 3600u * 1000u)

struct parser {
    char *err;
    size_t errlen;
    char path[128]; /* key prefix: "probe." or "probes[2]." */
};

static int fail(struct parser *ps, const char *section, const char *key,
                const char *fmt, ...)
{
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(ps->err, ps->errlen, "%s%s%s%s: %s", ps->path, section,
             key ? "." : "", key ? key : "", what);
    return -1;
}

const char *sim_probe_model_name(enum sim_probe_model m)
{
    switch (m) {
    case SIM_PROBE_V2: return "v2";
    case SIM_PROBE_V2_1: return "v2-1";
    case SIM_PROBE_V3: return "v3";
    }
    return "?";
}

/* Firmware each model reports unless the scenario says otherwise: recent
 * ST releases for each generation (stlink-protocol.md §2, §6.4). */
static const struct {
    const char *name;
    enum sim_probe_model model;
    const char *firmware;
} models[] = {
    { .name = "v2",   .model = SIM_PROBE_V2,   .firmware = "V2J37S7" },
    { .name = "v2-1", .model = SIM_PROBE_V2_1, .firmware = "V2J40M27" },
    { .name = "v3",   .model = SIM_PROBE_V3,   .firmware = "V3J7M3" },
};

static int check_keys(struct parser *ps, const char *section, json_t *obj,
                      const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        (void)v;
        bool ok = false;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(*a, key) == 0)
                ok = true;
        if (!ok)
            return fail(ps, section, key, "unknown key");
    }
    return 0;
}

static int get_bool(struct parser *ps, const char *sec, json_t *o,
                    const char *key, bool *out)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    if (!json_is_boolean(v))
        return fail(ps, sec, key, "expected true or false");
    *out = json_is_true(v);
    return 0;
}

static int get_uint(struct parser *ps, const char *sec, json_t *o,
                    const char *key, uint64_t min, uint64_t max, uint64_t *out)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 ||
        (uint64_t)json_integer_value(v) < min ||
        (uint64_t)json_integer_value(v) > max)
        return fail(ps, sec, key, "expected an integer in %llu..%llu",
                    (unsigned long long)min, (unsigned long long)max);
    *out = (uint64_t)json_integer_value(v);
    return 0;
}

static int get_string(struct parser *ps, const char *sec, json_t *o,
                      const char *key, char *out, size_t outlen)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    if (!json_is_string(v))
        return fail(ps, sec, key, "expected a string");
    if (json_string_length(v) >= outlen)
        return fail(ps, sec, key, "expected a string of at most %zu characters",
                    outlen - 1);
    memcpy(out, json_string_value(v), json_string_length(v) + 1);
    return 0;
}

/* A string that must be one of `names`; *out gets its index. */
static int get_enum(struct parser *ps, const char *sec, json_t *o,
                    const char *key, const char *const *names, int *out)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    char list[128] = "";
    for (const char *const *n = names; *n; n++) {
        if (json_is_string(v) && strcmp(json_string_value(v), *n) == 0) {
            *out = (int)(n - names);
            return 0;
        }
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s\"%s\"",
                 n == names ? "" : ", ", *n);
    }
    return fail(ps, sec, key, "expected one of %s", list);
}

static int parse_probe(struct parser *ps, json_t *o, struct sim_scenario_probe *sp,
                       size_t index)
{
    static const char *const keys[] = { "model", "firmware", "serial", "clone",
        "usb_fault_rate", "usb_access", "unplug_after_transfers", NULL };
    static const char *const model_names[] = { "v2", "v2-1", "v3", NULL };
    static const char *const access_names[] = { "ok", "denied", "busy", NULL };
    const char *sec = "probe";

    /* Defaults: a genuine V2 with a serial unique to its index. */
    sp->probe.model = SIM_PROBE_V2;
    snprintf(sp->probe.serial, sizeof sp->probe.serial,
             "37FF6B06304E4B3238%06zu", index + 1);
    if (!o)
        goto defaults;
    if (!json_is_object(o))
        return fail(ps, sec, NULL, "expected an object");
    if (check_keys(ps, sec, o, keys))
        return -1;
    int model = 0, access = 0;
    if (get_enum(ps, sec, o, "model", model_names, &model))
        return -1;
    sp->probe.model = models[model].model;
    if (get_string(ps, sec, o, "firmware", sp->probe.firmware,
                   sizeof sp->probe.firmware) ||
        get_string(ps, sec, o, "serial", sp->probe.serial,
                   sizeof sp->probe.serial) ||
        get_bool(ps, sec, o, "clone", &sp->probe.clone) ||
        get_enum(ps, sec, o, "usb_access", access_names, &access) ||
        get_uint(ps, sec, o, "unplug_after_transfers", 0, UINT32_MAX,
                 &sp->unplug_after_transfers))
        return -1;
    sp->usb_access = (enum sim_usb_access)access;
    json_t *rate = json_object_get(o, "usb_fault_rate");
    if (rate) {
        if (!json_is_number(rate) || json_number_value(rate) < 0.0 ||
            json_number_value(rate) > 1.0)
            return fail(ps, sec, "usb_fault_rate", "expected a number in 0..1");
        sp->usb_fault_rate = json_number_value(rate);
    }
    if (sp->probe.firmware[0]) {
        /* "V2J37S7": V<hw>J<jtag>... as GET_VERSION prints it (§2.2). */
        char want = sp->probe.model == SIM_PROBE_V3 ? '3' : '2';
        if (sp->probe.firmware[0] != 'V' || sp->probe.firmware[1] != want ||
            sp->probe.firmware[2] != 'J')
            return fail(ps, sec, "firmware",
                        "expected a version like \"%s\" for model \"%s\"",
                        models[model].firmware, models[model].name);
    }
defaults:
    if (!sp->probe.firmware[0])
        snprintf(sp->probe.firmware, sizeof sp->probe.firmware, "%s",
                 models[sp->probe.model].firmware);
    return 0;
}

/* Remove "." and "dir/.." components in place, so messages and the
 * board see /a/firmware/x.elf rather than /a/scenarios/../firmware/x.elf
 * even when the file does not exist yet. */
static void normalise_lexically(char *path)
{
    char out[PATH_MAX + 4096] = "";
    size_t len = 0;
    for (char *save = NULL, *c = strtok_r(path, "/", &save); c;
         c = strtok_r(NULL, "/", &save)) {
        if (strcmp(c, ".") == 0)
            continue;
        if (strcmp(c, "..") == 0) {
            char *slash = strrchr(out, '/');
            len = slash ? (size_t)(slash - out) : 0;
            out[len] = '\0';
            continue;
        }
        len += (size_t)snprintf(out + len, sizeof out - len, "/%s", c);
        if (len >= sizeof out)
            return;
    }
    strcpy(path, len ? out : "/");
}

static int resolve_path(struct parser *ps, const char *base_dir, char *path,
                        size_t len)
{
    if (!path[0])
        return 0;
    char joined[PATH_MAX + 4096];
    if (path[0] == '/')
        snprintf(joined, sizeof joined, "%s", path);
    else
        snprintf(joined, sizeof joined, "%s/%s", base_dir ? base_dir : ".", path);
    char real[PATH_MAX];
    /* Resolve symlinks when the file exists; otherwise keep the path (made
     * tidy) so the board's error names the file that is missing. */
    const char *use = joined;
    if (realpath(joined, real))
        use = real;
    else if (joined[0] == '/')
        normalise_lexically(joined);
    if (strlen(use) >= len)
        return fail(ps, "board", "firmware", "path too long");
    snprintf(path, len, "%s", use);
    return 0;
}

static int parse_board(struct parser *ps, json_t *o, const char *base_dir,
                       struct sim_board_config *b)
{
    static const char *const keys[] = { "part", "powered", "vdd_mv",
        "swd_max_khz", "swdio_connected", "nrst", "boot0", "supply",
        "firmware", "uptime_ms", NULL };
    static const char *const nrst_names[] = { "wired", "unconnected",
                                              "stuck_low", NULL };
    /* Index i of supply_names is supply_values[i] (H7 helper: "bypass",
     * "smps-ldo" added). */
    static const char *const supply_names[] = { "ldo", "smps", "bypass", "smps-ldo", NULL };
    static const enum sim_supply supply_values[] = { SIM_SUPPLY_LDO, SIM_SUPPLY_SMPS,
                                                     SIM_SUPPLY_BYPASS, SIM_SUPPLY_SMPS_LDO };
    const char *sec = "board";

    b->powered = true;
    b->vdd_mv = 3300;
    b->swd_max_khz = 24000; /* short, clean wiring carries any ST-LINK clock */
    b->swdio_connected = true;
    b->nrst = SIM_NRST_WIRED;
    b->supply = SIM_SUPPLY_DEFAULT;
    b->uptime_ms = 1000;
    if (!o)
        return fail(ps, sec, NULL, "missing (a board needs at least \"part\")");
    if (!json_is_object(o))
        return fail(ps, sec, NULL, "expected an object");
    if (check_keys(ps, sec, o, keys))
        return -1;
    if (!json_object_get(o, "part"))
        return fail(ps, sec, "part", "missing (expected a part name such as \"STM32F407VG\")");
    uint64_t vdd = b->vdd_mv, khz = b->swd_max_khz, boot0 = 0,
             uptime = b->uptime_ms;
    int nrst = 0, supply = -1;
    if (get_string(ps, sec, o, "part", b->part, sizeof b->part) ||
        get_bool(ps, sec, o, "powered", &b->powered) ||
        get_uint(ps, sec, o, "vdd_mv", 0, VDD_MAX_MV, &vdd) ||
        get_uint(ps, sec, o, "swd_max_khz", 1, SWD_MAX_KHZ, &khz) ||
        get_bool(ps, sec, o, "swdio_connected", &b->swdio_connected) ||
        get_enum(ps, sec, o, "nrst", nrst_names, &nrst) ||
        get_uint(ps, sec, o, "boot0", 0, 1, &boot0) ||
        get_enum(ps, sec, o, "supply", supply_names, &supply) ||
        get_string(ps, sec, o, "firmware", b->firmware, sizeof b->firmware) ||
        get_uint(ps, sec, o, "uptime_ms", 0, UPTIME_MAX_MS, &uptime))
        return -1;
    if (!b->part[0])
        return fail(ps, sec, "part", "expected a part name such as \"STM32F407VG\"");
    b->vdd_mv = (unsigned)vdd;
    b->swd_max_khz = (unsigned)khz;
    b->boot0 = (int)boot0;
    b->uptime_ms = (unsigned)uptime;
    b->nrst = (enum sim_nrst_wiring)nrst;
    if (supply >= 0)
        b->supply = supply_values[supply];
    return resolve_path(ps, base_dir, b->firmware, sizeof b->firmware);
}

static int parse_chip(struct parser *ps, json_t *o, struct sim_board_config *b)
{
    static const char *const keys[] = { "rdp", "wrp_sectors", "dbgmcu_cr", "tzen",
                                        NULL };
    const char *sec = "chip";
    if (!o)
        return 0;
    if (!json_is_object(o))
        return fail(ps, sec, NULL, "expected an object");
    if (check_keys(ps, sec, o, keys))
        return -1;
    uint64_t rdp = 0, dbg = 0;
    if (get_uint(ps, sec, o, "rdp", 0, 2, &rdp) ||
        get_uint(ps, sec, o, "dbgmcu_cr", 0, UINT32_MAX, &dbg))
        return -1;
    b->rdp = (int)rdp;
    b->dbgmcu_cr = (uint32_t)dbg;
    /* "tzen": L5/U5 TrustZone on in the factory option bytes (added with
     * the L5/U5 model; other parts ignore it). */
    if (get_bool(ps, sec, o, "tzen", &b->tzen))
        return -1;
    json_t *wrp = json_object_get(o, "wrp_sectors");
    if (wrp) {
        if (!json_is_array(wrp) || json_array_size(wrp) > SIM_MAX_WRP)
            return fail(ps, sec, "wrp_sectors",
                        "expected an array of at most %d sector numbers", SIM_MAX_WRP);
        size_t i;
        json_t *s;
        json_array_foreach(wrp, i, s) {
            if (!json_is_integer(s) || json_integer_value(s) < 0 ||
                json_integer_value(s) >= SIM_MAX_WRP)
                return fail(ps, sec, "wrp_sectors",
                            "expected sector numbers in 0..%d (item %zu)",
                            SIM_MAX_WRP - 1, i);
            b->wrp_sectors[i] = (unsigned)json_integer_value(s);
        }
        b->n_wrp_sectors = json_array_size(wrp);
    }
    return 0;
}

static int parse_entry(struct parser *ps, json_t *o, const char *base_dir,
                       struct sim_scenario_probe *sp, size_t index,
                       bool top_level)
{
    static const char *const keys[] = { "probe", "board", "chip", NULL };
    static const char *const top_keys[] = { "probe", "board", "chip", "seed",
                                            NULL };
    if (!json_is_object(o)) {
        snprintf(ps->err, ps->errlen, "%s: expected an object",
                 ps->path[0] ? ps->path : "(top level)");
        return -1;
    }
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        (void)v;
        bool ok = false;
        for (const char *const *a = top_level ? top_keys : keys; *a; a++)
            if (strcmp(*a, key) == 0)
                ok = true;
        if (!ok) {
            snprintf(ps->err, ps->errlen, "%s%s: unknown key%s", ps->path, key,
                     top_level ? " (expected \"probe\", \"board\", \"chip\" or \"probes\")" : "");
            return -1;
        }
    }
    if (parse_probe(ps, json_object_get(o, "probe"), sp, index) ||
        parse_board(ps, json_object_get(o, "board"), base_dir, &sp->board) ||
        parse_chip(ps, json_object_get(o, "chip"), &sp->board))
        return -1;
    return 0;
}

int sim_scenario_parse(const char *text, const char *base_dir,
                       struct sim_scenario *sc, char *err, size_t errlen)
{
    struct parser ps = { .err = err, .errlen = errlen };
    memset(sc, 0, sizeof *sc);
    json_error_t jerr;
    json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        snprintf(err, errlen, "line %d, column %d: %s", jerr.line, jerr.column,
                 jerr.text);
        return -1;
    }
    int rc = -1;
    if (!json_is_object(root)) {
        snprintf(err, errlen, "(top level): expected an object");
        goto out;
    }
    uint64_t seed = 1;
    json_t *sv = json_object_get(root, "seed");
    if (sv) {
        if (!json_is_integer(sv) || json_integer_value(sv) < 0) {
            snprintf(err, errlen, "seed: expected a non-negative integer");
            goto out;
        }
        seed = (uint64_t)json_integer_value(sv);
    }
    sc->seed = seed;
    json_t *probes = json_object_get(root, "probes");
    if (probes) {
        if (json_object_size(root) != 1 + (sv != NULL)) {
            snprintf(err, errlen, "probes: expected \"probes\" alone, not with "
                     "\"probe\", \"board\" or \"chip\" at the top level");
            goto out;
        }
        /* An empty array is a desk with no probe plugged in: the bench
         * then shows no ST-LINK on the USB bus (probe-not-found). */
        if (!json_is_array(probes) ||
            json_array_size(probes) > SIM_SCENARIO_MAX_PROBES) {
            snprintf(err, errlen, "probes: expected an array of 0..%d objects",
                     SIM_SCENARIO_MAX_PROBES);
            goto out;
        }
        size_t i;
        json_t *e;
        json_array_foreach(probes, i, e) {
            snprintf(ps.path, sizeof ps.path, "probes[%zu].", i);
            if (parse_entry(&ps, e, base_dir, &sc->p[i], i, false))
                goto out;
        }
        sc->n_probes = json_array_size(probes);
    } else {
        if (parse_entry(&ps, root, base_dir, &sc->p[0], 0, true))
            goto out;
        sc->n_probes = 1;
    }
    rc = 0;
out:
    json_decref(root);
    return rc;
}

int sim_scenario_load(const char *path, struct sim_scenario *sc, char *err,
                      size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char *text = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *n = realloc(text, cap);
            if (!n) {
                free(text);
                fclose(f);
                snprintf(err, errlen, "%s: out of memory", path);
                return -1;
            }
            text = n;
        }
        size_t got = fread(text + len, 1, 4096, f);
        len += got;
        if (got < 4096)
            break;
    }
    fclose(f);
    text[len] = '\0';

    char dir[PATH_MAX];
    char real[PATH_MAX];
    const char *abs = realpath(path, real) ? real : path;
    snprintf(dir, sizeof dir, "%s", abs);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        snprintf(dir, sizeof dir, ".");

    char inner[512];
    int rc = sim_scenario_parse(text, dir, sc, inner, sizeof inner);
    free(text);
    if (rc)
        snprintf(err, errlen, "%s: %s", path, inner);
    return rc;
}
