import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// The browser app lives in client/ and is served by the express server from dist/client.
export default defineConfig({
  root: 'client',
  plugins: [preact()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    // The app, and the pre-flight media check the consoles link to (client/media-check.html).
    rollupOptions: { input: { main: 'client/index.html', 'media-check': 'client/media-check.html' } },
  },
  server: {
    proxy: { '/socket.io': { target: 'http://localhost:3000', ws: true }, '/api': 'http://localhost:3000' },
  },
});
