/* Boot mode: reset the chip with vector catch (DEMCR.VC_CORERESET, ARMv7-M
 * ARM C1.6.5) and look where the core stops, before any instruction ran.
 * A PC (or VTOR) inside system memory (stm32-families.md §1.4) means the
 * chip boots ST's bootloader: BOOT0 high, or the boot option bits.
 *
 * The core is left halted at the reset vector (d->halted_at_reset) so
 * firmware forensics can arm its watchpoints before the firmware's first
 * instruction; doctor_release_core (here too, called by sd_doctor_run
 * before doctor_disconnect) lets it run again at the end. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/session_internal.h"
#include "doctor/doctor_internal.h"
#include "stm32/option_bytes.h"

#define SCB_VTOR            0xE000ED08u
#define RESET_HALT_WAIT_MS  500

/* Under reset (NRST held low by the probe): ask for a halt at the reset
 * vector, then release NRST; no firmware instruction runs. */
static int halt_from_nrst(struct doctor *d)
{
    struct arm_target *t = &d->core;
    int rc = arm_write32(t, ARM_DHCSR, ARM_DHCSR_DBGKEY | ARM_DHCSR_C_DEBUGEN | ARM_DHCSR_C_HALT);
    if (!rc)
        rc = arm_write32(t, ARM_DEMCR, ARM_DEMCR_TRCENA | ARM_DEMCR_VC_CORERESET);
    int rel = stlink_nrst(d->st, STLINK_NRST_RELEASE);
    d->nrst_low = false;
    if (!rc)
        rc = rel;
    if (!rc)
        rc = arm_wait_halt(t, RESET_HALT_WAIT_MS);
    if (!rc)
        rc = arm_write32(t, ARM_DEMCR, ARM_DEMCR_TRCENA);
    return rc;
}

static int halt_at_reset(struct doctor *d)
{
    if (d->nrst_low)
        return halt_from_nrst(d);
    int rc = arm_reset(&d->core, ARM_RESET_SYSTEM, true);
    if (rc == SD_OK || !(d->nrst_works || d->reach == REACH_UNDER_RESET))
        return rc;
    /* The firmware may already have taken the pins: again under reset. */
    sd_session_clear_error(d->s);
    doctor_disconnect(d);
    uint32_t id = 0;
    if (!doctor_try_connect(d, STLINK_CONNECT_UNDER_RESET, d->best_khz, &id))
        return SD_ERR_NO_TARGET;
    d->nrst_low = true;     /* UNDER_RESET leaves NRST low (stlink.h) */
    return halt_from_nrst(d);
}

/* What the boot option bits say, for the evidence and the fix. */
struct boot_bits {
    char list[200];         /* "nSWBOOT0=1 nBOOT0=1 nBOOT1=1" */
    bool by_option;         /* the option bits (not the pin) select system memory */
    bool known;
};

static bool field(const struct stm32_ob_field *fields, const struct stm32_ob *ob,
                  const char *name, uint32_t *v)
{
    const struct stm32_ob_field *f = stm32_ob_find(fields, name);
    if (!f)
        return false;
    *v = stm32_ob_get(ob, f);
    return true;
}

static void read_boot_bits(struct doctor *d, struct boot_bits *b)
{
    memset(b, 0, sizeof *b);
    const struct stm32_ob_field *fields = stm32_ob_fields(&d->chip);
    struct stm32_ob ob;
    memset(&ob, 0, sizeof ob);
    if (!fields || !d->chip.part->flash->ob_read || d->chip.part->flash->ob_read(&d->chip, &ob)) {
        sd_session_clear_error(d->s);
        return;
    }
    b->known = true;
    size_t used = 0;
    for (const struct stm32_ob_field *f = fields; f->name && used < sizeof b->list; f++)
        if (strcasestr(f->name, "BOOT") && strcasecmp(f->name, "BOOT_LOCK") != 0)
            used += (size_t)snprintf(b->list + used, sizeof b->list - used,
                                     f->kind == STM32_OB_NUMBER ? "%s%s=0x%x" : "%s%s=%u",
                                     used ? " " : "", f->name, stm32_ob_get(&ob, f));
    uint32_t sw, n0, sel, add0;
    const struct stm32_debug_facts *fa = d->facts;
    if (field(fields, &ob, "nSWBOOT0", &sw) && field(fields, &ob, "nBOOT0", &n0))
        b->by_option = sw == 0 && n0 == 0;                 /* L4/G4/WB/WL/L5/U5 */
    else if (field(fields, &ob, "nBOOT_SEL", &sel) && field(fields, &ob, "nBOOT0", &n0))
        b->by_option = sel == 1 && n0 == 0;                /* G0/C0 */
    else if (field(fields, &ob, "BOOT_SEL", &sel) && field(fields, &ob, "nBOOT0", &n0))
        b->by_option = sel == 0 && n0 == 0;                /* F04x/F09x */
    else if ((field(fields, &ob, "BOOT_ADD0", &add0) ||
              field(fields, &ob, "BOOT_CM7_ADD0", &add0)) && fa) {
        /* H7: bits 31:16 of the address; F7: the address >> 14. */
        uint32_t addr = fa->pwr_cr3 ? add0 << 16 : add0 << 14;
        b->by_option = addr - fa->sysmem_base < fa->sysmem_size;
    }
}

static bool in_sysmem(const struct stm32_debug_facts *fa, uint32_t a)
{
    return fa && fa->sysmem_size && a - fa->sysmem_base < fa->sysmem_size;
}

/* The main flash's first word reads erased (0xFFFFFFFF, 0 on L0/L1). */
static bool flash_empty(struct doctor *d)
{
    uint32_t first = 0;
    const struct stm32_part *p = d->chip.part;
    bool empty = p && arm_read32(&d->core, p->flash_base, &first) == SD_OK &&
                 first == (p->flash->erased_zero ? 0u : 0xFFFFFFFFu);
    sd_session_clear_error(d->s);
    return empty;
}

static void boot_finding(struct doctor *d, uint32_t pc, uint32_t vtor)
{
    const struct stm32_debug_facts *fa = d->facts;
    struct boot_bits b;
    read_boot_bits(d, &b);
    /* G0/C0/WB/WL boot system memory when the flash is empty (the boot
     * selector text of those rows says so, stm32-families.md §4.2). */
    bool empty = flash_empty(d);
    bool empty_check = empty && !b.by_option && strstr(fa->boot_selector, "erased flash");
    struct sd_finding *f = doctor_find(d, "boot-from-system-memory", SD_CONFIDENCE_CERTAIN, "%s",
                                       empty_check
                                           ? "after reset the core runs ST's bootloader in "
                                             "system memory: the flash is empty, and this chip "
                                             "then boots the bootloader"
                                           : "after reset the core runs ST's bootloader in "
                                             "system memory, not the application in flash");
    doctor_evidence(f, "PC at reset", "0x%08x (system memory 0x%08x-0x%08x)", pc,
                    fa->sysmem_base, fa->sysmem_base + fa->sysmem_size - 1u);
    if (vtor)
        doctor_evidence(f, "VTOR", "0x%08x", vtor);
    doctor_evidence(f, "boot selected by", "%s", fa->boot_selector);
    if (b.known && b.list[0])
        doctor_evidence(f, "boot option bits", "%s", b.list);
    else if (b.known)
        doctor_evidence(f, "BOOT0 pin", "high (this family has no boot option bit: only the "
                        "pins select system memory)");
    if (empty)
        doctor_evidence(f, "flash", "erased at 0x%08x", d->chip.part->flash_base);
    if (empty_check)
        doctor_fix(f, "Flash the application (`swdoctor flash APP.elf`): with the flash "
                      "programmed the chip boots it.  If it still boots the bootloader, "
                      "BOOT0 is high.");
    else if (b.by_option)
        doctor_fix(f, "The option bits select system memory (%s): set them to boot flash with "
                      "`swdoctor option-bytes set ...`, then reset.", b.list);
    else if (b.known && b.list[0])
        doctor_fix(f, "The boot option bits select flash, so the BOOT0 pin is high: pull BOOT0 "
                      "low (jumper or resistor) and reset.  (While BOOT0 is high no application "
                      "runs, which is how `swdoctor recover` gets past firmware that locks the "
                      "debugger out.)");
    else
        doctor_fix(f, "Pull BOOT0 low (jumper or resistor) and reset.  (While BOOT0 is high no "
                      "application runs, which is how `swdoctor recover` gets past firmware "
                      "that locks the debugger out.)");
}

enum doctor_flow check_boot(struct doctor *d)
{
    if (!doctor_core_ready(d) || !d->facts)
        return DOCTOR_NEXT;
    /* check_wire may already hold the core at its reset vector (under
     * reset); otherwise reset it with vector catch. */
    uint32_t dh = 0;
    bool already = d->halted_at_reset && arm_read_dhcsr(&d->core, &dh) == SD_OK &&
                   (dh & ARM_DHCSR_S_HALT);
    sd_session_clear_error(d->s);
    if (!already && halt_at_reset(d) != SD_OK) {
        sd_session_clear_error(d->s);
        doctor_step(d, "boot", "the core did not stop at the reset vector");
        return DOCTOR_NEXT;
    }
    uint32_t pc = 0, vtor = 0;
    if (arm_reg_read(&d->core, ARM_REG_PC, &pc) != SD_OK) {
        sd_session_clear_error(d->s);
        doctor_step(d, "boot", "halted at reset, but the PC could not be read");
        return DOCTOR_NEXT;
    }
    if (arm_read32(&d->core, SCB_VTOR, &vtor) != SD_OK)
        vtor = 0;                     /* ARMv6-M without VTOR */
    sd_session_clear_error(d->s);
    bool sysmem = in_sysmem(d->facts, pc) || (vtor && in_sysmem(d->facts, vtor));
    doctor_step(d, "boot", "halted at the reset vector: PC 0x%08x, VTOR 0x%08x (%s)", pc, vtor,
                sysmem ? "system memory" : "application");
    if (sysmem && strstr(d->facts->boot_selector, "erased flash") && doctor_flash_blank(d)) {
        /* G0/C0/WB/WL boot the bootloader from blank flash by design; the
         * chip can be flashed, and then boots the application. */
        doctor_step(d, "boot", "the flash is blank, so this chip boots its bootloader (empty "
                    "check); nothing keeps it from being flashed");
        d->halted_at_reset = false;
        return DOCTOR_NEXT;
    }
    if (sysmem) {
        boot_finding(d, pc, vtor);
        /* The application never runs on this boot: nothing for forensics. */
        d->halted_at_reset = false;
        return DOCTOR_NEXT;
    }
    d->halted_at_reset = true;
    return DOCTOR_NEXT;
}

void doctor_release_core(struct doctor *d)
{
    if (!d->connected || !d->core.ops)
        return;
    /* No vector catch, no DWT (TRCENA off), then resume and switch halting
     * debug off: the firmware runs as if no debugger had been there.  Under
     * reset this runs before NRST is released, so the core starts freely. */
    arm_write32(&d->core, ARM_DEMCR, 0);
    uint32_t v = 0;
    if (arm_read_dhcsr(&d->core, &v) == SD_OK && (v & ARM_DHCSR_S_HALT))
        arm_resume(&d->core);
    arm_write32(&d->core, ARM_DHCSR, ARM_DHCSR_DBGKEY);
    d->halted_at_reset = false;
    sd_session_clear_error(d->s);
}
