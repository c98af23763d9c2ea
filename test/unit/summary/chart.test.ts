import { describe, expect, it } from 'vitest'
import { MAX_LABELS, MAX_POINTS, mermaidChart, number, quote, roundUp, type Chart } from '../../../src/summary/chart.js'
import { mermaidBlocks, parseXyChart } from '../fixtures/mermaid-grammar.js'

const base: Chart = {
  title: 'Errors per hour',
  kind: 'line',
  labels: ['10:00', '11:00', '12:00'],
  xTitle: 'TimeGenerated (UTC)',
  yTitle: 'errors',
  series: [{ name: 'errors', values: [3, 12, 5] }]
}

/** The one mermaid block of a chart, parsed by Mermaid's grammar. */
function parsed(chart: Chart) {
  const [block] = mermaidBlocks(mermaidChart(chart))
  return parseXyChart(block)
}

function call(chart: Chart, name: string): unknown[][] {
  return parsed(chart)
    .calls.filter(([method]) => method === name)
    .map(([, args]) => args)
}

describe('mermaidChart', () => {
  it('writes an xychart-beta block that Mermaid parses', () => {
    expect(mermaidChart(base)).toBe(
      [
        '```mermaid',
        '%%{init: {"xyChart":{"width":900},"themeVariables":{"xyChart":{"plotColorPalette":"#3b88c3"}}}}%%',
        'xychart-beta',
        '  title "Errors per hour"',
        '  x-axis "TimeGenerated (UTC)" ["10:00", "11:00", "12:00"]',
        '  y-axis "errors" 0 --> 15',
        '  line [3, 12, 5]',
        '```',
        ''
      ].join('\n')
    )
    expect(call(base, 'setLineData')[0][1]).toEqual([3, 12, 5].map(value => ({ value, label: '' })))
    expect(call(base, 'setYAxisRangeData')[0]).toEqual([0, 15])
  })

  it('draws bars, horizontally for a barchart', () => {
    const text = mermaidChart({ ...base, kind: 'bar', horizontal: true })
    expect(text).toContain('xychart-beta horizontal\n')
    expect(text).toContain('  bar [3, 12, 5]')
    expect(call({ ...base, kind: 'bar', horizontal: true }, 'setOrientation')).toEqual([['horizontal']])
  })

  it('draws thresholds as flat lines in red (fail) and orange (warn), with a legend', () => {
    const text = mermaidChart({
      ...base,
      markers: [
        { name: 'max-count', value: 10, tier: 'fail' },
        { name: 'warn-count', value: 4, tier: 'warn' }
      ]
    })
    expect(text).toContain('"plotColorPalette":"#3b88c3, #dd2e44, #f4900c"')
    expect(text).toContain('  line [10, 10, 10]\n  line [4, 4, 4]\n')
    expect(text).toContain('\n🟦 errors · 🟥 max-count 10 · 🟧 warn-count 4\n')
    expect(call({ ...base, markers: [{ name: 'max-count', value: 10, tier: 'fail' }] }, 'setLineData')).toHaveLength(2)
  })

  it('gives each series a colour and names it in the legend', () => {
    const text = mermaidChart({
      ...base,
      series: [
        { name: 'api', values: [1, 2, 3] },
        { name: 'web', values: [0, 1, 0] }
      ]
    })
    expect(text).toContain('"plotColorPalette":"#3b88c3, #f4900c"')
    expect(text).toContain('\n🟦 api · 🟧 web\n')
  })

  it('has no legend for a single series', () => {
    expect(mermaidChart(base)).not.toContain('🟦')
  })

  it('escapes names in the legend for Markdown', () => {
    expect(
      mermaidChart({
        ...base,
        series: [
          { name: '<b>a|b</b>', values: [1, 2, 3] },
          { name: 'x', values: [1, 1, 1] }
        ]
      })
    ).toContain('🟦 &lt;b&gt;a\\|b&lt;/b&gt; · 🟧 x')
  })

  it('adds the note under the chart', () => {
    expect(mermaidChart({ ...base, note: 'first 500 of 9000 rows' })).toMatch(
      /```\n\n<sub>first 500 of 9000 rows<\/sub>\n$/
    )
  })

  it(`merges more than ${MAX_POINTS} points, keeping the highest of each run`, () => {
    const labels = Array.from({ length: 1000 }, (_, i) => `p${i}`)
    const values = labels.map((_, i) => (i === 777 ? 500 : i % 10))
    const chart = { ...base, labels, series: [{ name: 'n', values }] }
    const [band] = call(chart, 'setXAxisBand')[0] as { text: string }[][]
    expect(band).toHaveLength(MAX_POINTS)
    expect(band[0].text).toBe('p0')
    expect(band[7].text).toBe('p70')
    const points = (call(chart, 'setLineData')[0][1] as { value: number }[]).map(point => point.value)
    expect(points).toHaveLength(MAX_POINTS)
    expect(points[77]).toBe(500)
    expect(points[0]).toBe(9)
    expect(mermaidChart(chart)).toContain('<sub>each point is the highest of 10 in a row</sub>')
  })

  it(`shows at most ${MAX_LABELS} labels, each category still its own`, () => {
    const labels = Array.from({ length: 40 }, (_, i) => `${String(i).padStart(2, '0')}:00`)
    const chart = { ...base, labels, series: [{ name: 'n', values: labels.map(() => 1) }] }
    const [band] = call(chart, 'setXAxisBand')[0] as { text: string }[][]
    expect(band).toHaveLength(40)
    expect(new Set(band.map(label => label.text)).size).toBe(40)
    expect(band.every(label => label.text.trim() === label.text)).toBe(true)
    const shown = band.filter(label => label.text.replace(/\u200b/g, '') !== '').map(label => label.text)
    expect(shown).toEqual([
      '00:00',
      '03:00',
      '06:00',
      '09:00',
      '12:00',
      '15:00',
      '18:00',
      '21:00',
      '24:00',
      '27:00',
      '30:00',
      '33:00',
      '36:00',
      '39:00'
    ])
  })

  it('keeps labels apart that shortening made alike', () => {
    const labels = ['GET /api/orders/1234567890/a', 'GET /api/orders/1234567890/b', 'a"b', "a'b"]
    const [band] = call({ ...base, labels, series: [{ name: 'n', values: [1, 2, 3, 4] }] }, 'setXAxisBand')[0] as {
      text: string
    }[][]
    expect(band.map(label => label.text)).toEqual([
      'GET /api/orders/1234567…',
      'GET /api/orders/1234567… (2)',
      "a'b",
      "a'b (2)"
    ])
  })

  it('sets a y-axis from below the lowest negative value to above the highest', () => {
    expect(call({ ...base, series: [{ name: 'delta', values: [-3, 7, 2] }] }, 'setYAxisRangeData')[0]).toEqual([-4, 8])
    expect(call({ ...base, series: [{ name: 'flat', values: [0, 0, 0] }] }, 'setYAxisRangeData')[0]).toEqual([0, 1])
    expect(call({ ...base, series: [{ name: 'small', values: [0.02, 0.05, 0.01] }] }, 'setYAxisRangeData')[0]).toEqual([
      0, 0.06
    ])
  })

  it('keeps every hostile label and title parseable', () => {
    const hostile = [
      'a "quoted" b',
      '[x]',
      'a, b',
      '%%{init: {}}%%',
      '#quot;',
      '```',
      'line\nbreak',
      '<script>alert(1)</script>',
      '\\"',
      '',
      '🟦 ✓ é'
    ]
    const chart: Chart = {
      title: 'title "with" quotes\nand lines',
      kind: 'bar',
      labels: hostile,
      xTitle: '"x"',
      yTitle: 'y]',
      series: [{ name: '"s"', values: hostile.map((_, i) => i) }]
    }
    const result = parsed(chart)
    const band = result.calls.find(([name]) => name === 'setXAxisBand')![1][0] as { text: string }[]
    expect(band.map(label => label.text)).toEqual([
      "a 'quoted' b",
      '[x]',
      'a, b',
      '%{init: {}}%',
      '♯quot;',
      "'''",
      'line break',
      '‹script›alert(1)‹/scrip…',
      "\\'",
      '(empty)',
      '🟦 ✓ é'
    ])
    expect(result.calls.find(([name]) => name === 'setDiagramTitle')![1]).toEqual(["title 'with' quotes and lines"])
  })
})

describe('chart helpers', () => {
  it.each([
    [0.9, 1],
    [1, 1],
    [1.1, 1.2],
    [13.2, 15],
    [17, 20],
    [2.2, 2.5],
    [0.055, 0.06],
    [70, 80],
    [81, 100],
    [9007199254740991, 10000000000000000]
  ])('rounds %d up to %d', (x, rounded) => {
    expect(roundUp(x)).toBe(rounded)
  })

  it.each([
    [12, '12'],
    [-2.5, '-2.5'],
    [0.1 + 0.2, '0.3'],
    [1e21, '1000000000000000000000'],
    [1e-7, '0.0000001'],
    [Number.NaN, '0'],
    [Number.POSITIVE_INFINITY, '0']
  ])('writes %d as %s', (value, text) => {
    expect(number(value)).toBe(text)
  })

  it('quotes and shortens', () => {
    expect(quote('abcdef', 4)).toBe('"abc…"')
    expect(quote('  a \t b  ', 10)).toBe('"a b"')
  })
})
