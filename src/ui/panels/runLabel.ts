// How a run's name is shown beside its method in the run cards and the curves legend.

/**
 * Whether a run's method should be named after its label: only when the label does not already begin with it
 * ("NTP 2" and "NTP (gallery)" say it; a renamed or imported run may not).
 */
export const methodNote = (label: string, methodLabel: string): boolean => !label.startsWith(methodLabel);
