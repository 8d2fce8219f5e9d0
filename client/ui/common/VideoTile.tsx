import { useEffect, useRef } from 'preact/hooks';
import type { ComponentChildren } from 'preact';

// One video (or, without a stream, the point's name card). Attaching a MediaStream needs the DOM
// element, hence the ref; everything else about the tile is its caller's business.

export interface VideoTileProps {
  stream: MediaStream | null;
  label: string;
  /** own camera: mirrored and always muted */
  self?: boolean;
  className?: string;
  children?: ComponentChildren;
}

export function VideoTile({ stream, label, self = false, className = '', children }: VideoTileProps) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (el.srcObject !== stream) el.srcObject = stream;
    if (stream) void el.play().catch(() => {});
  }, [stream]);
  return (
    <div class={`video ${self ? 'video--self' : ''} ${stream ? '' : 'video--empty'} ${className}`}>
      {stream ? (
        <video ref={ref} autoplay playsInline muted aria-label={label} />
      ) : (
        <div class="video__card" aria-hidden="true">
          {label}
        </div>
      )}
      {children}
    </div>
  );
}
