/* `swdoctor --help`, `swdoctor help CMD`, `swdoctor --version`. */
#include <string.h>

#include "cli.h"
#include "commands.h"

static const char global_options_text[] =
    "Global options (before or after the command):\n"
    "      --probe SERIAL     use this probe (a unique prefix of its serial is enough)\n"
    "      --speed KHZ        SWD/JTAG clock; the nearest supported value not above it\n"
    "      --transport swd|jtag\n"
    "                         debug protocol (default swd)\n"
    "      --connect normal|under-reset|hot-plug\n"
    "                         under-reset holds NRST low while connecting (for firmware\n"
    "                         that disables debug or sleeps); hot-plug attaches without\n"
    "                         resetting or halting the target\n"
    "      --json             print one JSON document with the result\n"
    "  -q, --quiet            only errors\n"
    "  -v, --verbose          say what is being done; -vv also traces every ST-LINK command\n"
    "  -h, --help             this help; `swdoctor help COMMAND` for one command\n"
    "      --version          print the version\n";

static const char exit_codes_text[] =
    "Exit status:\n"
    "  0  success (for doctor: no problem found)\n"
    "  1  the operation failed, or the doctor found a problem\n"
    "  2  usage error (bad option or argument, several probes and no --probe)\n"
    "  3  no usable probe (none connected, no permission, in use by another program);\n"
    "     doctor reports that as a finding and exits 1\n";

void cli_print_overview(FILE *out)
{
    fprintf(out,
            "Usage: swdoctor [OPTIONS] COMMAND [ARGS]\n"
            "\n"
            "Program, debug, recover and diagnose STM32 microcontrollers through ST-LINK\n"
            "probes (V2, V2-1, V3) over SWD or JTAG. When a board cannot be reached,\n"
            "`swdoctor doctor` measures why and says how to fix it.\n"
            "\n"
            "Commands:\n");
    for (size_t i = 0; i < cli_command_count; i++)
        fprintf(out, "  %-14s %s\n", cli_commands[i].name, cli_commands[i].summary);
    fprintf(out, "\n%s\n%s\n", global_options_text, exit_codes_text);
    fprintf(out,
            "Examples:\n"
            "  swdoctor list\n"
            "  swdoctor info\n"
            "  swdoctor flash build/app.elf\n"
            "  swdoctor doctor\n"
            "  swdoctor recover\n"
            "\n"
            "See swdoctor(1) and `swdoctor help COMMAND`.\n");
}

static void print_indented(FILE *out, const char *text, const char *indent)
{
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        fprintf(out, "%s%.*s\n", indent, (int)len, p);
        p += len + (nl ? 1 : 0);
    }
}

void cli_print_command_help(FILE *out, const struct cli_command *cmd)
{
    fprintf(out, "Usage: swdoctor %s%s%s\n\n", cmd->name,
            cmd->usage && cmd->usage[0] ? " " : "", cmd->usage ? cmd->usage : "");
    fprintf(out, "%s\n", cmd->help);
    if (cmd->options)
        fprintf(out, "Options:\n%s\n", cmd->options);
    fprintf(out, "%s\n", global_options_text);
    if (cmd->examples) {
        fprintf(out, "Examples:\n");
        print_indented(out, cmd->examples, "  ");
        fprintf(out, "\n");
    }
    fprintf(out, "%s", exit_codes_text);
}

void cli_print_version(FILE *out)
{
    fprintf(out, "swdoctor %s (library %s)\n", SWDOCTOR_VERSION_STRING, sd_version());
}

int cli_cmd_help(struct cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2) {
        cli_print_overview(ctx->out);
        return CLI_EXIT_OK;
    }
    if (argc > 2)
        return cli_usage_error(ctx, "expected one command name, got %d arguments", argc - 1);
    const struct cli_command *cmd = cli_find_command(argv[1]);
    if (!cmd)
        return cli_usage_error(ctx, "no command named '%s'", argv[1]);
    cli_print_command_help(ctx->out, cmd);
    return CLI_EXIT_OK;
}
