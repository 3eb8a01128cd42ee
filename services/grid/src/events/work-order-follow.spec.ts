import { gridEventIdOf } from './work-order-follow';

describe('the grid event a work order came from', () => {
  const eventId = '0b6f3c1e-4f5a-4c39-9d7e-2f1f3c8a9b10';

  it('is the source of a top-level order of channel grid_event', () => {
    expect(gridEventIdOf({ channel: 'grid_event', parentId: null, sourceRef: eventId })).toBe(eventId);
  });

  it('is none for orders of other channels, sub-tasks of a linkage, or a source that is no event id', () => {
    expect(gridEventIdOf({ channel: 'hotline_12345', parentId: null, sourceRef: eventId })).toBeNull();
    expect(gridEventIdOf({ channel: 'grid_event', parentId: '5d0c1b2a-7e3f-4a6b-8c9d-0e1f2a3b4c5d', sourceRef: eventId })).toBeNull();
    expect(gridEventIdOf({ channel: 'grid_event', parentId: null, sourceRef: '12345-abc' })).toBeNull();
    expect(gridEventIdOf({ channel: 'grid_event', parentId: null, sourceRef: null })).toBeNull();
    expect(gridEventIdOf({ channel: 'grid_event', parentId: null })).toBeNull();
  });
});
