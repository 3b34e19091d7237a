# STM32H7 parts in the family matrix (driver src/stm32/flash_h7.c, bench
# sim/chips/fc_h7*.c): H743 (two banks, 256-bit words), the seed's H747
# (dual core, LDO-wired board), H723 (one bank), H7A3 (8 KiB sectors,
# 128-bit words).
sd_family_matrix(h743zi-v3 "STM32H742/743/745/747/750/753/755/757")
sd_family_matrix(h747ii-v3 "STM32H742/743/745/747/750/753/755/757")
sd_family_matrix(h723zg-v3 "STM32H723/725/730/733/735")
sd_family_matrix(h7a3zi-v3 "STM32H7A3/7B3/7B0")
