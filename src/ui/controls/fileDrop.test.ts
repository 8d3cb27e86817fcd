import { describe, expect, it } from 'vitest';
import { fileDropHandlers } from './fileDrop';

describe('fileDropHandlers', () => {
  it('allows dragging over, hands the first dropped file on with them all, and ignores a drop without files', () => {
    const got: string[] = [];
    const prevented: string[] = [];
    const h = fileDropHandlers((f, all) => got.push(f.name, all.map((a) => a.name).join('+')));
    h.onDragOver({ preventDefault: () => prevented.push('over') });
    const files = [new File(['a'], 'pairs.csv'), new File(['b'], 'other.csv')];
    h.onDrop({ preventDefault: () => prevented.push('drop'), dataTransfer: { files } });
    h.onDrop({ preventDefault: () => prevented.push('empty'), dataTransfer: { files: [] } });
    expect(got).toEqual(['pairs.csv', 'pairs.csv+other.csv']);
    expect(prevented).toEqual(['over', 'drop', 'empty']);
  });
});
