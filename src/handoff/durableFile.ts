/**
 * The durable file helpers moved to src/storage/durableFile.ts (issue 11), next to the file
 * document store that uses them; re-exported here for code that still imports them from here.
 */
export { createFileDurably, removeFileDurably, syncDir, writeFileDurably } from '../storage/durableFile';
