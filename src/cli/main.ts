// `mutor <command> [flags]`: the headless face of the engine (tests, benchmarks, pretraining, experiments).
import { ConfigError, parseArgs, UsageError } from './args';
import type { Command } from './command';
import { commands } from './commands/index';

function printHelp(): void {
  const lines = ['usage: mutor <command> [flags]', '', 'commands:'];
  for (const c of commands) lines.push(`  ${c.usage.padEnd(58)} ${c.summary}`);
  console.log(lines.join('\n'));
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    printHelp();
    return name ? 0 : 2;
  }
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`mutor: unknown command '${name}' (try 'mutor help')`);
    return 2;
  }
  try {
    return await command.run(parseArgs(rest));
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`mutor ${name}: ${e.message}\nusage: mutor ${command.usage}`);
      return 2;
    }
    if (e instanceof ConfigError) {
      console.error(`mutor ${name}: ${e.message}`);
      return 2;
    }
    console.error(`mutor ${name}: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.MUTOR_DEBUG) console.error(e);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  // Dawn keeps handles alive; exit explicitly once the command is done.
  process.exit(code);
});
