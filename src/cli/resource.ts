/** What the CLI waits for, and what one check of it found. */

export interface CheckResult {
  ready: boolean;
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
