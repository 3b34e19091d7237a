/* Progress of long operations: a bar with rate and ETA on a terminal,
 * a plain line per phase and per 10% otherwise; nothing with --json/-q. */
#include <time.h>
#include <unistd.h>

#include "progress.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_init(struct cli_progress *p, struct cli_ctx *ctx)
{
    *p = (struct cli_progress){ .ctx = ctx, .tty = isatty(fileno(ctx->err)),
                                .quiet = ctx->g.json || ctx->g.verbosity < 0 };
}

static void finish_line(struct cli_progress *p)
{
    if (p->phase && p->tty)
        fputc('\n', p->ctx->err);
}

void cli_progress_cb(void *user, const char *phase, uint64_t done, uint64_t total)
{
    struct cli_progress *p = user;
    if (p->quiet)
        return;
    if (phase != p->phase) {
        finish_line(p);
        p->phase = phase;
        p->start = now_s();
        p->last_decile = -1;
    }
    double elapsed = now_s() - p->start;
    double frac = total ? (double)done / (double)total : 1.0;
    int bytes = total > 64; /* erase counts sectors, not bytes */
    if (p->tty) {
        int width = 30, fill = (int)(frac * width);
        fprintf(p->ctx->err, "\r%-8s [", phase);
        for (int i = 0; i < width; i++)
            fputc(i < fill ? '#' : '.', p->ctx->err);
        fprintf(p->ctx->err, "] %3d%%", (int)(frac * 100));
        if (bytes && elapsed > 0.05) {
            double rate = (double)done / 1024.0 / elapsed;
            double eta = rate > 0 ? ((double)(total - done) / 1024.0) / rate : 0;
            fprintf(p->ctx->err, "  %.1f KiB/s  ETA %.0f s ", rate, eta);
        }
        fflush(p->ctx->err);
    } else {
        int decile = (int)(frac * 10);
        if (decile != p->last_decile && (decile % 5 == 0 || done == total)) {
            p->last_decile = decile;
            fprintf(p->ctx->err, "%s: %llu/%llu %s\n", phase, (unsigned long long)done,
                    (unsigned long long)total, bytes ? "bytes" : "sectors");
        }
    }
}

void cli_progress_end(struct cli_progress *p)
{
    if (!p->quiet)
        finish_line(p);
    p->phase = NULL;
}
