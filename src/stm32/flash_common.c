/* Helpers every flash driver uses: naming the bits of a status register. */
#include <stdio.h>

#include "stm32.h"

void stm32_describe_bits(uint32_t value, const struct stm32_bit_name *bits, size_t n, char *buf,
                         size_t len)
{
    size_t used = 0;
    if (len)
        buf[0] = '\0';
    for (size_t i = 0; i < n; i++)
        if (value & bits[i].bit)
            used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
                                     used ? ", " : "", bits[i].text);
}
