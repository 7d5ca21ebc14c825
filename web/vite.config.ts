import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The consoles' single-page app. `npm start` builds it into dist/web (see
// scripts/build-web.ts), and the server serves that folder at `/`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The provincial PCs run current Chromium or Firefox ESR.
    target: ['chrome110', 'firefox115'],
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npm run web:dev`: the app with hot reload, the API from `npm start`.
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
