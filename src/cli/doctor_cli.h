/* How `swdoctor doctor` and `swdoctor recover` show their reports: text
 * for people, one JSON object for scripts (the contract in swdoctor(1)).
 * Separate from the commands so unit tests can render a report built by
 * hand. */
#ifndef SD_CLI_DOCTOR_CLI_H
#define SD_CLI_DOCTOR_CLI_H

#include <stdio.h>

#include <jansson.h>
#include <swdoctor/doctor.h>

/* {"healthy", "verdict", "elapsed_ms", "probe", "part", "target_mv",
 *  "best_khz", "findings": [...], "steps": [...]}; the caller owns it. */
json_t *cli_doctor_json(const struct sd_doctor_report *r);
/* The verdict first (title, cause, confidence), evidence, candidates, the
 * code location, fix and doc page, then the other findings, the steps
 * (verbose only) and the time to the verdict. */
void cli_doctor_print(FILE *out, const struct sd_doctor_report *r, int verbose);
/* 0 healthy, 1 anything else (also when no probe was found: the doctor
 * reports that as a finding). */
int cli_doctor_exit_code(const struct sd_doctor_report *r);
/* "MX_GPIO_Init (main.c:212) at 0x08000234 writes GPIOA_MODER = 0xa4000000" */
void cli_doctor_location_text(const struct sd_code_location *l, char *buf, size_t len);

/* {"recovered", "part", "connected_under_reset", "dbgmcu_set", "erased",
 *  "unlocked", "answers_normally", "steps": [...], "hardware_step"}. */
json_t *cli_recover_json(const struct sd_recover_report *r, int recovered);
/* Each step, then "The board answers normally." or the hardware step. */
void cli_recover_print(FILE *out, const struct sd_recover_report *r, int recovered);

#endif
