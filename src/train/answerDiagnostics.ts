// Clever Hans diagnostics (Bachmann & Nagarajan) for tasks whose answer holds a planning decision (Task.answerParts):
// what tells a model stuck on the next-token shortcut from one that is not trained yet.
//   generatedDecision      greedy generation: share of 'decision' tokens generated right (at their position in the
//                          generated answer; a shorter generation counts as wrong)
//   teacherForcedDecision  teacher forcing (the true answer before each token, registers absent): top-1 accuracy of
//   teacherForcedRest      the 'decision' tokens, and of the 'rest' tokens
//   nextTokenCeiling       the best EvalPoint.nextTokenAccuracy of a model that cannot plan: it gets every answer token
//                          right but guesses the decisions, so over A predicted answer tokens (EOS included, the first
//                          one predicted from the last prompt token) with k decisions it scores ((A - k) + k·g) / A,
//                          g the task's decisionGuessRate; pooled over the examples like nextTokenAccuracy. For the
//                          star graph A = pathLength + 1, k = 1, g = 1/degree.
// Stuck on the shortcut: rest ≈ 100%, decision ≈ 1/degree, next-token ≈ the ceiling. Not trained yet: rest well short
// of 100%. Planning: decision above 1/degree, next-token above the ceiling.
import type { AnswerParts, Example } from '../tasks';
import { argmax } from './generate';
import type { ScoredBatch } from '../model/logitsModel';
import type { AnswerDiagnostics } from './metrics';

/**
 * `V`: the vocabulary size. `teacherForced`: the examples in order, chunked into the method's inference batches with
 * their logits (no registers: regular token t at sequence index t, head 0 first), as evaluate() scores them.
 * `generated`: each example's greedy answer ids.
 */
export function answerDiagnostics(
  V: number, parts: AnswerParts, examples: readonly Example[], generated: readonly (readonly number[])[], teacherForced: readonly ScoredBatch[],
): AnswerDiagnostics {
  const labels = examples.map((e) => parts.labels(e));
  const count = { decision: [0, 0], rest: [0, 0], generatedDecision: [0, 0] };
  let first = 0;
  for (const { batch, logits } of teacherForced) {
    for (let row = 0; row < batch.B; row++) {
      const e = examples[first + row], roles = labels[first + row];
      e.answer.forEach((token, j) => {
        const role = roles[j];
        if (role !== 'decision' && role !== 'rest') return;
        const at = row * batch.T + e.prompt.length - 1 + j; // the regular token before answer token j
        tally(count[role], argmax(logits.subarray(at * V, (at + 1) * V)) === token);
      });
    }
    first += batch.B;
  }
  examples.forEach((e, i) => labels[i].forEach((role, j) => role === 'decision' && tally(count.generatedDecision, generated[i][j] === e.answer[j])));
  const answerTokens = examples.reduce((n, e) => n + e.answer.length, 0);
  const decisions = count.decision[1];
  return {
    generatedDecision: share(count.generatedDecision),
    teacherForcedDecision: share(count.decision),
    teacherForcedRest: share(count.rest),
    nextTokenCeiling: (answerTokens - decisions + decisions * parts.decisionGuessRate) / answerTokens,
  };
}

function tally(count: number[], right: boolean): void {
  if (right) count[0]++;
  count[1]++;
}

const share = ([right, total]: number[]) => (total > 0 ? right / total : NaN);

/** What log lines append after an evaluation's scores: "; decision 51% generated, 50% teacher-forced; rest 99%; ...", or nothing. */
export function answerDiagnosticsSuffix(d: AnswerDiagnostics | undefined): string {
  if (!d) return '';
  const pct = (x: number, digits = 0) => `${(x * 100).toFixed(digits)}%`;
  return `; decision ${pct(d.generatedDecision)} generated, ${pct(d.teacherForcedDecision)} teacher-forced; rest ${pct(d.teacherForcedRest)}; next-token ceiling without planning ${pct(d.nextTokenCeiling, 1)}`;
}
