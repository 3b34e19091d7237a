/* erased-vectors: flash whose first words are erased (0xFFFFFFFF), as
 * after an interrupted programming that erased sector 0 and then failed,
 * followed by code that nothing ever reaches.
 *
 * At reset the core loads MSP = 0xFFFFFFFC and PC = 0xFFFFFFFE from the
 * erased table (ARMv7-M ARM B1.5.5); the fetch from the Execute Never
 * system region faults, the HardFault vector is erased too, and the core
 * locks up (B1.5.15).  A debugger can still halt it; `reset halt` with
 * vector catch stops before the first fetch. */
#include <stdint.h>

#define ERASED_WORD 0xFFFFFFFFu
#define VECTOR_WORDS 98u   /* 16 system + 82 interrupts (RM0090 Table 61) */

/* Placed where the vector table would be (linker script .isr_vector). */
__attribute__((section(".isr_vector"), used))
const uint32_t erased_vector_table[VECTOR_WORDS] = {
    [0 ... VECTOR_WORDS - 1] = ERASED_WORD,
};

volatile uint32_t never_counted;

/* The entry point the ELF names (the linker script's ENTRY); a reset never
 * gets here because the table does not point to it. */
void Reset_Handler(void)
{
    for (;;)
        never_counted++;
}
