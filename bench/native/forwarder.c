/*
 * The machine's limit for the SFU benchmark: a minimal UDP forwarder, one socket in, ten out,
 * no crypto, recvmmsg/sendmmsg, on one core; and a blaster feeding it on the other core.
 *
 *   forwarder SECONDS PAYLOAD_BYTES FWD_CPU LOAD_CPU
 * The parent binds the input socket and ten sink sockets, forks the forwarder (pinned to FWD_CPU),
 * then blasts PAYLOAD_BYTES datagrams at it as fast as it can (pinned to LOAD_CPU) while draining
 * the sinks. The forwarder reports what it forwarded and its own CPU time. One JSON line out.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define OUTS 10
#define BATCH 32
#define PKT 1500

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static void pin(int cpu) { cpu_set_t s; CPU_ZERO(&s); CPU_SET(cpu, &s); sched_setaffinity(0, sizeof s, &s); }
static int sock(int nonblock) {
	int fd = socket(AF_INET, SOCK_DGRAM | (nonblock ? SOCK_NONBLOCK : 0), 0);
	int sz = 4 << 20; setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz); setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
	struct sockaddr_in a = { .sin_family = AF_INET }; a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(fd, (struct sockaddr *)&a, sizeof a); return fd;
}
static struct sockaddr_in addr_of(int fd) { struct sockaddr_in a; socklen_t l = sizeof a; getsockname(fd, (struct sockaddr *)&a, &l); return a; }

int main(int argc, char **argv) {
	double secs = argc > 1 ? atof(argv[1]) : 5; int payload = argc > 2 ? atoi(argv[2]) : 1100;
	int fwdCpu = argc > 3 ? atoi(argv[3]) : 0, loadCpu = argc > 4 ? atoi(argv[4]) : 1;
	int in = sock(0), sinks[OUTS]; struct sockaddr_in dst[OUTS];
	for (int i = 0; i < OUTS; i++) { sinks[i] = sock(1); dst[i] = addr_of(sinks[i]); }
	struct sockaddr_in inAddr = addr_of(in);
	int pipefd[2]; if (pipe(pipefd)) return 2;
	pid_t child = fork();
	if (child == 0) {
		pin(fwdCpu);
		int out = sock(0);
		static uint8_t bufs[BATCH][PKT]; struct iovec iov[BATCH]; struct mmsghdr rm[BATCH], sm[BATCH * OUTS];
		uint64_t fwd = 0; double until = now() + secs + 0.5;
		struct timeval tv = { 0, 100000 }; setsockopt(in, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		while (now() < until) {
			for (int i = 0; i < BATCH; i++) { iov[i].iov_base = bufs[i]; iov[i].iov_len = PKT; memset(&rm[i].msg_hdr, 0, sizeof rm[i].msg_hdr); rm[i].msg_hdr.msg_iov = &iov[i]; rm[i].msg_hdr.msg_iovlen = 1; }
			int n = recvmmsg(in, rm, BATCH, MSG_WAITFORONE, NULL);
			if (n <= 0) continue;
			int k = 0;
			for (int i = 0; i < n; i++) {
				iov[i].iov_len = rm[i].msg_len;
				for (int o = 0; o < OUTS; o++, k++) { memset(&sm[k].msg_hdr, 0, sizeof sm[k].msg_hdr); sm[k].msg_hdr.msg_iov = &iov[i]; sm[k].msg_hdr.msg_iovlen = 1; sm[k].msg_hdr.msg_name = &dst[o]; sm[k].msg_hdr.msg_namelen = sizeof dst[o]; }
			}
			for (int off = 0; off < k;) { int s = sendmmsg(out, sm + off, k - off, 0); if (s <= 0) break; off += s; fwd += s; }
		}
		struct rusage ru; getrusage(RUSAGE_SELF, &ru);
		double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
		dprintf(pipefd[1], "%lu %f\n", fwd, cpu); _exit(0);
	}
	pin(loadCpu);
	int tx = sock(1); static uint8_t pkt[PKT]; memset(pkt, 0xab, sizeof pkt); pkt[0] = 0x80;
	struct iovec iov = { pkt, (size_t)payload }; struct mmsghdr sm[BATCH], rm[BATCH]; static uint8_t rb[BATCH][PKT]; struct iovec riov[BATCH];
	for (int i = 0; i < BATCH; i++) { memset(&sm[i].msg_hdr, 0, sizeof sm[i].msg_hdr); sm[i].msg_hdr.msg_iov = &iov; sm[i].msg_hdr.msg_iovlen = 1; sm[i].msg_hdr.msg_name = &inAddr; sm[i].msg_hdr.msg_namelen = sizeof inAddr; }
	uint64_t sent = 0, got = 0; double t0 = now(), end = t0 + secs;
	while (now() < end) {
		int s = sendmmsg(tx, sm, BATCH, 0); if (s > 0) sent += s;
		for (int o = 0; o < OUTS; o++) for (;;) {
			for (int i = 0; i < BATCH; i++) { riov[i].iov_base = rb[i]; riov[i].iov_len = PKT; memset(&rm[i].msg_hdr, 0, sizeof rm[i].msg_hdr); rm[i].msg_hdr.msg_iov = &riov[i]; rm[i].msg_hdr.msg_iovlen = 1; }
			int n = recvmmsg(sinks[o], rm, BATCH, MSG_DONTWAIT, NULL); if (n <= 0) break; got += n; if (n < BATCH) break;
		}
	}
	double wall = now() - t0;
	int status; waitpid(child, &status, 0);
	uint64_t fwd = 0; double cpu = 0; char line[128] = { 0 };
	if (read(pipefd[0], line, sizeof line - 1) > 0) sscanf(line, "%lu %lf", &fwd, &cpu);
	printf("{\"seconds\":%.3f,\"payloadBytes\":%d,\"sentIn\":%lu,\"forwardedOut\":%lu,\"sinkReceived\":%lu,\"forwarderCpuSeconds\":%.3f}\n", wall, payload, sent, fwd, got, cpu);
	return 0;
}
