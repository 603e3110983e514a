# Compiler hardening for release builds (Release, RelWithDebInfo, MinSizeRel): stack protector,
# FORTIFY_SOURCE (needs optimisation, hence release only), PIE and full RELRO with BIND_NOW.
# scripts/check-hardening.sh verifies the result on the built binaries.
option(RUNTIME_HARDENING "Hardening flags on release builds" ON)
# ASan + UBSan build (scripts/sanitize.sh): the project's own code is instrumented; libphp and
# the other Debian libraries are not.
option(RUNTIME_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

set(runtime_release_configs Release,RelWithDebInfo,MinSizeRel)

if(RUNTIME_HARDENING)
  include(CheckPIESupported)
  check_pie_supported(LANGUAGES C CXX)
  add_compile_options($<$<CONFIG:${runtime_release_configs}>:-fstack-protector-strong>)
  # FORTIFY_SOURCE rewrites libc calls that ASan also intercepts; the sanitizer build skips it.
  if(NOT RUNTIME_SANITIZE)
    add_compile_options($<$<CONFIG:${runtime_release_configs}>:-U_FORTIFY_SOURCE>
                        $<$<CONFIG:${runtime_release_configs}>:-D_FORTIFY_SOURCE=2>)
  endif()
  add_link_options($<$<CONFIG:${runtime_release_configs}>:LINKER:-z,relro,-z,now>)
endif()

if(RUNTIME_SANITIZE)
  set(runtime_sanitizer_flags -fsanitize=address,undefined -fno-sanitize-recover=undefined
      -fno-omit-frame-pointer)
  add_compile_options(${runtime_sanitizer_flags})
  add_link_options(${runtime_sanitizer_flags})
endif()
