import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { defaultKnowledgeDir } from './kb/loader';
import {
  DEFAULT_HANDOFF_HOLIDAYS,
  DEFAULT_HANDOFF_HOURS,
  DEFAULT_HANDOFF_TIMEZONE,
  isTimeZone,
  parseHolidays,
  parseWeeklyHours,
  type HolidayCalendar,
  type Parsed,
  type WeeklyHours,
} from './handoff/businessHours';
import { isLoopbackHost } from './limits/clientAddress';
import { DEFAULT_LIMITS, type LimitSettings } from './limits/limits';
import { formatRate, parseRate, type Rate } from './limits/rateLimiter';

/** Port the bot listens on (the Bot Framework Emulator's default). */
export const DEFAULT_PORT = 3978;
/** Host used in anonymous mode: loopback only, so an unauthenticated bot is never reachable from outside. */
export const LOOPBACK_HOST = '127.0.0.1';
/** Host used when an app id is configured and no host is given. */
export const PUBLIC_HOST = '0.0.0.0';
export const DEFAULT_LOG_LEVEL = 'info';
export const DEFAULT_DATA_DIR = 'data';
export const DEFAULT_ACCOUNT_API_TIMEOUT_MS = 5_000;
/** Handoff tickets are kept in the local store (dataDir/handoff) unless a webhook is configured. */
export const DEFAULT_HANDOFF_PROVIDER = 'ticket';
/** How often pending recovery requests are checked for a decision to tell the user about (issue 8); 0 = never. */
export const DEFAULT_RECOVERY_WATCH_INTERVAL_MS = 60_000;
/** Shortest non-zero check interval: anything faster would only load the account service. */
export const MIN_RECOVERY_WATCH_INTERVAL_MS = 100;
/** Longest check interval: a day. */
export const MAX_RECOVERY_WATCH_INTERVAL_MS = 86_400_000;
/** Where conversation state (and, with blob, tickets, outboxes, the event log and limits) lives. */
export const DEFAULT_STATE_STORE = 'memory';
/** Memory state: a conversation idle this long is forgotten (4 h: a flow left over lunch still resumes). */
export const DEFAULT_STATE_MEMORY_IDLE_MS = 4 * 3_600_000;
/** Memory state: most conversations kept; beyond it the least recently used is dropped (about 16 KB each). */
export const DEFAULT_STATE_MEMORY_MAX_CONVERSATIONS = 10_000;
/** Blob container holding everything shared between instances (state/, tickets/, outbox/, events/, limits/ prefixes). */
export const DEFAULT_STORAGE_CONTAINER = 'madoguchi';
/** Instances the operator runs; more than one needs shared (blob) state. */
export const DEFAULT_INSTANCE_COUNT = 1;
/** Group commit: longest wait between an event and its write (one write and one fsync per batch). */
export const DEFAULT_EVENT_LOG_FLUSH_MS = 20;
/** The file event log rotates when it reaches this size (64 MiB) or a new day begins. */
export const DEFAULT_EVENT_LOG_ROTATE_BYTES = 64 * 1024 * 1024;
/** Rotated event-log files (and blob batches) older than this many days are deleted. */
export const DEFAULT_EVENT_LOG_RETENTION_DAYS = 90;
/** Webhook delivery: attempts before a ticket goes to the dead letters. */
export const DEFAULT_HANDOFF_WEBHOOK_MAX_ATTEMPTS = 20;
/** Webhook delivery: a ticket older than this (24 h) goes to the dead letters after its next failure. */
export const DEFAULT_HANDOFF_WEBHOOK_MAX_AGE_MS = 86_400_000;
/** SIGTERM/SIGINT: longest wait for turns in flight and flushes before the process exits anyway. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** hostname-pid: unique among instances sharing one storage account, readable in the event log's blob names. */
export function defaultInstanceId(): string {
  const host = os.hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 48) || 'host';
  return `${host}-${process.pid}`;
}

/** Empty variables (`MicrosoftAppId=` in .env) mean "not set". */
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** A whole number from `min` to `max`, with phrases the operator reads after the variable's name. */
function wholeNumber(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  return z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);
}

function withDefault<T extends z.ZodType>(schema: T, fallback: z.input<T>) {
  return z.preprocess((v) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? fallback : v), schema);
}

/** A request limit, COUNT/WINDOW such as 120/1m (src/limits/rateLimiter.ts). */
function rate(fallback: Rate) {
  return withDefault(parsedBy(parseRate), formatRate(fallback));
}

const portSchema = z.coerce
  .number({ message: 'must be a number' })
  .int('must be an integer')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

/** A string read by one of businessHours.ts's parsers; its error phrase follows the variable's name. */
function parsedBy<T>(parse: (text: string) => Parsed<T>) {
  return z.string().transform((text, ctx): T => {
    const parsed = parse(text);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  });
}

const envSchema = z
  .object({
    PORT: withDefault(portSchema, DEFAULT_PORT),
    HOST: optionalString,
    MicrosoftAppId: optionalString,
    MicrosoftAppPassword: optionalString,
    MicrosoftAppType: withDefault(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']), 'MultiTenant'),
    MicrosoftAppTenantId: optionalString,
    LOG_LEVEL: withDefault(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), DEFAULT_LOG_LEVEL),
    KNOWLEDGE_DIR: optionalString,
    DATA_DIR: withDefault(z.string(), DEFAULT_DATA_DIR),
    PUBLIC_BASE_URL: optionalString.pipe(z.url({ message: 'must be an http(s) URL' }).optional()),
    ACCOUNT_ADAPTER: withDefault(z.enum(['demo', 'http']), 'demo'),
    ACCOUNT_API_BASE_URL: optionalString.pipe(z.url({ message: 'must be an http(s) URL' }).optional()),
    ACCOUNT_API_KEY: optionalString,
    HANDOFF_PROVIDER: withDefault(z.enum(['ticket', 'webhook']), DEFAULT_HANDOFF_PROVIDER),
    HANDOFF_WEBHOOK_URL: optionalString.pipe(z.url({ message: 'must be an http(s) URL' }).optional()),
    HANDOFF_WEBHOOK_SECRET: optionalString,
    HANDOFF_OMNICHANNEL: withDefault(z.enum(['true', 'false'], { message: 'must be true or false' }), 'false'),
    HANDOFF_HOURS: withDefault(parsedBy(parseWeeklyHours), DEFAULT_HANDOFF_HOURS),
    HANDOFF_TIMEZONE: withDefault(z.string().trim().refine(isTimeZone, 'must be an IANA time zone such as Asia/Tokyo'), DEFAULT_HANDOFF_TIMEZONE),
    HANDOFF_HOLIDAYS: withDefault(parsedBy(parseHolidays), DEFAULT_HANDOFF_HOLIDAYS),
    RECOVERY_WATCH_INTERVAL_MS: withDefault(
      z.coerce
        .number({ message: 'must be a number' })
        .int('must be a whole number of milliseconds')
        .refine((ms) => ms === 0 || (ms >= MIN_RECOVERY_WATCH_INTERVAL_MS && ms <= MAX_RECOVERY_WATCH_INTERVAL_MS), {
          message: `must be 0 (off) or from ${MIN_RECOVERY_WATCH_INTERVAL_MS} to ${MAX_RECOVERY_WATCH_INTERVAL_MS}`,
        }),
      DEFAULT_RECOVERY_WATCH_INTERVAL_MS,
    ),
    /** Local Direct Line + Web Chat page; unset: on exactly when anonymous (no MicrosoftAppId). */
    DIRECTLINE_ENABLED: z.preprocess(
      (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim().toLowerCase()) : v),
      z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
    ),
    ACCOUNT_API_TIMEOUT_MS: withDefault(z.coerce.number().int().min(100, 'must be at least 100').max(60_000, 'must be at most 60000'), DEFAULT_ACCOUNT_API_TIMEOUT_MS),
    /** With MicrosoftAppId: allow the demo account service, on a loopback HOST only (issue 10). */
    DEMO_MODE: withDefault(z.enum(['true', 'false'], { message: 'must be true or false' }), 'false'),
    /** Bearer token that opens /metrics to other machines; unset: loopback clients only. */
    METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    RATE_LIMIT_MESSAGES_PER_CLIENT: rate(DEFAULT_LIMITS.messagesPerClient),
    RATE_LIMIT_MESSAGES_PER_CONVERSATION: rate(DEFAULT_LIMITS.messagesPerConversation),
    RATE_LIMIT_DIRECTLINE_TOKENS_PER_CLIENT: rate(DEFAULT_LIMITS.directLineTokensPerClient),
    RATE_LIMIT_DIRECTLINE_STARTS_PER_CLIENT: rate(DEFAULT_LIMITS.directLineStartsPerClient),
    DIRECTLINE_MAX_CONVERSATIONS_PER_CLIENT: withDefault(
      z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1'),
      DEFAULT_LIMITS.directLineConversationsPerClient,
    ),
    RATE_LIMIT_CODE_REQUESTS_PER_ACCOUNT: rate(DEFAULT_LIMITS.codeRequestsPerAccount),
    RATE_LIMIT_CODE_REQUESTS_PER_CLIENT: rate(DEFAULT_LIMITS.codeRequestsPerClient),
    RATE_LIMIT_CODE_GUESSES_PER_CLIENT: rate(DEFAULT_LIMITS.codeGuessesPerClient),
    STATE_STORE: withDefault(z.enum(['memory', 'blob'], { message: 'must be memory or blob' }), DEFAULT_STATE_STORE),
    STATE_MEMORY_IDLE_MS: withDefault(wholeNumber(1_000), DEFAULT_STATE_MEMORY_IDLE_MS),
    STATE_MEMORY_MAX_CONVERSATIONS: withDefault(wholeNumber(1), DEFAULT_STATE_MEMORY_MAX_CONVERSATIONS),
    AZURE_STORAGE_CONNECTION_STRING: optionalString,
    // Azure's container naming rules: 3-63 lowercase letters, digits and single hyphens.
    STORAGE_CONTAINER: withDefault(z.string().trim().regex(/^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/, 'must be 3-63 lowercase letters, digits and single hyphens (an Azure blob container name)'), DEFAULT_STORAGE_CONTAINER),
    INSTANCE_COUNT: withDefault(wholeNumber(1, 1_000), DEFAULT_INSTANCE_COUNT),
    INSTANCE_ID: optionalString.pipe(z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 letters, digits, dots, hyphens or underscores').optional()),
    EVENT_LOG_FLUSH_MS: withDefault(wholeNumber(0, 1_000), DEFAULT_EVENT_LOG_FLUSH_MS),
    EVENT_LOG_ROTATE_BYTES: withDefault(wholeNumber(1_024), DEFAULT_EVENT_LOG_ROTATE_BYTES),
    EVENT_LOG_RETENTION_DAYS: withDefault(wholeNumber(1, 36_500), DEFAULT_EVENT_LOG_RETENTION_DAYS),
    HANDOFF_WEBHOOK_MAX_ATTEMPTS: withDefault(wholeNumber(1, 1_000), DEFAULT_HANDOFF_WEBHOOK_MAX_ATTEMPTS),
    HANDOFF_WEBHOOK_MAX_AGE_MS: withDefault(wholeNumber(1_000), DEFAULT_HANDOFF_WEBHOOK_MAX_AGE_MS),
    SHUTDOWN_TIMEOUT_MS: withDefault(wholeNumber(100, 600_000), DEFAULT_SHUTDOWN_TIMEOUT_MS),
  })
  .superRefine((env, ctx) => {
    if (env.DIRECTLINE_ENABLED === 'true' && env.MicrosoftAppId) {
      ctx.addIssue({ code: 'custom', path: ['DIRECTLINE_ENABLED'], message: 'can only be true without MicrosoftAppId (the local Direct Line delivers unauthenticated activities; use Azure Bot Service\'s Direct Line instead)' });
    }
    if (env.MicrosoftAppId && !env.MicrosoftAppPassword && env.MicrosoftAppType !== 'UserAssignedMSI') {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is required when MicrosoftAppId is set' });
    }
    if (env.MicrosoftAppType === 'SingleTenant' && env.MicrosoftAppId && !env.MicrosoftAppTenantId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'is required when MicrosoftAppType is SingleTenant' });
    }
    if (env.ACCOUNT_ADAPTER === 'http') {
      if (!env.ACCOUNT_API_BASE_URL) ctx.addIssue({ code: 'custom', path: ['ACCOUNT_API_BASE_URL'], message: 'is required when ACCOUNT_ADAPTER=http' });
      if (!env.ACCOUNT_API_KEY) ctx.addIssue({ code: 'custom', path: ['ACCOUNT_API_KEY'], message: 'is required when ACCOUNT_ADAPTER=http' });
    }
    // Safe by default (issue 10): the demo hands every code and reset link to whoever asks, so
    // with a real app id it runs only when asked for and only where nobody else can reach it.
    if (env.MicrosoftAppId && env.ACCOUNT_ADAPTER === 'demo') {
      if (env.DEMO_MODE !== 'true') {
        ctx.addIssue({ code: 'custom', path: ['ACCOUNT_ADAPTER'], message: 'must be http when MicrosoftAppId is set (the demo account service shows every code and reset link); to try the demo through a tunnel set DEMO_MODE=true with a loopback HOST' });
      } else if (env.HOST !== undefined && !isLoopbackHost(env.HOST)) {
        ctx.addIssue({ code: 'custom', path: ['HOST'], message: 'must be a loopback address (127.0.0.1, ::1 or localhost) with DEMO_MODE=true and MicrosoftAppId' });
      }
    }
    // Issue 11: several instances must share state, and the demo keeps its codes in one process.
    if (env.STATE_STORE === 'blob' && !env.AZURE_STORAGE_CONNECTION_STRING) {
      ctx.addIssue({ code: 'custom', path: ['AZURE_STORAGE_CONNECTION_STRING'], message: 'is required when STATE_STORE=blob' });
    }
    if (env.INSTANCE_COUNT > 1 && env.STATE_STORE === 'memory') {
      ctx.addIssue({ code: 'custom', path: ['INSTANCE_COUNT'], message: 'can only be 1 with STATE_STORE=memory (each instance would keep its own conversations, tickets and limits); set STATE_STORE=blob' });
    }
    if (env.INSTANCE_COUNT > 1 && env.ACCOUNT_ADAPTER === 'demo') {
      ctx.addIssue({ code: 'custom', path: ['INSTANCE_COUNT'], message: 'can only be 1 with ACCOUNT_ADAPTER=demo (the demo keeps its codes and reset links in one process); use ACCOUNT_ADAPTER=http' });
    }
    if (env.HANDOFF_PROVIDER === 'webhook') {
      if (!env.HANDOFF_WEBHOOK_URL) ctx.addIssue({ code: 'custom', path: ['HANDOFF_WEBHOOK_URL'], message: 'is required when HANDOFF_PROVIDER=webhook' });
      if (!env.HANDOFF_WEBHOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['HANDOFF_WEBHOOK_SECRET'], message: 'is required when HANDOFF_PROVIDER=webhook' });
    }
  });

/** Every variable the bot reads (the keys of the schema), for documentation checks. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export interface Config {
  readonly port: number;
  readonly host: string;
  /** True when no app id is set: requests are not authenticated (Emulator, local use). */
  readonly anonymous: boolean;
  readonly auth: {
    readonly appId?: string;
    readonly appPassword?: string;
    readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    readonly tenantId?: string;
  };
  readonly logLevel: string;
  /** How browsers reach this server (reset links, Teams tunnels); undefined: derived from the listening address. */
  readonly publicBaseUrl?: string;
  readonly knowledgeDir: string;
  readonly dataDir: string;
  /** The local Direct Line endpoint and the Web Chat page at GET / (src/channels/directline, src/channels/webchat). */
  readonly directLine: { readonly enabled: boolean };
  readonly account:
    | { readonly adapter: 'demo' }
    | { readonly adapter: 'http'; readonly baseUrl: string; readonly apiKey: string; readonly timeoutMs: number };
  readonly handoff: {
    /** Where tickets go: the local store, or a signed webhook with a durable outbox. */
    readonly provider:
      | { readonly kind: 'ticket' }
      | {
          readonly kind: 'webhook';
          readonly url: string;
          readonly secret: string;
          /** Attempts before the ticket goes to the dead letters (HANDOFF_WEBHOOK_MAX_ATTEMPTS). */
          readonly maxAttempts: number;
          /** Age in ms after which a failing ticket goes to the dead letters (HANDOFF_WEBHOOK_MAX_AGE_MS). */
          readonly maxAgeMs: number;
        };
    /** Also follow Dynamics 365 Omnichannel's escalation convention (channelData.tags). */
    readonly omnichannel: boolean;
    /** When a person reads tickets (HANDOFF_HOURS, HANDOFF_TIMEZONE, HANDOFF_HOLIDAYS; src/handoff/businessHours.ts). */
    readonly schedule: { readonly hours: WeeklyHours; readonly timeZone: string; readonly holidays: HolidayCalendar };
  };
  /** Request limits (issue 10; src/limits). */
  readonly limits: LimitSettings;
  /** /metrics: loopback clients, or anyone with this bearer token when set (METRICS_TOKEN). */
  readonly metrics: { readonly token?: string };
  /** Where conversation state lives (STATE_STORE); with blob, tickets, outboxes, the event log and limits are shared there too. */
  readonly store:
    | { readonly kind: 'memory'; readonly idleMs: number; readonly maxConversations: number }
    | { readonly kind: 'blob'; readonly connectionString: string; readonly container: string };
  /** This instance among those the operator runs (INSTANCE_ID, INSTANCE_COUNT). */
  readonly instance: { readonly id: string; readonly count: number };
  /** The outcome event log: group commit, rotation and retention (EVENT_LOG_*). */
  readonly eventLog: { readonly flushMs: number; readonly rotateBytes: number; readonly retentionDays: number };
  /** Longest wait on SIGTERM/SIGINT for turns in flight and flushes, in ms (SHUTDOWN_TIMEOUT_MS). */
  readonly shutdownTimeoutMs: number;
  /** Proactive notices of decided recovery requests (src/recoveryNotices). */
  readonly recoveryNotices: {
    /** Time between two checks of the pending requests, in ms; 0 = off (nothing is remembered). */
    readonly watchIntervalMs: number;
  };
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; error: string };

/**
 * Reads and validates configuration from an environment map. On failure the error is one
 * line naming the variable and what is wrong, for the operator.
 */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): ConfigResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue?.path.join('.') || '(environment)';
    const got = typeof issue?.path[0] === 'string' ? env[issue.path[0]] : undefined;
    const shown = got === undefined || /password|key|secret|token|connection/i.test(variable) ? '' : ` (got "${got}")`;
    return { ok: false, error: `config: ${variable} ${issue?.message ?? 'is invalid'}${shown}` };
  }
  const e = parsed.data;
  const anonymous = e.MicrosoftAppId === undefined;
  // DEMO_MODE with an app id is for a tunnel to this machine: loopback unless HOST says otherwise (then refused above).
  const loopbackByDefault = anonymous || (e.DEMO_MODE === 'true' && e.ACCOUNT_ADAPTER === 'demo');
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST ?? (loopbackByDefault ? LOOPBACK_HOST : PUBLIC_HOST),
      anonymous,
      auth: { appId: e.MicrosoftAppId, appPassword: e.MicrosoftAppPassword, appType: e.MicrosoftAppType, tenantId: e.MicrosoftAppTenantId },
      logLevel: e.LOG_LEVEL,
      publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
      knowledgeDir: e.KNOWLEDGE_DIR ? path.resolve(cwd, e.KNOWLEDGE_DIR) : defaultKnowledgeDir(),
      dataDir: path.resolve(cwd, e.DATA_DIR),
      directLine: { enabled: e.DIRECTLINE_ENABLED === undefined ? anonymous : e.DIRECTLINE_ENABLED === 'true' },
      account:
        e.ACCOUNT_ADAPTER === 'http'
          ? { adapter: 'http', baseUrl: e.ACCOUNT_API_BASE_URL as string, apiKey: e.ACCOUNT_API_KEY as string, timeoutMs: e.ACCOUNT_API_TIMEOUT_MS }
          : { adapter: 'demo' },
      handoff: {
        provider:
          e.HANDOFF_PROVIDER === 'webhook'
            ? { kind: 'webhook', url: e.HANDOFF_WEBHOOK_URL as string, secret: e.HANDOFF_WEBHOOK_SECRET as string, maxAttempts: e.HANDOFF_WEBHOOK_MAX_ATTEMPTS, maxAgeMs: e.HANDOFF_WEBHOOK_MAX_AGE_MS }
            : { kind: 'ticket' },
        omnichannel: e.HANDOFF_OMNICHANNEL === 'true',
        schedule: { hours: e.HANDOFF_HOURS, timeZone: e.HANDOFF_TIMEZONE, holidays: e.HANDOFF_HOLIDAYS },
      },
      recoveryNotices: { watchIntervalMs: e.RECOVERY_WATCH_INTERVAL_MS },
      store:
        e.STATE_STORE === 'blob'
          ? { kind: 'blob', connectionString: e.AZURE_STORAGE_CONNECTION_STRING as string, container: e.STORAGE_CONTAINER }
          : { kind: 'memory', idleMs: e.STATE_MEMORY_IDLE_MS, maxConversations: e.STATE_MEMORY_MAX_CONVERSATIONS },
      instance: { id: e.INSTANCE_ID ?? defaultInstanceId(), count: e.INSTANCE_COUNT },
      eventLog: { flushMs: e.EVENT_LOG_FLUSH_MS, rotateBytes: e.EVENT_LOG_ROTATE_BYTES, retentionDays: e.EVENT_LOG_RETENTION_DAYS },
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      limits: {
        messagesPerClient: e.RATE_LIMIT_MESSAGES_PER_CLIENT,
        messagesPerConversation: e.RATE_LIMIT_MESSAGES_PER_CONVERSATION,
        directLineTokensPerClient: e.RATE_LIMIT_DIRECTLINE_TOKENS_PER_CLIENT,
        directLineStartsPerClient: e.RATE_LIMIT_DIRECTLINE_STARTS_PER_CLIENT,
        directLineConversationsPerClient: e.DIRECTLINE_MAX_CONVERSATIONS_PER_CLIENT,
        codeRequestsPerAccount: e.RATE_LIMIT_CODE_REQUESTS_PER_ACCOUNT,
        codeRequestsPerClient: e.RATE_LIMIT_CODE_REQUESTS_PER_CLIENT,
        codeGuessesPerClient: e.RATE_LIMIT_CODE_GUESSES_PER_CLIENT,
      },
      metrics: e.METRICS_TOKEN ? { token: e.METRICS_TOKEN } : {},
    },
  };
}
