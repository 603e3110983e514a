/*
 * The request boundary, step by step in php_request_shutdown()'s order; each step names
 * the php-src function that does the same under php-fpm. docs/architecture.md has the table.
 */
#include "runtime_boundary.h"

#include <string.h>

#include <Zend/zend_exceptions.h>
#include <Zend/zend_gc.h>
#include <Zend/zend_modules.h>
#include <ext/session/php_session.h>
#include <ext/standard/basic_functions.h>
#include <ext/standard/file.h>
#include <main/php_variables.h>

#include "runtime_boot_state.h"
#include "runtime_opcache.h"
#include "runtime_watch.h"

static const char *const kind_names[RS_RESTORED_KIND_COUNT] = {
    "shutdown_function", "session", "ini", "putenv", "timezone", "locale", "umask",
    "cwd", "stream_context", "stream_wrapper", "stream_filter", "autoloader",
    "url_rewriter", "libxml", "mbstring", "random_seed", "dir_handle", "pcntl_signal",
    "error_handler", "exception_handler",
};

const char *rs_restored_kind_name(unsigned bit_index)
{
    return bit_index < RS_RESTORED_KIND_COUNT ? kind_names[bit_index] : "other";
}

/* Modules whose own request hooks reset their per-request state and touch nothing the kept
 * object graph points to. Not in the list, on purpose: date (its RSHUTDOWN frees the
 * timezone cache that live DateTime objects point into), SPL (it would drop the app's
 * autoloaders), opcache (runtime_opcache.c), pcntl (only when a request set a handler). */
static const char *const hooked_modules[] = {"standard", "random", "libxml", "mbstring", "filter", "zlib"};

static HashTable *g_boot_shutdown_functions; /* registered while booting: run at worker exit */
static HashTable g_boot_putenv;              /* putenv() while booting stays for the worker's life */
static int g_committed;
static int g_pcntl_reset_pending;
static uint32_t g_touched;                   /* rs_watch kinds of the request being served */

/* The session save handler survives the session module's reset: Symfony registers it once,
 * when its storage service is built, where php-fpm's requests register it every time. */
typedef struct kept_save_handler {
    int kept;
    zval names[PS_NUM_APIS];
    zend_string *class_name;
} kept_save_handler;

static kept_save_handler g_save_handler;

/* ---- module hooks ----------------------------------------------------------------------- */

#define HOOKED_MAX 8
static zend_module_entry *g_hooked[HOOKED_MAX]; /* in module registry order */
static size_t g_hooked_count;
static zend_module_entry *g_pcntl;
static volatile int g_bailed_out;               /* a hook hit a fatal error: retire */

static void find_hooked_modules(void)
{
    zend_module_entry *module;
    ZEND_HASH_FOREACH_PTR(&module_registry, module) {
        for (size_t i = 0; i < sizeof(hooked_modules) / sizeof(hooked_modules[0]); i++) {
            if (strcmp(module->name, hooked_modules[i]) == 0 && g_hooked_count < HOOKED_MAX) {
                g_hooked[g_hooked_count++] = module;
            }
        }
    } ZEND_HASH_FOREACH_END();
    g_pcntl = zend_hash_str_find_ptr(&module_registry, ZEND_STRL("pcntl"));
}

static void standard_shutdown(zend_module_entry *module, uint32_t *restored)
{
    if (zend_hash_num_elements(&BG(putenv_ht)) > 0) {
        *restored |= RS_RESTORED_PUTENV; /* the hook's table destructor restores the environment */
    }
    if (BG(umask) != -1) {
        *restored |= RS_RESTORED_UMASK;
    }
    if (BG(locale_changed)) {
        *restored |= RS_RESTORED_LOCALE;
    }
    module->request_shutdown_func(module->type, module->module_number);
    BG(umask) = -1; /* restored: the next umask() call records the boot value again */
    if (*restored & RS_RESTORED_LOCALE) {
        rs_boot_state_reapply_locale();
    }
}

static void shutdown_module(zend_module_entry *module, uint32_t *restored)
{
    if (!module->request_shutdown_func) {
        return;
    }
    zend_try {
        if (strcmp(module->name, "standard") == 0) {
            standard_shutdown(module, restored);
        } else {
            module->request_shutdown_func(module->type, module->module_number);
        }
    } zend_catch {
        g_bailed_out = 1;
    } zend_end_try();
}

/* zend_deactivate_modules(), then zend_post_deactivate_modules(), for the hooked modules. */
static void modules_shutdown(uint32_t *restored)
{
    for (size_t i = g_hooked_count; i-- > 0;) {
        shutdown_module(g_hooked[i], restored);
    }
    if (g_pcntl_reset_pending && g_pcntl) {
        shutdown_module(g_pcntl, restored);
    }
    for (size_t i = 0; i < g_hooked_count; i++) {
        if (g_hooked[i]->post_deactivate_func) {
            zend_try {
                g_hooked[i]->post_deactivate_func();
            } zend_catch {
                g_bailed_out = 1;
            } zend_end_try();
        }
    }
}

/* The standard module's request startup forgets the default stream context and the
 * wrapper and filter tables without freeing them: the boundary already put the boot ones
 * back, so they are handed over. */
static void standard_startup(zend_module_entry *module)
{
    php_stream_context *context = FG(default_context);
    HashTable *wrappers = FG(stream_wrappers);
    HashTable *filters = FG(stream_filters);
    module->request_startup_func(module->type, module->module_number);
    FG(default_context) = context;
    FG(stream_wrappers) = wrappers;
    FG(stream_filters) = filters;
}

/* zend_activate_modules() for the hooked modules. */
static void modules_startup(void)
{
    for (size_t i = 0; i < g_hooked_count; i++) {
        zend_module_entry *module = g_hooked[i];
        if (!module->request_startup_func) {
            continue;
        }
        if (strcmp(module->name, "standard") == 0) {
            standard_startup(module);
        } else {
            module->request_startup_func(module->type, module->module_number);
        }
    }
    if (g_pcntl_reset_pending && g_pcntl && g_pcntl->request_startup_func) {
        g_pcntl->request_startup_func(g_pcntl->type, g_pcntl->module_number);
    }
    g_pcntl_reset_pending = 0;
}

static zend_module_entry *g_session;

/* ---- session ----------------------------------------------------------------------------- */

static void keep_save_handler(void)
{
    g_save_handler.kept = PS(mod) && strcmp(PS(mod)->s_name, "user") == 0 &&
                          !Z_ISUNDEF(PS(mod_user_names).names[0]);
    if (!g_save_handler.kept) {
        return;
    }
    for (int i = 0; i < PS_NUM_APIS; i++) {
        ZVAL_COPY(&g_save_handler.names[i], &PS(mod_user_names).names[i]);
    }
    g_save_handler.class_name = PS(mod_user_class_name) ? zend_string_copy(PS(mod_user_class_name)) : NULL;
}

static void give_back_save_handler(void)
{
    if (!g_save_handler.kept) {
        return;
    }
    for (int i = 0; i < PS_NUM_APIS; i++) {
        zval_ptr_dtor(&PS(mod_user_names).names[i]);
        ZVAL_COPY_VALUE(&PS(mod_user_names).names[i], &g_save_handler.names[i]);
        ZVAL_UNDEF(&g_save_handler.names[i]);
    }
    if (PS(mod_user_class_name)) {
        zend_string_release(PS(mod_user_class_name));
    }
    PS(mod_user_class_name) = g_save_handler.class_name;
    g_save_handler.class_name = NULL;
}

/* The session module's RSHUTDOWN (writes and closes an open session), keeping the save
 * handler, then what php-fpm's symbol table destruction does: no $_SESSION afterwards. */
static void session_shutdown(uint32_t *restored)
{
    int used = PS(session_status) == php_session_active ||
               zend_hash_str_exists(&EG(symbol_table), ZEND_STRL("_SESSION"));
    keep_save_handler();
    if (g_session) {
        shutdown_module(g_session, restored);
    }
    give_back_save_handler();
    zend_hash_str_del(&EG(symbol_table), ZEND_STRL("_SESSION"));
    if (used) {
        *restored |= RS_RESTORED_SESSION;
    }
}

/* ---- shutdown functions ------------------------------------------------------------------ */

/* php_call_shutdown_functions(), one entry at a time so that each exception is handled
 * where it happens; entries registered by a shutdown function run too. */
int rs_boundary_run_shutdown_functions(void)
{
    HashTable *functions = BG(user_shutdown_function_names);
    int exit_called = 0;
    if (!functions) {
        return 0;
    }
    for (uint32_t i = 0; i < functions->nNumUsed && !exit_called; i++) {
        zval *zv = &functions->arData[i].val;
        if (Z_TYPE_P(zv) == IS_UNDEF) {
            continue;
        }
        php_shutdown_function_entry *entry = Z_PTR_P(zv);
        zval retval;
        ZVAL_UNDEF(&retval);
        entry->fci.retval = &retval;
        zend_call_function(&entry->fci, &entry->fci_cache);
        zval_ptr_dtor(&retval);
        if (EG(exception)) {
            if (zend_is_unwind_exit(EG(exception))) {
                zend_clear_exception();
                exit_called = 1;
            } else {
                /* php-fpm: "PHP Fatal error: Uncaught ..." and the request ends there. */
                zend_exception_error(EG(exception), E_ERROR);
            }
        }
    }
    php_free_shutdown_functions();
    return exit_called;
}

/* ---- the boundary ------------------------------------------------------------------------ */

static uint32_t restore_values(uint32_t touched)
{
    uint32_t restored = 0;
    if (rs_boot_state_restore_stream_context()) {
        restored |= RS_RESTORED_STREAM_CONTEXT;
    }
    if (rs_boot_state_restore_stream_wrappers()) {
        restored |= RS_RESTORED_STREAM_WRAPPER;
    }
    if (rs_boot_state_restore_stream_filters()) {
        restored |= RS_RESTORED_STREAM_FILTER;
    }
    if (rs_boot_state_restore_error_handler()) {
        restored |= RS_RESTORED_ERROR_HANDLER;
    }
    if (rs_boot_state_restore_exception_handler()) {
        restored |= RS_RESTORED_EXCEPTION_HANDLER;
    }
    if (touched & RS_WATCH_DIR_HANDLE) {
        /* The default directory handle (opendir() without closedir()); php-fpm frees it with
         * the request's resources. */
        zval ignored;
        if (rs_call_php("closedir", 0, NULL, &ignored)) {
            restored |= RS_RESTORED_DIR_HANDLE;
        }
        zval_ptr_dtor(&ignored);
    }
    if ((touched & RS_WATCH_CWD) && rs_boot_state_restore_cwd()) {
        restored |= RS_RESTORED_CWD;
    }
    if ((touched & RS_WATCH_TIMEZONE) && rs_boot_state_restore_timezone()) {
        restored |= RS_RESTORED_TIMEZONE;
    }
    if ((touched & RS_WATCH_AUTOLOADER) && rs_boot_state_restore_autoloaders()) {
        restored |= RS_RESTORED_AUTOLOADER;
    }
    if (touched & RS_WATCH_RANDOM_SEED) {
        restored |= RS_RESTORED_RANDOM_SEED; /* the random module's startup unseeds */
    }
    if (touched & RS_WATCH_LIBXML) {
        restored |= RS_RESTORED_LIBXML;
    }
    if (touched & RS_WATCH_MBSTRING) {
        restored |= RS_RESTORED_MBSTRING;
    }
    if (touched & RS_WATCH_URL_REWRITER) {
        restored |= RS_RESTORED_URL_REWRITER;
    }
    if (touched & RS_WATCH_PCNTL_SIGNAL) {
        restored |= RS_RESTORED_PCNTL_SIGNAL;
    }
    return restored;
}

void rs_boundary_end(rs_boundary_result *result)
{
    result->restored = 0;
    result->retire_reason = NULL;
    uint32_t touched = g_touched | rs_watch_take();
    g_touched = 0;
    g_pcntl_reset_pending = (touched & RS_WATCH_PCNTL_SIGNAL) != 0;

    /* zend_call_destructors() has no equivalent for a kept object graph; what the request
     * left in reference cycles is collected, so its destructors run now. */
    zend_gc_collect_cycles();
    session_shutdown(&result->restored);
    modules_shutdown(&result->restored);
    result->restored |= restore_values(touched);
    /* zend_ini_deactivate(): ini entries back to their post-boot values. */
    /* A kept save handler keeps its configuration: Symfony's NativeFileSessionHandler sets
     * the save path once, in the constructor of a service built in the first request. */
    static const char *const save_handler_ini[] = {"session.save_handler", "session.save_path", NULL};
    if (rs_boot_state_restore_ini(g_save_handler.kept ? save_handler_ini : NULL)) {
        result->restored |= RS_RESTORED_INI;
    }
    result->retire_reason = rs_opcache_boundary((touched & RS_WATCH_OPCACHE_RESET) != 0);
    if (g_bailed_out) {
        result->retire_reason = "fatal_error"; /* a module hook bailed out: state unknown */
    }
    /* What the boundary's own PHP calls touched is not the request's doing. */
    rs_watch_take();
}

void rs_boundary_begin(void)
{
    zend_memory_reset_peak_usage();
    if (g_committed) {
        modules_startup();
        rs_boot_state_reapply_mbstring(0);
    }
    if (g_session && g_session->request_startup_func) {
        g_session->request_startup_func(g_session->type, g_session->module_number);
    }
    rs_watch_take();
}

void rs_boundary_commit_boot(void)
{
    if (g_committed) {
        return;
    }
    find_hooked_modules();
    g_session = zend_hash_str_find_ptr(&module_registry, ZEND_STRL("session"));
    /* Shutdown functions and putenv() from boot belong to the worker, not to a request. */
    g_boot_shutdown_functions = BG(user_shutdown_function_names);
    BG(user_shutdown_function_names) = NULL;
    g_boot_putenv = BG(putenv_ht);
    zend_hash_init(&BG(putenv_ht), 1, NULL, g_boot_putenv.pDestructor, 0);
    BG(umask) = -1; /* boot's umask is the baseline */
    rs_boot_state_take();
    rs_opcache_commit_boot();
    rs_watch_take();
    /* Boot was "request 0": the same boundary, so every request starts alike. */
    rs_boundary_result ignored;
    session_shutdown(&ignored.restored);
    modules_shutdown(&ignored.restored);
    rs_watch_take();
    g_committed = 1;
}

int rs_boundary_committed(void)
{
    return g_committed;
}

void rs_boundary_leave_worker(void)
{
    if (!g_committed || !g_boot_shutdown_functions) {
        return;
    }
    /* php_request_shutdown() runs boot's shutdown functions, then any of a request that
     * ended the script (exit(), fatal error). */
    HashTable *request_functions = BG(user_shutdown_function_names);
    if (request_functions) {
        zval *zv;
        ZEND_HASH_FOREACH_VAL(request_functions, zv) {
            zend_hash_next_index_insert_mem(g_boot_shutdown_functions, Z_PTR_P(zv), sizeof(php_shutdown_function_entry));
        } ZEND_HASH_FOREACH_END();
        /* The entries moved: free the table without running their destructor. */
        request_functions->pDestructor = NULL;
        zend_hash_destroy(request_functions);
        FREE_HASHTABLE(request_functions);
    }
    BG(user_shutdown_function_names) = g_boot_shutdown_functions;
    g_boot_shutdown_functions = NULL;
}

void rs_boundary_import_server_base(zval *track_vars_array)
{
    HashTable *boot = rs_boot_state_server();
    if (boot) {
        zend_hash_copy(Z_ARRVAL_P(track_vars_array), boot, zval_add_ref);
    } else {
        php_import_environment_variables(track_vars_array);
    }
}

void rs_boundary_set_lock_script(const char *path)
{
    rs_opcache_set_lock_script(path);
}

HashTable *rs_boundary_boot_env(void)
{
    return rs_boot_state_env();
}
