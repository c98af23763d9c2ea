import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The repository's root. */
export const ROOT = resolve(import.meta.dirname, '../..')

/**
 * tsconfig.json's `paths` as written: the packages the bundle holds stand-ins for, and where those are. ncc follows
 * them through its tsconfig-paths plugin, the test bundle as esbuild aliases (bundle.ts).
 */
export function tsconfigPaths(): Record<string, string[]> {
  const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { paths?: Record<string, string[]> }
  }
  return compilerOptions.paths ?? {}
}
