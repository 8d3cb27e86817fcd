// A zip archive of files stored as they are (method 0, no compression): what the page needs to hand a folder to the
// user as one download. Entries carry a fixed timestamp (1980-01-01), so the same files give the same bytes.
// Layout (APPNOTE 6.3.x): per file a local header and its bytes, then the central directory, then its end record.
// No zip64: an archive must stay under 4 GiB and 65,535 files.

export interface ZipEntry {
  /** Forward slashes, relative ("runs/mutor/job.json"). */
  path: string;
  bytes: Uint8Array;
}

const LIMIT = 0xffffffff;
const encoder = new TextEncoder();

let crcTable: Uint32Array | null = null;

/** CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Little-endian fields of one header. */
function header(fields: readonly [value: number, size: 2 | 4][], name: Uint8Array): Uint8Array {
  const fixed = fields.reduce((n, [, size]) => n + size, 0);
  const out = new Uint8Array(fixed + name.length);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const [value, size] of fields) {
    if (size === 2) view.setUint16(at, value, true);
    else view.setUint32(at, value, true);
    at += size;
  }
  out.set(name, fixed);
  return out;
}

/** The archive of `files`, in their order. Throws, naming the limit, for an archive zip without zip64 cannot hold. */
export function zipStored(files: Iterable<ZipEntry>): Uint8Array<ArrayBuffer> {
  const DOS_TIME = 0, DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01 00:00
  const VERSION = 20, UTF8_NAMES = 1 << 11;
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const push = (part: Uint8Array) => {
    parts.push(part);
    offset += part.length;
  };
  for (const { path, bytes } of files) {
    const name = encoder.encode(path);
    if (path === '' || path.startsWith('/') || path.includes('\\') || path.split('/').includes('..')) throw new Error(`zip: "${path}" is not a relative path with forward slashes`);
    if (bytes.length >= LIMIT || offset >= LIMIT) throw new Error(`zip: the archive passes 4 GiB at ${path} (no zip64 here)`);
    const crc = crc32(bytes);
    const common: [number, 2 | 4][] = [[VERSION, 2], [UTF8_NAMES, 2], [0, 2], [DOS_TIME, 2], [DOS_DATE, 2], [crc, 4], [bytes.length, 4], [bytes.length, 4], [name.length, 2]];
    central.push(header([[0x02014b50, 4], [VERSION, 2], ...common, [0, 2], [0, 2], [0, 2], [0, 2], [0, 4], [offset, 4]], name));
    push(header([[0x04034b50, 4], ...common, [0, 2]], name));
    push(bytes);
  }
  if (central.length > 0xffff) throw new Error(`zip: ${central.length} files, more than 65,535 (no zip64 here)`);
  const directoryStart = offset;
  for (const entry of central) push(entry);
  if (offset >= LIMIT) throw new Error('zip: the archive passes 4 GiB (no zip64 here)');
  push(header([[0x06054b50, 4], [0, 2], [0, 2], [central.length, 2], [central.length, 2], [offset - directoryStart, 4], [directoryStart, 4], [0, 2]], new Uint8Array(0)));
  const out = new Uint8Array(offset);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
