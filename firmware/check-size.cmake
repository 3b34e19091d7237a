# cmake -DFILE=path -DSIZE=bytes -P check-size.cmake
# Fails the build when a generated image is not exactly SIZE bytes.
file(SIZE "${FILE}" actual)
if(NOT actual EQUAL SIZE)
  message(FATAL_ERROR "${FILE} is ${actual} bytes, expected exactly ${SIZE}")
endif()
