import { RELAYED, inForeground, mustPassOn, onSignals, signalExit } from '../../src/cli/signals';

// /proc/self/stat as Linux writes it: pid (comm) state ppid pgrp session tty_nr tpgid ...
const stat = (comm: string, pgrp: number, tpgid: number) => () =>
  `4242 (${comm}) S 4000 ${pgrp} 4000 34816 ${tpgid} 4194560 1201 0 0 0`;

describe('signals', () => {
  it('should say a process is in the foreground when its group is the terminal foreground group', () => {
    expect(inForeground(stat('node', 4242, 4242))).toBe(true);
    expect(inForeground(stat('node', 4242, 4300))).toBe(false); // a background job
    expect(inForeground(stat('node', 4242, -1))).toBe(false); // no terminal (a supervisor, CI)
    // a command name with spaces and parentheses in it
    expect(inForeground(stat('a) b (c', 77, 77))).toBe(true);
    expect(
      inForeground(() => {
        throw new Error('ENOENT: no /proc here');
      }),
    ).toBe(false);
    expect(typeof inForeground()).toBe('boolean'); // this process's own, whatever it is
  });

  it('should pass on every signal but the terminal ones when the terminal already sent them', () => {
    for (const name of RELAYED) expect(mustPassOn(name, () => false)).toBe(true);
    expect(RELAYED.filter((name) => !mustPassOn(name, () => true))).toEqual(['SIGHUP', 'SIGINT', 'SIGQUIT']);
  });

  it('should exit 128 + the signal number, as shells say', () => {
    expect(RELAYED.map(signalExit)).toEqual([129, 130, 131, 143, 138, 140]);
  });

  it('should call the handler with each signal received until stopped, and leave no listener', () => {
    const before = RELAYED.map((name) => process.listenerCount(name));
    const seen: string[] = [];
    const stop = onSignals((name) => seen.push(name));
    expect(RELAYED.map((name) => process.listenerCount(name))).toEqual(before.map((n) => n + 1));
    process.emit('SIGUSR2', 'SIGUSR2');
    process.emit('SIGHUP', 'SIGHUP');
    stop();
    expect(seen).toEqual(['SIGUSR2', 'SIGHUP']);
    expect(RELAYED.map((name) => process.listenerCount(name))).toEqual(before);
  });
});
