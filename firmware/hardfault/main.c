/* hardfault: reads a reserved address right after reset.  The read gets a
 * bus error; BusFault is not enabled (SHCSR.BUSFAULTENA = 0 at reset), so
 * it escalates to HardFault (ARMv7-M ARM B1.5.8), and HardFault_Handler
 * (common/startup.c) spins with the faulting context on the stack.  For
 * debugger tests: halt, and the pc is in HardFault_Handler; CFSR.PRECISERR
 * and BFAR tell what happened.
 *
 * 0x20020000 is the first address after SRAM2 on the F405/407, reserved in
 * the memory map (RM0090 §2.3 Table 1). */
#include <stdint.h>

#define RESERVED_ADDR 0x20020000u

volatile uint32_t fault_value;

int main(void)
{
    fault_value = *(volatile uint32_t *)(uintptr_t)RESERVED_ADDR;
    for (;;)
        ;
}
