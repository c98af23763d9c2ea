import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ProxyAgent } from '../../../src/http/undici-stand-in.js'
import { ROOT, tsconfigPaths } from '../../setup/tsconfig-paths.js'

describe('the stand-in for undici', () => {
  it('is what tsconfig.json maps undici to, for ncc and the test bundle', () => {
    expect(tsconfigPaths().undici).toEqual(['./src/http/undici-stand-in.ts'])
  })

  it('refuses to make a proxy dispatcher, naming what cannot be used', () => {
    expect(() => new ProxyAgent()).toThrow(/undici is not bundled with this action: getAgentDispatcher\(\)/)
  })

  it('stands in for the only undici export @actions/http-client imports', () => {
    const client = readFileSync(join(ROOT, 'node_modules/@actions/http-client/lib/index.js'), 'utf8')
    expect([...client.matchAll(/^import (.*) from 'undici';$/gm)].map(match => match[1])).toEqual(['{ ProxyAgent }'])
    const others = readdirSync(join(ROOT, 'node_modules/@actions/http-client/lib'))
      .filter(name => name.endsWith('.js') && name !== 'index.js')
      .filter(name =>
        readFileSync(join(ROOT, 'node_modules/@actions/http-client/lib', name), 'utf8').includes('undici')
      )
    expect(others).toEqual([])
  })

  it('is never reached: nothing in src/ asks http-client for a dispatcher or imports undici', () => {
    const files = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter(name =>
      name.endsWith('.ts')
    )
    const callers = files
      .filter(name => name !== join('http', 'undici-stand-in.ts'))
      .filter(name => {
        const text = readFileSync(join(ROOT, 'src', name), 'utf8')
        return /getAgentDispatcher|from 'undici'/.test(text)
      })
    expect(callers).toEqual([])
  })
})
