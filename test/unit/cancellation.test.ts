import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { Cancellation } from '../../src/cancellation.js'

/** A Cancellation on a stand-in for `process`, recording what it would log, fail and exit with. */
function harness(budgetMs = 1000) {
  const signals = new EventEmitter()
  const log: string[] = []
  const exits: number[] = []
  let exited: () => void = () => {}
  const exitedOnce = new Promise<void>(resolve => (exited = resolve))
  const cancellation = new Cancellation({
    signals,
    exit: code => {
      exits.push(code)
      exited()
    },
    budgetMs,
    info: message => log.push(`info: ${message}`),
    fail: message => log.push(`fail: ${message}`)
  })
  return { signals, log, exits, cancellation, exitedOnce }
}

describe('Cancellation', () => {
  it('listens for SIGINT and SIGTERM only while a cleanup is registered', () => {
    const { signals, cancellation } = harness()
    expect(signals.listenerCount('SIGTERM')).toBe(0)
    const remove = cancellation.onCancel(async () => {})
    const removeSecond = cancellation.onCancel(async () => {})
    expect(signals.listenerCount('SIGINT')).toBe(1)
    expect(signals.listenerCount('SIGTERM')).toBe(1)
    remove()
    expect(signals.listenerCount('SIGTERM')).toBe(1)
    removeSecond()
    expect(signals.listenerCount('SIGINT')).toBe(0)
    expect(signals.listenerCount('SIGTERM')).toBe(0)
  })

  it('runs every cleanup on the first signal, then fails and exits with 1', async () => {
    const { signals, log, exits, cancellation, exitedOnce } = harness()
    const ran: string[] = []
    cancellation.onCancel(async signal => void ran.push(`job ${signal}`))
    cancellation.onCancel(async () => {
      await new Promise(resolve => setTimeout(resolve, 20))
      ran.push('table')
    })
    signals.emit('SIGTERM', 'SIGTERM')
    expect(cancellation.cancelling).toBe(true)
    await exitedOnce
    expect(ran.sort()).toEqual(['job SIGTERM', 'table'])
    expect(log).toEqual(['info: SIGTERM received: the run is being cancelled; cleaning up before exiting.', 'fail: The run was cancelled (SIGTERM).'])
    expect(exits).toEqual([1])
  })

  it('lets a second signal not interrupt the cleanup', async () => {
    const { signals, log, exits, cancellation, exitedOnce } = harness()
    let finished = false
    cancellation.onCancel(async () => {
      await new Promise(resolve => setTimeout(resolve, 30))
      finished = true
    })
    signals.emit('SIGINT', 'SIGINT')
    signals.emit('SIGTERM', 'SIGTERM')
    await exitedOnce
    expect(finished).toBe(true)
    expect(log).toContain('info: SIGTERM received while cleaning up after SIGINT; finishing the clean-up first.')
    expect(exits).toEqual([1])
  })

  it('exits after the budget when a cleanup hangs', async () => {
    const { signals, log, exits, cancellation, exitedOnce } = harness(50)
    cancellation.onCancel(() => new Promise(() => {}))
    const started = Date.now()
    signals.emit('SIGTERM', 'SIGTERM')
    await exitedOnce
    expect(Date.now() - started).toBeGreaterThanOrEqual(45)
    expect(log).toContain('info: The clean-up took longer than 0.05 s; exiting without waiting for it.')
    expect(exits).toEqual([1])
  })

  it('exits even when a cleanup fails', async () => {
    const { signals, exits, cancellation, exitedOnce } = harness()
    cancellation.onCancel(async () => {
      throw new Error('ARM is down')
    })
    signals.emit('SIGINT', 'SIGINT')
    await exitedOnce
    expect(exits).toEqual([1])
  })

  it('passes results and errors through unlessCancelled until a signal arrives, then holds them back', async () => {
    const { signals, cancellation, exitedOnce } = harness()
    await expect(cancellation.unlessCancelled(Promise.resolve(7))).resolves.toBe(7)
    await expect(cancellation.unlessCancelled(Promise.reject(new Error('no')))).rejects.toThrow('no')
    cancellation.onCancel(async () => {})
    let resolveWork: (value: number) => void = () => {}
    const work = new Promise<number>(resolve => (resolveWork = resolve))
    let settled = false
    void cancellation.unlessCancelled(work).then(
      () => (settled = true),
      () => (settled = true)
    )
    signals.emit('SIGTERM', 'SIGTERM')
    resolveWork(1)
    await exitedOnce
    await new Promise(resolve => setTimeout(resolve, 10))
    expect(settled).toBe(false)
  })
})
