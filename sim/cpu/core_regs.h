/* Register map of the Cortex-M Private Peripheral Bus parts the core
 * model owns.  ARMv7-M ARM (DDI0403E) B3.2 SCB, C1.6 debug registers,
 * C1.8 DWT, C1.11 FPB; ARMv6-M ARM C1; CoreSight ROM table (ADIv5 D3).
 * Also ref: stlink-protocol.md §0 "Register constants". */
#ifndef SIM_CPU_CORE_REGS_H
#define SIM_CPU_CORE_REGS_H

/* PPB component bases */
#define PPB_ITM_BASE   0xE0000000u
#define PPB_DWT_BASE   0xE0001000u
#define PPB_FPB_BASE   0xE0002000u
#define PPB_SCS_BASE   0xE000E000u
#define PPB_TPIU_BASE  0xE0040000u
#define PPB_ROM_BASE   0xE00FF000u
#define PPB_BLOCK_SIZE 0x1000u

/* SCS offsets (from 0xE000E000) */
#define SCS_ICTR      0x004u
#define SCS_ACTLR     0x008u
#define SCS_STK_CSR   0x010u /* SysTick, B3.3 */
#define SCS_STK_RVR   0x014u
#define SCS_STK_CVR   0x018u
#define SCS_STK_CALIB 0x01Cu
#define SCS_CPUID     0xD00u
#define SCS_ICSR      0xD04u
#define SCS_VTOR      0xD08u
#define SCS_AIRCR     0xD0Cu
#define SCS_SCR       0xD10u
#define SCS_CCR       0xD14u
#define SCS_SHPR1     0xD18u
#define SCS_SHPR2     0xD1Cu
#define SCS_SHPR3     0xD20u
#define SCS_SHCSR     0xD24u
#define SCS_CFSR      0xD28u
#define SCS_HFSR      0xD2Cu
#define SCS_DFSR      0xD30u
#define SCS_MMFAR     0xD34u
#define SCS_BFAR      0xD38u
#define SCS_AFSR      0xD3Cu
#define SCS_CPACR     0xD88u
#define SCS_DHCSR     0xDF0u
#define SCS_DCRSR     0xDF4u
#define SCS_DCRDR     0xDF8u
#define SCS_DEMCR     0xDFCu
#define SCS_STIR      0xF00u
#define SCS_FPCCR     0xF34u
#define SCS_FPCAR     0xF38u
#define SCS_FPDSCR    0xF3Cu
#define SCS_MVFR0     0xF40u
#define SCS_MVFR1     0xF44u
#define SCS_MVFR2     0xF48u
#define CS_PIDR4      0xFD0u /* CoreSight ID block, in every component */
#define CS_PIDR0      0xFE0u
#define CS_CIDR0      0xFF0u
#define CS_CIDR3      0xFFCu

/* DHCSR, C1.6.2 */
#define DHCSR_DBGKEY       0xA05F0000u
#define DHCSR_KEY_MASK     0xFFFF0000u
#define DHCSR_C_DEBUGEN    (1u << 0)
#define DHCSR_C_HALT       (1u << 1)
#define DHCSR_C_STEP       (1u << 2)
#define DHCSR_C_MASKINTS   (1u << 3)
#define DHCSR_C_SNAPSTALL  (1u << 5)
#define DHCSR_C_MASK       (DHCSR_C_DEBUGEN | DHCSR_C_HALT | DHCSR_C_STEP | \
                            DHCSR_C_MASKINTS | DHCSR_C_SNAPSTALL)
#define DHCSR_S_REGRDY     (1u << 16)
#define DHCSR_S_HALT       (1u << 17)
#define DHCSR_S_SLEEP      (1u << 18)
#define DHCSR_S_LOCKUP     (1u << 19)
#define DHCSR_S_RETIRE_ST  (1u << 24)
#define DHCSR_S_RESET_ST   (1u << 25)

/* DCRSR, C1.6.3 */
#define DCRSR_REGWNR       (1u << 16)
#define DCRSR_REGSEL_MASK  0x7Fu
#define REGSEL_SP          13u
#define REGSEL_LR          14u
#define REGSEL_PC          15u /* DebugReturnAddress */
#define REGSEL_XPSR        16u
#define REGSEL_MSP         17u
#define REGSEL_PSP         18u
#define REGSEL_SPECIAL     20u /* CONTROL|FAULTMASK|BASEPRI|PRIMASK */
#define REGSEL_FPSCR       0x21u
#define REGSEL_S0          0x40u
#define REGSEL_S31         0x5Fu

/* DEMCR, C1.6.5 */
#define DEMCR_VC_CORERESET (1u << 0)
#define DEMCR_VC_MMERR     (1u << 4)
#define DEMCR_VC_NOCPERR   (1u << 5)
#define DEMCR_VC_CHKERR    (1u << 6)
#define DEMCR_VC_STATERR   (1u << 7)
#define DEMCR_VC_BUSERR    (1u << 8)
#define DEMCR_VC_INTERR    (1u << 9)
#define DEMCR_VC_HARDERR   (1u << 10)
#define DEMCR_MON_EN       (1u << 16)
#define DEMCR_MON_PEND     (1u << 17)
#define DEMCR_MON_STEP     (1u << 18)
#define DEMCR_MON_REQ      (1u << 19)
#define DEMCR_TRCENA       (1u << 24)
#define DEMCR_V7M_MASK     0x010F07F1u
#define DEMCR_V6M_MASK     (DEMCR_TRCENA | DEMCR_VC_HARDERR | DEMCR_VC_CORERESET)

/* DFSR, C1.6.1 (write one to clear) */
#define DFSR_HALTED   (1u << 0)
#define DFSR_BKPT     (1u << 1)
#define DFSR_DWTTRAP  (1u << 2)
#define DFSR_VCATCH   (1u << 3)
#define DFSR_EXTERNAL (1u << 4)
#define DFSR_MASK     0x1Fu

/* AIRCR, B3.2.6 */
#define AIRCR_VECTKEY       0x05FA0000u
#define AIRCR_VECTKEYSTAT   0xFA050000u
#define AIRCR_KEY_MASK      0xFFFF0000u
#define AIRCR_VECTRESET     (1u << 0)
#define AIRCR_VECTCLRACTIVE (1u << 1)
#define AIRCR_SYSRESETREQ   (1u << 2)
#define AIRCR_PRIGROUP_SHIFT 8
#define AIRCR_PRIGROUP_MASK (7u << 8)

/* VTOR, B3.2.5 */
#define VTOR_TBLOFF_MASK 0xFFFFFF80u

/* SysTick, B3.3.3-B3.3.5 (registers kept, the counter does not run) */
#define STK_CSR_WRITABLE 0x7u       /* ENABLE TICKINT CLKSOURCE */
#define STK_RVR_MASK     0x00FFFFFFu

/* SCR, B3.2.7 */
#define SCR_SLEEPONEXIT (1u << 1)
#define SCR_SLEEPDEEP   (1u << 2)
#define SCR_SEVONPEND   (1u << 4)
#define SCR_MASK        (SCR_SLEEPONEXIT | SCR_SLEEPDEEP | SCR_SEVONPEND)

/* CCR, B3.2.8 */
#define CCR_STKALIGN    (1u << 9)
#define CCR_V7M_RESET   CCR_STKALIGN
#define CCR_V7M_WRITABLE 0x0000031Bu /* NONBASETHRDENA USERSETMPEND
                                        UNALIGN_TRP DIV_0_TRP BFHFNMIGN
                                        STKALIGN */
#define CCR_V6M_VALUE   (CCR_STKALIGN | (1u << 3)) /* UNALIGN_TRP RAO */

/* ICSR, B3.2.4 */
#define ICSR_VECTACTIVE_MASK 0x1FFu
#define ICSR_PENDSTSET  (1u << 26)
#define ICSR_PENDSVSET  (1u << 28)

/* SHCSR, B3.2.13 */
#define SHCSR_MEMFAULTACT (1u << 0)
#define SHCSR_BUSFAULTACT (1u << 1)
#define SHCSR_USGFAULTACT (1u << 3)
#define SHCSR_SVCALLACT   (1u << 7)
#define SHCSR_PENDSVACT   (1u << 10)
#define SHCSR_SYSTICKACT  (1u << 11)
#define SHCSR_MEMFAULTENA (1u << 16)
#define SHCSR_BUSFAULTENA (1u << 17)
#define SHCSR_USGFAULTENA (1u << 18)
#define SHCSR_ENA_MASK    (SHCSR_MEMFAULTENA | SHCSR_BUSFAULTENA | \
                           SHCSR_USGFAULTENA)

/* CFSR = MMFSR | BFSR << 8 | UFSR << 16, B3.2.15 */
#define CFSR_IACCVIOL    (1u << 0)
#define CFSR_MMARVALID   (1u << 7)
#define CFSR_IBUSERR     (1u << 8)
#define CFSR_PRECISERR   (1u << 9)
#define CFSR_STKERR      (1u << 12)
#define CFSR_BFARVALID   (1u << 15)
#define CFSR_UNDEFINSTR  (1u << 16)
#define CFSR_INVSTATE    (1u << 17)
#define CFSR_INVPC       (1u << 18)
#define CFSR_NOCP        (1u << 19)
#define CFSR_UNALIGNED   (1u << 24)
#define CFSR_DIVBYZERO   (1u << 25)

/* HFSR, B3.2.16 */
#define HFSR_VECTTBL  (1u << 1)
#define HFSR_FORCED   (1u << 30)
#define HFSR_DEBUGEVT (1u << 31u)

/* Exception numbers, B1.5.2 */
#define EXC_RESET      1u
#define EXC_NMI        2u
#define EXC_HARDFAULT  3u
#define EXC_MEMMANAGE  4u
#define EXC_BUSFAULT   5u
#define EXC_USAGEFAULT 6u
#define EXC_SVCALL     11u
#define EXC_PENDSV     14u
#define EXC_SYSTICK    15u

/* EXC_RETURN, B1.5.8 */
#define EXC_RETURN_HANDLER     0xFFFFFFF1u
#define EXC_RETURN_THREAD_MSP  0xFFFFFFF9u
#define EXC_RETURN_THREAD_PSP  0xFFFFFFFDu
#define EXC_RETURN_MIN         0xFFFFFF00u
#define EXC_RETURN_THREAD_BIT  (1u << 3)
#define EXC_RETURN_PSP_BIT     (1u << 2)
#define EXC_RETURN_BASIC_FRAME (1u << 4)

/* xPSR */
#define XPSR_T          (1u << 24)
#define XPSR_IT_MASK    0x0600FC00u /* IT[1:0] at 26:25, IT[7:2] at 15:10 */
#define XPSR_IPSR_MASK  0x1FFu
#define XPSR_STKALIGN   (1u << 9) /* in the stacked xPSR only */

/* CONTROL */
#define CONTROL_NPRIV   (1u << 0)
#define CONTROL_SPSEL   (1u << 1)
#define CONTROL_FPCA    (1u << 2)

/* FPB, C1.11 */
#define FPB_CTRL        0x000u
#define FPB_REMAP       0x004u
#define FPB_COMP0       0x008u
#define FP_CTRL_ENABLE  (1u << 0)
#define FP_CTRL_KEY     (1u << 1)
#define FP_COMP_ENABLE  (1u << 0)
#define FP_COMP_V1_ADDR 0x1FFFFFFCu
#define FP_COMP_V1_WRITABLE (0xC0000000u | FP_COMP_V1_ADDR | FP_COMP_ENABLE)
#define FP_V1_CODE_LIMIT 0x20000000u /* FPBv1 matches the Code region only */
#define FP_COMP_REPLACE_SHIFT 30
#define FP_REPLACE_REMAP 0u
#define FP_REPLACE_LOWER 1u
#define FP_REPLACE_UPPER 2u
#define FP_REPLACE_BOTH  3u

/* DWT, C1.8 */
#define DWT_CTRL        0x000u
#define DWT_CYCCNT      0x004u
#define DWT_CPICNT      0x008u
#define DWT_EXCCNT      0x00Cu
#define DWT_SLEEPCNT    0x010u
#define DWT_LSUCNT      0x014u
#define DWT_FOLDCNT     0x018u
#define DWT_PCSR        0x01Cu
#define DWT_COMP0       0x020u
#define DWT_STRIDE      0x010u
#define DWT_COMP_OFF    0x0u
#define DWT_MASK_OFF    0x4u
#define DWT_FUNC_OFF    0x8u
#define DWT_CTRL_CYCCNTENA   (1u << 0)
#define DWT_CTRL_NUMCOMP_SHIFT 28
#define DWT_FUNC_MASK       0xFu
#define DWT_FUNC_PC         4u
#define DWT_FUNC_READ       5u
#define DWT_FUNC_WRITE      6u
#define DWT_FUNC_RW         7u
#define DWT_FUNC_MATCHED    (1u << 24)
#define DWT_FUNC_WRITABLE   0x000F0FEFu
#define DWT_MASK_BITS       0x1Fu

/* CoreSight component classes (CIDR1[7:4]) */
#define CS_CLASS_ROM     0x1u
#define CS_CLASS_GENERIC 0xEu
#define CS_CLASS_CORESIGHT 0x9u

#endif
