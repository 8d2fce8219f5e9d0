import dgram from 'node:dgram';

// ffmpeg's RTP input listens on the port its SDP names and on the next one (for RTCP, even though
// mediasoup muxes RTCP onto the RTP port here), so a recorder needs two consecutive free UDP
// ports on loopback. Found by binding both and letting go; the short race with another process
// taking one in between is caught when ffmpeg fails to bind (the point's recorder is retried).

async function bindable(port: number, ip: string): Promise<dgram.Socket | null> {
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve) => {
    socket.once('error', () => (socket.close(), resolve(null)));
    socket.bind(port, ip, () => resolve(socket));
  });
}

export async function freeUdpPortPair(ip = '127.0.0.1', attempts = 20): Promise<number> {
  for (let i = 0; i < attempts; i++) {
    const first = await bindable(0, ip);
    if (!first) continue;
    const port = first.address().port;
    // An even RTP port with RTCP on the odd one after it, as RTP tools expect.
    const base = port % 2 === 0 ? port : port + 1;
    const a = base === port ? first : await bindable(base, ip);
    const b = base + 1 <= 65_535 ? await bindable(base + 1, ip) : null;
    for (const s of new Set([first, a, b])) s?.close();
    if (a && b) return base;
  }
  throw new Error('no free UDP port pair for a recorder');
}
