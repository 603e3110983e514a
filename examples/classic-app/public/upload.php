<?php
// Multipart uploads land in $_FILES; any other body is read raw from php://input.
header('Content-Type: application/json');
$files = [];
foreach ($_FILES as $field => $file) {
    $files[$field] = [
        'name' => $file['name'],
        'size' => $file['size'],
        'error' => $file['error'],
        'sha256' => $file['error'] === UPLOAD_ERR_OK ? hash_file('sha256', $file['tmp_name']) : null,
    ];
}
$raw = file_get_contents('php://input');
echo json_encode([
    'method' => $_SERVER['REQUEST_METHOD'],
    'files' => $files,
    'post' => $_POST,
    'raw_length' => strlen($raw),
    'raw_sha256' => hash('sha256', $raw),
]);
