/**
 * The part of autocannon 9's API that bench/load.ts uses (the package ships no types and
 * @types/autocannon is not installed). Field meanings from autocannon's README.
 */
declare module 'autocannon' {
  namespace autocannon {
    /** A request as setupRequest sees and returns it. */
    interface RequestParams {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
    }

    /** Per-connection state, reset to `initialContext` (or {}) each time the sequence starts over. */
    type Context = Record<string, unknown>;

    interface SequenceRequest extends RequestParams {
      /** Called before each send of this request; returns the request to send. */
      setupRequest?: (request: RequestParams, context: Context) => RequestParams;
      /** Called with each response to this request (headers lower-cased). */
      onResponse?: (status: number, body: string, context: Context, headers: Record<string, string | string[]>) => void;
    }

    interface Options {
      url: string;
      /** Concurrent connections. */
      connections?: number;
      /** Seconds to run. */
      duration?: number;
      /** Requests per connection in flight (default 1). */
      pipelining?: number;
      /** Seconds before a request counts as timed out (default 10). */
      timeout?: number;
      /** The sequence every connection sends, in order, over and over. */
      requests?: SequenceRequest[];
      initialContext?: Context;
    }

    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p99: number;
    }

    interface Result {
      /** Seconds. */
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      resets: number;
      '2xx': number;
      latency: Histogram;
      requests: Histogram & { sent: number };
      statusCodeStats: Record<string, { count: number }>;
    }
  }

  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}
