import react from '@vitejs/plugin-react';
import { msw } from 'msw/vite';
import { defineConfig } from 'vite';
import { reportSize } from './scripts/report-size.ts';

// `vite` proxies /bff and /api to a running BFF; `vite --mode mock` needs nothing else: msw's
// service worker answers instead. The msw plugin only serves mockServiceWorker.js and is only
// present in mock mode, so a production build never contains the worker.
export default defineConfig(({ mode }) => {
  const mock = mode === 'mock';
  const bff = process.env['BFF_URL'] ?? 'http://localhost:3000';
  return {
    plugins: [react(), mock && msw({ mode: 'worker-only' }), reportSize()],
    build: { outDir: 'dist' },
    // ws: the Live page's WebSocket (/api/live/echo) goes through the proxy too.
    server: mock ? {} : { proxy: { '/bff': bff, '/api': { target: bff, ws: true } } },
  };
});
