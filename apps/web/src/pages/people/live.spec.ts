import { hear, heardSince, type Heard } from './live';

describe('live changes beside the list', () => {
  it('an answer drops the changes heard before its request went out and keeps those heard while it was out', () => {
    let doors: Heard<string> = {};
    doors = hear(doors, 'room-a', 'open', 10);
    // The list is asked again at 20; while it is out, room-b's door closes.
    doors = hear(doors, 'room-b', 'closed', 25);
    const after = heardSince(doors, 20);
    expect(after).toEqual({ 'room-b': { value: 'closed', at: 25 } });
  });

  it('the latest change of a key wins, and nothing heard is dropped by an older answer', () => {
    let presence: Heard<string> = {};
    presence = hear(presence, 'u1', 'away', 5);
    presence = hear(presence, 'u1', 'online', 7);
    expect(heardSince(presence, 3)).toEqual({ u1: { value: 'online', at: 7 } });
    expect(heardSince(presence, 3)).toBe(presence);
  });
});
