export { checkTarball } from './check-tarball.ts';
export type { TarballCheck } from './check-tarball.ts';
export { packPackages } from './pack-packages.ts';
export type { PackedPackage } from './pack-packages.ts';
export { publishablePackages } from './publishable-packages.ts';
export type { PublishablePackage } from './publishable-packages.ts';
