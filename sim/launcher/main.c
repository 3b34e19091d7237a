/* swdoctor-sim: the virtual bench's launcher.
 *
 *   swdoctor-sim run [--state FILE] [--stats FILE] SCENARIO -- CMD [ARGS...]
 *   swdoctor-sim dump --state FILE --flash [--board N] -o OUT
 *   swdoctor-sim check SCENARIO...
 *
 * `run` only sets the environment and execs CMD with the drop-in libusb
 * preloaded; the world itself is built inside CMD's process (sim/bench). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/scenario.h"
#include "bench/state.h"
#include "bench/world.h"
#include "board/board.h"

#define EXIT_USAGE 2
#define SIM_LIB_NAME "libusb-1.0.so.0"
#define SIM_ENV_LIB  "SWDOCTOR_SIM_LIB"

static const char usage_text[] =
"usage: swdoctor-sim run [--state FILE] [--stats FILE] SCENARIO -- CMD [ARGS...]\n"
"       swdoctor-sim dump --state FILE --flash [--board N] -o OUT\n"
"       swdoctor-sim check SCENARIO...\n"
"       swdoctor-sim --help\n"
"\n"
"Runs any libusb-1.0 program against simulated ST-LINK probes and STM32\n"
"boards described in a JSON scenario (see sim/scenarios/).\n"
"\n"
"  run     set SWDOCTOR_SIM_SCENARIO (and _STATE, _STATS), preload the\n"
"          bench's libusb-1.0.so.0 and exec CMD.  With --state, the chips'\n"
"          flash and option bytes persist in FILE across runs; --stats\n"
"          writes virtual time and USB/SWD counters (JSON) at exit.\n"
"  dump    write a board's flash, as it is in a state file, to OUT.\n"
"  check   validate scenario files; prints what is wrong and where.\n"
"\n"
"Examples:\n"
"  swdoctor-sim run sim/scenarios/f407-v2.json -- st-info --probe\n"
"  swdoctor-sim run --state /tmp/f4.state sim/scenarios/f407-v2.json -- \\\n"
"      st-flash write blinky.bin 0x08000000\n"
"  swdoctor-sim run --stats /tmp/s.json sim/scenarios/f407-v3.json -- \\\n"
"      openocd -f interface/stlink.cfg -f target/stm32f4x.cfg -c 'init; exit'\n"
"  swdoctor-sim dump --state /tmp/f4.state --flash -o flash.bin\n"
"  swdoctor-sim check sim/scenarios/*.json\n"
"\n"
"Environment: SWDOCTOR_SIM_LIB overrides the library path.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "swdoctor-sim: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'swdoctor-sim --help'.\n");
    return EXIT_USAGE;
}

/* <dir of this executable>/../sim/lib/libusb-1.0.so.0 */
static int find_library(char *out, size_t len)
{
    const char *env = getenv(SIM_ENV_LIB);
    if (env && env[0]) {
        snprintf(out, len, "%s", env);
        return access(out, R_OK) == 0 ? 0 : -1;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    if (snprintf(out, len, "%s/../sim/lib/%s", exe, SIM_LIB_NAME) >= (int)len)
        return -1;
    char real[PATH_MAX];
    if (!realpath(out, real))
        return -1;
    snprintf(out, len, "%s", real);
    return 0;
}

static int absolute(const char *path, char *out, size_t len)
{
    if (path[0] == '/') {
        snprintf(out, len, "%s", path);
        return 0;
    }
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return -1;
    return snprintf(out, len, "%s/%s", cwd, path) >= (int)len ? -1 : 0;
}

static int cmd_run(int argc, char **argv)
{
    const char *state = NULL, *stats = NULL, *scenario = NULL;
    int i = 0;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--state") == 0 || strcmp(argv[i], "--stats") == 0) {
            if (i + 1 >= argc)
                return usage_error("%s needs a FILE", argv[i]);
            if (strcmp(argv[i], "--state") == 0)
                state = argv[i + 1];
            else
                stats = argv[i + 1];
            i++;
        } else if (argv[i][0] == '-') {
            return usage_error("run: unknown option %s", argv[i]);
        } else if (!scenario) {
            scenario = argv[i];
        } else {
            return usage_error("run: unexpected %s (put the command after --)", argv[i]);
        }
    }
    if (!scenario)
        return usage_error("run: no SCENARIO%s", "");
    if (i >= argc || i + 1 >= argc)
        return usage_error("run: no command after --%s", "");

    /* Fail here, with the launcher's name, rather than in the host. */
    static struct sim_scenario sc;
    char err[1024];
    if (sim_scenario_load(scenario, &sc, err, sizeof err)) {
        fprintf(stderr, "swdoctor-sim: %s\n", err);
        return 1;
    }
    char lib[PATH_MAX];
    if (find_library(lib, sizeof lib)) {
        fprintf(stderr, "swdoctor-sim: cannot find the bench's %s next to the "
                "executable (../sim/lib/) ; set %s\n", SIM_LIB_NAME, SIM_ENV_LIB);
        return 1;
    }
    /* The host may chdir: every path it gets is absolute. */
    char abs[PATH_MAX];
    if (absolute(scenario, abs, sizeof abs) == 0)
        setenv(SIM_ENV_SCENARIO, abs, 1);
    if (state && absolute(state, abs, sizeof abs) == 0)
        setenv(SIM_ENV_STATE, abs, 1);
    else
        unsetenv(SIM_ENV_STATE);
    if (stats && absolute(stats, abs, sizeof abs) == 0)
        setenv(SIM_ENV_STATS, abs, 1);
    else
        unsetenv(SIM_ENV_STATS);
    /* Keep what the user preloads already, after the bench. */
    const char *pre = getenv("LD_PRELOAD");
    char preload[2 * PATH_MAX];
    snprintf(preload, sizeof preload, "%s%s%s", lib, pre && pre[0] ? ":" : "",
             pre ? pre : "");
    setenv("LD_PRELOAD", preload, 1);

    char **cmd = argv + i + 1;
    execvp(cmd[0], cmd);
    fprintf(stderr, "swdoctor-sim: cannot run %s: %s\n", cmd[0], strerror(errno));
    return errno == ENOENT ? 127 : 126;
}

static int cmd_dump(int argc, char **argv)
{
    const char *state = NULL, *out = NULL;
    bool flash = false;
    long board = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--flash") == 0) {
            flash = true;
        } else if ((strcmp(argv[i], "--state") == 0 || strcmp(argv[i], "-o") == 0 ||
                    strcmp(argv[i], "--board") == 0)) {
            if (i + 1 >= argc)
                return usage_error("dump: %s needs a value", argv[i]);
            if (argv[i][1] == 'o')
                out = argv[i + 1];
            else if (argv[i][2] == 's')
                state = argv[i + 1];
            else {
                char *end;
                board = strtol(argv[i + 1], &end, 10);
                if (*end || board < 0)
                    return usage_error("dump: --board expects a number, not %s", argv[i + 1]);
            }
            i++;
        } else {
            return usage_error("dump: unexpected %s", argv[i]);
        }
    }
    if (!state)
        return usage_error("dump: --state FILE is required%s", "");
    if (!flash)
        return usage_error("dump: say what to dump (--flash)%s", "");
    if (!out)
        return usage_error("dump: -o OUT is required%s", "");

    struct sim_state st;
    char err[1024];
    if (sim_state_open_existing(&st, state, err, sizeof err)) {
        fprintf(stderr, "swdoctor-sim: %s\n", err);
        return 1;
    }
    if ((size_t)board >= st.n_boards) {
        fprintf(stderr, "swdoctor-sim: %s has %zu board(s); no board %ld\n",
                state, st.n_boards, board);
        sim_state_close(&st);
        return 1;
    }
    /* The chip model knows where its flash is in the nvm area: build the
     * board, unpowered, on the state as it is. */
    static struct sim_board_config cfg;
    snprintf(cfg.part, sizeof cfg.part, "%s", st.part[board]);
    cfg.powered = false;
    cfg.nrst = SIM_NRST_WIRED;
    cfg.supply = SIM_SUPPLY_DEFAULT;
    if (sim_board_nvm_size(&cfg) != st.nvm_size[board]) {
        fprintf(stderr, "swdoctor-sim: %s: board %ld (%s) holds %zu bytes, the "
                "bench's model needs %zu (state from another version?)\n",
                state, board, cfg.part, st.nvm_size[board], sim_board_nvm_size(&cfg));
        sim_state_close(&st);
        return 1;
    }
    struct sim_board *b = sim_board_create(&cfg, st.nvm[board], false, err, sizeof err);
    if (!b) {
        fprintf(stderr, "swdoctor-sim: %s: %s\n", state, err);
        sim_state_close(&st);
        return 1;
    }
    uint32_t base = 0;
    size_t size = 0;
    const uint8_t *data = sim_board_flash(b, &base, &size);
    int rc = 0;
    FILE *f = fopen(out, "wb");
    if (!f || !data || fwrite(data, 1, size, f) != size) {
        fprintf(stderr, "swdoctor-sim: cannot write %s: %s\n", out,
                data ? strerror(errno) : "no flash");
        rc = 1;
    }
    if (f && fclose(f) != 0 && rc == 0) {
        fprintf(stderr, "swdoctor-sim: cannot write %s: %s\n", out, strerror(errno));
        rc = 1;
    }
    if (rc == 0)
        printf("%s: %zu bytes of %s flash at 0x%08x\n", out, size, cfg.part, base);
    sim_board_destroy(b);
    sim_state_close(&st);
    return rc;
}

static int cmd_check(int argc, char **argv)
{
    if (argc == 0)
        return usage_error("check: no SCENARIO%s", "");
    int rc = 0;
    for (int i = 0; i < argc; i++) {
        static struct sim_scenario sc;
        char err[1024];
        if (sim_scenario_load(argv[i], &sc, err, sizeof err)) {
            fprintf(stderr, "swdoctor-sim: %s\n", err);
            rc = 1;
            continue;
        }
        /* A part with no model would show no probe at run time. */
        for (size_t p = 0; p < sc.n_probes; p++) {
            if (sim_board_nvm_size(&sc.p[p].board) == 0) {
                char prefix[32] = "";
                if (sc.n_probes > 1)
                    snprintf(prefix, sizeof prefix, "probes[%zu].", p);
                fprintf(stderr, "swdoctor-sim: %s: %sboard.part: unknown part \"%s\"\n",
                        argv[i], prefix, sc.p[p].board.part);
                rc = 1;
            }
            if (sc.p[p].board.firmware[0] && access(sc.p[p].board.firmware, R_OK) != 0)
                fprintf(stderr, "swdoctor-sim: %s: warning: board.firmware %s: %s\n",
                        argv[i], sc.p[p].board.firmware, strerror(errno));
        }
        if (rc == 0)
            printf("%s: ok (%zu probe%s)\n", argv[i], sc.n_probes,
                   sc.n_probes == 1 ? "" : "s");
    }
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("no command (run, dump, check)%s", "");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (strcmp(argv[1], "run") == 0)
        return cmd_run(argc - 2, argv + 2);
    if (strcmp(argv[1], "dump") == 0)
        return cmd_dump(argc - 2, argv + 2);
    if (strcmp(argv[1], "check") == 0)
        return cmd_check(argc - 2, argv + 2);
    return usage_error("unknown command %s (run, dump, check)", argv[1]);
}
