import { describe, expect, it } from 'vitest';
import { BOS, DUMMY, EOS, ALPHANUMERIC, PAD, REG, VOCAB_SIZE, decode, encode, tokenString } from './tokenizer';

describe('tokenizer', () => {
  const allText = "0123456789abcdefghijklmnopqrstuvwxyz ,|/=+-*().:?;'\n#";

  it('round-trips every character', () => {
    const ids = encode(allText);
    expect(ids).toHaveLength(allText.length);
    expect(decode(ids)).toBe(allText);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.min(...ids)).toBeGreaterThan(REG);
    expect(Math.max(...ids)).toBeLessThan(VOCAB_SIZE);
    expect(ids).not.toContain(DUMMY);
  });

  it('has exactly 64 ids with the special tokens first', () => {
    expect(VOCAB_SIZE).toBe(64);
    expect([PAD, BOS, EOS, REG]).toEqual([0, 1, 2, 3]);
    expect(ALPHANUMERIC).toHaveLength(36);
  });

  it('names the unknown character and its position', () => {
    expect(() => encode('ab€c')).toThrow(/"€" at position 2/);
    expect(() => encode('A')).toThrow(/"A" at position 0/);
  });

  it('renders tokens for display', () => {
    expect(tokenString(BOS)).toBe('⟨bos⟩');
    expect(tokenString(encode(' ')[0])).toBe('␣');
    expect(tokenString(encode('\n')[0])).toBe('⏎');
    expect(tokenString(62)).toBe('⟨r62⟩');
    expect(tokenString(DUMMY)).toBe('⟨$⟩');
    expect(decode([BOS, ...encode('a b'), EOS])).toBe('⟨bos⟩a b⟨eos⟩');
    expect(() => tokenString(64)).toThrow(/outside/);
  });
});
