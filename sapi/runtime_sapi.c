/*
 * runtime-supercharger's SAPI: translates between the worker's request (rs_sapi_request and
 * the host callbacks) and PHP. Everything else (IPC, buffering policy, limits) lives in the
 * worker. The per-request resets below are what worker mode needs inside one long PHP request;
 * docs/architecture.md lists them and why.
 */
#include "runtime_sapi.h"

#include <signal.h>
#include <stdio.h>
#include <syslog.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <main/php.h>
#include <main/SAPI.h>
#include <main/php_main.h>
#include <main/php_output.h>
#include <main/php_variables.h>
#include <Zend/zend_exceptions.h>
#include <Zend/zend_ini.h>
#include <Zend/zend_modules.h>

#include "runtime_annotations.h"
#include "runtime_boundary.h"
#include "runtime_watch.h"
#include "runtime_functions.h"
#include "runtime_slowlog.h"

/* PHP_SAPI and php_sapi_name() report this name. */
#define RS_SAPI_NAME "runtime-supercharger"

static rs_sapi_host g_host;
static const rs_sapi_request *g_req;   /* request in flight, NULL between requests */
static int g_response_finished;        /* finish() ran: later output is discarded */
static int g_stopped_by_abort;         /* the client left and the script was stopped for it */

/* ---- SAPI callbacks ---------------------------------------------------------------------- */

/* The client is gone (php-fpm learns it from a failed write, we from the master): mark the
 * connection aborted and discard further output; unless the script set ignore_user_abort,
 * stop it as exit() would, so shutdown functions and the request boundary still run and the
 * worker stays clean. */
static void handle_client_gone(void)
{
    if (PG(connection_status) & PHP_CONNECTION_ABORTED) {
        return;
    }
    PG(connection_status) |= PHP_CONNECTION_ABORTED;
    php_output_set_status(PHP_OUTPUT_DISABLED);
    if (!PG(ignore_user_abort) && EG(current_execute_data) && !EG(exception)) {
        g_stopped_by_abort = 1;
        zend_throw_unwind_exit();
    }
}

static size_t rs_ub_write(const char *str, size_t len)
{
    if (g_req && !g_response_finished && g_host.write && g_host.write(g_host.ctx, str, len)) {
        handle_client_gone();
    }
    return len;
}

static void rs_flush(void *server_context)
{
    (void)server_context;
    if (!g_req || g_response_finished) {
        return;
    }
    if (!SG(headers_sent)) {
        sapi_send_headers();
    }
    if (g_host.flush(g_host.ctx)) {
        handle_client_gone();
    }
}

/* Splits "Name: value" lines into pairs for the host. */
static int rs_send_headers(sapi_headers_struct *sapi_headers)
{
    if (!g_req || g_response_finished) {
        return SAPI_HEADER_SENT_SUCCESSFULLY;
    }
    size_t count = zend_llist_count(&sapi_headers->headers);
    rs_sapi_pair *pairs = count ? ecalloc(count, sizeof(*pairs)) : NULL;
    size_t n = 0;
    zend_llist_position pos;
    for (sapi_header_struct *h = zend_llist_get_first_ex(&sapi_headers->headers, &pos); h;
         h = zend_llist_get_next_ex(&sapi_headers->headers, &pos)) {
        const char *colon = memchr(h->header, ':', h->header_len);
        if (!colon) {
            continue;
        }
        const char *value = colon + 1;
        const char *end = h->header + h->header_len;
        while (value < end && (*value == ' ' || *value == '\t')) {
            value++;
        }
        pairs[n].name.data = h->header;
        pairs[n].name.len = (size_t)(colon - h->header);
        pairs[n].value.data = value;
        pairs[n].value.len = (size_t)(end - value);
        n++;
    }
    int status = sapi_headers->http_response_code ? sapi_headers->http_response_code : 200;
    g_host.send_head(g_host.ctx, status, pairs, n);
    if (pairs) {
        efree(pairs);
    }
    return SAPI_HEADER_SENT_SUCCESSFULLY;
}

static size_t rs_read_post(char *buffer, size_t count)
{
    return g_req ? g_host.read_body(g_host.ctx, buffer, count) : 0;
}

static char *rs_read_cookies(void)
{
    return g_req ? (char *)g_req->cookie : NULL;
}

static const rs_sapi_pair *find_server_pair(const char *name, size_t len)
{
    if (!g_req) {
        return NULL;
    }
    for (size_t i = 0; i < g_req->server_count; i++) {
        const rs_sapi_pair *p = &g_req->server[i];
        if (p->name.len == len && memcmp(p->name.data, name, len) == 0) {
            return p;
        }
    }
    return NULL;
}

/* php-fpm builds PHP_SELF from SCRIPT_NAME and PATH_INFO (fix_pathinfo). */
static void register_php_self(zval *track_vars_array)
{
    const rs_sapi_pair *script = find_server_pair(ZEND_STRL("SCRIPT_NAME"));
    if (!script) {
        return;
    }
    const rs_sapi_pair *path_info = find_server_pair(ZEND_STRL("PATH_INFO"));
    size_t info_len = path_info ? path_info->value.len : 0;
    char *self = emalloc(script->value.len + info_len + 1);
    memcpy(self, script->value.data, script->value.len);
    if (info_len) {
        memcpy(self + script->value.len, path_info->value.data, info_len);
    }
    self[script->value.len + info_len] = '\0';
    php_register_variable_safe("PHP_SELF", self, script->value.len + info_len, track_vars_array);
    efree(self);
}

/* Like php-fpm: the environment first (once booted, the post-boot $_SERVER, so what the app
 * and Dotenv put there stays), then the request's CGI variables, which win. */
static void rs_register_variables(zval *track_vars_array)
{
    rs_boundary_import_server_base(track_vars_array);
    if (!g_req) {
        return;
    }
    for (size_t i = 0; i < g_req->server_count; i++) {
        const rs_sapi_pair *p = &g_req->server[i];
        char *name = estrndup(p->name.data, p->name.len);
        php_register_variable_safe(name, p->value.data, p->value.len, track_vars_array);
        efree(name);
    }
    register_php_self(track_vars_array);
}

/* getenv() sees the request's variables first, as php-fpm's FastCGI environment. */
static char *rs_getenv(const char *name, size_t name_len)
{
    const rs_sapi_pair *p = find_server_pair(name, name_len);
    return p ? estrndup(p->value.data, p->value.len) : NULL;
}

static void rs_log_message(const char *message, int syslog_type)
{
    if (g_host.log) {
        g_host.log(g_host.ctx, syslog_type, message, strlen(message));
    }
}

static zend_result rs_get_request_time(double *request_time)
{
    if (!g_req) {
        return FAILURE;
    }
    *request_time = g_req->request_time;
    return SUCCESS;
}

static int rs_sapi_startup(sapi_module_struct *module)
{
    return php_module_startup(module, &runtime_functions_module_entry);
}

static sapi_module_struct rs_sapi_module = {
    RS_SAPI_NAME,                 /* name */
    "Runtime Supercharger",       /* pretty name */
    rs_sapi_startup,              /* startup */
    php_module_shutdown_wrapper,  /* shutdown */
    NULL,                         /* activate */
    NULL,                         /* deactivate */
    rs_ub_write,                  /* unbuffered write */
    rs_flush,                     /* flush */
    NULL,                         /* get uid */
    rs_getenv,                    /* getenv */
    php_error,                    /* error handler */
    NULL,                         /* header handler */
    rs_send_headers,              /* send headers handler */
    NULL,                         /* send header handler */
    rs_read_post,                 /* read POST data */
    rs_read_cookies,              /* read Cookies */
    rs_register_variables,        /* register server variables */
    rs_log_message,               /* log message */
    rs_get_request_time,          /* get request time */
    NULL,                         /* terminate process */
    STANDARD_SAPI_MODULE_PROPERTIES
};

/* opcache enables itself only for SAPI names on its list, checked during module startup.
 * Our module's MINIT runs after PHP_SAPI is registered and before zend extensions (opcache)
 * start, so the name is borrowed only for that check and restored right after startup. */
void rs_sapi_borrow_known_name(void)
{
    sapi_module.name = (char *)"fpm-fcgi";
}

/* ---- per-request state inside the long PHP request --------------------------------------- */

static void set_request_info(const rs_sapi_request *req)
{
    SG(server_context) = (void *)&g_host; /* non-NULL: PHP reads bodies and cookies only then */
    SG(request_info).request_method = req->method;
    SG(request_info).query_string = (char *)req->query_string;
    SG(request_info).request_uri = (char *)req->request_uri;
    SG(request_info).content_type = req->content_type;
    SG(request_info).content_length = req->content_length;
    SG(request_info).path_translated = (char *)req->script_filename;
    SG(request_info).auth_user = NULL;
    SG(request_info).auth_password = NULL;
    SG(request_info).auth_digest = NULL;
    if (req->authorization) {
        php_handle_auth_data(req->authorization);
    }
}

/* max_execution_time counts per request, never across requests or idle time. The timer
 * (ITIMER_PROF: CPU time, which a worker waiting for a request does not use) is re-armed here
 * and left running after the request instead of being stopped: one setitimer per request
 * instead of two. A request without a limit stops the one left by the request before. */
static void arm_timeout(const rs_sapi_request *req)
{
    zend_long seconds =
        req->timeout_seconds ? (zend_long)req->timeout_seconds : INI_INT("max_execution_time");
    if (seconds == 0) {
        zend_unset_timeout();
    }
    zend_set_timeout(seconds, 0);
}

/* php_hash_environment() overwrites the superglobal arrays without releasing them. */
static void release_http_globals(void)
{
    for (int i = 0; i < NUM_TRACK_VARS; i++) {
        zval_ptr_dtor(&PG(http_globals)[i]);
        ZVAL_UNDEF(&PG(http_globals)[i]);
    }
}

/* $_ENV is the post-boot one: php-fpm's requests see what Dotenv loaded at their start. */
static void install_boot_env(void)
{
    HashTable *boot = rs_boundary_boot_env();
    if (!boot) {
        return;
    }
    zval env;
    ZVAL_ARR(&env, zend_array_dup(boot));
    zval_ptr_dtor(&PG(http_globals)[TRACK_VARS_ENV]);
    ZVAL_COPY(&PG(http_globals)[TRACK_VARS_ENV], &env);
    zend_hash_str_update(&EG(symbol_table), ZEND_STRL("_ENV"), &env);
}

/* php_request_startup() runs before any script: under php-fpm its warnings (post_max_size
 * exceeded, bad multipart input) meet no error handler of the app and php.ini's
 * display_errors. In a worker the app's boot-time handler and settings are in place (Symfony's
 * debug handler would turn the warning into an exception before the request exists), so they
 * step aside while the request's input is read. */
typedef struct startup_errors {
    zval user_handler;
    zend_ini_entry *display;
    bool display_value;
} startup_errors;

static void startup_errors_as_php_fpm(startup_errors *saved)
{
    ZVAL_COPY_VALUE(&saved->user_handler, &EG(user_error_handler));
    ZVAL_UNDEF(&EG(user_error_handler));
    saved->display_value = PG(display_errors);
    saved->display = zend_hash_str_find_ptr(EG(ini_directives), ZEND_STRL("display_errors"));
    if (saved->display && saved->display->modified && saved->display->orig_value && saved->display->on_modify) {
        saved->display->on_modify(saved->display, saved->display->orig_value, saved->display->mh_arg1,
                                  saved->display->mh_arg2, saved->display->mh_arg3, ZEND_INI_STAGE_RUNTIME);
    }
}

static void startup_errors_restore(startup_errors *saved)
{
    ZVAL_COPY_VALUE(&EG(user_error_handler), &saved->user_handler);
    PG(display_errors) = saved->display_value;
}

static void request_begin(const rs_sapi_request *req)
{
    g_req = req;
    g_response_finished = 0;
    g_stopped_by_abort = 0;
    set_request_info(req);
    startup_errors saved_errors;
    startup_errors_as_php_fpm(&saved_errors);
    php_output_activate();
    sapi_activate();
    SG(sapi_headers).http_response_code = 200; /* the engine never resets it */
    SG(request_info).proto_num = 1001;
    /* php_request_startup()'s per-request globals. */
    PG(connection_status) = PHP_CONNECTION_NORMAL;
    PG(header_is_being_sent) = 0;
    PG(in_user_include) = 0;
    if (PG(output_handler) && PG(output_handler)[0]) {
        zval handler;
        ZVAL_STRING(&handler, PG(output_handler));
        php_output_start_user(&handler, 0, PHP_OUTPUT_HANDLER_STDFLAGS);
        zval_ptr_dtor(&handler);
    } else if (PG(output_buffering)) {
        php_output_start_user(NULL, PG(output_buffering) > 1 ? PG(output_buffering) : 0,
                              PHP_OUTPUT_HANDLER_STDFLAGS);
    } else if (PG(implicit_flush)) {
        php_output_set_implicit_flush(1);
    }
    if (PG(expose_php)) {
        sapi_add_header(SAPI_PHP_VERSION_HEADER, sizeof(SAPI_PHP_VERSION_HEADER) - 1, 1);
    }
    arm_timeout(req);
    release_http_globals();
    php_hash_environment();
    /* Compiled code never triggers the JIT auto-globals again: build them for this request. */
    zend_is_auto_global_str(ZEND_STRL("_SERVER"));
    zend_is_auto_global_str(ZEND_STRL("_REQUEST"));
    zend_is_auto_global_str(ZEND_STRL("_ENV"));
    install_boot_env();
    startup_errors_restore(&saved_errors);
    rs_boundary_begin();
    rs_slowlog_arm(req->method, req->request_uri);
}

static void response_finish(void)
{
    if (g_response_finished) {
        return;
    }
    php_output_end_all();
    if (!SG(headers_sent)) {
        sapi_send_headers();
    }
    g_host.finish(g_host.ctx);
    g_response_finished = 1;
}

static void clear_last_error_info(void)
{
    if (PG(last_error_message)) {
        zend_string_release(PG(last_error_message));
        PG(last_error_message) = NULL;
    }
    if (PG(last_error_file)) {
        zend_string_release(PG(last_error_file));
        PG(last_error_file) = NULL;
    }
    PG(last_error_type) = 0;
    PG(last_error_lineno) = 0;
}

static void request_end(void)
{
    rs_slowlog_disarm();
    if (SG(request_info).request_body) {
        /* php://input's temp stream would otherwise live until the long request ends. */
        php_stream_close(SG(request_info).request_body);
        SG(request_info).request_body = NULL;
    }
    /* The CPU timer keeps running until the next request re-arms it (arm_timeout). */
    php_output_deactivate();
    sapi_deactivate();
    clear_last_error_info();
    SG(server_context) = NULL;
    g_req = NULL;
}

/* Message of the pending exception (a new string), then clears it. */
static char *take_exception_message(void)
{
    zend_object *ex = EG(exception);
    zval tmp, *msg;
    char *result;
    msg = zend_read_property(ex->ce, ex, "message", sizeof("message") - 1, 1, &tmp);
    zend_string *text = zval_try_get_string(msg);
    if (text) {
        result = estrndup(ZSTR_VAL(text), ZSTR_LEN(text));
        zend_string_release(text);
    } else {
        result = estrdup("exception without message");
    }
    char *line = emalloc(strlen(result) + ZSTR_LEN(ex->ce->name) + 4);
    sprintf(line, "%s: %s", ZSTR_VAL(ex->ce->name), result);
    efree(result);
    zend_clear_exception();
    return line;
}

static int last_error_is_fatal(void)
{
    return PG(last_error_message) &&
           (PG(last_error_type) & (E_ERROR | E_CORE_ERROR | E_COMPILE_ERROR | E_USER_ERROR));
}

static void rs_log_line(int level, const char *format, const char *value)
{
    char line[1024];
    int n = snprintf(line, sizeof(line), format, value);
    if (n > 0 && g_host.log) {
        g_host.log(g_host.ctx, level, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
    }
}

/* What the boundary restored because the request changed it: counted by the master
 * (runtime_request_state_restored_total{kind}) and, while verifying state, named in the log. */
static void annotate_restored(uint32_t restored)
{
    char names[512];
    size_t used = 0;
    names[0] = '\0';
    for (unsigned bit = 0; bit < RS_RESTORED_KIND_COUNT; bit++) {
        if (!(restored & (1u << bit))) {
            continue;
        }
        const char *kind = rs_restored_kind_name(bit);
        char key[64];
        int key_len = snprintf(key, sizeof(key), "state_restored.%s", kind);
        rs_annotations_add(key, (size_t)key_len, "1", 1);
        int n = snprintf(names + used, sizeof(names) - used, "%s%s", used ? ", " : "", kind);
        if (n > 0 && (size_t)n < sizeof(names) - used) {
            used += (size_t)n;
        }
    }
    if (restored && rs_php_option_enabled("verify_state") && g_host.log) {
        char line[768];
        int n = snprintf(line, sizeof(line),
                         "runtime-supercharger: state verifier: %s %s changed process state that worker mode restored: %s",
                         g_req->method, g_req->request_uri ? g_req->request_uri : "", names);
        if (n > 0) {
            g_host.log(g_host.ctx, LOG_WARNING, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
        }
    }
}

static int report_done(rs_sapi_outcome outcome, const char *detail, uint64_t reset_ns, const char *retire_reason)
{
    rs_sapi_report report;
    report.outcome = outcome;
    report.status = SG(sapi_headers).http_response_code;
    report.php_memory_bytes = zend_memory_usage(0);
    report.php_peak_bytes = zend_memory_peak_usage(0);
    report.reset_ns = reset_ns;
    report.detail = detail;
    report.retire_reason = retire_reason;
    rs_annotations_view(&report.annotations, &report.annotation_count);
    int keep = g_host.done(g_host.ctx, &report);
    rs_annotations_clear();
    return keep;
}

static uint64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The body of runtime_supercharger_handle_request(): one HTTP request. Returns 1 if the
 * worker may take another. A bailout (fatal error) longjmps out of here to the script's top. */
int rs_sapi_handle_one(zend_fcall_info *handler, zend_fcall_info_cache *handler_cache,
                       zend_fcall_info *reset, zend_fcall_info_cache *reset_cache)
{
    rs_sapi_request req;
    rs_boundary_commit_boot(); /* once: what the app set up while booting is the baseline */
    if (!g_host.next_request(g_host.ctx, &req)) {
        return 0;
    }
    request_begin(&req);

    rs_sapi_outcome outcome = RS_OUTCOME_OK;
    char *detail = NULL;
    zval retval;
    handler->retval = &retval;
    handler->param_count = 0;
    zend_call_function(handler, handler_cache);
    zval_ptr_dtor(&retval);
    if (EG(exception)) {
        if (zend_is_unwind_exit(EG(exception))) {
            zend_clear_exception();
            outcome = last_error_is_fatal() ? RS_OUTCOME_FATAL_ERROR : RS_OUTCOME_EXIT_CALLED;
            /* Stopped because the client left: the app did not exit, its services reset as usual. */
            if (g_stopped_by_abort && outcome == RS_OUTCOME_EXIT_CALLED) {
                outcome = RS_OUTCOME_OK;
            }
        } else {
            outcome = RS_OUTCOME_UNCAUGHT_EXCEPTION;
            detail = take_exception_message();
            if (!SG(headers_sent)) {
                php_output_discard_all();
                SG(sapi_headers).http_response_code = 500;
            }
        }
    }
    response_finish();
    /* php_request_shutdown() step 1: after the response, before the services reset. */
    if (rs_boundary_run_shutdown_functions() && outcome == RS_OUTCOME_OK) {
        outcome = RS_OUTCOME_EXIT_CALLED;
    }

    uint64_t reset_ns = 0;
    if (reset && outcome != RS_OUTCOME_EXIT_CALLED && outcome != RS_OUTCOME_FATAL_ERROR) {
        uint64_t started = monotonic_ns();
        reset->retval = &retval;
        reset->param_count = 0;
        zend_call_function(reset, reset_cache);
        zval_ptr_dtor(&retval);
        reset_ns = monotonic_ns() - started;
        if (EG(exception)) {
            if (detail) {
                efree(detail);
            }
            outcome = RS_OUTCOME_RESET_FAILED;
            detail = zend_is_unwind_exit(EG(exception)) ? (zend_clear_exception(), estrdup("exit() during reset"))
                                                         : take_exception_message();
        }
    }
    if (outcome == RS_OUTCOME_FATAL_ERROR && !detail && PG(last_error_message)) {
        detail = estrndup(ZSTR_VAL(PG(last_error_message)), ZSTR_LEN(PG(last_error_message)));
    }
    rs_boundary_result boundary = {0, NULL};
    if (outcome != RS_OUTCOME_EXIT_CALLED && outcome != RS_OUTCOME_FATAL_ERROR) {
        rs_boundary_end(&boundary);
        annotate_restored(boundary.restored);
        if (EG(exception)) {
            /* Thrown by PHP code the boundary ran (a session save handler, a destructor):
             * the request is answered, but this worker's state is no longer known. */
            char *message = zend_is_unwind_exit(EG(exception)) ? (zend_clear_exception(), estrdup("exit()"))
                                                                : take_exception_message();
            rs_log_line(LOG_ERR, "runtime-supercharger: exception at the request boundary: %s", message);
            efree(message);
            boundary.retire_reason = "reset_error";
        }
    }
    request_end();
    int keep = report_done(outcome, detail, reset_ns, boundary.retire_reason);
    if (detail) {
        efree(detail);
    }
    return keep && !boundary.retire_reason && (outcome == RS_OUTCOME_OK || outcome == RS_OUTCOME_UNCAUGHT_EXCEPTION);
}

const rs_sapi_request *rs_sapi_current_request(void)
{
    return g_req;
}

int rs_sapi_send_early_hints(const rs_sapi_pair *headers, size_t count)
{
    if (!g_req || SG(headers_sent) || !g_host.early_hints) {
        return 0;
    }
    return g_host.early_hints(g_host.ctx, headers, count);
}

void rs_sapi_finish_request(void)
{
    if (g_req) {
        response_finish();
    }
}

/* ---- engine lifecycle -------------------------------------------------------------------- */

int rs_php_startup(const rs_sapi_config *config)
{
    signal(SIGPIPE, SIG_IGN);
    zend_signal_startup();
    sapi_startup(&rs_sapi_module);
    /* sapi_startup() clears these: set them after it, before module startup. */
    if (config->ini_path) {
        rs_sapi_module.php_ini_path_override = strdup(config->ini_path);
    }
    if (config->ini_entries) {
        rs_sapi_module.ini_entries = strdup(config->ini_entries);
    }
    if (rs_sapi_module.startup(&rs_sapi_module) == FAILURE) {
        sapi_module.name = (char *)RS_SAPI_NAME;
        return -1;
    }
    sapi_module.name = (char *)RS_SAPI_NAME;
    SG(options) |= SAPI_OPTION_NO_CHDIR;
    rs_watch_install();
    rs_slowlog_install();
    return 0;
}

void rs_php_set_slow_threshold(uint32_t threshold_ms)
{
    rs_slowlog_set_threshold(threshold_ms);
}

void rs_php_set_host(const rs_sapi_host *host)
{
    g_host = *host;
}

int rs_php_run_worker(const char *bootstrap_script, int *in_request_out)
{
    *in_request_out = 0;
    SG(server_context) = NULL;
    SG(request_info).request_method = NULL;
    SG(request_info).path_translated = (char *)bootstrap_script;
    if (php_request_startup() == FAILURE) {
        return 255;
    }
    rs_boundary_set_lock_script(bootstrap_script);
    zend_file_handle file;
    zend_stream_init_filename(&file, bootstrap_script);
    php_execute_script(&file);
    zend_destroy_file_handle(&file);
    int status = EG(exit_status);
    if (g_req) {
        *in_request_out = 1;
        const char *detail = PG(last_error_message) ? ZSTR_VAL(PG(last_error_message)) : "fatal error";
        rs_php_abandon_request(RS_OUTCOME_FATAL_ERROR, detail);
    }
    rs_boundary_leave_worker();
    php_request_shutdown(NULL);
    return status;
}

void rs_php_abandon_request(rs_sapi_outcome outcome, const char *detail)
{
    rs_slowlog_disarm();
    if (!g_req) {
        return;
    }
    zend_try {
        if (!SG(headers_sent)) {
            php_output_discard_all();
            SG(sapi_headers).http_response_code = 500;
        }
        response_finish();
    } zend_end_try();
    report_done(outcome, detail, 0, NULL);
    g_req = NULL;
    SG(server_context) = NULL;
}

int rs_php_run_classic_request(const rs_sapi_request *req, const char *script)
{
    g_req = req;
    g_response_finished = 0;
    g_stopped_by_abort = 0;
    set_request_info(req);
    if (php_request_startup() == FAILURE) {
        g_req = NULL;
        return -1;
    }
    SG(sapi_headers).http_response_code = 200;
    SG(request_info).proto_num = 1001;
    arm_timeout(req);
    rs_slowlog_arm(req->method, req->request_uri);
    zend_file_handle file;
    zend_stream_init_filename(&file, script);
    php_execute_script(&file);
    zend_destroy_file_handle(&file);
    rs_slowlog_disarm();
    rs_sapi_outcome outcome = last_error_is_fatal() ? RS_OUTCOME_FATAL_ERROR : RS_OUTCOME_OK;
    char *detail = outcome == RS_OUTCOME_FATAL_ERROR
                       ? strndup(ZSTR_VAL(PG(last_error_message)), ZSTR_LEN(PG(last_error_message)))
                       : NULL;
    zend_try {
        if (outcome == RS_OUTCOME_FATAL_ERROR && !SG(headers_sent)) {
            SG(sapi_headers).http_response_code = 500;
        }
        response_finish();
    } zend_end_try();
    php_request_shutdown(NULL);
    /* Memory is reported after shutdown: the heap is back to its start-of-request state. */
    rs_sapi_report report = {outcome, SG(sapi_headers).http_response_code, zend_memory_usage(0),
                             zend_memory_peak_usage(0), 0, detail, NULL, 0, NULL};
    rs_annotations_view(&report.annotations, &report.annotation_count);
    g_req = NULL;
    int keep = g_host.done(g_host.ctx, &report);
    rs_annotations_clear();
    if (detail) {
        free(detail);
    }
    return keep ? 0 : 1;
}

void rs_php_shutdown(void)
{
    php_module_shutdown();
    sapi_shutdown();
}
