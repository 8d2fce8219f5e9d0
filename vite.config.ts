import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';

/**
 * A point's page asks for its camera, opens its socket and starts its media before the app's
 * scripts are fetched and evaluated: the small `early` entry (client/ui/earlyJoin.ts and what it
 * needs: socket.io, no zod) is loaded by its own script tag at the top of index.html, with module
 * preloads for its imports. main.tsx imports the same module, so it runs once. The media layer
 * (mediasoup-client, client/ui/mediaLoader.ts) is preloaded right after it: the early entry
 * starts it for a point's link, every other console as soon as its socket exists.
 */
function earlyJoinFirst(): Plugin {
  return {
    name: 'hoinghi-early-join-first',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.filename.endsWith('index.html') || !ctx.bundle) return [];
        const early = Object.values(ctx.bundle).find((c) => c.type === 'chunk' && c.isEntry && c.name === 'early');
        if (!early || early.type !== 'chunk') return [];
        const media = Object.values(ctx.bundle).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/client/ui/mediaAdapter.ts'));
        const mediaFiles = media?.type === 'chunk' ? [media.fileName, ...media.imports].filter((f) => !html.includes(`/${f}"`) && !early.imports.includes(f)) : [];
        return [
          { tag: 'script', attrs: { type: 'module', crossorigin: true, src: `/${early.fileName}` }, injectTo: 'head-prepend' as const },
          ...early.imports.filter((f) => !html.includes(`/${f}"`)).map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` }, injectTo: 'head-prepend' as const })),
          ...mediaFiles.map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` }, injectTo: 'head-prepend' as const })),
        ];
      },
    },
  };
}

/**
 * The watch page a live watch link opens (client/watch.html, served at /live/<token>/) is built
 * from a JS entry (client/watch/main.ts) and written out here, not as an HTML entry: an HTML
 * entry brings Vite's module-preload polyfill, and a second dynamic import() its preload helper,
 * which then leave the chunks the consoles load first for small shared chunks of their own — the
 * consoles' initial requests would change for a page they never open. hls.js is an asset
 * (`?url`) the page imports itself only when the browser has no HLS of its own.
 */
function watchPage(): Plugin {
  return {
    name: 'hoinghi-watch-page',
    apply: 'build',
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry && c.name === 'watch');
      if (!entry || entry.type !== 'chunk') return;
      const css = [...(entry.viteMetadata?.importedCss ?? [])];
      const html = readFileSync(new URL('./client/watch.html', import.meta.url), 'utf8')
        .replace(/\s*<script type="module" src="\.\/watch\/main\.ts"><\/script>/, '')
        .replace('</head>', `${css.map((f) => `  <link rel="stylesheet" href="/${f}" />\n`).join('')}    <script type="module" crossorigin src="/${entry.fileName}"></script>\n  </head>`);
      this.emitFile({ type: 'asset', fileName: 'watch.html', source: html });
    },
  };
}

// The browser app lives in client/ and is served by the express server from dist/client.
export default defineConfig({
  root: 'client',
  plugins: [preact(), earlyJoinFirst(), watchPage()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    // The app, the pre-flight media check the consoles link to (client/media-check.html), the
    // early start of a point's page (see earlyJoinFirst), and the watch page's script (watchPage).
    rollupOptions: {
      input: { main: 'client/index.html', 'media-check': 'client/media-check.html', early: 'client/ui/earlyJoin.ts', watch: 'client/watch/main.ts' },
    },
  },
  server: {
    proxy: { '/socket.io': { target: 'http://localhost:3000', ws: true }, '/api': 'http://localhost:3000' },
  },
});
