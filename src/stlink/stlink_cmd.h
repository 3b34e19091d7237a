/* ST-LINK command bytes, reply sizes and parameters.  Every value is from
 * ../shared/reference/stlink-protocol.md (section given), which restates
 * OpenOCD src/jtag/drivers/stlink_usb.c, stlink-org commands.h and pyOCD
 * constants.py; they agree on every code used here (§4.1 cross-check). */
#ifndef SD_STLINK_CMD_H
#define SD_STLINK_CMD_H

/* Command block: always 16 bytes, zero padded (§1.3). */
#define STLINK_CMD_SIZE 16u

/* Top-level commands, cmd[0] (§2.1). */
#define STLINK_GET_VERSION 0xF1u
#define STLINK_DEBUG_COMMAND 0xF2u
#define STLINK_DFU_COMMAND 0xF3u
#define STLINK_SWIM_COMMAND 0xF4u
#define STLINK_GET_CURRENT_MODE 0xF5u
#define STLINK_GET_TARGET_VOLTAGE 0xF7u
#define STLINK_APIV3_GET_VERSION_EX 0xFBu

/* Sub-commands of DFU and SWIM used to leave those modes (§2.7, §2.8, §3). */
#define STLINK_DFU_EXIT 0x07u
#define STLINK_SWIM_EXIT 0x01u

/* DEBUG_COMMAND sub-commands, cmd[1] (§4.1). */
#define STLINK_DEBUG_READMEM_32BIT 0x07u
#define STLINK_DEBUG_WRITEMEM_32BIT 0x08u
#define STLINK_DEBUG_READMEM_8BIT 0x0Cu
#define STLINK_DEBUG_WRITEMEM_8BIT 0x0Du
#define STLINK_DEBUG_EXIT 0x21u
#define STLINK_DEBUG_APIV2_ENTER 0x30u
#define STLINK_DEBUG_APIV2_READ_IDCODES 0x31u
#define STLINK_DEBUG_APIV2_RESETSYS 0x32u
#define STLINK_DEBUG_APIV2_READREG 0x33u
#define STLINK_DEBUG_APIV2_WRITEREG 0x34u
#define STLINK_DEBUG_APIV2_WRITEDEBUGREG 0x35u
#define STLINK_DEBUG_APIV2_READDEBUGREG 0x36u
#define STLINK_DEBUG_APIV2_READALLREGS 0x3Au
#define STLINK_DEBUG_APIV2_GETLASTRWSTATUS 0x3Bu
#define STLINK_DEBUG_APIV2_DRIVE_NRST 0x3Cu
#define STLINK_DEBUG_APIV2_GETLASTRWSTATUS2 0x3Eu
#define STLINK_DEBUG_APIV2_SWD_SET_FREQ 0x43u
#define STLINK_DEBUG_APIV2_JTAG_SET_FREQ 0x44u
#define STLINK_DEBUG_APIV2_READ_DAP_REG 0x45u
#define STLINK_DEBUG_APIV2_WRITE_DAP_REG 0x46u
#define STLINK_DEBUG_APIV2_READMEM_16BIT 0x47u
#define STLINK_DEBUG_APIV2_WRITEMEM_16BIT 0x48u
#define STLINK_DEBUG_APIV2_INIT_AP 0x4Bu
#define STLINK_DEBUG_APIV2_CLOSE_AP_DBG 0x4Cu
#define STLINK_DEBUG_APIV3_SET_COM_FREQ 0x61u
#define STLINK_DEBUG_APIV3_GET_COM_FREQ 0x62u

/* ENTER parameter, cmd[2] (§4.1 row 0x30). */
#define STLINK_ENTER_SWD 0xA3u
#define STLINK_ENTER_JTAG_NO_RESET 0xA4u   /* from J15 */
#define STLINK_ENTER_JTAG_RESET 0x00u      /* pulses reset; all JTAG before J15 */

/* DRIVE_NRST parameter, cmd[2] (§4.1 row 0x3C). */
#define STLINK_NRST_LOW 0x00u
#define STLINK_NRST_HIGH 0x01u
#define STLINK_NRST_PULSE 0x02u

/* INIT_AP type, cmd[3] (§4.1 row 0x4B): OpenOCD sends 0. */
#define STLINK_AP_TYPE_NO_CORE 0x00u

/* DAP register port: 0xFFFF = DP, else AP number (§4.4). */
#define STLINK_DAP_PORT_DP 0xFFFFu

/* V3 COM_FREQ selector, cmd[2] (§4.1 rows 0x61/0x62). */
#define STLINK_COM_SWD 0x00u
#define STLINK_COM_JTAG 0x01u

/* GET_CURRENT_MODE rep[0] (§3). */
#define STLINK_MODE_DFU 0x00u
#define STLINK_MODE_MASS 0x01u
#define STLINK_MODE_DEBUG 0x02u
#define STLINK_MODE_SWIM 0x03u
#define STLINK_MODE_BOOTLOADER 0x04u

/* Reply lengths (§2, §4.1). */
#define STLINK_REPLY_VERSION 6u
#define STLINK_REPLY_VERSION_EX 12u
#define STLINK_REPLY_MODE 2u
#define STLINK_REPLY_VOLTAGE 8u
#define STLINK_REPLY_STATUS 2u
#define STLINK_REPLY_IDCODES 12u
#define STLINK_REPLY_REG 8u          /* READREG, READDEBUGREG, READ_DAP_REG */
#define STLINK_REPLY_ALLREGS 88u
#define STLINK_REPLY_RWSTATUS2 12u
#define STLINK_REPLY_COM_FREQ_GET 52u
#define STLINK_REPLY_COM_FREQ_SET 8u

/* Payload offsets in replies (§4.0: status, 3 bytes padding, payload). */
#define STLINK_REPLY_PAYLOAD 4u
#define STLINK_RWSTATUS2_FAULT_ADDR 4u     /* §4.1 row 0x3E */
#define STLINK_COM_FREQ_COUNT 8u           /* §4.1 row 0x62 */
#define STLINK_COM_FREQ_LIST 12u
#define STLINK_COM_FREQ_MAX_ENTRIES 10u

/* Memory command block (§4.2). */
#define STLINK_MEM_ADDR 2u
#define STLINK_MEM_LEN 6u
#define STLINK_MEM_AP 8u

/* Status codes, rep[0] (§5.1). */
#define STLINK_STATUS_OK 0x80u
#define STLINK_STATUS_WRITE_VERIF_ERROR 0x0Du
#define STLINK_STATUS_SWD_AP_WAIT 0x10u
#define STLINK_STATUS_SWD_DP_WAIT 0x14u

#endif
