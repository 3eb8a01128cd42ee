export interface PendingCall<In, Out> {
  input: In;
  resolve: (value: Out) => void;
  reject: (error: unknown) => void;
}

/**
 * Calls made during one event-loop turn, handed together to `flush` when the turn ends
 * (`setImmediate`): concurrent requests that are ready at the same moment share one database
 * round trip. `flush` must settle every call it is given (a flush that throws fails them all).
 */
export class SameTurnBatch<In, Out> {
  private pending: PendingCall<In, Out>[] = [];

  constructor(private readonly flush: (calls: PendingCall<In, Out>[]) => void) {}

  add(input: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      if (this.pending.push({ input, resolve, reject }) === 1) {
        setImmediate(() => {
          const calls = this.pending;
          this.pending = [];
          try {
            this.flush(calls);
          } catch (error) {
            for (const call of calls) call.reject(error);
          }
        });
      }
    });
  }
}
