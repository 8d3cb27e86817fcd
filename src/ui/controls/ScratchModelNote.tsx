import { scratchParameterCount, type ModelSize } from '../../model/size';
import { formatCount } from '../format';

/** How big the model trained from scratch is, next to its size fields. */
export function ScratchModelNote({ size }: { size: ModelSize }) {
  return (
    <p className="field-note" data-testid="scratch-parameters">
      {formatCount(scratchParameterCount(size))} parameters (MuToR adds one register row of d_model, Multi-Token heads a layer per extra head)
    </p>
  );
}
