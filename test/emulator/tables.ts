/**
 * The emulator's data: tables as the Logs API would return them. Cells are
 * wire values (strings, numbers, booleans, null; `dynamic` as a JSON string);
 * a `Raw` cell is sent as its exact text (a long beyond 2^53).
 */

export interface Column {
  name: string
  type: string
}

export class Raw {
  constructor(readonly text: string) {}
}

export type Cell = string | number | boolean | null | Raw

export interface Table {
  name: string
  columns: Column[]
  rows: Cell[][]
}

/** The one long that JSON.parse cannot hold: 2^53 + 1. */
export const BIG_LONG = '9007199254740993'

const MINUTE = 60_000

/** Tables of the emulated workspace, with times relative to `now` so that timespans select rows. */
export function workspaceTables(now: number): Map<string, Table> {
  const at = (minutesAgo: number) => new Date(now - minutesAgo * MINUTE).toISOString()
  const tables: Table[] = [
    {
      name: 'AllTypes',
      columns: [
        { name: 'TimeGenerated', type: 'datetime' },
        { name: 'Bool', type: 'bool' },
        { name: 'Guid', type: 'guid' },
        { name: 'Int', type: 'int' },
        { name: 'Long', type: 'long' },
        { name: 'Real', type: 'real' },
        { name: 'String', type: 'string' },
        { name: 'Timespan', type: 'timespan' },
        { name: 'Decimal', type: 'decimal' },
        { name: 'Dynamic', type: 'dynamic' }
      ],
      rows: [
        [
          at(5),
          true,
          '74be27de-1e4e-49d9-b579-fe0b331d3642',
          12345,
          101,
          102.1,
          'hello',
          '00:00:10',
          '0.10101',
          '{"hello":"world","n":[1,2,3]}'
        ],
        [
          at(6),
          false,
          'a4016d26-2c78-4700-9705-2488ddad97da',
          -7,
          new Raw(BIG_LONG),
          12345.6789,
          'comma, "quote" and\nnewline ✓',
          '1.02:03:04.5',
          '79228162514264337593543950335',
          `{"big":${BIG_LONG},"list":["a",{"b":null}]}`
        ],
        [at(7), null, null, null, null, null, null, null, null, null],
        [at(8), false, '00000000-0000-0000-0000-000000000000', 0, 0, -0.5, '', '-00:00:01', '-1.5', 'boundedElastic-1']
      ]
    },
    {
      name: 'AppExceptions',
      columns: [
        { name: 'TimeGenerated', type: 'datetime' },
        { name: 'AppRoleName', type: 'string' },
        { name: 'ProblemId', type: 'string' },
        { name: 'SeverityLevel', type: 'int' },
        { name: 'OuterMessage', type: 'string' },
        { name: 'Properties', type: 'dynamic' }
      ],
      rows: [
        [
          at(3),
          'api',
          'System.TimeoutException at Orders.Submit',
          3,
          'The operation has timed out.',
          '{"orderId":1042,"region":"westeurope"}'
        ],
        [
          at(9),
          'api',
          'System.NullReferenceException at Cart.Total',
          3,
          'Object reference not set to an instance of an object.',
          '{"cartId":"c-77"}'
        ],
        [
          at(14),
          'web',
          'TypeError at checkout.js',
          2,
          "Cannot read properties of undefined (reading 'price')",
          '{"browser":"Firefox 132"}'
        ],
        [
          at(21),
          'api',
          'System.TimeoutException at Orders.Submit',
          3,
          'The operation has timed out.',
          '{"orderId":1043,"region":"westeurope"}'
        ],
        [
          at(26),
          'api',
          'Npgsql.PostgresException at Inventory.Reserve',
          4,
          '40P01: deadlock detected',
          '{"sku":"A-100"}'
        ],
        [at(44), 'web', 'TypeError at cart.js', 2, 'x is not a function', '{"browser":"Chrome 131"}'],
        [
          at(52),
          'api',
          'System.TimeoutException at Orders.Submit',
          3,
          'The operation has timed out.',
          '{"orderId":1001,"region":"northeurope"}'
        ],
        [
          at(95),
          'api',
          'System.InvalidOperationException at Payments.Capture',
          3,
          'Sequence contains no elements',
          '{"paymentId":"p-9"}'
        ],
        [at(130), 'web', 'ChunkLoadError at app.js', 2, 'Loading chunk 7 failed.', '{"browser":"Safari 18"}'],
        [
          at(300),
          'api',
          'System.TimeoutException at Orders.Submit',
          3,
          'The operation has timed out.',
          '{"orderId":990,"region":"westeurope"}'
        ],
        [
          at(900),
          'api',
          'System.IO.IOException at Blob.Upload',
          3,
          'Unable to write data to the transport connection.',
          '{"container":"invoices"}'
        ],
        [
          at(2000),
          'web',
          'TypeError at checkout.js',
          2,
          "Cannot read properties of null (reading 'id')",
          '{"browser":"Edge 131"}'
        ]
      ]
    },
    {
      name: 'Heartbeat',
      columns: [
        { name: 'TimeGenerated', type: 'datetime' },
        { name: 'Computer', type: 'string' },
        { name: 'OSType', type: 'string' },
        { name: 'Version', type: 'string' }
      ],
      rows: Array.from({ length: 24 }, (_, i) => [
        at(i * 5 + 1),
        `vm-${(i % 3) + 1}`,
        i % 3 === 2 ? 'Windows' : 'Linux',
        '1.36.0'
      ])
    },
    appRequests(now),
    seriesTable(0, now),
    {
      name: 'Hostile',
      columns: [
        { name: 'Text', type: 'string' },
        { name: 'Markup', type: 'string' }
      ],
      rows: [
        ['a | b | c', '<script>alert(1)</script>'],
        ['line one\nline two', '**bold** _it_ `code` [link](https://example.com)'],
        ['```kusto\nfence', '<img src=x onerror=alert(1)>']
      ]
    }
  ]
  return new Map(tables.map(table => [table.name.toLowerCase(), table]))
}

/**
 * A day of web requests, every row one request: a daily rhythm, and a burst of
 * failures three hours ago. Always the same rows for the same `now` (a seeded
 * generator), so a chart of them looks the same in every run.
 */
function appRequests(now: number): Table {
  let seed = 42
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  const names = ['GET /api/orders', 'POST /api/cart', 'GET /api/products']
  const rows: Cell[][] = []
  const slot = 10 * MINUTE
  for (let start = Math.floor((now - 24 * 60 * MINUTE) / slot) * slot; start < now; start += slot) {
    const hour = new Date(start).getUTCHours()
    const requests = Math.round(6 + 5 * Math.sin(((hour - 9) / 24) * 2 * Math.PI) + random() * 3)
    const burst = Math.abs(now - 3 * 60 * MINUTE - start) < 30 * MINUTE
    for (let i = 0; i < requests; i++) {
      const at = start + Math.floor(random() * slot)
      if (at > now) continue
      const failed = burst ? random() < 0.6 : random() < 0.04
      rows.push([
        new Date(at).toISOString(),
        names[Math.floor(random() * names.length)],
        failed ? 500 : 200,
        Math.round(20 + random() * (failed ? 2000 : 180)),
        !failed
      ])
    }
  }
  return {
    name: 'AppRequests',
    columns: [
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'Name', type: 'string' },
      { name: 'ResultCode', type: 'int' },
      { name: 'DurationMs', type: 'real' },
      { name: 'Success', type: 'bool' }
    ],
    rows
  }
}

/**
 * The `Series` table with `count` rows, one a second back from `now`: what a
 * test scripts with `emulator.series` to make successive queries see a changing count.
 */
export function seriesTable(count: number, now: number): Table {
  return {
    name: 'Series',
    columns: [
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'Level', type: 'string' }
    ],
    rows: Array.from({ length: count }, (_, i) => [new Date(now - i * 1000).toISOString(), 'Error'])
  }
}

/** The response body of a table, exactly as the service would write it. */
export function serializeTables(tables: Table[], extra: Record<string, unknown> = {}): string {
  const parts = tables.map(table => {
    const rows = table.rows.map(row => `[${row.map(serializeCell).join(',')}]`).join(',')
    return `{"name":${JSON.stringify(table.name)},"columns":${JSON.stringify(table.columns)},"rows":[${rows}]}`
  })
  const members = Object.entries(extra).map(([key, value]) => `,${JSON.stringify(key)}:${JSON.stringify(value)}`)
  return `{"tables":[${parts.join(',')}]${members.join('')}}`
}

export function serializeCell(cell: Cell): string {
  return cell instanceof Raw ? cell.text : JSON.stringify(cell)
}
