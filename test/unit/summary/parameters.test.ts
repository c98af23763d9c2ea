import { describe, expect, it } from 'vitest'
import { parametersTable } from '../../../src/summary/parameters.js'

describe('parametersTable', () => {
  it('is empty without parameters', () => {
    expect(parametersTable([])).toBe('')
  })

  it('shows name, type and value, the value escaped so it cannot break the table or start markup', () => {
    const text = parametersTable([
      { name: 'release', type: 'string', value: 'a|b <img src=x> `c`\nnext' },
      { name: 'empty', type: 'string', value: '' },
      { name: 'at', type: 'datetime', value: '2026-11-01T08:30:00Z' }
    ])
    const lines = text.split('\n')
    expect(lines[0]).toBe('**Parameters** (put in front of the query as `let` statements)')
    expect(lines).toContain('| <code>release</code> | string | a\\|b &lt;img src=x&gt; \\`c\\`<br>next |')
    expect(lines).toContain('| <code>empty</code> | string | (empty) |')
    expect(lines).toContain('| <code>at</code> | datetime | 2026-11-01T08:30:00Z |')
  })

  it('shortens a long value', () => {
    expect(parametersTable([{ name: 'big', type: 'string', value: 'x'.repeat(5000) }]).length).toBeLessThan(400)
  })
})
