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
  type Parsed,
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
/** Log level of the server when LOG_LEVEL is unset (hosts sharing a screen pick their own). */
export const DEFAULT_LOG_LEVEL = 'info';
/** pino's levels. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
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
    LOG_LEVEL: optionalString.pipe(z.enum(LOG_LEVELS).optional()),
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
  });

/** Every variable the bot reads (the keys of the schema), for documentation checks. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

/** A problem to report against a variable (the transform's ctx.addIssue, curried). */
type Problem = (variable: string, message: string) => void;

/**
 * A value that another variable's choice makes required: reported when missing, and then ''
 * (never seen: a configuration with a problem is refused as a whole).
 */
function required(value: string | undefined, variable: string, when: string, problem: Problem): string {
  if (value === undefined) problem(variable, `is required when ${when}`);
  return value ?? '';
}

/** Combinations of variables that are unsafe or incomplete, each reported against one variable. */
function checkCombinations(env: z.output<typeof envSchema>, problem: Problem): void {
  if (env.DIRECTLINE_ENABLED === 'true' && env.MicrosoftAppId) {
    problem('DIRECTLINE_ENABLED', "can only be true without MicrosoftAppId (the local Direct Line delivers unauthenticated activities; use Azure Bot Service's Direct Line instead)");
  }
  if (env.MicrosoftAppId && !env.MicrosoftAppPassword && env.MicrosoftAppType !== 'UserAssignedMSI') problem('MicrosoftAppPassword', 'is required when MicrosoftAppId is set');
  if (env.MicrosoftAppType === 'SingleTenant' && env.MicrosoftAppId && !env.MicrosoftAppTenantId) problem('MicrosoftAppTenantId', 'is required when MicrosoftAppType is SingleTenant');
  // Safe by default (issue 10): the demo hands every code and reset link to whoever asks, so
  // with a real app id it runs only when asked for and only where nobody else can reach it.
  if (env.MicrosoftAppId && env.ACCOUNT_ADAPTER === 'demo') {
    if (env.DEMO_MODE !== 'true') {
      problem('ACCOUNT_ADAPTER', 'must be http when MicrosoftAppId is set (the demo account service shows every code and reset link); to try the demo through a tunnel set DEMO_MODE=true with a loopback HOST');
    } else if (env.HOST !== undefined && !isLoopbackHost(env.HOST)) {
      problem('HOST', 'must be a loopback address (127.0.0.1, ::1 or localhost) with DEMO_MODE=true and MicrosoftAppId');
    }
  }
  // Issue 11: several instances must share state, and the demo keeps its codes in one process.
  if (env.INSTANCE_COUNT > 1 && env.STATE_STORE === 'memory') {
    problem('INSTANCE_COUNT', 'can only be 1 with STATE_STORE=memory (each instance would keep its own conversations, tickets and limits); set STATE_STORE=blob');
  }
  if (env.INSTANCE_COUNT > 1 && env.ACCOUNT_ADAPTER === 'demo') {
    problem('INSTANCE_COUNT', 'can only be 1 with ACCOUNT_ADAPTER=demo (the demo keeps its codes and reset links in one process); use ACCOUNT_ADAPTER=http');
  }
}

/**
 * The configuration as the rest of the code reads it, derived from the environment schema: the
 * type is this transform's output, so no field is written twice and nothing is cast.
 */
function configSchema(cwd: string) {
  return envSchema.transform((e, ctx) => {
    let problems = 0;
    const problem: Problem = (variable, message) => {
      problems += 1;
      ctx.addIssue({ code: 'custom', path: [variable], message, input: e });
    };
    checkCombinations(e, problem);
    const anonymous = e.MicrosoftAppId === undefined;
    // DEMO_MODE with an app id is for a tunnel to this machine: loopback unless HOST says otherwise (then refused above).
    const loopbackByDefault = anonymous || (e.DEMO_MODE === 'true' && e.ACCOUNT_ADAPTER === 'demo');
    const account =
      e.ACCOUNT_ADAPTER === 'http'
        ? {
            adapter: 'http' as const,
            baseUrl: required(e.ACCOUNT_API_BASE_URL, 'ACCOUNT_API_BASE_URL', 'ACCOUNT_ADAPTER=http', problem),
            apiKey: required(e.ACCOUNT_API_KEY, 'ACCOUNT_API_KEY', 'ACCOUNT_ADAPTER=http', problem),
            timeoutMs: e.ACCOUNT_API_TIMEOUT_MS,
          }
        : { adapter: 'demo' as const };
    const provider =
      e.HANDOFF_PROVIDER === 'webhook'
        ? {
            kind: 'webhook' as const,
            url: required(e.HANDOFF_WEBHOOK_URL, 'HANDOFF_WEBHOOK_URL', 'HANDOFF_PROVIDER=webhook', problem),
            secret: required(e.HANDOFF_WEBHOOK_SECRET, 'HANDOFF_WEBHOOK_SECRET', 'HANDOFF_PROVIDER=webhook', problem),
            /** Attempts before the ticket goes to the dead letters (HANDOFF_WEBHOOK_MAX_ATTEMPTS). */
            maxAttempts: e.HANDOFF_WEBHOOK_MAX_ATTEMPTS,
            /** Age in ms after which a failing ticket goes to the dead letters (HANDOFF_WEBHOOK_MAX_AGE_MS). */
            maxAgeMs: e.HANDOFF_WEBHOOK_MAX_AGE_MS,
          }
        : { kind: 'ticket' as const };
    const store =
      e.STATE_STORE === 'blob'
        ? {
            kind: 'blob' as const,
            connectionString: required(e.AZURE_STORAGE_CONNECTION_STRING, 'AZURE_STORAGE_CONNECTION_STRING', 'STATE_STORE=blob', problem),
            container: e.STORAGE_CONTAINER,
          }
        : { kind: 'memory' as const, idleMs: e.STATE_MEMORY_IDLE_MS, maxConversations: e.STATE_MEMORY_MAX_CONVERSATIONS };
    const limits: LimitSettings = {
      messagesPerClient: e.RATE_LIMIT_MESSAGES_PER_CLIENT,
      messagesPerConversation: e.RATE_LIMIT_MESSAGES_PER_CONVERSATION,
      directLineTokensPerClient: e.RATE_LIMIT_DIRECTLINE_TOKENS_PER_CLIENT,
      directLineStartsPerClient: e.RATE_LIMIT_DIRECTLINE_STARTS_PER_CLIENT,
      directLineConversationsPerClient: e.DIRECTLINE_MAX_CONVERSATIONS_PER_CLIENT,
      codeRequestsPerAccount: e.RATE_LIMIT_CODE_REQUESTS_PER_ACCOUNT,
      codeRequestsPerClient: e.RATE_LIMIT_CODE_REQUESTS_PER_CLIENT,
      codeGuessesPerClient: e.RATE_LIMIT_CODE_GUESSES_PER_CLIENT,
    };
    if (problems > 0) return z.NEVER;
    const config = {
      port: e.PORT,
      host: e.HOST ?? (loopbackByDefault ? LOOPBACK_HOST : PUBLIC_HOST),
      /** True when no app id is set: requests are not authenticated (Emulator, local use). */
      anonymous,
      auth: {
        appId: e.MicrosoftAppId,
        appPassword: e.MicrosoftAppPassword,
        appType: e.MicrosoftAppType,
        tenantId: e.MicrosoftAppTenantId,
      },
      /** LOG_LEVEL; undefined when unset, so each host picks its own default (the server info, the terminal chat warn). */
      logLevel: e.LOG_LEVEL,
      /** How browsers reach this server (reset links, Teams tunnels); undefined: derived from the listening address. */
      publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
      knowledgeDir: e.KNOWLEDGE_DIR ? path.resolve(cwd, e.KNOWLEDGE_DIR) : defaultKnowledgeDir(),
      dataDir: path.resolve(cwd, e.DATA_DIR),
      /** The local Direct Line endpoint and the Web Chat page at GET / (src/channels/directline, src/channels/webchat). */
      directLine: { enabled: e.DIRECTLINE_ENABLED === undefined ? anonymous : e.DIRECTLINE_ENABLED === 'true' },
      account,
      handoff: {
        /** Where tickets go: the local store, or a signed webhook with a durable outbox. */
        provider,
        /** Also follow Dynamics 365 Omnichannel's escalation convention (channelData.tags). */
        omnichannel: e.HANDOFF_OMNICHANNEL === 'true',
        /** When a person reads tickets (HANDOFF_HOURS, HANDOFF_TIMEZONE, HANDOFF_HOLIDAYS; src/handoff/businessHours.ts). */
        schedule: { hours: e.HANDOFF_HOURS, timeZone: e.HANDOFF_TIMEZONE, holidays: e.HANDOFF_HOLIDAYS },
      },
      /** Request limits (issue 10; src/limits). */
      limits,
      /** /metrics: loopback clients, or anyone with this bearer token when set (METRICS_TOKEN). */
      metrics: e.METRICS_TOKEN ? { token: e.METRICS_TOKEN } : {},
      /** Where conversation state lives (STATE_STORE); with blob, tickets, outboxes, the event log and limits are shared there too. */
      store,
      /** This instance among those the operator runs (INSTANCE_ID, INSTANCE_COUNT). */
      instance: { id: e.INSTANCE_ID ?? defaultInstanceId(), count: e.INSTANCE_COUNT },
      /** The outcome event log: group commit, rotation and retention (EVENT_LOG_*). */
      eventLog: { flushMs: e.EVENT_LOG_FLUSH_MS, rotateBytes: e.EVENT_LOG_ROTATE_BYTES, retentionDays: e.EVENT_LOG_RETENTION_DAYS },
      /** Longest wait on SIGTERM/SIGINT for turns in flight and flushes, in ms (SHUTDOWN_TIMEOUT_MS). */
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      /** Proactive notices of decided recovery requests (src/recoveryNotices): time between two checks in ms; 0 = off. */
      recoveryNotices: { watchIntervalMs: e.RECOVERY_WATCH_INTERVAL_MS },
    };
    return config;
  });
}

/** Deeply read-only: nothing changes the configuration once it is loaded. */
type DeepReadonly<T> = T extends (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** The validated configuration (the output of configSchema). */
export type Config = DeepReadonly<z.output<ReturnType<typeof configSchema>>>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; error: string };

/** Variables whose values are never echoed back in an error. */
const SECRET_VARIABLE = /password|key|secret|token|connection/i;

/**
 * Reads and validates configuration from an environment map. On failure the error names every
 * problem, one line each (`config: VARIABLE what is wrong (got "value")`), so an operator fixes
 * them all at once instead of one per restart; secrets are never echoed.
 */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): ConfigResult {
  const parsed = configSchema(cwd).safeParse(env);
  if (parsed.success) return { ok: true, config: parsed.data };
  const lines = parsed.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const got = typeof issue.path[0] === 'string' ? env[issue.path[0]] : undefined;
    const shown = got === undefined || SECRET_VARIABLE.test(variable) ? '' : ` (got "${got}")`;
    return `config: ${variable} ${issue.message}${shown}`;
  });
  return { ok: false, error: lines.join('\n') };
}
