/*
 * libsrtp 3 API on top of Debian's libsrtp 2.5.
 *
 * mediasoup 3.19 is written against libsrtp 3 (separate in/out buffers, size_t lengths, an MKI
 * index). Debian 12 ships libsrtp 2.5, which protects in place with int lengths. These overloads
 * keep mediasoup's sources untouched: copy in -> out when they differ, check that out has room for
 * the packet plus the trailer, run the libsrtp 2 call in place on out, write the length back.
 */
#ifndef HOINGHI_SRTP3_COMPAT_H
#define HOINGHI_SRTP3_COMPAT_H

#include <srtp2/srtp.h>

#ifdef __cplusplus
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <climits>

/* Error codes libsrtp 3 adds after srtp_err_status_pkt_idx_adv (27). */
constexpr srtp_err_status_t srtp_err_status_buffer_small = static_cast<srtp_err_status_t>(28);
constexpr srtp_err_status_t srtp_err_status_cryptex_err  = static_cast<srtp_err_status_t>(29);

namespace hoinghi_srtp3
{
	using Protect2 = srtp_err_status_t (*)(srtp_t, void*, int*);
	using Trailer2 = srtp_err_status_t (*)(srtp_t, uint32_t, uint32_t, uint32_t*);

	// maxTrailer: the most trailerFn can answer (tag + MKI, plus the SRTCP index for RTCP).
	inline srtp_err_status_t protect(
	  Protect2 fn,
	  Trailer2 trailerFn,
	  size_t maxTrailer,
	  srtp_t ctx,
	  const uint8_t* in,
	  size_t inLen,
	  uint8_t* out,
	  size_t* outLen,
	  size_t mkiIndex)
	{
		if (inLen > static_cast<size_t>(INT_MAX))
			return srtp_err_status_buffer_small;
		// libsrtp 2 finds a session's trailer length by walking all its streams, once per packet;
		// ask it only when the room is tighter than any trailer can be (mediasoup's buffers
		// are not: a packet of at most 1,356 bytes in 1,500, or any packet in 64 KiB).
		if (inLen + maxTrailer > *outLen)
		{
			uint32_t trailer = 0;
			const srtp_err_status_t terr =
			  trailerFn(ctx, mkiIndex != 0 ? 1u : 0u, static_cast<uint32_t>(mkiIndex), &trailer);

			if (terr != srtp_err_status_ok)
				return terr;
			if (inLen + trailer > *outLen)
				return srtp_err_status_buffer_small;
		}
		if (out != in)
			std::memmove(out, in, inLen);

		int len = static_cast<int>(inLen);
		// libsrtp 2 takes the MKI from the policy; mediasoup always passes index 0 (no MKI).
		const srtp_err_status_t err = fn(ctx, out, &len);

		if (err == srtp_err_status_ok)
			*outLen = static_cast<size_t>(len);

		return err;
	}

	inline srtp_err_status_t unprotect(
	  Protect2 fn, srtp_t ctx, const uint8_t* in, size_t inLen, uint8_t* out, size_t* outLen)
	{
		if (inLen > static_cast<size_t>(INT_MAX) || inLen > *outLen)
			return srtp_err_status_buffer_small;
		if (out != in)
			std::memmove(out, in, inLen);

		int len = static_cast<int>(inLen);
		const srtp_err_status_t err = fn(ctx, out, &len);

		if (err == srtp_err_status_ok)
			*outLen = static_cast<size_t>(len);

		return err;
	}
} // namespace hoinghi_srtp3

inline srtp_err_status_t srtp_protect(
  srtp_t ctx, const uint8_t* rtp, size_t rtpLen, uint8_t* srtp, size_t* srtpLen, size_t mkiIndex)
{
	return hoinghi_srtp3::protect(
	  srtp_protect,
	  srtp_get_protect_trailer_length,
	  SRTP_MAX_TRAILER_LEN,
	  ctx,
	  rtp,
	  rtpLen,
	  srtp,
	  srtpLen,
	  mkiIndex);
}

inline srtp_err_status_t srtp_protect_rtcp(
  srtp_t ctx, const uint8_t* rtcp, size_t rtcpLen, uint8_t* srtcp, size_t* srtcpLen, size_t mkiIndex)
{
	return hoinghi_srtp3::protect(
	  srtp_protect_rtcp,
	  srtp_get_protect_rtcp_trailer_length,
	  SRTP_MAX_TRAILER_LEN + sizeof(uint32_t),
	  ctx,
	  rtcp,
	  rtcpLen,
	  srtcp,
	  srtcpLen,
	  mkiIndex);
}

inline srtp_err_status_t srtp_unprotect(
  srtp_t ctx, const uint8_t* srtp, size_t srtpLen, uint8_t* rtp, size_t* rtpLen)
{
	return hoinghi_srtp3::unprotect(srtp_unprotect, ctx, srtp, srtpLen, rtp, rtpLen);
}

inline srtp_err_status_t srtp_unprotect_rtcp(
  srtp_t ctx, const uint8_t* srtcp, size_t srtcpLen, uint8_t* rtcp, size_t* rtcpLen)
{
	return hoinghi_srtp3::unprotect(srtp_unprotect_rtcp, ctx, srtcp, srtcpLen, rtcp, rtcpLen);
}

inline srtp_err_status_t srtp_stream_remove(srtp_t session, uint32_t ssrc)
{
	return srtp_remove_stream(session, ssrc);
}
#endif /* __cplusplus */

#endif /* HOINGHI_SRTP3_COMPAT_H */
