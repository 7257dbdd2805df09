/** What the CLI waits for, and what one check of it found. */

export interface CheckResult {
  ready: boolean;
  /**
   * The check could not tell either way (a file check's EACCES or ELOOP): not ready, and
   * with `--reverse` not gone either.
   */
  unknown?: boolean;
  /** What was seen, for people: `HTTP 503`, `ECONNREFUSED`, `exit 1`, `missing`. */
  detail: string;
}

export interface Resource {
  /** How the user named it. */
  readonly label: string;
  /**
   * One check. Resolves with what it saw; rejects with a {@link FatalResourceError}
   * when retrying cannot help. Must stop its work when `signal` aborts.
   */
  check(signal: AbortSignal): Promise<CheckResult>;
}

/** A bad command line: exit code 2 with a one-line message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command-line options that shape checks, for every resource type to take what it needs. */
export interface CheckOptions {
  method: string;
  headers: Record<string, string>;
  /** Which HTTP statuses mean ready. */
  statusOk: (status: number) => boolean;
  insecure: boolean;
  follow: boolean;
  reverse: boolean;
}

/**
 * One kind of resource: how it is written and how it is made. The CLI knows the kinds
 * only through the registry in `checks/index.ts`; a new kind is its own file there plus
 * one entry in that list.
 */
export interface ResourceType {
  /** Lines for the help's Resources section: how it is written, what ready means. */
  readonly help: readonly (readonly [syntax: string, meaning: string])[];
  /** How it is written, for the error about an unknown resource. */
  readonly written: string;
  /** Whether `target` names a resource of this kind. */
  matches(target: string): boolean;
  /** The resource `target` names; a {@link UsageError} when it is malformed. */
  parse(target: string, options: CheckOptions): Resource;
}

/**
 * `--reverse`: ready once `resource` is no longer ready (a port that closed, a URL that
 * stopped answering 2xx, a file that is gone), never on a check that could not tell.
 */
export function reversed(resource: Resource): Resource {
  return {
    label: resource.label,
    async check(signal) {
      const result = await resource.check(signal);
      if (result.unknown === true) return result;
      return { ready: !result.ready, detail: result.ready ? `still ${result.detail}` : `gone (${result.detail})` };
    },
  };
}

/** A resource failed in a way that retrying cannot fix (exit code 1). */
export class FatalResourceError extends Error {
  override readonly name = 'FatalResourceError';
  constructor(
    readonly resource: string,
    message: string,
  ) {
    super(message);
  }
}

/** The short code of a system error (`ECONNREFUSED`), else its message. */
export function describeFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  if (error instanceof Error) return error.message;
  return String(error);
}
