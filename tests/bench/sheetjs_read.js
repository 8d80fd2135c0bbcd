// SheetJS (npm xlsx) reading every workbook of a folder, nothing more (compare.sh's import row).
//   node sheetjs_read.js DIR
const fs = require('fs');
const path = require('path');
const XLSX = require('xlsx');
const dir = process.argv[2];
let n = 0;
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.xlsx')).sort()) {
    XLSX.readFile(path.join(dir, f));
    ++n;
}
console.log(`${n} workbooks read`);
