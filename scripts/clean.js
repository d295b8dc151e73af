// Removes the build output; used by `npm run build` (no rimraf dependency needed).
const fs = require('node:fs');
for (const dir of ['dist']) fs.rmSync(dir, { recursive: true, force: true });
