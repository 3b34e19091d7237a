/* The command table: every subcommand, its help and its handler.  Adding a
 * command is one entry here and one cmd_<name>.c (HACKING.md). */
#include <string.h>

#include "cli.h"
#include "commands.h"

static const struct option flash_options[] = {
    { "base", required_argument, NULL, 'b' },
    { "no-verify", no_argument, NULL, 'V' },
    { "no-reset", no_argument, NULL, 'R' },
    { "erase-all", no_argument, NULL, 'E' },
    { 0, 0, 0, 0 },
};

static const struct option read_options[] = {
    { "output", required_argument, NULL, 'o' },
    { "format", required_argument, NULL, 'f' },
    { 0, 0, 0, 0 },
};

static const struct option erase_options[] = {
    { "all", no_argument, NULL, 'a' },
    { 0, 0, 0, 0 },
};

static const struct option reset_options[] = {
    { "halt", no_argument, NULL, 'H' },
    { "hardware", no_argument, NULL, 'w' },
    { 0, 0, 0, 0 },
};

static const struct option confirm_options[] = {
    { "yes", no_argument, NULL, 'y' },
    { "irreversible", no_argument, NULL, 'I' },
    { 0, 0, 0, 0 },
};

static const struct option doctor_options[] = {
    { "firmware", required_argument, NULL, 'f' },
    { "no-forensics", no_argument, NULL, 'N' },
    { "forensics-ms", required_argument, NULL, 'm' },
    { 0, 0, 0, 0 },
};

static const struct option recover_options[] = {
    { "unlock", no_argument, NULL, 'U' },
    { "keep-firmware", no_argument, NULL, 'K' },
    { 0, 0, 0, 0 },
};

static const struct option gdbserver_options[] = {
    { "port", required_argument, NULL, 'p' },
    { "bind", required_argument, NULL, 'B' },
    { "persist", no_argument, NULL, 'P' },
    { 0, 0, 0, 0 },
};

const struct cli_command cli_commands[] = {
    {
        .name = "list",
        .summary = "list the connected ST-LINK probes",
        .usage = "",
        .help = "Lists every ST-LINK/V2, V2-1 and V3 on the USB bus with its serial number,\n"
                "firmware version and the target voltage it measures. A probe another program\n"
                "holds, or that you have no permission to open, is listed with the reason.\n",
        .examples = "swdoctor list\n"
                    "swdoctor list --json\n",
        .run = cli_cmd_list,
    },
    {
        .name = "info",
        .summary = "show the probe, the chip and its state",
        .usage = "",
        .help = "Connects to the target and prints the probe (model, firmware, target voltage),\n"
                "the chip (part, DEV_ID, revision, core, flash and RAM size), the read-out\n"
                "protection level and the core's state (running, halted, sleeping, locked up).\n"
                "Connecting does not halt or reset the target with --connect hot-plug.\n",
        .examples = "swdoctor info\n"
                    "swdoctor info --connect hot-plug\n"
                    "swdoctor --probe 0669FF info --json\n",
        .run = cli_cmd_info,
    },
    {
        .name = "flash",
        .summary = "program an image into flash and verify it",
        .usage = "FILE",
        .help = "Writes FILE into the chip's flash: raw binary (.bin, needs --base), Intel HEX\n"
                "(.hex, .ihex), Motorola S-record (.srec, .s19, .s28, .s37, .mot) or ELF (.elf,\n"
                "its loadable segments at their physical addresses). The image is checked\n"
                "against the chip's flash before the probe is touched. Only the sectors the\n"
                "image touches are erased; sectors that already hold the image are skipped.\n"
                "Programming runs a flash loader in the chip's RAM while the next block is\n"
                "transferred. The result is verified and the chip reset unless you say not to.\n",
        .options = "  -b, --base ADDR   load address of a raw binary (default 0x08000000)\n"
                   "      --no-verify   do not read back and compare after programming\n"
                   "      --no-reset    leave the core halted after programming\n"
                   "      --erase-all   mass-erase the whole flash first\n",
        .examples = "swdoctor flash build/app.elf\n"
                    "swdoctor flash app.bin --base 0x08004000\n"
                    "swdoctor flash app.hex --erase-all --speed 1800\n"
                    "swdoctor --connect under-reset flash app.elf\n",
        .long_options = flash_options,
        .short_options = "b:",
        .run = cli_cmd_flash,
    },
    {
        .name = "verify",
        .summary = "compare flash with an image",
        .usage = "FILE",
        .help = "Compares the chip's flash with FILE (same formats as flash) without writing\n"
                "anything, and reports the first differing address. Exit code 1 when they\n"
                "differ.\n",
        .options = "  -b, --base ADDR   load address of a raw binary (default 0x08000000)\n",
        .examples = "swdoctor verify build/app.elf\n"
                    "swdoctor verify app.bin --base 0x08000000\n",
        .long_options = flash_options,
        .short_options = "b:",
        .run = cli_cmd_verify,
    },
    {
        .name = "read",
        .summary = "read memory into a file",
        .usage = "ADDR LEN -o FILE",
        .help = "Reads LEN bytes starting at ADDR (flash, RAM or any readable address) and\n"
                "writes them to FILE. Numbers may be decimal or 0x hex; LEN takes K and M\n"
                "suffixes.\n",
        .options = "  -o, --output FILE     where to write (required)\n"
                   "  -f, --format bin|hex  raw binary (default) or Intel HEX with addresses\n",
        .examples = "swdoctor read 0x08000000 1M -o flash.bin\n"
                    "swdoctor read 0x20000000 0x1000 -o ram.hex --format hex\n",
        .long_options = read_options,
        .short_options = "o:f:",
        .run = cli_cmd_read,
    },
    {
        .name = "erase",
        .summary = "erase flash sectors or the whole flash",
        .usage = "--all | ADDR LEN",
        .help = "Erases the sectors (or pages) that cover ADDR..ADDR+LEN, or with --all the\n"
                "whole flash (mass erase). Neighbouring data in the same sectors is erased too;\n"
                "swdoctor says which sectors it erases.\n",
        .options = "  -a, --all   mass erase\n",
        .examples = "swdoctor erase --all\n"
                    "swdoctor erase 0x08020000 128K\n",
        .long_options = erase_options,
        .short_options = "a",
        .run = cli_cmd_erase,
    },
    {
        .name = "reset",
        .summary = "reset the target",
        .usage = "",
        .help = "Resets the chip through the core (AIRCR.SYSRESETREQ) and, with --hardware,\n"
                "by pulling NRST. With --halt the core stops at the first instruction of the\n"
                "reset handler.\n",
        .options = "  -H, --halt       halt at the reset vector\n"
                   "  -w, --hardware   pulse NRST instead of a software reset\n",
        .examples = "swdoctor reset\n"
                    "swdoctor reset --halt\n",
        .long_options = reset_options,
        .short_options = "",
        .run = cli_cmd_reset,
    },
    {
        .name = "option-bytes",
        .summary = "show or change the option bytes",
        .usage = "show | set FIELD=VALUE...",
        .help = "`show` decodes the chip's option bytes into the fields its reference manual\n"
                "names (RDP, BOR_LEV, watchdog, nWRP/WRP, boot selection such as nBOOT0 or\n"
                "BOOT_ADD0, dual-bank bits), with each value and what it means.\n"
                "`set` takes FIELD=VALUE pairs (field names in any case, values decimal or 0x\n"
                "hex, checked against the field's width), prints each change as old -> new,\n"
                "writes them, makes the chip load them (a reset or OBL_LAUNCH) and reads them\n"
                "back. A change that erases the flash (RDP from 1 to 0) needs --yes; one that\n"
                "locks you out (RDP 2, every sector write-protected, execute-only sectors,\n"
                "boot or debug settings no debugger can undo) needs --irreversible. Without\n"
                "the flag nothing is written and the refusal says what would happen.\n",
        .options = "      --yes            confirm a change that erases the flash\n"
                   "      --irreversible   confirm a change that cannot be undone\n",
        .examples = "swdoctor option-bytes show\n"
                    "swdoctor option-bytes show --json\n"
                    "swdoctor option-bytes set BOR_LEV=1\n"
                    "swdoctor option-bytes set nWRP=0xFFD      # write-protect sector 1 (F4)\n"
                    "swdoctor option-bytes set nWRP=0xFFF      # and unprotect it again\n",
        .long_options = confirm_options,
        .short_options = "",
        .run = cli_cmd_option_bytes,
    },
    {
        .name = "rdp",
        .summary = "read or change the read-out protection level",
        .usage = "get | set 0|1|2",
        .help = "Read-out protection: level 0 none; level 1 a debugger can no longer read or\n"
                "write the flash (RAM and registers stay reachable); level 2 the debug port is\n"
                "turned off for good. Going from 1 back to 0 makes the chip erase its whole\n"
                "flash and needs --yes. Level 2 can never be undone, the chip can never be\n"
                "debugged or reprogrammed through SWD again: it needs --irreversible. Without\n"
                "the flag nothing is written. The new level is read back after the chip\n"
                "reloaded its option bytes.\n",
        .options = "      --yes            confirm the regression to level 0 (erases the flash)\n"
                   "      --irreversible   confirm level 2 (the chip can never be debugged again)\n",
        .examples = "swdoctor rdp get\n"
                    "swdoctor rdp set 1\n"
                    "swdoctor rdp set 0 --yes\n"
                    "swdoctor rdp get --json\n",
        .long_options = confirm_options,
        .short_options = "",
        .run = cli_cmd_rdp,
    },
    {
        .name = "doctor",
        .summary = "find out why a board cannot be reached or flashed",
        .usage = "[--firmware APP.elf] [--no-forensics] [--forensics-ms N]",
        .help = "Measures, layer by layer, what stands between you and the chip: USB and\n"
                "permissions, the probe's firmware, target voltage, the SWD line at lower\n"
                "clocks, connect under reset, NRST, the debug port, the core's state, boot\n"
                "mode, read-out and write protection, the flash controller, DBGMCU and the\n"
                "watchdog. It stops where the cause is proven and prints the verdict first:\n"
                "the cause, how sure it is, the evidence it measured, the fix and the page in\n"
                "docs/findings/ that explains it; several candidates in order when it cannot\n"
                "tell them apart. It never erases, unlocks or writes option bytes.\n"
                "When the target is lost only after its firmware starts, the doctor halts it\n"
                "at the reset vector, watches the registers that take debug access away and\n"
                "lets the firmware run (forensics); with --firmware it names the function and\n"
                "source line that did it. -v also prints every check's measurement.\n"
                "Exit status 0 only when the board is healthy; 1 for every finding,\n"
                "including \"no probe found\" (the doctor does not use exit status 3).\n",
        .options = "  -f, --firmware ELF       the application (with symbols and -g), to name the\n"
                   "                           function and line that take debug access away\n"
                   "      --no-forensics       do not run the firmware under watchpoints\n"
                   "      --forensics-ms N     how long the firmware may run under watch\n"
                   "                           (default 2000; a board that answers a plain\n"
                   "                           connect gets a fifth of it)\n",
        .examples = "swdoctor doctor\n"
                    "swdoctor doctor --firmware build/app.elf\n"
                    "swdoctor doctor --json\n"
                    "swdoctor -v doctor --no-forensics\n",
        .long_options = doctor_options,
        .short_options = "f:",
        .run = cli_cmd_doctor,
    },
    {
        .name = "recover",
        .summary = "bring back a board whose firmware locks the debugger out",
        .usage = "[--unlock] [--keep-firmware]",
        .help = "Connects under reset (NRST held low while the probe connects) and halts the\n"
                "core at the reset vector before any firmware instruction runs, sets the\n"
                "DBGMCU bits that keep debug alive in low-power modes and freeze the\n"
                "watchdog, erases the whole flash (the firmware that disabled the SWD pins,\n"
                "slept or locked up), then proves the board answers a normal connection:\n"
                "reset, run, connect again, halt and resume.\n"
                "A chip at read-out protection level 1 is left alone unless you give\n"
                "--unlock, which regresses it to level 0: the chip then erases its whole\n"
                "flash. recover never sets level 2 and never changes other option bytes.\n"
                "Where software cannot help (no power, NRST held low on the board, a probe\n"
                "NRST that does not reach the chip, an STM32H7 with a locked supply\n"
                "configuration) it says the hardware step, e.g. the BOOT0 procedure:\n"
                "BOOT0 high, power-cycle, `swdoctor recover`, BOOT0 low.\n"
                "Exit status 0 when the board answers normally afterwards, 1 when it does\n"
                "not (the hardware step is printed), 2 usage, 3 no usable probe.\n",
        .options = "      --unlock          regress RDP level 1 to 0 (erases the whole flash)\n"
                   "      --keep-firmware   do not erase the flash (only connect, set DBGMCU,\n"
                   "                        check)\n",
        .examples = "swdoctor recover\n"
                    "swdoctor recover --unlock\n"
                    "swdoctor recover --keep-firmware --json\n",
        .long_options = recover_options,
        .short_options = "",
        .run = cli_cmd_recover,
    },
    {
        .name = "gdbserver",
        .summary = "serve gdb and IDEs over the GDB remote protocol",
        .usage = "[--port N] [--bind ADDR] [--persist]",
        .help = "Connects to the target, then listens for gdb on 127.0.0.1 (port 4242 by\n"
                "default) and prints \"listening on ADDR:PORT\" on stderr. One client at a time;\n"
                "a second one is refused. gdb's `load` programs flash with the same loader as\n"
                "`swdoctor flash`; breakpoints in flash use the FPB, watchpoints the DWT. A\n"
                "fault the core takes stops it with SIGSEGV; `monitor doctor` explains it.\n"
                "Monitor commands: reset [halt], halt, resume, flash erase, doctor, help.\n"
                "The server ends when the client detaches, unless --persist is given; SIGINT\n"
                "or SIGTERM stop it cleanly. Listening on another address exposes the target\n"
                "to the network and must be asked for with --bind.\n",
        .options = "  -p, --port N      TCP port (default 4242)\n"
                   "      --bind ADDR   IPv4 address to listen on (default 127.0.0.1)\n"
                   "      --persist     keep serving after a client leaves\n",
        .examples = "swdoctor gdbserver\n"
                    "gdb-multiarch app.elf -ex 'target extended-remote :4242' -ex load\n"
                    "swdoctor --connect under-reset gdbserver --port 3333 --persist\n",
        .long_options = gdbserver_options,
        .short_options = "p:",
        .run = cli_cmd_gdbserver,
    },
    {
        .name = "help",
        .summary = "show help for a command",
        .usage = "[COMMAND]",
        .help = "Without a command, the overview; with one, its options and examples.\n",
        .examples = "swdoctor help flash\n",
        .run = cli_cmd_help,
    },
};

const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];

const struct cli_command *cli_find_command(const char *name)
{
    for (size_t i = 0; i < cli_command_count; i++)
        if (!strcmp(cli_commands[i].name, name))
            return &cli_commands[i];
    return NULL;
}
