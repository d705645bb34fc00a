/**
 * `pnpm doctor [--issuer <url>] [--json]`: what will and will not work with an IdP, without a
 * login. `cloakroom-server doctor` runs the same through bin.ts.
 */
import { runDoctor } from './run-doctor.ts';

process.exitCode = await runDoctor(process.argv.slice(2), process.env);
