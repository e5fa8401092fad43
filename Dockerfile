# Mobiles Arbeiten – Teams bot. Two stages: compile TypeScript, then run plain JavaScript
# (node dist/src/index.js) with production dependencies only. Configuration comes only from
# environment variables (see .env.example and docs/deployment.md); state lives in /data.
#
#   docker build -t mobile-work-bot .
#   docker run --rm -p 3978:3978 -v mobile-work-data:/data --env-file .env mobile-work-bot

FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:22-slim
ENV NODE_ENV=production \
    PORT=3978 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# Read at run time relative to /app: card templates and strings (found from dist/src/cards/),
# the policy files and the sample directory (POLICY_FILE / DIRECTORY_FILE are relative to the
# working directory; mount your own and point the variables at them).
COPY cards ./cards
COPY policies ./policies
COPY samples ./samples
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3978
# /healthz answers while the process is up; it is for this check and the reverse proxy's
# internal probes, not for the internet (only /api/messages is published).
HEALTHCHECK --interval=30s --timeout=3s --start-period=15s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM drains: no new requests, in-flight turns finish, the outbox worker stops, the store is
# flushed (SHUTDOWN_GRACE_MS, default 10 s). Give docker stop at least that: docker stop -t 20.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/index.js"]
