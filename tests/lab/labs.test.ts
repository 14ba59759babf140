/**
 * Every lab of the site (labs/, picked up automatically) through the Node runner, the path of
 * `npm run lab -- <id> --check`: its solution passes its check and, for an exercise, its starter
 * fails it. The fixture labs are held to the same rule, so this file proves the rule itself even
 * while labs/ is empty, and checks that the fixtures stay apart from the site's labs.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAllLabs } from '../../src/lab/load.ts';
import { runLab } from '../../src/lab/runners/node.ts';
import type { Lab } from '../../src/lab/schema.ts';
import { useBuiltPackages } from './helpers.ts';

const pkgs = useBuiltPackages();
const siteLabs = await loadAllLabs('labs');
const fixtureLabs = await loadAllLabs(path.join('tests/fixtures/labs/good'));

function describeLabs(title: string, labs: readonly Lab[]) {
  describe(title, () => {
    for (const lab of labs) {
      describe(lab.id, () => {
        it('the solution passes its check', async () => {
          const { report, text } = await runLab(lab, {
            mode: 'check',
            files: 'solution',
            packages: pkgs.current,
          });
          const failed = report?.items.filter((item) => !item.pass) ?? [];
          expect(failed, `output:\n${text}`).toEqual([]);
          expect(report?.passed, `output:\n${text}`).toBe(true);
        });

        if (lab.meta.kind === 'exercise') {
          it('the starter fails its check', async () => {
            const { report, result } = await runLab(lab, {
              mode: 'check',
              files: 'starter',
              packages: pkgs.current,
            });
            expect(report).toBeDefined();
            expect(report?.passed).toBe(false);
            expect(result.exitCode).toBe(1);
          });
        }
      });
    }
  });
}

describeLabs("the site's labs", siteLabs);
describeLabs('the fixture labs', fixtureLabs);

describe('lab ids', () => {
  it('fixtures never share an id with a site lab (they never appear on the site)', () => {
    const site = new Set(siteLabs.map((lab) => lab.id));
    expect(fixtureLabs.length).toBeGreaterThan(0);
    expect(fixtureLabs.filter((lab) => site.has(lab.id))).toEqual([]);
  });
});
