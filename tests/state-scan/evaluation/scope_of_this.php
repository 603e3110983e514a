<?php

namespace Evaluation\ScopeOfThis;

use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;
use Symfony\Contracts\Service\ResetInterface;

// case: clean closure bound to another object writes that object's property
final class DumpFormatter
{
    public function format(object $dumper, string $name, int $line): void
    {
        $writeLine = function (string $name, int $line): void {
            $this->line = $name . ' on line ' . $line;
        };
        $writeLine = $writeLine->bindTo($dumper, $dumper);
        $writeLine($name, $line);
    }
}

// case: clean closure passed to Closure::bind() rewrites the wrapped listener's list
final class ListenerTracer
{
    public function trace(object $context, Request $request): void
    {
        \Closure::bind(function () use ($request): void {
            $this->listeners = [$request->getPathInfo()];
        }, $context, \get_class($context))();
    }
}

// case: leaky closure bound back to $this keeps request data
final class SelfBoundRecorder
{
    private array $paths = [];

    public function record(Request $request): void
    {
        $add = function () use ($request): void {
            $this->paths[] = $request->getPathInfo(); // expect: RS004
        };
        \Closure::bind($add, $this, self::class)();
    }
}

// case: leaky closure kept as a listener writes its owner's state
final class LastPathListener
{
    private ?string $lastPath = null;
    private \Closure $listener;

    public function __construct()
    {
        $this->listener = function (Request $request): void {
            $this->lastPath = $request->getPathInfo(); // expect: RS004
        };
    }

    public function listener(): \Closure
    {
        return $this->listener;
    }
}

// case: clean profiler collector releases the sub-request in lateCollect()
final class SubRequestCollector implements ResetInterface
{
    private ?Request $currentRequest = null;
    private array $data = [];

    public function collect(Request $request, Response $response): void
    {
        $this->currentRequest = $request;
    }

    public function lateCollect(): void
    {
        $this->data['path'] = $this->currentRequest?->getPathInfo();
        $this->currentRequest = null;
    }

    public function reset(): void
    {
        $this->data = [];
    }
}

// case: leaky profiler collector keeps the sub-request after lateCollect()
final class KeepingCollector implements ResetInterface
{
    private ?Request $currentRequest = null; // expect: RS003
    private array $data = [];

    public function collect(Request $request, Response $response): void
    {
        $this->currentRequest = $request;
    }

    public function lateCollect(): void
    {
        $this->data['path'] = $this->currentRequest?->getPathInfo();
    }

    public function reset(): void
    {
        $this->data = [];
    }
}

// case: clean configured key converted in place on first use
final class KeyHolder
{
    public function __construct(private mixed $key)
    {
    }

    public function key(): string
    {
        if ('' !== $this->key = (string) $this->key) {
            return $this->key;
        }
        return 'none';
    }
}

// case: leaky log text concatenated onto its previous value
final class TextLog
{
    private string $text = '';

    public function log(string $message): void
    {
        $this->text = (string) $this->text . $message; // expect: RS004
    }
}
