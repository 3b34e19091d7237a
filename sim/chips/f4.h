/* STM32F2/F4 family model (RM0090 for F405/407/415/417, RM0033 for F2):
 * the chip object shared by the family's files, one file per concern:
 *   f4.c          memory map, regions, power and resets, tick, debug routing
 *   f4_flash.c    the flash interface (FLASH_ACR..CR, program/erase, timing)
 *   f4_options.c  option bytes: OPTCR, RDP levels, nWRP, nvm layout
 *   f4_lowpower.c DBGMCU, PWR and the core's sleep hook (STOP/STANDBY)
 *   f4_gpio.c     GPIO ports, PA13/PA14 as SWDIO/SWCLK
 *   f4_rcc.c      RCC: oscillators, PLL, SYSCLK switch, reset flags */
#ifndef SIM_CHIPS_F4_H
#define SIM_CHIPS_F4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus.h"
#include "chips/chip_family.h"
#include "chips/periph_bus.h"
#include "clock.h"
#include "cpu/core.h"

/* ---- Memory map (RM0090 §2.3 Table 1/2, §2.4 Table 2 boot modes) ---- */
#define F4_FLASH_BASE        0x08000000u
#define F4_CCM_BASE          0x10000000u
#define F4_SYSMEM_BASE       0x1FFF0000u   /* 30 KiB system memory */
#define F4_SYSMEM_SIZE       0x7800u
#define F4_SYSPAGE_SIZE      0x8000u       /* system memory + OTP + U_ID + F_SIZE */
#define F4_OTP_BASE          0x1FFF7800u   /* RM0090 §3.8: 512 B data + 16 lock bytes */
#define F4_OTP_DATA_SIZE     512u
#define F4_OTP_LOCK_SIZE     16u
#define F4_OTP_SIZE          (F4_OTP_DATA_SIZE + F4_OTP_LOCK_SIZE)
#define F4_UID_BASE          0x1FFF7A10u   /* RM0090 §39.1 */
#define F4_FSIZE_BASE        0x1FFF7A22u   /* RM0090 §39.2 */
#define F4_OPTBYTES_BASE     0x1FFFC000u   /* RM0090 §3.6 Table 16 */
#define F4_OPTBYTES_BLOCK    0x1000u
#define F4_SRAM_BASE         0x20000000u
#define F4_SRAM_BB_BASE      0x22000000u
#define F4_SRAM_BB_SIZE      0x02000000u
#define F4_PERIPH_BASE       0x40000000u
#define F4_PERIPH_SIZE       0x20000000u   /* APB1..AHB2 incl. bit-band alias */
#define F4_PERIPH_BB_BASE    0x42000000u
#define F4_DBGMCU_BASE       0xE0042000u   /* RM0090 §38.6 */
#define F4_DBGMCU_BLOCK      0x1000u
#define F4_PPB_BASE          0xE0000000u
#define F4_PPB_END           0xE0100000u

/* Peripheral blocks we model (RM0090 §2.3 Table 1). */
#define F4_PWR_BASE          0x40007000u
#define F4_GPIOA_BASE        0x40020000u
#define F4_GPIO_STRIDE       0x400u
#define F4_GPIO_PORTS        9u            /* A..I */
#define F4_RCC_BASE          0x40023800u
#define F4_FLASHIF_BASE      0x40023C00u
#define F4_BKPSRAM_BASE      0x40024000u
#define F4_BKPSRAM_SIZE      0x1000u
#define F4_BLOCK_1K          0x400u

/* ---- Family row data ---- */
struct f4_erase_times {          /* per PSIZE (x8, x16, x32, x64) */
    sim_ns sector_16k[4];
    sim_ns sector_64k[4];
    sim_ns sector_128k[4];
    sim_ns mass[4];
    sim_ns program;              /* one byte/half-word/word program */
    sim_ns options;              /* OPTSTRT without regression */
};

struct f4_part {
    uint32_t largest_sector;     /* 128 KiB on F2/F40x: sectors 0-3 = /8, 4 = /2 */
    unsigned nwrp_bits;          /* 12 on F40x */
    const struct f4_erase_times *times;
};
extern const struct f4_part f4_part_f40x_1m;    /* F2, F405/407/415/417 */
extern const struct f4_part f4_part_f4x1_512k;  /* F401xD/E, F411xC/E */

/* ---- State of each concern ---- */
enum f4_key_state { F4_KEY_LOCKED, F4_KEY_GOT_KEY1, F4_KEY_UNLOCKED,
                    F4_KEY_BLOCKED /* wrong sequence: locked until reset */ };

enum f4_flash_op { F4_OP_NONE, F4_OP_PROGRAM, F4_OP_SECTOR_ERASE,
                   F4_OP_MASS_ERASE, F4_OP_OPTIONS };

struct f4_inval {                /* a range of changed bytes, by offset */
    uint32_t lo, hi;
    bool pending;
};

struct f4_flash_ctl {
    uint32_t acr, sr, cr;
    enum f4_key_state key;
    enum f4_flash_op op;
    sim_ns busy_until;
    unsigned sector;             /* sector erase target */
    bool core_stalled;           /* CPU was executing from flash at BSY start */
    struct f4_inval inval_flash; /* changed by CPU stores, for the core */
    struct f4_inval inval_sys;
};

/* Option bytes as stored (nvm) and as loaded at the last reset. */
struct f4_options {
    uint8_t user;                /* OPTCR[7:2] bits: BOR_LEV, WDG_SW, nRST_* */
    uint8_t rdp;
    uint16_t nwrp;               /* 1 = sector not protected */
};

struct f4_opt_ctl {
    struct f4_options loaded;    /* what the protections use until next reset */
    uint32_t optcr;              /* register (loaded values + OPTLOCK, edits) */
    enum f4_key_state key;
    bool regression;             /* OPTSTRT in progress erases flash first */
};

struct f4_rcc {
    uint32_t reg[0x90 / 4];
    uint32_t hclk_hz;            /* core clock: SYSCLK / AHB prescaler */
};

struct f4_gpio {
    uint32_t moder, otyper, ospeedr, pupdr, odr, lckr, afrl, afrh;
};

enum f4_lowpower { F4_RUN, F4_SLEEP, F4_STOP, F4_STANDBY };

struct f4_chip {
    struct sim_chip base;                /* must be first */
    const struct sim_chip_part *part;
    const struct f4_part *fp;
    struct sim_core *core;

    /* Memories.  Flash, option bytes and OTP live in nvm. */
    uint8_t *nvm;
    uint8_t *flash;
    uint32_t flash_size;
    uint8_t *nvm_options;                /* 16 bytes, see f4_options.c */
    uint8_t *nvm_otp;
    uint8_t *syspage;                    /* system memory, OTP copy, U_ID, F_SIZE */
    uint8_t *sram, *ccm, *bkpsram;
    struct sim_bitband_mem sram_bb;
    struct sim_periph_bus pbus;
    struct sim_region regions[12];
    size_t nregions;

    /* Power and resets */
    bool powered;
    bool nrst_low;
    bool apply_cfg_dbgmcu;               /* fresh state: scenario's DBGMCU_CR at power-on */
    uint32_t cfg_dbgmcu_cr;
    int boot0;
    bool debug_connected;                /* DAP used since power-on (RDP level 1) */
    bool locked_up;

    struct f4_flash_ctl fl;
    struct f4_opt_ctl opt;
    struct f4_rcc rcc;
    struct f4_gpio gpio[F4_GPIO_PORTS];
    uint32_t pwr_cr, pwr_csr;
    uint32_t dbgmcu_cr, dbgmcu_apb1_fz, dbgmcu_apb2_fz;
    enum f4_lowpower lp;

    /* Time as the chip sees it.  The core runs a slice of virtual time at
     * once; its accesses are dated at the start of the slice (cpu_now),
     * and once the CPU starts a flash operation the slices shrink to one
     * program time, so a loader that polls BSY programs one word per
     * tPROG as on silicon rather than one per host tick. */
    sim_ns ticked_until;
    sim_ns cpu_now;
    bool in_core_run;
    bool cpu_started_op;
};

static inline struct f4_chip *f4_of(struct sim_chip *c) { return (struct f4_chip *)c; }

/* Now, for an access: the CPU's slice time while the core runs, else the
 * bench clock (debugger accesses, board events). */
static inline sim_ns f4_now(const struct f4_chip *c)
{
    return c->in_core_run ? c->cpu_now : sim_clock_now();
}

/* f4.c */
void f4_system_reset(struct f4_chip *c, bool power_on);

/* f4_map.c */
void f4_build_syspage(struct f4_chip *c);
void f4_build_periph_bus(struct f4_chip *c);
void f4_build_regions(struct f4_chip *c);
bool f4_debug_port_alive(const struct sim_chip *chip);
enum sim_bus_access f4_debug_read(struct sim_chip *chip, unsigned ap, uint32_t addr,
                                  unsigned size, uint32_t *val);
enum sim_bus_access f4_debug_write(struct sim_chip *chip, unsigned ap, uint32_t addr,
                                   unsigned size, uint32_t val);
void f4_debug_power(struct sim_chip *chip, bool system, bool debug);

/* f4_flash.c */
void f4_flash_reset(struct f4_chip *c);
void f4_flash_update(struct f4_chip *c, sim_ns now);
void f4_flash_flush_invalidations(struct f4_chip *c);
bool f4_flash_busy(const struct f4_chip *c);
/* Unlocked with PG set: the next CPU store to flash starts a program. */
bool f4_flash_program_armed(const struct f4_chip *c);
void f4_flash_start_busy(struct f4_chip *c, enum f4_flash_op op, sim_ns duration);
unsigned f4_flash_sector_count(const struct f4_chip *c);
bool f4_flash_sector_of(const struct f4_chip *c, uint32_t off, unsigned *sector);
sim_ns f4_flash_mass_erase_time(const struct f4_chip *c);
void f4_flash_erase_all(struct f4_chip *c);
bool f4_flash_access_blocked(const struct f4_chip *c);
int f4_flash_mem_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                      unsigned size, uint32_t *val);
int f4_flash_mem_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                       unsigned size, uint32_t val);
int f4_sysmem_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                   unsigned size, uint32_t *val);
int f4_sysmem_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                    unsigned size, uint32_t val);
int f4_flashif_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                    unsigned size, uint32_t *val);
int f4_flashif_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                     unsigned size, uint32_t val);

/* f4_options.c */
#define F4_NVM_OPTIONS_SIZE 16u
void f4_options_init_fresh(struct f4_chip *c, const struct sim_board_config *cfg);
void f4_options_load(struct f4_chip *c);        /* at reset */
int f4_options_rdp_level(const struct f4_chip *c); /* loaded: 0, 1 or 2 */
bool f4_options_sector_protected(const struct f4_chip *c, unsigned sector);
uint32_t f4_optcr_read(const struct f4_chip *c);
int f4_optkeyr_write(struct f4_chip *c, uint32_t val);
int f4_optcr_write(struct f4_chip *c, uint32_t val);
void f4_options_complete(struct f4_chip *c);    /* end of OPTSTRT busy */
int f4_optbytes_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                     unsigned size, uint32_t *val);

/* f4_lowpower.c */
void f4_lowpower_reset(struct f4_chip *c, bool power_on);
void f4_core_sleep_hook(void *ctx, bool deep);
void f4_lowpower_tick(struct f4_chip *c);
bool f4_lowpower_debug_alive(const struct f4_chip *c);
int f4_dbgmcu_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                   unsigned size, uint32_t *val);
int f4_dbgmcu_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                    unsigned size, uint32_t val);
int f4_pwr_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                unsigned size, uint32_t *val);
int f4_pwr_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                 unsigned size, uint32_t val);

/* f4_gpio.c */
void f4_gpio_reset(struct f4_chip *c);
bool f4_gpio_swd_pins_ok(const struct f4_chip *c);
int f4_gpio_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                 unsigned size, uint32_t *val);
int f4_gpio_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                  unsigned size, uint32_t val);

/* f4_rcc.c */
enum f4_reset_cause { F4_RST_POWER, F4_RST_PIN, F4_RST_SOFTWARE };
void f4_rcc_reset(struct f4_chip *c, enum f4_reset_cause why);
void f4_rcc_enter_stop(struct f4_chip *c);
int f4_rcc_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                unsigned size, uint32_t *val);
int f4_rcc_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                 unsigned size, uint32_t val);

#endif
