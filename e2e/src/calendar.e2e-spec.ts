import { bearer, login, startPlatform, type RunningPlatform } from '@yiti/testing';

describe('working-day calendar through the gateway', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('counts working days over National Day 2026 with the shipped data', async () => {
    const clerk = await login(platform, 'liuhe.clerk');
    const res = await platform.http().get('/api/v1/working-days').set(bearer(clerk)).query({ from: '2026-09-21', days: 20 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ from: '2026-09-21', days: 20, due: '2026-10-26', provisional: false });
    const years = await platform.http().get('/api/v1/calendar-years').set(bearer(clerk));
    expect(years.body.map((y: { year: number }) => y.year)).toEqual(expect.arrayContaining([2025, 2026, 2027]));
  });

  it('counts a period in calendar days whose last day moves past National Day 2026 (Civil Code art. 203)', async () => {
    const dispatcher = await login(platform, 'liuhe.dispatcher');
    const overHoliday = await platform.http().get('/api/v1/calendar-days').set(bearer(dispatcher)).query({ from: '2026-09-21', days: 10 });
    expect(overHoliday.status).toBe(200);
    expect(overHoliday.body).toEqual({ from: '2026-09-21', days: 10, lastDay: '2026-10-01', due: '2026-10-08', provisional: false });
    const onAWeekday = await platform.http().get('/api/v1/calendar-days').set(bearer(dispatcher)).query({ from: '2026-09-21', days: 3 });
    expect(onAWeekday.body).toMatchObject({ lastDay: '2026-09-24', due: '2026-09-24' });
    const impossible = await platform.http().get('/api/v1/calendar-days').set(bearer(dispatcher)).query({ from: '2026-02-30', days: 3 });
    expect(impossible.status).toBe(400);
    expect(impossible.body.errors.map((e: { field: string }) => e.field)).toEqual(['from']);
  });

  it('refuses impossible dates with 400 naming the field instead of computing from them', async () => {
    const clerk = await login(platform, 'liuhe.clerk');
    for (const from of ['2026-02-30', '2026-04-31', '2027-02-29']) {
      const res = await platform.http().get('/api/v1/working-days').set(bearer(clerk)).query({ from, days: 5 });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
    }
    expect((await platform.http().get('/api/v1/working-days').set(bearer(clerk)).query({ from: '2026-02-28', days: 0 })).body.due).toBe('2026-02-28');
    const leader = await login(platform, 'liuhe.leader');
    const statistics = await platform.http().get('/api/v1/application-statistics').set(bearer(leader)).query({ jurisdictionCode: '320585102', from: '2026-02-30', to: '2026-03-31' });
    expect(statistics.status).toBe(400);
    expect(statistics.body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
    const vendor = await login(platform, 'taicang.vendor');
    const badYear = await platform.http().put('/api/v1/calendar-years/2031').set(bearer(vendor)).send({ daysOff: ['2031-02-30'], makeupWorkdays: [], provisional: true, source: '测试数据' });
    expect(badYear.status).toBe(400);
    expect(badYear.body.errors).toEqual([expect.objectContaining({ field: 'daysOff' })]);
  });

  it('adds working hours across National Day 2026 in office hours, Asia/Shanghai', async () => {
    const dispatcher = await login(platform, 'liuhe.dispatcher');
    // 16:00 on 30 Sep: 1.5 h that day, then the holiday to 7 Oct, then 8 Oct from 08:30.
    const res = await platform.http().get('/api/v1/working-hours').set(bearer(dispatcher)).query({ from: '2026-09-30T16:00:00+08:00', hours: 2 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ from: '2026-09-30T16:00:00+08:00', hours: 2, due: '2026-10-08T09:00:00+08:00', officeHours: '08:30-12:00, 13:30-17:30', provisional: false });
    const bad = await platform.http().get('/api/v1/working-hours').set(bearer(dispatcher)).query({ from: 'yesterday', hours: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('lets operators revise a year, refusing bad data and other roles', async () => {
    const vendor = await login(platform, 'taicang.vendor');
    const clerk = await login(platform, 'liuhe.clerk');
    const year = 2030 + Math.floor(Math.random() * 60);
    const body = { daysOff: [`${year}-10-01`, `${year}-10-02`], makeupWorkdays: [], provisional: true, source: '测试数据' };
    expect((await platform.http().put(`/api/v1/calendar-years/${year}`).set(bearer(clerk)).send(body)).status).toBe(403);
    const bad = await platform.http().put(`/api/v1/calendar-years/${year}`).set(bearer(vendor)).send({ ...body, makeupWorkdays: [`${year - 1}-12-31`] });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('CALENDAR_DATA_INVALID');

    const saved = await platform.http().put(`/api/v1/calendar-years/${year}`).set(bearer(vendor)).send(body);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ year, origin: 'configured', provisional: true });
    const lastOfSeptember = new Date(Date.UTC(year, 8, 30));
    const from = lastOfSeptember.toISOString().slice(0, 10);
    const due = await platform.http().get('/api/v1/working-days').set(bearer(clerk)).query({ from, days: 1 });
    expect(due.body.provisional).toBe(true);
    expect(due.body.due > `${year}-10-02`).toBe(true);

    const unknown = await platform.http().get('/api/v1/working-days').set(bearer(clerk)).query({ from: '2099-01-05', days: 3 });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('CALENDAR_YEAR_MISSING');
  });
});
