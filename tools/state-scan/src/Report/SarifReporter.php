<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Report;

use Runtime\Supercharger\StateScan\Finding;
use Runtime\Supercharger\StateScan\RuleCatalog;
use Runtime\Supercharger\StateScan\ScanResult;

/** SARIF 2.1.0 log with one run; relative paths are resolved against the SRCROOT base (the working directory). */
final class SarifReporter implements Reporter
{
    public const TOOL_VERSION = '1.0.0';
    private const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
    private const BASE_ID = 'SRCROOT';

    public function __construct(private readonly string $workingDirectory)
    {
    }

    public function render(ScanResult $result): string
    {
        $ruleIndex = array_flip(array_keys(RuleCatalog::all()));
        $log = [
            '$schema' => self::SCHEMA,
            'version' => '2.1.0',
            'runs' => [[
                'tool' => ['driver' => [
                    'name' => 'runtime-state-scan',
                    'semanticVersion' => self::TOOL_VERSION,
                    'rules' => self::rules(),
                ]],
                'originalUriBaseIds' => [self::BASE_ID => ['uri' => self::directoryUri($this->workingDirectory)]],
                'results' => array_map(
                    fn (Finding $finding): array => $this->result($finding, $ruleIndex[$finding->rule]),
                    $result->findings,
                ),
            ]],
        ];
        return json_encode($log, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE | JSON_THROW_ON_ERROR) . "\n";
    }

    /** @return list<array<string, mixed>> */
    private static function rules(): array
    {
        $rules = [];
        foreach (RuleCatalog::all() as $rule) {
            $rules[] = [
                'id' => $rule->id,
                'name' => $rule->name,
                'shortDescription' => ['text' => $rule->message],
                'help' => ['text' => $rule->hint],
                'defaultConfiguration' => ['level' => $rule->level],
            ];
        }
        return $rules;
    }

    /** @return array<string, mixed> */
    private function result(Finding $finding, int $ruleIndex): array
    {
        $location = str_starts_with($finding->file, '/')
            ? ['uri' => self::fileUri($finding->file)]
            : ['uri' => self::encodePath($finding->file), 'uriBaseId' => self::BASE_ID];
        $properties = ['symbol' => $finding->symbol];
        if ($finding->package !== null) {
            $properties['package'] = $finding->package;
        }
        if ($finding->services !== []) {
            $properties['services'] = $finding->services;
        }
        return [
            'ruleId' => $finding->rule,
            'ruleIndex' => $ruleIndex,
            'level' => RuleCatalog::get($finding->rule)->level,
            'message' => ['text' => $finding->message . ' Fix: ' . $finding->hint],
            'locations' => [[
                'physicalLocation' => [
                    'artifactLocation' => $location,
                    'region' => ['startLine' => max(1, $finding->line)],
                ],
            ]],
            // Line-independent identity, the same key the baseline uses.
            'partialFingerprints' => ['runtimeStateScan/v1' => sha1($finding->rule . "\0" . $finding->file . "\0" . $finding->symbol)],
            'properties' => $properties,
        ];
    }

    private static function encodePath(string $path): string
    {
        return implode('/', array_map('rawurlencode', explode('/', $path)));
    }

    private static function fileUri(string $absolutePath): string
    {
        return 'file://' . self::encodePath($absolutePath);
    }

    private static function directoryUri(string $directory): string
    {
        return self::fileUri(rtrim($directory, '/') . '/');
    }
}
