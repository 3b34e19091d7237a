/* Option bytes and RDP of an attached target (include/swdoctor/options.h):
 * decode through the driver's field table, plan a change and refuse what
 * needs consent, write through the driver, reconnect and read back. */
#include <stdio.h>
#include <string.h>

#include <swdoctor/options.h>

#include "common/session_internal.h"
#include "ops/target_internal.h"
#include "stlink/stlink.h"
#include "stm32/option_bytes.h"

/* NRST released with a halt requested: how long the core may take to stop
 * at the reset vector (same figure as attach.c). */
#define RECONNECT_HALT_TIMEOUT_MS 500

static const struct stm32_flash_ops *flash_ops(struct sd_target *t)
{
    return t->chip.part->flash;
}

/* The driver's fields, or SD_ERR_NOT_SUPPORTED naming the driver. */
static int fields_of(struct sd_target *t, bool writing, const struct stm32_ob_field **fields)
{
    const struct stm32_flash_ops *ops = flash_ops(t);
    *fields = stm32_ob_fields(&t->chip);
    if (!*fields || !ops->ob_read || (writing && !ops->ob_write))
        return sd_fail(t->s, SD_ERR_NOT_SUPPORTED, SD_LOG_OPS,
                       "option bytes of %s (%s) cannot be %s by this version of swdoctor",
                       t->chip.part->name, ops->name, writing ? "written" : "read");
    return SD_OK;
}

static int read_words(struct sd_target *t, struct stm32_ob *ob)
{
    memset(ob, 0, sizeof *ob);
    int rc = flash_ops(t)->ob_read(&t->chip, ob);
    if (rc)
        return sd_fail(t->s, rc, SD_LOG_OPS, "reading the option bytes");
    return SD_OK;
}

static void fill_field(struct sd_ob_field *out, const struct stm32_ob_decoded *d,
                       const uint32_t rdp_value[3])
{
    const struct stm32_ob_field *f = d->field;
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%s", f->name);
    out->value = d->value;
    out->width = f->width;
    out->kind = f->kind == STM32_OB_RDP ? SD_OB_RDP : f->kind == STM32_OB_BOOL ? SD_OB_BOOL
                                                                               : SD_OB_NUMBER;
    out->rdp_level = d->rdp_level;
    out->doc = f->doc ? f->doc : "";
    stm32_ob_format(f, rdp_value, d->value, out->text, sizeof out->text);
}

static int rdp_level_of(struct sd_target *t, const struct stm32_ob_field *fields,
                        const struct stm32_ob *ob)
{
    const struct stm32_ob_field *rdp = stm32_ob_rdp_field(fields);
    return rdp ? stm32_ob_rdp_level(flash_ops(t)->rdp_value, stm32_ob_get(ob, rdp)) : 0;
}

int sd_option_bytes_read(struct sd_target *t, struct sd_option_bytes *ob)
{
    if (!t || !ob)
        return SD_ERR_INVALID_ARG;
    sd_session_clear_error(t->s);
    memset(ob, 0, sizeof *ob);
    const struct stm32_ob_field *fields;
    struct stm32_ob words;
    int rc = fields_of(t, false, &fields);
    if (!rc)
        rc = read_words(t, &words);
    if (rc)
        return rc;
    struct stm32_ob_decoded d[SD_OB_MAX_FIELDS];
    size_t n = stm32_ob_decode(fields, flash_ops(t)->rdp_value, &words, d, SD_OB_MAX_FIELDS);
    ob->count = (unsigned)(n < SD_OB_MAX_FIELDS ? n : SD_OB_MAX_FIELDS);
    for (unsigned i = 0; i < ob->count; i++)
        fill_field(&ob->field[i], &d[i], flash_ops(t)->rdp_value);
    ob->rdp_level = rdp_level_of(t, fields, &words);
    return SD_OK;
}

/* Append a sentence to the plan's consequence. */
static void add_consequence(struct sd_ob_plan *plan, const char *text)
{
    size_t used = strlen(plan->consequence);
    snprintf(plan->consequence + used, sizeof plan->consequence - used, "%s%s", used ? "; " : "",
             text);
}

static void fill_plan(struct sd_target *t, const struct stm32_ob_field *fields,
                      const struct stm32_ob *now, const struct stm32_ob *want,
                      struct sd_ob_plan *plan)
{
    const struct stm32_flash_ops *ops = flash_ops(t);
    for (const struct stm32_ob_field *f = fields; f->name && plan->count < SD_OB_MAX_FIELDS; f++) {
        uint32_t a = stm32_ob_get(now, f), b = stm32_ob_get(want, f);
        if (a == b)
            continue;
        struct sd_ob_change *ch = &plan->change[plan->count++];
        snprintf(ch->name, sizeof ch->name, "%s", f->name);
        ch->old_value = a;
        ch->new_value = b;
        stm32_ob_format(f, ops->rdp_value, a, ch->old_text, sizeof ch->old_text);
        stm32_ob_format(f, ops->rdp_value, b, ch->new_text, sizeof ch->new_text);
    }
    plan->rdp_old = rdp_level_of(t, fields, now);
    plan->rdp_new = rdp_level_of(t, fields, want);
    /* stm32-families.md §4.1: only a regression to 0 erases; raising the
     * level never does. */
    if (plan->rdp_old == 1 && plan->rdp_new == 0) {
        plan->erases_flash = 1;
        add_consequence(plan, "lowering read-out protection from level 1 to level 0 makes the chip "
                              "erase its whole flash (and the RAM or registers its family keeps "
                              "under protection) before it opens up again");
    }
    if (plan->rdp_new == 2 && plan->rdp_old != 2) {
        plan->irreversible = 1;
        add_consequence(plan, "read-out protection level 2 is permanent: the chip turns its SWD/JTAG "
                              "debug port off for good, so it can never be debugged or "
                              "reprogrammed through SWD again, and its option bytes can never "
                              "be changed again");
    }
    const char *why = ops->ob_irreversible ? ops->ob_irreversible(&t->chip, now, want) : NULL;
    if (why) {
        plan->irreversible = 1;
        add_consequence(plan, why);
    }
}

/* Read the chip's words and work out `want` from the assignments. */
static int make_plan(struct sd_target *t, const char *const *assignments, unsigned n,
                     const struct stm32_ob_field **fields, struct stm32_ob *now,
                     struct stm32_ob *want, struct sd_ob_plan *plan)
{
    memset(plan, 0, sizeof *plan);
    int rc = fields_of(t, true, fields);
    if (!rc)
        rc = read_words(t, now);
    if (rc)
        return rc;
    *want = *now;
    char err[1024];
    if (stm32_ob_apply(*fields, assignments, n, want, err, sizeof err))
        return sd_fail(t->s, SD_ERR_INVALID_ARG, SD_LOG_OPS, "%s", err);
    fill_plan(t, *fields, now, want, plan);
    return SD_OK;
}

int sd_option_bytes_plan(struct sd_target *t, const char *const *assignments, unsigned n,
                         struct sd_ob_plan *plan)
{
    if (!t || !plan || (n && !assignments))
        return SD_ERR_INVALID_ARG;
    sd_session_clear_error(t->s);
    const struct stm32_ob_field *fields;
    struct stm32_ob now, want;
    return make_plan(t, assignments, n, &fields, &now, &want, plan);
}

/* Enter debug again after the chip reset under us.  Under reset: NRST
 * low across the connection, a halt requested at the reset vector, NRST
 * released (the firmware cannot turn the debug pins off first). */
static int reconnect(struct sd_target *t, bool under_reset)
{
    enum stlink_wire wire = t->opt.transport == SD_TRANSPORT_JTAG ? STLINK_JTAG : STLINK_SWD;
    int rc = stlink_enter(t->st, wire, under_reset ? STLINK_CONNECT_UNDER_RESET
                                                   : STLINK_CONNECT_NORMAL);
    uint32_t idcode = 0;
    if (!rc)
        rc = stlink_read_idcode(t->st, &idcode);
    if (!rc && (idcode == 0 || idcode == 0xFFFFFFFFu))
        rc = sd_fail(t->s, SD_ERR_NO_TARGET, SD_LOG_OPS, "the debug port does not answer (ID 0x%08x)",
                     idcode);
    if (under_reset) {
        if (!rc)
            rc = arm_write32(&t->core, ARM_DHCSR, ARM_DHCSR_DBGKEY | ARM_DHCSR_C_DEBUGEN |
                                                      ARM_DHCSR_C_HALT);
        if (!rc)
            rc = arm_write32(&t->core, ARM_DEMCR, ARM_DEMCR_TRCENA | ARM_DEMCR_VC_CORERESET);
        int rel = stlink_nrst(t->st, STLINK_NRST_RELEASE);
        if (!rc)
            rc = rel;
        /* A core that cannot fetch its vectors (erased, or RDP 1) locks up
         * instead of halting: the option registers are readable anyway. */
        if (!rc && arm_wait_halt(&t->core, RECONNECT_HALT_TIMEOUT_MS))
            sd_session_clear_error(t->s);
        if (!rc)
            rc = arm_write32(&t->core, ARM_DEMCR, ARM_DEMCR_TRCENA);
    }
    return rc;
}

/* After the driver made the chip load its options: read them back, with
 * a plain reconnect and then one under reset if the link was lost. */
static int read_back(struct sd_target *t, struct stm32_ob *got)
{
    int rc = read_words(t, got);
    if (!rc)
        return SD_OK;
    sd_log(t->s, SD_LOG_INFO, SD_LOG_OPS, "connection lost after the option-byte reload: reconnecting");
    sd_session_clear_error(t->s);
    rc = reconnect(t, false);
    if (!rc)
        rc = read_words(t, got);
    if (!rc)
        return SD_OK;
    sd_log(t->s, SD_LOG_INFO, SD_LOG_OPS, "plain reconnect failed: reconnecting under reset");
    sd_session_clear_error(t->s);
    rc = reconnect(t, true);
    if (!rc)
        rc = read_words(t, got);
    return rc;
}

/* The first field that differs, for the message. */
static int mismatch(struct sd_target *t, const struct stm32_ob_field *fields,
                    const struct stm32_ob *want, const struct stm32_ob *got)
{
    for (const struct stm32_ob_field *f = fields; f->name; f++) {
        uint32_t w = stm32_ob_get(want, f), g = stm32_ob_get(got, f);
        if (w == g)
            continue;
        char ws[SD_OB_TEXT_MAX], gs[SD_OB_TEXT_MAX];
        stm32_ob_format(f, flash_ops(t)->rdp_value, w, ws, sizeof ws);
        stm32_ob_format(f, flash_ops(t)->rdp_value, g, gs, sizeof gs);
        return sd_fail(t->s, SD_ERR_FLASH, SD_LOG_OPS,
                       "the chip did not take the option bytes: %s reads %s after writing %s",
                       f->name, gs, ws);
    }
    return SD_OK;
}

static int commit(struct sd_target *t, const struct stm32_ob_field *fields,
                  const struct stm32_ob *want, unsigned confirm, const struct sd_ob_plan *plan)
{
    if (plan->rdp_old == 2)
        return sd_fail(t->s, SD_ERR_PROTECTED, SD_LOG_OPS,
                       "the chip is at read-out protection level 2: its option bytes can never "
                       "be changed again");
    if (!plan->count) {
        sd_log(t->s, SD_LOG_INFO, SD_LOG_OPS, "option bytes already hold these values: nothing written");
        return SD_OK;
    }
    if ((plan->erases_flash && !(confirm & SD_CONFIRM_ERASE)) ||
        (plan->irreversible && !(confirm & SD_CONFIRM_IRREVERSIBLE)))
        return sd_fail(t->s, SD_ERR_REFUSED, SD_LOG_OPS, "%s; nothing was written",
                       plan->consequence);

    /* Stop the firmware so it does not use the flash controller while the
     * options are programmed (best effort: a locked-up core is fine). */
    enum arm_core_state st;
    if (!arm_state(&t->core, &st) && (st == ARM_CORE_RUNNING || st == ARM_CORE_SLEEPING))
        arm_halt(&t->core);
    sd_session_clear_error(t->s);

    sd_log(t->s, SD_LOG_INFO, SD_LOG_OPS, "writing %u option-byte field%s%s", plan->count,
           plan->count == 1 ? "" : "s", plan->erases_flash ? " (the chip erases its flash)" : "");
    int rc = flash_ops(t)->ob_write(&t->chip, want);
    if (rc)
        return sd_fail(t->s, rc, SD_LOG_OPS, "writing the option bytes");

    struct stm32_ob got;
    rc = read_back(t, &got);
    if (plan->rdp_new == 2) {
        /* Level 2 closes the debug port: no answer is the expected proof. */
        if (rc) {
            sd_session_clear_error(t->s);
            sd_log(t->s, SD_LOG_INFO, SD_LOG_OPS, "RDP level 2: the debug port no longer answers");
            return SD_OK;
        }
    }
    if (rc)
        return sd_fail(t->s, rc, SD_LOG_OPS, "reading the option bytes back after writing them");
    return mismatch(t, fields, want, &got);
}

int sd_option_bytes_write(struct sd_target *t, const char *const *assignments, unsigned n,
                          unsigned confirm, struct sd_ob_plan *plan)
{
    if (!t || (n && !assignments))
        return SD_ERR_INVALID_ARG;
    sd_session_clear_error(t->s);
    struct sd_ob_plan local;
    if (!plan)
        plan = &local;
    const struct stm32_ob_field *fields;
    struct stm32_ob now, want;
    int rc = make_plan(t, assignments, n, &fields, &now, &want, plan);
    if (rc)
        return rc;
    return commit(t, fields, &want, confirm, plan);
}

int sd_rdp_get(struct sd_target *t, int *level, uint32_t *value)
{
    if (!t || !level)
        return SD_ERR_INVALID_ARG;
    sd_session_clear_error(t->s);
    const struct stm32_ob_field *fields = stm32_ob_fields(&t->chip);
    const struct stm32_ob_field *rdp = stm32_ob_rdp_field(fields);
    if (!rdp || !flash_ops(t)->ob_read) {
        /* A driver without option-byte support still knows the level. */
        uint64_t wrp;
        if (value)
            *value = UINT32_MAX;
        return flash_ops(t)->read_protection(&t->chip, level, &wrp);
    }
    struct stm32_ob words;
    int rc = read_words(t, &words);
    if (rc)
        return rc;
    uint32_t v = stm32_ob_get(&words, rdp);
    *level = stm32_ob_rdp_level(flash_ops(t)->rdp_value, v);
    if (value)
        *value = v;
    return SD_OK;
}

int sd_rdp_set(struct sd_target *t, int level, unsigned confirm, struct sd_ob_plan *plan)
{
    if (!t || level < 0 || level > 2)
        return SD_ERR_INVALID_ARG;
    sd_session_clear_error(t->s);
    const struct stm32_ob_field *fields;
    int rc = fields_of(t, true, &fields);
    if (rc)
        return rc;
    const struct stm32_ob_field *rdp = stm32_ob_rdp_field(fields);
    uint32_t value;
    if (!rdp)
        return sd_fail(t->s, SD_ERR_NOT_SUPPORTED, SD_LOG_OPS,
                       "the option-byte table of %s has no RDP field", flash_ops(t)->name);
    if (!stm32_ob_rdp_value_for(flash_ops(t)->rdp_value, level, &value))
        return sd_fail(t->s, SD_ERR_NOT_SUPPORTED, SD_LOG_OPS,
                       "%s has no read-out protection level %d", t->chip.part->name, level);
    /* Level 1 is any value but level 0's and 2's: a chip already at level
     * 1 keeps its value (nothing to write). */
    int now_level;
    uint32_t now_value;
    rc = sd_rdp_get(t, &now_level, &now_value);
    if (rc)
        return rc;
    if (now_level == level)
        value = now_value;
    char assignment[SD_OB_NAME_MAX + 16];
    snprintf(assignment, sizeof assignment, "%s=0x%X", rdp->name, value);
    const char *const list[] = { assignment };
    return sd_option_bytes_write(t, list, 1, confirm, plan);
}
