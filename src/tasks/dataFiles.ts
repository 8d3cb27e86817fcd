// Data files of tasks (public/data/<file>: image sets, a classifier's weights), kept by name once their environment
// has loaded them: the Worker and the page fetch them, the CLI and tests read them from disk. Tasks build their
// examples synchronously from what is kept here.
const files = new Map<string, Uint8Array>();

export function provideDataFile(file: string, bytes: Uint8Array): void {
  files.set(file, bytes);
}

export function hasDataFile(file: string): boolean {
  return files.has(file);
}

/** The bytes of a loaded file; throws a message that says where it comes from. */
export function dataFile(file: string): Uint8Array {
  const bytes = files.get(file);
  if (!bytes) throw new Error(`data/${file} is not loaded yet (it is read from public/data/${file} before a run starts)`);
  return bytes;
}

/** A value decoded from a data file once, then kept. */
export function decodedOnce<T>(decode: (bytes: Uint8Array, source: string) => T): (file: string) => T {
  const cache = new Map<string, { bytes: Uint8Array; value: T }>();
  return (file) => {
    const bytes = dataFile(file), hit = cache.get(file);
    if (hit && hit.bytes === bytes) return hit.value;
    const value = decode(bytes, `data/${file}`);
    cache.set(file, { bytes, value });
    return value;
  };
}
