// Reverse a random string of digits and letters:   rev:ab3x=   ->   x3ba
import { stringTask } from './stringTask';

export const reversal = stringTask('reversal', 'rev', 'Reverse a random string of digits and letters.', (s) => [...s].reverse().join(''));
