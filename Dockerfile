# The API as a container (Cloud Run or any host), against real Firestore through application default credentials.
# Build from the repository root:   docker build -t breath-master-sync .
# Run straight on a host:           docker run -p 8080:8080 -e GOOGLE_CLOUD_PROJECT=<project> -e USER_ID_PEPPER=... -e ADMIN_API_KEY=... breath-master-sync
# Behind a proxy (Cloud Run: 1) add -e TRUSTED_PROXY_HOPS=<entries it appends to X-Forwarded-For>; docs/deploy.md.
#
# It installs functions/ alone from functions/package-lock.json, the same unit and lockfile Cloud Build installs for
# `firebase deploy`. functions/test/e2e/deploy-unit.test.ts runs these steps without Docker (same commands, an
# empty directory per stage), so keep to FROM / WORKDIR / ENV / COPY / RUN / USER / EXPOSE / CMD.
FROM node:22-slim AS build
WORKDIR /app
COPY functions/package.json functions/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY functions/tsconfig.json ./
COPY functions/src src
RUN npx tsc -p tsconfig.json

FROM node:22-slim
WORKDIR /app
ENV NODE_ENV=production PORT=8080
COPY functions/package.json functions/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY --from=build /app/lib lib
USER node
EXPOSE 8080
CMD ["node", "lib/server.js"]
