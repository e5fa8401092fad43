import { restorePg, dropDb } from './lib/seed-data.js';
import { FULL_ORG } from './lib/org-data.js';
const which = process.argv[2];
const size = which === 'reads' ? { staff: 1000, desks: 500, years: 1.75 } : { ...FULL_ORG, years: 1 };
const name = `hb_seed_${which}`;
const t0 = Date.now();
try { const { info } = await restorePg(size, name, console.log); console.log(info, (Date.now() - t0) / 1000); }
finally { await dropDb(name); }
