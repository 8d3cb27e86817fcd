// The one character-level vocabulary shared by every 1D task (and by pretraining text): one token per character.
// Layout: 4 special tokens, then the printable characters, then reserved slots so that VOCAB_SIZE is exactly 64
// (the default model's vocabSize). Reserved ids are never produced by encode(); the last one is DUMMY.
//
// Star-graph node labels are single characters from ALPHANUMERIC (digits then letters, 36 values; the original
// paper draws from 50 multi-digit numbers), so that every node is exactly one token.

export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
/** Register placeholder: lets a sequence show where a register sits; never produced by the model. */
export const REG = 3;

const SPECIAL_NAMES = ['⟨pad⟩', '⟨bos⟩', '⟨eos⟩', '⟨reg⟩'];

const DIGITS = '0123456789';
export const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** Digits then letters: star-graph node labels (a pool of size n takes the first n) and the string tasks' alphabet. */
export const ALPHANUMERIC = DIGITS + LETTERS;
const PUNCTUATION = " ,|/=+-*().:?;'\n#";
const CHARACTERS = DIGITS + LETTERS + PUNCTUATION;

export const VOCAB_SIZE = 64;
const FIRST_CHAR_ID = SPECIAL_NAMES.length;
const FIRST_RESERVED_ID = FIRST_CHAR_ID + CHARACTERS.length;
if (FIRST_RESERVED_ID > VOCAB_SIZE) throw new Error(`tokenizer: ${FIRST_RESERVED_ID} tokens do not fit in ${VOCAB_SIZE}`);

/** Throws unless a model reads the tasks' vocabulary; `what` names the model (a file, a shipped model, a run's). */
export function checkVocabulary(vocabSize: number, what: string): void {
  if (vocabSize !== VOCAB_SIZE) throw new Error(`${what} has a vocabulary of ${vocabSize} tokens; the playground's tasks use ${VOCAB_SIZE}`);
}
/** The teacherless method's input in place of every answer token (a reserved id: no text encodes to it). */
export const DUMMY = VOCAB_SIZE - 1;
if (DUMMY < FIRST_RESERVED_ID) throw new Error(`tokenizer: the characters reach the reserved id ${DUMMY} (DUMMY)`);

const idOfChar = new Map<string, number>([...CHARACTERS].map((c, i) => [c, FIRST_CHAR_ID + i]));

/** True for a character the vocabulary has a token for. */
export function canEncode(c: string): boolean {
  return idOfChar.has(c);
}

/** The characters the vocabulary holds, in words (for messages about text that does not fit it). */
export const VOCABULARY_TEXT = `digits, lowercase letters a-z, space, newline and ${[...PUNCTUATION].filter((c) => c.trim() !== '').join(' ')}`;

/** Character ids of `text` (no BOS/EOS added). Throws on a character outside the vocabulary. */
export function encode(text: string): number[] {
  const ids: number[] = [];
  let position = 0;
  for (const c of text) {
    const id = idOfChar.get(c);
    if (id === undefined) throw new Error(`tokenizer: character ${JSON.stringify(c)} at position ${position} is not in the vocabulary`);
    ids.push(id);
    position++;
  }
  return ids;
}

function checkId(id: number): void {
  if (!Number.isInteger(id) || id < 0 || id >= VOCAB_SIZE) throw new Error(`tokenizer: id ${id} is outside [0, ${VOCAB_SIZE})`);
}

/** Text of `ids`: characters as themselves, special and reserved ids as their tokenString. */
export function decode(ids: readonly number[]): string {
  return ids.map((id) => {
    checkId(id);
    return id >= FIRST_CHAR_ID && id < FIRST_RESERVED_ID ? CHARACTERS[id - FIRST_CHAR_ID] : tokenString(id);
  }).join('');
}

/** Visible rendering of one token for display: '⟨bos⟩', '␣' for space, '⏎' for newline, '⟨$⟩' for DUMMY, '⟨r57⟩' for other reserved ids. */
export function tokenString(id: number): string {
  checkId(id);
  if (id < FIRST_CHAR_ID) return SPECIAL_NAMES[id];
  if (id === DUMMY) return '⟨$⟩';
  if (id >= FIRST_RESERVED_ID) return `⟨r${id}⟩`;
  const c = CHARACTERS[id - FIRST_CHAR_ID];
  return c === ' ' ? '␣' : c === '\n' ? '⏎' : c;
}
