export { parseBenchArgs } from './bench-options.ts';
export type { BenchOptions } from './bench-options.ts';
export { runBench } from './run-bench.ts';
export type { BenchReport, TargetReport } from './bench-report.ts';
export { checkGoals } from './goals.ts';
export type { GoalCheck } from './goals.ts';
export { summarizeProfile } from './profile-summary.ts';
export type { ProfileSummary } from './profile-summary.ts';
