import { ApiProperty } from '@nestjs/swagger';

/** What a service's status subject answers (each generated service has one): it is up, since when. */
export class ServiceStatus {
  @ApiProperty({ description: '服务 Service name', example: 'grid' })
  service: string;

  @ApiProperty({ description: '状态 Status', enum: ['ok'] })
  status: 'ok';

  @ApiProperty({ description: '启动时间 Started at (ISO 8601)', example: '2026-01-05T08:00:00.000Z' })
  startedAt: string;

  @ApiProperty({ description: '运行秒数 Uptime in seconds', example: 90 })
  uptimeSeconds: number;
}
