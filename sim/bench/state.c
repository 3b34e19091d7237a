/* State file: see state.h for the layout and why it is mmapped. */
#include "bench/state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_ALIGN      4096u
#define STATE_HEADER_LEN STATE_ALIGN

struct state_entry {
    char part[32];
    uint64_t offset;
    uint64_t size;
};

struct state_header {
    char magic[8];
    uint32_t version;
    uint32_t n_boards;
    uint64_t total_len;
    struct state_entry board[SIM_STATE_MAX_BOARDS];
};

_Static_assert(sizeof(struct state_header) <= STATE_HEADER_LEN,
               "state header must fit its page");

static size_t align_up(size_t v)
{
    return (v + STATE_ALIGN - 1) / STATE_ALIGN * STATE_ALIGN;
}

/* Fill a header for the given boards; returns the total file length. */
static size_t layout(struct state_header *h, size_t n,
                     const char *const parts[], const size_t sizes[])
{
    memset(h, 0, sizeof *h);
    memcpy(h->magic, SIM_STATE_MAGIC, sizeof h->magic);
    h->version = SIM_STATE_VERSION;
    h->n_boards = (uint32_t)n;
    size_t off = STATE_HEADER_LEN;
    for (size_t i = 0; i < n; i++) {
        snprintf(h->board[i].part, sizeof h->board[i].part, "%s", parts[i]);
        h->board[i].offset = off;
        h->board[i].size = sizes[i];
        off += align_up(sizes[i]);
    }
    h->total_len = off;
    return off;
}

static void fill_from_header(struct sim_state *st, const struct state_header *h)
{
    st->n_boards = h->n_boards;
    for (size_t i = 0; i < h->n_boards; i++) {
        snprintf(st->part[i], sizeof st->part[i], "%s", h->board[i].part);
        st->nvm[i] = st->base + h->board[i].offset;
        st->nvm_size[i] = h->board[i].size;
    }
}

static int check_header(const struct state_header *h, size_t file_len,
                        const char *path, char *err, size_t errlen)
{
    if (memcmp(h->magic, SIM_STATE_MAGIC, sizeof h->magic) != 0) {
        snprintf(err, errlen, "%s: not a bench state file (bad magic)", path);
        return -1;
    }
    if (h->version != SIM_STATE_VERSION) {
        snprintf(err, errlen, "%s: state file version %u, expected %u", path,
                 h->version, SIM_STATE_VERSION);
        return -1;
    }
    if (h->n_boards == 0 || h->n_boards > SIM_STATE_MAX_BOARDS ||
        h->total_len != file_len) {
        snprintf(err, errlen, "%s: state file header is corrupt", path);
        return -1;
    }
    for (size_t i = 0; i < h->n_boards; i++)
        if (h->board[i].offset < STATE_HEADER_LEN ||
            h->board[i].offset + h->board[i].size > file_len) {
            snprintf(err, errlen, "%s: state file header is corrupt (board %zu)",
                     path, i);
            return -1;
        }
    return 0;
}

static int map_file(struct sim_state *st, int fd, size_t len, const char *path,
                    char *err, size_t errlen)
{
    void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED) {
        snprintf(err, errlen, "%s: mmap: %s", path, strerror(errno));
        return -1;
    }
    st->base = m;
    st->len = len;
    st->mapped = true;
    return 0;
}

static int open_memory(struct sim_state *st, size_t n, const char *const parts[],
                       const size_t sizes[], char *err, size_t errlen)
{
    struct state_header h;
    size_t len = layout(&h, n, parts, sizes);
    st->base = calloc(1, len);
    if (!st->base) {
        snprintf(err, errlen, "out of memory for %zu bytes of chip state", len);
        return -1;
    }
    memcpy(st->base, &h, sizeof h);
    st->len = len;
    st->fresh = true;
    fill_from_header(st, &h);
    return 0;
}

int sim_state_open(struct sim_state *st, const char *path, size_t n,
                   const char *const parts[], const size_t sizes[],
                   char *err, size_t errlen)
{
    memset(st, 0, sizeof *st);
    if (n == 0 || n > SIM_STATE_MAX_BOARDS) {
        snprintf(err, errlen, "state: %zu boards, expected 1..%d", n,
                 SIM_STATE_MAX_BOARDS);
        return -1;
    }
    if (!path || !path[0])
        return open_memory(st, n, parts, sizes, err, errlen);

    struct state_header want;
    size_t len = layout(&want, n, parts, sizes);
    /* O_EXCL first: exactly one process creates and initialises it. */
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    bool created = fd >= 0;
    if (!created && errno == EEXIST)
        fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct stat sb;
    if (created) {
        if (ftruncate(fd, (off_t)len) != 0) {
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
            close(fd);
            unlink(path);
            return -1;
        }
    } else if (fstat(fd, &sb) != 0 || (size_t)sb.st_size != len) {
        /* An empty file (e.g. from mktemp) is a new state file too. */
        if (fstat(fd, &sb) == 0 && sb.st_size == 0 && ftruncate(fd, (off_t)len) == 0) {
            created = true;
        } else {
            snprintf(err, errlen, "%s: state file is %lld bytes, this scenario "
                     "needs %zu (made for another scenario?)", path,
                     (long long)sb.st_size, len);
            close(fd);
            return -1;
        }
    }
    if (map_file(st, fd, len, path, err, errlen)) {
        close(fd);
        return -1;
    }
    close(fd);
    struct state_header *h = (struct state_header *)st->base;
    if (created) {
        /* The magic goes in last (sim_state_commit, once the boards have
         * initialised their areas): a process killed while creating leaves
         * a file without magic, which the next run rejects loudly. */
        st->fresh = true;
        memcpy(h, &want, sizeof want);
        memset(h->magic, 0, sizeof h->magic);
        fill_from_header(st, &want);
        return 0;
    }
    if (check_header(h, len, path, err, errlen))
        goto fail;
    for (size_t i = 0; i < n; i++) {
        if (h->n_boards != n || strcmp(h->board[i].part, want.board[i].part) != 0 ||
            h->board[i].size != want.board[i].size) {
            snprintf(err, errlen, "%s: state file holds %u board(s), board %zu "
                     "\"%s\" of %llu bytes; this scenario has %zu, board %zu "
                     "\"%s\" of %zu bytes", path, h->n_boards, i,
                     i < h->n_boards ? h->board[i].part : "-",
                     i < h->n_boards ? (unsigned long long)h->board[i].size : 0ull,
                     n, i, parts[i], sizes[i]);
            goto fail;
        }
    }
    fill_from_header(st, h);
    return 0;
fail:
    sim_state_close(st);
    return -1;
}

int sim_state_open_existing(struct sim_state *st, const char *path, char *err,
                            size_t errlen)
{
    memset(st, 0, sizeof *st);
    int fd = open(path, O_RDWR | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if ((size_t)sb.st_size < STATE_HEADER_LEN) {
        snprintf(err, errlen, "%s: not a bench state file (too short)", path);
        close(fd);
        return -1;
    }
    int rc = map_file(st, fd, (size_t)sb.st_size, path, err, errlen);
    close(fd);
    if (rc)
        return -1;
    const struct state_header *h = (const struct state_header *)st->base;
    if (check_header(h, st->len, path, err, errlen)) {
        sim_state_close(st);
        return -1;
    }
    fill_from_header(st, h);
    return 0;
}

void sim_state_commit(struct sim_state *st)
{
    if (st->base && st->mapped) {
        struct state_header *h = (struct state_header *)st->base;
        memcpy(h->magic, SIM_STATE_MAGIC, sizeof h->magic);
        msync(st->base, st->len, MS_ASYNC);
    }
}

void sim_state_close(struct sim_state *st)
{
    if (st->base) {
        if (st->mapped)
            munmap(st->base, st->len);
        else
            free(st->base);
    }
    memset(st, 0, sizeof *st);
}
