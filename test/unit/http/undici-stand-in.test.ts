import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ProxyAgent } from '../../../src/http/undici-stand-in.js'

const root = resolve(import.meta.dirname, '../../..')

describe('the stand-in for undici', () => {
  it('is what tsconfig.json maps undici to, for ncc and the test bundle', () => {
    const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as {
      compilerOptions: { paths: Record<string, string[]> }
    }
    expect(compilerOptions.paths.undici).toEqual(['./src/http/undici-stand-in.ts'])
  })

  it('refuses to make a proxy dispatcher, naming what cannot be used', () => {
    expect(() => new ProxyAgent()).toThrow(/undici is not bundled with this action: getAgentDispatcher\(\)/)
  })

  it('stands in for the only undici export @actions/http-client imports', () => {
    const client = readFileSync(join(root, 'node_modules/@actions/http-client/lib/index.js'), 'utf8')
    expect([...client.matchAll(/^import (.*) from 'undici';$/gm)].map(match => match[1])).toEqual(['{ ProxyAgent }'])
    const others = readdirSync(join(root, 'node_modules/@actions/http-client/lib'))
      .filter(name => name.endsWith('.js') && name !== 'index.js')
      .filter(name =>
        readFileSync(join(root, 'node_modules/@actions/http-client/lib', name), 'utf8').includes('undici')
      )
    expect(others).toEqual([])
  })

  it('is never reached: nothing in src/ asks http-client for a dispatcher or imports undici', () => {
    const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter(name =>
      name.endsWith('.ts')
    )
    const callers = files
      .filter(name => name !== join('http', 'undici-stand-in.ts'))
      .filter(name => {
        const text = readFileSync(join(root, 'src', name), 'utf8')
        return /getAgentDispatcher|from 'undici'/.test(text)
      })
    expect(callers).toEqual([])
  })
})
