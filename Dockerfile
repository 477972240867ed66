# ---- base: Node 20 with npm 11 ------------------------------------------------------------
# package-lock.json is written by npm 11; the npm 10 bundled with Node 20 lays out the tree
# differently and its `npm ci` rejects the lockfile as out of sync.
FROM node:20-bookworm-slim AS base
RUN npm install -g npm@11 && npm cache clean --force

# ---- build: full dependencies, type-checked production build --------------------------
# Also the image of the `test` service in docker-compose.yml (target: build): it keeps the
# dev dependencies, test/ and vitest.config.ts.
FROM base AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

# ---- runtime: production dependencies only ---------------------------------------------
FROM base AS runtime
ENV NODE_ENV=production \
    TZ=Asia/Ho_Chi_Minh
WORKDIR /app
COPY package.json package-lock.json ./
# tsx is a runtime dependency: `npm run cli -- <command>` runs src/cli/index.ts through it.
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
# Migrations are applied at start-up (found by walking up from the running file).
# src/ and tsconfig.json are only for `npm run cli`, which runs through tsx.
COPY migrations ./migrations
COPY src ./src
COPY tsconfig.json ./
USER node
EXPOSE 3000
# No curl in the slim image: probe with node's built-in fetch. /healthz answers 503 when
# Postgres or Redis is unreachable.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node runs as PID 1 and handles SIGTERM itself (graceful shutdown bounded by SHUTDOWN_TIMEOUT_MS).
CMD ["node", "dist/src/main.js"]
