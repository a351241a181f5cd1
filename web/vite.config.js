// Vite builds the SPA into dist/ (hashed files under dist/assets/).
// JSX goes through Vite's own transformer with Preact's automatic runtime,
// so no framework plugin (and no Babel) is needed.
import { defineConfig } from 'vite';

export default defineConfig({
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    // The CSP allows no inline code, and a data: URL would be inline.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    // `npm run dev` against a running stack: API_URL=http://127.0.0.1:8080
    proxy: process.env.API_URL ? { '/api': process.env.API_URL } : undefined,
  },
});
