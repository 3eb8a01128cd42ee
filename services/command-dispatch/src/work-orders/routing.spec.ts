import { decideRoute, townOf } from './routing';
import { countyTaxonomy, gridEventCategory } from './taxonomy';

const unit = { id: 'b7f3a0f2-2c55-4d1e-9b7a-1f0e6d2c3a41', name: '甲镇城市管理办公室' };

describe('routing (分拨)', () => {
  it('routes to the unit the town\'s duty list names', () => {
    expect(decideRoute({ townCode: '320585101', gridTownCode: null, gridCode: null, dutyUnit: unit })).toEqual({ routed: true, townCode: '320585101', gridCode: null, unit, routedBy: 'duty_list' });
  });

  it('takes the town from the grid the location lies in when the channel named none', () => {
    expect(townOf(null, { code: '320585101001', townCode: '320585101' })).toEqual({ townCode: '320585101', gridCode: '320585101001' });
    expect(decideRoute({ townCode: null, gridTownCode: '320585101', gridCode: '320585101001', dutyUnit: unit })).toMatchObject({ routed: true, townCode: '320585101', gridCode: '320585101001' });
  });

  it('keeps the named town over the grid, and the grid only when it lies in that town', () => {
    expect(townOf('320585102', { code: '320585101001', townCode: '320585101' })).toEqual({ townCode: '320585102', gridCode: null });
    expect(townOf('320585101', { code: '320585101001', townCode: '320585101' })).toEqual({ townCode: '320585101', gridCode: '320585101001' });
  });

  it('leaves what it cannot route to the dispatchers\' queue: no town, or no duty covering the category', () => {
    expect(decideRoute({ townCode: null, gridTownCode: null, gridCode: null, dutyUnit: null })).toEqual({ routed: false, townCode: null, gridCode: null, reason: 'no_town' });
    expect(decideRoute({ townCode: '320585101', gridTownCode: null, gridCode: null, dutyUnit: null })).toEqual({ routed: false, townCode: '320585101', gridCode: null, reason: 'no_duty' });
  });
});

describe('county taxonomy', () => {
  it('starts from the defaults: 12345 categories and the city-management component and event classes', () => {
    const codes = countyTaxonomy([]).map((c) => c.code);
    expect(codes).toEqual(expect.arrayContaining(['12345.street_order', 'cm.component.public_facilities', 'cm.event.street_order', 'rule_alert.check_visit']));
    expect(gridEventCategory('event', 'street_order')).toBe('cm.event.street_order');
  });

  it('overlays the county\'s edits, adds its own entries and hides deactivated ones', () => {
    const taxonomy = countyTaxonomy([
      { code: 'cm.event.street_order', name: '街面秩序(本县)', kind: 'city_management', duty_category: '市容环境/占道经营', sla_unit: 'working_hours', sla_amount: 2, active: true },
      { code: '12345.tourism', name: '文化旅游', kind: 'hotline', duty_category: '文化旅游', sla_unit: null, sla_amount: null, active: true },
      { code: '12345.other', name: '其他', kind: 'hotline', duty_category: null, sla_unit: null, sla_amount: null, active: false },
    ]);
    expect(taxonomy.find((c) => c.code === 'cm.event.street_order')).toMatchObject({ name: '街面秩序(本县)', sla: { unit: 'working_hours', amount: 2 } });
    expect(taxonomy.find((c) => c.code === '12345.tourism')).toMatchObject({ dutyCategory: '文化旅游', sla: null });
    expect(taxonomy.find((c) => c.code === '12345.other')).toBeUndefined();
  });
});
