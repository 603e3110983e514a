<?php

namespace App\TestSupport\Controller;

use App\TestSupport\Probe\CycleLock;
use App\TestSupport\Probe\ProbeSessionHandler;
use App\TestSupport\Probe\ProbeStreamWrapper;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;

/**
 * One request changes process state the way real applications do ("set"); the next request
 * on the same worker reports what it sees ("check"). Under php-fpm every check sees a fresh
 * request; tests/integration/test_request_isolation.py expects the same here.
 */
final class IsolationProbeController
{
    private static bool $userHandlerRegistered = false;

    public function probe(Request $request, string $row, string $phase): Response
    {
        $method = $row . ucfirst($phase);
        $method = lcfirst(str_replace(' ', '', ucwords(str_replace('-', ' ', $method))));
        if (!method_exists($this, $method)) {
            return new JsonResponse(['error' => "unknown probe {$row}/{$phase}"], 404);
        }
        $result = $this->{$method}($request);
        if ($result instanceof Response) {
            return $result;
        }

        return new JsonResponse(['pid' => getmypid()] + $result);
    }

    private static function tempDir(string $name): string
    {
        $dir = sys_get_temp_dir() . '/rs-probe-' . $name;
        if (!is_dir($dir)) {
            mkdir($dir, 0700, true);
        }

        return $dir;
    }

    // ---- native session (raw PHP, no Symfony session) -------------------------------------

    private function nativeSessionSet(Request $request): array
    {
        session_save_path(self::tempDir('sessions'));
        session_start();
        $_SESSION['user'] = 'alice';
        $_SESSION['card'] = '4111111111111111';

        return ['session_id' => session_id()];
    }

    private function nativeSessionCheck(Request $request): array
    {
        return ['session_defined' => isset($_SESSION), 'session' => $_SESSION ?? null, 'status' => session_status()];
    }

    // ---- a user save handler class registered once per worker ---------------------------

    private function userHandlerStart(): void
    {
        if (!self::$userHandlerRegistered) {
            session_set_save_handler(new ProbeSessionHandler(self::tempDir('user-handler')), false);
            self::$userHandlerRegistered = true;
        }
        session_start();
    }

    private function userHandlerLogin(Request $request): array
    {
        $this->userHandlerStart();
        session_regenerate_id(true);
        $_SESSION['user'] = (string) $request->query->get('user');
        $id = session_id();
        session_write_close();

        return ['user' => $_SESSION['user'], 'session_id' => $id];
    }

    private function userHandlerWhoami(Request $request): array
    {
        $this->userHandlerStart();
        $user = $_SESSION['user'] ?? null;
        session_write_close();

        return ['user' => $user, 'handler' => ProbeSessionHandler::class];
    }

    private function userHandlerLogout(Request $request): array
    {
        $this->userHandlerStart();
        $_SESSION = [];
        session_destroy();

        return ['user' => null];
    }

    // ---- Symfony session (NativeSessionStorage, native file handler) ----------------------

    private function symfonyLogin(Request $request): array
    {
        $session = $request->getSession();
        $session->migrate(true);
        $session->set('user', (string) $request->query->get('user'));

        return ['user' => $session->get('user')];
    }

    private function symfonyWhoami(Request $request): array
    {
        return ['user' => $request->getSession()->get('user')];
    }

    private function symfonyLogout(Request $request): array
    {
        // Like a firewall's logout: the session was read (the token) before it is invalidated.
        $session = $request->getSession();
        $session->get('user');
        $session->invalidate();

        return ['user' => null];
    }

    // ---- random seeds -----------------------------------------------------------------------

    private function seedSet(Request $request): array
    {
        mt_srand(42);

        return ['seeded' => 42];
    }

    private function seedCheck(Request $request): array
    {
        $seen = [mt_rand(), rand(), str_shuffle('abcdefghijklmnop')];
        mt_srand(42);
        $predictable = [mt_rand(), rand(), str_shuffle('abcdefghijklmnop')];

        return ['predictable' => $seen === $predictable];
    }

    // ---- the default stream context ---------------------------------------------------------

    private function streamContextSet(Request $request): array
    {
        stream_context_set_default(['http' => ['header' => "Authorization: Bearer user-one-secret\r\n"]]);

        return ['set' => true];
    }

    private function streamContextCheck(Request $request): array
    {
        $url = (string) $request->query->get('url');
        $body = $url !== '' ? @file_get_contents($url) : null;

        return ['options' => stream_context_get_options(stream_context_get_default()), 'fetched' => $body !== false];
    }

    // ---- putenv -----------------------------------------------------------------------------

    private function putenvSet(Request $request): array
    {
        putenv('PHP_AUTH_USER=admin');
        putenv('RS_PROBE_PUTENV=leaked');

        return ['set' => getenv('PHP_AUTH_USER')];
    }

    private function putenvCheck(Request $request): array
    {
        return [
            'getenv' => getenv('PHP_AUTH_USER'),
            'getenv_probe' => getenv('RS_PROBE_PUTENV'),
            'server' => $_SERVER['PHP_AUTH_USER'] ?? null,
            'symfony_user' => $request->getUser(),
        ];
    }

    // ---- ini, timezone, cwd, error_reporting, umask, locale -------------------------------

    private function processSet(Request $request): array
    {
        ini_set('precision', '5');
        date_default_timezone_set('Pacific/Kiritimati');
        chdir('/');
        error_reporting(0);
        umask(0);
        setlocale(LC_ALL, 'C.UTF-8');

        return ['set' => true];
    }

    private function processCheck(Request $request): array
    {
        $file = self::tempDir('umask') . '/' . bin2hex(random_bytes(4));
        touch($file);
        $mode = fileperms($file) & 0777;
        unlink($file);

        return [
            'precision' => ini_get('precision'),
            'float' => (string) (1 / 3),
            'timezone' => date_default_timezone_get(),
            'cwd' => getcwd(),
            'error_reporting' => error_reporting(),
            'umask' => umask(),
            'file_mode' => sprintf('%o', $mode),
            'locale' => setlocale(LC_ALL, '0'),
        ];
    }

    // ---- shutdown functions -----------------------------------------------------------------

    private function shutdownSet(Request $request): array
    {
        $marker = (string) $request->query->get('marker');
        $user = (string) $request->query->get('user');
        register_shutdown_function(static function () use ($marker, $user): void {
            file_put_contents($marker, $user);
        });

        return ['registered' => $marker];
    }

    // ---- destructors of objects in reference cycles -----------------------------------------

    private function cycleLockSet(Request $request): array
    {
        $lock = new CycleLock((string) $request->query->get('file'));
        $lock->self = $lock; // a cycle: only the garbage collector can free it
        unset($lock);

        return ['locked' => true];
    }

    // ---- libxml and mbstring ----------------------------------------------------------------

    private function libxmlSet(Request $request): array
    {
        libxml_use_internal_errors(true);
        simplexml_load_string('<broken');
        mb_internal_encoding('ISO-8859-1');

        return ['set' => true];
    }

    private function libxmlCheck(Request $request): array
    {
        $previous = libxml_use_internal_errors(false);
        $errors = count(libxml_get_errors());

        return ['internal_errors' => $previous, 'pending_errors' => $errors, 'mb_encoding' => mb_internal_encoding()];
    }

    // ---- stream wrappers, url rewriter, strtok, dir handle, autoloaders ----------------------

    private function wrapperSet(Request $request): array
    {
        $registered = stream_wrapper_register('rsprobe', ProbeStreamWrapper::class);

        return ['registered' => $registered, 'read' => file_get_contents('rsprobe://x')];
    }

    private function wrapperCheck(Request $request): array
    {
        return ['wrappers' => stream_get_wrappers()];
    }

    private function rewriteSet(Request $request): Response
    {
        $token = (string) $request->query->get('token');
        output_add_rewrite_var('tok', $token);

        return new Response('<form action="/next" method="post"></form>');
    }

    private function strtokSet(Request $request): array
    {
        return ['first' => strtok('secret-user-token other', ' ')];
    }

    private function strtokCheck(Request $request): array
    {
        return ['next' => strtok(' ')];
    }

    private function dirSet(Request $request): array
    {
        $dir = self::tempDir('dir');
        file_put_contents($dir . '/secret-of-user-one', 'x');
        opendir($dir);

        return ['opened' => $dir];
    }

    private function dirCheck(Request $request): array
    {
        try {
            $entry = readdir();
        } catch (\TypeError $e) {
            $entry = 'no default handle';
        }

        return ['entry' => $entry];
    }

    private function autoloadSet(Request $request): array
    {
        spl_autoload_register(static function (string $class): void {
        });

        return ['count' => count(spl_autoload_functions())];
    }

    private function autoloadCheck(Request $request): array
    {
        return ['count' => count(spl_autoload_functions())];
    }

    // ---- error and exception handlers ---------------------------------------------------------

    private function handlerSet(Request $request): array
    {
        set_error_handler(static fn (): bool => true);
        set_exception_handler(static function (\Throwable $e): void {
        });

        return ['set' => true];
    }

    private function handlerCheck(Request $request): array
    {
        $error = set_error_handler(null);
        restore_error_handler();
        $exception = set_exception_handler(null);
        restore_exception_handler();

        return ['error_handler' => get_debug_type($error), 'exception_handler' => get_debug_type($exception)];
    }

    // ---- opcache ------------------------------------------------------------------------------

    private function includeCheck(Request $request): array
    {
        $file = (string) $request->query->get('file');

        return ['value' => include $file];
    }

    private function opcacheResetSet(Request $request): array
    {
        return ['reset' => opcache_reset()];
    }

    private function opcacheResetCheck(Request $request): array
    {
        $status = opcache_get_status(false);

        return [
            'enabled' => $status['opcache_enabled'] ?? false,
            'restart_pending' => $status['restart_pending'] ?? null,
            'manual_restarts' => $status['opcache_statistics']['manual_restarts'] ?? null,
        ];
    }

    // ---- peak memory --------------------------------------------------------------------------

    private function memorySet(Request $request): array
    {
        $big = str_repeat('x', 48 * 1024 * 1024);
        $length = strlen($big);
        unset($big);

        return ['allocated' => $length];
    }

    private function memoryCheck(Request $request): array
    {
        return ['peak' => memory_get_peak_usage()];
    }

    // ---- request variables as php-fpm gives them (issue 15) -------------------------------------

    private function requestVarsCheck(Request $request): array
    {
        return [
            'getenv_host' => getenv('HTTP_HOST'),
            'getenv_uri' => getenv('REQUEST_URI'),
            'getenv_addr' => getenv('REMOTE_ADDR'),
            'headers' => function_exists('getallheaders') ? getallheaders() : null,
            'php_self' => $_SERVER['PHP_SELF'] ?? null,
            'script_name' => $_SERVER['SCRIPT_NAME'] ?? null,
            'path_info' => $_SERVER['PATH_INFO'] ?? null,
        ];
    }
}
