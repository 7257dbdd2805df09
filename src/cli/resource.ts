/** How the CLI names what it waits for; the checks themselves are rxjs-wait/checks'. */
import type { Check } from '../checks/index.js';

/** A bad command line: exit code 2 with a one-line message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command-line options that shape checks, for every resource type to take what it needs. */
export interface TargetOptions {
  method: string;
  headers: Record<string, string>;
  /** Which HTTP statuses mean ready. */
  statusOk: (status: number) => boolean;
  insecure: boolean;
  follow: boolean;
  /** How long one check may take (`Infinity`: no limit). */
  attemptTimeout: number;
  /** `--ca`, `--cert`, `--key`: PEM text read from the files named. */
  tls: { ca?: string | undefined; cert?: string | undefined; key?: string | undefined };
}

/**
 * One kind of resource: how it is written and which check it makes. The CLI knows the
 * kinds only through the registry in `resources/index.ts`; a new kind is its own file
 * there plus one entry in that list.
 */
export interface ResourceType {
  /** Lines for the help's Resources section: how it is written, what ready means. */
  readonly help: readonly (readonly [syntax: string, meaning: string])[];
  /** How it is written, for the error about an unknown resource. */
  readonly written: string;
  /** Whether `target` names a resource of this kind. */
  matches(target: string): boolean;
  /** The check of the resource `target` names, labelled `target`; a {@link UsageError} when it is malformed. */
  parse(target: string, options: TargetOptions): Check;
}

/** The short code of a system error (`ENOENT`), else its message. */
export function describeFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  if (error instanceof Error) return error.message;
  return String(error);
}
