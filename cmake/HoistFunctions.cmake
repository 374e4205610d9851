# HoistFunctions.cmake: run hoist as a build step.
#
#   hoist_target_sources(<target> [PRIVATE|PUBLIC]
#                        [SOURCES] <source>...
#                        [HEADERS <header>...] [BASE_DIR <dir>]
#                        [NO_LINE_DIRECTIVES]
#                        [HOIST_OPTIONS <option>...] [PARSE_ARGS <arg>...])
#
# For each source, a custom command runs `hoist` on it and writes the lowered
# C++17 file to <binary dir>/hoist/<target>/src/<path relative to the source
# dir>; the target compiles that file instead of the source (a source already
# listed in the target is replaced). Each header (an async function defined in
# a header: inline functions, templates) is lowered to
# <binary dir>/hoist/<target>/include/<path relative to its include root>,
# and that directory goes first on the target's include path, so that
# `#include <app/retry.hpp>` finds the lowered header.
#
# Each command writes a depfile listing every file the parse read, so that
# touching a header re-lowers exactly the sources that include it (CMake 3.20
# or later: Ninja and Makefile generators). The tool is given the target's
# include directories, compile definitions and C++ standard (generator
# expressions: they are evaluated at generate time, after the whole project
# is configured). The target links Hoist::runtime.
#
# Documented in docs/cmake.md.

# Policies recorded here are those the function's commands run with:
# CMP0116 (3.20) makes Ninja read paths in depfiles relative to the
# directory of the custom command.
include_guard(GLOBAL)
cmake_policy(PUSH)
cmake_policy(VERSION 3.20...3.28)

# The regular expression matching exactly `text`.
function(_hoist_regex_escape out text)
  string(REGEX REPLACE "([][+.*()^$?|\\\\{}])" "\\\\\\1" escaped "${text}")
  set(${out} "${escaped}" PARENT_SCOPE)
endfunction()

# A path below a directory of ours for `rel` (which may climb out with ../).
function(_hoist_output_relpath out rel)
  string(REPLACE "../" "__/" rel "${rel}")
  string(REGEX REPLACE "^/" "" rel "${rel}")
  string(REPLACE ":" "_" rel "${rel}")
  set(${out} "${rel}" PARENT_SCOPE)
endfunction()

# The include root of `header` for `target`: the longest of the target's
# include directories (as known now) that holds it, else its own directory.
function(_hoist_include_root out target header)
  get_target_property(tdir ${target} SOURCE_DIR)
  get_target_property(dirs ${target} INCLUDE_DIRECTORIES)
  get_target_property(idirs ${target} INTERFACE_INCLUDE_DIRECTORIES)
  set(best "")
  foreach(d IN LISTS dirs idirs)
    if(d MATCHES "NOTFOUND$" OR d STREQUAL "")
      continue()
    endif()
    if(d MATCHES "^\\$<BUILD_INTERFACE:(.*)>$")
      set(d "${CMAKE_MATCH_1}")
    elseif(d MATCHES "\\$<")
      continue()
    endif()
    get_filename_component(d "${d}" ABSOLUTE BASE_DIR "${tdir}")
    string(LENGTH "${d}" n)
    string(LENGTH "${best}" nbest)
    string(FIND "${header}" "${d}/" at)
    if(at EQUAL 0 AND n GREATER nbest)
      set(best "${d}")
    endif()
  endforeach()
  if(best STREQUAL "")
    get_filename_component(best "${header}" DIRECTORY)
  endif()
  set(${out} "${best}" PARENT_SCOPE)
endfunction()

function(hoist_target_sources target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "PRIVATE;PUBLIC;NO_LINE_DIRECTIVES"
    "BASE_DIR" "SOURCES;HEADERS;HOIST_OPTIONS;PARSE_ARGS")
  if(NOT TARGET ${target})
    message(FATAL_ERROR "hoist_target_sources: no target '${target}'")
  endif()
  get_target_property(ttype ${target} TYPE)
  get_target_property(tdir ${target} SOURCE_DIR)
  if(ttype STREQUAL "INTERFACE_LIBRARY" OR ttype STREQUAL "UTILITY")
    message(FATAL_ERROR "hoist_target_sources: '${target}' compiles nothing")
  endif()
  if(NOT tdir STREQUAL CMAKE_CURRENT_SOURCE_DIR)
    message(FATAL_ERROR "hoist_target_sources: call it in the directory that "
      "creates '${target}' (${tdir}); custom commands belong to their directory")
  endif()
  if(ARG_PRIVATE AND ARG_PUBLIC)
    message(FATAL_ERROR "hoist_target_sources: PRIVATE or PUBLIC, not both")
  endif()
  set(sources ${ARG_SOURCES} ${ARG_UNPARSED_ARGUMENTS})
  if(NOT sources AND NOT ARG_HEADERS)
    message(FATAL_ERROR "hoist_target_sources: no sources for '${target}'")
  endif()

  # The tool: HOIST_EXECUTABLE if set, else the (imported or built) target.
  if(HOIST_EXECUTABLE)
    set(tool "${HOIST_EXECUTABLE}")
  elseif(TARGET Hoist::hoist)
    set(tool Hoist::hoist)
  else()
    message(FATAL_ERROR "hoist_target_sources: the hoist tool is not available "
      "(find_package(Hoist) without it, or HOIST_EXECUTABLE unset)")
  endif()

  set(root "${CMAKE_CURRENT_BINARY_DIR}/hoist/${target}")
  set(lowered_includes "${root}/include")

  # What the tool parses with: the target's own settings, minus the lowered
  # headers (it reads the originals, so that its depfile names them).
  _hoist_regex_escape(lowered_re "${lowered_includes}")
  set(incs "$<FILTER:$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>,EXCLUDE,^${lowered_re}$>")
  set(defs "$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>")
  set(std "$<TARGET_PROPERTY:${target},CXX_STANDARD>")
  # CXX_EXTENSIONS unset means on, as for the compiler.
  set(ext "$<TARGET_PROPERTY:${target},CXX_EXTENSIONS>")
  set(gnu "$<IF:$<STREQUAL:${ext},>,1,$<BOOL:${ext}>>")
  set(parse_args
    "$<$<BOOL:${std}>:-std=$<IF:${gnu},gnu,c>++${std}>"
    "$<$<BOOL:${incs}>:-I$<JOIN:${incs},$<SEMICOLON>-I>>"
    "$<$<BOOL:${defs}>:-D$<JOIN:${defs},$<SEMICOLON>-D>>"
    ${ARG_PARSE_ARGS})
  set(hoist_options ${ARG_HOIST_OPTIONS})
  if(ARG_NO_LINE_DIRECTIVES)
    list(APPEND hoist_options --no-line-directives)
  endif()

  # Once per target: the lowered include directory first on the include path
  # (and first for quoted includes), and the runtime.
  get_target_property(ready ${target} HOIST_LOWERED_DIR)
  if(NOT ready)
    set_property(TARGET ${target} PROPERTY HOIST_LOWERED_DIR "${root}")
    if(ttype STREQUAL "EXECUTABLE" OR ARG_PRIVATE OR NOT ARG_PUBLIC)
      set(scope PRIVATE)
    else()
      set(scope PUBLIC)
    endif()
    target_include_directories(${target} BEFORE ${scope}
      "$<BUILD_INTERFACE:${lowered_includes}>")
    target_compile_options(${target} PRIVATE "-iquote${lowered_includes}")
    # target_link_libraries' keyword and plain forms cannot be mixed; the
    # properties work with either.
    set_property(TARGET ${target} APPEND PROPERTY LINK_LIBRARIES Hoist::runtime)
    if(NOT ttype STREQUAL "EXECUTABLE")
      set_property(TARGET ${target} APPEND PROPERTY
        INTERFACE_LINK_LIBRARIES Hoist::runtime)
    endif()
  endif()
  # Quoted includes in a lowered file resolve as in the original: the
  # original's own directory, then the directories of the lowered headers
  # (for what those include beside themselves).
  set(quote_dirs "$<REMOVE_DUPLICATES:$<TARGET_PROPERTY:${target},HOIST_QUOTE_DIRS>>")
  set(quote_dirs_opt "$<$<BOOL:${quote_dirs}>:-iquote$<JOIN:${quote_dirs},$<SEMICOLON>-iquote>>")

  # Sources already in the target, by absolute path, to replace.
  get_target_property(target_sources ${target} SOURCES)
  if(NOT target_sources)
    set(target_sources "")
  endif()
  set(replaced_from "")
  set(replaced_to "")

  set(kinds "")
  foreach(f IN LISTS sources)
    list(APPEND kinds "src|${f}")
  endforeach()
  foreach(f IN LISTS ARG_HEADERS)
    list(APPEND kinds "hdr|${f}")
  endforeach()

  foreach(entry IN LISTS kinds)
    string(REGEX MATCH "^(src|hdr)\\|(.*)$" _ "${entry}")
    set(kind "${CMAKE_MATCH_1}")
    set(file "${CMAKE_MATCH_2}")
    get_filename_component(abs "${file}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    get_filename_component(abs_dir "${abs}" DIRECTORY)
    if(kind STREQUAL "src")
      file(RELATIVE_PATH rel "${CMAKE_CURRENT_SOURCE_DIR}" "${abs}")
      _hoist_output_relpath(rel "${rel}")
      set(out "${root}/src/${rel}")
    else()
      if(ARG_BASE_DIR)
        get_filename_component(base "${ARG_BASE_DIR}" ABSOLUTE
          BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
      else()
        _hoist_include_root(base ${target} "${abs}")
      endif()
      file(RELATIVE_PATH rel "${base}" "${abs}")
      if(rel MATCHES "^\\.\\./")
        message(FATAL_ERROR "hoist_target_sources: '${file}' is not under "
          "BASE_DIR '${base}'")
      endif()
      set(out "${lowered_includes}/${rel}")
      set_property(TARGET ${target} APPEND PROPERTY HOIST_QUOTE_DIRS "${abs_dir}")
    endif()
    file(RELATIVE_PATH shown "${CMAKE_BINARY_DIR}" "${out}")
    get_filename_component(out_dir "${out}" DIRECTORY)
    file(MAKE_DIRECTORY "${out_dir}")
    set(depfile "${out}.d")
    set(lang_args "")
    if(kind STREQUAL "hdr")
      # Parsed on its own, as the main file.
      set(lang_args -x c++-header)
    endif()

    add_custom_command(
      OUTPUT "${out}"
      COMMAND ${tool} ${hoist_options} "${abs}" -o "${out}" "--depfile=${depfile}"
              -- ${lang_args} ${parse_args}
      DEPENDS "${abs}" ${tool}
      DEPFILE "${depfile}"
      COMMENT "Lowering ${file} (hoist) -> ${shown}"
      COMMAND_EXPAND_LISTS
      VERBATIM)

    if(kind STREQUAL "src")
      set_property(SOURCE "${out}" APPEND PROPERTY COMPILE_OPTIONS
        "-iquote${abs_dir}" "${quote_dirs_opt}")
      set(found FALSE)
      foreach(s IN LISTS target_sources)
        if(s MATCHES "\\$<")
          continue()
        endif()
        get_filename_component(s_abs "${s}" ABSOLUTE BASE_DIR "${tdir}")
        if(s_abs STREQUAL abs)
          list(APPEND replaced_from "${s}")
          list(APPEND replaced_to "${out}")
          set(found TRUE)
        endif()
      endforeach()
      if(NOT found)
        target_sources(${target} PRIVATE "${out}")
      endif()
    else()
      # A generated header: built before the target's objects compile.
      target_sources(${target} PRIVATE "${out}")
    endif()
  endforeach()

  if(replaced_from)
    set(new_sources "")
    foreach(s IN LISTS target_sources)
      list(FIND replaced_from "${s}" at)
      if(at GREATER -1)
        list(GET replaced_to ${at} s)
      endif()
      list(APPEND new_sources "${s}")
    endforeach()
    set_property(TARGET ${target} PROPERTY SOURCES "${new_sources}")
  endif()
endfunction()

cmake_policy(POP)
