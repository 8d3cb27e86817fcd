import type { ParsedArgs } from './args';

/** One `mutor` subcommand. `run` returns the process exit code. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  run(args: ParsedArgs): Promise<number>;
}
