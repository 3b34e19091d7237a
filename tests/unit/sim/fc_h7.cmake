# The STM32H7 flash-controller plug-in (sim/chips/fc_h7*.c, h7_pwr.c,
# parts_h7.c) against fake shell services (the test defines them), so it
# is tested on its own: controller, option bytes, PWR_CR3 supply lock.
sd_unit_test(sim_test_fc_h7
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_fc_h7.c
          ${PROJECT_SOURCE_DIR}/sim/chips/fc_h7.c
          ${PROJECT_SOURCE_DIR}/sim/chips/fc_h7_options.c
          ${PROJECT_SOURCE_DIR}/sim/chips/h7_pwr.c
          ${PROJECT_SOURCE_DIR}/sim/chips/parts_h7.c
          ${PROJECT_SOURCE_DIR}/sim/chips/periph_bus.c)
target_include_directories(sim_test_fc_h7 PRIVATE ${PROJECT_SOURCE_DIR}/sim)

# The same parts on the real shell, core and clock: APs, the supply lock
# as the debug port sees it, the board.supply scenario values.
sd_unit_test(sim_test_fc_h7_chip
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_fc_h7_chip.c
  LIBS swdoctor_simcore)
target_include_directories(sim_test_fc_h7_chip PRIVATE ${PROJECT_SOURCE_DIR}/sim)
target_link_libraries(sim_test_fc_h7_chip PRIVATE PkgConfig::JANSSON)
