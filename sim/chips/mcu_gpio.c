/* GPIO ports of the generic STM32 and what matters to a probe: whether
 * PA13 = SWDIO and PA14 = SWCLK still belong to the SW-DP
 * (stm32-families.md §6.1).
 *
 * - MODER style (F0, F2..H7, L, G, C, U; RM0090 §8.4): the pins work as
 *   debug pins only in alternate-function mode with AF0 (the layout gives
 *   GPIOA's reset MODER/PUPDR).  Firmware that moves either pin elsewhere
 *   disconnects the SW-DP until it puts them back or a reset.
 * - F1 style (RM0008 §9.2): CRL/CRH do not matter; AFIO_MAPR.SWJ_CFG
 *   (bits 26:24) = 0b100 disables JTAG-DP and SW-DP.  SWJ_CFG is
 *   write-only (reads 0, RM0008 §9.4.2). */
#include "chips/mcu.h"

/* MODER-style register offsets (RM0090 §8.4) */
#define GPIO_MODER    0x00u
#define GPIO_OTYPER   0x04u
#define GPIO_OSPEEDR  0x08u
#define GPIO_PUPDR    0x0Cu
#define GPIO_IDR      0x10u
#define GPIO_ODR      0x14u
#define GPIO_BSRR     0x18u
#define GPIO_LCKR     0x1Cu
#define GPIO_AFRL     0x20u
#define GPIO_AFRH     0x24u
#define GPIO_BRR      0x28u         /* F0/F3/G0/G4/L4...; RAZ/WI elsewhere */

/* F1 register offsets and reset value (RM0008 §9.2) */
#define F1_CRL        0x00u
#define F1_CRH        0x04u
#define F1_IDR        0x08u
#define F1_ODR        0x0Cu
#define F1_BSRR       0x10u
#define F1_BRR        0x14u
#define F1_LCKR       0x18u
#define F1_CR_RESET   0x44444444u   /* every pin floating input */
#define F1_CNF_MODE_MASK 0xFu
#define F1_MODE_MASK  0x3u          /* 00 = input */
#define F1_CNF_SHIFT  2u
#define F1_CNF_PULL   2u            /* input with pull-up/-down (ODR picks) */

/* AFIO (RM0008 §9.4) */
#define AFIO_MAPR             0x04u
#define AFIO_MAPR_SWJ_SHIFT   24u
#define AFIO_MAPR_SWJ_MASK    (7u << AFIO_MAPR_SWJ_SHIFT)
#define SWJ_CFG_ALL_OFF       4u    /* JTAG-DP and SW-DP disabled */

#define MODE_OUTPUT   1u
#define MODE_AF       2u
#define PULL_UP       1u
#define AF_SYSTEM     0u            /* AF0: SWJ-DP */
#define PIN_SWDIO     13u
#define PIN_SWCLK     14u
#define PORT_A        0u
#define REG_COUNT     (sizeof ((struct mcu_gpio_port *)0)->reg / sizeof(uint32_t))
#define MAX_PORTS     (sizeof ((struct mcu *)0)->gpio / sizeof(struct mcu_gpio_port))

static unsigned n_ports(const struct mcu *m)
{
    return m->lay->gpio_ports < MAX_PORTS ? m->lay->gpio_ports : MAX_PORTS;
}

void mcu_gpio_reset(struct mcu *m)
{
    const struct mcu_layout *L = m->lay;
    for (unsigned p = 0; p < MAX_PORTS; p++)
        m->gpio[p] = (struct mcu_gpio_port){ { 0 } };
    m->afio_mapr = 0;
    if (L->gpio_style == MCU_GPIO_F1) {
        for (unsigned p = 0; p < n_ports(m); p++)
            m->gpio[p].reg[F1_CRL / 4u] = m->gpio[p].reg[F1_CRH / 4u] = F1_CR_RESET;
        return;
    }
    m->gpio[PORT_A].reg[GPIO_MODER / 4u] = L->gpioa_moder_reset;
    m->gpio[PORT_A].reg[GPIO_PUPDR / 4u] = L->gpioa_pupdr_reset;
}

static unsigned field2(uint32_t reg, unsigned pin)
{
    return (reg >> (2u * pin)) & 3u;
}

static bool pin_is_debug(const struct mcu_gpio_port *g, unsigned pin)
{
    uint32_t afr = g->reg[(pin < 8 ? GPIO_AFRL : GPIO_AFRH) / 4u];
    unsigned af = (afr >> (4u * (pin % 8u))) & 0xFu;
    return field2(g->reg[GPIO_MODER / 4u], pin) == MODE_AF && af == AF_SYSTEM;
}

bool mcu_gpio_swd_pins_ok(const struct mcu *m)
{
    if (m->lay->gpio_style == MCU_GPIO_F1)
        return ((m->afio_mapr & AFIO_MAPR_SWJ_MASK) >> AFIO_MAPR_SWJ_SHIFT) !=
               SWJ_CFG_ALL_OFF;
    if (!m->lay->gpio_ports)
        return true;
    const struct mcu_gpio_port *a = &m->gpio[PORT_A];
    return pin_is_debug(a, PIN_SWDIO) && pin_is_debug(a, PIN_SWCLK);
}

/* Nothing drives the pins from outside: inputs read their pull, outputs
 * read what they drive. */
static uint32_t idr_moder(const struct mcu_gpio_port *g)
{
    uint32_t v = 0;
    for (unsigned pin = 0; pin < 16; pin++) {
        bool high = field2(g->reg[GPIO_MODER / 4u], pin) == MODE_OUTPUT
                        ? (g->reg[GPIO_ODR / 4u] >> pin) & 1u
                        : field2(g->reg[GPIO_PUPDR / 4u], pin) == PULL_UP;
        v |= (uint32_t)high << pin;
    }
    return v;
}

static uint32_t idr_f1(const struct mcu_gpio_port *g)
{
    uint32_t v = 0, odr = g->reg[F1_ODR / 4u];
    for (unsigned pin = 0; pin < 16; pin++) {
        uint32_t cr = g->reg[(pin < 8 ? F1_CRL : F1_CRH) / 4u];
        unsigned f = (cr >> (4u * (pin % 8u))) & F1_CNF_MODE_MASK;
        bool out = (f & F1_MODE_MASK) != 0;
        bool pull_up = !out && (f >> F1_CNF_SHIFT) == F1_CNF_PULL && ((odr >> pin) & 1u);
        bool high = out ? (odr >> pin) & 1u : pull_up;
        v |= (uint32_t)high << pin;
    }
    return v;
}

static struct mcu_gpio_port *port_of(struct mcu *m, uint32_t off)
{
    unsigned p = m->lay->gpio_stride ? off / m->lay->gpio_stride : 0;
    return p < n_ports(m) ? &m->gpio[p] : NULL;
}

int mcu_gpio_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                  unsigned size, uint32_t *val)
{
    (void)who;
    struct mcu *m = ctx;
    struct mcu_gpio_port *g = port_of(m, off);
    uint32_t r = (off % m->lay->gpio_stride) & ~3u, reg = 0;
    bool f1 = m->lay->gpio_style == MCU_GPIO_F1;
    if (g && r / 4u < REG_COUNT) {
        if (f1)
            reg = r == F1_IDR ? idr_f1(g)
                : (r == F1_BSRR || r == F1_BRR) ? 0 : g->reg[r / 4u];
        else
            reg = r == GPIO_IDR ? idr_moder(g)
                : (r == GPIO_BSRR || r == GPIO_BRR) ? 0 : g->reg[r / 4u];
    }
    *val = sim_reg_extract(reg, off, size);
    return 0;
}

int mcu_gpio_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                   unsigned size, uint32_t val)
{
    (void)who;
    struct mcu *m = ctx;
    struct mcu_gpio_port *g = port_of(m, off);
    uint32_t r = (off % m->lay->gpio_stride) & ~3u;
    if (!g || r / 4u >= REG_COUNT)
        return 0;
    bool f1 = m->lay->gpio_style == MCU_GPIO_F1;
    uint32_t odr_off = f1 ? F1_ODR : GPIO_ODR;
    uint32_t *odr = &g->reg[odr_off / 4u];
    uint32_t v = sim_reg_merge(0, off, size, val);
    if (r == (f1 ? F1_BSRR : GPIO_BSRR)) {
        /* BSy sets, BRy resets; set wins (RM0090 §8.4.7, RM0008 §9.2.5). */
        *odr = (*odr & ~(v >> 16)) | (v & 0xFFFFu);
        return 0;
    }
    if (r == (f1 ? F1_BRR : GPIO_BRR)) {
        *odr &= ~(v & 0xFFFFu);
        return 0;
    }
    if (r == (f1 ? F1_IDR : GPIO_IDR) || (f1 && r == F1_LCKR) || (!f1 && r == GPIO_LCKR))
        return 0;                          /* read-only / lock not modelled */
    g->reg[r / 4u] = sim_reg_merge(g->reg[r / 4u], off, size, val);
    if (r == odr_off || (!f1 && r == GPIO_OTYPER))
        g->reg[r / 4u] &= 0xFFFFu;
    return 0;
}

/* ---- F1 AFIO ---- */

int mcu_afio_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                  unsigned size, uint32_t *val)
{
    (void)who;
    const struct mcu *m = ctx;
    uint32_t reg = 0;
    if ((off & ~3u) == AFIO_MAPR)
        reg = m->afio_mapr & ~AFIO_MAPR_SWJ_MASK;     /* SWJ_CFG reads 0 */
    *val = sim_reg_extract(reg, off, size);
    return 0;
}

int mcu_afio_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                   unsigned size, uint32_t val)
{
    (void)who;
    struct mcu *m = ctx;
    if ((off & ~3u) != AFIO_MAPR)
        return 0;
    /* A word read-modify-write of MAPR writes SWJ_CFG back as 0 (full
     * SWJ), as on silicon: the value written is what counts; bytes not
     * written keep what was written before. */
    m->afio_mapr = sim_reg_merge(m->afio_mapr, off, size, val);
    return 0;
}
