// The zip writer against independent readers: Python's zipfile (every CRC checked, every file's bytes compared) and
// the known CRC-32 check value; random files of odd sizes, an empty one and a non-ASCII name.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, zipStored, type ZipEntry } from './zip';

const READ = `
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
bad = z.testzip()
print(json.dumps({'bad': bad, 'files': [[i.filename, i.compress_type, list(z.read(i))] for i in z.infolist()]}))
`;

describe('zipStored', () => {
  it('gives the CRC-32 check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it("is read back by Python's zipfile: names, order, bytes and CRCs", () => {
    const random = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(Math.random() * 256));
    const files: ZipEntry[] = [
      { path: 'experiment.json', bytes: random(1 + Math.floor(Math.random() * 999)) },
      { path: 'runs/mutor/batches-00000.bin', bytes: random(4099) },
      { path: 'runs/mutor/empty.bin', bytes: new Uint8Array(0) },
      { path: 'README-é.md', bytes: random(37) },
    ];
    const dir = mkdtempSync(join(tmpdir(), 'mutor-zip-'));
    try {
      const zip = zipStored(files);
      expect(zipStored(files)).toEqual(zip); // the same files, the same bytes
      writeFileSync(join(dir, 'a.zip'), zip);
      const r = spawnSync('python3', ['-c', READ, join(dir, 'a.zip')], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const read = JSON.parse(r.stdout) as { bad: string | null; files: [string, number, number[]][] };
      expect(read.bad).toBeNull();
      expect(read.files.map(([name, method]) => [name, method])).toEqual(files.map((f) => [f.path, 0]));
      read.files.forEach(([, , bytes], i) => expect(Uint8Array.from(bytes)).toEqual(files[i].bytes));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a path that is not relative with forward slashes', () => {
    for (const path of ['', '/etc/passwd', 'a\\b', '../up', 'runs/../../x']) {
      expect(() => zipStored([{ path, bytes: new Uint8Array(1) }])).toThrow(`zip: "${path}" is not a relative path`);
    }
  });
});
