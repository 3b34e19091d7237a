/* Debug components on the PPB besides the SCS: FPB (ARMv7-M C1.11,
 * ARMv6-M BPU C1.9), DWT (C1.8), and the ID-only ITM, TPIU and ROM table
 * (CoreSight component and peripheral ID registers, ADIv5 D3 / ARM
 * IHI 0029). */
#include "cpu/core_priv.h"

#define JEP106_ARM_ID   0x3Bu /* ARM Ltd: JEP106 bank 5 (continuation 4) */
#define JEP106_ARM_CONT 0x4u
#define PIDR1_OFF       0xFE4u
#define PIDR2_OFF       0xFE8u
#define PIDR2_JEDEC     0x08u
#define CIDR_PREAMBLE0  0x0Du
#define CIDR_PREAMBLE2  0x05u
#define CIDR_PREAMBLE3  0xB1u
#define ROM_MEMTYPE     0xFCCu
#define ROM_MEMTYPE_SYSMEM 1u
#define FP_REMAP_V1     0u    /* RMPSPT = 0: no flash patch remap */
#define DWT_CTRL_NOCYCCNT (1u << 25)
#define DWT_CTRL_WRITABLE 0x007F1FFFu

uint32_t core_cid_pid(uint32_t off, uint16_t part, uint8_t cls)
{
    switch (off) {
    case CS_PIDR4: return JEP106_ARM_CONT;
    case CS_PIDR0: return part & 0xFFu;
    case PIDR1_OFF: return (JEP106_ARM_ID & 0xFu) << 4 | ((part >> 8) & 0xFu);
    case PIDR2_OFF: return PIDR2_JEDEC | (JEP106_ARM_ID >> 4);
    case CS_CIDR0: return CIDR_PREAMBLE0;
    case CS_CIDR0 + 4: return (uint32_t)cls << 4;
    case CS_CIDR0 + 8: return CIDR_PREAMBLE2;
    case CS_CIDR3: return CIDR_PREAMBLE3;
    default: return 0;
    }
}

/* ---- FPB ---- */

static void fpb_update(struct sim_core *c)
{
    c->fpb.any = false;
    if (!c->fpb.ctrl_enable)
        return;
    for (unsigned i = 0; i < c->fpb.ncode; i++) {
        uint32_t v = c->fpb.comp[i];
        bool bp = c->k->fpb_rev == 0
                      ? (v & FP_COMP_ENABLE) && (v >> FP_COMP_REPLACE_SHIFT)
                      : (v & FP_COMP_ENABLE);
        if (bp)
            c->fpb.any = true;
    }
}

int core_fpb_read(struct sim_core *c, uint32_t off, uint32_t *val)
{
    unsigned n = c->fpb.ncode + c->fpb.nlit;
    if (off == FPB_CTRL) {
        *val = (uint32_t)c->k->fpb_rev << 28 |
               ((c->fpb.ncode >> 4) & 7u) << 12 | (c->fpb.nlit & 0xFu) << 8 |
               (c->fpb.ncode & 0xFu) << 4 | c->fpb.ctrl_enable;
    } else if (off == FPB_REMAP) {
        *val = FP_REMAP_V1;
    } else if (off >= FPB_COMP0 && off < FPB_COMP0 + 4u * n) {
        *val = c->fpb.comp[(off - FPB_COMP0) / 4u];
    } else if (off >= CS_PIDR4) {
        *val = core_cid_pid(off, c->k->fpb_part, CS_CLASS_GENERIC);
    } else {
        *val = 0;
    }
    return 0;
}

int core_fpb_write(struct sim_core *c, uint32_t off, uint32_t val)
{
    unsigned n = c->fpb.ncode + c->fpb.nlit;
    if (off == FPB_CTRL) {
        if (val & FP_CTRL_KEY) /* ENABLE changes only with KEY (C1.11.3) */
            c->fpb.ctrl_enable = val & FP_CTRL_ENABLE;
    } else if (off >= FPB_COMP0 && off < FPB_COMP0 + 4u * n) {
        uint32_t mask = c->k->fpb_rev == 0
                            ? FP_COMP_V1_WRITABLE : 0xFFFFFFFFu;
        c->fpb.comp[(off - FPB_COMP0) / 4u] = val & mask;
    }
    fpb_update(c);
    return 0;
}

/* Does a breakpoint match an instruction at `pc`?  FPBv1 compares
 * addresses below 0x20000000 only, one comparator per word with REPLACE
 * choosing the halfword; FPBv2 compares BPADDR directly. */
bool core_fpb_match(const struct sim_core *c, uint32_t pc)
{
    for (unsigned i = 0; i < c->fpb.ncode; i++) {
        uint32_t v = c->fpb.comp[i];
        if (!(v & FP_COMP_ENABLE))
            continue;
        if (c->k->fpb_rev != 0) {
            if ((v & ~1u) == pc)
                return true;
            continue;
        }
        uint32_t word = v & FP_COMP_V1_ADDR, rep = v >> FP_COMP_REPLACE_SHIFT;
        if (pc >= FP_V1_CODE_LIMIT || (pc & ~3u) != word)
            continue;
        if (((rep & FP_REPLACE_LOWER) && !(pc & 2u)) ||
            ((rep & FP_REPLACE_UPPER) && (pc & 2u)))
            return true;
    }
    return false;
}

/* ---- DWT ---- */

static bool dwt_hit(const struct sim_core *c, unsigned i, uint32_t addr,
                    uint32_t size)
{
    uint32_t m = c->dwt.mask[i] & DWT_MASK_BITS;
    uint32_t span = m >= 31 ? 0xFFFFFFFFu : (1u << m);
    uint32_t lo = c->dwt.comp[i] & ~(span - 1u);
    return addr < lo + span && lo < addr + size;
}

static void dwt_update(struct sim_core *c)
{
    bool data = false, pc = false;
    for (unsigned i = 0; i < c->dwt.n; i++) {
        uint32_t f = c->dwt.func[i] & DWT_FUNC_MASK;
        if (f == DWT_FUNC_PC)
            pc = true;
        else if (f >= DWT_FUNC_READ && f <= DWT_FUNC_RW)
            data = true;
    }
    c->dwt.pc_match = pc;
    if (data != c->dwt.data_armed) {
        c->dwt.data_armed = data;
        if (c->in_emu)
            core_request_stop(c, STOP_SYNC); /* hooks change between runs */
    }
}

int core_dwt_read(struct sim_core *c, uint32_t off, uint32_t *val)
{
    *val = 0;
    if (off == DWT_CTRL) {
        *val = (uint32_t)c->dwt.n << DWT_CTRL_NUMCOMP_SHIFT |
               (c->k->armv6m ? DWT_CTRL_NOCYCCNT : c->dwt.ctrl);
    } else if (off == DWT_CYCCNT) {
        *val = c->k->armv6m ? 0 : c->dwt.cyccnt;
    } else if (off == DWT_PCSR) {
        *val = c->halted ? 0xFFFFFFFFu : c->cur_pc;
    } else if (off >= DWT_COMP0 && off < DWT_COMP0 + DWT_STRIDE * c->dwt.n) {
        unsigned i = (off - DWT_COMP0) / DWT_STRIDE;
        switch ((off - DWT_COMP0) % DWT_STRIDE) {
        case DWT_COMP_OFF: *val = c->dwt.comp[i]; break;
        case DWT_MASK_OFF: *val = c->dwt.mask[i]; break;
        case DWT_FUNC_OFF:
            *val = c->dwt.func[i];
            c->dwt.func[i] &= ~DWT_FUNC_MATCHED; /* cleared on read */
            break;
        default: break;
        }
    } else if (off >= CS_PIDR4) {
        *val = core_cid_pid(off, c->k->dwt_part, CS_CLASS_GENERIC);
    }
    return 0;
}

int core_dwt_write(struct sim_core *c, uint32_t off, uint32_t val)
{
    if (off == DWT_CTRL) {
        c->dwt.ctrl = val & DWT_CTRL_WRITABLE;
    } else if (off == DWT_CYCCNT) {
        c->dwt.cyccnt = val;
    } else if (off >= DWT_COMP0 && off < DWT_COMP0 + DWT_STRIDE * c->dwt.n) {
        unsigned i = (off - DWT_COMP0) / DWT_STRIDE;
        switch ((off - DWT_COMP0) % DWT_STRIDE) {
        case DWT_COMP_OFF: c->dwt.comp[i] = val; break;
        case DWT_MASK_OFF: c->dwt.mask[i] = val & DWT_MASK_BITS; break;
        case DWT_FUNC_OFF:
            c->dwt.func[i] = (c->dwt.func[i] & DWT_FUNC_MATCHED) |
                             (val & DWT_FUNC_WRITABLE);
            break;
        default: break;
        }
    }
    dwt_update(c);
    return 0;
}

/* A data watchpoint matched: MATCHED, and a halt after this instruction
 * (core_run.c takes it at the next instruction boundary) when halting debug is on (C1.8.1; a match with neither halting debug nor
 * DebugMonitor enabled is ignored). */
static void dwt_access(struct sim_core *c, bool write, uint32_t addr,
                       uint32_t size)
{
    for (unsigned i = 0; i < c->dwt.n; i++) {
        uint32_t f = c->dwt.func[i] & DWT_FUNC_MASK;
        bool kind = f == DWT_FUNC_RW || (write ? f == DWT_FUNC_WRITE
                                               : f == DWT_FUNC_READ);
        if (!kind || !dwt_hit(c, i, addr, size))
            continue;
        c->dwt.func[i] |= DWT_FUNC_MATCHED;
        if ((c->dhcsr_c & DHCSR_C_DEBUGEN) && (c->demcr & DEMCR_TRCENA)) {
            c->halt_dfsr |= DFSR_DWTTRAP;
            c->dwt_halt_pending = true;   /* taken before the next instruction */
        }
    }
}

static void hook_dwt(uc_engine *uc, uc_mem_type type, uint64_t address,
                     int size, int64_t value, void *user)
{
    (void)uc;
    (void)value;
    dwt_access(user, type == UC_MEM_WRITE, (uint32_t)address, (uint32_t)size);
}

bool core_dwt_pc_match(struct sim_core *c, uint32_t pc)
{
    if (!(c->dhcsr_c & DHCSR_C_DEBUGEN) || !(c->demcr & DEMCR_TRCENA))
        return false;
    for (unsigned i = 0; i < c->dwt.n; i++) {
        if ((c->dwt.func[i] & DWT_FUNC_MASK) == DWT_FUNC_PC &&
            dwt_hit(c, i, pc, 2)) {
            c->dwt.func[i] |= DWT_FUNC_MATCHED;
            return true;
        }
    }
    return false;
}

/* Memory hooks make Unicorn route every load/store through its slow path
 * (decided when code is translated), so they exist only while a data
 * watchpoint is armed, and translated code is dropped when they change. */
void core_dwt_sync_hooks(struct sim_core *c)
{
    struct core_dwt *d = &c->dwt;
    if (d->data_armed == d->hooks_on)
        return;
    if (d->data_armed) {
        uc_hook_add(c->uc, &d->h_read, UC_HOOK_MEM_READ, (void *)hook_dwt, c,
                    1, 0);
        uc_hook_add(c->uc, &d->h_write, UC_HOOK_MEM_WRITE, (void *)hook_dwt,
                    c, 1, 0);
    } else {
        uc_hook_del(c->uc, d->h_read);
        uc_hook_del(c->uc, d->h_write);
    }
    d->hooks_on = d->data_armed;
    c->inval_all = true;
}

/* ---- ITM, TPIU, ROM table: identification only ---- */

int core_rom_read(struct sim_core *c, uint32_t base, uint32_t off,
                  uint32_t *val)
{
    *val = 0;
    if (base == PPB_ROM_BASE) {
        if (off < sizeof c->k->rom_entries)
            *val = c->k->rom_entries[off / 4u];
        else if (off == ROM_MEMTYPE)
            *val = ROM_MEMTYPE_SYSMEM;
        else if (off >= CS_PIDR4)
            *val = core_cid_pid(off, (uint16_t)c->k->rom_pidr_part,
                                CS_CLASS_ROM);
        return 0;
    }
    if (c->k->armv6m)
        return -1; /* v6-M cores have no ITM or TPIU */
    if (off >= CS_PIDR4) {
        bool tpiu = base == PPB_TPIU_BASE;
        *val = core_cid_pid(off, tpiu ? c->k->tpiu_part : c->k->itm_part,
                            tpiu ? CS_CLASS_CORESIGHT : CS_CLASS_GENERIC);
    }
    return 0;
}
