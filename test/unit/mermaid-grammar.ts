import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * Mermaid's own xychart grammar (the parser GitHub's Mermaid runs), loaded from
 * node_modules, with a recording stand-in for its database: a chart we write
 * either parses into these calls or throws Mermaid's parse error.
 */
const folder = resolve(import.meta.dirname, '../../node_modules/mermaid/dist/chunks/mermaid.core')
const file = readdirSync(folder).find(name => /^xychartDiagram-.*\.mjs$/.test(name))
if (!file) throw new Error(`no xychart parser in ${folder}`)
const { diagram } = (await import(pathToFileURL(join(folder, file)).href)) as { diagram: { parser: { parser: { yy: unknown }; parse(text: string): unknown }; db: object } }

export interface ParsedChart {
  /** The init directive's JSON, when there is one. */
  init?: unknown
  /** Every call the parser made, by method name: `setLineData`, `setXAxisBand`… */
  calls: [string, unknown[]][]
}

/** Parses one `xychart-beta` text (the contents of a mermaid block). */
export function parseXyChart(text: string): ParsedChart {
  const lines = text.split('\n')
  const directive = /^%%\{init: (.*)\}%%$/.exec(lines[0])
  const calls: [string, unknown[]][] = []
  const yy = Object.fromEntries(Object.keys(diagram.db).map(name => [name, (...args: unknown[]) => void calls.push([name, args])]))
  diagram.parser.parser.yy = yy
  diagram.parser.parse((directive ? lines.slice(1) : lines).join('\n'))
  return { init: directive ? JSON.parse(directive[1]) : undefined, calls }
}

/** The contents of every ```mermaid block in Markdown. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^(`{3,})mermaid\n([\s\S]*?)\n\1$/gm)].map(match => match[2])
}
