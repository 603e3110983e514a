<?php
setcookie('visited', 'yes', ['path' => '/', 'httponly' => true]);
setcookie('theme', 'dark', ['path' => '/']);
header('Content-Type: application/json');
echo json_encode(['received' => $_COOKIE]);
