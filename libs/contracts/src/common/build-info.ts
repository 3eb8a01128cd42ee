import { ApiProperty } from '@nestjs/swagger';

/** What release of the platform answers (GET /api/v1/version, `yiti-ops version`). */
export class BuildInfoView {
  @ApiProperty({ description: '发行版本 Release (package.json version)', example: '0.1.0' })
  release: string;

  @ApiProperty({ description: '代码提交 Git commit of the build (unknown when not recorded)', example: 'aa11439d0c…' })
  commit: string;
}
