#include "runtime_opcache.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <main/php.h>
#include <Zend/zend_modules.h>

#include "runtime_boot_state.h"

#define OPCACHE_MODULE "zend opcache"

static char *g_lock_script;
static time_t g_last_check;
static int g_unavailable;
/* This worker's classes and functions point into opcache's shared memory. A worker that
 * booted while a restart was pending compiled everything itself: it may run the restart. */
static int g_holds_shared_code;

void rs_opcache_set_lock_script(const char *path)
{
    free(g_lock_script);
    g_lock_script = path ? strdup(path) : NULL;
}

/* opcache_get_status(false), or UNDEF when opcache is off or the API is restricted. */
static int opcache_status(zval *status)
{
    zval arg;
    ZVAL_FALSE(&arg);
    if (!rs_call_php("opcache_get_status", 1, &arg, status) || Z_TYPE_P(status) != IS_ARRAY) {
        zval_ptr_dtor(status);
        ZVAL_UNDEF(status);
        return 0;
    }
    return 1;
}

static int status_flag(zval *status, const char *key)
{
    zval *value = zend_hash_str_find(Z_ARRVAL_P(status), key, strlen(key));
    return value && zend_is_true(value);
}

static zend_long last_restart_time(zval *status)
{
    zval *stats = zend_hash_str_find(Z_ARRVAL_P(status), ZEND_STRL("opcache_statistics"));
    if (!stats || Z_TYPE_P(stats) != IS_ARRAY) {
        return 0;
    }
    zval *value = zend_hash_str_find(Z_ARRVAL_P(stats), ZEND_STRL("last_restart_time"));
    return value ? zval_get_long(value) : 0;
}

static void activate_and_relock(void)
{
    zend_module_entry *module = zend_hash_str_find_ptr(&module_registry, ZEND_STRL(OPCACHE_MODULE));
    if (!module || !module->request_startup_func || !g_lock_script) {
        return;
    }
    module->request_startup_func(module->type, module->module_number);
    zval arg, ignored;
    ZVAL_STRING(&arg, g_lock_script);
    rs_call_php("opcache_compile_file", 1, &arg, &ignored);
    zval_ptr_dtor(&arg);
    zval_ptr_dtor(&ignored);
}

void rs_opcache_commit_boot(void)
{
    zval status;
    if (!opcache_status(&status)) {
        g_unavailable = 1;
        return;
    }
    g_holds_shared_code = status_flag(&status, "opcache_enabled");
    zval_ptr_dtor(&status);
}

const char *rs_opcache_boundary(int reset_called)
{
    if (g_unavailable) {
        return NULL;
    }
    if (reset_called && g_holds_shared_code) {
        return "opcache_restart";
    }
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
    if (now.tv_sec == g_last_check) {
        return NULL;
    }
    g_last_check = now.tv_sec;

    zval before;
    if (!opcache_status(&before)) {
        g_unavailable = 1;
        return NULL;
    }
    const char *reason = NULL;
    int pending = status_flag(&before, "restart_pending") || status_flag(&before, "restart_in_progress");
    if (pending && g_holds_shared_code) {
        reason = "opcache_restart";
    } else {
        zend_long restarted = last_restart_time(&before);
        activate_and_relock();
        zval after;
        if (opcache_status(&after)) {
            if (g_holds_shared_code && last_restart_time(&after) != restarted) {
                /* opcache restarted inside this worker's own activation: the classes it
                 * holds point at memory that is gone. Nothing here can be trusted. */
                php_log_err("runtime-supercharger: opcache restarted under a live worker; exiting at once");
                _exit(70);
            }
            g_holds_shared_code |= status_flag(&after, "opcache_enabled");
        }
        zval_ptr_dtor(&after);
    }
    zval_ptr_dtor(&before);
    return reason;
}
