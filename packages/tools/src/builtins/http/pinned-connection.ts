import type { Duplex } from 'node:stream';
import { AddressBlockedError } from '../../errors/builtin-errors.js';
import { type AddressGuardOptions, blockedRangeOf } from './address-guard.js';
import { formatIpAddress, parseIpAddress } from './ip-address.js';

/** A resolved address. */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolves a host name to addresses. The default uses the system resolver (`dns.lookup`). */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** Where the fetch tool connects: an address already checked, never a name. */
export interface ConnectTarget {
  /** The checked IP address to connect to. */
  readonly address: string;
  readonly family: 4 | 6;
  readonly port: number;
  /** The URL's host name, for TLS (SNI and certificate checks). */
  readonly hostname: string;
  readonly tls: boolean;
}

/** Opens the connection. The default opens a TCP or TLS socket to `target.address`. */
export type Connector = (target: ConnectTarget) => Duplex | Promise<Duplex>;

/** The system resolver: every address of the name. */
export const systemResolver: HostResolver = async (hostname) => {
  const { lookup } = await import('node:dns/promises');
  const results = await lookup(hostname, { all: true, verbatim: true });
  return results.map((result) => ({
    address: result.address,
    family: result.family === 6 ? 6 : 4,
  }));
};

/** Connects to the checked address itself, so no second resolution can change it. */
export const directConnector: Connector = async (target) => {
  if (!target.tls)
    return (await import('node:net')).connect({ host: target.address, port: target.port });
  // Loaded on first use: node:tls takes tens of milliseconds to load.
  return (await import('node:tls')).connect({
    host: target.address,
    port: target.port,
    ...(parseIpAddress(target.hostname) ? {} : { servername: target.hostname }),
    ALPNProtocols: ['http/1.1'],
  });
};

/**
 * The one address to connect to for `hostname`: the literal itself (in any notation) or the
 * resolver's answer. Every resolved address must be allowed (a name that resolves to one private
 * address among public ones is refused), and the first one is pinned for the connection, so DNS
 * rebinding cannot swap it. Throws `ADDRESS_BLOCKED`.
 */
export async function resolvePinnedAddress(
  hostname: string,
  resolver: HostResolver,
  guard: AddressGuardOptions,
): Promise<ResolvedAddress> {
  const literal = parseIpAddress(hostname);
  const addresses: readonly ResolvedAddress[] = literal
    ? [{ address: formatIpAddress(literal), family: literal.family }]
    : await resolver(hostname);
  if (addresses.length === 0) {
    throw new AddressBlockedError(hostname, '(none)', 'no address: the name does not resolve');
  }
  for (const { address } of addresses) {
    const blocked = blockedRangeOf(address, guard);
    if (blocked !== undefined) throw new AddressBlockedError(hostname, address, blocked);
  }
  const first = addresses[0]!;
  const parsed = parseIpAddress(first.address)!;
  return { address: formatIpAddress(parsed), family: parsed.family };
}
