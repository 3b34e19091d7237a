#include <swdoctor/version.h>

const char *sd_version(void)
{
    return SWDOCTOR_VERSION_STRING;
}
