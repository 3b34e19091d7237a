/* The process's world, from the environment (world.h), and the stats file
 * written at exit. */
#include "bench/world.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

static struct sim_world env_world;
static enum { ENV_UNTRIED, ENV_READY, ENV_FAILED, ENV_BUILDING } env_state;

bool sim_env_active(void)
{
    const char *s = getenv(SIM_ENV_SCENARIO);
    return s && s[0];
}

static void at_exit_stats(void)
{
    sim_world_env_write_stats();
}

struct sim_world *sim_world_env(void)
{
    if (env_state == ENV_READY)
        return &env_world;
    if (env_state != ENV_UNTRIED || !sim_env_active())
        return NULL;
    env_state = ENV_BUILDING;

    const char *stats = getenv(SIM_ENV_STATS);
    if (stats && stats[0])
        atexit(at_exit_stats);

    static struct sim_scenario sc;
    char err[1024];
    const char *path = getenv(SIM_ENV_SCENARIO);
    bool loaded = sim_scenario_load(path, &sc, err, sizeof err) == 0;
    if (!loaded ||
        sim_world_create(&env_world, &sc, getenv(SIM_ENV_STATE), err, sizeof err)) {
        /* The library must not crash its host: the bench shows no devices
         * and says why, once (load errors already name the file). */
        fprintf(stderr, "swdoctor-sim: %s%s%s\n", loaded ? path : "",
                loaded ? ": " : "", err);
        env_state = ENV_FAILED;
        return NULL;
    }
    env_state = ENV_READY;
    return &env_world;
}

void sim_world_env_write_stats(void)
{
    const char *path = getenv(SIM_ENV_STATS);
    if (!path || !path[0])
        return;
    char err[512];
    if (sim_stats_write(path, err, sizeof err))
        fprintf(stderr, "swdoctor-sim: %s\n", err);
}

int sim_stats_write(const char *path, char *err, size_t errlen)
{
    json_t *o = json_object();
    json_object_set_new(o, "virtual_ns", json_integer((json_int_t)sim_clock_now()));
#define STAT(f) json_object_set_new(o, #f, json_integer((json_int_t)sim_stats.f))
    STAT(usb_transfers);
    STAT(usb_bytes_out);
    STAT(usb_bytes_in);
    STAT(swd_transfers);
    STAT(cpu_instructions);
    STAT(flash_bytes_programmed);
    STAT(flash_erases);
    STAT(flash_busy_ns);
#undef STAT
    /* Write a sibling file and rename: a reader never sees half a file. */
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int rc = json_dump_file(o, tmp, JSON_INDENT(2) | JSON_SORT_KEYS);
    json_decref(o);
    if (rc != 0 || rename(tmp, path) != 0) {
        snprintf(err, errlen, "cannot write stats to %s: %s", path,
                 strerror(errno));
        remove(tmp);
        return -1;
    }
    return 0;
}
