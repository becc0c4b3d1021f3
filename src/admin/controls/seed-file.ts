/** `--seed FILE` / `SEED_FILE`: a fixture document loaded into the default workspace when it is created. */
import { readFile } from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import { runOperation, type Caller, type KernelDeps } from '../../core/operation.js';
import { ApiError } from '../../errors.js';
import { loadFixture, type LoadedFixture } from './fixtures.js';

export class SeedFileError extends Error {}

/** YAML text to a value, with the `yaml` package (loaded only when a YAML document arrives). */
export async function parseYaml(text: string): Promise<unknown> {
  const yaml = (await import('yaml')) as unknown as { parse?: (t: string) => unknown; default?: { parse: (t: string) => unknown } };
  const parse = yaml.parse ?? yaml.default!.parse;
  return parse(text);
}

/** Reads a fixture file: YAML when its name ends in .yaml or .yml, JSON otherwise. */
export async function readFixtureFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SeedFileError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    if (/\.ya?ml$/i.test(file)) return await parseYaml(text);
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new SeedFileError(`${file} is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Loads the file into the caller's workspace in one transaction; a bad fixture loads nothing. */
export async function loadSeedFile(deps: KernelDeps, caller: Caller, file: string, log: FastifyBaseLogger): Promise<LoadedFixture> {
  const document = await readFixtureFile(file);
  try {
    return await runOperation(deps, caller, { id: 'seed', log }, true, (ctx) => loadFixture(ctx, document));
  } catch (error) {
    if (error instanceof ApiError) throw new SeedFileError(`${file}: ${error.message}`);
    throw error;
  }
}
