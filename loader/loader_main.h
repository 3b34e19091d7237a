/* The loop every flash loader runs (loader.h protocol), included once at
 * the end of each loader/stm32<gen>.c after that file's
 *     static uint32_t program(uint32_t regs, uint32_t unit,
 *                             volatile struct loader_slot *s);
 * which programs one slot and returns 0 or the status register (and sets
 * s->fail_addr) on an error.  Waits for each slot in turn, hands it back
 * DONE or ERROR, and stops at a BKPT when told STOP or after an error. */
#ifndef SWDOCTOR_LOADER_MAIN_H
#define SWDOCTOR_LOADER_MAIN_H

__attribute__((noreturn, section(".entry"))) void loader_main(volatile struct loader_ctl *ctl)
{
    unsigned i = 0;
    for (;;) {
        volatile struct loader_slot *s = &ctl->slot[i];
        uint32_t state;
        while ((state = s->state) != LOADER_SLOT_FULL && state != LOADER_SLOT_STOP)
            ;
        if (state == LOADER_SLOT_STOP)
            break;
        uint32_t err = program(ctl->flash_regs, ctl->unit, s);
        if (err) {
            s->status = err;
            s->state = LOADER_SLOT_ERROR;
            break;
        }
        s->state = LOADER_SLOT_DONE;
        ctl->slots_done++;
        i ^= 1u;
    }
    for (;;)
        __asm__ volatile("bkpt #0");
}

#endif
