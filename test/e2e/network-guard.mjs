/**
 * Preloaded into every action the end-to-end tests run (NODE_OPTIONS --import):
 * name lookups never leave the machine. `*.emulator.test` resolves to the
 * emulator on 127.0.0.1, as a private DNS name that is not loopback-looking
 * (so `no_proxy` decides whether a proxy is used); IP addresses and localhost
 * resolve as usual; any other name fails at once, so a request that should
 * have gone through the test's proxy can never reach the real host.
 */
import dns from 'node:dns'
import { isIP } from 'node:net'

const lookup = dns.lookup

dns.lookup = function guardedLookup(hostname, options, callback) {
  if (typeof options === 'function') {
    callback = options
    options = {}
  } else if (typeof options === 'number') {
    options = { family: options }
  }
  if (isIP(hostname) || hostname === 'localhost') return lookup.call(this, hostname, options, callback)
  if (/(^|\.)emulator\.test$/i.test(hostname)) {
    if (options?.all) return process.nextTick(callback, null, [{ address: '127.0.0.1', family: 4 }])
    return process.nextTick(callback, null, '127.0.0.1', 4)
  }
  const error = Object.assign(
    new Error(`getaddrinfo ENOTFOUND ${hostname} (the test network guard resolves no real host)`),
    {
      code: 'ENOTFOUND',
      hostname
    }
  )
  process.nextTick(callback, error)
}
