// Runs one autocannon measurement in its own process (so the load generator never shares
// an event loop with the bench or the server) and sends back the summary.
import autocannon from 'autocannon';

process.once('message', async ({ url, headers, connections, duration, warmupSeconds }) => {
  try {
    if (warmupSeconds > 0) await autocannon({ url, headers, connections, duration: warmupSeconds });
    const r = await autocannon({ url, headers, connections, duration });
    process.send({
      ok: true,
      rps: r.requests.average,
      total: r.requests.total,
      p50: r.latency.p50,
      p99: r.latency.p99,
      max: r.latency.max,
      errors: r.errors,
      timeouts: r.timeouts,
      non2xx: r.non2xx,
      bytesPerReq: r.requests.total ? r.throughput.total / r.requests.total : 0,
    });
  } catch (err) {
    process.send({ ok: false, error: String(err?.stack ?? err) });
  }
  process.exit(0);
});

process.on('disconnect', () => process.exit(0));
