/**
 * The composition root: builds every part from the validated configuration and wires them
 * through constructors. `src/index.ts` calls it for the real process; HTTP tests call it with a
 * temporary data directory, a manual clock and a port of 0.
 */
import { clockFor, type Clock } from './app/clock.js';
import { localDate } from './domain/local-time.js';
import { randomIds, type AppContext, type IdSource } from './app/app-context.js';
import { BotActivityProcessor } from './bot/activity-processor.js';
import { CHANNEL_TOKEN_ISSUER, createAdapter } from './bot/adapter-factory.js';
import { createJobHandlers } from './bot/job-handlers.js';
import { createDeskJobHandlers } from './bot/desk-job-handlers.js';
import { createDeskPresenter } from './bot/desk-presenter.js';
import { checkInventoryFileAgainstDirectory } from './desks/check-inventory-against-directory.js';
import { loadInventoryFile } from './desks/load-inventory.js';
import type { DeskInventory } from './domain/desk-model.js';
import { createPresenter } from './bot/presenter.js';
import { ProactiveSender } from './bot/proactive-sender.js';
import { SendRateLimiter } from './bot/send-rate-limiter.js';
import { MobileWorkBot } from './bot/teams-bot.js';
import { TenantGuard } from './bot/tenant-guard.js';
import { createUseCases } from './bot/use-cases.js';
import type { AppConfig } from './config/config.js';
import { parseStructuredText, readConfigText } from './config/config-file.js';
import { ConfigFileError } from './config/config-file-error.js';
import type { Directory } from './directory/directory.js';
import { loadDirectoryFile } from './directory/file-directory.js';
import { wireGraphAbsences } from './graph/absence-wiring.js';
import { presencePort } from './graph/presence.js';
import { createGraphClient, type GraphClient } from './graph/graph-client.js';
import { GraphDirectory } from './graph/graph-directory.js';
import { GraphHealth } from './graph/graph-health.js';
import type { OrgUnit, Policy } from './domain/model.js';
import { policyVersionFor } from './domain/policy-resolution.js';
import type { Logger } from './observability/logger.js';
import { OutboxWorker } from './outbox/outbox-worker.js';
import { productLanes } from './outbox/lanes.js';
import { watchAdminRequests } from './outbox/admin-inbox.js';
import { checkPolicyAgainstDirectory } from './policy/check-policy-against-directory.js';
import { loadPolicyFile } from './policy/load-policy.js';
import { createHttpServer } from './server/http-server.js';
import { scheduleCalendarReconcile } from './app/calendar-sync.js';
import { createCalendarJobHandlers } from './graph/calendar-jobs.js';
import { createStatusMessageHandler } from './graph/status-message-job.js';
import type { GraphClientOptions } from './graph/graph-client.js';
import { openLowdbStore } from './store/lowdb-store.js';
import type { VpnSettings } from './app/vpn-context.js';
import { createVpnJobHandlers } from './bot/vpn-job-handlers.js';
import { createVpnPresenter } from './bot/vpn-presenter.js';
import { createItsmAdapter } from './itsm/create-itsm-adapter.js';
import { createServiceDeskMembership } from './vpn/desk-membership.js';
import { registerItsmEventsEndpoint } from './vpn/itsm-events-endpoint.js';
import { createItsmJobHandlers } from './vpn/itsm-job-handlers.js';
import { loadKnowledgeBaseFile } from './vpn/load-knowledge-base.js';
import type { KnowledgeBase } from './domain/vpn-knowledge-base.js';
import { openPostgresStore } from './store/postgres-store.js';
import type { Store } from './store/store.js';
import { openAuditLog } from './privacy/audit-log.js';
import { isMaintainable, RetentionScheduler } from './privacy/retention-job.js';

export interface AppOverrides {
  inventory?: DeskInventory;
  clock?: Clock;
  ids?: IdSource;
  store?: Store;
  directory?: Directory;
  policy?: Policy;
  /** Do not start the outbox worker loop (tests drive `worker.runOnce()`). */
  manualWorker?: boolean;
  /** Graph client settings for tests (e.g. a short `timeoutMs` against the fake Graph). */
  graphOptions?: Partial<GraphClientOptions>;
  knowledgeBase?: KnowledgeBase;
}

export interface RunningApp {
  port: number;
  store: Store;
  worker: OutboxWorker;
  ctx: AppContext;
  /** Graceful stop: no new requests, finish in-flight turns, stop the worker, flush the store. */
  stop(): Promise<void>;
  /** Resolves once no request and no turn is in work (a turn answered early with 200 included). */
  settled(): Promise<void>;
}

export async function startApp(config: AppConfig, logger: Logger, overrides: AppOverrides = {}): Promise<RunningApp> {
  const policy = overrides.policy ?? (await loadPolicyFile(config.policyFile, config.agreementsFile));
  // Microsoft Graph (app-only), when configured: one client for absences, subscriptions, presence, directory.
  const graphHealth = new GraphHealth(logger);
  const graph = config.graph
    ? createGraphClient({ baseUrl: config.graphBaseUrl, ...config.graph, health: graphHealth, ...overrides.graphOptions })
    : undefined;
  // GRAPH_DIRECTORY=true: names, mail, department and manager from Graph; hours stay in the file.
  const fileDirectory = overrides.directory ? undefined : await loadDirectoryFile(config.directoryFile);
  const directory =
    overrides.directory ??
    (graph && config.graphDirectory && fileDirectory
      ? new GraphDirectory(graph, fileDirectory, { departmentMap: config.graphDepartmentMap, logger })
      : fileDirectory!);
  const desksFile = config.desksFile ?? 'samples/desks.yaml';
  const inventory = overrides.inventory ?? (await loadInventoryFile(desksFile));
  if (!overrides.policy) await checkPolicyFileAgainstDirectory(policy, directory, config.policyFile);
  if (!overrides.inventory) await checkInventoryFileAgainstDirectory(inventory, directory, desksFile);
  const knowledgeBase = overrides.knowledgeBase ?? (await loadKnowledgeBaseFile(config.vpnKnowledgeBaseFile));
  const clock = overrides.clock ?? clockFor(config);
  if (!overrides.clock && config.fixedNow) logger.warn('clock_fixed', { message: 'FIXED_NOW is set: the clock starts at a fixed time (rehearsal only)', startsAt: config.fixedNow.toISOString() });
  const store = overrides.store ?? (await openStore(config, () => clock.now()));
  try {
    return await wire(config, logger, overrides, { policy, directory, inventory, clock, store, graph, graphHealth, knowledgeBase });
  } catch (e) {
    // A failed start (e.g. the port is taken) closes the store it opened (journal file, PostgreSQL pool).
    if (!overrides.store) await store.close().catch(() => undefined);
    throw e;
  }
}

async function wire(
  config: AppConfig,
  logger: Logger,
  overrides: AppOverrides,
  parts: {
    policy: Policy;
    directory: Directory;
    inventory: DeskInventory;
    clock: Clock;
    store: Store;
    graph?: GraphClient | undefined;
    graphHealth: GraphHealth;
    knowledgeBase: KnowledgeBase;
  },
): Promise<RunningApp> {
  const { policy, directory, inventory, clock, store, graph, graphHealth, knowledgeBase } = parts;

  // The worker is built after the use cases it serves; the context wakes it through this holder.
  const wake: { worker?: OutboxWorker } = {};
  const ctx: AppContext = {
    store,
    directory,
    policy,
    inventory,
    clock,
    ids: overrides.ids ?? randomIds,
    logger,
    onJobsQueued: () => wake.worker?.notify(),
    calendarSync: graph !== undefined,
    statusMessage: graph !== undefined && config.graphStatusMessage,
  };
  // VPN problem reports: who the service desk is (list and/or Entra group) and the ITSM hand-over.
  const itsm = createItsmAdapter(config.itsm);
  const vpn: VpnSettings = {
    knowledgeBase,
    serviceDesk: createServiceDeskMembership({
      memberIds: config.serviceDesk.memberIds,
      ...(config.serviceDesk.groupId ? { groupId: config.serviceDesk.groupId } : {}),
      ...(graph ? { graph } : {}),
      now: () => clock.now(),
      logger,
    }),
    itsm: itsm !== undefined,
  };
  if (!config.serviceDesk.conversationId && !itsm) {
    logger.warn('vpn_reports_unrouted', {
      message: 'Neither SERVICE_DESK_CONVERSATION_ID nor ITSM is set: VPN tickets are kept for "meine Meldungen" but reach no service desk.',
    });
  }
  const useCases = createUseCases(ctx, vpn);
  const presenter = createPresenter();
  const vpnPresenter = createVpnPresenter();
  const desks = createDeskPresenter(inventory);
  const today = () => localDate(clock.now(), policy.organisation.timeZone);

  const adapter = createAdapter(
    {
      appId: config.microsoftAppId,
      appPassword: config.microsoftAppPassword,
      appType: config.microsoftAppType,
      tenantId: config.microsoftAppTenantId,
      ...(config.botOpenIdMetadataUrl ? { openIdMetadataUrl: config.botOpenIdMetadataUrl } : {}),
    },
    logger,
  );
  adapter.use(new TenantGuard(config.allowedTenants, logger));
  const bot = new MobileWorkBot({
    useCases,
    presenter,
    desks,
    inventory,
    directory,
    policy,
    today,
    logger,
    vpn,
    vpnPresenter,
    ...(config.serviceDesk.conversationId ? { deskConversationId: config.serviceDesk.conversationId } : {}),
  });

  // Absences from the Outlook calendars (change notifications or the delta fallback), with Graph only.
  const absences = graph ? wireGraphAbsences({ config, graph, ctx }) : undefined;
  // Teams availability next to the names on "who is on site" (GRAPH_PRESENCE=true).
  const presenceReader = absences?.presence;
  if (presenceReader) ctx.presence = presencePort(presenceReader);

  // One limiter for every proactive write of this process: Teams' per-app rate is never exceeded,
  // however many jobs the outbox finds due at once (src/bot/send-rate-limiter.ts).
  const sender = new ProactiveSender(adapter, {
    appId: config.microsoftAppId,
    logger,
    rateLimiter: new SendRateLimiter({ limits: [{ count: config.proactiveRatePerSecond, perMs: 1_000 }] }),
    requestTimeoutMs: config.proactiveTimeoutMs,
  });
  const reminderAfterHours = policyVersionFor(policy, today())?.rules.reminderAfterHours ?? 48;

  // ---- Microsoft Graph: calendar sync (with Graph only; the same client as absences, so one
  // per-mailbox limit). Approved days and desk bookings become Outlook events through the outbox
  // (src/graph/calendar-jobs.ts); the nightly reconciliation (02:00 local) is queued once here and
  // then re-schedules itself.
  const calendarHandlers = graph
    ? {
        ...createCalendarJobHandlers({
          store,
          graph,
          directory,
          inventory,
          policy,
          logger,
          now: () => clock.now(),
          defaultLocale: config.defaultLocale,
          deploymentId: config.graphDeploymentId,
          onJobsQueued: () => wake.worker?.notify(),
        }),
        ...createStatusMessageHandler({ store, graph, directory, policy, now: () => clock.now() }),
      }
    : {};
  if (graph) await store.transact((tx) => scheduleCalendarReconcile(tx, clock.now(), policy.organisation.timeZone));
  // Data protection: the nightly retention run (03:00 local, src/privacy/retention-job.ts).
  const audit = isMaintainable(store) ? openAuditLog(config) : undefined;
  const retention = audit && isMaintainable(store) ? new RetentionScheduler({ store, audit, policy, logger, now: () => clock.now() }) : undefined;
  const worker = new OutboxWorker(
    store,
    {
      ...createJobHandlers({ store, useCases, presenter, sender, logger, reminderAfterHours, now: () => clock.now() }),
      ...createDeskJobHandlers({ store, useCases, desks, sender, policy, now: () => clock.now() }),
      ...calendarHandlers,
      ...absences?.handlers,
      ...createVpnJobHandlers({
        store,
        useCases,
        sender,
        logger,
        directory,
        vpn,
        vpnPresenter,
        deskLocale: config.defaultLocale,
        ...(config.serviceDesk.conversationId ? { deskConversationId: config.serviceDesk.conversationId } : {}),
      }),
      ...(itsm
        ? createItsmJobHandlers({
            store,
            adapter: itsm.adapter,
            system: itsm.system,
            directory,
            logger,
            now: () => clock.now(),
            pollMinutes: config.itsmPollMinutes,
            pollsState: itsm.pollsState,
            onExternalState: (ticketId, state) => useCases.vpnTickets.applyExternalState(ticketId, state),
          })
        : {}),
    },
    logger,
    // Lanes: Teams messages never wait behind Graph or ITSM calls (src/outbox/lanes.ts).
    { pollMs: config.outboxPollMs, now: () => clock.now(), lanes: productLanes(), blockedProbeMs: config.outboxBlockedProbeMs },
  );

  // Extra routes: POST /api/graph/notifications (Graph change notifications), with Graph only;
  // POST /api/itsm/events (state changes pushed by the tool), with ITSM=webhook only.
  const itsmConfig = config.itsm;
  const extraRoutes: Array<(s: Parameters<typeof registerItsmEventsEndpoint>[0]) => void> = [];
  if (absences) extraRoutes.push((s) => absences.registerRoutes(s));
  if (itsmConfig.kind === 'webhook') {
    extraRoutes.push((s) =>
      registerItsmEventsEndpoint(s, {
        secret: itsmConfig.secret,
        tickets: useCases.vpnTickets,
        logger,
        now: () => clock.now(),
      }),
    );
  }
  const server = createHttpServer({
    adapter: new BotActivityProcessor(adapter),
    bot,
    ...(config.microsoftAppId ? { auth: { appId: config.microsoftAppId, issuers: [CHANNEL_TOKEN_ISSUER] } } : {}),
    admission: { maxConcurrent: config.maxConcurrentTurns, maxQueued: config.maxQueuedTurns },
    rate: { burst: config.rateLimitBurst, perSecond: config.rateLimitPerSecond },
    // Ready = the store answers; the details name what stops work (ids and counts only).
    readiness: async () => {
      await store.ping();
      const blocked = worker.laneStatus().filter((l) => l.blocked).map((l) => ({ lane: l.name, ...l.blocked }));
      return { ...(graph ? { graph: graphHealth.details() } : {}), ...(blocked.length > 0 ? { blockedLanes: blocked } : {}) };
    },
    logger,
    ...(extraRoutes.length > 0 ? { onExtraRoutes: (s: Parameters<typeof registerItsmEventsEndpoint>[0]) => extraRoutes.forEach((register) => register(s)) } : {}),
  });
  const { port, host } = await server.listen(config.port, config.host);
  if (!overrides.manualWorker) worker.start();
  // Administrators' requests (`npm run outbox -- reconcile`) reach a running lowdb bot as files.
  const inbox = config.store === 'lowdb' && graph ? watchAdminRequests({ dataDir: config.dataDir, store, logger, onQueued: () => worker.notify() }) : undefined;
  if (!overrides.manualWorker) retention?.start();
  // Calendar subscriptions (hourly renewal) or the 15-min delta chains; idempotent across restarts.
  await absences?.start();
  logger.info('started', {
    port,
    host,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/api/messages`,
    ...(config.localMode && config.host === '127.0.0.1' ? { note: 'Local mode listens on 127.0.0.1 only (set HOST to change it).' } : {}),
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
    settled: () => server.settled(),
    stop: () => {
      stopping ??= (async () => {
        logger.info('stopping', {});
        await server.close(config.shutdownGraceMs);
        await inbox?.stop();
        await worker.stop();
        await retention?.stop();
        await store.close();
        await audit?.close();
        logger.info('stopped', {});
      })();
      return stopping;
    },
  };
}

/**
 * Every org unit named in the policy's `orgUnitOverrides` must exist in the directory; otherwise a
 * `ConfigFileError` for the policy file (with the line, read again from the file). Runs when the
 * directory can list its org units (the file directory); a directory that cannot is not checked.
 */
async function checkPolicyFileAgainstDirectory(policy: Policy, directory: Directory, policyFile: string): Promise<void> {
  if (!listsOrgUnits(directory)) return;
  const known = directory.allOrgUnits().map((u) => u.id);
  if (checkPolicyAgainstDirectory(policy, known).length === 0) return;
  const source = parseStructuredText(await readConfigText(policyFile), policyFile);
  throw new ConfigFileError(policyFile, checkPolicyAgainstDirectory(policy, known, source.locate));
}

function listsOrgUnits(directory: Directory): directory is Directory & { allOrgUnits(): OrgUnit[] } {
  return typeof (directory as { allOrgUnits?: unknown }).allOrgUnits === 'function';
}

async function openStore(config: AppConfig, now: () => Date): Promise<Store> {
  if (config.store === 'postgres') {
    if (!config.databaseUrl) throw new Error('DATABASE_URL is required for STORE=postgres');
    return openPostgresStore({ connectionString: config.databaseUrl, now });
  }
  return openLowdbStore({ dataDir: config.dataDir, now });
}
