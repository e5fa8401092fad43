/**
 * The composition root: builds every part from the validated configuration and wires them
 * through constructors. `src/index.ts` calls it for the real process; HTTP tests call it with a
 * temporary data directory, a manual clock and a port of 0.
 */
import { localDate, systemClock, type Clock } from './app/clock.js';
import { randomIds, type AppContext, type IdSource } from './app/app-context.js';
import { createAdapter } from './bot/adapter-factory.js';
import { createJobHandlers } from './bot/job-handlers.js';
import { createPresenter } from './bot/presenter.js';
import { ProactiveSender } from './bot/proactive-sender.js';
import { MobileWorkBot } from './bot/teams-bot.js';
import { TenantGuard } from './bot/tenant-guard.js';
import { createUseCases } from './bot/use-cases.js';
import type { AppConfig } from './config/config.js';
import type { Directory } from './directory/directory.js';
import { loadDirectoryFile } from './directory/file-directory.js';
import type { Policy } from './domain/model.js';
import { policyVersionFor } from './domain/policy-resolution.js';
import type { Logger } from './observability/logger.js';
import { OutboxWorker } from './outbox/outbox-worker.js';
import { loadPolicyFile } from './policy/load-policy.js';
import { createHttpServer } from './server/http-server.js';
import { openLowdbStore } from './store/lowdb-store.js';
import { openPostgresStore } from './store/postgres-store.js';
import type { Store } from './store/store.js';

export interface AppOverrides {
  clock?: Clock;
  ids?: IdSource;
  store?: Store;
  directory?: Directory;
  policy?: Policy;
  /** Do not start the outbox worker loop (tests drive `worker.runOnce()`). */
  manualWorker?: boolean;
}

export interface RunningApp {
  port: number;
  store: Store;
  worker: OutboxWorker;
  ctx: AppContext;
  /** Graceful stop: no new requests, finish in-flight turns, stop the worker, flush the store. */
  stop(): Promise<void>;
}

export async function startApp(config: AppConfig, logger: Logger, overrides: AppOverrides = {}): Promise<RunningApp> {
  const policy = overrides.policy ?? (await loadPolicyFile(config.policyFile));
  const directory = overrides.directory ?? (await loadDirectoryFile(config.directoryFile));
  const clock = overrides.clock ?? systemClock;
  const store = overrides.store ?? (await openStore(config, () => clock.now()));

  // The worker is built after the use cases it serves; the context wakes it through this holder.
  const wake: { worker?: OutboxWorker } = {};
  const ctx: AppContext = {
    store,
    directory,
    policy,
    clock,
    ids: overrides.ids ?? randomIds,
    logger,
    onJobsQueued: () => wake.worker?.notify(),
  };
  const useCases = createUseCases(ctx);
  const presenter = createPresenter();
  const today = () => localDate(clock.now(), policy.organisation.timeZone);

  const adapter = createAdapter(
    { appId: config.microsoftAppId, appPassword: config.microsoftAppPassword, appType: config.microsoftAppType, tenantId: config.microsoftAppTenantId },
    logger,
  );
  adapter.use(new TenantGuard(config.allowedTenants, logger));
  const bot = new MobileWorkBot({ useCases, presenter, directory, policy, today, logger });

  const sender = new ProactiveSender(adapter, { appId: config.microsoftAppId, logger });
  const reminderAfterHours = policyVersionFor(policy, today())?.rules.reminderAfterHours ?? 48;
  const worker = new OutboxWorker(
    store,
    createJobHandlers({ store, useCases, presenter, sender, logger, reminderAfterHours, now: () => clock.now() }),
    logger,
    { pollMs: config.outboxPollMs, now: () => clock.now() },
  );

  const server = createHttpServer({
    adapter,
    bot,
    readiness: () => store.ping(),
    logger,
  });
  const { port } = await server.listen(config.port);
  if (!overrides.manualWorker) worker.start();
  logger.info('started', {
    port,
    store: config.store,
    localMode: config.localMode,
    policy: policy.organisation.id,
    versions: policy.versions.length,
  });

  wake.worker = worker;
  let stopping: Promise<void> | undefined;
  return {
    port,
    store,
    worker: worker,
    ctx,
    stop: () => {
      stopping ??= (async () => {
        logger.info('stopping', {});
        await server.close(config.shutdownGraceMs);
        await worker.stop();
        await store.close();
        logger.info('stopped', {});
      })();
      return stopping;
    },
  };
}

async function openStore(config: AppConfig, now: () => Date): Promise<Store> {
  if (config.store === 'postgres') {
    if (!config.databaseUrl) throw new Error('DATABASE_URL is required for STORE=postgres');
    return openPostgresStore({ connectionString: config.databaseUrl, now });
  }
  return openLowdbStore({ dataDir: config.dataDir, now });
}
