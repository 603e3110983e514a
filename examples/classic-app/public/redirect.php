<?php
$target = $_GET['to'] ?? '/index.php';
// Only local paths: an open redirect is no example to copy.
if (!is_string($target) || $target === '' || $target[0] !== '/' || str_starts_with($target, '//')) {
    $target = '/index.php';
}
header('Location: ' . $target, true, 302);
