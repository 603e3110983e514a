<?php

namespace App\Controller;

use Symfony\Component\HttpFoundation\File\UploadedFile;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\Request;

/**
 * Describes every file of a multipart upload so a client can check that the
 * server received exactly the bytes it sent.
 */
final class UploadController
{
    public function upload(Request $request): JsonResponse
    {
        $files = [];
        foreach ($this->flattenFiles($request->files->all(), '') as $fieldName => $file) {
            $files[] = $this->describe($fieldName, $file);
        }

        return new JsonResponse([
            'files' => $files,
            'fields' => $request->request->all(),
        ]);
    }

    /**
     * Field names of nested uploads (name="docs[]") become "docs[0]", "docs[1]", ...
     *
     * @param array<mixed> $files
     *
     * @return iterable<string, UploadedFile>
     */
    private function flattenFiles(array $files, string $prefix): iterable
    {
        foreach ($files as $key => $value) {
            $fieldName = '' === $prefix ? (string) $key : $prefix.'['.$key.']';
            if ($value instanceof UploadedFile) {
                yield $fieldName => $value;
            } elseif (\is_array($value)) {
                yield from $this->flattenFiles($value, $fieldName);
            }
        }
    }

    /**
     * @return array<string, mixed>
     */
    private function describe(string $fieldName, UploadedFile $file): array
    {
        $valid = $file->isValid();

        return [
            'name' => $fieldName,
            'original_name' => $file->getClientOriginalName(),
            'size' => $valid ? $file->getSize() : null,
            'sha256' => $valid ? hash_file('sha256', $file->getPathname()) : null,
            'client_mime' => $file->getClientMimeType(),
            'error' => $file->getError(),
        ];
    }
}
