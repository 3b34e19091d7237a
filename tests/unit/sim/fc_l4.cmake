# The L4-class flash controller plug-in (sim/chips/fc_l4*.c) with the
# generic shell's services faked in the test, so it is tested on its own.
sd_unit_test(sim_test_fc_l4
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_fc_l4.c
          ${PROJECT_SOURCE_DIR}/sim/chips/fc_l4.c
          ${PROJECT_SOURCE_DIR}/sim/chips/fc_l4_options.c
          ${PROJECT_SOURCE_DIR}/sim/chips/parts_l4g0g4wbwlc0.c
          ${PROJECT_SOURCE_DIR}/sim/chips/periph_bus.c)
target_include_directories(sim_test_fc_l4 PRIVATE ${PROJECT_SOURCE_DIR}/sim)
