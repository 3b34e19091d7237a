/* Programming through a RAM loader, double-buffered (loader/loader.h):
 * while the loader programs one buffer, the host fills the other, so the
 * USB transfer of block n+1 overlaps the flash programming of block n. */
#include <stddef.h>
#include <string.h>
#include <time.h>

#include "../../loader/loader.h"
#include "common/session_internal.h"
#include "stm32.h"

#define SRAM_BASE 0x20000000u
#define LOADER_STACK_BYTES 256u
#define LOADER_BUF_MAX (16u * 1024u)
/* Generous: a word takes at most 100 us (DS8626), so a full buffer of
 * bytes at x8 is 1.6 s; plus USB latency. */
#define LOADER_SLOT_TIMEOUT_MS 5000u

struct layout {
    uint32_t code, ctl, buf[2], buf_size, stack_top;
};

static uint32_t align_up(uint32_t v, uint32_t a)
{
    return (v + a - 1) & ~(a - 1);
}

static struct layout plan_layout(const struct stm32_chip *c)
{
    struct layout l;
    l.code = SRAM_BASE;
    l.ctl = align_up(l.code + (uint32_t)c->part->flash->loader_size, 16);
    uint32_t after_ctl = align_up(l.ctl + (uint32_t)sizeof(struct loader_ctl), 16);
    uint32_t sram_end = SRAM_BASE + c->part->sram_kib * 1024u;
    uint32_t room = sram_end - after_ctl - LOADER_STACK_BYTES;
    /* Multiples of 64 bytes: every program unit (2..32 bytes) divides it. */
    /* The driver may ask for smaller buffers (stm32.h loader_buf_max). */
    uint32_t max = c->part->flash->loader_buf_max ? c->part->flash->loader_buf_max
                                                  : LOADER_BUF_MAX;
    l.buf_size = room / 2 > max ? max : (room / 2) & ~63u;
    l.buf[0] = after_ctl;
    l.buf[1] = after_ctl + l.buf_size;
    l.stack_top = l.buf[1] + l.buf_size + LOADER_STACK_BYTES;
    return l;
}

static uint32_t slot_addr(const struct layout *l, unsigned i, size_t field)
{
    return l->ctl + (uint32_t)offsetof(struct loader_ctl, slot) +
           (uint32_t)(i * sizeof(struct loader_slot) + field);
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Wait until slot i is free for the host (EMPTY or DONE). */
static int wait_slot_free(struct stm32_chip *c, const struct layout *l, unsigned i)
{
    uint64_t start = now_ms();
    for (;;) {
        uint32_t state;
        int rc = arm_read32(c->t, slot_addr(l, i, offsetof(struct loader_slot, state)), &state);
        if (rc)
            return sd_fail(c->t->session, rc, SD_LOG_FLASH, "polling the flash loader");
        if (state == LOADER_SLOT_EMPTY || state == LOADER_SLOT_DONE)
            return SD_OK;
        if (state == LOADER_SLOT_ERROR) {
            uint32_t sr = 0, at = 0;
            arm_read32(c->t, slot_addr(l, i, offsetof(struct loader_slot, status)), &sr);
            arm_read32(c->t, slot_addr(l, i, offsetof(struct loader_slot, fail_addr)), &at);
            return sd_fail(c->t->session, SD_ERR_FLASH, SD_LOG_FLASH,
                           "programming failed at 0x%08x: flash status register 0x%08x", at, sr);
        }
        if (now_ms() - start > LOADER_SLOT_TIMEOUT_MS) {
            uint32_t dhcsr = 0;
            arm_read_dhcsr(c->t, &dhcsr);
            return sd_fail(c->t->session, SD_ERR_TARGET_TIMEOUT, SD_LOG_FLASH,
                           "flash loader made no progress for %u ms (slot state %u, core %s)",
                           LOADER_SLOT_TIMEOUT_MS, state,
                           arm_core_state_name(arm_core_state_of(dhcsr)));
        }
    }
}

static int fill_slot(struct stm32_chip *c, const struct layout *l, unsigned i, uint32_t dest,
                     const uint8_t *data, uint32_t len)
{
    int rc = arm_mem_write(c->t, l->buf[i], data, len);
    if (rc)
        return rc;
    /* dest, src, len first; the state word last hands the slot over. */
    struct loader_slot s = { .state = LOADER_SLOT_FULL, .dest = dest, .src = l->buf[i], .len = len };
    uint32_t words[3] = { s.dest, s.src, s.len };
    uint8_t raw[12];
    for (int w = 0; w < 3; w++)
        for (int b = 0; b < 4; b++)
            raw[w * 4 + b] = (uint8_t)(words[w] >> (8 * b));
    rc = arm_mem_write(c->t, slot_addr(l, i, offsetof(struct loader_slot, dest)), raw, sizeof raw);
    if (!rc)
        rc = arm_write32(c->t, slot_addr(l, i, offsetof(struct loader_slot, state)), s.state);
    return rc;
}

static int start_loader(struct stm32_chip *c, const struct layout *l)
{
    const struct stm32_flash_ops *f = c->part->flash;
    struct loader_ctl ctl = { .flash_regs = c->part->flash_regs, .unit = f->program_unit(c) };
    uint8_t raw[sizeof ctl];
    memcpy(raw, &ctl, sizeof ctl); /* the host is little-endian like the target */
    int rc = arm_halt(c->t);
    if (!rc)
        rc = arm_mem_write(c->t, l->code, f->loader, f->loader_size);
    if (!rc)
        rc = arm_mem_write(c->t, l->ctl, raw, sizeof raw);
    if (rc)
        return sd_fail(c->t->session, rc, SD_LOG_FLASH, "loading the flash loader into RAM at 0x%08x",
                       l->code);
    struct arm_call call = { .entry = l->code, .sp = l->stack_top, .args = { l->ctl }, .nargs = 1 };
    return arm_start_call(c->t, &call);
}

int stm32_program_with_loader(struct stm32_chip *c, uint32_t addr, const uint8_t *data, size_t len,
                              stm32_progress_fn progress, void *user)
{
    const struct stm32_flash_ops *f = c->part->flash;
    if (!f->loader)
        return f->program_direct(c, addr, data, len);
    struct layout l = plan_layout(c);
    int rc = start_loader(c, &l);
    unsigned i = 0;
    size_t done = 0;
    while (!rc && done < len) {
        uint32_t n = len - done > l.buf_size ? l.buf_size : (uint32_t)(len - done);
        rc = wait_slot_free(c, &l, i);
        if (!rc)
            rc = fill_slot(c, &l, i, addr + (uint32_t)done, data + done, n);
        done += n;
        if (!rc && progress)
            progress(user, done, len);
        i ^= 1u;
    }
    /* Both slots must finish; then STOP the one the loader waits on next. */
    if (!rc)
        rc = wait_slot_free(c, &l, i ^ 1u);
    if (!rc)
        rc = wait_slot_free(c, &l, i);
    if (!rc)
        rc = arm_write32(c->t, slot_addr(&l, i, offsetof(struct loader_slot, state)),
                         LOADER_SLOT_STOP);
    if (!rc)
        rc = arm_wait_halt(c->t, 100);
    if (rc) {
        arm_halt(c->t);
        return sd_fail(c->t->session, rc, SD_LOG_FLASH,
                       "writing %zu bytes at 0x%08x (%zu bytes were handed to the loader)", len,
                       addr, done);
    }
    return SD_OK;
}
