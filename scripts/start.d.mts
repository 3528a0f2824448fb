/** Types of scripts/start.mjs (plain JavaScript: it runs before anything is compiled). */

/** The project root. */
export declare const ROOT: string;
/** dist/.build-stamp: written after a successful build, its mtime is the build's start. */
export declare const BUILD_STAMP: string;
/** Folders of TypeScript sources. */
export declare const SOURCE_DIRS: readonly string[];
/** Files whose change can change the output. */
export declare const BUILD_INPUT_FILES: readonly string[];
/** The server entry. */
export declare const DEFAULT_ENTRY: string;
/** Entries whose dictionary is preloaded. */
export declare const DICTIONARY_ENTRIES: readonly string[];
/** Newest mtime (ms) of the build's inputs under `root` (default ROOT). */
export declare function newestInput(root?: string): number;
/** True when dist/ under `root` (default ROOT) was built after the last change to its inputs. */
export declare function isFresh(root?: string): boolean;
/** Compiles with tsc and writes the stamp on success; returns tsc's exit code. */
export declare function build(root?: string): number;
