/* Fake shell for the F0/F1/F3 flash-controller tests (test_fc_f1_fakes.c). */
#ifndef TEST_FC_F1_FAKES_H
#define TEST_FC_F1_FAKES_H

#include <stdbool.h>

#include "chips/mcu.h"

extern sim_ns fake_now;
extern bool fake_rdp1_blocks;       /* what mcu_rdp1_blocks_debug() answers */
extern unsigned fake_op_started, fake_op_ended, fake_system_resets;

/* A chip of that part with fresh nvm (cfg may be NULL), after power-on. */
struct mcu *fake_mcu_create(const char *part, const struct sim_board_config *cfg);
void fake_mcu_destroy(struct mcu *m);
/* Let time pass; the controller finishes what is due. */
void fake_advance(struct mcu *m, sim_ns ns);

#endif
