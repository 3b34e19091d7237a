/* The last chip each probe reached (last_target.h): a small text file,
 * one line per probe serial:
 *
 *     <serial> <dev_id hex> <family> <when, s since epoch> <part name to end of line>
 *
 * Saving rewrites the file through a temporary and rename(), so a reader
 * never sees half a file.  Every failure is silent: the record is a hint. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doctor/last_target.h"

#define FILE_NAME "last-targets"
#define LINE_MAX_LEN 256
#define MAX_RECORDS 64      /* probes remembered; the oldest beyond this are dropped */
#define DIR_MODE 0700
#define PATH_LEN 4096       /* PATH_MAX on Linux */

/* mkdir -p; true when the directory exists afterwards. */
static bool make_dirs(const char *path)
{
    char buf[PATH_LEN];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
        return false;
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, DIR_MODE) != 0 && errno != EEXIST)
            return false;
        *p = '/';
    }
    return mkdir(buf, DIR_MODE) == 0 || errno == EEXIST;
}

/* $SWDOCTOR_STATE_DIR, else $XDG_STATE_HOME/swdoctor, else
 * ~/.local/state/swdoctor (XDG Base Directory Specification 0.8). */
static bool state_dir(char *out, size_t len)
{
    const char *v = getenv("SWDOCTOR_STATE_DIR");
    int n;
    if (v && *v)
        n = snprintf(out, len, "%s", v);
    else if ((v = getenv("XDG_STATE_HOME")) && *v)
        n = snprintf(out, len, "%s/swdoctor", v);
    else if ((v = getenv("HOME")) && *v)
        n = snprintf(out, len, "%s/.local/state/swdoctor", v);
    else
        return false;
    return n > 0 && (size_t)n < len;
}

static bool file_path(char *out, size_t len)
{
    char dir[PATH_LEN];
    if (!state_dir(dir, sizeof dir))
        return false;
    int n = snprintf(out, len, "%s/" FILE_NAME, dir);
    return n > 0 && (size_t)n < len;
}

/* One line -> record; false for a line that does not parse. */
static bool parse_line(const char *line, struct doctor_last_target *t)
{
    memset(t, 0, sizeof *t);
    unsigned dev_id;
    uint64_t when;
    int used = 0;
    if (sscanf(line, "%63s %x %7s %" SCNu64 " %n", t->probe_serial, &dev_id, t->family, &when,
               &used) != 4 || used == 0)
        return false;
    t->dev_id = (uint16_t)dev_id;
    t->when_s = when;
    snprintf(t->part, sizeof t->part, "%s", line + used);
    t->part[strcspn(t->part, "\r\n")] = '\0';
    return true;
}

static void write_line(FILE *f, const struct doctor_last_target *t)
{
    fprintf(f, "%s %03x %s %" PRIu64 " %s\n", t->probe_serial, t->dev_id,
            t->family[0] ? t->family : "-", t->when_s, t->part);
}

/* A serial with spaces or nothing in it cannot be a key of this file. */
static bool usable_serial(const char *s)
{
    return s && *s && !strpbrk(s, " \t\r\n");
}

void doctor_last_target_save(const struct doctor_last_target *t)
{
    char path[PATH_LEN], tmp[PATH_LEN + 8], dir[PATH_LEN];
    if (!t || !usable_serial(t->probe_serial) || !state_dir(dir, sizeof dir) ||
        !make_dirs(dir) || !file_path(path, sizeof path))
        return;
    if (snprintf(tmp, sizeof tmp, "%s.%ld", path, (long)getpid()) >= (int)sizeof tmp)
        return;
    FILE *out = fopen(tmp, "w");
    if (!out)
        return;
    write_line(out, t);   /* newest first: the file stays ordered by age */
    FILE *in = fopen(path, "r");
    if (in) {
        char line[LINE_MAX_LEN];
        unsigned kept = 1;
        struct doctor_last_target old;
        while (fgets(line, sizeof line, in) && kept < MAX_RECORDS) {
            if (!parse_line(line, &old) || strcmp(old.probe_serial, t->probe_serial) == 0)
                continue;
            write_line(out, &old);
            kept++;
        }
        fclose(in);
    }
    if (fclose(out) != 0 || rename(tmp, path) != 0)
        unlink(tmp);
}

bool doctor_last_target_load(const char *probe_serial, struct doctor_last_target *out)
{
    memset(out, 0, sizeof *out);
    char path[PATH_LEN];
    if (!usable_serial(probe_serial) || !file_path(path, sizeof path))
        return false;
    FILE *in = fopen(path, "r");
    if (!in)
        return false;
    char line[LINE_MAX_LEN];
    struct doctor_last_target t;
    bool found = false;
    while (!found && fgets(line, sizeof line, in))
        if (parse_line(line, &t) && strcmp(t.probe_serial, probe_serial) == 0) {
            *out = t;
            found = true;
        }
    fclose(in);
    return found;
}
