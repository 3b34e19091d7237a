# F0/F1/F3 parts in the family matrix (flash driver src/stm32/flash_f1.c,
# bench controller sim/chips/fc_f1*.c).  The seed board's STM32F103RC by
# name of its die, plus one part per density/line and one F0, one F3.
sd_family_matrix(f103rc-v2 "STM32F101/103 high-density \\(F1 family\\), DEV_ID 0x414")
sd_family_matrix(f103c8-v2 "STM32F101/102/103 medium-density \\(F1 family\\), DEV_ID 0x410")
sd_family_matrix(f103zg-v2-1 "STM32F101/103 XL-density \\(F1 family\\), DEV_ID 0x430")
sd_family_matrix(f072rb-v2-1 "STM32F07x/F070xB \\(F0 family\\), DEV_ID 0x448")
sd_family_matrix(f303vc-v2-1 "STM32F302xB/C/F303xB/C/F358 \\(F3 family\\), DEV_ID 0x422")
