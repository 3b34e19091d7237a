# The simulated ST-LINK (sim/probe) on a fake board: the probe's sources
# and the bench clock, with test_probe_fakeboard.c in place of sim/board,
# sim/dap and the chips (so the tests see exactly the wire sequences).
file(GLOB SD_PROBE_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/sim/probe/*.c)
foreach(t test_probe test_probe_mem)
  sd_unit_test(sim_${t}
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/${t}.c
            ${CMAKE_CURRENT_LIST_DIR}/test_probe_fakeboard.c
            ${SD_PROBE_SOURCES}
            ${PROJECT_SOURCE_DIR}/sim/clock.c)
  target_include_directories(sim_${t} PRIVATE ${PROJECT_SOURCE_DIR}/sim
                                              ${CMAKE_CURRENT_LIST_DIR})
endforeach()
