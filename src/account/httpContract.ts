import { z } from 'zod';

/**
 * Response bodies of the account service (openapi/account-service.yaml), as zod schemas.
 * The HTTP adapter trusts nothing it has not parsed through one of these.
 */

const timestamp = z.iso.datetime({ offset: true });
const challengeId = z.string().min(1).max(128);
const proof = z.string().min(1).max(256);

export const challengeStartedBody = z.object({ challengeId, expiresAt: timestamp });

export const attemptResultBody = z.discriminatedUnion('result', [
  z.object({ result: z.literal('verified'), proof }),
  z.object({ result: z.literal('wrong-code'), attemptsLeft: z.number().int().min(1) }),
  z.object({ result: z.literal('locked') }),
]);

export const resentBody = z.object({ expiresAt: timestamp });

export const resetLinkBody = z.object({ url: z.url({ protocol: /^https?$/ }), expiresAt: timestamp });

export const secretQuestionBody = z.object({ challengeId, question: z.string().min(1).max(500) });

export const recoverySubmittedBody = z.object({ result: z.literal('submitted'), ticketId: z.string().regex(/^RR-[A-Z0-9]{8}$/) });

export const recoveryInsufficientBody = z.object({ result: z.literal('insufficient'), sections: z.array(z.enum(['account', 'mail', 'billing'])).min(1) });

export const recoveryStatusBody = z.object({ status: z.enum(['received', 'in-review', 'verified', 'not-verified']), updatedAt: timestamp });

/** RFC 9457 problem details; only `code` is acted on. */
export const problemBody = z.object({ code: z.string().max(100), status: z.number().int().optional(), title: z.string().optional() });

/** Service paths, one per AccountAdapter method. */
export const ServicePaths = {
  sendSecurityCode: '/v1/challenges/security-code',
  startAuthenticatorChallenge: '/v1/challenges/authenticator',
  sendUnblockCode: '/v1/challenges/unblock-code',
  verifyRecoveryContact: '/v1/challenges/recovery-contact',
  verifyCode: (id: string) => `/v1/challenges/${encodeURIComponent(id)}/verify`,
  resendCode: (id: string) => `/v1/challenges/${encodeURIComponent(id)}/resend`,
  issueResetLink: '/v1/password-reset-links',
  unblock: '/v1/unblock',
  startSecretQuestion: '/v1/secret-questions',
  answerSecretQuestion: (id: string) => `/v1/secret-questions/${encodeURIComponent(id)}/answer`,
  checkRecoveryCode: '/v1/recovery-codes/check',
  submitRecoveryRequest: '/v1/recovery-requests',
  getRecoveryStatus: (ticketId: string) => `/v1/recovery-requests/${encodeURIComponent(ticketId)}`,
} as const;
