<?php
// Outside the document root: the server must never run this.
echo 'secret leaked';
