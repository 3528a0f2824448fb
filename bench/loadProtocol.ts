/** What bench/load.ts and its server children (bench/loadServer.ts) share: names, header, IPC messages. */

/** Conversation ids of flows start with this (bench/load.ts names them): only their responses get the code header. */
export const FLOW_CONVERSATION_PREFIX = 'flow-';
/** The response header that carries the newest demo code of a flow conversation. */
export const DEMO_CODE_HEADER = 'x-bench-demo-code';
/**
 * Sent with the turns after which the script types the code (the contact, the method): only their
 * responses look the code up, so the benchmark's own work stays out of the turns it measures
 * (the demo's outbox lookup walks every recovery request submitted so far).
 */
export const WANT_CODE_HEADER = 'x-bench-want-code';

/** Parent → child. */
export type ParentMessage = { readonly type: 'usage' } | { readonly type: 'profile-start' } | { readonly type: 'profile-stop'; readonly file: string } | { readonly type: 'stop' };

/** Child → parent. */
export type ChildMessage =
  | { readonly type: 'ready'; readonly port: number }
  /** Cumulative CPU time (user + system) of the process and turns answered since it started. */
  | { readonly type: 'usage'; readonly cpuMicros: number; readonly turns: number }
  | { readonly type: 'profile-stopped'; readonly file: string }
  | { readonly type: 'failed'; readonly error: string };
