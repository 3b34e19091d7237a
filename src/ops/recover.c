/* STUB (lead). */
#include <string.h>

#include <swdoctor/doctor.h>

int sd_recover(struct sd_session *s, const struct sd_recover_options *opt,
               struct sd_recover_report *report)
{
    (void)s; (void)opt;
    if (report)
        memset(report, 0, sizeof *report);
    return SD_ERR_NOT_SUPPORTED;
}
