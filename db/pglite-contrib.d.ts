/**
 * PGlite's bundled extensions, by their package subpath. The repository resolves modules the
 * `node` way, which does not read a package's `exports`; node itself does, at run time.
 */
declare module '@electric-sql/pglite/contrib/pg_trgm' {
  import type { Extension } from '@electric-sql/pglite';
  export const pg_trgm: Extension;
}
