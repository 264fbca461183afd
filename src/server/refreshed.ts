/**
 * A value read once and kept: for `ttlMs` milliseconds, or while the process runs when `ttlMs` is undefined.
 * A failed read is not kept, so the next call tries again.
 */
export function refreshed<T>(ttlMs: number | undefined, read: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined
  let readAt = 0
  return () => {
    if (value && ttlMs !== undefined && Date.now() - readAt >= ttlMs) value = undefined
    if (!value) {
      readAt = Date.now()
      const v = read()
      value = v
      v.catch(() => {
        if (value === v) value = undefined
      })
    }
    return value
  }
}
