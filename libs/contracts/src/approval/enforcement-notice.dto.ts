import { ApiProperty } from '@nestjs/swagger';

/** 双向告知 What the enforcement side told the approving side about a licence holder. */
export class EnforcementNoticeView {
  @ApiProperty({ description: '类型:penalty_decided 行政处罚决定 / case_closed 结案 Kind', enum: ['penalty_decided', 'case_closed'] })
  kind: 'penalty_decided' | 'case_closed';

  @ApiProperty({ description: '决定书编号或案号 Decision or case number' })
  referenceNo: string;

  @ApiProperty({ description: '程序:simplified 简易 / ordinary 一般 Procedure', nullable: true, type: String })
  procedure: string | null;

  @ApiProperty({ description: '乡镇 Town code' })
  townCode: string;

  @ApiProperty({ description: '处罚事项编码 Penalty item code', nullable: true, type: String })
  itemCode: string | null;

  @ApiProperty({ description: '处罚种类 Penalty kinds', type: [String] })
  penaltyKinds: string[];

  @ApiProperty({ description: '罚款(元) Fine in yuan' })
  fineYuan: number;

  @ApiProperty({ description: '决定或结案日期 Decided or closed on' })
  occurredOn: string;
}
