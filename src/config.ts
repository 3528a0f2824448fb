import path from 'node:path';
import { z } from 'zod';
import { defaultKnowledgeDir } from './kb/loader';

/** Port the bot listens on (the Bot Framework Emulator's default). */
export const DEFAULT_PORT = 3978;
/** Host used in anonymous mode: loopback only, so an unauthenticated bot is never reachable from outside. */
export const LOOPBACK_HOST = '127.0.0.1';
/** Host used when an app id is configured and no host is given. */
export const PUBLIC_HOST = '0.0.0.0';
export const DEFAULT_LOG_LEVEL = 'info';
export const DEFAULT_DATA_DIR = 'data';
export const DEFAULT_ACCOUNT_API_TIMEOUT_MS = 5_000;

/** Empty variables (`MicrosoftAppId=` in .env) mean "not set". */
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

function withDefault<T extends z.ZodType>(schema: T, fallback: z.input<T>) {
  return z.preprocess((v) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? fallback : v), schema);
}

const portSchema = z.coerce
  .number({ message: 'must be a number' })
  .int('must be an integer')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

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
    ACCOUNT_ADAPTER: withDefault(z.enum(['demo', 'http']), 'demo'),
    ACCOUNT_API_BASE_URL: optionalString.pipe(z.url({ message: 'must be an http(s) URL' }).optional()),
    ACCOUNT_API_KEY: optionalString,
    ACCOUNT_API_TIMEOUT_MS: withDefault(z.coerce.number().int().min(100, 'must be at least 100').max(60_000, 'must be at most 60000'), DEFAULT_ACCOUNT_API_TIMEOUT_MS),
  })
  .superRefine((env, ctx) => {
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
  });

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
  readonly knowledgeDir: string;
  readonly dataDir: string;
  readonly account:
    | { readonly adapter: 'demo' }
    | { readonly adapter: 'http'; readonly baseUrl: string; readonly apiKey: string; readonly timeoutMs: number };
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
    const shown = got === undefined || /password|key/i.test(variable) ? '' : ` (got "${got}")`;
    return { ok: false, error: `config: ${variable} ${issue?.message ?? 'is invalid'}${shown}` };
  }
  const e = parsed.data;
  const anonymous = e.MicrosoftAppId === undefined;
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST ?? (anonymous ? LOOPBACK_HOST : PUBLIC_HOST),
      anonymous,
      auth: { appId: e.MicrosoftAppId, appPassword: e.MicrosoftAppPassword, appType: e.MicrosoftAppType, tenantId: e.MicrosoftAppTenantId },
      logLevel: e.LOG_LEVEL,
      knowledgeDir: e.KNOWLEDGE_DIR ? path.resolve(cwd, e.KNOWLEDGE_DIR) : defaultKnowledgeDir(),
      dataDir: path.resolve(cwd, e.DATA_DIR),
      account:
        e.ACCOUNT_ADAPTER === 'http'
          ? { adapter: 'http', baseUrl: e.ACCOUNT_API_BASE_URL as string, apiKey: e.ACCOUNT_API_KEY as string, timeoutMs: e.ACCOUNT_API_TIMEOUT_MS }
          : { adapter: 'demo' },
    },
  };
}
