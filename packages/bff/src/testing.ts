export { describeSessionStoreContract } from './session/session-store-contract.ts';
export type { StoreFactory } from './session/session-store-contract.ts';
