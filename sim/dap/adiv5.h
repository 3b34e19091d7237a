/* Register map of an ADIv5 debug port and MEM-AP, as the bench's DAP
 * implements it.  Facts from ARM IHI 0031 (ADIv5.2): DP registers §B2.2,
 * MEM-AP registers §C2.6; bit positions agree with OpenOCD
 * src/target/arm_adi_v5.h. */
#ifndef SIM_DAP_ADIV5_H
#define SIM_DAP_ADIV5_H

/* ---- DP register addresses (A[3:2] of the request), §B2.2 ---- */
#define DP_REG_DPIDR   0x0u /* read: DPIDR (SW-DP) / IDCODE path (JTAG) */
#define DP_REG_ABORT   0x0u /* write */
#define DP_REG_CTRLSTAT 0x4u /* banked by SELECT.DPBANKSEL (DPv1+) */
#define DP_REG_SELECT  0x8u /* write; a SW-DP read here is RESEND (DPv1+) */
#define DP_REG_RDBUFF  0xCu /* read */

/* DP banks at address 0x4, §B2.2 (DLCR from DPv1, the rest from DPv2). */
#define DP_BANK_CTRLSTAT 0x0u
#define DP_BANK_DLCR     0x1u
#define DP_BANK_TARGETID 0x2u
#define DP_BANK_DLPIDR   0x3u
#define DP_BANK_EVENTSTAT 0x4u

/* DPIDR fields, §B2.2.5 */
#define DPIDR_VERSION_SHIFT 12
#define DPIDR_VERSION_MASK  0xFu

/* ABORT bits, §B2.2.1 */
#define ABORT_DAPABORT   (1u << 0)
#define ABORT_STKCMPCLR  (1u << 1)
#define ABORT_STKERRCLR  (1u << 2)
#define ABORT_WDERRCLR   (1u << 3)
#define ABORT_ORUNERRCLR (1u << 4)

/* CTRL/STAT bits, §B2.2.3 */
#define CS_ORUNDETECT   (1u << 0)
#define CS_STICKYORUN   (1u << 1)
#define CS_TRNMODE_MASK (3u << 2)
#define CS_STICKYCMP    (1u << 4)
#define CS_STICKYERR    (1u << 5)
#define CS_READOK       (1u << 6)
#define CS_WDATAERR     (1u << 7)
#define CS_MASKLANE_MASK (0xFu << 8)
#define CS_TRNCNT_MASK  (0xFFFu << 12)
#define CS_CDBGRSTREQ   (1u << 26)
#define CS_CDBGRSTACK   (1u << 27)
#define CS_CDBGPWRUPREQ (1u << 28)
#define CS_CDBGPWRUPACK (1u << 29)
#define CS_CSYSPWRUPREQ (1u << 30)
#define CS_CSYSPWRUPACK (1u << 31)
/* What a debugger can write (the rest is status). */
#define CS_WRITABLE (CS_ORUNDETECT | CS_TRNMODE_MASK | CS_MASKLANE_MASK | \
                     CS_TRNCNT_MASK | CS_CDBGRSTREQ | CS_CDBGPWRUPREQ |   \
                     CS_CSYSPWRUPREQ)
/* Flags that make the DP answer FAULT, §B4.2.4 (SW-DP). */
#define CS_STICKY_ANY (CS_STICKYORUN | CS_STICKYCMP | CS_STICKYERR | CS_WDATAERR)
/* JTAG-DP clears these by writing 1 to CTRL/STAT, §B2.2.3. */
#define CS_STICKY_W1C (CS_STICKYORUN | CS_STICKYCMP | CS_STICKYERR)

/* SELECT fields, §B2.2.9 */
#define SELECT_APSEL_SHIFT     24
#define SELECT_APSEL_MASK      0xFFu
#define SELECT_APBANKSEL_MASK  0xF0u
#define SELECT_DPBANKSEL_MASK  0x0Fu

/* DLCR (DPv1+), §B2.2.4: TURNROUND[9:8]; WIREMODE[7:6] reads 0b01
 * (synchronous SWD). */
#define DLCR_TURNROUND_MASK (3u << 8)
#define DLCR_RESET          (1u << 6)

/* ---- MEM-AP register offsets, §C2.6 ---- */
#define AP_REG_CSW   0x00u
#define AP_REG_TAR   0x04u
#define AP_REG_DRW   0x0Cu
#define AP_REG_BD0   0x10u
#define AP_REG_BD3   0x1Cu
#define AP_REG_CFG   0xF4u
#define AP_REG_BASE  0xF8u
#define AP_REG_IDR   0xFCu

/* CSW fields, §C2.6.4 and the Cortex-M3/M4 TRMs' AHB-AP CSW. */
#define CSW_SIZE_MASK       0x7u
#define CSW_SIZE_8          0x0u
#define CSW_SIZE_16         0x1u
#define CSW_SIZE_32         0x2u
#define CSW_ADDRINC_SHIFT   4
#define CSW_ADDRINC_MASK    (3u << 4)
#define CSW_ADDRINC_OFF     (0u << 4)
#define CSW_ADDRINC_SINGLE  (1u << 4)
#define CSW_ADDRINC_PACKED  (2u << 4)
#define CSW_DEVICEEN        (1u << 6)  /* RO: transfers permitted */
#define CSW_TRINPROG        (1u << 7)  /* RO: transfer in progress */
#define CSW_MODE_MASK       (0xFu << 8)
#define CSW_SPIDEN          (1u << 23) /* RO: secure debug enabled */
#define CSW_PROT_MASK       (0xFFu << 24) /* HPROT, MasterType, DbgSwEnable */
/* Written by the debugger; DeviceEn, TrInProg and SPIDEN are status. */
#define CSW_WRITABLE (CSW_SIZE_MASK | CSW_ADDRINC_MASK | CSW_MODE_MASK | \
                      CSW_PROT_MASK)
/* Cortex-M3/M4 AHB-AP CSW reset value: HPROT[1:0] = data, privileged;
 * DeviceEn set (Cortex-M3 TRM r2p0 §11 "AHB-AP CSW", reset 0x03000040). */
#define CSW_RESET           0x03000040u

/* TAR auto-increment is only guaranteed within a 1 KiB block (ADIv5.2
 * §C2.2.2 "Automatic address increment"): the low 10 bits wrap. */
#define TAR_AUTOINC_BLOCK   0x400u

#endif
