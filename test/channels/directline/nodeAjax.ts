import { Observable } from 'rxjs/Observable';
import type { AjaxCreationMethod, AjaxRequest, AjaxResponse } from 'rxjs/observable/dom/AjaxObservable';

/** One HTTP call directline-js made, for asserting what the client really sent. */
export interface RecordedCall {
  readonly method: string;
  readonly url: string;
  readonly status: number;
}

/**
 * The `ajax` service botframework-directlinejs accepts (its own tests swap it the same way):
 * rxjs's default needs a browser XMLHttpRequest, Node has fetch. Requests, status handling
 * and error shapes (`status`, `xhr.getResponseHeader`) follow rxjs's AjaxObservable, so the
 * client's retry and expiry logic runs unchanged.
 */
export function nodeAjax(calls: RecordedCall[] = []): AjaxCreationMethod {
  const request = (urlOrRequest: string | AjaxRequest): Observable<AjaxResponse> =>
    Observable.create((subscriber: { next(v: AjaxResponse): void; complete(): void; error(e: unknown): void }) => {
      const req: AjaxRequest = typeof urlOrRequest === 'string' ? { url: urlOrRequest, method: 'GET' } : urlOrRequest;
      const method = (req.method ?? 'GET').toUpperCase();
      const url = req.url ?? '';
      const headers = Object.fromEntries(Object.entries((req.headers ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
      const controller = new AbortController();
      const timer = req.timeout ? setTimeout(() => controller.abort(), req.timeout) : undefined;
      let cancelled = false;
      fetch(url, {
        method,
        headers,
        body: req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body),
        signal: controller.signal,
      })
        .then(async (res) => {
          const text = await res.text();
          let response: unknown = text;
          try {
            response = text === '' ? null : JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          calls.push({ method, url, status: res.status });
          const xhr = { getResponseHeader: (name: string) => res.headers.get(name), status: res.status };
          const shaped = { status: res.status, response, responseText: text, responseType: 'json', request: req, xhr, originalEvent: undefined };
          if (cancelled) return;
          if (res.status >= 200 && res.status < 300) {
            subscriber.next(shaped as unknown as AjaxResponse);
            subscriber.complete();
          } else {
            subscriber.error(Object.assign(new Error(`ajax error ${res.status}`), shaped));
          }
        })
        .catch((err: unknown) => {
          calls.push({ method, url, status: 0 });
          if (!cancelled) subscriber.error(Object.assign(new Error(String(err)), { status: 0, xhr: { getResponseHeader: () => null } }));
        })
        .finally(() => clearTimeout(timer));
      return () => {
        cancelled = true;
        controller.abort();
      };
    }) as Observable<AjaxResponse>;

  const notUsed = (): never => {
    throw new Error('nodeAjax: only the request form is used by directline-js');
  };
  return Object.assign(request, { get: notUsed, post: notUsed, put: notUsed, patch: notUsed, delete: notUsed, getJSON: notUsed });
}
