/** How the CLI names what it waits for; the checks themselves are rxjs-wait/checks'. */
import type { Check } from '../checks/index.js';

/** A bad command line: exit code 2 with a one-line message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What every resource type gets from the command line's own options. */
export interface CommonOptions {
  /** How long one check may take (`Infinity`: no limit). */
  attemptTimeout: number;
}

/** A command-line flag that one resource type owns (`--status` is HTTP's). */
export interface Flag {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** For `--help`: what follows the flag (`RANGES`, or '' for a switch), and what it does. */
  readonly help: readonly [argument: string, meaning: string];
}

/** The values of the flags as `node:util`'s `parseArgs` read them, by long name. */
export type FlagValues = Readonly<Record<string, string | boolean | string[] | undefined>>;

/**
 * One kind of resource: how it is written, the flags it reads, and which check it makes.
 * The CLI knows the kinds only through the registry in `resources/index.ts`; a new kind is
 * its own file there plus one entry in that list, and `--help` lists its syntax and flags.
 */
export interface ResourceType<O = undefined> {
  /** Lines for the help's Resources section: how it is written, what ready means. */
  readonly help: readonly (readonly [syntax: string, meaning: string])[];
  /** How it is written, for the error about an unknown resource. */
  readonly written: string;
  /** The flags only this kind reads, by long name (without the dashes). */
  readonly flags?: Readonly<Record<string, Flag>>;
  /** This kind's options, from its flags' values: once per command line; a {@link UsageError} for a bad one. */
  options?(values: FlagValues): O;
  /** Whether `target` names a resource of this kind. */
  matches(target: string): boolean;
  /** The check of the resource `target` names, labelled `target`; a {@link UsageError} when it is malformed. */
  parse(target: string, common: CommonOptions, options: O): Check;
}

/** The short code of a system error (`ENOENT`), else its message. */
export function describeFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  if (error instanceof Error) return error.message;
  return String(error);
}
