import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import type { TestProject } from 'vitest/node'
import { ROOT, tsconfigPaths } from './tsconfig-paths.js'

/**
 * Bundles src/ once for the whole test run, into a folder of its own: the
 * end-to-end tests run this bundle (the current sources), not the committed
 * dist/ (which `.ci/run` and the check-dist job compare with a fresh ncc build,
 * and test/e2e/bundle.test.ts runs once).
 *
 * esbuild rather than ncc: the same ES module with every dependency inside,
 * in under a second instead of ~12 s. The CommonJS dependencies (msal-node,
 * @actions/*) call `require` for Node's built-in modules; the banner gives the
 * module one, as ncc's output does with its `createRequire` import. The
 * `paths` of tsconfig.json stand in for packages here as they do for ncc
 * (`undici`: see src/http/undici-stand-in.ts).
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** The fresh bundle of src/index.ts the end-to-end tests run. */
    bundle: string
  }
}

/** tsconfig.json's `paths`, as esbuild aliases (ncc follows them through its tsconfig-paths plugin). */
function standIns(): Record<string, string> {
  return Object.fromEntries(Object.entries(tsconfigPaths()).map(([name, [path]]) => [name, resolve(ROOT, path)]))
}

export async function bundleSources(outDir: string): Promise<string> {
  const outfile = join(outDir, 'index.js')
  const { metafile } = await build({
    entryPoints: [join(ROOT, 'src/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
    alias: standIns(),
    metafile: true,
    banner: {
      js: "import { createRequire as __laqCreateRequire } from 'node:module'; const require = __laqCreateRequire(import.meta.url);"
    }
  })
  // As in dist/: the folder says its .js files are ES modules.
  writeFileSync(join(outDir, 'package.json'), JSON.stringify({ type: 'module' }))
  // What went in, and who imports what (for test/e2e/bundle.test.ts).
  writeFileSync(join(outDir, 'meta.json'), JSON.stringify(metafile))
  return outfile
}

export default async function setup(project: TestProject): Promise<() => void> {
  const outDir = mkdtempSync(join(tmpdir(), 'laq-bundle-'))
  project.provide('bundle', await bundleSources(outDir))
  return () => rmSync(outDir, { recursive: true, force: true })
}
