/**
 * The application configuration, from environment variables only, validated once at start.
 * Every wrong variable is reported (not only the first) as `NAME: reason`; secret values are
 * never repeated in a message. Empty strings count as unset. See `.env.example`.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { isIsoDate } from '../domain/dates.js';
import type { Locale } from '../domain/model.js';
import type { LogLevel } from '../observability/logger.js';
import { ConfigError, type EnvProblem } from './config-error.js';
import { problemMessage } from './zod-problems.js';

export { ConfigError, isConfigError, type EnvProblem } from './config-error.js';

export type MicrosoftAppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
export type StoreKind = 'lowdb' | 'postgres';
export type ItsmKind = 'none' | 'zammad' | 'webhook';

/** The ITSM tool VPN tickets are handed over to (see src/itsm/create-itsm-adapter.ts). */
export type ItsmConfig =
  | { kind: 'none' }
  | {
      kind: 'zammad';
      /** Zammad's address without `/api/v1`, no trailing slash. */
      url: string;
      token: string;
      /** Zammad group (by name) the tickets go to. */
      group: string;
      /** Customer (e-mail of an existing Zammad user) when the reporter has no e-mail. */
      customer?: string;
    }
  | {
      kind: 'webhook';
      url: string;
      /** HMAC secret, at least 16 characters. */
      secret: string;
      /** State endpoint with `{ref}`; absent = the bot cannot read the state (no polling). */
      stateUrl?: string;
    };

export interface ServiceDeskConfig {
  /** Teams channel conversation of the service desk (ticket cards, escalations). */
  conversationId?: string;
  /** Entra object ids (lower-case GUIDs) of service-desk members, listed by hand. */
  memberIds: string[];
  /** Entra group (lower-case GUID) whose transitive members are desk members; needs `graph`. */
  groupId?: string;
}

export interface AppConfig {
  /** No `MicrosoftAppId`: no JWT check, replies in the HTTP response (Emulator/Playground). */
  localMode: boolean;
  microsoftAppId?: string;
  microsoftAppPassword?: string;
  microsoftAppType: MicrosoftAppType;
  microsoftAppTenantId?: string;
  /** Tenants whose requests are accepted (when not in local mode); lower-case GUIDs. */
  allowedTenants: string[];
  port: number;
  /**
   * Interface to listen on: HOST, else 127.0.0.1 in local mode (no authentication: never reachable
   * from the network unless HOST says so), else every interface.
   */
  host: string | undefined;
  /** FOR TESTS ONLY: OpenID metadata of the keys that sign incoming tokens (BOT_OPENID_METADATA_URL). */
  botOpenIdMetadataUrl?: string;
  /** Bounded work at the door: activities in work at once and waiting (MAX_CONCURRENT_TURNS, MAX_QUEUED_TURNS). */
  maxConcurrentTurns: number;
  maxQueuedTurns: number;
  /** Per-person turn rate: a burst, then a steady rate per second (RATE_LIMIT_BURST, RATE_LIMIT_PER_SECOND). */
  rateLimitBurst: number;
  rateLimitPerSecond: number;
  dataDir: string;
  store: StoreKind;
  databaseUrl?: string;
  policyFile: string;
  directoryFile: string;
  /** Desk inventory (YAML, JSON or CSV); default samples/desks.yaml. */
  desksFile?: string;
  /** Individual agreements (bands, own limits) checked against the policy; absent = none. */
  agreementsFile?: string;
  /** FIXED_NOW: the clock starts at this instant and runs on (rehearsals, tests; never in production). */
  fixedNow?: Date;
  graphBaseUrl: string;
  /** App-only Microsoft Graph credentials; absent = no Graph (calendar sync off, file directory). */
  graph?: { tenantId: string; clientId: string; clientSecret: string; authorityHost: string };
  /** Marks our calendar events (transactionId prefix); another deployment's events are never touched. */
  graphDeploymentId: string;
  /**
   * Public HTTPS URL of `POST /api/graph/notifications` (change notifications of the calendars);
   * absent = the delta fallback (every 15 min per person). Needs `graph`.
   */
  graphNotificationUrl?: string;
  /** Availability words (Teams presence) in the team-day view; needs `graph` (Presence.Read.All). */
  graphPresence: boolean;
  /** Status message on approved mobile-work days; needs `graph` (Presence.ReadWrite.All). */
  graphStatusMessage: boolean;
  /** Staff directory from Graph over the file (names, mail, department, manager); needs `graph` (User.Read.All). */
  graphDirectory: boolean;
  /** Graph department name → org unit id, for the Graph directory. */
  graphDepartmentMap: Record<string, string>;
  /** Same as `serviceDesk.conversationId` (kept for existing callers). */
  serviceDeskConversationId?: string;
  /** Who the service desk is: static ids ∪ the Entra group's transitive members. */
  serviceDesk: ServiceDeskConfig;
  itsm: ItsmConfig;
  /** Minutes between two reads of an open ITSM ticket's state (1–1440). */
  itsmPollMinutes: number;
  /** VPN knowledge base (YAML/JSON); default samples/vpn-knowledge-base.yaml. */
  vpnKnowledgeBaseFile: string;
  logLevel: LogLevel;
  defaultLocale: Locale;
  outboxPollMs: number;
  /** First pause of an outbox lane stopped by a configuration error (doubles up to 15 min). */
  outboxBlockedProbeMs: number;
  /** Proactive writes (sends + updates) per second of this process: the app's share of Teams' per-app rate (1–1000). */
  proactiveRatePerSecond: number;
  /** Time-out of one Bot Connector request in ms (0: none). */
  proactiveTimeoutMs: number;
  reminderCheckMs: number;
  shutdownGraceMs: number;
}

export const DEFAULTS = {
  PORT: 3978,
  LOCAL_HOST: '127.0.0.1',
  MAX_CONCURRENT_TURNS: 64,
  MAX_QUEUED_TURNS: 256,
  RATE_LIMIT_BURST: 20,
  RATE_LIMIT_PER_SECOND: 5,
  DATA_DIR: './data',
  STORE: 'lowdb',
  POLICY_FILE: 'policies/kitzingen-like.yaml',
  DIRECTORY_FILE: 'samples/directory.yaml',
  DESKS_FILE: 'samples/desks.yaml',
  GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0',
  ITSM: 'none',
  ZAMMAD_GROUP: 'Service Desk',
  ITSM_POLL_MINUTES: 10,
  VPN_KNOWLEDGE_BASE_FILE: 'samples/vpn-knowledge-base.yaml',
  LOG_LEVEL: 'info',
  DEFAULT_LOCALE: 'de',
  OUTBOX_POLL_MS: 1000,
  OUTBOX_BLOCKED_PROBE_MS: 60_000,
  PROACTIVE_RATE_PER_SECOND: 30,
  PROACTIVE_TIMEOUT_MS: 30_000,
  REMINDER_CHECK_MS: 60_000,
  SHUTDOWN_GRACE_MS: 10_000,
} as const;

// ---------------------------------------------------------------- one schema per variable

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guidAsIs = z
  .string()
  .regex(GUID, { error: (iss) => `must be a GUID like 72f988bf-86f1-41af-91ab-2d7cd011db47 (got ${JSON.stringify(iss.input)})` });
const guid = guidAsIs.transform((s) => s.toLowerCase());
const tenant = z
  .string()
  .refine((s) => GUID.test(s) || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(s), {
    error: (iss) => `must be a tenant GUID or domain like contoso.onmicrosoft.com (got ${JSON.stringify(iss.input)})`,
  });
const text = z.string();
const secret = z.string(); // never echoed
const whole = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: (iss) => `must be a whole number (got ${JSON.stringify(iss.input)})` })
    .transform(Number)
    .pipe(z.number().min(min).max(max));
const httpUrl = z.string().refine(
  (s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol),
  { error: (iss) => `must be an http(s) URL (got ${JSON.stringify(iss.input)})` },
);
const postgresUrl = z.string().refine(
  (s) => URL.canParse(s) && /^postgres(ql)?:$/.test(new URL(s).protocol),
  { error: 'must be a postgres:// or postgresql:// URL (value not shown: it may hold a password)' },
);
const flag = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no'], { error: (iss) => `must be true or false (got ${JSON.stringify(iss.input)})` }))
  .transform((s) => s === 'true' || s === '1' || s === 'yes');
/** Graph calls only https:// notification URLs; plain http is accepted for localhost (tests, a local fake Graph). */
const httpsUrl = z
  .string()
  .refine((s) => URL.canParse(s) && (new URL(s).protocol === 'https:' || (new URL(s).protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(new URL(s).hostname))), {
    error: (iss) => `must be an https:// URL that Microsoft Graph can reach (got ${JSON.stringify(iss.input)})`,
  });
 /**
 * Graph hosts the Graph SDK sends the app's token to (its own list), with the Entra authority of
 * their cloud. Any other host would get no token (every call 401): refused at start. Loopback
 * (localhost, 127.0.0.1) is allowed for local test servers: over http without a token, over
 * https with one.
 */
export const GRAPH_CLOUDS: Readonly<Record<string, string>> = {
  'graph.microsoft.com': 'https://login.microsoftonline.com',
  'canary.graph.microsoft.com': 'https://login.microsoftonline.com',
  'graph.microsoft.us': 'https://login.microsoftonline.us',
  'dod-graph.microsoft.us': 'https://login.microsoftonline.us',
  'microsoftgraph.chinacloudapi.cn': 'https://login.chinacloudapi.cn',
};
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
const graphBaseUrl = z
  .string()
  .transform((s) => s.replace(/\/+$/, ''))
  .refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), { error: (iss) => `must be an http(s) URL (got ${JSON.stringify(iss.input)})` })
  .refine(
    (s) => {
      if (!URL.canParse(s)) return true; // reported once, by the check above
      const url = new URL(s);
      return LOOPBACK.includes(url.hostname) || (url.protocol === 'https:' && Object.hasOwn(GRAPH_CLOUDS, url.hostname));
    },
    {
      error: (iss) =>
        `must be https:// on a Microsoft Graph host the client sends its token to (${Object.keys(GRAPH_CLOUDS).join(', ')}), e.g. https://graph.microsoft.us/v1.0 (got ${JSON.stringify(iss.input)})`,
    },
  );
const authorityHost = z
  .string()
  .transform((s) => s.replace(/\/+$/, ''))
  .refine((s) => URL.canParse(s) && (new URL(s).protocol === 'https:') && new URL(s).pathname === '/', {
    error: (iss) => `must be the https:// address of the Entra ID sign-in host, e.g. https://login.microsoftonline.us (got ${JSON.stringify(iss.input)})`,
  });
const deploymentId = z
  .string()
  .regex(/^[a-z0-9]{1,16}$/, { error: (iss) => `must be 1 to 16 lower-case letters or digits, e.g. prod or staging (got ${JSON.stringify(iss.input)})` });

/** "Bauaufsicht=sg-21, Bürgerbüro=buergerbuero" → { Bauaufsicht: 'sg-21', Bürgerbüro: 'buergerbuero' }. */
const departmentMap = z.string().transform((s, ctx) => {
  const out: Record<string, string> = {};
  s.split(/[,;\n]/).map((e) => e.trim()).filter((e) => e !== '').forEach((entry, i) => {
    const at = entry.lastIndexOf('=');
    const name = entry.slice(0, at).trim();
    const id = entry.slice(at + 1).trim();
    if (at <= 0 || name === '' || id === '') ctx.addIssue({ code: 'custom', message: `entry ${i + 1} is not "Department=orgUnitId" (got ${JSON.stringify(entry)})` });
    else out[name] = id;
  });
  return out;
});
/** A simple e-mail shape (the ITSM tool decides whether the user exists). */
const email = z
  .string()
  .regex(/^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/, { error: (iss) => `must be an e-mail address like servicedesk@kreis-beispiel.de (got ${JSON.stringify(iss.input)})` });
/** The state endpoint of the webhook: an http(s) URL with the placeholder `{ref}`. */
const stateUrl = httpUrl.refine((s) => s.includes('{ref}'), {
  error: (iss) => `must contain {ref} where the ticket reference goes, e.g. https://itsm.example.de/tickets/{ref} (got ${JSON.stringify(iss.input)})`,
});
/** "id1, id2" → lower-case Entra object ids, without duplicates. */
const objectIdList = z.string().transform((s, ctx) => {
  const entries = s.split(/[,;\s]+/).map((e) => e.trim()).filter((e) => e !== '');
  entries.forEach((e, i) => {
    if (!GUID.test(e)) ctx.addIssue({ code: 'custom', message: `entry ${i + 1} is not an Entra object id (GUID) (got ${JSON.stringify(e)})` });
  });
  return [...new Set(entries.map((e) => e.toLowerCase()))];
});
const tenantList = z.string().transform((s, ctx) => {
  const entries = s.split(',').map((e) => e.trim()).filter((e) => e !== '');
  entries.forEach((e, i) => {
    if (!GUID.test(e)) ctx.addIssue({ code: 'custom', message: `entry ${i + 1} is not a tenant GUID (got ${JSON.stringify(e)})` });
  });
  return entries.map((e) => e.toLowerCase());
});

/** FIXED_NOW: an ISO date-time with offset (or Z), or a bare date (midnight UTC). */
const fixedNow = z.string().transform((s, ctx) => {
  const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(s);
  const date = new Date(s);
  if (!ok || Number.isNaN(date.getTime()) || !isIsoDate(s.slice(0, 10))) {
    ctx.addIssue({ code: 'custom', message: `must be a date-time like 2026-12-07T09:00:00+01:00 (got ${JSON.stringify(s)})` });
    return z.NEVER;
  }
  return date;
});

const envSchema = z.object({
  MicrosoftAppId: guidAsIs.optional(), // kept as typed: botbuilder compares it with the token audience
  MicrosoftAppPassword: secret.optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  MicrosoftAppTenantId: guid.optional(),
  PORT: whole(0, 65535).default(DEFAULTS.PORT),
  HOST: z
    .string()
    .refine((s) => isIP(s) !== 0 || /^[a-z0-9.-]+$/i.test(s), { error: (iss) => `must be an IP address or host name like 0.0.0.0 or 127.0.0.1 (got ${JSON.stringify(iss.input)})` })
    .optional(),
  BOT_OPENID_METADATA_URL: httpUrl.optional(),
  MAX_CONCURRENT_TURNS: whole(1, 10_000).default(DEFAULTS.MAX_CONCURRENT_TURNS),
  MAX_QUEUED_TURNS: whole(0, 100_000).default(DEFAULTS.MAX_QUEUED_TURNS),
  RATE_LIMIT_BURST: whole(1, 100_000).default(DEFAULTS.RATE_LIMIT_BURST),
  RATE_LIMIT_PER_SECOND: whole(1, 100_000).default(DEFAULTS.RATE_LIMIT_PER_SECOND),
  DATA_DIR: text.default(DEFAULTS.DATA_DIR),
  STORE: z.enum(['lowdb', 'postgres']).default(DEFAULTS.STORE),
  DATABASE_URL: postgresUrl.optional(),
  POLICY_FILE: text.default(DEFAULTS.POLICY_FILE),
  DIRECTORY_FILE: text.default(DEFAULTS.DIRECTORY_FILE),
  DESKS_FILE: text.default(DEFAULTS.DESKS_FILE),
  AGREEMENTS_FILE: text.optional(),
  FIXED_NOW: fixedNow.optional(),
  GRAPH_BASE_URL: graphBaseUrl.default(DEFAULTS.GRAPH_BASE_URL),
  GRAPH_AUTHORITY_HOST: authorityHost.optional(),
  GRAPH_DEPLOYMENT_ID: deploymentId.optional(),
  GRAPH_TENANT_ID: tenant.optional(),
  GRAPH_CLIENT_ID: guid.optional(),
  GRAPH_CLIENT_SECRET: secret.optional(),
  GRAPH_NOTIFICATION_URL: httpsUrl.optional(),
  GRAPH_PRESENCE: flag.default(false),
  GRAPH_STATUS_MESSAGE: flag.default(false),
  GRAPH_DIRECTORY: flag.default(false),
  GRAPH_DEPARTMENT_MAP: departmentMap.default({}),
  SERVICE_DESK_CONVERSATION_ID: text.optional(),
  SERVICE_DESK_MEMBERS: objectIdList.default([]),
  SERVICE_DESK_GROUP_ID: guid.optional(),
  VPN_KNOWLEDGE_BASE_FILE: text.default(DEFAULTS.VPN_KNOWLEDGE_BASE_FILE),
  ITSM: z.enum(['none', 'zammad', 'webhook']).default(DEFAULTS.ITSM),
  ZAMMAD_URL: httpUrl.transform((s) => s.replace(/\/+$/, '')).optional(),
  ZAMMAD_TOKEN: secret.optional(),
  ZAMMAD_GROUP: text.default(DEFAULTS.ZAMMAD_GROUP),
  ZAMMAD_CUSTOMER: email.optional(),
  ITSM_WEBHOOK_URL: httpUrl.optional(),
  ITSM_WEBHOOK_SECRET: secret.min(16).optional(),
  ITSM_WEBHOOK_STATE_URL: stateUrl.optional(),
  ITSM_POLL_MINUTES: whole(1, 1440).default(DEFAULTS.ITSM_POLL_MINUTES),
  ALLOWED_TENANTS: tenantList.default([]),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default(DEFAULTS.LOG_LEVEL),
  DEFAULT_LOCALE: z.enum(['de', 'en']).default(DEFAULTS.DEFAULT_LOCALE),
  OUTBOX_POLL_MS: whole(10, 3_600_000).default(DEFAULTS.OUTBOX_POLL_MS),
  OUTBOX_BLOCKED_PROBE_MS: whole(100, 3_600_000).default(DEFAULTS.OUTBOX_BLOCKED_PROBE_MS),
  PROACTIVE_RATE_PER_SECOND: whole(1, 1000).default(DEFAULTS.PROACTIVE_RATE_PER_SECOND),
  PROACTIVE_TIMEOUT_MS: whole(0, 600_000).default(DEFAULTS.PROACTIVE_TIMEOUT_MS),
  REMINDER_CHECK_MS: whole(1000, 86_400_000).default(DEFAULTS.REMINDER_CHECK_MS),
  SHUTDOWN_GRACE_MS: whole(0, 600_000).default(DEFAULTS.SHUTDOWN_GRACE_MS),
});

export type VariableName = keyof z.input<typeof envSchema>;

const ZAMMAD_REQUIRED = ['ZAMMAD_URL', 'ZAMMAD_TOKEN'] as const satisfies readonly VariableName[];
const ZAMMAD_VARIABLES = [...ZAMMAD_REQUIRED, 'ZAMMAD_GROUP', 'ZAMMAD_CUSTOMER'] as const satisfies readonly VariableName[];
const WEBHOOK_REQUIRED = ['ITSM_WEBHOOK_URL', 'ITSM_WEBHOOK_SECRET'] as const satisfies readonly VariableName[];
const WEBHOOK_VARIABLES = [...WEBHOOK_REQUIRED, 'ITSM_WEBHOOK_STATE_URL'] as const satisfies readonly VariableName[];
/** Every variable the application reads (the same list as `.env.example`). */
export const VARIABLE_NAMES = Object.keys(envSchema.shape) as VariableName[];

// ---------------------------------------------------------------- loading

/** Reads and validates the environment once. Throws `ConfigError` listing every wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Only our variables, trimmed; empty strings count as unset.
  const present: Partial<Record<VariableName, string>> = {};
  for (const name of VARIABLE_NAMES) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== '') present[name] = value;
  }
  const isSet = (name: VariableName) => present[name] !== undefined;

  const result = envSchema.safeParse(present, { error: problemMessage });
  const problems: EnvProblem[] = result.success
    ? []
    : result.error.issues.map((issue) => ({ name: String(issue.path[0] ?? 'environment'), reason: issue.message }));
  const need = (name: VariableName, reason: string) => {
    if (!isSet(name)) problems.push({ name, reason: `required ${reason}` });
  };

  // Bot Framework identity
  const appType = result.data?.MicrosoftAppType ?? 'SingleTenant';
  if (isSet('MicrosoftAppId')) {
    if (appType !== 'MultiTenant') need('MicrosoftAppTenantId', `when MicrosoftAppId is set and MicrosoftAppType is ${appType}`);
    if (appType !== 'UserAssignedMSI') need('MicrosoftAppPassword', `when MicrosoftAppId is set and MicrosoftAppType is ${appType}`);
    if (!isSet('ALLOWED_TENANTS') && !isSet('MicrosoftAppTenantId')) {
      need('ALLOWED_TENANTS', 'when MicrosoftAppId is set and MicrosoftAppTenantId is empty: list the tenant GUIDs allowed to use the bot');
    }
  } else if (isSet('MicrosoftAppPassword')) {
    // A forgotten app id would silently switch off authentication (local mode).
    problems.push({ name: 'MicrosoftAppId', reason: 'required because MicrosoftAppPassword is set (without it the bot runs in local mode, with no authentication)' });
  }

  if (isSet('BOT_OPENID_METADATA_URL') && !isSet('MicrosoftAppId')) {
    problems.push({ name: 'BOT_OPENID_METADATA_URL', reason: 'is for tests of token checking only and needs MicrosoftAppId (local mode checks no tokens)' });
  }

  if (present.STORE === 'postgres') need('DATABASE_URL', 'when STORE is postgres');
  // Without a user in the URL the driver takes PGUSER, then USER: in a container neither is set and
  // the connection fails later with a message that does not name DATABASE_URL.
  if (present.STORE === 'postgres' && result.data?.DATABASE_URL !== undefined) {
    const url = new URL(result.data.DATABASE_URL);
    if (url.username === '' && !url.searchParams.has('user') && !env['PGUSER'] && !env['USER']) {
      problems.push({
        name: 'DATABASE_URL',
        reason: 'names no user: write postgres://USER:PASSWORD@HOST:5432/DATABASE (value not shown: it may hold a password; PGUSER and USER are not set either)',
      });
    }
  }

  // A fixed clock is for rehearsals and tests only: never with a real bot identity or in production.
  if (isSet('FIXED_NOW') && isSet('MicrosoftAppId')) {
    problems.push({ name: 'FIXED_NOW', reason: 'is for rehearsals and tests only and is refused when MicrosoftAppId is set' });
  } else if (isSet('FIXED_NOW') && env['NODE_ENV']?.trim() === 'production') {
    problems.push({ name: 'FIXED_NOW', reason: 'is for rehearsals and tests only and is refused when NODE_ENV is production' });
  }

  // Microsoft Graph: all three or none
  const graphNames = ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET'] as const;
  const graphSet = graphNames.filter(isSet);
  if (graphSet.length > 0 && graphSet.length < graphNames.length) {
    for (const n of graphNames) need(n, `because ${graphSet.join(' and ')} ${graphSet.length === 1 ? 'is' : 'are'} set (set all three or none)`);
  }

  // The Graph features need the Graph credentials.
  if (graphSet.length === 0) {
    for (const n of ['GRAPH_NOTIFICATION_URL', 'GRAPH_DEPARTMENT_MAP'] as const) {
      if (isSet(n)) problems.push({ name: n, reason: 'needs GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET' });
    }
    if (isSet('SERVICE_DESK_GROUP_ID')) {
      problems.push({
        name: 'SERVICE_DESK_GROUP_ID',
        reason: "needs GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (the group's members are read from Microsoft Graph; without them list the members in SERVICE_DESK_MEMBERS)",
      });
    }
    for (const n of ['GRAPH_PRESENCE', 'GRAPH_STATUS_MESSAGE', 'GRAPH_DIRECTORY'] as const) {
      if (result.data?.[n] === true) problems.push({ name: n, reason: 'needs GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET' });
    }
  }

  // ITSM hand-over: the chosen tool's variables are required; another tool's are ignored.
  const itsmKind = present.ITSM ?? DEFAULTS.ITSM;
  if (itsmKind === 'zammad') for (const n of ZAMMAD_REQUIRED) need(n, 'when ITSM is zammad');
  if (itsmKind === 'webhook') for (const n of WEBHOOK_REQUIRED) need(n, 'when ITSM is webhook');
  if (!isSet('ITSM')) {
    // A forgotten ITSM would silently keep every ticket in Teams only.
    for (const [kind, names] of [['zammad', ZAMMAD_VARIABLES], ['webhook', WEBHOOK_VARIABLES]] as const) {
      for (const n of names) {
        if (isSet(n)) problems.push({ name: n, reason: `is set but ITSM is not: set ITSM=${kind} to hand tickets over (or leave ${n} empty)` });
      }
    }
  }

  // National clouds: the token must come from that cloud's Entra ID.
  const graphHost = result.data?.GRAPH_BASE_URL !== undefined ? new URL(result.data.GRAPH_BASE_URL).hostname : undefined;
  const cloudAuthority = graphHost !== undefined ? GRAPH_CLOUDS[graphHost] : undefined;
  const authority = result.data?.GRAPH_AUTHORITY_HOST;
  if (cloudAuthority !== undefined && graphSet.length > 0) {
    if (authority === undefined && cloudAuthority !== 'https://login.microsoftonline.com') {
      problems.push({ name: 'GRAPH_AUTHORITY_HOST', reason: `required for ${graphHost} (national cloud): set GRAPH_AUTHORITY_HOST=${cloudAuthority}` });
    } else if (authority !== undefined && authority !== cloudAuthority) {
      problems.push({ name: 'GRAPH_AUTHORITY_HOST', reason: `${authority} does not issue tokens for ${graphHost}: use ${cloudAuthority}` });
    }
  }

  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  const v = result.data;
  const allowedTenants =
    v.ALLOWED_TENANTS.length > 0 || v.MicrosoftAppId === undefined || v.MicrosoftAppTenantId === undefined
      ? v.ALLOWED_TENANTS
      : [v.MicrosoftAppTenantId];
  const itsm = itsmOf(v);
  const graph =
    v.GRAPH_TENANT_ID && v.GRAPH_CLIENT_ID && v.GRAPH_CLIENT_SECRET
      ? {
          tenantId: v.GRAPH_TENANT_ID,
          clientId: v.GRAPH_CLIENT_ID,
          clientSecret: v.GRAPH_CLIENT_SECRET,
          authorityHost: v.GRAPH_AUTHORITY_HOST ?? 'https://login.microsoftonline.com',
        }
      : undefined;
  // Staging and production on the same mailboxes must not take each other's events for orphans.
  const graphDeploymentId = v.GRAPH_DEPLOYMENT_ID ?? defaultDeploymentId(v.MicrosoftAppId ?? v.GRAPH_CLIENT_ID);

  return {
    localMode: v.MicrosoftAppId === undefined,
    ...(v.MicrosoftAppId !== undefined ? { microsoftAppId: v.MicrosoftAppId } : {}),
    ...(v.MicrosoftAppPassword !== undefined ? { microsoftAppPassword: v.MicrosoftAppPassword } : {}),
    microsoftAppType: appType,
    ...(v.MicrosoftAppTenantId !== undefined ? { microsoftAppTenantId: v.MicrosoftAppTenantId } : {}),
    allowedTenants,
    port: v.PORT,
    host: v.HOST ?? (v.MicrosoftAppId === undefined ? DEFAULTS.LOCAL_HOST : undefined),
    ...(v.BOT_OPENID_METADATA_URL !== undefined ? { botOpenIdMetadataUrl: v.BOT_OPENID_METADATA_URL } : {}),
    maxConcurrentTurns: v.MAX_CONCURRENT_TURNS,
    maxQueuedTurns: v.MAX_QUEUED_TURNS,
    rateLimitBurst: v.RATE_LIMIT_BURST,
    rateLimitPerSecond: v.RATE_LIMIT_PER_SECOND,
    dataDir: v.DATA_DIR,
    store: v.STORE,
    ...(v.STORE === 'postgres' && v.DATABASE_URL !== undefined ? { databaseUrl: v.DATABASE_URL } : {}),
    policyFile: v.POLICY_FILE,
    directoryFile: v.DIRECTORY_FILE,
    desksFile: v.DESKS_FILE,
    ...(v.AGREEMENTS_FILE !== undefined ? { agreementsFile: v.AGREEMENTS_FILE } : {}),
    ...(v.FIXED_NOW !== undefined ? { fixedNow: v.FIXED_NOW } : {}),
    graphBaseUrl: v.GRAPH_BASE_URL,
    graphDeploymentId,
    ...(graph ? { graph } : {}),
    ...(v.GRAPH_NOTIFICATION_URL !== undefined ? { graphNotificationUrl: v.GRAPH_NOTIFICATION_URL } : {}),
    graphPresence: v.GRAPH_PRESENCE,
    graphStatusMessage: v.GRAPH_STATUS_MESSAGE,
    graphDirectory: v.GRAPH_DIRECTORY,
    graphDepartmentMap: v.GRAPH_DEPARTMENT_MAP,
    ...(v.SERVICE_DESK_CONVERSATION_ID !== undefined ? { serviceDeskConversationId: v.SERVICE_DESK_CONVERSATION_ID } : {}),
    serviceDesk: {
      ...(v.SERVICE_DESK_CONVERSATION_ID !== undefined ? { conversationId: v.SERVICE_DESK_CONVERSATION_ID } : {}),
      memberIds: v.SERVICE_DESK_MEMBERS,
      ...(v.SERVICE_DESK_GROUP_ID !== undefined ? { groupId: v.SERVICE_DESK_GROUP_ID } : {}),
    },
    itsm,
    itsmPollMinutes: v.ITSM_POLL_MINUTES,
    vpnKnowledgeBaseFile: v.VPN_KNOWLEDGE_BASE_FILE,
    logLevel: v.LOG_LEVEL,
    defaultLocale: v.DEFAULT_LOCALE,
    outboxPollMs: v.OUTBOX_POLL_MS,
    outboxBlockedProbeMs: v.OUTBOX_BLOCKED_PROBE_MS,
    proactiveRatePerSecond: v.PROACTIVE_RATE_PER_SECOND,
    proactiveTimeoutMs: v.PROACTIVE_TIMEOUT_MS,
    reminderCheckMs: v.REMINDER_CHECK_MS,
    shutdownGraceMs: v.SHUTDOWN_GRACE_MS,
  };
}

/** The validated variables → the ITSM shape (the cross-checks guarantee the required ones). */
function itsmOf(v: z.output<typeof envSchema>): ItsmConfig {
  if (v.ITSM === 'zammad' && v.ZAMMAD_URL !== undefined && v.ZAMMAD_TOKEN !== undefined) {
    return {
      kind: 'zammad',
      url: v.ZAMMAD_URL,
      token: v.ZAMMAD_TOKEN,
      group: v.ZAMMAD_GROUP,
      ...(v.ZAMMAD_CUSTOMER !== undefined ? { customer: v.ZAMMAD_CUSTOMER } : {}),
    };
  }
  if (v.ITSM === 'webhook' && v.ITSM_WEBHOOK_URL !== undefined && v.ITSM_WEBHOOK_SECRET !== undefined) {
    return {
      kind: 'webhook',
      url: v.ITSM_WEBHOOK_URL,
      secret: v.ITSM_WEBHOOK_SECRET,
      ...(v.ITSM_WEBHOOK_STATE_URL !== undefined ? { stateUrl: v.ITSM_WEBHOOK_STATE_URL } : {}),
    };
  }
  return { kind: 'none' };
}

/** The settings in the names botbuilder's `ConfigurationBotFrameworkAuthentication` reads. */
export function botFrameworkSettings(config: AppConfig): Record<string, string | undefined> {
  return {
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppType: config.microsoftAppType,
    MicrosoftAppTenantId: config.microsoftAppTenantId,
  };
}

/** A stable short id of the deployment from its bot (or Graph) app id; "local" without either. */
export function defaultDeploymentId(appId: string | undefined): string {
  if (!appId) return 'local';
  let h = 0x811c9dc5;
  for (const ch of appId.toLowerCase()) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(36);
}
