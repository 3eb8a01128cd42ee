/**
 * Runs `pass` every `intervalMs`, and `kickDelayMs` after a kick (a commit that left work for it).
 * The short delay lets a busy service's commits share one pass instead of one pass each. Passes
 * never overlap; a kick during a pass runs another right after it.
 */
export class KickableLoop {
  private timer: NodeJS.Timeout | null = null;
  private dueAt = Infinity;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private readonly pass: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly kickDelayMs = 0,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.dueAt <= Date.now() + this.kickDelayMs) return; // a pass is due soon enough already
    this.schedule(this.kickDelayMs);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = Date.now() + delay;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.dueAt = Infinity;
      this.running = this.pass()
        .then(() => undefined, () => undefined)
        .finally(() => {
          this.running = null;
          const more = this.again;
          this.again = false;
          this.schedule(more ? this.kickDelayMs : this.intervalMs);
        });
    }, delay);
  }
}
