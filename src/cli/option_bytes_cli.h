/* What `option-bytes set` and `rdp set` share: the consent flags, the
 * old -> new lines, the refusal that explains the consequence. */
#ifndef SD_CLI_OPTION_BYTES_CLI_H
#define SD_CLI_OPTION_BYTES_CLI_H

#include "cli.h"

struct cli_consent {
    bool yes;          /* --yes: the change erases the flash */
    bool irreversible; /* --irreversible: the change cannot be undone */
};

/* cli_parse_command_options callback for --yes / --irreversible (user:
 * struct cli_consent). */
int cli_consent_option(struct cli_ctx *ctx, int opt, const char *arg, void *user);
unsigned cli_consent_flags(const struct cli_consent *c);

/* Print "  FIELD: old -> new" for every change (text mode), and record the
 * plan in the JSON result. */
void cli_show_plan(struct cli_ctx *ctx, const struct sd_ob_plan *plan);

/* If the plan needs consent the flags do not give: explain the
 * consequence, name the flag, return the exit code (nothing is written).
 * Otherwise -1. */
int cli_refuse_without_consent(struct cli_ctx *ctx, const struct sd_ob_plan *plan,
                               const struct cli_consent *c);

#endif
