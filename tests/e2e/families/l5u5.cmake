# L5/U5 parts in the family matrix (flash driver src/stm32/flash_l5u5.c,
# bench controller sim/chips/fc_l5u5*.c): TrustZone off (TZEN = 0).
sd_family_matrix(l552ze-v3 "STM32L552/562 \\(L5 family\\), DEV_ID 0x472")
sd_family_matrix(u585ai-v3 "STM32U575/585 \\(U5 family\\), DEV_ID 0x482")
# TrustZone on: refused by name, the way out works (tests/e2e/l5u5-tzen.sh).
sd_e2e_test(l5u5-tzen 120)
