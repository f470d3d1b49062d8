import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const contracts = fileURLToPath(new URL('../../libs/contracts/src/index.ts', import.meta.url));

// The portal is served by the API server itself (same origin), so the dev server
// forwards /api and /socket.io to a locally running server (npm run start:dev).
export default defineConfig({
  plugins: [react()],
  resolve: {
    // Shared types and constants come straight from the contracts' source.
    alias: { '@egov-box/contracts': contracts },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // The server's CSP forbids inline scripts: keep every module in its own file.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // React, the router, Socket.IO, i18next and luxon together; video comes later as its own chunk.
    chunkSizeWarningLimit: 800,
  },
  // The server-rendered public pages (entry-server.tsx, built into dist-ssr/ by `vite build
  // --ssr`): one self-contained module, so the server needs none of the web client's packages.
  ssr: { noExternal: true },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
