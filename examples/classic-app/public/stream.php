<?php
// Streamed output: each line is flushed on its own, so the body leaves before the script ends.
header('Content-Type: text/plain');
header('X-Accel-Buffering: no');  // nginx passes each flush on instead of buffering
$chunks = max(1, min(1000, (int) ($_GET['chunks'] ?? 5)));
for ($i = 1; $i <= $chunks; $i++) {
    echo "line $i\n";
    flush();
    usleep(20000);
}
