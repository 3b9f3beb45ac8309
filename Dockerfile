# syntax=docker/dockerfile:1
# Multi-stage: build with dev dependencies, run with production ones only, as a non-root user.
# The same steps (npm ci, npm run build, node dist/main.js) run in test/e2e/dist.test.ts.

FROM node:20-slim AS build
# better-sqlite3 compiles from source (node-gyp) when no prebuilt binary can be downloaded;
# the toolchain stays in this stage: the compiled .node file travels with node_modules.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# package.json carries allowScripts (better-sqlite3, esbuild), so npm runs their install steps.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
ENV NODE_ENV=production PORT=3000 RERUN_CONFIG=/config/rerun.yml RERUN_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# A young generation of 1 MB a semi-space instead of V8's 16: the bot allocates little per request, and a
# first start after an upgrade, which streams a journal of hundreds of MB through JSON and zod, then stays
# under the footprint bar (docs/operations.md, "Upgrading from the version with a journal"). bench/ and the
# dist test read this line.
CMD ["node", "--max-semi-space-size=1", "dist/main.js"]
