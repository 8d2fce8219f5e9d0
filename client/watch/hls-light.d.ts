// hls.js ships its light build (no subtitles, alternate audio or DRM: the program has none) without
// a declaration file of its own; it is the same class as the full build's. The page takes it as
// an asset's address (Vite's `?url`) and imports it itself (player.ts).
declare module 'hls.js/dist/hls.light.min.mjs?url' {
  const url: string;
  export default url;
}
