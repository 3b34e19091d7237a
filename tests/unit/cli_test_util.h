/* Run the CLI in-process with its output captured, for the test_cli_*
 * tests: run_cli(argc, argv) -> exit status, stdout and stderr (free both). */
#ifndef CLI_TEST_UTIL_H
#define CLI_TEST_UTIL_H

#include <stdio.h>

#include "cli/cli.h"

struct run {
    int rc;
    char *out;
    char *err;
};

static inline struct run run_cli(int argc, const char **argv)
{
    struct run r;
    size_t on, en;
    FILE *out = open_memstream(&r.out, &on);
    FILE *err = open_memstream(&r.err, &en);
    r.rc = cli_main(argc, (char **)argv, out, err);
    fclose(out);
    fclose(err);
    return r;
}

#endif
