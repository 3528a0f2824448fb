import type { CliIo } from '../../src/cli/io';

/** A CLI's input and output in memory: what a command printed, and the stdin lines it reads. */
export type BufferedIo = CliIo & { readonly stdout: string[]; readonly stderr: string[] };

/** An in-memory CliIo; `stdin` is what `lines()` yields (ask --jsonl). */
export function bufferedIo(stdin: readonly string[] = []): BufferedIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
    lines: async function* () {
      yield* stdin;
    },
  };
}
