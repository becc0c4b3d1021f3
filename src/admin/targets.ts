/**
 * Where webhooks may be sent (the WEBHOOK_SCHEMES and WEBHOOK_ADDRESSES settings).
 *
 * A subscription's URL is checked twice: its syntax and scheme when it is saved (and an IP-literal
 * host's range then too), and the address actually connected to at every attempt. The attempt
 * resolves the host itself and connects only to an address it has checked, so a name that resolves
 * to a public address when saved and to 127.0.0.1 or 10.x later (DNS rebinding) is refused at the
 * connection. Redirects are never followed, so a 3xx cannot lead elsewhere either.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export type AddressRange = 'public' | 'loopback' | 'private';
export type Scheme = 'http' | 'https';

export interface TargetPolicy {
  readonly schemes: readonly Scheme[];
  readonly ranges: readonly AddressRange[];
}

const SCHEMES: readonly Scheme[] = ['http', 'https'];

function blockList(v4: string[], v6: string[]): BlockList {
  const list = new BlockList();
  for (const cidr of v4) list.addSubnet(cidr.split('/')[0], Number(cidr.split('/')[1]), 'ipv4');
  for (const cidr of v6) list.addSubnet(cidr.split('/')[0], Number(cidr.split('/')[1]), 'ipv6');
  return list;
}

const LOOPBACK = blockList(['127.0.0.0/8'], ['::1/128']);
/** RFC 1918, shared address space (CGNAT), link-local (cloud metadata lives there), unique-local. */
const PRIVATE = blockList(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'], ['fc00::/7', 'fe80::/10']);
/** "This network", multicast, reserved and broadcast: never a receiver, whatever the setting. */
const NEVER = blockList(['0.0.0.0/8', '224.0.0.0/4', '240.0.0.0/4'], ['::/128', 'ff00::/8']);

/** The range an IP address belongs to; null for one that is never a target. */
export function rangeOf(address: string): AddressRange | null {
  let ip = address;
  let family = isIP(ip);
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is.
  const mapped = family === 6 ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip) : null;
  if (mapped) {
    ip = mapped[1];
    family = 4;
  }
  if (family === 0) return null;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (NEVER.check(ip, type)) return null;
  if (LOOPBACK.check(ip, type)) return 'loopback';
  if (PRIVATE.check(ip, type)) return 'private';
  return 'public';
}

export class TargetRefused extends Error {}

/** Throws TargetRefused unless `address` is in a range the policy allows. */
export function checkAddress(policy: TargetPolicy, address: string, host = address): void {
  const range = rangeOf(address);
  if (range === null) throw new TargetRefused(`${host} resolves to ${address}, which is never a webhook target`);
  if (!policy.ranges.includes(range)) {
    throw new TargetRefused(`${host} resolves to ${address}, a ${range} address, which WEBHOOK_ADDRESSES does not allow`);
  }
}

/** The URL's host as an IP address when it is written as one (brackets off an IPv6 literal). */
export const ipLiteral = (url: URL): string | null => {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return isIP(host) ? host : null;
};

/**
 * Checks a URL as it is saved: syntax, scheme, no credentials, and the range of an IP-literal host.
 * Returns the normalised URL, or the reason it is refused.
 */
export function checkUrl(policy: TargetPolicy, raw: string): { url: string } | { refused: string } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { refused: 'url must be an absolute http or https URL' };
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!(SCHEMES as readonly string[]).includes(scheme)) return { refused: 'url must be an http or https URL' };
  if (!policy.schemes.includes(scheme as Scheme)) return { refused: `url must use ${policy.schemes.join(' or ')} (WEBHOOK_SCHEMES)` };
  if (url.username || url.password) return { refused: 'url must not carry credentials' };
  if (url.hash) return { refused: 'url must not have a #fragment' };
  const literal = ipLiteral(url);
  if (literal) {
    try {
      checkAddress(policy, literal, url.hostname);
    } catch (error) {
      return { refused: (error as Error).message };
    }
  }
  return { url: url.toString() };
}

/**
 * A `lookup` for http.request that resolves the name and hands the socket only the addresses the
 * policy allows (refusing the connection when none is): the check and the connection use the same
 * answer, so a second, different DNS answer cannot slip in between.
 */
export function guardedLookup(policy: TargetPolicy): LookupFunction {
  return ((hostname: string, options: any, callback: (...args: any[]) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error);
      const allowed = addresses.filter((a) => rangeOf(a.address) !== null && policy.ranges.includes(rangeOf(a.address)!));
      if (allowed.length === 0) {
        try {
          checkAddress(policy, addresses[0]?.address ?? '', hostname);
        } catch (refused) {
          return callback(refused);
        }
        return callback(new TargetRefused(`${hostname} has no address`));
      }
      if (options?.all) return callback(null, allowed);
      return callback(null, allowed[0].address, allowed[0].family);
    });
  }) as LookupFunction;
}
