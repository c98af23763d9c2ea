import * as core from '@actions/core'

const masked = new Set<string>()

/** Hides `value` in every later log line (once per value, however often it comes by). */
export function mask(value: string): void {
  if (value === '' || masked.has(value)) return
  masked.add(value)
  core.setSecret(value)
}
