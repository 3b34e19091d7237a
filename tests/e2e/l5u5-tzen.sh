#!/usr/bin/env bash
# STM32U585 with TrustZone enabled (sim/scenarios/u585ai-v3-tzen.json):
# swdoctor does not guess at the secure side.  info, flash and read stop
# with a message naming TZEN and the way out; the option bytes still show
# (TZEN 1); the way out works: RDP level 1, then RDP=0xAA with TZEN=0 in one
# change (a regression that erases the flash), after which flash works.
# And the way in: TZEN=1 on a TZEN=0 chip needs --irreversible.
TEST_NAME="l5u5-tzen"
source "$(dirname "$0")/lib.sh"
SCEN_DIR="$(cd "$(dirname "$0")/../../sim/scenarios" && pwd)"
TZ="$SCEN_DIR/u585ai-v3-tzen.json"
S=tz.state
head -c 16384 /dev/urandom >image.bin

sd "$TZ" $S info
expect 1 'TZEN=1' "info names TZEN"
grep -q 'option-bytes set RDP=0xAA TZEN=0 --yes' <<<"$OUT" || fail "info does not say what to do"
sd "$TZ" $S flash image.bin
expect 1 'TrustZone is on' "flash is refused, naming TrustZone"
sd "$TZ" $S read 0x08000000 256 -o r.bin
expect 1 'TZEN=1' "read is refused instead of returning zeros"
sd "$TZ" $S option-bytes show
expect 0 'TZEN +1' "option bytes show TZEN 1"

sd "$TZ" $S option-bytes set TZEN=0 --yes
expect 1 'OPTWERR' "TZEN cannot be cleared at level 0 (the chip refuses)"
sd "$TZ" $S rdp set 1
expect 0 'level 1' "RDP level 1"
sd "$TZ" $S option-bytes set RDP=0xAA TZEN=0 --yes
expect 0 'TZEN +1 -> 0' "RDP=0xAA TZEN=0 together: the regression"
sd "$TZ" $S flash image.bin
expect 0 'verified' "flash works with TrustZone off"

S2=plain.state
sd "$SCEN_DIR/u585ai-v3.json" $S2 option-bytes set TZEN=1
expect 1 'RDP regression' "TZEN=1 needs --irreversible and says why"
say "PASS"
