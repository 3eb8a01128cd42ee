import type { DataSource } from 'typeorm';
import { KickableLoop } from '../background/kickable-loop';
import type { AuditMacKeys } from './audit-chain';
import { sealAuditBatch } from './audit-sealing';

/** Seals committed audit rows into their counties' hash chains, shortly after each commit. */
export class AuditSealer {
  private readonly loop: KickableLoop;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly keys: AuditMacKeys,
    private readonly onError?: (error: unknown) => void,
    private readonly batchSize = 1000,
  ) {
    this.loop = new KickableLoop(() => this.drain(), 1000, 100);
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  kick(): void {
    this.loop.kick();
  }

  /** Seals until nothing is left. Returns how many rows were sealed. */
  async drain(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const sealed = await sealAuditBatch(this.dataSource, this.schema, this.keys, this.batchSize);
        total += sealed;
        if (sealed < this.batchSize) break;
      }
    } catch (error) {
      this.onError?.(error);
    }
    return total;
  }
}
