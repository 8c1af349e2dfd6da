# Compiler settings shared by every target: ccache, warnings, sanitizers.

if(DRAGOMAN_CCACHE)
  find_program(DRAGOMAN_CCACHE_PROGRAM ccache)
  if(DRAGOMAN_CCACHE_PROGRAM)
    set(CMAKE_CXX_COMPILER_LAUNCHER "${DRAGOMAN_CCACHE_PROGRAM}")
  endif()
endif()

# Debian's LibTorch pulls Qt 5 into the process (libtorch_cpu -> opencv_highgui -> Qt5Widgets). A
# Qt 6 inline function our code emits out of line (QByteArray::append(const char*), say) would be
# exported by the executable and bound to Qt 5's references to the same name: Qt5Widgets crashed in
# its initialiser that way. Inline functions stay hidden, and executables export nothing they took
# from our static libraries.
set(CMAKE_VISIBILITY_INLINES_HIDDEN ON)
# Not for the fuzz targets: clang links the sanitizers' runtime statically, and hiding its
# operator new / delete made libFuzzer free memory that libc had allocated. They load no LibTorch.
if(CMAKE_SYSTEM_NAME STREQUAL "Linux" AND NOT DRAGOMAN_FUZZ)
  add_link_options("LINKER:--exclude-libs,ALL")
endif()

add_library(dragoman_warnings INTERFACE)
target_compile_options(dragoman_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
if(DRAGOMAN_WERROR)
  target_compile_options(dragoman_warnings INTERFACE -Werror)
endif()

if(DRAGOMAN_SANITIZE)
  string(REPLACE ";" "," _dragoman_san "${DRAGOMAN_SANITIZE}")
  add_compile_options(-fsanitize=${_dragoman_san} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${_dragoman_san})
endif()

# dragoman_add_library(NAME folder-target SOURCES ... ) keeps every library alike.
function(dragoman_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC "${PROJECT_SOURCE_DIR}")
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC} PRIVATE dragoman_warnings ${ARG_PRIVATE})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()
