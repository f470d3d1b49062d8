import { embedFrameAncestors, embedPolicy } from './embed-policy.js';

describe('the embed pages’ framing policy', () => {
  const portal =
    "default-src 'self';script-src 'self';frame-ancestors 'none';object-src 'none';upgrade-insecure-requests";

  it('replaces frame-ancestors only, with the portal itself and the configured origins', () => {
    expect(embedPolicy(portal, ['https://www.example.bg', 'http://localhost:8089'])).toBe(
      "default-src 'self';script-src 'self';frame-ancestors 'self' https://www.example.bg http://localhost:8089;object-src 'none';upgrade-insecure-requests",
    );
  });

  it('with no origins configured only the portal itself may frame them', () => {
    expect(embedFrameAncestors([])).toBe("frame-ancestors 'self'");
    expect(embedPolicy(portal, [])).toContain("frame-ancestors 'self';");
  });

  it('a policy without frame-ancestors is left as it is (nothing is opened by guessing)', () => {
    expect(embedPolicy("default-src 'self'", ['https://www.example.bg'])).toBe("default-src 'self'");
  });
});
