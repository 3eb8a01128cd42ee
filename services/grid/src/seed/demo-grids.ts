import type { DataSource } from 'typeorm';
import type { GridFeature, GridType, ImportGridsRequest } from '@yiti/contracts';
import { appendAudit, type AuditEntry } from '@yiti/platform';
import { applyGridImport } from '../grids/grid-commands';
import { GRID_SCHEMA } from '../names';

export const LIUHE = '320585102';
const SAMPLE = '(示例数据)';

/** A rectangle in degrees, counter-clockwise from its south-west corner. */
const rectangle = (west: number, south: number, east: number, north: number) => ({
  type: 'Polygon',
  coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
});

const grid = (code: string, name: string, type: GridType, bounds: [number, number, number, number], secretary: string): GridFeature => ({
  type: 'Feature',
  properties: { code, name: `${name}${SAMPLE}`, type, partyBranch: { name: `${name}党支部`, secretary, memberCount: 12, volunteers: ['志愿者甲', '志愿者乙'] } },
  geometry: rectangle(...bounds),
});

/**
 * Synthetic grids of Liuhe town (浏河镇), marked sample data: rectangles near the town, not its real
 * boundaries, so that point routing and patrol reports work out of the box in the demo. The codes
 * of the first three are grids the identity seed already knows (its grid worker works in 320585102201001).
 */
export const DEMO_GRIDS: ImportGridsRequest = {
  townCode: LIUHE,
  sample: true,
  townBoundary: rectangle(121.24, 31.48, 121.34, 31.56),
  grids: {
    type: 'FeatureCollection',
    features: [
      grid('320585102001001', '新闸社区第一网格', 'residential_community', [121.28, 31.52, 121.3, 31.54], '陈示例'),
      grid('320585102201001', '东仓村第一网格', 'rural', [121.26, 31.5, 121.28, 31.52], '王示例'),
      grid('320585102201002', '东仓村第二网格', 'rural', [121.28, 31.5, 121.3, 31.52], '李示例'),
      grid('320585102202001', '何桥村第一网格', 'rural', [121.26, 31.52, 121.28, 31.54], '张示例'),
      grid('320585102401001', '浏河营园区网格', 'enterprise_park', [121.3, 31.5, 121.32, 31.54], '赵示例'),
    ],
  },
};

/** Idempotent: Liuhe's sample grids are imported once, when the town has none. Returns how many were added. */
export async function seedDemoGrids(dataSource: DataSource): Promise<number> {
  return dataSource.transaction(async (em) => {
    const [{ present }] = (await em.query(`SELECT EXISTS (SELECT 1 FROM grid.grid WHERE town_code = $1) AS present`, [LIUHE])) as { present: boolean }[];
    if (present) return 0;
    const audits: AuditEntry[] = [];
    const result = await applyGridImport(em, DEMO_GRIDS, (entry) => audits.push({ ...entry, actorId: 'system:seed', actorRoles: [], correlationId: 'seed-demo' }));
    await appendAudit(em, GRID_SCHEMA, audits);
    return result.created;
  });
}
