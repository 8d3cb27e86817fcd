// The registry of `mutor` subcommands: add a file in this folder and list it here.
import type { Command } from '../command';
import { layoutCommand } from './layout';

export const commands: Command[] = [layoutCommand];
