#ifndef SD_CLI_PROGRESS_H
#define SD_CLI_PROGRESS_H

#include "cli.h"

struct cli_progress {
    struct cli_ctx *ctx;
    const char *phase;
    double start;
    int last_decile;
    int tty, quiet;
};

void cli_progress_init(struct cli_progress *p, struct cli_ctx *ctx);
/* An sd_progress_fn; user is the struct cli_progress. */
void cli_progress_cb(void *user, const char *phase, uint64_t done, uint64_t total);
void cli_progress_end(struct cli_progress *p);

#endif
