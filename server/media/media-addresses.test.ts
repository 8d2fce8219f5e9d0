import { describe, expect, it } from 'vitest';
import { describeMediaAddresses, mediaAddresses, type InterfaceTable } from './media-addresses.js';

const lo = [
  { address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' },
  { address: '::1', netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', family: 'IPv6', mac: '00:00:00:00:00:00', internal: true, cidr: '::1/128', scopeid: 0 },
] as const;
const lan = [
  { address: '10.0.5.20', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal: false, cidr: '10.0.5.20/24' },
  { address: 'fd00::20', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:00:00:00:00:01', internal: false, cidr: 'fd00::20/64', scopeid: 0 },
  { address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:00:00:00:00:01', internal: false, cidr: 'fe80::1/64', scopeid: 2 },
] as const;
const table = { lo: [...lo], eth0: [...lan] } as unknown as InterfaceTable;

describe('the addresses browsers are told to send media to', () => {
  it('0.0.0.0 with no announced address: each IPv4 interface address, loopback last', () => {
    expect(mediaAddresses({ listenIp: '0.0.0.0', announcedAddress: undefined }, table)).toEqual([
      { ip: '10.0.5.20', loopback: false },
      { ip: '127.0.0.1', loopback: true },
    ]);
  });

  it(':: adds the IPv6 addresses, but no link-local one (it needs a scope no browser candidate carries)', () => {
    expect(mediaAddresses({ listenIp: '::', announcedAddress: undefined }, table).map((a) => a.ip)).toEqual(['10.0.5.20', 'fd00::20', '127.0.0.1', '::1']);
  });

  it('an announced address is what browsers are told, bound on the listen address', () => {
    expect(mediaAddresses({ listenIp: '0.0.0.0', announcedAddress: '203.0.113.7' }, table)).toEqual([{ ip: '0.0.0.0', announcedAddress: '203.0.113.7', loopback: false }]);
  });

  it('a specific listen address is offered as itself', () => {
    expect(mediaAddresses({ listenIp: '10.0.5.20', announcedAddress: undefined }, table)).toEqual([{ ip: '10.0.5.20', loopback: false }]);
  });

  it('a machine with only loopback gets a warning naming RTC_ANNOUNCED_IP', () => {
    const only = mediaAddresses({ listenIp: '0.0.0.0', announcedAddress: undefined }, { lo: [...lo] } as unknown as InterfaceTable);
    expect(only).toEqual([{ ip: '127.0.0.1', loopback: true }]);
    const told = describeMediaAddresses(only);
    expect(told.level).toBe('warn');
    expect(told.message).toContain('RTC_ANNOUNCED_IP');
    expect(describeMediaAddresses(mediaAddresses({ listenIp: '0.0.0.0', announcedAddress: undefined }, table)).level).toBe('info');
  });

  it('an empty interface table still offers loopback', () => {
    expect(mediaAddresses({ listenIp: '0.0.0.0', announcedAddress: undefined }, {})).toEqual([{ ip: '127.0.0.1', loopback: true }]);
  });
});
