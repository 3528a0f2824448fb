import { beforeAll } from 'vitest';
import { setPersonNameDetector } from '../../dialogs/privacy/redact';

/**
 * Runs before every test file (vitest.config.mts `setupFiles`). The workers do not isolate files
 * (isolate: false), so process-wide registrations one file made (a runtime registers the
 * dictionary name detector when it starts) would otherwise reach the next file in the same
 * worker. Each file starts as in a fresh process: no detector until it registers one.
 */
beforeAll(() => {
  setPersonNameDetector(undefined);
});
