import { type IncomingMessage, request } from 'node:http'

export interface SseEvent {
  id: string | undefined
  event: string | undefined
  data: string
}

/** An SSE stream read with node:http, as any plain client would: events parsed from the bytes as they come. */
export interface SseStream {
  status: number
  headers: IncomingMessage['headers']
  events: SseEvent[]
  comments: string[]
  /** Resolves once `n` events have arrived (or rejects if the stream ends first). */
  waitFor(n: number): Promise<SseEvent[]>
  /** Resolves when the server ends the stream. */
  ended: Promise<void>
  /** The body, for an answer that is not a stream (an error). */
  body(): Promise<string>
  close(): void
}

export function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      res.setEncoding('utf8')
      const events: SseEvent[] = []
      const comments: string[] = []
      const waiters: { n: number; resolve: (e: SseEvent[]) => void; reject: (e: Error) => void }[] = []
      let buffer = ''
      let text = ''
      let done = false
      let endResolve: () => void = () => {}
      const ended = new Promise<void>((r) => {
        endResolve = r
      })
      const settle = () => {
        for (const w of [...waiters]) {
          if (events.length >= w.n) {
            waiters.splice(waiters.indexOf(w), 1)
            w.resolve(events.slice(0, w.n))
          } else if (done) {
            waiters.splice(waiters.indexOf(w), 1)
            w.reject(new Error(`stream ended after ${events.length} events, ${w.n} awaited`))
          }
        }
      }
      res.on('data', (chunk: string) => {
        text += chunk
        buffer += chunk
        let cut = buffer.indexOf('\n\n')
        while (cut >= 0) {
          const block = buffer.slice(0, cut)
          buffer = buffer.slice(cut + 2)
          const e: SseEvent = { id: undefined, event: undefined, data: '' }
          let isEvent = false
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim())
            else if (line.startsWith('id: ')) e.id = line.slice(4)
            else if (line.startsWith('event: ')) e.event = line.slice(7)
            else if (line.startsWith('data: ')) {
              e.data += line.slice(6)
              isEvent = true
            }
          }
          if (isEvent) events.push(e)
          cut = buffer.indexOf('\n\n')
        }
        settle()
      })
      const finish = () => {
        done = true
        settle()
        endResolve()
      }
      res.on('end', finish)
      res.on('close', finish)
      res.on('error', finish)
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        comments,
        ended,
        waitFor: (n) =>
          new Promise((ok, fail) => {
            waiters.push({ n, resolve: ok, reject: fail })
            settle()
          }),
        body: async () => {
          await ended
          return text
        },
        close: () => req.destroy(),
      })
    })
    req.on('error', reject)
    req.end()
  })
}
