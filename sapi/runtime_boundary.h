/*
 * The request boundary of a worker: what php_request_shutdown() and php_request_startup()
 * do for one request, done inside the worker's one long PHP request. Everything that
 * belongs to a request is reset to the state the worker had when it finished booting;
 * what worker mode must keep (the kernel's objects, classes, functions, opcache's scripts,
 * the registered session save handler, persistent connections) is kept.
 * docs/architecture.md has the table: each piece of state, reset or kept, and why.
 *
 * Order in the worker loop:
 *   rs_boundary_commit_boot()            once, when the app has booted (first request wait)
 *   per request: rs_boundary_begin()      after the request's superglobals exist
 *                handler, response sent
 *                rs_boundary_run_shutdown_functions()
 *                services reset
 *                rs_boundary_end()
 *   rs_boundary_leave_worker()            before the long request's own shutdown
 */
#ifndef RUNTIME_BOUNDARY_H
#define RUNTIME_BOUNDARY_H

#include <stdint.h>

#include <main/php.h>

/* What the boundary restored because the request changed it (a bit per kind). */
typedef enum rs_restored_kind {
    RS_RESTORED_SHUTDOWN_FUNCTION = 1u << 0,
    RS_RESTORED_SESSION = 1u << 1,
    RS_RESTORED_INI = 1u << 2,
    RS_RESTORED_PUTENV = 1u << 3,
    RS_RESTORED_TIMEZONE = 1u << 4,
    RS_RESTORED_LOCALE = 1u << 5,
    RS_RESTORED_UMASK = 1u << 6,
    RS_RESTORED_CWD = 1u << 7,
    RS_RESTORED_STREAM_CONTEXT = 1u << 8,
    RS_RESTORED_STREAM_WRAPPER = 1u << 9,
    RS_RESTORED_STREAM_FILTER = 1u << 10,
    RS_RESTORED_AUTOLOADER = 1u << 11,
    RS_RESTORED_URL_REWRITER = 1u << 12,
    RS_RESTORED_LIBXML = 1u << 13,
    RS_RESTORED_MBSTRING = 1u << 14,
    RS_RESTORED_RANDOM_SEED = 1u << 15,
    RS_RESTORED_DIR_HANDLE = 1u << 16,
    RS_RESTORED_PCNTL_SIGNAL = 1u << 17,
    RS_RESTORED_ERROR_HANDLER = 1u << 18,
    RS_RESTORED_EXCEPTION_HANDLER = 1u << 19,
    RS_RESTORED_KIND_COUNT = 20
} rs_restored_kind;

/* The metric label of one kind ("timezone"). */
const char *rs_restored_kind_name(unsigned bit_index);

typedef struct rs_boundary_result {
    uint32_t restored;          /* rs_restored_kind bits */
    const char *retire_reason;  /* non-NULL: the worker must not serve another request */
} rs_boundary_result;

void rs_boundary_commit_boot(void);
int rs_boundary_committed(void);
void rs_boundary_begin(void);
/* Runs the shutdown functions the request registered, then frees them. Returns 1 when one
 * of them called exit(). An uncaught exception in one is a fatal error, as under php-fpm. */
int rs_boundary_run_shutdown_functions(void);
void rs_boundary_end(rs_boundary_result *result);
void rs_boundary_leave_worker(void);

/* $_SERVER's base before the request's own variables: the post-boot $_SERVER once booted
 * (what the app and Dotenv put there at boot stays), the process environment before. */
void rs_boundary_import_server_base(zval *track_vars_array);
/* The post-boot $_ENV (NULL before boot ends). */
HashTable *rs_boundary_boot_env(void);
/* The script that re-takes opcache's usage lock after its activation (the worker script). */
void rs_boundary_set_lock_script(const char *path);

#endif
