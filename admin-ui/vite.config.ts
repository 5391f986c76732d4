import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const uiRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Libraries that change together share a long-lived chunk; the app code stays small. Others
 * are left to Rollup, so what only a lazily loaded screen uses (mermaid for the process
 * diagrams, a few MB) loads with that screen, not on everyone's first page.
 */
function vendorChunk(id: string): string | undefined {
  if (!id.includes('node_modules')) return undefined;
  if (/node_modules\/(@mui|@emotion)\//.test(id)) return 'mui';
  if (/node_modules\/(react-admin|ra-[^/]+|@tanstack|react-hook-form)\//.test(id)) return 'react-admin';
  if (/node_modules\/(react|react-dom|react-router|react-router-dom|scheduler|zod)\//.test(id)) return 'vendor';
  return undefined;
}

export default defineConfig({
  root: uiRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: { output: { manualChunks: vendorChunk } },
    // mermaid's own chunks (loaded only with the process diagrams) are up to ~700 kB.
    chunkSizeWarningLimit: 1000,
  },
  server: {
    // The UI imports the permission table from ../domain, outside this root.
    fs: { allow: [repoRoot] },
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
