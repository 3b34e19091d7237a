#!/usr/bin/env bash
# Option bytes and read-out protection on an STM32F407 (RM0090 §3.6-3.7):
# factory values decoded, BOR_LEV and nWRP written and read back (and seen
# by OpenOCD), a write-protected sector refuses erase and programming,
# RDP 0 -> 1 -> 0 with the flash erased by the regression, and every
# change that erases or cannot be undone refused without its flag, the
# chip untouched.
TEST_NAME=option-bytes
source "$(dirname "$0")/lib.sh"
scenario f407.json
S=state.bin

# ---- show: the factory values (OPTCR 0x0FFFAAED, stm32-families.md §4.2)
sd f407.json $S option-bytes show
expect 0 "^field +value +meaning" "option-bytes show prints a table"
expect 0 "RDP +0xAA \(level 0\) +read-out protection" "RDP is 0xAA, level 0"
expect 0 "BOR_LEV +0x3 +brown-out" "BOR_LEV is 3 (off)"
expect 0 "WDG_SW +1 " "software watchdog"
expect 0 "nRST_STOP +1 " "no reset on Stop"
expect 0 "nRST_STDBY +1 " "no reset on Standby"
expect 0 "nWRP +0xFFF +write protection" "no sector write-protected (12 nWRP bits at 1)"

sd f407.json $S --json option-bytes show
expect 0 '"name": "BOR_LEV"' "option-bytes show --json"
python3 - "$OUT" <<'PY' || fail "option-bytes show --json is not one document with the factory values"
import json, sys
d = json.loads(sys.argv[1])
f = {x["name"]: x for x in d["option_bytes"]}
assert d["ok"] and d["rdp_level"] == 0
assert f["RDP"]["value"] == 0xAA and f["RDP"]["rdp_level"] == 0 and f["RDP"]["kind"] == "rdp"
assert f["BOR_LEV"]["value"] == 3 and f["BOR_LEV"]["width"] == 2
assert f["nWRP"]["value"] == 0xFFF and f["nWRP"]["width"] == 12
assert all(f[n]["value"] == 1 for n in ("WDG_SW", "nRST_STOP", "nRST_STDBY"))
assert all(x["doc"] for x in d["option_bytes"])
PY
say "ok: the JSON document holds every field with its width and meaning"

# ---- set: bad input touches nothing
sd f407.json $S option-bytes set BOR_LEV=4
expect 2 "BOR_LEV=4 is out of range: the field is 2 bits wide \(0\.\.3" "a value wider than the field is a usage error"
sd f407.json $S option-bytes set bor=1
expect 2 "'bor' is not an option-byte field.*did you mean 'BOR_LEV'.*RDP, BOR_LEV, WDG_SW" \
    "an unknown field: did you mean, and the valid names"
sd f407.json $S option-bytes set BOR_LEV=1 bor_lev=2
expect 2 "BOR_LEV is given twice" "a field given twice is refused"
sd f407.json $S option-bytes show
expect 0 "BOR_LEV +0x3 " "refused input left BOR_LEV alone"

# ---- set BOR_LEV (field names in any case)
sd f407.json $S option-bytes set bor_lev=1
expect 0 "BOR_LEV +0x3 -> 0x1" "set shows old -> new"
expect 0 "written: the chip reloaded its option bytes and reads the new values back" "BOR_LEV written"
sd f407.json $S option-bytes show
expect 0 "BOR_LEV +0x1 " "BOR_LEV reads back 1 in a new session"
sd f407.json $S option-bytes set BOR_LEV=1
expect 0 "nothing to change" "setting the current value writes nothing"

# ---- nWRP: sector 1 (0x08004000, 16 KiB) write-protected
printf 'sector one, first content....' >one.bin
printf 'sector one, other content....' >two.bin
sd f407.json $S flash one.bin --base 0x08004000
expect 0 "verified" "program sector 1 before protecting it"
sd f407.json $S option-bytes set nWRP=0xFFD
expect 0 "nWRP +0xFFF -> 0xFFD" "protect sector 1"
sd f407.json $S info
expect 0 "write-protected sectors mask 0x2" "info sees sector 1 write-protected"

# An independent reader: OpenOCD's stm32f2x driver sees the same option bytes.
set +e
OCD=$("$SWDOCTOR_SIM" run --state $S f407.json -- openocd -f interface/stlink.cfg \
    -f target/stm32f4x.cfg -c init -c "stm32f2x options_read 0" -c "flash info 0" -c shutdown 2>&1)
set -e
grep -q "user_options 0xE4" <<<"$OCD" || fail "OpenOCD does not read USER 0xE4 (BOR_LEV=1): $OCD"
grep -qE "#  1: 0x00004000 .* protected" <<<"$OCD" && ! grep -qE "#  1: .*not protected" <<<"$OCD" ||
    fail "OpenOCD does not see sector 1 protected"
grep -qE "#  2: .*not protected" <<<"$OCD" || fail "OpenOCD sees sector 2 protected"
say "ok: OpenOCD reads BOR_LEV=1 and sector 1 protected, sector 2 not"

sd f407.json $S erase 0x08004000 16K
expect 1 "erasing sector 1 at 0x08004000: .*WRPERR \(sector is write-protected\)" "erasing sector 1 fails with WRPERR"
sd f407.json $S flash two.bin --base 0x08004000
expect 1 "write-protected" "flashing sector 1 fails: write-protected"
flash_dump $S dump.bin
cmp -n "$(stat -c %s one.bin)" -i 16384:0 dump.bin one.bin || fail "sector 1 changed while write-protected"
say "ok: sector 1 still holds its first content"
sd f407.json $S erase 0x08008000 16K
expect 0 "erased sectors 2..2" "sector 2 is not protected"

sd f407.json $S option-bytes set nWRP=0xFFF
expect 0 "nWRP +0xFFD -> 0xFFF" "unprotect sector 1"
sd f407.json $S flash two.bin --base 0x08004000
expect 0 "verified" "sector 1 can be flashed again"

# Every sector protected: refused without --irreversible, nothing written.
sd f407.json $S option-bytes set nWRP=0
expect 1 "refused: this write-protects every flash sector.*Nothing was written; add --irreversible" \
    "protecting every sector needs --irreversible and says why"
sd f407.json $S option-bytes show
expect 0 "nWRP +0xFFF " "the refused change wrote nothing"

# ---- RDP
sd f407.json $S rdp get
expect 0 "^RDP level 0 \(0xAA\)" "rdp get: level 0"
sd f407.json $S rdp set 2
expect 1 "refused: read-out protection level 2 is permanent.*never be debugged or reprogrammed through SWD again.*add --irreversible" \
    "rdp set 2 needs --irreversible and explains it"
sd f407.json $S option-bytes set RDP=0xCC
expect 1 "refused: read-out protection level 2 is permanent" "RDP=0xCC through option-bytes set is refused too"
sd f407.json $S rdp get
expect 0 "^RDP level 0 " "the refused level 2 wrote nothing"

sd f407.json $S rdp set 1
expect 0 "RDP +0xAA \(level 0\) -> 0xBB \(level 1\)" "rdp set 1 shows old -> new"
expect 0 "reads back RDP level 1" "rdp set 1 reads the level back"
sd f407.json $S rdp get
expect 0 "^RDP level 1 \(0xBB\)" "rdp get: level 1"
sd f407.json $S rdp set 1
expect 0 "already at level 1: nothing written" "rdp set 1 again writes nothing"
sd f407.json $S read 0x08000000 256 -o refused.bin
expect 1 "RDP level 1.*rdp set 0 --yes" "flash read refused with the RDP message"
sd f407.json $S --json option-bytes show
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["ok"] and d["rdp_level"]==1' "$OUT" ||
    fail "option-bytes show at level 1 does not report rdp_level 1"
say "ok: option bytes stay readable at level 1"

sd f407.json $S rdp set 0
expect 1 "refused: lowering read-out protection from level 1 to level 0 makes the chip erase its whole flash.*add --yes" \
    "rdp set 0 without --yes is refused and says it erases the flash"
sd f407.json $S rdp get
expect 0 "^RDP level 1 " "the refused regression left level 1"
flash_dump $S dump.bin
cmp -n "$(stat -c %s two.bin)" -i 16384:0 dump.bin two.bin || fail "the refused regression touched the flash"
say "ok: the flash still holds its content"

sd f407.json $S rdp set 0 --yes
expect 0 "erased its flash and reads back RDP level 0" "rdp set 0 --yes"
sd f407.json $S rdp get
expect 0 "^RDP level 0 \(0xAA\)" "rdp get: level 0 again"
flash_dump $S dump.bin
python3 - dump.bin <<'PY' || fail "the flash is not erased after the regression"
import sys
d = open(sys.argv[1], "rb").read()[: 1024 * 1024]
assert set(d) == {0xFF}, sorted(set(d))[:8]
PY
say "ok: RDP 1 -> 0 erased the whole flash"
sd f407.json $S option-bytes show
expect 0 "BOR_LEV +0x1 " "the regression kept the other option bytes (RM0090 §3.7.3)"

# Level 2 for real, on a board of its own: written, then no debug port.
sd f407.json l2.bin rdp set 2 --irreversible
expect 0 "RDP +0xAA \(level 0\) -> 0xCC \(level 2\)" "rdp set 2 --irreversible"
expect 0 "no longer answers on its debug port" "it says the debug port is gone"
sd f407.json l2.bin --connect under-reset info
expect 1 "debug port does not answer" "at level 2 not even a connection under reset answers"
say "PASS"
