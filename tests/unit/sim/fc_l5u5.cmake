# STM32L5/U5 flash controller (sim/chips/fc_l5u5*.c) with the fake core and
# clock of test_f4_fakes.c, like sim_test_f4 (chips.cmake).
file(GLOB SIM_L5U5_CHIP_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/sim/chips/*.c)
sd_unit_test(sim_test_fc_l5u5
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_fc_l5u5.c
          ${CMAKE_CURRENT_LIST_DIR}/test_f4_fakes.c
          ${SIM_L5U5_CHIP_SOURCES})
target_include_directories(sim_test_fc_l5u5 PRIVATE ${PROJECT_SOURCE_DIR}/sim
                           ${CMAKE_CURRENT_LIST_DIR})
