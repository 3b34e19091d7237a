# The board's firmware loader alone (no chip needed).
file(GLOB SIM_BOARD_IMAGE_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/sim/board/image*.c)
sd_unit_test(sim_test_board_image
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_board_image.c ${SIM_BOARD_IMAGE_SOURCES})
target_include_directories(sim_test_board_image PRIVATE ${PROJECT_SOURCE_DIR}/sim)

# The board around the real chip model (needs sim/chips and sim/cpu).
sd_unit_test(sim_test_board SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_board.c LIBS swdoctor_simcore)
