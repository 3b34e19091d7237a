/* Decoding the Thumb store that a data watchpoint stopped after (or is
 * about to run).  Encodings: ARMv7-M ARM A7.7.158-A7.7.170 (STR, STRB,
 * STRH: T1 16-bit immediate/register, T2 SP-relative, T2/T3 32-bit
 * imm12, T4 imm8 with P/U/W, T2 register); ARMv6-M has the 16-bit forms. */
#include "doctor/forensics.h"

/* 16-bit forms: opcode bits 15:11 or 15:9. */
#define T16_STR_IMM   0x6000u   /* 01100 imm5 Rn Rt */
#define T16_STRB_IMM  0x7000u   /* 01110 */
#define T16_STRH_IMM  0x8000u   /* 10000 */
#define T16_STR_SP    0x9000u   /* 10010 Rt imm8 */
#define T16_MASK5     0xF800u
#define T16_STR_REG   0x5000u   /* 0101000 Rm Rn Rt */
#define T16_STRH_REG  0x5200u   /* 0101001 */
#define T16_STRB_REG  0x5400u   /* 0101010 */
#define T16_MASK7     0xFE00u
/* 32-bit forms: hw1 1111 1000 1 size 0 Rn (imm12) / 1111 1000 0 size 0 Rn. */
#define T32_STR_MASK  0xFFF0u
#define T32_STRB_12   0xF880u
#define T32_STRH_12   0xF8A0u
#define T32_STR_12    0xF8C0u
#define T32_STRB_8    0xF800u   /* imm8 (hw2 bit 11 set) or register (hw2 11:6 zero) */
#define T32_STRH_8    0xF820u
#define T32_STR_8     0xF840u
#define T32_IMM8_FORM (1u << 11)
#define T32_P         (1u << 10)
#define T32_U         (1u << 9)
#define REG_SP        13u
/* How far back to look for a store when the halt came late: ARMv7-M
 * C1.8.1 lets a watchpoint halt a few instructions after the access. */
#define MAX_LOOKBACK_HALFWORDS 8u

bool thumb_is_32bit(uint16_t hw1)
{
    return (hw1 >> 11) >= 0x1Du;
}

/* The L bit: 16-bit immediate forms bit 11, register forms 0b0101 1xx
 * (LDR 0x5800, LDRH 0x5A00, LDRB 0x5C00; 0x5600/0x5E00 are the signed
 * loads, not decoded); 32-bit forms hw1 bit 4. */
#define T16_L_IMM     (1u << 11)
#define T16_LDR_REG   0x5800u
#define T16_LDRH_REG  0x5A00u
#define T16_LDRB_REG  0x5C00u
#define T32_L         (1u << 4)
#define T32_W         (1u << 8)

static bool decode16(uint16_t hw, struct thumb_store *s);
static bool decode32(uint16_t hw1, uint16_t hw2, struct thumb_store *s);

/* Loads as stores with L set: clear L, decode, mark. */
static bool decode_load16(uint16_t hw, struct thumb_store *s)
{
    uint16_t op5 = hw & T16_MASK5;
    if ((op5 == (T16_STR_IMM | T16_L_IMM) || op5 == (T16_STRB_IMM | T16_L_IMM) ||
         op5 == (T16_STRH_IMM | T16_L_IMM) || op5 == (T16_STR_SP | T16_L_IMM)) &&
        decode16((uint16_t)(hw & ~T16_L_IMM), s))
        return s->load = true;
    uint16_t op7 = hw & T16_MASK7;
    uint16_t as_store = op7 == T16_LDR_REG ? T16_STR_REG : op7 == T16_LDRH_REG ? T16_STRH_REG
                        : op7 == T16_LDRB_REG ? T16_STRB_REG : 0;
    if (as_store && decode16((uint16_t)((hw & ~T16_MASK7) | as_store), s))
        return s->load = true;
    return false;
}

bool thumb_decode_access(uint16_t hw1, uint16_t hw2, struct thumb_store *out)
{
    if (thumb_decode_store(hw1, hw2, out))
        return true;
    if (!thumb_is_32bit(hw1))
        return decode_load16(hw1, out);
    if ((hw1 & T32_L) && decode32((uint16_t)(hw1 & ~T32_L), hw2, out))
        return out->load = true;
    return false;
}

static bool decode16(uint16_t hw, struct thumb_store *s)
{
    *s = (struct thumb_store){ .length = 2, .rm = -1, .indexed = true,
                               .rt = hw & 7u, .rn = (hw >> 3) & 7u };
    unsigned imm5 = (hw >> 6) & 0x1Fu;
    switch (hw & T16_MASK5) {
    case T16_STR_IMM: s->size = 4; s->offset = (int32_t)(imm5 << 2); return true;
    case T16_STRB_IMM: s->size = 1; s->offset = (int32_t)imm5; return true;
    case T16_STRH_IMM: s->size = 2; s->offset = (int32_t)(imm5 << 1); return true;
    case T16_STR_SP:
        s->size = 4; s->rt = (hw >> 8) & 7u; s->rn = REG_SP;
        s->offset = (int32_t)((hw & 0xFFu) << 2);
        return true;
    default: break;
    }
    s->rm = (hw >> 6) & 7;
    switch (hw & T16_MASK7) {
    case T16_STR_REG: s->size = 4; return true;
    case T16_STRH_REG: s->size = 2; return true;
    case T16_STRB_REG: s->size = 1; return true;
    default: return false;
    }
}

static bool decode32(uint16_t hw1, uint16_t hw2, struct thumb_store *s)
{
    *s = (struct thumb_store){ .length = 4, .rm = -1, .indexed = true,
                               .rn = hw1 & 0xFu, .rt = hw2 >> 12 };
    switch (hw1 & T32_STR_MASK) {
    case T32_STR_12: s->size = 4; break;
    case T32_STRH_12: s->size = 2; break;
    case T32_STRB_12: s->size = 1; break;
    case T32_STR_8: s->size = 4; goto imm8_or_reg;
    case T32_STRH_8: s->size = 2; goto imm8_or_reg;
    case T32_STRB_8: s->size = 1; goto imm8_or_reg;
    default: return false;
    }
    s->offset = (int32_t)(hw2 & 0xFFFu);
    return s->rn != 0xFu;   /* Rn 15 is UNDEFINED for stores */
imm8_or_reg:
    if (s->rn == 0xFu)
        return false;
    if (hw2 & T32_IMM8_FORM) {
        int32_t imm8 = (int32_t)(hw2 & 0xFFu);
        s->offset = (hw2 & T32_U) ? imm8 : -imm8;
        s->indexed = (hw2 & T32_P) != 0;
        s->writeback = (hw2 & T32_W) != 0;
        return true;
    }
    if ((hw2 & 0x0FC0u) != 0)
        return false;
    s->rm = hw2 & 0xF;
    s->shift = (hw2 >> 4) & 3u;
    return true;
}

bool thumb_decode_store(uint16_t hw1, uint16_t hw2, struct thumb_store *out)
{
    return thumb_is_32bit(hw1) ? decode32(hw1, hw2, out) : decode16(hw1, out);
}

unsigned thumb_store_before(const uint16_t *code, unsigned n)
{
    /* Nearest first.  A halfword after a 32-bit prefix is taken as that
     * instruction's second half (it can look like a 16-bit store); the
     * 32-bit instruction is tried on the next step back. */
    unsigned stop = n > MAX_LOOKBACK_HALFWORDS ? n - MAX_LOOKBACK_HALFWORDS : 0;
    for (unsigned i = n; i-- > stop;) {
        struct thumb_store s;
        if (i > 0 && thumb_is_32bit(code[i - 1]))
            continue;
        if (thumb_is_32bit(code[i])) {
            if (i + 1 < n && decode32(code[i], code[i + 1], &s))
                return (n - i) * 2u;
        } else if (decode16(code[i], &s)) {
            return (n - i) * 2u;
        }
    }
    return 0;
}

unsigned thumb_access_before(const uint16_t *code, unsigned n)
{
    struct thumb_store s;
    if (n >= 2 && thumb_is_32bit(code[n - 2]) && thumb_decode_access(code[n - 2], code[n - 1], &s))
        return 4;
    if (n >= 1 && !(n >= 2 && thumb_is_32bit(code[n - 2])) &&
        thumb_decode_access(code[n - 1], 0, &s))
        return 2;
    return 0;
}

uint32_t thumb_store_address(const struct thumb_store *s, const uint32_t *r)
{
    uint32_t base = r[s->rn];
    if (s->rm >= 0)
        return base + (r[s->rm] << s->shift);
    return s->indexed ? base + (uint32_t)s->offset : base;
}
