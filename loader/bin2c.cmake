# cmake -DIN=loader.bin -DOUT=file.inc -DNAME=sym -P bin2c.cmake
# Writes the bytes of IN as a C array, 12 per line, with a header that
# says how to regenerate it.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" n)
math(EXPR bytes "${n} / 2")
set(body "")
set(i 0)
set(col 0)
while(i LESS n)
  string(SUBSTRING "${hex}" ${i} 2 byte)
  if(col EQUAL 0)
    string(APPEND body "   ")
  endif()
  string(APPEND body " 0x${byte},")
  math(EXPR col "${col} + 1")
  if(col EQUAL 12)
    string(APPEND body "\n")
    set(col 0)
  endif()
  math(EXPR i "${i} + 2")
endwhile()
if(NOT col EQUAL 0)
  string(APPEND body "\n")
endif()
file(WRITE ${OUT}
"/* Generated from loader/${SRC} by `make loaders`; do not edit.\n"
" * ${bytes} bytes of Thumb code, linked at 0x20000000, entry at its start. */\n"
"static const unsigned char ${NAME}[${bytes}] = {\n${body}};\n")
