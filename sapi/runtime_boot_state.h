/*
 * The worker's post-boot state and how to put it back: the values a request may change
 * that no module's request hooks restore to what the app set up at boot (ini entries,
 * timezone, cwd, autoloaders, error handlers, the default stream context, stream wrappers
 * and filters, $_SERVER and $_ENV). Taken once by rs_boot_state_take(); each restore
 * function returns 1 when it had something to undo.
 */
#ifndef RUNTIME_BOOT_STATE_H
#define RUNTIME_BOOT_STATE_H

#include <main/php.h>

void rs_boot_state_take(void);
int rs_boot_state_taken(void);

/* ini entries changed since boot go back to their post-boot values, except the names in
 * keep (NULL-terminated, may be NULL): the configuration of the session save handler the
 * worker keeps. */
int rs_boot_state_restore_ini(const char *const *keep);
int rs_boot_state_restore_timezone(void);
int rs_boot_state_restore_cwd(void);
int rs_boot_state_restore_autoloaders(void);
int rs_boot_state_restore_error_handler(void);
int rs_boot_state_restore_exception_handler(void);
int rs_boot_state_restore_stream_context(void);
int rs_boot_state_restore_stream_wrappers(void);
int rs_boot_state_restore_stream_filters(void);
/* Puts the post-boot mb_internal_encoding() back after mbstring's request startup. */
void rs_boot_state_reapply_mbstring(int touched);
/* Puts the post-boot locale back after the standard module reset it to "C". */
void rs_boot_state_reapply_locale(void);

/* The post-boot $_SERVER and $_ENV (NULL before boot ends). */
HashTable *rs_boot_state_server(void);
HashTable *rs_boot_state_env(void);

/* Calls a PHP function by name; retval is set (UNDEF on failure). An exception it throws is
 * cleared and 0 returned. */
int rs_call_php(const char *name, uint32_t argc, zval *argv, zval *retval);

#endif
