import os from 'node:os';
import type { types } from 'mediasoup';
import type { Config } from '../config/config.js';

/**
 * The addresses browsers are told to send media to (their ICE candidates). The default listen
 * address 0.0.0.0 is no address a browser can send to: offered as a candidate it is ignored and
 * every tile stays black. So with no announced address, a wildcard listen address becomes one
 * socket per usable local address (each interface's own address, then loopback), each offered as
 * itself; binding them one by one on the same port works where binding 0.0.0.0 twice would not.
 */
export type MediaAddress = {
  /** where the worker binds */
  ip: string;
  /** what the ICE candidate says, when not `ip` itself (RTC_ANNOUNCED_IP: LAN/NAT) */
  announcedAddress?: string;
  /** true for 127.0.0.0/8 and ::1: only a browser on this very machine can reach it */
  loopback: boolean;
};

export type InterfaceTable = NodeJS.Dict<os.NetworkInterfaceInfo[]>;

const WILDCARDS = new Set(['0.0.0.0', '::']);

export function isLoopback(ip: string): boolean {
  return ip === '::1' || ip === 'localhost' || ip.startsWith('127.');
}

export function mediaAddresses(rtc: Pick<Config['rtc'], 'listenIp' | 'announcedAddress'>, interfaces: InterfaceTable = os.networkInterfaces()): MediaAddress[] {
  if (rtc.announcedAddress) return [{ ip: rtc.listenIp, announcedAddress: rtc.announcedAddress, loopback: isLoopback(rtc.announcedAddress) }];
  if (!WILDCARDS.has(rtc.listenIp)) return [{ ip: rtc.listenIp, loopback: isLoopback(rtc.listenIp) }];
  // 0.0.0.0 listens on IPv4 only, :: on both families.
  const families = rtc.listenIp === '::' ? new Set(['IPv4', 'IPv6']) : new Set(['IPv4']);
  const usable = Object.values(interfaces)
    .flatMap((infos) => infos ?? [])
    // An IPv6 link-local address needs its interface's scope in every packet: no browser candidate.
    .filter((info) => families.has(info.family) && !(info.family === 'IPv6' && /^fe80:/i.test(info.address)));
  const outside = usable.filter((info) => !info.internal).map((info) => info.address);
  const inside = usable.filter((info) => info.internal).map((info) => info.address);
  // Loopback last (its candidate then has the lowest priority) and always there: a browser on
  // this machine can reach it, even on a machine whose interface table lists none.
  if (inside.length === 0) inside.push('127.0.0.1');
  return [...new Set([...outside, ...inside])].map((ip) => ({ ip, loopback: isLoopback(ip) }));
}

/** The log line of what browsers are told; a warning when only this machine's browsers can reach it. */
export function describeMediaAddresses(addresses: MediaAddress[]): { level: 'info' | 'warn'; told: string[]; message: string } {
  const told = addresses.map((a) => a.announcedAddress ?? a.ip);
  if (addresses.every((a) => a.loopback)) {
    return {
      level: 'warn',
      told,
      message:
        'Hình, tiếng chỉ tới được từ trình duyệt trên chính máy này (địa chỉ loopback); đặt RTC_ANNOUNCED_IP cho mạng LAN / ' +
        'media is reachable only from browsers on this machine (loopback addresses); set RTC_ANNOUNCED_IP for a LAN',
    };
  }
  return { level: 'info', told, message: 'browsers are told to send media to these addresses' };
}

/**
 * Where this node's pipe transports to other nodes listen (cascaded media): RTC_PIPE_IP, else the
 * node's RTC address (its announced address when it has one, else its first non-loopback one).
 * Pipes carry SRTP, so a shared network between the nodes is enough.
 */
export function pipeListenInfo(rtc: Pick<Config['rtc'], 'listenIp' | 'announcedAddress' | 'pipeIp'>, interfaces: InterfaceTable = os.networkInterfaces()): types.TransportListenInfo {
  if (rtc.pipeIp) return { protocol: 'udp', ip: rtc.pipeIp };
  const [first, ...rest] = mediaAddresses(rtc, interfaces);
  const chosen = [first, ...rest].find((a) => a && !a.loopback) ?? first;
  if (!chosen) return { protocol: 'udp', ip: rtc.listenIp };
  return { protocol: 'udp', ip: chosen.ip, ...(chosen.announcedAddress ? { announcedAddress: chosen.announcedAddress } : {}) };
}
