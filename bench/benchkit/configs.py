"""Generated configuration files of the benchmark targets (pure: text in, text out)."""

import os

# Production-like PHP settings, identical for php-fpm, runtime-supercharger and the ceiling.
PHP_INI = {
    "memory_limit": "256M",
    "opcache.enable": "1",
    "opcache.enable_cli": "1",
    "opcache.memory_consumption": "256",
    "opcache.interned_strings_buffer": "16",
    "opcache.max_accelerated_files": "20000",
    "opcache.validate_timestamps": "0",
    "realpath_cache_size": "4096K",
    "realpath_cache_ttl": "600",
    "display_errors": "0",
    "log_errors": "1",
}


def fpm_conf(workdir, listen, workers, env, user_is_root):
    """php-fpm pool: pm=static with `workers` children, the same PHP settings as the others."""
    lines = [
        "[global]",
        f"pid = {workdir}/php-fpm.pid",
        f"error_log = {workdir}/php-fpm.log",
        "daemonize = no",
        "",
        "[bench]",
        f"listen = {listen}",
        "pm = static",
        f"pm.max_children = {workers}",
        "pm.max_requests = 0",
    ]
    if user_is_root:
        lines += ["user = root", "group = root"]
    lines += [f"env[{name}] = {value}" for name, value in sorted(env.items())]
    lines += [f"php_admin_value[{name}] = {value}" for name, value in PHP_INI.items()]
    return "\n".join(lines) + "\n"


def nginx_conf(workdir, listen_port, document_root, fastcgi_address, user=None):
    """nginx in front of a FastCGI server, with the stock Symfony server block."""
    user_line = f"user {user};\n" if user else ""
    return f"""{user_line}daemon off;
worker_processes auto;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;

events {{
    worker_connections 4096;
}}

http {{
    access_log off;
    client_body_temp_path {workdir}/nginx-body;
    fastcgi_temp_path {workdir}/nginx-fastcgi;
    proxy_temp_path {workdir}/nginx-proxy;
    uwsgi_temp_path {workdir}/nginx-uwsgi;
    scgi_temp_path {workdir}/nginx-scgi;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    keepalive_requests 100000;

    server {{
        listen 127.0.0.1:{listen_port};
        server_name localhost;
        root {document_root};

        location / {{
            try_files $uri /index.php$is_args$args;
        }}

        location ~ ^/index\\.php(/|$) {{
            fastcgi_pass {fastcgi_address};
            fastcgi_split_path_info ^(.+\\.php)(/.*)$;
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME $realpath_root$fastcgi_script_name;
            fastcgi_param DOCUMENT_ROOT $realpath_root;
            internal;
        }}

        location ~ \\.php$ {{
            return 404;
        }}
    }}
}}
"""


def supercharger_yaml(entry, php_ini, pool_lines=()):
    """The one pool of runtime-supercharger with the shared PHP settings; `pool_lines` are
    further keys of the pool, indented as its keys ("    min_workers: 1")."""
    lines = ["pools:", f"  - entry: \"{entry}\"", f"    document_root: \"{os.path.dirname(entry)}\"", *pool_lines,
             "    php_ini:"]
    lines += [f"      {name}: \"{value}\"" for name, value in php_ini.items()]
    return "\n".join(lines) + "\n"
