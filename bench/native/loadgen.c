/*
 * Load generator and sinks of the SFU benchmark (bench/sfu.ts drives it over stdin/stdout).
 *
 * Senders: every synthetic point replays the same pre-packetised clip (bench/lib/clip.ts: three
 * VP8 simulcast layers and Opus) with its own SSRCs, sequence numbers, RTP timestamps, VP8 picture
 * ids and phase, at real-time pace, SRTP-protected with libsrtp (the same library the worker uses),
 * and sends RTCP Sender Reports every second (the SFU needs them to switch simulcast layers).
 * The last 12 bytes of each payload of 24 bytes or more carry a tag (magic + send time, monotonic
 * ns): the SFU never reads them (it reads only the VP8 descriptor and the first payload byte).
 *
 * Sinks: one UDP socket per receiver transport. Every RTP packet is counted and its sequence
 * number tracked per SSRC (the SFU forwards without gaps, so a gap is a loss); every k-th packet is
 * SRTP-decrypted and its tag gives the delay from the point's send to the sink's receive.
 *
 * One thread, epoll, recvmmsg. Commands (one per line):
 *   sinks N                                   -> "ports P1 P2 ..."
 *   sinkkey I SUITE KEYHEX                    -> "ok"
 *   point DSTPORT SSRC0 SSRC1 SSRC2 SSRCA SUITE KEYHEX PHASEUS -> "ok"
 *   run WARMUPMS MEASUREMS DECRYPTEVERY       -> one JSON line with the figures of the measure window
 * SUITE: none | AEAD_AES_256_GCM | AEAD_AES_128_GCM | AES_CM_128_HMAC_SHA1_80
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <srtp2/srtp.h>

#define MAX_POINTS 512
#define MAX_SINKS 512
#define MAX_STREAMS 96
#define TAG_MAGIC 0x484e4731u /* "HNG1" */
#define HIST_US 10            /* delay histogram bucket */
#define HIST_N 20000          /* up to 200 ms */
#define BATCH 64
#define PKT_MAX 1600

typedef struct { uint32_t tUs, tsRel; uint16_t frame; uint8_t stream, flags; uint16_t len; const uint8_t *payload; } rec_t;
static rec_t *recs; static uint32_t nrecs, clipUs, videoFrames, audioPackets;

typedef struct {
	int fd; srtp_t srtp; int crypt;
	uint32_t ssrc[4]; uint16_t seq[4]; uint32_t tsBase, audioTsBase;
	int64_t phaseUs; uint32_t loop, idx; int64_t nextNs, nextSrNs;
	uint32_t pkts[4], octets[4];
} point_t;

typedef struct { uint32_t ssrc; int64_t base, max; uint64_t recv; } sstream_t;
typedef struct {
	int fd; srtp_t srtp; int crypt;
	sstream_t st[MAX_STREAMS]; int nst;
	uint64_t pkts, bytes, rtcp, authFail, decrypted;
} sink_t;

static point_t points[MAX_POINTS]; static int npoints;
static sink_t sinks[MAX_SINKS]; static int nsinks;
static int heap[MAX_POINTS]; static int nheap;
static uint64_t hist[HIST_N + 1]; static uint64_t histN, histMaxUs;
static uint64_t sentPkts, sentBytes, sentRtcp, sendErrors, lateSumUs, lateMaxUs, lateN;
static int64_t T0;

static int64_t mono(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec; }
static void die(const char *m) { fprintf(stderr, "loadgen: %s (%s)\n", m, strerror(errno)); exit(2); }

static void load_clip(const char *file) {
	FILE *f = fopen(file, "rb"); if (!f) die("cannot open clip");
	fseek(f, 0, SEEK_END); long n = ftell(f); fseek(f, 0, SEEK_SET);
	uint8_t *buf = malloc(n); if (fread(buf, 1, n, f) != (size_t)n) die("short read"); fclose(f);
	if (memcmp(buf, "HNCL", 4)) die("not a clip");
	memcpy(&clipUs, buf + 8, 4); memcpy(&videoFrames, buf + 12, 4); memcpy(&audioPackets, buf + 16, 4); memcpy(&nrecs, buf + 20, 4);
	recs = calloc(nrecs, sizeof(rec_t));
	size_t off = 24;
	for (uint32_t i = 0; i < nrecs; i++) {
		rec_t *r = &recs[i];
		memcpy(&r->tUs, buf + off, 4); memcpy(&r->tsRel, buf + off + 4, 4); memcpy(&r->frame, buf + off + 8, 2);
		r->stream = buf[off + 10]; r->flags = buf[off + 11]; memcpy(&r->len, buf + off + 12, 2);
		r->payload = buf + off + 14; off += 14 + r->len;
	}
}

static int hexkey(const char *hex, uint8_t *out) {
	int n = (int)strlen(hex) / 2;
	for (int i = 0; i < n; i++) { unsigned v; if (sscanf(hex + 2 * i, "%2x", &v) != 1) return -1; out[i] = (uint8_t)v; }
	return n;
}

static int make_srtp(srtp_t *s, const char *suite, const char *hex, int outbound) {
	if (!strcmp(suite, "none")) return 0;
	static uint8_t key[64]; memset(key, 0, sizeof key);
	int n = hexkey(hex, key);
	srtp_policy_t p; memset(&p, 0, sizeof p);
	if (!strcmp(suite, "AEAD_AES_256_GCM")) { srtp_crypto_policy_set_aes_gcm_256_16_auth(&p.rtp); srtp_crypto_policy_set_aes_gcm_256_16_auth(&p.rtcp); if (n != 44) return -1; }
	else if (!strcmp(suite, "AEAD_AES_128_GCM")) { srtp_crypto_policy_set_aes_gcm_128_16_auth(&p.rtp); srtp_crypto_policy_set_aes_gcm_128_16_auth(&p.rtcp); if (n != 28) return -1; }
	else if (!strcmp(suite, "AES_CM_128_HMAC_SHA1_80")) { srtp_crypto_policy_set_rtp_default(&p.rtp); srtp_crypto_policy_set_rtcp_default(&p.rtcp); if (n != 30) return -1; }
	else return -1;
	p.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
	p.key = key; p.window_size = 1024; p.allow_repeat_tx = 0;
	if (srtp_create(s, &p) != srtp_err_status_ok) return -1;
	return 1;
}

static int udp_socket(int port) {
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0); if (fd < 0) die("socket");
	int sz = 4 << 20; setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz); setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) }; a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof a)) die("bind");
	return fd;
}
static int port_of(int fd) { struct sockaddr_in a; socklen_t l = sizeof a; getsockname(fd, (struct sockaddr *)&a, &l); return ntohs(a.sin_port); }

/* --- the schedule: a binary heap of points by their next send time --- */
static int64_t rec_time(point_t *p) { return T0 + ((int64_t)p->loop * clipUs + recs[p->idx].tUs - p->phaseUs) * 1000; }
static void heap_down(int i) {
	for (;;) { int l = 2 * i + 1, r = l + 1, m = i;
		if (l < nheap && points[heap[l]].nextNs < points[heap[m]].nextNs) m = l;
		if (r < nheap && points[heap[r]].nextNs < points[heap[m]].nextNs) m = r;
		if (m == i) return;
		int t = heap[i]; heap[i] = heap[m]; heap[m] = t; i = m; }
}

static void write_rtp_header(uint8_t *b, int marker, int pt, uint16_t seq, uint32_t ts, uint32_t ssrc) {
	b[0] = 0x80; b[1] = (uint8_t)((marker ? 0x80 : 0) | pt);
	b[2] = seq >> 8; b[3] = seq & 0xff;
	b[4] = ts >> 24; b[5] = ts >> 16; b[6] = ts >> 8; b[7] = ts;
	b[8] = ssrc >> 24; b[9] = ssrc >> 16; b[10] = ssrc >> 8; b[11] = ssrc;
}
static void put32(uint8_t *b, uint32_t v) { b[0] = v >> 24; b[1] = v >> 16; b[2] = v >> 8; b[3] = v; }

static void send_buf(point_t *p, uint8_t *b, int len, int rtcp) {
	if (p->crypt) {
		int l = len;
		srtp_err_status_t e = rtcp ? srtp_protect_rtcp(p->srtp, b, &l) : srtp_protect(p->srtp, b, &l);
		if (e) { sendErrors++; return; }
		len = l;
	}
	if (send(p->fd, b, len, 0) < 0) { sendErrors++; return; }
	if (rtcp) sentRtcp++; else { sentPkts++; sentBytes += len; }
}

/* Sender Reports for the four streams; RTP time follows the clip's clock (90 kHz video, 48 kHz audio). */
static void send_srs(point_t *p, int64_t now) {
	struct timespec rt; clock_gettime(CLOCK_REALTIME, &rt);
	uint64_t ntpSec = (uint64_t)rt.tv_sec + 2208988800ULL; uint64_t ntpFrac = ((uint64_t)rt.tv_nsec << 32) / 1000000000ULL;
	double elapsed = (double)(now - T0) / 1e9 + (double)p->phaseUs / 1e6;
	for (int s = 0; s < 4; s++) {
		uint8_t b[64 + SRTP_MAX_TRAILER_LEN];
		uint32_t ts = s < 3 ? p->tsBase + (uint32_t)(int64_t)(elapsed * 90000) : p->audioTsBase + (uint32_t)(int64_t)(elapsed * 48000);
		b[0] = 0x80; b[1] = 200; b[2] = 0; b[3] = 6;
		put32(b + 4, p->ssrc[s]); put32(b + 8, (uint32_t)ntpSec); put32(b + 12, (uint32_t)ntpFrac);
		put32(b + 16, ts); put32(b + 20, p->pkts[s]); put32(b + 24, p->octets[s]);
		send_buf(p, b, 28, 1);
	}
	p->nextSrNs = now + 1000000000LL;
}

static void send_next(point_t *p, int64_t now) {
	const rec_t *r = &recs[p->idx];
	uint8_t b[PKT_MAX];
	int s = r->stream;
	uint32_t ts = s < 3 ? p->tsBase + p->loop * (clipUs / 1000000u * 90000u) + r->tsRel
	                    : p->audioTsBase + p->loop * (clipUs / 1000000u * 48000u) + r->tsRel;
	write_rtp_header(b, r->flags & 1, s < 3 ? 101 : 100, p->seq[s]++, ts, p->ssrc[s]);
	memcpy(b + 12, r->payload, r->len);
	if (s < 3) { /* continue the 15-bit picture id across loops of the clip */
		uint16_t pid = (uint16_t)((p->loop * videoFrames + r->frame) & 0x7fff);
		b[14] = 0x80 | (pid >> 8); b[15] = pid & 0xff;
	}
	uint64_t lateUs = now > p->nextNs ? (uint64_t)(now - p->nextNs) / 1000 : 0;
	lateSumUs += lateUs; lateN++; if (lateUs > lateMaxUs) lateMaxUs = lateUs;
	if (r->len >= 24) {
		uint8_t *tag = b + 12 + r->len - 12; uint32_t m = TAG_MAGIC; int64_t t = mono();
		memcpy(tag, &m, 4); memcpy(tag + 4, &t, 8);
	}
	p->pkts[s]++; p->octets[s] += r->len;
	send_buf(p, b, 12 + r->len, 0);
	if (++p->idx >= nrecs) { p->idx = 0; p->loop++; }
	p->nextNs = rec_time(p);
}

/* --- sinks --- */
static sstream_t *stream_of(sink_t *k, uint32_t ssrc) {
	for (int i = 0; i < k->nst; i++) if (k->st[i].ssrc == ssrc) return &k->st[i];
	if (k->nst >= MAX_STREAMS) return NULL;
	sstream_t *s = &k->st[k->nst++]; memset(s, 0, sizeof *s); s->ssrc = ssrc; s->base = -1; return s;
}

static void on_packet(sink_t *k, uint8_t *b, int len, int64_t now, int decryptEvery) {
	if (len < 12 || (b[0] >> 6) != 2) return;
	int pt = b[1] & 0x7f;
	if (pt >= 72 && pt <= 76) { k->rtcp++; return; } /* RTCP (rtcp-mux range) */
	k->pkts++; k->bytes += len;
	uint16_t seq = (uint16_t)(b[2] << 8 | b[3]); uint32_t ssrc = (uint32_t)b[8] << 24 | b[9] << 16 | b[10] << 8 | b[11];
	sstream_t *s = stream_of(k, ssrc);
	if (s) {
		if (s->base < 0) { s->base = s->max = seq; }
		else { int64_t ext = s->max + (int16_t)(uint16_t)(seq - (uint16_t)s->max); if (ext > s->max) s->max = ext; }
		s->recv++;
	}
	if (decryptEvery <= 0 || (k->pkts % (uint64_t)decryptEvery) != 0) return;
	int l = len;
	if (k->crypt) { if (srtp_unprotect(k->srtp, b, &l) != srtp_err_status_ok) { k->authFail++; return; } }
	k->decrypted++;
	int hdr = 12 + 4 * (b[0] & 0x0f);
	if (b[0] & 0x10) { if (hdr + 4 > l) return; hdr += 4 + 4 * ((b[hdr + 2] << 8) | b[hdr + 3]); }
	if (l - hdr < 24) return;
	uint32_t m; int64_t t; memcpy(&m, b + l - 12, 4); memcpy(&t, b + l - 8, 8);
	if (m != TAG_MAGIC || t <= 0 || t > now) return;
	uint64_t us = (uint64_t)(now - t) / 1000, bucket = us / HIST_US;
	hist[bucket > HIST_N ? HIST_N : bucket]++; histN++; if (us > histMaxUs) histMaxUs = us;
}

static struct mmsghdr msgs[BATCH]; static struct iovec iovs[BATCH]; static uint8_t bufs[BATCH][PKT_MAX];
static void drain(int fd, sink_t *k, int decryptEvery) {
	for (;;) {
		for (int i = 0; i < BATCH; i++) { iovs[i].iov_base = bufs[i]; iovs[i].iov_len = PKT_MAX; memset(&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr); msgs[i].msg_hdr.msg_iov = &iovs[i]; msgs[i].msg_hdr.msg_iovlen = 1; }
		int n = recvmmsg(fd, msgs, BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0) return;
		if (k) { int64_t now = mono(); for (int i = 0; i < n; i++) on_packet(k, bufs[i], (int)msgs[i].msg_len, now, decryptEvery); }
		if (n < BATCH) return;
	}
}

static uint64_t hist_pct(double q) {
	if (!histN) return 0;
	uint64_t want = (uint64_t)(q * (double)histN), acc = 0;
	if (want < 1) want = 1;
	for (int i = 0; i <= HIST_N; i++) { acc += hist[i]; if (acc >= want) return (uint64_t)i * HIST_US + HIST_US / 2; }
	return histMaxUs;
}

static void reset_stats(void) {
	for (int i = 0; i < nsinks; i++) { sink_t *k = &sinks[i]; k->pkts = k->bytes = k->rtcp = k->authFail = k->decrypted = 0; for (int j = 0; j < k->nst; j++) { k->st[j].base = -1; k->st[j].recv = 0; } }
	memset(hist, 0, sizeof hist); histN = histMaxUs = 0;
	sentPkts = sentBytes = sentRtcp = sendErrors = lateSumUs = lateMaxUs = lateN = 0;
}

static void run(int warmupMs, int measureMs, int decryptEvery) {
	int ep = epoll_create1(0);
	for (int i = 0; i < nsinks; i++) { struct epoll_event e = { .events = EPOLLIN, .data.u32 = (uint32_t)i }; epoll_ctl(ep, EPOLL_CTL_ADD, sinks[i].fd, &e); }
	for (int i = 0; i < npoints; i++) { struct epoll_event e = { .events = EPOLLIN, .data.u32 = 0x80000000u | (uint32_t)i }; epoll_ctl(ep, EPOLL_CTL_ADD, points[i].fd, &e); }
	T0 = mono() + 5000000LL;
	nheap = 0;
	for (int i = 0; i < npoints; i++) {
		point_t *p = &points[i]; p->loop = 0; p->idx = 0;
		while (p->idx < nrecs && recs[p->idx].tUs < p->phaseUs) p->idx++;
		if (p->idx >= nrecs) { p->idx = 0; p->loop = 1; }
		p->nextNs = rec_time(p); p->nextSrNs = T0 + 300000000LL + (int64_t)(i % 100) * 7000000LL; /* after each stream's first RTP */
		heap[nheap++] = i;
	}
	for (int i = nheap / 2 - 1; i >= 0; i--) heap_down(i);
	int64_t warmEnd = T0 + (int64_t)warmupMs * 1000000LL, end = warmEnd + (int64_t)measureMs * 1000000LL, measureStart = 0;
	struct epoll_event evs[256];
	for (;;) {
		int64_t now = mono();
		if (now >= end) break;
		if (!measureStart && now >= warmEnd) { reset_stats(); measureStart = now; }
		while (nheap && points[heap[0]].nextNs <= now) {
			point_t *p = &points[heap[0]];
			send_next(p, now);
			if (now >= p->nextSrNs) send_srs(p, now);
			heap_down(0);
		}
		int64_t wait = nheap ? points[heap[0]].nextNs - mono() : 1000000;
		if (wait < 0) wait = 0;
		if (wait > 1000000) wait = 1000000;
		struct timespec to = { 0, wait };
		int n = epoll_pwait2(ep, evs, 256, &to, NULL);
		for (int i = 0; i < n; i++) {
			uint32_t d = evs[i].data.u32;
			if (d & 0x80000000u) drain(points[d & 0x7fffffffu].fd, NULL, 0);
			else drain(sinks[d].fd, &sinks[d], decryptEvery);
		}
	}
	double secs = (double)(mono() - measureStart) / 1e9;
	uint64_t recv = 0, bytes = 0, lost = 0, expected = 0, authFail = 0, decrypted = 0, rtcp = 0;
	printf("{\"seconds\":%.3f,\"sentPackets\":%lu,\"sentBytes\":%lu,\"sentRtcp\":%lu,\"sendErrors\":%lu,\"lateMeanUs\":%.1f,\"lateMaxUs\":%lu,\"sinks\":[",
	       secs, sentPkts, sentBytes, sentRtcp, sendErrors, lateN ? (double)lateSumUs / lateN : 0.0, lateMaxUs);
	for (int i = 0; i < nsinks; i++) {
		sink_t *k = &sinks[i]; uint64_t kl = 0, ke = 0;
		for (int j = 0; j < k->nst; j++) { sstream_t *s = &k->st[j]; if (s->base < 0) continue; uint64_t e = (uint64_t)(s->max - s->base + 1); ke += e; kl += e > s->recv ? e - s->recv : 0; }
		printf("%s{\"packets\":%lu,\"expected\":%lu,\"lost\":%lu,\"streams\":%d}", i ? "," : "", k->pkts, ke, kl, k->nst);
		recv += k->pkts; bytes += k->bytes; lost += kl; expected += ke; authFail += k->authFail; decrypted += k->decrypted; rtcp += k->rtcp;
	}
	printf("],\"received\":%lu,\"receivedBytes\":%lu,\"expected\":%lu,\"lost\":%lu,\"rtcpIn\":%lu,\"decrypted\":%lu,\"authFail\":%lu,"
	       "\"delay\":{\"n\":%lu,\"p50Us\":%lu,\"p99Us\":%lu,\"maxUs\":%lu}}\n",
	       recv, bytes, expected, lost, rtcp, decrypted, authFail, histN, hist_pct(0.5), hist_pct(0.99), histMaxUs);
	fflush(stdout);
	close(ep);
}

int main(int argc, char **argv) {
	if (argc < 2) { fprintf(stderr, "usage: loadgen CLIP\n"); return 2; }
	load_clip(argv[1]);
	if (srtp_init() != srtp_err_status_ok) die("srtp_init");
	char line[1024];
	while (fgets(line, sizeof line, stdin)) {
		char suite[64], key[256]; int a, b, c;
		if (sscanf(line, "sinks %d", &a) == 1) {
			printf("ports");
			for (int i = 0; i < a && nsinks < MAX_SINKS; i++) { sinks[nsinks].fd = udp_socket(0); printf(" %d", port_of(sinks[nsinks].fd)); nsinks++; }
			printf("\n");
		} else if (sscanf(line, "sinkkey %d %63s %255s", &a, suite, key) == 3 && a >= 0 && a < nsinks) {
			int r = make_srtp(&sinks[a].srtp, suite, key, 0);
			if (r < 0) { printf("error bad sink key\n"); } else { sinks[a].crypt = r; printf("ok\n"); }
		} else if (!strncmp(line, "point ", 6) && npoints < MAX_POINTS) {
			point_t *p = &points[npoints]; unsigned port; long long phase;
			if (sscanf(line, "point %u %u %u %u %u %63s %255s %lld", &port, &p->ssrc[0], &p->ssrc[1], &p->ssrc[2], &p->ssrc[3], suite, key, &phase) != 8) { printf("error bad point\n"); fflush(stdout); continue; }
			int r = make_srtp(&p->srtp, suite, key, 1);
			if (r < 0) { printf("error bad point key\n"); fflush(stdout); continue; }
			p->crypt = r; p->phaseUs = phase % clipUs;
			p->fd = udp_socket(0);
			struct sockaddr_in d = { .sin_family = AF_INET, .sin_port = htons(port) }; d.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
			if (connect(p->fd, (struct sockaddr *)&d, sizeof d)) die("connect");
			p->tsBase = (uint32_t)rand(); p->audioTsBase = (uint32_t)rand();
			for (int s = 0; s < 4; s++) p->seq[s] = (uint16_t)rand();
			npoints++; printf("ok\n");
		} else if (sscanf(line, "run %d %d %d", &a, &b, &c) == 3) {
			run(a, b, c);
		} else if (!strncmp(line, "quit", 4)) {
			break;
		} else {
			printf("error unknown command\n");
		}
		fflush(stdout);
	}
	return 0;
}
