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
  },
  server: {
    proxy: { '/socket.io': { target: 'http://localhost:3000', ws: true }, '/api': 'http://localhost:3000' },
  },
});
