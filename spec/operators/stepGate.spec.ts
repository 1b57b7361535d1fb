import { BUSY, CLOSED, IDLE, StepGate } from '../../src/operators/stepGate';

/** An input handler written the way the operators write theirs, logging where each step starts and ends. */
function handler(gate: StepGate, log: string[], inside: (name: string) => void = () => {}) {
  const step = (name: string): void => {
    if (gate.state !== IDLE) return gate.defer(() => step(name));
    gate.state = BUSY;
    log.push(`start ${name}`);
    inside(name);
    log.push(`end ${name}`);
    gate.leave();
  };
  return step;
}

describe('StepGate', () => {
  it('input that arrives during a step runs after it, in arrival order, also when steps it runs are re-entered', () => {
    const gate = new StepGate();
    const log: string[] = [];
    const step = handler(gate, log, (name) => {
      if (name === 'a') {
        step('b');
        step('c');
      }
      if (name === 'b') step('d');
    });
    step('a');
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c', 'start d', 'end d']);
    expect(gate.state).toBe(IDLE);
    step('e');
    expect(log.slice(-2)).toEqual(['start e', 'end e']);
  });

  it('closed during a step: the waiting input is dropped, later input ignored, and the step frees its state once, when it ends', () => {
    const freed: string[] = [];
    const gate = new StepGate(() => freed.push('freed'));
    const log: string[] = [];
    const step = handler(gate, log, (name) => {
      if (name !== 'a') return;
      step('b');
      expect(gate.close()).toBe(true);
      // A second close in the same step (a teardown after an error) still knows the step runs.
      expect(gate.close()).toBe(true);
      expect(freed).toEqual([]);
    });
    step('a');
    step('c');
    expect(log).toEqual(['start a', 'end a']);
    expect(freed).toEqual(['freed']);
    expect(gate.state).toBe(CLOSED);
    expect(gate.close()).toBe(false);
    expect(freed).toEqual(['freed']);
  });

  it('closed between steps: nothing runs any more and there is no step to wait for', () => {
    const freed: string[] = [];
    const gate = new StepGate(() => freed.push('freed'));
    const log: string[] = [];
    const step = handler(gate, log);
    step('a');
    expect(gate.close()).toBe(false);
    step('b');
    expect(log).toEqual(['start a', 'end a']);
    expect(freed).toEqual([]);
  });

  it('closed by a step that ran from the queue: the rest of the queue is dropped', () => {
    const gate = new StepGate();
    const log: string[] = [];
    const step = handler(gate, log, (name) => {
      if (name === 'a') {
        step('b');
        step('c');
      }
      if (name === 'b') gate.close();
    });
    step('a');
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });
});
