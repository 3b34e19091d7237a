/* Handlers of the subcommands, one file each (cmd_<name>.c). */
#ifndef SD_CLI_COMMANDS_H
#define SD_CLI_COMMANDS_H

#include "cli.h"

int cli_cmd_list(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_info(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_flash(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_verify(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_read(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_erase(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_reset(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_option_bytes(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_rdp(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_doctor(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_recover(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_gdbserver(struct cli_ctx *ctx, int argc, char **argv);
int cli_cmd_help(struct cli_ctx *ctx, int argc, char **argv);

#endif
