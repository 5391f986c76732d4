import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const uiRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Libraries that change together share a long-lived chunk; the app code stays small. What only
 * the lazily loaded process diagrams use (mermaid and its dependencies, a few MB) is left to
 * Rollup, so it loads with that screen, not on everyone's first page. (Splitting react's own
 * packages apart breaks their load order: they stay together in `vendor`.)
 */
const DIAGRAMS_ONLY =
  /node_modules\/(mermaid|@mermaid-js|d3[^/]*|dagre[^/]*|cytoscape[^/]*|katex|khroma|lodash-es|dayjs|roughjs|stylis|marked|langium|chevrotain[^/]*|@chevrotain|vscode-[^/]*|cose-base|layout-base|internmap|delaunator|robust-predicates|points-on-[^/]*|path-data-parser|hachure-fill|@iconify|@upsetjs|elkjs|@braintree|ts-dedent|dompurify)\//;

function vendorChunk(id: string): string | undefined {
  if (!id.includes('node_modules')) return undefined;
  // Only the reports' charts use these: Rollup puts them in the chunks loaded with the first chart.
  if (/node_modules\/(@mui\/x-[^/]+|bezier-easing|flatqueue)\//.test(id)) return undefined;
  if (/node_modules\/(@mui|@emotion)\//.test(id)) return 'mui';
  if (/node_modules\/(react-admin|ra-[^/]+|@tanstack|react-hook-form)\//.test(id)) return 'react-admin';
  // Only the diagrams use these: Rollup puts them in the chunks loaded with mermaid.
  if (DIAGRAMS_ONLY.test(id)) return undefined;
  return 'vendor';
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
