/*
 * What one packet's encryption costs on this machine, outside any SFU:
 *  - AES-GCM itself (OpenSSL EVP, key schedule once, a fresh IV per packet, 16-byte tag);
 *  - HMAC-SHA1-80 + AES-128-CTR (the pieces of AES_CM_128_HMAC_SHA1_80) with OpenSSL;
 *  - srtp_protect / srtp_unprotect of the system libsrtp (the library the worker links) per suite.
 * The gap between the two is what the SRTP library adds per packet. One JSON line out.
 *   srtpcost PAYLOAD_BYTES ITERATIONS
 */
#define _GNU_SOURCE
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <srtp2/srtp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

static double evp_gcm(const EVP_CIPHER *c, int keyLen, int len, int iters) {
	uint8_t key[32] = { 1 }, iv[12] = { 2 }, in[1600] = { 3 }, out[1700], tag[16]; (void)keyLen;
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	EVP_EncryptInit_ex(ctx, c, NULL, key, NULL);
	double t0 = now();
	for (int i = 0; i < iters; i++) {
		int n; iv[11] = (uint8_t)i;
		EVP_EncryptInit_ex(ctx, NULL, NULL, NULL, iv);
		EVP_EncryptUpdate(ctx, NULL, &n, in, 12); /* the RTP header as AAD */
		EVP_EncryptUpdate(ctx, out, &n, in + 12, len - 12);
		EVP_EncryptFinal_ex(ctx, out + n, &n);
		EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag);
	}
	double us = (now() - t0) * 1e6 / iters;
	EVP_CIPHER_CTX_free(ctx); return us;
}

static double evp_cm_sha1(int len, int iters) {
	uint8_t key[16] = { 1 }, iv[16] = { 2 }, in[1600] = { 3 }, out[1700], mac[20]; unsigned ml;
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), NULL, key, NULL);
	HMAC_CTX *h = HMAC_CTX_new(); HMAC_Init_ex(h, key, 16, EVP_sha1(), NULL);
	double t0 = now();
	for (int i = 0; i < iters; i++) {
		int n; iv[15] = (uint8_t)i;
		EVP_EncryptInit_ex(ctx, NULL, NULL, NULL, iv);
		EVP_EncryptUpdate(ctx, out, &n, in + 12, len - 12);
		HMAC_Init_ex(h, NULL, 0, NULL, NULL); HMAC_Update(h, out, (size_t)len); HMAC_Update(h, iv, 4); HMAC_Final(h, mac, &ml);
	}
	double us = (now() - t0) * 1e6 / iters;
	EVP_CIPHER_CTX_free(ctx); HMAC_CTX_free(h); return us;
}

static void srtp_cost(const char *suite, int len, int iters, double *protUs, double *unprotUs) {
	srtp_policy_t p; memset(&p, 0, sizeof p); uint8_t key[64]; for (int i = 0; i < 64; i++) key[i] = (uint8_t)(i * 7);
	if (!strcmp(suite, "AEAD_AES_256_GCM")) { srtp_crypto_policy_set_aes_gcm_256_16_auth(&p.rtp); srtp_crypto_policy_set_aes_gcm_256_16_auth(&p.rtcp); }
	else if (!strcmp(suite, "AEAD_AES_128_GCM")) { srtp_crypto_policy_set_aes_gcm_128_16_auth(&p.rtp); srtp_crypto_policy_set_aes_gcm_128_16_auth(&p.rtcp); }
	else { srtp_crypto_policy_set_rtp_default(&p.rtp); srtp_crypto_policy_set_rtcp_default(&p.rtcp); }
	p.key = key; p.window_size = 1024;
	srtp_t tx, rx;
	p.ssrc.type = ssrc_any_outbound; srtp_create(&tx, &p);
	p.ssrc.type = ssrc_any_inbound; srtp_create(&rx, &p);
	static uint8_t pkts[64][1700];
	double tp = 0, tu = 0;
	for (int i = 0; i < iters; i += 64) {
		int lens[64];
		double t0 = now();
		for (int j = 0; j < 64; j++) {
			uint8_t *b = pkts[j]; memset(b, 0x5a, len); b[0] = 0x80; b[1] = 101; uint16_t seq = (uint16_t)(i + j); b[2] = seq >> 8; b[3] = seq & 0xff;
			b[8] = 0x11; b[9] = 0x22; b[10] = 0x33; b[11] = 0x44; lens[j] = len;
			srtp_protect(tx, b, &lens[j]);
		}
		double t1 = now();
		for (int j = 0; j < 64; j++) srtp_unprotect(rx, pkts[j], &lens[j]);
		tp += t1 - t0; tu += now() - t1;
	}
	*protUs = tp * 1e6 / iters; *unprotUs = tu * 1e6 / iters;
	srtp_dealloc(tx); srtp_dealloc(rx);
}

int main(int argc, char **argv) {
	int len = argc > 1 ? atoi(argv[1]) : 1112, iters = argc > 2 ? atoi(argv[2]) : 200000;
	srtp_init();
	double g128 = evp_gcm(EVP_aes_128_gcm(), 16, len, iters), g256 = evp_gcm(EVP_aes_256_gcm(), 32, len, iters), cm = evp_cm_sha1(len, iters);
	double p1, u1, p2, u2, p3, u3;
	srtp_cost("AEAD_AES_256_GCM", len, iters, &p1, &u1);
	srtp_cost("AEAD_AES_128_GCM", len, iters, &p2, &u2);
	srtp_cost("AES_CM_128_HMAC_SHA1_80", len, iters, &p3, &u3);
	printf("{\"packetBytes\":%d,\"iterations\":%d,\"openssl\":{\"aes128gcmUs\":%.3f,\"aes256gcmUs\":%.3f,\"aes128ctrHmacSha1Us\":%.3f},"
	       "\"libsrtp\":{\"version\":\"%s\",\"AEAD_AES_256_GCM\":{\"protectUs\":%.3f,\"unprotectUs\":%.3f},\"AEAD_AES_128_GCM\":{\"protectUs\":%.3f,\"unprotectUs\":%.3f},"
	       "\"AES_CM_128_HMAC_SHA1_80\":{\"protectUs\":%.3f,\"unprotectUs\":%.3f}}}\n",
	       len, iters, g128, g256, cm, srtp_get_version_string(), p1, u1, p2, u2, p3, u3);
	return 0;
}
