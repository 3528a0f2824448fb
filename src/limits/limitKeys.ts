import { isIP } from 'node:net';
import { currentScope, type RequestScope } from '../requestScope';

/**
 * What per-client limits count (issue 11). An IPv4 address is one client. An IPv6 client
 * usually holds a whole /64 (SLAAC, privacy addresses) and can take a fresh address from it
 * for every request, so a limit per /128 would be no limit: IPv6 addresses are counted per /64.
 */
export function clientKey(address: string): string {
  const plain = address.startsWith('::ffff:') && isIP(address.slice('::ffff:'.length)) === 4 ? address.slice('::ffff:'.length) : address;
  const prefix = ipv6Prefix64(plain);
  return prefix ?? plain;
}

/**
 * Who a per-client code limit counts in the request in flight: the client's address when
 * there is one (anonymous mode, the local Direct Line); with Bot Framework authentication the
 * socket is Azure's, so the conversation instead (one conversation cannot guess on without
 * end). Undefined outside a request (proactive work, tests): there is nobody to count.
 */
export function requesterKey(scope: RequestScope | undefined = currentScope()): string | undefined {
  if (scope?.clientAddress !== undefined) return `client:${clientKey(scope.clientAddress)}`;
  if (scope?.conversation !== undefined) return `conversation:${scope.conversation.channelId}\u0000${scope.conversation.conversationId}`;
  return undefined;
}

/** "2001:db8:0:1::/64" for any address of that /64 (leading zeros dropped), or undefined when it is not IPv6. */
function ipv6Prefix64(address: string): string | undefined {
  const plain = address.split('%')[0] ?? address; // a zone id (fe80::1%eth0) names an interface, not a client
  if (isIP(plain) !== 6) return undefined;
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ipv4Groups(g) : [g])));
  const [head = '', tail] = plain.split('::');
  const before = groups(head);
  const after = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? before : [...before, ...Array<string>(8 - before.length - after.length).fill('0'), ...after];
  return `${all
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/** The two 16-bit groups of an IPv4 address written at the end of an IPv6 one (::ffff:192.0.2.1). */
function ipv4Groups(dotted: string): string[] {
  const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
