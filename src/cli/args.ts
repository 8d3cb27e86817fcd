// Minimal, strict flag parsing for the `mutor` subcommands: --name value, --flag, and positionals.
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags.set(a.slice(2), argv[++i]);
      else flags.set(a.slice(2), true);
    } else positionals.push(a);
  }
  return { positionals, flags };
}

export class UsageError extends Error {}

/** A config or input the command cannot run (bad file, out-of-range field, too large for the GPU): exit 2, one line. */
export class ConfigError extends Error {}

/** Reads typed flags and rejects unknown ones, so a typo is an error rather than a silent default. */
export class Flags {
  private readonly used = new Set<string>();
  constructor(private readonly parsed: ParsedArgs) {}

  bool(name: string): boolean {
    this.used.add(name);
    const v = this.parsed.flags.get(name);
    if (v === undefined) return false;
    if (v === true || v === 'true') return true;
    if (v === 'false') return false;
    throw new UsageError(`--${name} takes no value (got ${v})`);
  }

  string(name: string, fallback?: string): string | undefined {
    this.used.add(name);
    const v = this.parsed.flags.get(name);
    if (v === undefined) return fallback;
    if (v === true) throw new UsageError(`--${name} needs a value`);
    return v;
  }

  number(name: string, fallback?: number, opts: { integer?: boolean; min?: number; max?: number } = {}): number | undefined {
    const s = this.string(name);
    if (s === undefined) return fallback;
    const n = Number(s);
    if (!Number.isFinite(n) || (opts.integer && !Number.isInteger(n))) throw new UsageError(`--${name} must be a${opts.integer ? 'n integer' : ' number'}, got ${s}`);
    if (opts.min !== undefined && n < opts.min) throw new UsageError(`--${name} must be >= ${opts.min}, got ${n}`);
    if (opts.max !== undefined && n > opts.max) throw new UsageError(`--${name} must be <= ${opts.max}, got ${n}`);
    return n;
  }

  /** Call after reading every flag: throws on flags the command does not know. */
  done(): void {
    const unknown = [...this.parsed.flags.keys()].filter((k) => !this.used.has(k));
    if (unknown.length) throw new UsageError(`unknown flag${unknown.length > 1 ? 's' : ''}: ${unknown.map((k) => '--' + k).join(', ')}`);
  }
}
