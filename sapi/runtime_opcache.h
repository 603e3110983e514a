/*
 * opcache in worker mode. A worker's loaded classes and functions point into opcache's
 * shared memory, so the worker keeps opcache's usage lock for its whole life (opcache never
 * restarts under a live worker). Per request boundary, at most once a second:
 *  - a pending restart (opcache_reset(), cache full) retires the worker, so the restart can
 *    run once the old workers are gone, instead of opcache killing them after
 *    opcache.force_restart_timeout;
 *  - otherwise opcache's request activation runs, so its clock moves and changed files are
 *    revalidated after opcache.revalidate_freq as under php-fpm; the usage lock it drops is
 *    taken again at once.
 */
#ifndef RUNTIME_OPCACHE_H
#define RUNTIME_OPCACHE_H

/* The worker script: compiling it through opcache re-takes the usage lock. */
void rs_opcache_set_lock_script(const char *path);
/* Once booted: records whether this worker's code came from opcache's shared memory. */
void rs_opcache_commit_boot(void);
/* Returns a retire reason, or NULL. reset_called: opcache_reset() ran in this request. */
const char *rs_opcache_boundary(int reset_called);

#endif
