const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

/**
 * The last `width` hex digits of `n` as an unsigned 32-bit number, zero-padded: the generated tables' GUIDs and
 * IDs. By table rather than `toString(16)`: a max-size answer asks for ~2 million.
 */
export function hex(n: number, width: number): string {
  const v = n >>> 0
  const eight = BYTE_HEX[v >>> 24] + BYTE_HEX[(v >>> 16) & 255] + BYTE_HEX[(v >>> 8) & 255] + BYTE_HEX[v & 255]
  return width >= 8 ? eight.padStart(width, '0') : eight.slice(8 - width)
}
