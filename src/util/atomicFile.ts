// Writing a file through a temporary one (Node), so that a kill mid-write never leaves half a file that a resume
// would trust.
import { renameSync, writeFileSync } from 'node:fs';

export function writeAtomic(path: string, data: string | Uint8Array): void {
  writeFileSync(path + '.tmp', data);
  renameSync(path + '.tmp', path);
}
