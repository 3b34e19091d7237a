/* gdb's `monitor` commands (qRcmd): output goes back in O packets (hex
 * text), then OK, or an error reply when the command failed.
 *
 *   reset [halt]   reset the chip (and stop at the reset vector)
 *   halt, resume   run control behind gdb's back
 *   flash erase    mass erase
 *   doctor         explain a fault, then run the doctor and print its report
 *   help           this list */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <swdoctor/doctor.h>

#include "gdb/gdb_internal.h"

#define MON_LINE_MAX 1024

__attribute__((format(printf, 2, 3)))
static void mon_printf(struct gdb_server *g, const char *fmt, ...)
{
    char text[MON_LINE_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    size_t len = (size_t)n < sizeof text ? (size_t)n : sizeof text - 1;
    char pkt[1 + 2 * MON_LINE_MAX + 1];
    pkt[0] = 'O';
    rsp_hex_encode((const uint8_t *)text, len, pkt + 1);
    gdb_send_packet(g, pkt, 1 + 2 * len);
}

static void done(struct gdb_server *g, int rc, const char *what)
{
    if (rc == SD_OK) {
        gdb_reply_str(g, "OK");
        return;
    }
    const char *detail = sd_session_detail(g->s);
    mon_printf(g, "%s failed: %s%s%s\n", what, sd_strerror(rc), detail && *detail ? ": " : "",
               detail ? detail : "");
    gdb_reply_error(g, rc);
    gdb_target_error(g, rc);
}

static void cmd_help(struct gdb_server *g)
{
    mon_printf(g, "swdoctor monitor commands:\n"
                  "  reset [halt]   reset the chip; with halt, stop at the reset vector\n"
                  "  halt           halt the core\n"
                  "  resume         let the core run (gdb still thinks it is stopped)\n"
                  "  flash erase    erase the whole flash\n"
                  "  doctor         explain a fault and run the doctor on the board\n"
                  "  help           this list\n");
    gdb_reply_str(g, "OK");
}

static void cmd_reset(struct gdb_server *g, int halt)
{
    int rc = gdb_target(g);
    if (rc == SD_OK)
        rc = sd_debug_reset(g->t, halt);
    gdb_breaks_forget(g);
    if (rc == SD_OK) {
        uint32_t pc = 0;
        if (halt && sd_debug_reg_read(g->t, SD_REG_PC, &pc) == SD_OK)
            mon_printf(g, "reset, halted at the reset vector (pc 0x%08x)\n", pc);
        else
            mon_printf(g, halt ? "reset and halted\n" : "reset, running\n");
    }
    done(g, rc, "reset");
}

static void print_finding(struct gdb_server *g, const struct sd_finding *f, int first)
{
    const char *title = sd_finding_title(f->id);
    mon_printf(g, "%s%s [%s, %s]\n", first ? "Verdict: " : "Also: ", title ? title : f->id,
               f->id, sd_confidence_name(f->confidence));
    mon_printf(g, "  Cause: %s\n", f->cause);
    for (size_t i = 0; i < f->n_evidence; i++)
        mon_printf(g, "  %s: %s\n", f->evidence[i].name, f->evidence[i].value);
    for (size_t i = 0; i < f->n_candidates; i++)
        mon_printf(g, "  candidate %zu: %s\n", i + 1, f->candidates[i]);
    if (f->fix[0])
        mon_printf(g, "  Fix: %s\n", f->fix);
}

/* The fault (if any) first, while the core still holds it; then the
 * doctor, which needs the probe to itself: detach, run, attach again. */
static void cmd_doctor(struct gdb_server *g)
{
    int rc = gdb_target(g);
    if (rc == SD_OK) {
        char text[512];
        struct sd_stop st;
        if (sd_debug_poll(g->t, &st) == SD_OK &&
            (st.fault || st.reason == SD_STOP_LOCKUP) &&
            sd_debug_fault_text(g->t, text, sizeof text) == SD_OK)
            mon_printf(g, "Fault: %s\n", text);
        else if (sd_debug_fault_text(g->t, text, sizeof text) == SD_OK && text[0])
            mon_printf(g, "Fault status: %s\n", text);
    }
    gdb_target_drop(g);

    struct sd_doctor_options o = {
        .probe_serial = g->opt->probe_serial,
        .transport = g->opt->connect.transport,
        .speed_khz = g->opt->connect.speed_khz,
        .no_forensics = 1,
    };
    struct sd_doctor_report *r = NULL;
    mon_printf(g, "running the doctor (the target is reset)...\n");
    rc = sd_doctor_run(g->s, &o, &r);
    if (rc == SD_OK && r) {
        if (r->part[0])
            mon_printf(g, "Seen: chip %s\n", r->part);
        for (size_t i = 0; i < r->n_findings; i++)
            print_finding(g, &r->findings[i], i == 0);
        sd_doctor_report_free(r);
    }
    int arc = gdb_target(g);
    if (arc == SD_OK)
        arc = sd_debug_halt(g->t);
    if (arc)
        mon_printf(g, "could not attach again: %s\n", sd_strerror(arc));
    else
        mon_printf(g, "attached again; the core is halted\n");
    done(g, rc ? rc : arc, "doctor");
}

void gdb_monitor(struct gdb_server *g, const char *line)
{
    char cmd[MON_LINE_MAX];
    /* Collapse blanks so "reset  halt" works. */
    size_t n = 0;
    for (const char *p = line; *p && n + 1 < sizeof cmd; p++) {
        char c = *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p;
        if (c == ' ' && (n == 0 || cmd[n - 1] == ' '))
            continue;
        cmd[n++] = c;
    }
    while (n && cmd[n - 1] == ' ')
        n--;
    cmd[n] = '\0';

    int rc;
    if (!strcmp(cmd, "help") || !cmd[0]) {
        cmd_help(g);
    } else if (!strcmp(cmd, "reset") || !strcmp(cmd, "reset run")) {
        cmd_reset(g, 0);
    } else if (!strcmp(cmd, "reset halt") || !strcmp(cmd, "reset init")) {
        cmd_reset(g, 1);
    } else if (!strcmp(cmd, "halt")) {
        rc = gdb_target(g);
        if (rc == SD_OK)
            rc = sd_debug_halt(g->t);
        done(g, rc, "halt");
    } else if (!strcmp(cmd, "resume")) {
        rc = gdb_target(g);
        if (rc == SD_OK)
            rc = sd_debug_resume(g->t);
        done(g, rc, "resume");
    } else if (!strcmp(cmd, "flash erase") || !strcmp(cmd, "flash erase_all")) {
        rc = gdb_target(g);
        if (rc == SD_OK) {
            mon_printf(g, "erasing the whole flash...\n");
            rc = sd_erase_all(g->t);
        }
        if (rc == SD_OK)
            mon_printf(g, "flash erased\n");
        gdb_breaks_forget(g);
        done(g, rc, "flash erase");
    } else if (!strcmp(cmd, "doctor")) {
        cmd_doctor(g);
    } else {
        mon_printf(g, "unknown monitor command '%s' (try: monitor help)\n", cmd);
        gdb_reply_str(g, "E01");
    }
}
