/**
 * What can be told about an Authorization header without the identity provider's keys, for the
 * log line of a refused request (issue 10): the Bot Framework library says only "no valid
 * identity", or nothing useful at all when it cannot fetch the keys, so the operator reads here
 * why a token could never have been genuine. Only categories are returned, never the token or
 * any value copied from it (an issuer or a key id could be anything a caller chose).
 */

/** Signing algorithms the Bot Framework accepts (AuthenticationConstants.AllowedSigningAlgorithms of botframework-connector). */
export const BOT_FRAMEWORK_SIGNING_ALGORITHMS: readonly string[] = ['RS256', 'RS384', 'RS512'];
/** Algorithms named as such in a finding; any other `alg` is reported as "an unknown alg". */
const KNOWN_ALGORITHMS: readonly string[] = ['none', 'HS256', 'HS384', 'HS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', ...BOT_FRAMEWORK_SIGNING_ALGORITHMS];
/** Clock skew the Bot Framework library tolerates on exp and nbf, in seconds (its clockTolerance). */
export const TOKEN_CLOCK_TOLERANCE_SECONDS = 5 * 60;
/** Issuers of Bot Framework tokens: the channels' issuer, and Microsoft Entra ID's for the Emulator and skills. */
const BOT_FRAMEWORK_ISSUER_PREFIXES: readonly string[] = [
  'https://api.botframework.com',
  'https://api.botframework.us',
  'https://sts.windows.net/',
  'https://login.microsoftonline.com/',
  'https://login.microsoftonline.us/',
];

export type TokenFinding =
  | 'no Authorization header'
  | 'not a Bearer token'
  | 'not a JWT'
  | `alg ${string} is not accepted`
  | 'no alg'
  | 'no key id'
  | 'no issuer'
  | 'not a Bot Framework issuer'
  | 'no expiry'
  | 'expired'
  | 'not valid yet'
  | 'no audience';

/** Decodes one base64url JSON part of a JWT; undefined unless it is a JSON object. */
function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  if (!part || !/^[A-Za-z0-9_-]+$/.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why this Authorization header cannot hold a genuine Bot Framework token, as far as can be
 * told without the keys; an empty list means it looks like one (its signature is the identity
 * provider's to check). `nowSeconds` is the Unix time to judge exp and nbf by.
 */
export function bearerTokenFindings(authorization: string | undefined, nowSeconds = Math.floor(Date.now() / 1000)): TokenFinding[] {
  if (authorization === undefined || authorization.trim() === '') return ['no Authorization header'];
  // The library splits on one space and wants exactly "Bearer <token>".
  const parts = authorization.split(' ');
  if (parts.length !== 2 || parts[0] !== 'Bearer' || !parts[1]) return ['not a Bearer token'];
  const segments = parts[1].split('.');
  const header = segments.length === 3 ? decodePart(segments[0]) : undefined;
  const payload = segments.length === 3 ? decodePart(segments[1]) : undefined;
  if (!header || !payload) return ['not a JWT'];

  const findings: TokenFinding[] = [];
  const alg = header.alg;
  if (typeof alg !== 'string') findings.push('no alg');
  else if (!BOT_FRAMEWORK_SIGNING_ALGORITHMS.includes(alg)) findings.push(`alg ${KNOWN_ALGORITHMS.includes(alg) ? alg : 'unknown'} is not accepted`);
  // The keys are looked up by kid: without one no key can verify the signature.
  if (typeof header.kid !== 'string' || header.kid === '') findings.push('no key id');
  const iss = payload.iss;
  if (typeof iss !== 'string') findings.push('no issuer');
  else if (!BOT_FRAMEWORK_ISSUER_PREFIXES.some((prefix) => iss.startsWith(prefix))) findings.push('not a Bot Framework issuer');
  if (payload.aud === undefined) findings.push('no audience');
  const exp = payload.exp;
  if (typeof exp !== 'number') findings.push('no expiry');
  else if (exp + TOKEN_CLOCK_TOLERANCE_SECONDS < nowSeconds) findings.push('expired');
  const nbf = payload.nbf;
  if (typeof nbf === 'number' && nbf - TOKEN_CLOCK_TOLERANCE_SECONDS > nowSeconds) findings.push('not valid yet');
  return findings;
}
