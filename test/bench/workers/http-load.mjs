// Sends a list of HTTP requests ({ method, path, body, token? }) with bounded concurrency and
// reports the outcome. Used for booking inserts, the overlapping-booking storm, the vote storm.
const hrNow = () => performance.timeOrigin + performance.now();

process.once('message', async ({ baseUrl, token, requests, concurrency }) => {
  const statuses = {};
  const errors = {};
  const latencies = [];
  let next = 0;
  const one = async (req) => {
    const t = hrNow();
    try {
      const res = await fetch(baseUrl + req.path, {
        method: req.method,
        headers: { authorization: `Bearer ${req.token ?? token}`, 'content-type': 'application/json' },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.timeout(60_000),
      });
      const text = await res.text();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status >= 400 && res.status !== 409) {
        const key = `${res.status} ${text.slice(0, 200)}`;
        errors[key] = (errors[key] ?? 0) + 1;
      }
    } catch (err) {
      const key = String(err?.cause?.code ?? err?.message ?? err);
      errors[key] = (errors[key] ?? 0) + 1;
      statuses.error = (statuses.error ?? 0) + 1;
    }
    latencies.push(hrNow() - t);
  };
  const t0 = hrNow();
  const lane = async () => {
    while (next < requests.length) await one(requests[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, lane));
  process.send({ ms: hrNow() - t0, statuses, errors, latencies });
  process.exit(0);
});

process.on('disconnect', () => process.exit(0));
