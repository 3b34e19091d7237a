#ifndef SD_CLI_SESSION_TARGET_H
#define SD_CLI_SESSION_TARGET_H

#include "cli.h"

/* Open the probe (--probe) and attach (--speed, --transport, --connect).
 * Reports errors itself; returns the exit code (0 on success). */
int cli_open_target(struct cli_ctx *ctx, struct sd_probe **probe, struct sd_target **target);
void cli_close_target(struct sd_probe *probe, struct sd_target *target);

#endif
