export { startAttacker } from './start-attacker.ts';
export type { AttackerOptions, RunningAttacker } from './start-attacker.ts';
export { attackIds, renderPage } from './render-page.ts';
