# portlab in a container, for machines without network namespaces (macOS, Windows) or without root:
#
#   docker build -t portlab .
#   docker run --rm --cap-add NET_ADMIN --cap-add SYS_ADMIN -v "$PWD/results:/results" portlab run
#
# Inside, portlab runs as usual with the netns driver: its namespaces, veth pair and nginx live in the
# container's own network namespace, so nothing changes on the host. NET_ADMIN and SYS_ADMIN are all it needs
# (`ip netns add` mounts); never --privileged. The same image is the docker driver's client host and sidecar.
#
# With the engine's socket instead of the capabilities, portlab in this image drives the docker driver, the way
# testcontainers does (the lab's containers are the engine's, beside this one; nothing is bind-mounted into them):
#
#   docker run --rm -v /var/run/docker.sock:/var/run/docker.sock -v portlab-state:/run/portlab \
#     -v "$PWD:/work" -w /work portlab run my-stack.yaml --driver docker

FROM node:24-bookworm-slim AS build
LABEL portlab.stage=build
# gcc: the sampler's sock_diag addon (native/sock_diag.c); only this stage has a compiler.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# scripts/prepare.mjs is npm's `prepare`: it builds only where src/ is, so here it does nothing.
COPY package.json package-lock.json ./
COPY scripts/prepare.mjs ./scripts/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY native ./native
COPY scripts/build-native.mjs scripts/bundle-cli.mjs ./scripts/
COPY src ./src
RUN npm run build && test -f dist/native/sock_diag.node && test -f dist/cli/main.js

# The Docker CLI alone (Debian bookworm packages it only with the engine): the docker driver from inside.
FROM debian:bookworm-slim AS docker-cli
LABEL portlab.stage=build
RUN apt-get update \
    && apt-get install -y --no-install-recommends docker.io \
    && rm -rf /var/lib/apt/lists/*

FROM node:24-bookworm-slim
LABEL portlab.image=portlab
# nginx-light: the server host; iproute2: namespaces and veth; nftables: the NAT router; tcpdump: for a look
# inside a run; strace: a command client's failed connect() calls (errors: strace). portlab samples /proc itself,
# so no procps.
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx-light iproute2 nftables tcpdump strace \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/portlab
COPY package.json package-lock.json ./
COPY scripts/prepare.mjs ./scripts/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY scenarios ./scenarios
# src/server/nginx-config.ts reads the template relative to the package: /opt/portlab/docker/nginx/.
# The nginx image's Dockerfile too: the docker driver builds portlab-nginx from it when the engine lacks it.
COPY docker/nginx ./docker/nginx/
COPY --from=docker-cli /usr/bin/docker /usr/local/bin/docker
# The `portlab` command: dist/cli/main.js, after making /proc/sys/net writable (see the script for why).
COPY docker/portlab.sh /usr/local/bin/portlab
RUN chmod 0755 /usr/local/bin/portlab

# Runs write results/<timestamp>-<name>/ relative to the working directory: from / that is /results, the
# directory to mount (-v "$PWD/results:/results"). `--out /results/NAME` picks the name.
WORKDIR /
ENTRYPOINT ["portlab"]
CMD ["--help"]
