# The API as a container (Cloud Run or any host), against real Firestore through application default credentials.
# Build from the repository root:   docker build -t breath-master-sync .
# Run:   docker run -p 8080:8080 -e GOOGLE_CLOUD_PROJECT=<project> -e USER_ID_PEPPER=... -e ADMIN_API_KEY=... breath-master-sync
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY functions/package.json functions/
COPY client/package.json client/
RUN npm ci --workspace functions --include-workspace-root=false --ignore-scripts
COPY functions/tsconfig.json functions/
COPY functions/src functions/src
RUN npx --workspace functions tsc -p tsconfig.json

FROM node:22-slim
WORKDIR /app
ENV NODE_ENV=production PORT=8080
COPY package.json package-lock.json ./
COPY functions/package.json functions/
COPY client/package.json client/
RUN npm ci --workspace functions --include-workspace-root=false --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/functions/lib functions/lib
USER node
EXPOSE 8080
CMD ["node", "functions/lib/server.js"]
