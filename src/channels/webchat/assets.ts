import fs from 'node:fs';
import path from 'node:path';

/** The page's own static files, relative to the project root (tsc does not copy them to dist/). */
export const PUBLIC_FOLDER = path.join('src', 'channels', 'webchat', 'public');
/** Web Chat's full UMD bundle (sets window.WebChat; includes Adaptive Cards for hero cards). */
export const WEBCHAT_BUNDLE = path.join('node_modules', 'botframework-webchat', 'dist', 'webchat.js');
/** How many folders up from this file to look: src/channels/webchat is 3 deep, dist/src/channels/webchat 4. */
const MAX_LEVELS_UP = 6;

/** The first folder at or above `start` holding `relative`, as an absolute path to it. */
function findUp(start: string, relative: string): string | undefined {
  let dir = start;
  for (let i = 0; i <= MAX_LEVELS_UP; i++) {
    const candidate = path.join(dir, relative);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** The page's public folder, found from src/ and from dist/src/ alike. */
export function defaultPublicDir(): string | undefined {
  return findUp(__dirname, PUBLIC_FOLDER);
}

/** The installed Web Chat browser bundle (the package's exports hide dist/, so it is found on disk). */
export function defaultWebChatBundle(): string | undefined {
  return findUp(__dirname, WEBCHAT_BUNDLE);
}
