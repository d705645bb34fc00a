import { describe, expect, inject, it } from 'vitest';
import { checkTarball, type TarballCheck } from '../src/index.ts';

const tools: TarballCheck['tool'][] = ['publint', 'attw'];

describe.each(inject('packed'))('the packed $name', ({ tarball }) => {
  it.each(tools)('passes %s', (tool) => {
    const [check] = checkTarball(tarball, [tool]);
    // The tool's own report is the failure message.
    expect({ ok: check?.ok, output: check?.output }).toMatchObject({ ok: true });
  });
});
