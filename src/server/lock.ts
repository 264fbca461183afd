/** Runs async work one piece at a time: the chain store's one DuckDB connection is not shared by overlapping queries. */
export class Lock {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn)
    this.tail = result.catch(() => {})
    return result
  }
}
