# llhttp ships only as C sources in Debian (node-llhttp): build them as a static library.
set(LLHTTP_SOURCE_DIR /usr/share/llhttp CACHE PATH "llhttp C sources (Debian package node-llhttp)")
set(LLHTTP_INCLUDE_DIR /usr/share/include/llhttp CACHE PATH "llhttp header (Debian package node-llhttp)")
foreach(file api.c http.c llhttp.c)
  if(NOT EXISTS ${LLHTTP_SOURCE_DIR}/${file})
    message(FATAL_ERROR "llhttp source ${LLHTTP_SOURCE_DIR}/${file} not found: run scripts/install-deps.sh (package node-llhttp)")
  endif()
endforeach()
add_library(llhttp STATIC ${LLHTTP_SOURCE_DIR}/api.c ${LLHTTP_SOURCE_DIR}/http.c ${LLHTTP_SOURCE_DIR}/llhttp.c)
target_include_directories(llhttp SYSTEM PUBLIC ${LLHTTP_INCLUDE_DIR})
set_target_properties(llhttp PROPERTIES C_STANDARD 99 POSITION_INDEPENDENT_CODE ON)
target_compile_options(llhttp PRIVATE -O2 -w)
# Strict mode refuses spaces in header names, data after "Connection: close" and chunk data
# longer than its size: request smuggling defences the HTTP front end relies on.
target_compile_definitions(llhttp PRIVATE LLHTTP_STRICT_MODE=1)
