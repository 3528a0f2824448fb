import { startBot } from '../../support/botServer';

export interface RealStack {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/**
 * The app exactly as `npm start` builds it (src/app.ts createApp: FaqEngine on the real knowledge
 * folder, guided flows, demo account adapter and its routes, local Direct Line, Web Chat page),
 * anonymous, on 127.0.0.1:0.
 */
export async function startRealStack(): Promise<RealStack> {
  const running = await startBot({});
  await running.app.ready;
  return { baseUrl: running.url, close: () => running.close() };
}
