# syntax=docker/dockerfile:1
#
# Ping Pilot images: `docker build --target api -t pingpilot-api .` and
# `docker build --target scheduler -t pingpilot-scheduler .` (compose.yaml builds both).
# Written for Docker but NOT built on the project's development machines, which have no Docker
# engine: the steps inside (pnpm install, pnpm build, pnpm deploy, node dist/main.js) are the ones
# the test suite and docs/operations.md run without Docker.

ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: install everything, bundle both apps, then cut one production folder per app --------
FROM ${NODE_IMAGE} AS build
# Keep in step with "packageManager" in package.json.
ARG PNPM_VERSION=10.34.9
ENV CI=true TURBO_TELEMETRY_DISABLED=1
RUN npm install --global pnpm@${PNPM_VERSION}
WORKDIR /repo
# Packages come from the lockfile alone, so this layer stays cached while only sources change.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY . .
RUN pnpm install --frozen-lockfile --offline
RUN pnpm build
# Each folder holds package.json, dist/ and the app's production node_modules: no TypeScript,
# no test or build tools.
RUN pnpm --filter @pingpilot/api-server --prod deploy --legacy /out/api \
 && pnpm --filter @pingpilot/scheduler --prod deploy --legacy /out/scheduler

# --- what both runtime images share ---------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# The image's unprivileged `node` user (uid 1000) runs the app and owns nothing outside /app.
USER node

# --- the scheduler: alive while its metrics endpoint answers ---------------------------------------
FROM runtime AS scheduler
COPY --from=build --chown=node:node /out/scheduler /app
ENV SCHEDULER_METRICS_HOST=0.0.0.0 SCHEDULER_METRICS_PORT=9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.SCHEDULER_METRICS_PORT + '/metrics').then((r) => process.exit(r.status < 500 ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/main.js"]

# --- the API (the default target, last): `docker run -p 3000:3000 pingpilot-api` ---------------
FROM runtime AS api
COPY --from=build --chown=node:node /out/api /app
ENV API_HOST=0.0.0.0 API_PORT=3000
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.API_PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/main.js"]
