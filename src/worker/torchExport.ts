// The page's `mutor export-torch`: the same job files (src/torch/job.ts), train.py from the bundle, as one zip
// download. The whole archive is held in memory, so a job past ZIP_JOB_LIMIT is refused with the command that writes
// it to a folder instead.
import trainPy from '../torch/train.py?raw';
import { encodeLink } from '../experiment/link';
import type { ExperimentConfig } from '../experiment/schema';
import { torchJobFiles, type JobFile } from '../torch/job';
import type { BaseModel } from '../train/baseModel';
import { zipStored } from '../util/zip';

/** The largest job the page zips (batches, weights and all). */
export const ZIP_JOB_LIMIT = 1 << 30;

/** The PyTorch job of `exp` as a zip (the files `mutor export-torch --config <its link>` writes). */
export function torchJobZip(exp: ExperimentConfig, base: BaseModel, limit = ZIP_JOB_LIMIT): Uint8Array<ArrayBuffer> {
  return zipStored(capped(torchJobFiles(exp, base, trainPy), limit, exp));
}

function* capped(files: Iterable<JobFile>, limit: number, exp: ExperimentConfig): Generator<JobFile> {
  let total = 0;
  for (const file of files) {
    total += file.bytes.length;
    if (total > limit) {
      throw new Error(`the job passes ${Math.round(limit / 2 ** 20)} MiB (${exp.steps} steps of batches), too large to zip in the page: write it with npx mutor export-torch --config '${encodeLink(exp)}' --out job`);
    }
    yield file;
  }
}
