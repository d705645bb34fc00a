/**
 * A Vite plugin that prints, after `vite build`, the two numbers issue 3 budgets: the SPA's
 * initial JavaScript (the entry chunk and the chunks it imports statically, min+gzip) and
 * @cloakroom/react alone (min+gzip). Lazy chunks are not initial and are not counted.
 */
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { measureReactSize, reactSizeBudgetBytes } from '@cloakroom/react/size';

/** The SPA's initial-JS budget from issue 3, in bytes (min+gzip). */
export const spaSizeBudgetBytes = 90 * 1024;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

/**
 * Reports the initial-JS and library sizes after the bundle is written; warns over budget.
 *
 * @example
 * ```ts
 * export default defineConfig({ plugins: [react(), reportSize()] });
 * ```
 */
export function reportSize(): Plugin {
  return {
    name: 'cloakroom:report-size',
    apply: 'build',
    async writeBundle(_options, bundle) {
      const chunks = new Map(
        Object.values(bundle).flatMap((item) =>
          item.type === 'chunk' ? [[item.fileName, item]] : [],
        ),
      );
      const initial = new Set<string>();
      const visit = (fileName: string) => {
        const chunk = chunks.get(fileName);
        if (!chunk || initial.has(fileName)) return;
        initial.add(fileName);
        chunk.imports.forEach(visit);
      };
      for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
      let min = 0;
      let gzip = 0;
      for (const fileName of initial) {
        const code = chunks.get(fileName)?.code ?? '';
        min += Buffer.byteLength(code);
        gzip += gzipSync(code, { level: 9 }).byteLength;
      }
      const react = await measureReactSize();
      const verdict = (size: number, budget: number) =>
        size <= budget ? `within ${kb(budget)}` : `OVER the ${kb(budget)} budget`;
      const lines = [
        `SPA initial JS (${initial.size} chunk${initial.size === 1 ? '' : 's'}): ${kb(min)} min, ${kb(gzip)} min+gzip (${verdict(gzip, spaSizeBudgetBytes)})`,
        `@cloakroom/react: ${react.min} B min, ${react.gzip} B min+gzip (${verdict(react.gzip, reactSizeBudgetBytes)})`,
      ];
      process.stdout.write(`\n${lines.join('\n')}\n`);
      if (gzip > spaSizeBudgetBytes || react.gzip > reactSizeBudgetBytes) {
        this.warn('a size budget from issue 3 is exceeded');
      }
    },
  };
}
