import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Boundary } from './grid-geometry';
import { GridIndex, type IndexedGrid } from './grid-index';

interface CachedTown {
  revision: string;
  index: GridIndex;
}

/**
 * Point → grid, in process: one GridIndex per town, kept while the town's revision (bumped by every
 * change of its grids, by whichever replica) is unchanged; a stale or missing one is rebuilt from the
 * database. Checking the revision is one primary-key read.
 */
@Injectable()
export class GridLocator {
  private readonly towns = new Map<string, CachedTown>();
  private readonly building = new Map<string, Promise<CachedTown>>();

  constructor(private readonly dataSource: DataSource) {}

  async locate(townCode: string, lng: number, lat: number): Promise<IndexedGrid | null> {
    return (await this.townIndex(townCode))?.locate(lng, lat) ?? null;
  }

  /** The town's current index (one revision read; rebuilt when stale), or null when the town has no grids: for many points at once. */
  async townIndex(townCode: string): Promise<GridIndex | null> {
    const rows: { revision: string }[] = await this.dataSource.query(`SELECT revision FROM grid.town_grids WHERE town_code = $1`, [townCode]);
    const revision = rows[0]?.revision;
    if (revision === undefined) return null;
    const cached = this.towns.get(townCode);
    if (cached?.revision === revision) return cached.index;
    const key = `${townCode}@${revision}`;
    let pending = this.building.get(key);
    if (!pending) {
      pending = this.build(townCode, revision).finally(() => this.building.delete(key));
      this.building.set(key, pending);
    }
    const built = await pending;
    this.towns.set(townCode, built);
    return built.index;
  }

  private async build(townCode: string, revision: string): Promise<CachedTown> {
    const grids: { code: string; name: string; boundary: Boundary }[] = await this.dataSource.query(`SELECT code, name, boundary FROM grid.grid WHERE town_code = $1`, [townCode]);
    return { revision, index: new GridIndex(grids) };
  }
}
