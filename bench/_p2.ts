import { planFanout } from '../src/domain/vpn-fanout.js';
import { performance } from 'node:perf_hooks';
for (const n of [5000, 20000, 5000, 20000]) {
  const ids = Array.from({ length: n }, (_, i) => ({ id: `r${i}`, conversationId: `r${i}` }));
  const t0 = performance.now(); planFanout(ids, 0); console.log(n, (performance.now() - t0).toFixed(1));
}
