# F7 parts in the family matrix (F2/F4/F7 flash interface, Cortex-M7).
sd_family_matrix(f767zi-v3 "STM32F76")
