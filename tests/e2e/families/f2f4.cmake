# F2/F4 parts in the family matrix.
sd_family_matrix(f407-v2 "STM32F405/407/415/417")
