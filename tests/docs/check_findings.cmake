# Keeps the findings catalogue and its documentation in step (cmake -P).
#
#   cmake -DFINDINGS_C=src/doctor/findings.c -DPAGES_DIR=docs/findings \
#         -DDOCTOR_MD=docs/doctor.md -P tests/docs/check_findings.cmake
#
# Fails when an id of the catalogue (sd_finding_ids[] and the kinds[] table
# in findings.c) has no page <id>.md, when a page names no catalogue id,
# when docs/doctor.md does not link an id's page, or when a page lacks the
# heading or one of the sections every page has.
cmake_minimum_required(VERSION 3.25)

foreach(var FINDINGS_C PAGES_DIR DOCTOR_MD)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_findings: -D${var}=... is required")
  endif()
  get_filename_component(${var} "${${var}}" ABSOLUTE)
endforeach()

# The sections of a page, in order (docs/doctor.md "All findings").
set(sections
  "## What it means"
  "## How the doctor knows"
  "## What it cannot tell apart"
  "## How to fix it"
  "## What other tools say"
  "## Sources")

set(problems "")
macro(problem text)
  string(APPEND problems "  ${text}\n")
endmacro()

file(READ "${FINDINGS_C}" src)

# ids in sd_finding_ids[] = { "a", "b", ..., NULL, };
string(REGEX MATCH "sd_finding_ids\\[\\][^{]*{([^}]*)}" _ "${src}")
set(list_body "${CMAKE_MATCH_1}")
string(REGEX MATCHALL "\"[a-z0-9-]+\"" list_ids "${list_body}")
string(REPLACE "\"" "" list_ids "${list_ids}")
if(NOT list_ids)
  message(FATAL_ERROR "check_findings: no ids found in sd_finding_ids[] of ${FINDINGS_C}")
endif()

# ids of the kinds[] table: each entry starts `{ "id", "title"`.
string(REGEX MATCHALL "\n[ \t]*{ \"[a-z0-9-]+\"," kind_entries "${src}")
set(kind_ids "")
foreach(e IN LISTS kind_entries)
  string(REGEX REPLACE ".*{ \"([a-z0-9-]+)\",.*" "\\1" id "${e}")
  list(APPEND kind_ids "${id}")
endforeach()
if(NOT list_ids STREQUAL kind_ids)
  problem("sd_finding_ids[] and kinds[] differ in ${FINDINGS_C}: [${list_ids}] vs [${kind_ids}]")
endif()

file(READ "${DOCTOR_MD}" doctor_md)

foreach(id IN LISTS list_ids)
  set(page "${PAGES_DIR}/${id}.md")
  if(NOT EXISTS "${page}")
    problem("${id}: no page docs/findings/${id}.md")
  else()
    file(STRINGS "${page}" lines)
    list(GET lines 0 first)
    if(NOT first STREQUAL "# ${id}")
      problem("${id}.md: first line is '${first}', expected '# ${id}'")
    endif()
    set(at -1)
    foreach(sec IN LISTS sections)
      list(FIND lines "${sec}" idx)
      if(idx LESS 0)
        problem("${id}.md: no section '${sec}'")
      elseif(idx LESS at)
        problem("${id}.md: section '${sec}' out of order")
      else()
        set(at ${idx})
      endif()
    endforeach()
  endif()
  string(FIND "${doctor_md}" "(findings/${id}.md)" pos)
  if(pos LESS 0)
    problem("${id}: docs/doctor.md has no link to findings/${id}.md")
  endif()
endforeach()

file(GLOB pages RELATIVE "${PAGES_DIR}" "${PAGES_DIR}/*.md")
foreach(p IN LISTS pages)
  string(REGEX REPLACE "\\.md$" "" id "${p}")
  list(FIND list_ids "${id}" idx)
  if(idx LESS 0)
    problem("docs/findings/${p}: '${id}' is not an id in ${FINDINGS_C}")
  endif()
endforeach()

list(LENGTH list_ids n)
if(problems)
  message(FATAL_ERROR "check_findings: the docs and the catalogue (${n} ids) differ:\n${problems}")
endif()
message(STATUS "check_findings: ${n} ids, each with its page and a line in doctor.md")
