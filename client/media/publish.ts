import type { types } from 'mediasoup-client';

/**
 * How a point sends. Video: VP8 simulcast in three layers (a quarter, a half and the full size of
 * the camera), so the SFU can give thumbnails the smallest and large tiles the biggest without
 * transcoding. Audio: Opus with in-band FEC (lossy district links) and DTX (a silent room costs
 * almost nothing).
 */
export const CAMERA_ENCODINGS: types.RtpEncodingParameters[] = [
  { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 150_000, scalabilityMode: 'L1T3' },
  { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 500_000, scalabilityMode: 'L1T3' },
  { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 1_500_000, scalabilityMode: 'L1T3' },
];

/** Slides change little and must stay legible: one full-resolution layer, detail over motion. */
export const SCREEN_ENCODINGS: types.RtpEncodingParameters[] = [{ maxBitrate: 1_500_000 }];

export const VIDEO_CODEC_OPTIONS: types.ProducerCodecOptions = { videoGoogleStartBitrate: 1000 };
export const AUDIO_CODEC_OPTIONS: types.ProducerCodecOptions = { opusFec: true, opusDtx: true, opusStereo: false };

/** The camera a point opens: 720p at 30 fps, which the three layers divide into 320, 640 and 1280 wide. */
export const CAMERA_CONSTRAINTS: MediaStreamConstraints = {
  video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } },
  audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
};
