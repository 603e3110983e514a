<?php
header('Content-Type: application/octet-stream');
$bytes = max(0, min(64 * 1024 * 1024, (int) ($_GET['bytes'] ?? 1048576)));
$block = str_repeat('0123456789abcdef', 4096);
for ($left = $bytes; $left > 0; $left -= strlen($block)) {
    echo $left >= strlen($block) ? $block : substr($block, 0, $left);
}
