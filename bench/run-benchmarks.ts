/**
 * `npm run bench`: every benchmark section, one after the other, each in a process of its own (so one
 * section's pools, servers and heap do not weigh on the next), then one summary of the issue's aims
 * with the figure each reached in this run.
 *
 *   npm run bench                         full sizes; results in bench/results/, README table updated
 *   npm run bench -- --quick              short sizes, one run (what CI runs): results in a temp folder
 *   BENCH_SECTIONS=http,rebuild npm run bench   only these sections; the summary still covers every
 *                                               section on file, each with the time it was measured
 *
 * Every section takes BENCH_RUNS and BENCH_SECONDS; each file's header lists its own settings.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Aim, aimMet, benchSettings, formatAimValue, loadAverage, machineDescription, resultsDirectory } from './bench-results.ts';
import { markdownTable } from './bench-support.ts';

interface Section {
  readonly id: string;
  readonly script: string;
}

const SECTIONS: readonly Section[] = [
  { id: 'event-store', script: 'bench/event-store-bench.ts' },
  { id: 'scaling', script: 'bench/scaling-bench.ts' },
  { id: 'rebuild', script: 'bench/rebuild-bench.ts' },
  { id: 'http', script: 'bench/http-bench.ts' },
  { id: 'subscriptions', script: 'bench/subscription-bench.ts' },
];

interface SectionFile {
  readonly title: string;
  readonly measuredAt: string;
  readonly aims: readonly (Aim & { met: boolean })[];
}

const README_START = '<!-- bench:summary:start (written by npm run bench) -->';
const README_END = '<!-- bench:summary:end -->';

function chosenSections(): readonly Section[] {
  const wanted = process.env.BENCH_SECTIONS?.split(',').map((s) => s.trim()).filter(Boolean);
  if (!wanted?.length) return SECTIONS;
  const unknown = wanted.filter((id) => !SECTIONS.some((s) => s.id === id));
  if (unknown.length) throw new Error(`BENCH_SECTIONS names unknown sections: ${unknown.join(', ')}. Known: ${SECTIONS.map((s) => s.id).join(', ')}.`);
  return SECTIONS.filter((s) => wanted.includes(s.id));
}

async function runSection(section: Section, index: number, total: number, quick: boolean): Promise<number> {
  process.stderr.write(`\n==> benchmark ${index}/${total}: ${section.id} (${section.script})\n`);
  const started = performance.now();
  const child = spawn(process.execPath, [section.script, ...(quick ? ['--quick'] : [])], { stdio: 'inherit', env: process.env });
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`==> ${section.id}: ${code === 0 ? 'done' : `FAILED (${signal ?? `exit ${code}`})`} after ${seconds.toFixed(0)} s\n`);
  return code ?? 1;
}

/** `linkPrefix`: where the section files are seen from the summary's reader ('' beside them, 'bench/results/' from the README). */
function summaryMarkdown(sections: readonly Section[], directory: string, header: string, linkPrefix: string): string {
  const rows: string[][] = [];
  const links: string[] = [];
  for (const section of sections) {
    const file = JSON.parse(readFileSync(path.join(directory, `${section.id}.json`), 'utf8')) as SectionFile;
    links.push(`- [${file.title}](${linkPrefix}${section.id}.md), measured ${file.measuredAt.slice(0, 16).replace('T', ' ')} UTC`);
    for (const aim of file.aims) {
      rows.push([file.title, aim.aim, formatAimValue(aim.measured, aim.unit), `${aim.direction === 'atLeast' ? '≥' : '<'} ${formatAimValue(aim.target, aim.unit)}`, aimMet(aim) ? 'met' : '**missed**']);
    }
  }
  const table = markdownTable(['section', 'measure', 'this run', 'aim', 'result'], rows);
  return `${header}\n\n${table}\n\nEach section's full table, its baselines and notes:\n\n${links.join('\n')}\n`;
}

/** Puts the summary between the README's markers, so the README always shows the last full run. */
function updateReadme(summary: string): void {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) {
    process.stderr.write(`README.md has no ${README_START} … ${README_END} markers: its table was not updated.\n`);
    return;
  }
  writeFileSync('README.md', `${readme.slice(0, start + README_START.length)}\n${summary}${readme.slice(end)}`);
}

async function main(): Promise<number> {
  const settings = benchSettings();
  const sections = chosenSections();
  const directory = resultsDirectory(settings);
  const loadAtStart = loadAverage();
  const started = performance.now();
  const failed: string[] = [];
  for (const [i, section] of sections.entries()) {
    if ((await runSection(section, i + 1, sections.length, settings.quick)) !== 0) failed.push(section.id);
  }
  if (failed.length) {
    process.stderr.write(`\nbenchmark sections failed: ${failed.join(', ')} (their output is above)\n`);
    return 1;
  }
  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  const mode = settings.quick ? 'quick mode, to check the suite works: not for judging figures' : `${settings.runs} runs of ${settings.seconds} s after a warm-up, medians`;
  const ran = sections.length === SECTIONS.length ? 'every section' : `sections ${sections.map((s) => s.id).join(', ')}`;
  const header = `Benchmarks of ${new Date().toISOString().slice(0, 10)} (${mode}; the last run, of ${ran}, took ${minutes} min) on ${machineDescription()}; load average ${loadAtStart.toFixed(1)} at the start, ${loadAverage().toFixed(1)} at the end.`;
  const onFile = SECTIONS.filter((section) => existsSync(path.join(directory, `${section.id}.json`)));
  const summary = summaryMarkdown(onFile, directory, header, '');
  writeFileSync(path.join(directory, 'summary.md'), summary);
  process.stdout.write(`\n${summary}\nResults in ${directory}/\n`);
  if (!settings.quick && onFile.length === SECTIONS.length) updateReadme(summaryMarkdown(onFile, directory, header, 'bench/results/'));
  return 0;
}

process.exitCode = await main();
