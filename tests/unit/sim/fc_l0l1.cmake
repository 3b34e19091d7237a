# STM32L0/L1 flash controller plug-in (sim/chips/fc_l0l1*.c) on the generic
# bench chip, through the debugger's path.
sd_unit_test(sim_test_fc_l0l1 SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_fc_l0l1.c LIBS swdoctor_simcore)
target_include_directories(sim_test_fc_l0l1 PRIVATE ${PROJECT_SOURCE_DIR}/sim)
