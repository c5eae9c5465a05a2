# Provides the tree-sitter-python grammar sources (src/parser.c, src/scanner.c).
#
# Default: `npm pack tree-sitter-python@<version>` into the build tree, verify
# the tarball's SHA-256, unpack it there. The tarball is cached in the build
# tree, so a rebuild never fetches again. Offline builds pass
# -DIMPGRAPH_GRAMMAR_DIR=/path/to/tree-sitter-python (a directory holding
# src/parser.c), or -DIMPGRAPH_GRAMMAR_TARBALL=/path/to/the.tgz (verified).
#
# Sets IMPGRAPH_GRAMMAR_SRC to the directory holding parser.c.

set(IMPGRAPH_GRAMMAR_VERSION "0.23.6")
set(IMPGRAPH_GRAMMAR_SHA256
    "aab5b860d93dbf84b37fed532f7dacc0468ede5387d0c74911d68f964287662a")
set(IMPGRAPH_GRAMMAR_DIR "" CACHE PATH
    "Local tree-sitter-python checkout/unpacked package (offline builds)")
set(IMPGRAPH_GRAMMAR_TARBALL "" CACHE FILEPATH
    "Local tree-sitter-python-${IMPGRAPH_GRAMMAR_VERSION}.tgz (offline builds)")

function(_impgraph_verify_tarball tarball out_ok)
  file(SHA256 "${tarball}" _hash)
  if(_hash STREQUAL IMPGRAPH_GRAMMAR_SHA256)
    set(${out_ok} TRUE PARENT_SCOPE)
  else()
    message(STATUS "impgraph: ${tarball}: sha256 ${_hash} != expected ${IMPGRAPH_GRAMMAR_SHA256}")
    set(${out_ok} FALSE PARENT_SCOPE)
  endif()
endfunction()

if(IMPGRAPH_GRAMMAR_DIR)
  if(NOT EXISTS "${IMPGRAPH_GRAMMAR_DIR}/src/parser.c")
    message(FATAL_ERROR "IMPGRAPH_GRAMMAR_DIR=${IMPGRAPH_GRAMMAR_DIR} has no src/parser.c")
  endif()
  set(IMPGRAPH_GRAMMAR_SRC "${IMPGRAPH_GRAMMAR_DIR}/src")
  message(STATUS "impgraph: grammar from ${IMPGRAPH_GRAMMAR_DIR} (not verified)")
  return()
endif()

set(_cache "${CMAKE_BINARY_DIR}/_grammar")
set(_name "tree-sitter-python-${IMPGRAPH_GRAMMAR_VERSION}.tgz")
set(_tarball "${_cache}/${_name}")
set(_unpacked "${_cache}/package")
file(MAKE_DIRECTORY "${_cache}")

if(IMPGRAPH_GRAMMAR_TARBALL)
  _impgraph_verify_tarball("${IMPGRAPH_GRAMMAR_TARBALL}" _ok)
  if(NOT _ok)
    message(FATAL_ERROR "IMPGRAPH_GRAMMAR_TARBALL does not match the pinned sha256")
  endif()
  if(NOT EXISTS "${_tarball}")
    file(COPY_FILE "${IMPGRAPH_GRAMMAR_TARBALL}" "${_tarball}")
  endif()
endif()

set(_ok FALSE)
if(EXISTS "${_tarball}")
  _impgraph_verify_tarball("${_tarball}" _ok)
  if(NOT _ok)
    file(REMOVE "${_tarball}")
    file(REMOVE_RECURSE "${_unpacked}")
  endif()
endif()

if(NOT _ok)
  find_program(IMPGRAPH_NPM npm)
  if(NOT IMPGRAPH_NPM)
    message(FATAL_ERROR
      "impgraph: npm not found; it fetches the tree-sitter-python grammar.\n"
      "Install the Debian package 'npm' (run `make setup`), or pass "
      "-DIMPGRAPH_GRAMMAR_DIR=<dir> / -DIMPGRAPH_GRAMMAR_TARBALL=<file>.")
  endif()
  message(STATUS "impgraph: fetching tree-sitter-python@${IMPGRAPH_GRAMMAR_VERSION} with npm pack")
  execute_process(
    COMMAND "${IMPGRAPH_NPM}" pack "tree-sitter-python@${IMPGRAPH_GRAMMAR_VERSION}"
            --pack-destination "${_cache}" --silent
    WORKING_DIRECTORY "${_cache}"
    RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err
    TIMEOUT 300)
  if(NOT _rc EQUAL 0 OR NOT EXISTS "${_tarball}")
    message(FATAL_ERROR "impgraph: `npm pack tree-sitter-python@${IMPGRAPH_GRAMMAR_VERSION}` failed (${_rc}):\n${_err}\n"
      "For offline builds pass -DIMPGRAPH_GRAMMAR_DIR=<dir> or -DIMPGRAPH_GRAMMAR_TARBALL=<file>.")
  endif()
  _impgraph_verify_tarball("${_tarball}" _ok)
  if(NOT _ok)
    file(REMOVE "${_tarball}")
    message(FATAL_ERROR "impgraph: the fetched grammar tarball does not match the pinned sha256; refusing to build with it")
  endif()
endif()

if(NOT EXISTS "${_unpacked}/src/parser.c")
  file(REMOVE_RECURSE "${_unpacked}")
  file(ARCHIVE_EXTRACT INPUT "${_tarball}" DESTINATION "${_cache}"
       PATTERNS package/src package/LICENSE)
endif()
set(IMPGRAPH_GRAMMAR_SRC "${_unpacked}/src")
message(STATUS "impgraph: grammar tree-sitter-python@${IMPGRAPH_GRAMMAR_VERSION} (sha256 verified) in ${_unpacked}")
