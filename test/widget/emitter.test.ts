// @vitest-environment node
// Pure code: no DOM, so nothing here passes on a global only happy-dom provides.
import { describe, expect, it, vi } from 'vitest';
import { createEmitter } from '../../src/widget/emitter.js';

describe('createEmitter', () => {
  it('isolates a throwing handler: the others still run and the error is reported', () => {
    const onError = vi.fn();
    const emitter = createEmitter<{ ping: number }>(onError);
    const seen: number[] = [];
    emitter.on('ping', () => {
      throw new Error('host bug');
    });
    emitter.on('ping', (n) => seen.push(n));
    expect(() => emitter.emit('ping', 1)).not.toThrow();
    expect(seen).toEqual([1]);
    expect(onError).toHaveBeenCalledWith(new Error('host bug'));
  });
  it('stops calling a handler after off and after clear', () => {
    const emitter = createEmitter<{ ping: number }>(() => {});
    const handler = vi.fn();
    emitter.on('ping', handler);
    emitter.off('ping', handler);
    emitter.emit('ping', 1);
    emitter.on('ping', handler);
    emitter.clear();
    emitter.emit('ping', 2);
    expect(handler).not.toHaveBeenCalled();
  });
});
