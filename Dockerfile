# runtime-supercharger serving the example Symfony app: HTTP on 8080, FastCGI on 9000 (for an
# nginx in front, in place of php-fpm), admin (healthz, readyz, metrics, status) on 9180.
# The build steps are the ones CI and scripts/serve-example.sh run: scripts/install-deps.sh,
# then CMake RelWithDebInfo. See docs/containers.md.
#   docker build -t runtime-supercharger .
#   docker run --rm -p 8080:8080 -p 9000:9000 -p 9180:9180 runtime-supercharger

FROM debian:12-slim AS build
WORKDIR /src
# Dependencies first: this layer stays cached until install-deps.sh itself changes.
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN scripts/install-deps.sh
COPY . .
# Release build with the hardening flags (cmake/RuntimeHardening.cmake), installed stripped:
# the server only, no tests and no bench tools (tests/deploy/test_dockerfile.py checks this file).
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRUNTIME_BUILD_TESTS=OFF -DRUNTIME_BUILD_BENCH=OFF \
 && cmake --build build -j"$(nproc)" --target runtime-supercharger runtime-supercharger-worker \
 && cmake --install build --prefix /opt/runtime-supercharger --strip

FROM debian:12-slim
COPY scripts/install-deps.sh /tmp/install-deps.sh
RUN /tmp/install-deps.sh --runtime && rm -rf /var/lib/apt/lists/* /tmp/install-deps.sh \
 && groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app
COPY --from=build /opt/runtime-supercharger /opt/runtime-supercharger
# Application files belong to root: the server's user can read them, never change them.
COPY examples/symfony-app /app
# Only the kernel's cache and logs are written at run time, by the unprivileged user (an
# emptyDir under a read-only root filesystem, docs/containers.md).
RUN rm -rf /app/var && install -d -o app -g app /app/var

ENV APP_ENV=prod \
    RUNTIME_ENTRY=/app/public/index.php \
    RUNTIME_LISTEN=0.0.0.0:8080 \
    RUNTIME_FASTCGI=0.0.0.0:9000 \
    RUNTIME_ADMIN=0.0.0.0:9180 \
    RUNTIME_LOG_FORMAT=json
USER app
WORKDIR /app
EXPOSE 8080 9000 9180

# The master is PID 1 (exec form, no shell): it handles SIGTERM/SIGQUIT (graceful drain)
# itself and, as child subreaper, reaps every process below it.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["php", "-r", "exit(@file_get_contents('http://127.0.0.1:9180/healthz') === false ? 1 : 0);"]
ENTRYPOINT ["/opt/runtime-supercharger/bin/runtime-supercharger"]
CMD ["serve"]
