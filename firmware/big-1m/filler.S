/* big-1m's filler: the bytes fw-filler wrote, as a section of its own that
 * the linker script places right after the program's load image (.filler
 * in common/stm32f407.ld).  The assembler finds the file through -Wa,-I. */
    .section .filler, "a", %progbits
    .incbin "big-1m-filler.bin"
