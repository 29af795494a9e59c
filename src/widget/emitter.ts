/** A typed event emitter whose handlers cannot break the emitter or each other. */
export interface Emitter<Events> {
  on<K extends keyof Events>(event: K, handler: (payload: Events[K]) => void): void;
  off<K extends keyof Events>(event: K, handler: (payload: Events[K]) => void): void;
  emit<K extends keyof Events>(event: K, payload: Events[K]): void;
  clear(): void;
}

/**
 * Creates an emitter. A handler that throws is isolated: the others still run,
 * and the error goes to `onHandlerError` instead of the host page.
 */
export function createEmitter<Events>(onHandlerError: (error: unknown) => void): Emitter<Events> {
  const handlers = new Map<keyof Events, Set<(payload: never) => void>>();
  return {
    on(event, handler) {
      const set = handlers.get(event) ?? new Set();
      set.add(handler as (payload: never) => void);
      handlers.set(event, set);
    },
    off(event, handler) {
      handlers.get(event)?.delete(handler as (payload: never) => void);
    },
    emit(event, payload) {
      for (const handler of [...(handlers.get(event) ?? [])]) {
        try {
          (handler as (payload: unknown) => void)(payload);
        } catch (error) {
          onHandlerError(error);
        }
      }
    },
    clear() {
      handlers.clear();
    },
  };
}
