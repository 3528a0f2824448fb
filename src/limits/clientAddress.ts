import { isIP } from 'node:net';
import type { Request } from 'restify';

/**
 * Who is asking, for per-client limits and loopback-only routes. The local Direct Line posts
 * activities to /api/messages over loopback, so it names the person's address in this header;
 * it is believed only from a loopback socket (a remote client cannot set it for itself).
 */
export const FORWARDED_CLIENT_HEADER = 'x-madoguchi-client-address';

/** 127.0.0.0/8, ::1 and their IPv4-mapped form. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return plain === '::1' || (isIP(plain) === 4 && plain.startsWith('127.'));
}

/** A bind address that only this machine can reach: loopback IPs and "localhost". */
export function isLoopbackHost(host: string): boolean {
  return host.toLowerCase() === 'localhost' || isLoopbackAddress(host.replace(/^\[|\]$/g, ''));
}

/** The socket's peer address, with the IPv4-mapped prefix removed ("unknown" when the socket is gone). */
export function socketAddress(req: Request): string {
  const address = req.socket?.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

/**
 * A client on this machine: a loopback socket that did not come through a proxy. A tunnel or a
 * reverse proxy on the same host connects from loopback too, but adds X-Forwarded-For or
 * Forwarded, so its visitors are not taken for the operator.
 */
export function isLocalRequest(req: Request): boolean {
  return isLoopbackAddress(socketAddress(req)) && req.header('x-forwarded-for') === undefined && req.header('forwarded') === undefined;
}

/** The address the local Direct Line forwarded, when the request is from loopback and it names a valid IP. */
export function forwardedClientAddress(req: Request): string | undefined {
  const forwarded = req.header(FORWARDED_CLIENT_HEADER);
  if (forwarded === undefined || !isLoopbackAddress(socketAddress(req))) return undefined;
  const plain = forwarded.trim();
  return isIP(plain) !== 0 ? plain : undefined;
}
