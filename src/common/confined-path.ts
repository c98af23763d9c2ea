import {
  accessSync,
  closeSync,
  constants,
  fstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
  type Stats
} from 'node:fs'
import { basename, dirname, join, posix, win32 } from 'node:path'
import { InputError } from './errors.js'

/**
 * Paths an input names stay inside the folders the job owns. Each check is on
 * the real path, after every symlink is followed (of the file, or of its
 * nearest existing folder when it does not exist yet), against the real path
 * of each root: a link in the repository cannot lead the action to read
 * /proc/self/environ, nor to write over a file elsewhere.
 */

/** A folder paths may be in: its real path, and how messages name it. */
export interface Root {
  real: string
  label: string
}

/**
 * `folder` as a root; a folder that does not exist yet is taken as its nearest existing ancestor's real path plus the
 * rest.
 */
export function root(folder: string, label: string): Root {
  return { real: realPathOfNearest(folder).real, label }
}

/**
 * True when `path` is `folder` or inside it; both absolute. Case-insensitive on Windows, and a path on another drive is
 * outside.
 */
export function isInside(path: string, folder: string, platform: NodeJS.Platform = process.platform): boolean {
  const windows = platform === 'win32'
  const paths = windows ? win32 : posix
  const relative = windows ? paths.relative(folder.toLowerCase(), path.toLowerCase()) : paths.relative(folder, path)
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${paths.sep}`) && !paths.isAbsolute(relative))
}

/** The first root holding `real`, or undefined. */
export function rootHolding(real: string, roots: readonly Root[]): Root | undefined {
  return roots.find(candidate => isInside(real, candidate.real))
}

/** "the workspace (GITHUB_WORKSPACE) and RUNNER_TEMP": the roots, for a message. */
export function rootNames(roots: readonly Root[]): string {
  return roots.map(candidate => candidate.label).join(' and ')
}

/**
 * The real path of `path` (absolute), or when it does not exist yet, of its
 * nearest existing ancestor joined with the parts still missing. `existing` is
 * that ancestor's real path (the file itself when it exists).
 */
export function realPathOfNearest(path: string): { real: string; existing: string; missing: string[] } {
  const missing: string[] = []
  let current = path
  for (;;) {
    try {
      const existing = realpathSync(current)
      return { real: join(existing, ...missing), existing, missing }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      const parent = dirname(current)
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === current) throw error
      missing.unshift(basename(current))
      current = parent
    }
  }
}

/** `path` shown with where it really leads, when that differs. */
function shown(path: string, real: string): string {
  return real === path ? path : `${path} leads to ${real}, which`
}

/** Files of the kernel and devices, which look like regular files (/proc/self/environ) but are not. */
const SYSTEM_FILES = process.platform === 'win32' ? /^$/ : /^\/(proc|sys|dev)(\/|$)/

/** The largest file a path input may name, and the largest query. */
export const MAX_INPUT_BYTES = 1024 * 1024

/** `text is 1,234,567 bytes, over the limit…`: how messages say a file or query is too large. */
export function overTheLimit(what: string, bytes: number): string {
  return `${what} is ${bytes.toLocaleString('en-US')} bytes, over the limit of 1 MiB (1,048,576 bytes)`
}

/**
 * The bytes of a file input `name` names (absolute `path`), which must be a
 * regular file of at most MAX_INPUT_BYTES inside `roots`. Nothing else is
 * opened: a FIFO, device or /proc file is refused from its metadata, and no
 * more than the limit is ever read. Every problem is an InputError ending with
 * `hint`.
 */
export function readConfinedFile(name: string, path: string, roots: readonly Root[], hint: string): Buffer {
  const fail = (why: string): never => {
    throw new InputError(name, why)
  }
  let real: string
  try {
    real = realpathSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return fail(
      `${path} ${code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}; ${hint}`
    )
  }
  if (!rootHolding(real, roots)) fail(`${shown(path, real)} is outside ${rootNames(roots)}; ${hint}`)
  const kind = SYSTEM_FILES.test(real) ? 'a system file' : fileKind(statSync(real))
  if (kind === 'a folder') fail(`${path} is a folder; ${hint}`)
  if (kind !== 'a file') fail(`${path} is ${kind}, not a regular file; ${hint}`)
  let fd: number
  try {
    fd = openSync(real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0))
  } catch (error) {
    return fail(`${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); ${hint}`)
  }
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile()) fail(`${path} is ${fileKind(stat)}, not a regular file; ${hint}`)
    if (stat.size > MAX_INPUT_BYTES) fail(`${overTheLimit(path, stat.size)}; give a smaller file.`)
    const buffer = Buffer.alloc(MAX_INPUT_BYTES + 1)
    let size = 0
    for (let read = -1; read !== 0 && size < buffer.length; size += read)
      read = readSync(fd, buffer, size, buffer.length - size, null)
    if (size > MAX_INPUT_BYTES) fail(`${path} grew over the limit of 1 MiB while it was read; give a smaller file.`)
    return buffer.subarray(0, size)
  } finally {
    closeSync(fd)
  }
}

function fileKind(stat: Stats): string {
  if (stat.isFile()) return 'a file'
  if (stat.isDirectory()) return 'a folder'
  if (stat.isFIFO()) return 'a named pipe (FIFO)'
  if (stat.isSocket()) return 'a socket'
  return 'a device'
}

/** The repository (GITHUB_WORKSPACE) as a root. */
export function workspaceRoot(folder: string): Root {
  return root(folder, 'the workspace (GITHUB_WORKSPACE)')
}

/**
 * Where a file to be written at `path` (absolute) really lands: its real path,
 * checked to be inside `roots` (else an InputError ending with `hint`), with a
 * nearest existing folder that is a folder and writable. Missing folders are
 * created later, by the writer.
 */
export function checkWritablePath(name: string, path: string, roots: readonly Root[], hint: string): string {
  const { real, existing, missing } = realPathOfNearest(path)
  if (!rootHolding(real, roots))
    throw new InputError(name, `${shown(path, real)} is outside ${rootNames(roots)}; ${hint}`)
  const folder = missing.length === 0 ? dirname(existing) : existing
  if (!statSync(folder).isDirectory()) {
    throw new InputError(
      name,
      `${path} cannot be created: ${folder} is a file, not a folder; remove that file or choose another path.`
    )
  }
  try {
    accessSync(folder, constants.W_OK)
  } catch {
    throw new InputError(
      name,
      `${path} cannot be written: the folder ${folder} is not writable; choose a folder the job can write to.`
    )
  }
  return real
}
