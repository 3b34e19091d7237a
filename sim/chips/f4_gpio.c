/* STM32F2/F4 GPIO ports A..I (RM0090 §8.4) and what matters to a probe:
 * PA13 = SWDIO and PA14 = SWCLK work as debug pins only in alternate-
 * function mode with AF0 (reset state: MODER 0xA8000000, AFRH 0).  Firmware
 * that moves either pin elsewhere disconnects the SW-DP from the pins
 * until it puts them back or a reset restores the reset values
 * (stm32-families.md §6.1). */
#include "chips/f4.h"

/* Register offsets (RM0090 §8.4) */
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

/* Reset values that differ from 0 (RM0090 §8.4.1-8.4.4) */
#define GPIOA_MODER_RESET    0xA8000000u   /* PA13/14/15 AF (SWD + JTDI) */
#define GPIOA_OSPEEDR_RESET  0x0C000000u
#define GPIOA_PUPDR_RESET    0x64000000u
#define GPIOB_MODER_RESET    0x00000280u   /* PB3/PB4 AF (JTDO, NJTRST) */
#define GPIOB_OSPEEDR_RESET  0x000000C0u
#define GPIOB_PUPDR_RESET    0x00000100u

#define MODE_AF          2u
#define MODE_OUTPUT      1u
#define PULL_UP          1u
#define PIN_SWDIO        13u
#define PIN_SWCLK        14u
#define AF_SYSTEM        0u                /* AF0: SWJ-DP */
#define PORT_A           0u
#define PORT_B           1u

void f4_gpio_reset(struct f4_chip *c)
{
    for (unsigned p = 0; p < F4_GPIO_PORTS; p++)
        c->gpio[p] = (struct f4_gpio){ 0 };
    c->gpio[PORT_A].moder = GPIOA_MODER_RESET;
    c->gpio[PORT_A].ospeedr = GPIOA_OSPEEDR_RESET;
    c->gpio[PORT_A].pupdr = GPIOA_PUPDR_RESET;
    c->gpio[PORT_B].moder = GPIOB_MODER_RESET;
    c->gpio[PORT_B].ospeedr = GPIOB_OSPEEDR_RESET;
    c->gpio[PORT_B].pupdr = GPIOB_PUPDR_RESET;
}

static unsigned field2(uint32_t reg, unsigned pin)
{
    return (reg >> (2u * pin)) & 3u;
}

static unsigned afr_of(const struct f4_gpio *g, unsigned pin)
{
    uint32_t afr = pin < 8 ? g->afrl : g->afrh;
    return (afr >> (4u * (pin % 8u))) & 0xFu;
}

static bool pin_is_debug(const struct f4_gpio *g, unsigned pin)
{
    return field2(g->moder, pin) == MODE_AF && afr_of(g, pin) == AF_SYSTEM;
}

bool f4_gpio_swd_pins_ok(const struct f4_chip *c)
{
    const struct f4_gpio *a = &c->gpio[PORT_A];
    return pin_is_debug(a, PIN_SWDIO) && pin_is_debug(a, PIN_SWCLK);
}

/* Nothing drives the pins from outside: inputs read their pull, outputs
 * read what they drive. */
static uint32_t idr_of(const struct f4_gpio *g)
{
    uint32_t v = 0;
    for (unsigned pin = 0; pin < 16; pin++) {
        unsigned mode = field2(g->moder, pin);
        bool high = mode == MODE_OUTPUT ? (g->odr >> pin) & 1u
                                        : field2(g->pupdr, pin) == PULL_UP;
        v |= (uint32_t)high << pin;
    }
    return v;
}

static uint32_t *reg_of(struct f4_gpio *g, uint32_t off)
{
    switch (off) {
    case GPIO_MODER:   return &g->moder;
    case GPIO_OTYPER:  return &g->otyper;
    case GPIO_OSPEEDR: return &g->ospeedr;
    case GPIO_PUPDR:   return &g->pupdr;
    case GPIO_ODR:     return &g->odr;
    case GPIO_LCKR:    return &g->lckr;
    case GPIO_AFRL:    return &g->afrl;
    case GPIO_AFRH:    return &g->afrh;
    default:           return NULL;
    }
}

int f4_gpio_read(void *ctx, enum sim_bus_initiator who, uint32_t off,
                 unsigned size, uint32_t *val)
{
    (void)who;
    struct f4_chip *c = ctx;
    struct f4_gpio *g = &c->gpio[off / F4_GPIO_STRIDE];
    uint32_t r = (off % F4_GPIO_STRIDE) & ~3u, reg = 0;
    if (r == GPIO_IDR) {
        reg = idr_of(g);
    } else {
        uint32_t *p = reg_of(g, r);
        reg = p ? *p : 0;                  /* BSRR reads 0 */
    }
    *val = sim_reg_extract(reg, off, size);
    return 0;
}

int f4_gpio_write(void *ctx, enum sim_bus_initiator who, uint32_t off,
                  unsigned size, uint32_t val)
{
    (void)who;
    struct f4_chip *c = ctx;
    struct f4_gpio *g = &c->gpio[off / F4_GPIO_STRIDE];
    uint32_t r = (off % F4_GPIO_STRIDE) & ~3u;
    if (r == GPIO_BSRR) {
        /* RM0090 §8.4.7: BSy sets, BRy resets; set wins. */
        uint32_t v = sim_reg_merge(0, off, size, val);
        g->odr = (g->odr & ~(v >> 16)) | (v & 0xFFFFu);
        return 0;
    }
    uint32_t *p = reg_of(g, r);
    if (p)
        *p = sim_reg_merge(*p, off, size, val);
    if (r == GPIO_ODR || r == GPIO_OTYPER)
        *p &= 0xFFFFu;
    return 0;
}
