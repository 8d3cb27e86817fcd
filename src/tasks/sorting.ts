// Sort the characters of a random string, digits before letters:   sort:b3a3=   ->   33ab
import { stringTask } from './stringTask';

export const sorting = stringTask('sorting', 'sort', 'Sort the characters of a random string (digits, then letters).', (s) => [...s].sort().join(''));
