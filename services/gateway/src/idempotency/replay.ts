/** Thrown by IdempotencyGuard for a completed key: ProblemFilter answers with the recorded response. */
export class IdempotentReplay {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}
