# The F0/F1/F3 flash controller plug-in (sim/chips/fc_f1*.c) on its own,
# with a fake shell (test_fc_f1_fakes.c) in place of sim/chips/mcu*.c.
sd_unit_test(sim_test_fc_f1
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_fc_f1.c
          ${CMAKE_CURRENT_LIST_DIR}/test_fc_f1_fakes.c
          ${PROJECT_SOURCE_DIR}/sim/chips/fc_f1.c
          ${PROJECT_SOURCE_DIR}/sim/chips/fc_f1_options.c
          ${PROJECT_SOURCE_DIR}/sim/chips/parts_f0f1f3.c)
target_include_directories(sim_test_fc_f1 PRIVATE ${PROJECT_SOURCE_DIR}/sim
                           ${CMAKE_CURRENT_LIST_DIR})

# The same parts on the generic shell (sim/chips/mcu*.c) with the real
# core, seen through the debug port: IDs, DBGMCU, option block, SWJ_CFG.
sd_unit_test(sim_test_fc_f1_chip
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_fc_f1_chip.c
  LIBS swdoctor_simcore)
target_include_directories(sim_test_fc_f1_chip PRIVATE ${PROJECT_SOURCE_DIR}/sim)
