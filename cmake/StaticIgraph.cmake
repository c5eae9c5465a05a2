# Links the CLI with igraph's static archive, when that works.
#
# Why: libigraph.so pulls in about 24 shared libraries (libstdc++, gfortran,
# BLAS/LAPACK, ARPACK, GLPK, GMP, ICU, libxml2, ...) that the dynamic loader
# maps and relocates at every start of the CLI: about 13 ms of CPU per
# process, more than a small graph build costs. From the archive the linker
# takes only the members impgraph calls into; of their dependencies only
# ARPACK (and what it needs) remains (docs/performance.md, "Process start").
#
# Debian's libigraph-dev ships libigraph.a, position-independent (no
# R_X86_64_32 relocations), but not the development links of igraph's
# private dependencies (libarpack.so, libglpk.so, libplfit.so come only as
# their run-time sonames). So each library of `pkg-config --static igraph`
# is found as a development library, else as its run-time soname, else left
# out; all are linked --as-needed, so only those really used are loaded. A
# test program calling the igraph functions graph/igraph_glue.c calls must
# link and run, else the CLI links the shared igraph (with a message).
#
# Only the CLI links this way: libimpgraph.so (external programs, the Python
# bindings) and the static archive of the white-box tests keep the shared
# igraph, and impgraph.pc / impgraphConfig.cmake are unchanged.
#
# Input: option IMPGRAPH_STATIC_IGRAPH (ON by default); the IGRAPH_* variables
# of pkg_check_modules(IGRAPH igraph).
# Sets IMPGRAPH_CLI_IGRAPH to "static" or "shared" (cached, for the tests);
# when static, defines the INTERFACE target impgraph_igraph_static.

option(IMPGRAPH_STATIC_IGRAPH
  "Link the impgraph CLI with igraph's static archive when it links (faster start)" ON)

function(_impgraph_find_dependency name dirs out)
  # A development library (libX.so or libX.a) first.
  find_library(_IMPGRAPH_DEP_${name} NAMES ${name} HINTS ${dirs} NO_CACHE)
  if(_IMPGRAPH_DEP_${name})
    set(${out} "${_IMPGRAPH_DEP_${name}}" PARENT_SCOPE)
    return()
  endif()
  # Else the run-time library by its soname (libX.so.N: the shortest name).
  set(_best "")
  foreach(dir ${dirs})
    file(GLOB _candidates "${dir}/lib${name}.so.[0-9]*")
    foreach(c ${_candidates})
      string(LENGTH "${c}" _len)
      string(LENGTH "${_best}" _best_len)
      if(_best STREQUAL "" OR _len LESS _best_len)
        set(_best "${c}")
      endif()
    endforeach()
  endforeach()
  set(${out} "${_best}" PARENT_SCOPE)
endfunction()

function(_impgraph_static_igraph_try out_ok out_libs)
  set(${out_ok} FALSE PARENT_SCOPE)
  find_library(IMPGRAPH_IGRAPH_ARCHIVE NAMES libigraph.a
    HINTS ${IGRAPH_STATIC_LIBRARY_DIRS} ${IGRAPH_LIBRARY_DIRS})
  if(NOT IMPGRAPH_IGRAPH_ARCHIVE)
    message(STATUS "impgraph: igraph's static archive libigraph.a not found")
    return()
  endif()
  set(_dirs ${IGRAPH_STATIC_LIBRARY_DIRS} ${CMAKE_C_IMPLICIT_LINK_DIRECTORIES})
  set(_deps "")
  set(_missing "")
  foreach(name ${IGRAPH_STATIC_LIBRARIES})
    if(name STREQUAL "igraph" OR name STREQUAL "m" OR name STREQUAL "pthread")
      continue() # the archive itself; libm and threads are linked anyway
    endif()
    _impgraph_find_dependency(${name} "${_dirs}" _path)
    if(_path)
      list(APPEND _deps "${_path}")
    else()
      list(APPEND _missing ${name})
    endif()
  endforeach()
  list(REMOVE_DUPLICATES _deps)
  if(_missing)
    message(STATUS "impgraph: igraph's static dependencies not found, left out: ${_missing}")
  endif()
  set(_libs "${IMPGRAPH_IGRAPH_ARCHIVE}" "-Wl,--push-state,--as-needed" ${_deps}
    "-Wl,--pop-state" m Threads::Threads)

  # The igraph functions graph/igraph_glue.c calls (keep in step with it).
  include(CheckCSourceRuns)
  include(CMakePushCheckState)
  cmake_push_check_state(RESET)
  set(CMAKE_REQUIRED_INCLUDES ${IGRAPH_INCLUDE_DIRS})
  set(CMAKE_REQUIRED_LIBRARIES ${_libs})
  set(CMAKE_REQUIRED_QUIET ON)
  check_c_source_runs([[
#include <igraph.h>
int main(void) {
  igraph_set_error_handler(igraph_error_handler_ignore);
  igraph_set_warning_handler(igraph_warning_handler_ignore);
  igraph_vector_int_t edges, order, membership, csize, path, cut, p1, p2;
  igraph_vector_t capacity;
  igraph_t g;
  igraph_real_t value;
  igraph_integer_t ncomp;
  igraph_vector_int_init(&edges, 0);
  igraph_vector_int_reserve(&edges, 4);
  igraph_vector_int_push_back(&edges, 0);
  igraph_vector_int_push_back(&edges, 1);
  igraph_create(&g, &edges, 2, IGRAPH_DIRECTED);
  igraph_vector_int_init(&order, 0);
  igraph_vector_int_init(&membership, 0);
  igraph_vector_int_init(&csize, 0);
  igraph_vector_int_init(&path, 0);
  igraph_vector_int_init(&cut, 0);
  igraph_vector_int_init(&p1, 0);
  igraph_vector_int_init(&p2, 0);
  igraph_vector_init(&capacity, 1);
  igraph_vector_t dist;
  igraph_vector_init(&dist, 0);
  int rc = igraph_bfs(&g, 0, NULL, IGRAPH_OUT, 0, NULL, NULL, NULL, NULL, NULL, NULL, &dist,
                      NULL, NULL);
  igraph_vector_destroy(&dist);
  rc |= igraph_subcomponent(&g, &p1, 0, IGRAPH_OUT);
  rc |= igraph_connected_components(&g, &membership, &csize, &ncomp, IGRAPH_STRONG);
  rc |= igraph_get_shortest_path(&g, NULL, &path, 0, 1, IGRAPH_OUT);
  VECTOR(capacity)[0] = 1;
  rc |= igraph_st_mincut(&g, &value, &cut, &p1, &p2, 0, 1, &capacity);
  const char *message = igraph_strerror(IGRAPH_ENOMEM);
  rc |= message == 0 || value != 1 || igraph_vector_int_size(&path) != 1;
  igraph_vector_destroy(&capacity);
  igraph_vector_int_destroy(&p2);
  igraph_vector_int_destroy(&p1);
  igraph_vector_int_destroy(&cut);
  igraph_vector_int_destroy(&path);
  igraph_vector_int_destroy(&csize);
  igraph_vector_int_destroy(&membership);
  igraph_vector_int_destroy(&order);
  igraph_destroy(&g);
  igraph_vector_int_destroy(&edges);
  return rc != 0;
}
]] IMPGRAPH_STATIC_IGRAPH_LINKS)
  cmake_pop_check_state()
  if(NOT IMPGRAPH_STATIC_IGRAPH_LINKS)
    message(STATUS "impgraph: a test program with ${IMPGRAPH_IGRAPH_ARCHIVE} did not link or run "
                   "(CMakeFiles/CMakeConfigureLog.yaml or CMakeError.log says why)")
    return()
  endif()
  set(${out_ok} TRUE PARENT_SCOPE)
  set(${out_libs} "${_libs}" PARENT_SCOPE)
endfunction()

set(_impgraph_cli_igraph "shared")
if(IMPGRAPH_STATIC_IGRAPH)
  _impgraph_static_igraph_try(_ok _libs)
  if(_ok)
    add_library(impgraph_igraph_static INTERFACE)
    target_include_directories(impgraph_igraph_static INTERFACE ${IGRAPH_INCLUDE_DIRS})
    target_link_libraries(impgraph_igraph_static INTERFACE ${_libs})
    set(_impgraph_cli_igraph "static")
    message(STATUS "impgraph: the CLI links igraph statically (${IMPGRAPH_IGRAPH_ARCHIVE})")
  else()
    message(STATUS "impgraph: the CLI links the shared igraph "
                   "(-DIMPGRAPH_STATIC_IGRAPH=OFF silences this check)")
  endif()
endif()
set(IMPGRAPH_CLI_IGRAPH "${_impgraph_cli_igraph}" CACHE INTERNAL
  "How the impgraph CLI links igraph: static or shared")
