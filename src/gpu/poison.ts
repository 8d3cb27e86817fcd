/** A quiet NaN bit pattern: outputs are filled with it before a kernel runs, so unwritten entries fail checks. */
export const POISON_BITS = 0x7fc00bad;
