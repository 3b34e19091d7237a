/* A target: the chip behind an open probe, connected, identified and ready
 * for the everyday operations (info, flash, verify, read, erase, reset).
 *
 *     struct sd_probe *p;  struct sd_target *t;  struct sd_image *img;
 *     struct sd_connect_options co = { .transport = SD_TRANSPORT_SWD };
 *     if (sd_probe_open(s, NULL, &p) || sd_target_attach(s, p, &co, &t) ||
 *         sd_image_load(s, "app.elf", NULL, &img) || sd_flash(t, img, NULL, NULL))
 *         fprintf(stderr, "%s\n", sd_session_detail(s));
 */
#ifndef SWDOCTOR_TARGET_H
#define SWDOCTOR_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include <swdoctor/image.h>
#include <swdoctor/probe.h>
#include <swdoctor/session.h>

#ifdef __cplusplus
extern "C" {
#endif

enum sd_transport { SD_TRANSPORT_SWD, SD_TRANSPORT_JTAG };

enum sd_connect_mode {
    SD_CONNECT_NORMAL,      /* attach, halt when an operation needs it */
    SD_CONNECT_UNDER_RESET, /* NRST low while connecting; halt at the reset
                               vector before any firmware runs */
    SD_CONNECT_HOT_PLUG,    /* never reset or halt on attach */
};

struct sd_connect_options {
    unsigned speed_khz;          /* 0: 4000 kHz (or the nearest below), then 480 kHz if that fails */
    enum sd_transport transport;
    enum sd_connect_mode connect;
};

struct sd_target;

/* Connect to the chip behind `probe` (which must stay open while the
 * target is used): measure the target voltage (SD_ERR_TARGET_POWER below
 * 1.6 V), set the clock, enter SWD/JTAG, read the debug port's ID
 * (SD_ERR_NO_TARGET if nothing answers) and identify the chip. */
int sd_target_attach(struct sd_session *s, struct sd_probe *probe,
                     const struct sd_connect_options *opt, struct sd_target **out);
/* Leave debug mode.  The core stays as the last operation left it (sd_flash
 * resets and runs it unless told not to). */
void sd_target_detach(struct sd_target *t);

#define SD_TEXT_MAX 48
struct sd_chip_info {
    char part[SD_TEXT_MAX];       /* "STM32F405/407/415/417" */
    char family[8];               /* "F4" */
    char core[16];                /* "Cortex-M4" */
    char flash_driver[SD_TEXT_MAX];
    unsigned dev_id, rev_id;
    uint32_t cpuid, dp_idcode;
    uint32_t flash_base;
    unsigned flash_kib, sram_kib, sectors;
    int rdp_level;                /* 0, 1, 2 */
    uint64_t wrp_sectors;         /* bit n: sector n write-protected */
    char core_state[16];          /* "running", "halted", "sleeping", "locked up" */
    unsigned speed_khz;           /* clock actually in use */
    int target_mv;
};
int sd_target_chip(struct sd_target *t, struct sd_chip_info *info);

/* Progress of a long operation: phase "erase", "program", "verify", "read". */
typedef void (*sd_progress_fn)(void *user, const char *phase, uint64_t done, uint64_t total);

struct sd_flash_options {
    int no_verify;     /* skip the read-back comparison */
    int no_reset;      /* leave the core halted afterwards */
    int erase_all;     /* mass erase first */
    sd_progress_fn progress;
    void *progress_user;
};

struct sd_flash_report {
    unsigned sectors_erased;
    unsigned sectors_skipped;   /* already held the image */
    uint64_t bytes_programmed;
    uint64_t bytes_total;
    int verified;
};

/* Program `img` into flash: the image is checked against the chip's flash
 * range and protection before anything is erased; only sectors whose
 * content differs are erased and programmed; then verified (CRC on the
 * target) and the chip reset, unless the options say otherwise. */
int sd_flash(struct sd_target *t, const struct sd_image *img, const struct sd_flash_options *opt,
             struct sd_flash_report *report);

/* Compare flash with `img`; SD_ERR_VERIFY with *first_diff set when they
 * differ. */
int sd_verify(struct sd_target *t, const struct sd_image *img, sd_progress_fn progress,
              void *user, uint32_t *first_diff);

int sd_read(struct sd_target *t, uint32_t addr, void *buf, size_t len, sd_progress_fn progress,
            void *user);

/* Erase the sectors covering [addr, addr+len); *first and *count say which. */
int sd_erase(struct sd_target *t, uint32_t addr, uint32_t len, unsigned *first, unsigned *count);
int sd_erase_all(struct sd_target *t);

/* Reset and run, or with `halt` stop at the reset vector; `hardware`
 * pulses NRST instead of AIRCR.SYSRESETREQ. */
int sd_reset(struct sd_target *t, int halt, int hardware);

#ifdef __cplusplus
}
#endif
#endif
