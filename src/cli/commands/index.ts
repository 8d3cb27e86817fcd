// The registry of `mutor` subcommands: add a file in this folder and list it here.
import type { Command } from '../command';
import { benchCommand } from './bench';
import { experimentCommand } from './experiment';
import { evalCommand } from './eval';
import { exportTorchCommand } from './exportTorch';
import { galleryCommand } from './gallery';
import { importRunCommand } from './importRun';
import { infoCommand } from './info';
import { layoutCommand } from './layout';
import { pretrainCommand } from './pretrain';
import { trainCommand } from './train';

export const commands: Command[] = [infoCommand, benchCommand, layoutCommand, trainCommand, pretrainCommand, evalCommand, experimentCommand, galleryCommand, exportTorchCommand, importRunCommand];
