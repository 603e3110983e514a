/* Slow log, like php-fpm's request_slowlog_timeout: when a request has run longer than the
 * threshold, write ONE stderr line with the PHP backtrace of where it is at that moment, and
 * annotate the request "slow" = elapsed ms so the master counts it.
 *
 * How: a POSIX timer armed at request start notifies a helper thread (SIGEV_THREAD), which
 * only raises a flag and EG(vm_interrupt). The engine then calls zend_interrupt_function
 * (ours, chained to any previous one) at the next VM instruction, where the backtrace is safe
 * to read. No signal reaches the PHP thread, so sleep(), usleep() and blocking I/O in the
 * application are never cut short (EINTR). Inside a long C call (sleep, a slow query) the line
 * is written when control returns to the VM, still naming the call that was slow. */
#ifndef RUNTIME_SLOWLOG_H
#define RUNTIME_SLOWLOG_H

#include <stdint.h>

/* Chains the interrupt hook. Once, after module startup (extensions may set theirs first). */
void rs_slowlog_install(void);
/* 0 turns the slow log off. Per process; the timer is created on first use after fork. */
void rs_slowlog_set_threshold(uint32_t threshold_ms);
/* The strings must stay valid until rs_slowlog_disarm(). */
void rs_slowlog_arm(const char *method, const char *uri);
void rs_slowlog_disarm(void);

#endif
