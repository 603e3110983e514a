<?php
header('Content-Type: application/json');
echo json_encode(['app' => 'classic-app', 'ok' => true, 'script' => basename(__FILE__)]);
