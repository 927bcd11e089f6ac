/**
 * A real scheduler: a sweep and a fit submitted to Slurm as `sbatch --array` jobs, one shard per
 * array task, all into one shared folder; the merged sweep and the shards' fit equal the runs of
 * one process byte for byte. The one-node cluster comes from scripts/slurm-up.sh (Debian's
 * slurm-wlm and munge; .ci/run installs and starts them). Where Slurm is not up and cannot be
 * started (not root, packages missing), the test fails and says why: it never skips.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { netevo, tmp } from './helpers/cli.js';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin', 'netevo.mjs');
const artifacts = join(root, 'test-artifacts');

function slurmUp(): boolean {
  const r = spawnSync('sinfo', ['-h', '-N', '-o', '%T'], { encoding: 'utf8' });
  return r.status === 0 && /^(idle|mixed|allocated)/m.test(r.stdout);
}

/** Submit an array job running `command` (a shell line) in each task, and wait for it. */
function sbatchArray(tasks: number, command: string, logs: string): { jobId: string; seconds: number } {
  const t0 = Date.now();
  const out = execFileSync('sbatch', ['--parsable', '--wait', `--array=1-${tasks}`, '--job-name=netevo-test', '--cpus-per-task=1', `--output=${join(logs, 'slurm-%A_%a.out')}`, `--chdir=${root}`, `--wrap=${command}`], { encoding: 'utf8', timeout: 600_000 });
  return { jobId: out.trim().split(';')[0], seconds: (Date.now() - t0) / 1000 };
}

/** What each array task printed, in task order (for the failure message). */
const taskLogs = (logs: string) => readdirSync(logs).filter((f) => f.startsWith('slurm-')).sort().map((f) => `--- ${f}\n${readFileSync(join(logs, f), 'utf8').slice(-2000)}`).join('\n');

beforeAll(() => {
  if (slurmUp()) return;
  const why: string[] = [];
  if (process.getuid?.() === 0) {
    const r = spawnSync(join(root, 'scripts', 'slurm-up.sh'), { encoding: 'utf8', timeout: 120_000 });
    if (r.status === 0 && slurmUp()) return;
    why.push(`scripts/slurm-up.sh exited ${r.status}: ${(r.stderr || r.stdout).trim().slice(-600)}`);
  } else why.push('not root, so scripts/slurm-up.sh cannot start munged, slurmctld and slurmd');
  throw new Error(`Slurm is not up (sinfo shows no idle node). ${why.join('; ')}. Install Debian's slurm-wlm and munge and run scripts/slurm-up.sh as root (.ci/run does both).`);
}, 180_000);

describe('on a real Slurm (sbatch --array)', () => {
  it('a sweep in three array tasks, merged, equals the unsharded sweep byte for byte', async () => {
    const dir = tmp('netevo-slurm-sweep-');
    const sweep = join(dir, 'sweep.json');
    writeFileSync(sweep, JSON.stringify({
      name: 'slurm-sweep',
      scenario: join(root, 'scenarios', 'pancreas-immune-parallel.json'),
      parameters: { 'hypothesis.immuneDivergent': [0, 1], 'immune.killPerDay': [0.0006, 0.0012] },
      seeds: [3, 4],
      patients: 10,
    }));
    const whole = await netevo('sweep', sweep, '--out', join(dir, 'whole'));
    expect(whole.code, whole.stderr).toBe(0);
    const shared = join(dir, 'shared');
    const { jobId, seconds } = sbatchArray(3, `node ${bin} sweep ${sweep} --shard \${SLURM_ARRAY_TASK_ID}/\${SLURM_ARRAY_TASK_COUNT} --out ${shared}`, dir);
    const logs = taskLogs(dir);
    expect(readdirSync(shared).filter((f) => /^results\.shard-\d-of-3\.csv$/.test(f)), logs).toHaveLength(3);
    const merged = await netevo('merge', shared, '--out', join(dir, 'merged'));
    expect(merged.code, merged.stderr).toBe(0);
    expect(readFileSync(join(dir, 'merged', 'results.csv'), 'utf8')).toBe(readFileSync(join(dir, 'whole', 'results.csv'), 'utf8'));
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'slurm-sweep.txt'), `job ${jobId}: 3 array tasks in ${seconds.toFixed(1)} s, merged = unsharded\n${logs}\n`);
  }, 600_000);

  it('a fit in two array tasks sharing a folder equals the fit of one process byte for byte', async () => {
    const dir = tmp('netevo-slurm-fit-');
    const target = join(root, 'reference', 'lung-subgroups.csv');
    const args = ['fit', 'lung', '--target', target, '--budget', '8', '--smc', '24', '--particles', '6', '--patients', '16', '--refine', '4', '--validation', '32'];
    const single = await netevo(...args, '--out', join(dir, 'single'), '--quiet');
    expect(single.code, single.stderr).toBe(0);
    const shared = join(dir, 'shared');
    const { jobId, seconds } = sbatchArray(2, `node ${bin} ${args.join(' ')} --shard \${SLURM_ARRAY_TASK_ID}/\${SLURM_ARRAY_TASK_COUNT} --wait 10 --out ${shared}`, dir);
    const logs = taskLogs(dir);
    expect(logs).toMatch(/shard 1\/2: runs simulations 0, 2, 4, … of each stage/);
    expect(logs).toMatch(/shard 2\/2: its share of the model choice and the mixture is done/);
    for (const f of ['fit.json', 'fit.csv', 'simulations.csv', 'mixture.csv', 'best-scenario.json']) expect(readFileSync(join(shared, f), 'utf8'), `${f}\n${logs}`).toBe(readFileSync(join(dir, 'single', f), 'utf8'));
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'slurm-fit.txt'), `job ${jobId}: 2 array tasks in ${seconds.toFixed(1)} s, fit.json = one process's\n${logs}\n`);
  }, 600_000);
});
