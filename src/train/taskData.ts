// The data files a task reads (public/data/: an image set, a classifier's weights), loaded once per page, Worker or
// process before its examples are built: fetched in the browser, read from disk in Node.
import { tasks } from '../tasks';
import { hasDataFile, provideDataFile } from '../tasks/dataFiles';

/** The files in public/data/ the task needs and has not loaded yet. */
export function missingTaskData(taskName: string): string[] {
  return (tasks[taskName]?.dataFiles ?? []).filter((file) => !hasDataFile(file));
}

/** Fetches the task's data files from the page's public folder at `baseUrl`, those not loaded yet. */
export async function fetchTaskData(taskName: string, baseUrl: string): Promise<void> {
  await Promise.all(missingTaskData(taskName).map(async (file) => {
    const res = await fetch(new URL(`data/${file}`, baseUrl).href);
    if (!res.ok) throw new Error(`could not load data/${file} (${res.status} ${res.statusText})`);
    provideDataFile(file, new Uint8Array(await res.arrayBuffer()));
  }));
}
