# F2/F4 parts in the family matrix (F7: f7.cmake).
sd_family_matrix(f407-v2 "STM32F405/407/415/417")
sd_family_matrix(f207zg-v2 "STM32F205/207/215/217")
