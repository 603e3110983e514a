/*
 * The boundary between the worker (C++) and PHP (C). This header includes no PHP header:
 * the worker talks to PHP only through these functions and the host callbacks it registers.
 *
 * Lifecycle: rs_php_startup() once per process tree (in the prototype, or in a worker started
 * without one), then in each worker either rs_php_run_worker() (worker mode: one long PHP
 * request driving many HTTP requests) or rs_php_run_classic() (one PHP request per HTTP request).
 */
#ifndef RUNTIME_SAPI_H
#define RUNTIME_SAPI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rs_sapi_string {
    const char *data;
    size_t len;
} rs_sapi_string;

typedef struct rs_sapi_pair {
    rs_sapi_string name;
    rs_sapi_string value;
} rs_sapi_pair;

/* One HTTP request as PHP sees it. Every pointer stays valid until the request is done. */
typedef struct rs_sapi_request {
    const char *method;            /* "GET" */
    const char *request_uri;       /* "/path?query" */
    const char *query_string;      /* "a=1" or "" */
    const char *content_type;      /* NULL when absent */
    int64_t content_length;        /* -1 when unknown */
    const char *cookie;            /* raw Cookie header or NULL */
    const char *authorization;     /* raw Authorization header or NULL */
    const char *script_filename;   /* SCRIPT_FILENAME / path_translated */
    const rs_sapi_pair *server;    /* $_SERVER entries (CGI variables and HTTP_* headers) */
    size_t server_count;
    double request_time;           /* arrival time, seconds since the epoch */
    uint32_t timeout_seconds;      /* max_execution_time for this request; 0 = PHP's ini value */
} rs_sapi_request;

/* How a request ended, as seen from inside PHP. */
typedef enum rs_sapi_outcome {
    RS_OUTCOME_OK = 0,
    RS_OUTCOME_UNCAUGHT_EXCEPTION = 1, /* an exception escaped the handler: answered 500 */
    RS_OUTCOME_FATAL_ERROR = 2,        /* bailout (E_ERROR, memory, timeout): worker must retire */
    RS_OUTCOME_EXIT_CALLED = 3,        /* exit()/die(): response sent, worker retires cleanly */
    RS_OUTCOME_RESET_FAILED = 4,       /* the services resetter threw: worker is unsafe */
} rs_sapi_outcome;

typedef struct rs_sapi_report {
    rs_sapi_outcome outcome;
    int status;                        /* HTTP status PHP produced */
    uint64_t php_memory_bytes;         /* zend_memory_usage() after reset and cleanup */
    uint64_t php_peak_bytes;
    uint64_t reset_ns;                 /* time spent in the reset callable */
    const char *detail;                /* exception message or reset error; may be NULL */
    const rs_sapi_pair *annotations;   /* runtime_supercharger_annotate() calls, in order */
    size_t annotation_count;
    const char *retire_reason;         /* non-NULL: the worker must retire ("opcache_restart") */
} rs_sapi_report;

/* Callbacks the worker provides. All run on the worker's only thread, inside PHP. */
typedef struct rs_sapi_host {
    void *ctx;
    /* Blocks for the next request. Returns 1 and fills *req, or 0 when the worker must stop. */
    int (*next_request)(void *ctx, rs_sapi_request *req);
    /* Reads up to len bytes of the request body; 0 at its end. */
    size_t (*read_body)(void *ctx, char *buf, size_t len);
    /* The response head, once, before the first body byte (or at the end for empty bodies). */
    void (*send_head)(void *ctx, int status, const rs_sapi_pair *headers, size_t count);
    /* write() and flush() return 1 once the client is gone (the master said so): PHP then
     * sees connection_aborted() and stops unless ignore_user_abort is set. */
    int (*write)(void *ctx, const char *data, size_t len);
    int (*flush)(void *ctx);                   /* flush(): push buffered output to the client now */
    void (*finish)(void *ctx);                 /* response complete (fastcgi_finish_request or end) */
    /* The request is over (after reset); returns 1 if the worker may serve another one. */
    int (*done)(void *ctx, const rs_sapi_report *report);
    /* PHP's error_log and engine messages, one line each. */
    void (*log)(void *ctx, int syslog_level, const char *message, size_t len);
    /* A 103 Early Hints interim response, before the head; returns 1 when it left. May be NULL. */
    int (*early_hints)(void *ctx, const rs_sapi_pair *headers, size_t count);
} rs_sapi_host;

typedef struct rs_sapi_config {
    const char *ini_entries;       /* "key=value\n..." applied over php.ini */
    const char *ini_path;          /* php.ini file or directory; NULL = the library's default */
} rs_sapi_config;

/* PHP module startup. Returns 0 on success. Call once, before any fork. */
int rs_php_startup(const rs_sapi_config *config);
/* Options the PHP side reads with runtime_supercharger_options() (entry, warmup hooks...). */
void rs_php_set_options(const rs_sapi_pair *options, size_t count);
/* Slow log threshold in ms (0 = off): a request running longer gets one stderr line with its
 * PHP backtrace and the annotation "slow" (see runtime_slowlog.h). Per process, after fork. */
void rs_php_set_slow_threshold(uint32_t threshold_ms);
/* Must be called after fork in each worker, before running PHP. */
void rs_php_set_host(const rs_sapi_host *host);
/* Worker mode: runs bootstrap_script in one long PHP request; the script loops through
 * runtime_supercharger_handle_request(). Returns PHP's exit status. *in_request_out is set to 1
 * when the script ended (fatal error, exit()) while an HTTP request was in flight. */
int rs_php_run_worker(const char *bootstrap_script, int *in_request_out);
/* Ends the HTTP request left in flight by a bailout: 500 if nothing was sent, then done(). */
void rs_php_abandon_request(rs_sapi_outcome outcome, const char *detail);
/* Classic mode: one PHP request for one HTTP request, running script. Returns 0 on success. */
int rs_php_run_classic_request(const rs_sapi_request *req, const char *script);
void rs_php_shutdown(void);

#ifdef __cplusplus
}
#endif

#endif
