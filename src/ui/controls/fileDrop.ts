import type { DragEvent } from 'react';

/** What a drop zone needs of a drag event (React's DragEvent has it). */
type DropEvent = Pick<DragEvent, 'preventDefault'> & { dataTransfer: { files: ArrayLike<File> } };

/**
 * The handlers that make an element a drop zone: dragging over it is allowed (the browser would open the file
 * instead), and a drop hands the first file to `onFile`, with every file dropped (for zones that take several).
 */
export function fileDropHandlers(onFile: (file: File, all: File[]) => void) {
  return {
    onDragOver: (e: Pick<DragEvent, 'preventDefault'>) => e.preventDefault(),
    onDrop: (e: DropEvent) => {
      e.preventDefault();
      const all = Array.from(e.dataTransfer.files);
      if (all.length > 0) onFile(all[0], all);
    },
  };
}
