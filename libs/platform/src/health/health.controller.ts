import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { NATS_CONNECTION } from '../service/tokens';
import { Public } from '../service/public.decorator';

@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  /** The process is up; restart it if this fails. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** The process can serve: PostgreSQL answers and NATS is connected. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.database(), () => this.nats()]);
  }

  private async database() {
    const check = this.indicators.check('postgres');
    try {
      await this.dataSource.query('SELECT 1');
      return check.up();
    } catch (error) {
      return check.down({ message: String(error) });
    }
  }

  private async nats() {
    const check = this.indicators.check('nats');
    if (this.nc.isClosed()) return check.down({ message: 'connection closed' });
    try {
      const rtt = await Promise.race([
        this.nc.rtt(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('NATS did not answer within 2 s')), 2000).unref()),
      ]);
      return check.up({ rttMs: rtt });
    } catch (error) {
      return check.down({ message: String(error) });
    }
  }
}
