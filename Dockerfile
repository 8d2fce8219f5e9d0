# hoinghi — mirrors scripts/setup.sh (same Debian packages, same worker build through npm ci).
# No Docker engine runs on the machines this project is developed on, so this file is kept in step
# with scripts/setup.sh by hand and by review; scripts/setup.sh is what CI exercises.
FROM node:20-bookworm AS build
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      pkg-config python3-pip libssl-dev libuv1-dev libsrtp2-dev libusrsctp-dev libabsl-dev \
      libflatbuffers-dev flatbuffers-compiler liburing-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/mediasoup scripts/mediasoup
ENV MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD=true MESON=/app/scripts/mediasoup/meson-wrapper.sh
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# The worker links Debian's shared libraries at run time.
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libssl3 libuv1 libsrtp2-1 libusrsctp2 libabsl20220623 libflatbuffers2 liburing2 curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
RUN mkdir -p /data && chown node:node /data
USER node
ENV NODE_ENV=production HOINGHI_DATA_DIR=/data HOINGHI_PORT=3000 RTC_PORT=40000
EXPOSE 3000/tcp 40000-40001/udp 40000-40001/tcp
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s CMD curl -fsS http://127.0.0.1:3000/healthz || exit 1
CMD ["node", "dist/server/main.js"]
