import type { DragEvent } from 'react';

/** What a drop zone needs of a drag event (React's DragEvent has it). */
type DropEvent = Pick<DragEvent, 'preventDefault'> & { dataTransfer: { files: ArrayLike<File> } };

/**
 * The handlers that make an element a drop zone for one file: dragging over it is allowed (the browser would open the
 * file instead), and a drop hands the first file to `onFile`.
 */
export function fileDropHandlers(onFile: (file: File) => void) {
  return {
    onDragOver: (e: Pick<DragEvent, 'preventDefault'>) => e.preventDefault(),
    onDrop: (e: DropEvent) => {
      e.preventDefault();
      const file = e.dataTransfer.files[0];
      if (file) onFile(file);
    },
  };
}
