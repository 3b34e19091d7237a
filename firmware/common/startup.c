/* Startup for the test firmwares: vector table, reset handler, default
 * exception handlers.  No C library: the reset handler copies .data and
 * zeroes .bss itself, then calls main().
 *
 * The vector table is the core's 16 system entries (the same on the
 * Cortex-M3, M4 and M7: ARMv7-M ARM B1.5.3) followed by the part's
 * FW_IRQ_VECTORS peripheral interrupts (fw_part.h, in the part's
 * directory parts/<part>/, which the build puts on the include path). */
#include <stdint.h>

#include "fw_part.h"

/* From the part's linker script (common/sections.ld). */
extern uint32_t _estack;
extern uint32_t _sidata, _sdata, _edata;
extern uint32_t _sbss, _ebss;

int main(void);

void Reset_Handler(void);
void Default_Handler(void);

/* Each system handler has its own name so that a debugger shows which
 * exception it is looking at; firmwares may override any of them. */
void NMI_Handler(void) __attribute__((weak));
void HardFault_Handler(void) __attribute__((weak));
void MemManage_Handler(void) __attribute__((weak, alias("Default_Handler")));
void BusFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void UsageFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SVC_Handler(void) __attribute__((weak, alias("Default_Handler")));
void DebugMon_Handler(void) __attribute__((weak, alias("Default_Handler")));
void PendSV_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SysTick_Handler(void) __attribute__((weak, alias("Default_Handler")));

#define SYSTEM_VECTORS 16

typedef void (*vector_fn)(void);

/* Word 0 is the initial MSP, word 1 the reset vector (ARMv7-M B1.5.5).
 * Kept by the linker script (KEEP(*(.isr_vector))) at the start of flash. */
__attribute__((section(".isr_vector"), used))
const vector_fn fw_vector_table[SYSTEM_VECTORS + FW_IRQ_VECTORS] = {
    [0] = (vector_fn)(uintptr_t)&_estack,
    [1] = Reset_Handler,
    [2] = NMI_Handler,
    [3] = HardFault_Handler,
    [4] = MemManage_Handler,
    [5] = BusFault_Handler,
    [6] = UsageFault_Handler,
    /* 7..10 reserved (0) */
    [11] = SVC_Handler,
    [12] = DebugMon_Handler,
    /* 13 reserved */
    [14] = PendSV_Handler,
    [15] = SysTick_Handler,
    [SYSTEM_VECTORS ... SYSTEM_VECTORS + FW_IRQ_VECTORS - 1] = Default_Handler,
};

void Reset_Handler(void)
{
    /* Word loops: the linker script aligns both ends of .data and .bss to
     * 4.  Built with -fno-tree-loop-distribute-patterns so that these do
     * not become calls to a memcpy/memset we do not link. */
    const uint32_t *src = &_sidata;
    for (uint32_t *dst = &_sdata; dst < &_edata; )
        *dst++ = *src++;
    for (uint32_t *dst = &_sbss; dst < &_ebss; )
        *dst++ = 0;
    main();
    for (;;)
        ;
}

/* An unexpected interrupt: stop here, where a debugger can see it. */
void Default_Handler(void)
{
    for (;;)
        ;
}

void NMI_Handler(void)
{
    for (;;)
        ;
}

void HardFault_Handler(void)
{
    for (;;)
        ;
}
