import path from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const apiTarget = process.env.API_URL || 'http://127.0.0.1:3000';
const proxy = { '/api': { target: apiTarget, changeOrigin: true } };

/** The coordinators' and practitioners' web app; `/api` is proxied to the NestJS API. */
export default defineConfig({
  root: __dirname,
  plugins: [react()],
  resolve: {
    alias: {
      '@sendflow/domain': path.resolve(__dirname, '../../libs/domain/src/index.ts'),
      // The designer runs the server's own validateSop and diffSops; exception labels come from the calendar lib.
      '@sendflow/sop': path.resolve(__dirname, '../../libs/sop/src/index.ts'),
      '@sendflow/calendar': path.resolve(__dirname, '../../libs/calendar/src/index.ts'),
      // nhsuk-frontend's compiled CSS names its icons at /assets/images/: bundle them from the package.
      '/assets/images': path.resolve(__dirname, '../../node_modules/nhsuk-frontend/dist/nhsuk/assets/images'),
    },
  },
  // nhsuk-frontend's compiled CSS keeps old-IE hacks (`@media screen\0`); lightningcss drops them instead of failing.
  css: { lightningcss: { errorRecovery: true } },
  build: { outDir: path.resolve(__dirname, 'dist'), emptyOutDir: true },
  server: { port: Number(process.env.WEB_PORT) || 5173, proxy },
  preview: { proxy },
});
