<?php

declare(strict_types=1);

namespace Runtime\Supercharger\StateScan\Analysis;

use PhpParser\ParserFactory;
use Runtime\Supercharger\StateScan\Suppression\Suppression;

/**
 * Per-file analysis results kept on disk between runs. A file's report depends only on its path and its
 * contents (class facts and observations; everything across files is decided later by the Evaluator), so
 * it is stored under a hash of both, in a folder named after the scanner's own code, the PHP version and
 * php-parser: editing the scanner or upgrading the parser starts a new folder and removes the old ones.
 * Any cache error (unwritable folder, damaged entry) falls back to analysing the file.
 */
final class ReportCache
{
    private const ALLOWED = [FileReport::class, ClassFacts::class, Observation::class, Suppression::class];

    private readonly string $folder;
    private bool $prepared = false;

    public function __construct(private readonly string $directory)
    {
        $this->folder = $directory . '/' . self::fingerprint();
    }

    /** $RUNTIME_STATE_SCAN_CACHE_DIR, else $XDG_CACHE_HOME/runtime-state-scan, else ~/.cache/runtime-state-scan. */
    public static function defaultDirectory(): ?string
    {
        $explicit = getenv('RUNTIME_STATE_SCAN_CACHE_DIR');
        if (is_string($explicit) && $explicit !== '') {
            return $explicit;
        }
        $xdg = getenv('XDG_CACHE_HOME');
        if (is_string($xdg) && $xdg !== '') {
            return $xdg . '/runtime-state-scan';
        }
        $home = getenv('HOME');
        return is_string($home) && $home !== '' ? $home . '/.cache/runtime-state-scan' : null;
    }

    public function analyze(FileAnalyzer $analyzer, string $file): FileReport
    {
        $code = @file_get_contents($file);
        if ($code === false) {
            return $analyzer->analyze($file);
        }
        $key = hash('xxh128', $file . "\0" . $code);
        $path = $this->folder . '/' . substr($key, 0, 2) . '/' . $key;
        $stored = @file_get_contents($path);
        if ($stored !== false) {
            $report = @unserialize($stored, ['allowed_classes' => self::ALLOWED]);
            if ($report instanceof FileReport && $report->file === $file) {
                return $report;
            }
        }
        $report = $analyzer->analyzeCode($file, $code);
        $this->store($path, serialize($report));
        return $report;
    }

    private function store(string $path, string $data): void
    {
        if (!$this->prepared) {
            $this->prepared = true;
            $this->removeOtherFolders();
        }
        $dir = dirname($path);
        if (!is_dir($dir) && !@mkdir($dir, 0777, true) && !is_dir($dir)) {
            return;
        }
        // Written aside and renamed: a concurrent scan reads either nothing or a whole entry.
        $temporary = $path . '.' . getmypid() . '.tmp';
        if (@file_put_contents($temporary, $data) === strlen($data)) {
            @rename($temporary, $path);
        } else {
            @unlink($temporary);
        }
    }

    /** Entries of earlier scanner or parser versions are never read again. */
    private function removeOtherFolders(): void
    {
        $current = basename($this->folder);
        foreach (@scandir($this->directory) ?: [] as $name) {
            if ($name === $current || preg_match('/^[0-9a-f]{32}$/', $name) !== 1) {
                continue;
            }
            $folder = $this->directory . '/' . $name;
            foreach (@scandir($folder) ?: [] as $bucket) {
                if (preg_match('/^[0-9a-f]{2}$/', $bucket) !== 1) {
                    continue;
                }
                foreach (@scandir("$folder/$bucket") ?: [] as $entry) {
                    if (preg_match('/^[0-9a-f]{32}(\.\d+\.tmp)?$/', $entry) === 1) {
                        @unlink("$folder/$bucket/$entry");
                    }
                }
                @rmdir("$folder/$bucket");
            }
            @rmdir($folder);
        }
    }

    /** The scanner's PHP sources, the PHP version and the php-parser in use. */
    private static function fingerprint(): string
    {
        $context = hash_init('xxh128');
        hash_update($context, PHP_VERSION . "\0");
        $root = dirname(__DIR__);
        $files = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($root, \FilesystemIterator::SKIP_DOTS));
        $names = [];
        foreach ($files as $info) {
            if ($info->isFile() && str_ends_with($info->getFilename(), '.php')) {
                $names[] = $info->getPathname();
            }
        }
        sort($names);
        foreach ($names as $name) {
            hash_update($context, substr($name, strlen($root)) . "\0" . (string) @file_get_contents($name));
        }
        $parser = (new \ReflectionClass(ParserFactory::class))->getFileName();
        if (is_string($parser)) {
            $parserDir = dirname($parser);
            foreach ([$parser, $parserDir . '/Parser/Php7.php', $parserDir . '/Parser/Php8.php'] as $file) {
                hash_update($context, $file . "\0" . (is_file($file) ? filesize($file) . ':' . filemtime($file) : '-'));
            }
        }
        return hash_final($context);
    }
}
