# ---- base: Node 24 LTS (its bundled npm 11 wrote package-lock.json) ----------------------
FROM node:24-bookworm-slim AS base

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
RUN npm ci --omit=dev && npm cache clean --force
# The service and `npm run cli -- <command>` both run compiled code from dist/.
COPY --from=build /app/dist ./dist
# Migrations are applied at start-up (found by walking up from the running file).
COPY migrations ./migrations
USER node
EXPOSE 3000
# No curl in the slim image: probe with node's built-in fetch. /healthz answers 503 when
# Postgres or Redis is unreachable.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node runs as PID 1 and handles SIGTERM itself (graceful shutdown bounded by SHUTDOWN_TIMEOUT_MS).
CMD ["node", "dist/src/main.js"]
