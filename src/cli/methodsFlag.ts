// --method m[,m]: methods of the registry, each at most once (a run per method: a repeat would train it twice).
import { parseMethods, type MethodKind } from '../methods/registry';
import { UsageError } from './args';

export function methodsFlag(text: string): MethodKind[] {
  try {
    return parseMethods(text);
  } catch (e) {
    throw new UsageError(`--method: ${e instanceof Error ? e.message : String(e)}`);
  }
}
