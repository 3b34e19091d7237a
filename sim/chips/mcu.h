/* The generic STM32 on the bench: what every family shares (memories,
 * power and resets, the tick that runs core and flash, the debugger's view
 * of the bus, GPIO and the SWD pins, DBGMCU, a register-file RCC and PWR),
 * with each family's differences as data (struct mcu_layout, one per die
 * group) and its flash controller as a plug-in (struct mcu_flash_ops, one
 * per controller generation).
 *
 * Files:
 *   mcu.c          life cycle, nvm layout, power, NRST, tick, sim_family_mcu
 *   mcu_map.c      regions for the core, debug routing (WAIT, RDP, APs)
 *   mcu_gpio.c     GPIO ports (MODER style and F1 CRL/CRH), F1 AFIO SWJ_CFG
 *   mcu_sysctl.c   DBGMCU, PWR (low-power modes), RCC (register file)
 *   fc_<gen>.c     flash controllers: fc_f1 (F0/F1/F3), fc_f2f4 (F2/F4/F7),
 *                  fc_l0l1, fc_l4 (L4/L4+/G0/G4/WB/WL/C0), fc_l5u5, fc_h7
 *   parts_<fam>.c  part rows and layouts of each family
 *
 * A flash controller keeps its state in memory it allocates (m->fc) and its
 * non-volatile bytes (option bytes, OTP...) in m->nvm_ctl; the shell stores
 * main flash in m->flash.  Both live in the bench's nvm buffer, so they
 * survive the process (state files). */
#ifndef SIM_CHIPS_MCU_H
#define SIM_CHIPS_MCU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus.h"
#include "chips/chip_family.h"
#include "chips/periph_bus.h"
#include "clock.h"
#include "cpu/core.h"

struct mcu;

/* ---- Family data: where things are ---- */

#define MCU_MAX_RAMS     6
#define MCU_MAX_RULES    8
#define MCU_MAX_CORES    2

struct mcu_ram {
    const char *name;            /* "sram", "ccm", "sram2", "dtcm", "axi-sram" */
    uint32_t base;
    uint32_t kib;                /* 0: part->sram_kib on the first entry,
                                    part->ccm_kib on the others (none if 0;
                                    comment added by the shell helper) */
    bool no_exec;                /* D-bus only (F4 CCM) */
};

/* A register whose reset value or ready bits the shell models without
 * knowing the register: RCC_CR's HSIRDY follows HSION, RCC_CFGR's SWS
 * follows SW (reads return (reg & ~(mask << shift)) | ((reg & mask) << shift)). */
struct mcu_reg_init { uint16_t off; uint32_t value; };
struct mcu_reg_mirror { uint16_t off; uint32_t mask; uint8_t shift; };

enum mcu_gpio_style {
    MCU_GPIO_MODER,              /* F0, F2..H7, L, G, C, U: MODER/AFR, PA13/PA14 AF0 */
    MCU_GPIO_F1,                 /* F1: CRL/CRH; the pins belong to AFIO_MAPR.SWJ_CFG */
};

struct mcu_layout {
    /* Memories */
    uint32_t flash_base;                 /* 0x08000000 */
    struct mcu_ram ram[MCU_MAX_RAMS];    /* ram[0] is the SRAM at 0x20000000
                                            (H7: DTCM) that loaders use */
    bool sram_bitband;                   /* Cortex-M3/M4 bit-band alias at 0x22000000 */
    /* System memory page: bootloader ROM and the factory info words.  The
     * shell allocates it, fills the ROM with a harmless program and writes
     * the UID and flash size; the controller may map OTP into it. */
    uint32_t sysmem_base, sysmem_size;   /* a multiple of 4 KiB */
    uint32_t uid_addr, fsize_addr;       /* inside the system page (or 0) */
    uint32_t optbytes_base, optbytes_size; /* memory-mapped option bytes, 0 if none */
    /* Peripherals */
    uint32_t periph_base, periph_size;   /* 0x40000000, 0x20000000 (H7: 0x20000000 too) */
    uint32_t periph_bitband_base;        /* 0x42000000 on M3/M4, else 0 */
    uint32_t flashif_base;               /* flash interface registers (1 KiB block) */
    uint32_t flashif_size;               /* 0x400 unless the generation needs more */
    uint32_t dbgmcu_base;                /* IDCODE at +0, CR at +4 (stm32-families.md §5) */
    uint32_t dbgmcu_cr_stop, dbgmcu_cr_standby;  /* CR bits keeping debug alive */
    uint32_t gpio_base, gpio_stride;     /* GPIOA, distance between ports */
    unsigned gpio_ports;
    enum mcu_gpio_style gpio_style;
    uint32_t gpioa_moder_reset, gpioa_pupdr_reset; /* MODER style: PA13/PA14 AF */
    uint32_t afio_base;                  /* F1 only */
    /* RCC: a register file with reset values, ready-bit mirrors and the
     * reset-cause flags (RCC_CSR / RCC_RSR). 0 base: the family adds its own. */
    uint32_t rcc_base;
    struct mcu_reg_init rcc_reset[MCU_MAX_RULES];
    struct mcu_reg_mirror rcc_mirror[MCU_MAX_RULES];
    uint16_t rcc_csr_off;
    uint8_t rcc_pinrst_bit, rcc_porrst_bit, rcc_sftrst_bit;
    /* PWR: a register file; deep sleep enters STANDBY when
     * ((reg[pwr_lp_off] & pwr_lp_mask) >> pwr_lp_shift) >= pwr_lp_standby,
     * else STOP (F1/F4 PWR_CR.PDDS; L4/G0/U5 PWR_CR1.LPMS). */
    uint32_t pwr_base;
    struct mcu_reg_init pwr_reset[MCU_MAX_RULES];
    struct mcu_reg_mirror pwr_mirror[MCU_MAX_RULES];
    uint16_t pwr_lp_off;
    uint32_t pwr_lp_mask;
    uint8_t pwr_lp_shift, pwr_lp_standby;
    /* ---- Added by the watchdog helper (mcu_iwdg.c) ---- */
    /* Independent watchdog: register block (0: not modelled), the LSI
     * clock that drives it, whether it has the window register (IWDG_WINR),
     * and the DBGMCU register (offset from dbgmcu_base) and bit that
     * freeze it while the core is halted (stm32-families.md §5). */
    uint32_t iwdg_base;
    uint32_t lsi_hz;
    bool iwdg_winr;
    uint16_t iwdg_fz_off;
    uint32_t iwdg_fz_mask;
    /* More reset flags in rcc_csr_off (0: the family has none there):
     * IWDGRSTF, BORRSTF (set with PORRSTF at power-on) and RMVF, the bit
     * that clears them all. */
    uint8_t rcc_iwdgrst_bit, rcc_borrst_bit, rcc_rmvf_bit;
};

/* ---- The flash controller plug-in ---- */
/* Each plug-in adds the duration of every operation it starts (erase,
 * program, option load) to sim_stats.flash_busy_ns: the benchmarks'
 * flash-bound limit. */

struct mcu_flash_ops {
    const char *name;                    /* "STM32F1 FPEC (RM0008 §3, PM0075)" */
    uint8_t erased;                      /* 0xFF; 0x00 on L0/L1 */
    /* Bytes of non-volatile state after main flash (option bytes, OTP). */
    size_t (*nvm_size)(const struct sim_chip_part *part);
    /* Allocate m->fc.  NULL on error. */
    void *(*create)(struct mcu *m);
    void (*destroy)(void *fc);
    /* Fresh chip: write the factory option bytes to m->nvm_ctl, then apply
     * cfg->rdp and cfg->wrp_sectors.  The shell has erased m->flash. */
    void (*init_fresh)(struct mcu *m, const struct sim_board_config *cfg);
    /* System reset (power_on: also POR): registers to reset values, abort
     * any operation, reload the option bytes (OBL). */
    void (*reset)(struct mcu *m, bool power_on);
    /* The RDP level the protections use now (loaded option bytes). */
    int (*rdp_level)(const struct mcu *m);
    /* An operation is running: flash reads stall (debugger: WAIT). */
    bool (*busy)(const struct mcu *m);
    /* Finish operations whose time has come. */
    void (*update)(struct mcu *m, sim_ns now);
    /* Time of one program operation: while the CPU drives the controller
     * the shell runs it in slices this long (a loader that polls BSY then
     * programs one unit per tPROG, as on silicon). */
    sim_ns (*program_ns)(const struct mcu *m);
    /* Flash interface registers at layout->flashif_base (ctx: struct mcu). */
    sim_periph_read_fn reg_read;
    sim_periph_write_fn reg_write;
    /* Main flash, `off` from layout->flash_base: reads apply RDP (return
     * -1 for a blocked debugger read), writes program (errors go to the
     * status register; -1 only for a bus error). */
    int (*flash_read)(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                      unsigned size, uint32_t *val);
    int (*flash_write)(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                       unsigned size, uint32_t val);
    /* Option-byte area at layout->optbytes_base (NULL: reads as 0, writes
     * ignored).  F0/F1/F3 program option bytes by writing there. */
    int (*opt_read)(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                    unsigned size, uint32_t *val);
    int (*opt_write)(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                     unsigned size, uint32_t val);
    /* Writes to the system page (OTP); NULL: ROM, writes ignored. */
    int (*sys_write)(struct mcu *m, enum sim_bus_initiator who, uint32_t off,
                     unsigned size, uint32_t val);
    /* Where the core boots, from the BOOT0 pin (m->boot0) and the loaded
     * option bytes (nBOOT0/nSWBOOT0/BOOT_ADD): an address in flash, system
     * memory or SRAM.  The shell aliases that memory at 0 (when the family
     * has the alias) and points the core's vector table there.  (Shell
     * helper: the alias exists on Cortex-M0/M0+/M3/M4 parts, chosen once at
     * create; M7/M33 parts, or a boot memory the alias does not show, boot
     * at the address itself.) */
    uint32_t (*boot_address)(const struct mcu *m);
    /* Extra peripherals or regions the generation needs (H7 PWR_CR3, a
     * second flash bank's registers...); may be NULL. */
    void (*add_peripherals)(struct mcu *m);
    /* Can the debug port answer, as far as this generation knows (H7 supply
     * lock-up, TrustZone)?  NULL: yes. */
    bool (*debug_alive)(const struct mcu *m);
    /* ---- Optional, added by the shell helper (all may be NULL) ---- */
    /* PG set and unlocked: the next CPU store to flash starts a program, so
     * the shell runs the core in program_ns slices from the first one on
     * (a loader polling BSY then programs one unit per tPROG).  NULL: the
     * slices shrink only after the CPU started an operation. */
    bool (*program_armed)(const struct mcu *m);
    /* When the running operation ends: a slice of CPU time stops there, so
     * a CPU polling BSY sees the end at the right time.  NULL: slices are
     * not cut there (a CPU may see the end up to one host tick late). */
    sim_ns (*busy_until)(const struct mcu *m);
    /* The core entered STOP or STANDBY (m->lp set): a family-owned RCC
     * switches to its wake-up clock (F4: HSI, RM0090 §5.3.5). */
    void (*lowpower)(struct mcu *m);
    /* Where the second core boots (H7 BOOT_CM4_ADD, WB/WL CPU2), or
     * MCU_BOOT_HELD: it stays in reset until mcu_core_hold(m, 1, false).
     * NULL: the second core is held. */
    uint32_t (*boot_address2)(const struct mcu *m);
    /* (watchdog helper) The loaded option bytes select the hardware
     * watchdog (IWDG_SW / WDG_SW = 0): the IWDG runs from every reset.
     * NULL: software watchdog only. */
    bool (*iwdg_hardware)(const struct mcu *m);
};

#define MCU_BOOT_HELD 0xFFFFFFFFu

/* ---- Part rows: family_data of a sim_chip_part using sim_family_mcu ---- */

struct mcu_part_data {
    const struct mcu_layout *layout;
    const struct mcu_flash_ops *flash;
    const void *flash_data;              /* the controller's own row data */
};

/* ---- The chip object ---- */

enum mcu_lowpower { MCU_RUN, MCU_SLEEP, MCU_STOP, MCU_STANDBY };
/* (moved up from the internals below so struct mcu can hold the cause) */
enum mcu_reset_cause { MCU_RST_POWER, MCU_RST_PIN, MCU_RST_SOFTWARE,
                       MCU_RST_IWDG /* added by the watchdog helper */ };

/* Independent watchdog state (mcu_iwdg.c; added by the watchdog helper).
 * The counter is not readable on silicon, so it is kept as the time the
 * chip resets (deadline); time frozen by DBGMCU while the core is halted
 * moves the deadline. */
struct mcu_iwdg {
    bool running, unlocked;
    uint32_t pr, rlr, winr;
    sim_ns deadline;                     /* reset when virtual time gets here */
    sim_ns synced;                       /* freeze accounted up to here */
    sim_ns pvu_until, rvu_until, wvu_until; /* SR update bits */
};
#define MCU_DBGMCU_FZ_WORDS 22           /* DBGMCU +0x08..+0x5C (H7 APB4FZ1 +0x54) */

struct mcu_gpio_port {
    uint32_t reg[0x30 / 4];              /* MODER..BRR, or CRL..LCKR on F1 */
};

struct mcu_inval { uint32_t lo, hi; bool pending; };

struct mcu {
    struct sim_chip base;                /* must be first */
    const struct sim_chip_part *part;
    const struct mcu_layout *lay;
    const struct mcu_flash_ops *fops;
    const void *fdata;                   /* mcu_part_data.flash_data */
    void *fc;                            /* the controller's state */

    struct sim_core *core[MCU_MAX_CORES];
    unsigned n_cores;

    /* Memories */
    uint8_t *nvm;                        /* bench-owned: flash | trailer | ctl */
    uint8_t *flash;
    uint32_t flash_size;
    uint8_t *nvm_ctl;                    /* the controller's nvm bytes */
    uint8_t *sysmem;
    uint8_t *ram[MCU_MAX_RAMS];
    uint32_t ram_size[MCU_MAX_RAMS];
    struct sim_bitband_mem sram_bb;
    struct sim_periph_bus pbus;
    struct sim_region regions[16];
    size_t nregions;

    /* Pins, power, resets */
    bool powered;
    bool nrst_low;
    int boot0;
    uint32_t boot_addr;                  /* chosen at the last reset */
    bool debug_connected;                /* DAP used since power-on (RDP 1) */
    bool locked_up;
    bool apply_cfg_dbgmcu;
    uint32_t cfg_dbgmcu_cr;
    /* Set by a family hook (H7 supply mismatch): the chip stays dead to
     * the debugger whatever else happens, until power is removed. */
    bool hard_locked;

    /* Peripherals the shell models */
    struct mcu_gpio_port gpio[11];
    uint32_t afio_mapr;                  /* F1: SWJ_CFG as written */
    uint32_t rcc[0x100 / 4];
    uint32_t pwr[0x100 / 4];
    uint32_t dbgmcu_cr, dbgmcu_fz[MCU_DBGMCU_FZ_WORDS]; /* (was [4]; widened
                                            for WB +0x3C and H7 +0x54) */
    enum mcu_lowpower lp;

    /* Time (see f4 history in mcu.c): the core runs a slice at once; CPU
     * accesses are dated at the slice start. */
    sim_ns ticked_until;
    sim_ns cpu_now;
    bool in_core_run;
    bool cpu_started_op;
    bool core_stalled;                   /* executing from flash when BSY rose */
    struct mcu_inval inval_flash, inval_sys;

    /* ---- Added by the shell helper ---- */
    uint32_t core_hz;                    /* core 0 clock (mcu_set_core_hz) */
    enum mcu_reset_cause reset_cause;    /* of the reset in progress / last */
    bool reset_pending;                  /* mcu_system_reset() from a CPU access */
    bool core_held[MCU_MAX_CORES];       /* held in reset by the chip itself */
    bool alias_at_0;                     /* the family aliases boot memory at 0 */
    uint32_t alias_src;                  /* what the alias at 0 shows */
    uint32_t alias_size;
    /* ---- Added by the watchdog helper ---- */
    struct mcu_iwdg iwdg;
};

static inline struct mcu *mcu_of(struct sim_chip *c) { return (struct mcu *)c; }
static inline const struct mcu *mcu_cof(const struct sim_chip *c) { return (const struct mcu *)c; }

extern const struct sim_chip_family sim_family_mcu;

/* ---- Services the shell gives a flash controller ---- */

/* Time of the current access (CPU slice time while the core runs). */
sim_ns mcu_now(const struct mcu *m);
/* The controller became busy (erase or program started): the shell stalls
 * a core executing from flash and shortens CPU slices. */
void mcu_flash_op_started(struct mcu *m);
/* The controller finished: the core gets its clock back. */
void mcu_flash_op_ended(struct mcu *m);
/* Bytes of main flash (offset) / the system page changed: drop translated
 * code (queued while the core runs). */
void mcu_flash_changed(struct mcu *m, uint32_t off, uint32_t len);
void mcu_sysmem_changed(struct mcu *m, uint32_t off, uint32_t len);
/* Erase main flash to ops->erased (RDP regression, mass erase). */
void mcu_flash_erase_all(struct mcu *m);
/* A system reset requested by the chip itself (OBL_LAUNCH, FORCE_OPTLOAD).
 * From a CPU access it happens when the current slice of CPU time ends. */
void mcu_system_reset(struct mcu *m);
/* A family-owned RCC changed the core clock (added by the shell helper). */
void mcu_set_core_hz(struct mcu *m, uint32_t hz);
/* Hold core `idx` in reset or let it run (H7 BOOT_C2, WB C2BOOT; added by
 * the shell helper). */
void mcu_core_hold(struct mcu *m, unsigned idx, bool held);
/* The debugger is connected since power-on, or the chip booted from SRAM
 * or system memory: what RDP level 1 cares about. */
bool mcu_rdp1_blocks_debug(const struct mcu *m);

/* ---- Shell internals shared between its files ---- */
void mcu_build_sysmem(struct mcu *m);
void mcu_build_periph_bus(struct mcu *m);
void mcu_build_regions(struct mcu *m);
bool mcu_debug_port_alive(const struct sim_chip *chip);
enum sim_bus_access mcu_debug_read(struct sim_chip *chip, unsigned ap, uint32_t addr,
                                   unsigned size, uint32_t *val);
enum sim_bus_access mcu_debug_write(struct sim_chip *chip, unsigned ap, uint32_t addr,
                                    unsigned size, uint32_t val);
void mcu_debug_power(struct sim_chip *chip, bool system, bool debug);
/* (added by the shell helper) the option-byte area where it shares the
 * system page's 4 KiB Unicorn page (F0/F1/F3, L4): CPU reads see a copy
 * kept in m->sysmem, refreshed here after anything that may change it. */
void mcu_refresh_opt_mirror(struct mcu *m);
void mcu_flush_invalidations(struct mcu *m);

void mcu_gpio_reset(struct mcu *m);
bool mcu_gpio_swd_pins_ok(const struct mcu *m);
int mcu_gpio_read(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size, uint32_t *val);
int mcu_gpio_write(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size, uint32_t val);
int mcu_afio_read(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size, uint32_t *val);
int mcu_afio_write(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size, uint32_t val);

void mcu_sysctl_reset(struct mcu *m, enum mcu_reset_cause why);
void mcu_core_sleep_hook(void *ctx, bool deep);
void mcu_lowpower_tick(struct mcu *m);
bool mcu_lowpower_debug_alive(const struct mcu *m);
int mcu_dbgmcu_read(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size, uint32_t *val);
int mcu_dbgmcu_write(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size, uint32_t val);
int mcu_rcc_read(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size, uint32_t *val);
int mcu_rcc_write(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size, uint32_t val);
int mcu_pwr_read(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size, uint32_t *val);
int mcu_pwr_write(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size, uint32_t val);

/* Independent watchdog (mcu_iwdg.c; added by the watchdog helper). */
void mcu_iwdg_reset(struct mcu *m);
/* Account for time up to `now` (a halted core with the DBGMCU freeze bit
 * set stops the counter).  Call before anything that changes the freeze
 * condition (DBGMCU writes, the debugger halting or resuming the core). */
void mcu_iwdg_sync(struct mcu *m, sim_ns now);
/* When the watchdog resets the chip (UINT64_MAX while it is not running). */
sim_ns mcu_iwdg_deadline(const struct mcu *m);
/* The watchdog's time came: the shell performs the system reset. */
bool mcu_iwdg_expired(const struct mcu *m, sim_ns now);
int mcu_iwdg_read(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size, uint32_t *val);
int mcu_iwdg_write(void *ctx, enum sim_bus_initiator who, uint32_t off, unsigned size, uint32_t val);
/* Put the IWDG block on the peripheral bus (none when lay->iwdg_base is 0). */
void mcu_iwdg_add(struct mcu *m);

#endif
