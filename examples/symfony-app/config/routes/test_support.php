<?php

use App\TestSupport\Controller\FailureController;
use App\TestSupport\Controller\FidelityController;
use App\TestSupport\Controller\IntrospectionController;
use App\TestSupport\Controller\IsolationProbeController;
use App\TestSupport\Controller\IsolationController;
use App\TestSupport\Controller\ResponseShapeController;
use App\TestSupport\Controller\SendfileController;
use App\TestSupport\Controller\StateController;
use App\TestSupport\Controller\TimingController;
use Symfony\Component\Routing\Loader\Configurator\RoutingConfigurator;

// Imported by App\Kernel::configureRoutes() only when APP_TEST_ROUTES=1.
return static function (RoutingConfigurator $routes): void {
    $test = $routes->collection('test_')->prefix('/_test');

    $test->add('server', '/server')->controller([IntrospectionController::class, 'server']);
    $test->add('echo_headers', '/echo-headers')->controller([IntrospectionController::class, 'echoHeaders']);
    $test->add('ini', '/ini')->controller([IntrospectionController::class, 'ini']);
    $test->add('opcache', '/opcache')->controller([IntrospectionController::class, 'opcache']);
    $test->add('sapi', '/sapi')->controller([IntrospectionController::class, 'sapi']);

    $test->add('cookies', '/cookies')->controller([ResponseShapeController::class, 'cookies']);
    $test->add('early_hints', '/early-hints')->controller([ResponseShapeController::class, 'earlyHints']);
    $test->add('redirect', '/redirect')->controller([ResponseShapeController::class, 'redirect']);
    $test->add('status', '/status/{code}')
        ->controller([ResponseShapeController::class, 'status'])
        ->requirements(['code' => '[1-5][0-9][0-9]']);

    $test->add('sendfile', '/sendfile')->controller([SendfileController::class, 'sendfile']);

    $test->add('exception', '/exception')->controller([FailureController::class, 'exception']);
    $test->add('fatal', '/fatal')->controller([FailureController::class, 'undefinedFunction']);
    $test->add('fatal_error', '/fatal-error')->controller([FailureController::class, 'engineFatal']);
    $test->add('exit', '/exit')->controller([FailureController::class, 'exitMidResponse']);
    $test->add('oom', '/oom')->controller([FailureController::class, 'exhaustMemory']);
    $test->add('loop', '/loop')->controller([FailureController::class, 'infiniteLoop']);
    $test->add('sleep', '/sleep/{ms}')
        ->controller([TimingController::class, 'sleep'])
        ->requirements(['ms' => '\d+']);
    $test->add('work_after_response', '/work-after-response/{ms}')
        ->controller([TimingController::class, 'workAfterResponse'])
        ->requirements(['ms' => '\d+']);
    $test->add('spin', '/spin/{ms}')
        ->controller([TimingController::class, 'spin'])
        ->requirements(['ms' => '\d+']);

    $test->add('probe', '/probe/{row}/{phase}')
        ->controller([IsolationProbeController::class, 'probe'])
        ->requirements(['row' => '[a-z-]+', 'phase' => '[a-z]+']);

    $test->add('session', '/session')->controller([StateController::class, 'session']);
    $test->add('state_leak', '/state-leak')->controller([StateController::class, 'stateLeak']);

    $test->add('verifier_leaky', '/verifier/leaky')->controller([IsolationController::class, 'leaky']);
    $test->add('verifier_clean', '/verifier/clean')->controller([IsolationController::class, 'clean']);
    $test->add('orm_probe', '/orm/probe')->controller([IsolationController::class, 'probe']);
    $test->add('orm_probe_rename', '/orm/probe/rename')->controller([IsolationController::class, 'renameProbe']);
    $test->add('identity', '/identity')->controller([IsolationController::class, 'identity']);

    $test->add('abort_stream', '/abort-stream')->controller([FidelityController::class, 'abortStream']);
    $test->add('log_line', '/log-line')->controller([FidelityController::class, 'logLine'])->methods(['POST']);
};
