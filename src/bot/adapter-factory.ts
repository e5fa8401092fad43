/**
 * Builds the botbuilder CloudAdapter from our configuration.
 *
 * With no app id the bot runs in local mode: ConfigurationBotFrameworkAuthentication sees no
 * MicrosoftAppId, disables the JWT check (like the Bot Framework Emulator) and uses empty
 * credentials for outbound calls, so any serviceUrl (a local fake connector, the Agents
 * Playground) is called without a token.
 */
import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
  CallerIdConstants,
} from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import { errorFields, type Logger } from '../observability/logger.js';

export type AppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export interface AdapterConfig {
  appId?: string;
  appPassword?: string;
  appType: AppType;
  tenantId?: string;
  /**
   * FOR TESTS ONLY (BOT_OPENID_METADATA_URL): where the keys that sign incoming tokens are
   * published. Production uses botbuilder's default, Microsoft's Bot Framework metadata.
   */
  openIdMetadataUrl?: string;
}

/** The issuer of the tokens the Bot Connector (Teams) sends to a bot. */
export const CHANNEL_TOKEN_ISSUER = AuthenticationConstants.ToBotFromChannelTokenIssuer;

/** True when no app id is configured: no JWT check, no outbound credentials. */
export function isLocalMode(cfg: Pick<AdapterConfig, 'appId'>): boolean {
  return !cfg.appId || cfg.appId.trim() === '';
}

const FRIENDLY = {
  de: 'Da ist etwas schiefgegangen. Bitte versuchen Sie es gleich noch einmal.',
  en: 'Something went wrong. Please try again in a moment.',
} as const;

/** The user-facing error text for a locale ("de-DE" → German, everything else English). */
export function friendlyErrorText(locale: string | undefined): string {
  return locale?.toLowerCase().startsWith('de') ? FRIENDLY.de : FRIENDLY.en;
}

/** CloudAdapter with its (protected) authenticate-and-run step open to src/bot/activity-processor.ts. */
export class BotAdapter extends CloudAdapter {
  authenticateAndRun(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function createAdapter(cfg: AdapterConfig, logger: Logger): BotAdapter {
  const local = isLocalMode(cfg);
  const options: ConfigurationBotFrameworkAuthenticationOptions = local
    ? {}
    : {
        MicrosoftAppId: cfg.appId,
        MicrosoftAppPassword: cfg.appPassword ?? '',
        MicrosoftAppType: cfg.appType,
        MicrosoftAppTenantId: cfg.tenantId ?? '',
        ...(cfg.openIdMetadataUrl ? testKeyService(cfg.openIdMetadataUrl) : {}),
      };
  if (local) {
    logger.warn('local_mode', {
      message:
        'No MicrosoftAppId set: LOCAL MODE. Incoming requests are NOT authenticated (no JWT check) and outbound calls carry no credentials. Never run like this in production.',
    });
  }
  const auth = new ConfigurationBotFrameworkAuthentication(options);
  const adapter = new BotAdapter(auth);
  adapter.onTurnError = (context, error) => handleTurnError(context, error, logger);
  return adapter;
}

/**
 * botbuilder takes a custom metadata address only together with every other endpoint (it then
 * builds a parameterized authentication from exactly what it is given): Microsoft's public values
 * for all of them, the test's key service for both token paths.
 */
function testKeyService(url: string): Partial<ConfigurationBotFrameworkAuthenticationOptions> {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: url,
    ToBotFromEmulatorOpenIdMetadataUrl: url,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

function errorCodeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
}

/**
 * Logs ids only, tells the user something went wrong (no stack trace, no details) and makes sure
 * an invoke still gets an answer: CloudAdapter returns the stored InvokeResponse, or 501 when there
 * is none, so we store a 500 with an `application/vnd.microsoft.error` body.
 */
export async function handleTurnError(context: TurnContext, error: unknown, logger: Logger): Promise<void> {
  const activity = context.activity;
  logger.error('turn_error', {
    activityType: activity.type,
    activityName: activity.type === ActivityTypes.Invoke ? activity.name : undefined,
    conversationId: activity.conversation?.id,
    activityId: activity.id,
    // Name and code only: an error message may quote what the user typed.
    errorName: error instanceof Error ? error.name : typeof error,
    errorCode: errorCodeOf(error),
  });
  const text = friendlyErrorText(typeof activity.locale === 'string' ? activity.locale : undefined);

  if (activity.type === ActivityTypes.Invoke) {
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: {
        status: 500,
        body: {
          statusCode: 500,
          type: 'application/vnd.microsoft.error',
          value: { code: 'InternalError', message: text },
        },
      },
    });
    return;
  }
  if (activity.type !== ActivityTypes.Message) return; // no chatter on updates, typing, events
  try {
    await context.sendActivity({ type: ActivityTypes.Message, text });
  } catch (sendError) {
    // The error may have been a failed send in the first place (403, outage): only log.
    logger.warn('turn_error_reply_failed', { conversationId: activity.conversation?.id, ...errorFields(sendError) });
  }
}
