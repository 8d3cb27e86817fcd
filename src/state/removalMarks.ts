// Runs the user removed whose removal is not finished yet, kept in this browser (localStorage) from the click on:
// Undo clears the mark, the end of the Undo window clears it once the run is deleted, and a page that opens with
// marks left (a reload or close inside the window) finishes those removals instead of bringing the runs back.
export const REMOVAL_MARKS_KEY = 'mutor-playground-removed-runs';

/** The marked run ids. A storage that is off or full is ignored: a mark then lasts as long as the page. */
export interface RemovalMarks {
  list(): string[];
  add(id: string): void;
  delete(id: string): void;
}

type KeyValue = Pick<Storage, 'getItem' | 'setItem'>;

/** Marks in a key-value storage, localStorage by default (looked up at each use). */
export function storageRemovalMarks(storage: () => KeyValue = () => globalThis.localStorage): RemovalMarks {
  const read = (): string[] => {
    try {
      const value: unknown = JSON.parse(storage().getItem(REMOVAL_MARKS_KEY) ?? '[]');
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    } catch {
      return [];
    }
  };
  const write = (ids: string[]) => {
    try {
      storage().setItem(REMOVAL_MARKS_KEY, JSON.stringify(ids));
    } catch {
      // off or full: the mark lasts as long as the page
    }
  };
  return {
    list: read,
    add: (id) => write([...read().filter((m) => m !== id), id]),
    delete: (id) => write(read().filter((m) => m !== id)),
  };
}

/** This browser's marks (localStorage). */
export const removalMarks = storageRemovalMarks();
