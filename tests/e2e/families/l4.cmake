# L4-class parts in the family matrix (flash driver src/stm32/flash_l4.c,
# bench controller sim/chips/fc_l4*.c): one scenario per line.
sd_family_matrix(l476rg-v2-1 "STM32L47x/L48x")
sd_family_matrix(l4r5zi-v3 "STM32L4R/L4S")
sd_family_matrix(g071rb-v2-1 "STM32G07x/G08x")
sd_family_matrix(g474re-v3 "STM32G47x/G48x")
sd_family_matrix(wb55rg-v2-1 "STM32WB5x")
sd_family_matrix(wle5jc-v3 "STM32WLE5")
sd_family_matrix(c031c6-v3 "STM32C031")
