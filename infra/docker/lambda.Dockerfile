# The images of the three PosterGuard functions. `cdk deploy` builds them with Docker on the
# deploying machine and pushes them to the CDK bootstrap ECR repository; `cdk synth` only
# stages this build context. Each function's CMD names its handler.
#
#   target app:     the API and the worker, on the AWS Lambda Node.js 20 base image
#   target crawler: the crawler, on Debian with Debian's Chromium and the runtime interface client
#
# Images rather than zips: the production dependencies are about 530 MB on disk (over the
# 250 MB unzipped zip limit), sharp ships native libvips binaries for the build platform, and
# tesseract.js, tfjs-backend-wasm and the NSFW worker load files (.wasm, model shards, worker
# scripts) by path, which a single esbuild bundle would break.
ARG LAMBDA_BASE_IMAGE=public.ecr.aws/lambda/nodejs:20
ARG DEBIAN_NODE_IMAGE=node:20-bookworm
ARG DEBIAN_NODE_SLIM_IMAGE=node:20-bookworm-slim

FROM ${LAMBDA_BASE_IMAGE} AS build
WORKDIR /build
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would compile before the sources are here, and the one native
# build, better-sqlite3, serves the embedded backend, which no Lambda opens. sharp's libvips
# comes as a prebuilt optional package for this platform (linux, glibc, x64 or arm64).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npx tsc -p tsconfig.build.json \
  && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${LAMBDA_BASE_IMAGE} AS app
WORKDIR /var/task
# package.json says "type": "module", so the handlers in dist load as ES modules.
COPY --from=build /build/package.json ./package.json
COPY --from=build /build/node_modules ./node_modules
COPY --from=build /build/dist ./dist
# The policy presets, read at run time from <task root>/policies.
COPY policies ./policies
ENV NODE_ENV=production
CMD ["dist/lambda/worker-handler.handler"]

# The Lambda runtime interface client for a non-AWS base image, built with Debian's toolchain.
# 3.x is the line that supports Node.js 20 (4.x needs 22).
FROM ${DEBIAN_NODE_IMAGE} AS ric
WORKDIR /ric
RUN apt-get update \
  && apt-get install -y --no-install-recommends g++ make cmake unzip libcurl4-openssl-dev \
  && npm install --no-audit --no-fund aws-lambda-ric@3.3.0

FROM ${DEBIAN_NODE_SLIM_IMAGE} AS crawler
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-dejavu-core ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /var/task
COPY --from=ric /ric/node_modules /opt/ric/node_modules
COPY --from=build /build/package.json ./package.json
COPY --from=build /build/node_modules ./node_modules
COPY --from=build /build/dist ./dist
COPY policies ./policies
# The crawl profiles, one <platform>.yaml each (PROFILES_DIR).
COPY profiles ./profiles
# Chromium writes its profile and crash files under HOME; /tmp is the only writable place.
ENV NODE_ENV=production CHROMIUM_PATH=/usr/bin/chromium HOME=/tmp
ENTRYPOINT ["/usr/local/bin/node", "/opt/ric/node_modules/aws-lambda-ric/bin/index.mjs"]
CMD ["dist/lambda/crawler-handler.handler"]
