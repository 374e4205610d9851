# HoistFunctions.cmake: run hoist as a build step.
#
#   hoist_target_sources(<target> [PRIVATE|PUBLIC]
#                        [SOURCES] <source>...
#                        [HEADERS <header>...] [BASE_DIR <dir>]
#                        [NO_LINE_DIRECTIVES] [LAYOUT_ASSERTS <bool>]
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
# or later: Ninja and Makefile generators). The parse is given what the
# compiler is given for the target's sources: its include directories,
# compile definitions and options (generator expressions, evaluated at
# generate time, after the whole project is configured), CMAKE_CXX_FLAGS and
# CMAKE_CXX_FLAGS_<CONFIG> (their values at the end of the target's
# directory), its C++ standard (C++20 at least) and the compiler's target,
# sysroot and GCC installation. They are written to a response file per
# configuration, on which the commands depend: a change of flags lowers
# again. The target links Hoist::runtime.
#
# The original sources are also compiled (as C++20, with the target's flags)
# by an OBJECT library <target>_hoist_originals that is excluded from `all`:
# it costs nothing in a build, and puts the files users edit into
# compile_commands.json for clangd and other tools.
#
# HOIST_LAYOUT_ASSERTS (default OFF) or the LAYOUT_ASSERTS keyword keeps the
# static_asserts on each future's size and alignment in the lowered code.
#
# HOIST_MAP_DIAGNOSTICS (default ON) makes hoist-cc the target's compiler
# launcher (before any it had): #line gives the compiler the user's line but
# not the column, and hoist-cc maps what it reports back to the user's
# columns and words.
#
# Documented in docs/cmake.md.

# Policies recorded here are those the function's commands run with:
# CMP0116 (3.20) makes Ninja read paths in depfiles relative to the
# directory of the custom command.
include_guard(GLOBAL)
cmake_policy(PUSH)
cmake_policy(VERSION 3.20...3.28)

option(HOIST_LAYOUT_ASSERTS
  "hoist_target_sources: assert in the lowered code the layout hoist measured for each future"
  OFF)
option(HOIST_MAP_DIAGNOSTICS
  "hoist_target_sources: compile through hoist-cc, which reports diagnostics on lowered files at the user's columns"
  ON)

# The regular expression matching exactly `text`.
function(_hoist_regex_escape out text)
  string(REGEX REPLACE "([][+.*()^$?|\\\\{}])" "\\\\\\1" escaped "${text}")
  set(${out} "${escaped}" PARENT_SCOPE)
endfunction()

# The hoist-cc command for `target`'s launcher (empty if none is found):
# HOIST_CC_EXECUTABLE, else the one beside HOIST_EXECUTABLE, else the
# (imported or built) target, which a target built here then depends on.
function(_hoist_cc out target)
  set(cc "")
  if(HOIST_CC_EXECUTABLE)
    set(cc "${HOIST_CC_EXECUTABLE}")
  elseif(HOIST_EXECUTABLE)
    get_filename_component(dir "${HOIST_EXECUTABLE}" DIRECTORY)
    if(EXISTS "${dir}/hoist-cc")
      set(cc "${dir}/hoist-cc")
    endif()
  elseif(TARGET Hoist::hoist-cc)
    set(cc "$<TARGET_FILE:Hoist::hoist-cc>")
    get_target_property(built Hoist::hoist-cc ALIASED_TARGET)
    if(built)
      add_dependencies(${target} ${built})
    endif()
  endif()
  set(${out} "${cc}" PARENT_SCOPE)
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

# Arguments that make clang parse for the compiler CMake uses: its target,
# sysroot and GCC installation (whose libstdc++ the parse must read).
function(_hoist_compiler_args out)
  get_property(known GLOBAL PROPERTY _HOIST_COMPILER_ARGS SET)
  if(known)
    get_property(args GLOBAL PROPERTY _HOIST_COMPILER_ARGS)
    set(${out} "${args}" PARENT_SCOPE)
    return()
  endif()
  set(args "")
  set(target "${CMAKE_CXX_COMPILER_TARGET}")
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    if(NOT target AND CMAKE_CROSSCOMPILING)
      execute_process(COMMAND ${CMAKE_CXX_COMPILER} -dumpmachine
        OUTPUT_VARIABLE target OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    endif()
    execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-libgcc-file-name
      OUTPUT_VARIABLE libgcc OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(IS_ABSOLUTE "${libgcc}" AND EXISTS "${libgcc}")
      get_filename_component(gcc_dir "${libgcc}" DIRECTORY)
      list(APPEND args "--gcc-install-dir=${gcc_dir}")
    endif()
  elseif(CMAKE_CXX_COMPILER_EXTERNAL_TOOLCHAIN)
    list(APPEND args "--gcc-toolchain=${CMAKE_CXX_COMPILER_EXTERNAL_TOOLCHAIN}")
  endif()
  if(target)
    list(PREPEND args "--target=${target}")
  endif()
  if(CMAKE_SYSROOT_COMPILE)
    list(APPEND args "--sysroot=${CMAKE_SYSROOT_COMPILE}")
  elseif(CMAKE_SYSROOT)
    list(APPEND args "--sysroot=${CMAKE_SYSROOT}")
  endif()
  set_property(GLOBAL PROPERTY _HOIST_COMPILER_ARGS "${args}")
  set(${out} "${args}" PARENT_SCOPE)
endfunction()

# `flags` (a command-line string) as generate-time text that stays itself.
function(_hoist_genex_literal out flags)
  string(REPLACE ">" "$<ANGLE-R>" flags "${flags}")
  set(${out} "${flags}" PARENT_SCOPE)
endfunction()

# Writes the response files the parse of `target`'s sources reads, one per
# configuration (`file` names $<CONFIG> and $<COMPILE_LANGUAGE>, as the
# target's properties may test the language): one argument a line, in the
# order CMake gives them to the compiler. Called at the end of the target's
# directory, where CMAKE_CXX_FLAGS has the value its compile rules use.
function(_hoist_write_parse_args target file lowered_includes)
  _hoist_regex_escape(lowered_re "${lowered_includes}")
  set(defs "$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>")
  # Not the lowered headers: the parse reads the originals, so that its
  # depfile names them.
  set(incs "$<FILTER:$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>,EXCLUDE,^${lowered_re}$>")
  # "SHELL:" options are for a shell to split (not passed: use PARSE_ARGS).
  set(opts "$<TARGET_PROPERTY:${target},COMPILE_OPTIONS>")
  set(opts "$<FILTER:${opts},EXCLUDE,^-iquote${lowered_re}$>")
  set(opts "$<FILTER:${opts},EXCLUDE,^SHELL:>")
  set(std "$<TARGET_PROPERTY:${target},CXX_STANDARD>")
  # CXX_EXTENSIONS unset means on, as for the compiler (whose default
  # standard is a GNU one).
  set(ext "$<TARGET_PROPERTY:${target},CXX_EXTENSIONS>")
  set(gnu "$<IF:$<STREQUAL:${ext},>,1,$<BOOL:${ext}>>")

  # The standard: the target's after the flags strings (as CMake orders
  # them), else the compiler's default kind before them; C++20 at least
  # (the tool raises an older one).
  set(std_arg "-std=$<IF:${gnu},gnu,c>++$<IF:$<BOOL:${std}>,${std},20>\n")

  # Each argument of a list in single quotes (the GNU syntax of response
  # files, which leaves what they hold as it is).
  set(content "$<$<NOT:$<BOOL:${std}>>:${std_arg}>")
  _hoist_compiler_args(compiler_args)
  foreach(a IN LISTS compiler_args)
    _hoist_genex_literal(a "${a}")
    string(APPEND content "'${a}'\n")
  endforeach()
  string(APPEND content
    "$<$<NOT:$<STREQUAL:${defs},>>:'-D$<JOIN:${defs},'\n'-D>'\n>"
    "$<$<NOT:$<STREQUAL:${incs},>>:'-I$<JOIN:${incs},'\n'-I>'\n>")
  # The flags strings, as the compiler's command line holds them.
  _hoist_genex_literal(flags "${CMAKE_CXX_FLAGS}")
  string(APPEND content "${flags}\n")
  set(configs ${CMAKE_CONFIGURATION_TYPES} ${CMAKE_BUILD_TYPE})
  list(TRANSFORM configs TOUPPER)
  list(REMOVE_DUPLICATES configs)
  foreach(config IN LISTS configs)
    _hoist_genex_literal(flags "${CMAKE_CXX_FLAGS_${config}}")
    if(NOT flags STREQUAL "")
      string(APPEND content "$<$<CONFIG:${config}>:${flags}\n>")
    endif()
  endforeach()
  string(APPEND content "$<$<BOOL:${std}>:${std_arg}>")
  string(APPEND content "$<$<NOT:$<STREQUAL:${opts},>>:'$<JOIN:${opts},'\n'>'\n>")
  file(GENERATE OUTPUT "${file}" CONTENT "${content}" TARGET ${target})
endfunction()

# The OBJECT library <target>_hoist_originals, excluded from `all`, that
# compiles the original sources as C++20 with the target's flags (not the
# lowered headers): the build's compile_commands.json and IDEs then have a
# command for each file users edit. Made with the first source; none if the
# compiler knows no C++20.
function(_hoist_originals_library out target lowered_includes)
  set(${out} "" PARENT_SCOPE)
  get_target_property(originals ${target} HOIST_ORIGINALS_TARGET)
  if(originals)
    set(${out} ${originals} PARENT_SCOPE)
    return()
  endif()
  if(NOT "cxx_std_20" IN_LIST CMAKE_CXX_COMPILE_FEATURES)
    return()
  endif()
  set(originals ${target}_hoist_originals)
  add_library(${originals} OBJECT EXCLUDE_FROM_ALL)
  _hoist_regex_escape(lowered_re "${lowered_includes}")
  target_include_directories(${originals} PRIVATE
    "$<FILTER:$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>,EXCLUDE,^${lowered_re}$>")
  target_compile_definitions(${originals} PRIVATE
    "$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>")
  target_compile_options(${originals} PRIVATE
    "$<FILTER:$<TARGET_PROPERTY:${target},COMPILE_OPTIONS>,EXCLUDE,^-iquote${lowered_re}$>")
  # The target's standard if it is C++20 or later, else C++20 (its
  # CXX_STANDARD and CXX_EXTENSIONS are copied at the end of the directory).
  target_compile_features(${originals} PRIVATE cxx_std_20)
  set_property(TARGET ${target} PROPERTY HOIST_ORIGINALS_TARGET ${originals})
  set(${out} ${originals} PARENT_SCOPE)
endfunction()

# What waits for the end of the target's directory, where its properties
# and CMAKE_CXX_FLAGS have their final values: the parse's response files,
# and the originals' standard.
function(_hoist_directory_end target root lowered_includes)
  _hoist_write_parse_args(${target}
    "${root}/parse-args-$<CONFIG>-$<COMPILE_LANGUAGE>.rsp" "${lowered_includes}")
  get_target_property(originals ${target} HOIST_ORIGINALS_TARGET)
  if(originals)
    foreach(p IN ITEMS CXX_STANDARD CXX_EXTENSIONS)
      get_target_property(v ${target} ${p})
      if(NOT v MATCHES "NOTFOUND$")
        set_property(TARGET ${originals} PROPERTY ${p} "${v}")
      endif()
    endforeach()
  endif()
endfunction()

function(hoist_target_sources target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "PRIVATE;PUBLIC;NO_LINE_DIRECTIVES"
    "BASE_DIR;LAYOUT_ASSERTS" "SOURCES;HEADERS;HOIST_OPTIONS;PARSE_ARGS")
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

  # What the tool parses with: the response file of the compiler's
  # arguments (written once per target, at the end of this directory), then
  # PARSE_ARGS. Arguments for another compiler than clang are left out.
  set(parse_rsp "${root}/parse-args-$<CONFIG>-CXX.rsp")
  set(parse_args "@${parse_rsp}" ${ARG_PARSE_ARGS})
  set(hoist_options --ignore-unknown-args ${ARG_HOIST_OPTIONS})
  if(ARG_NO_LINE_DIRECTIVES)
    list(APPEND hoist_options --no-line-directives)
  endif()
  if(DEFINED ARG_LAYOUT_ASSERTS)
    set(layout_asserts "${ARG_LAYOUT_ASSERTS}")
  else()
    set(layout_asserts "${HOIST_LAYOUT_ASSERTS}")
  endif()
  if(NOT layout_asserts)
    list(APPEND hoist_options --no-layout-asserts)
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
    # The compiler runs under hoist-cc, before any launcher the target has:
    # its diagnostics on lowered files name the user's columns.
    if(HOIST_MAP_DIAGNOSTICS)
      _hoist_cc(cc ${target})
      if(cc)
        get_target_property(launcher ${target} CXX_COMPILER_LAUNCHER)
        if(NOT launcher)
          set(launcher "")
        endif()
        set_property(TARGET ${target} PROPERTY CXX_COMPILER_LAUNCHER "${cc}" ${launcher})
      endif()
    endif()
    # The parse's arguments, once the directory has set everything.
    cmake_language(EVAL CODE "
      cmake_language(DEFER CALL _hoist_directory_end [==[${target}]==]
        [==[${root}]==] [==[${lowered_includes}]==])")
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
      DEPENDS "${abs}" ${tool} "${parse_rsp}"
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
      _hoist_originals_library(originals ${target} "${lowered_includes}")
      if(originals)
        target_sources(${originals} PRIVATE "${abs}")
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
