/* Stand-ins for the generic shell's services (chips/mcu.h) so the F0/F1/F3
 * flash controller is tested on its own: a clock the test moves by hand,
 * counters for what the controller asks of the shell. */
#include <stdlib.h>
#include <string.h>

#include "chips/fc_f1.h"
#include "test_fc_f1_fakes.h"

sim_ns fake_now;
bool fake_rdp1_blocks;
unsigned fake_op_started, fake_op_ended, fake_system_resets;

struct sim_stats sim_stats;
const struct sim_chip_family sim_family_mcu = { .name = "fake shell" };

sim_ns mcu_now(const struct mcu *m)
{
    (void)m;
    return fake_now;
}

void mcu_flash_op_started(struct mcu *m)
{
    (void)m;
    fake_op_started++;
}

void mcu_flash_op_ended(struct mcu *m)
{
    (void)m;
    fake_op_ended++;
}

void mcu_flash_changed(struct mcu *m, uint32_t off, uint32_t len)
{
    (void)m, (void)off, (void)len;
}

void mcu_flash_erase_all(struct mcu *m)
{
    memset(m->flash, m->fops->erased, m->flash_size);
}

void mcu_system_reset(struct mcu *m)
{
    fake_system_resets++;
    m->fops->reset(m, false);
}

bool mcu_rdp1_blocks_debug(const struct mcu *m)
{
    (void)m;
    return fake_rdp1_blocks;
}

struct mcu *fake_mcu_create(const char *part, const struct sim_board_config *cfg_in)
{
    const struct sim_chip_part *p = NULL;
    for (const struct sim_chip_part *r = sim_parts_f0f1f3; r->name; r++)
        if (strcmp(r->name, part) == 0)
            p = r;
    if (!p)
        return NULL;
    const struct mcu_part_data *pd = p->family_data;
    struct mcu *m = calloc(1, sizeof *m);
    m->part = p;
    m->lay = pd->layout;
    m->fops = pd->flash;
    m->fdata = pd->flash_data;
    m->flash_size = p->flash_kib * 1024u;
    size_t ctl = m->fops->nvm_size(p);
    m->nvm = malloc(m->flash_size + ctl);
    m->flash = m->nvm;
    m->nvm_ctl = m->nvm + m->flash_size;
    memset(m->flash, m->fops->erased, m->flash_size);
    m->fc = m->fops->create(m);
    struct sim_board_config cfg = { .rdp = 0 };
    if (cfg_in)
        cfg = *cfg_in;
    m->fops->init_fresh(m, &cfg);
    m->fops->reset(m, true);
    fake_now = 0;
    fake_rdp1_blocks = false;
    fake_op_started = fake_op_ended = fake_system_resets = 0;
    return m;
}

void fake_mcu_destroy(struct mcu *m)
{
    m->fops->destroy(m->fc);
    free(m->nvm);
    free(m);
}

void fake_advance(struct mcu *m, sim_ns ns)
{
    fake_now += ns;
    m->fops->update(m, fake_now);
}
