// big_graph.js - a graph too large to draw whole, for the report's test
// and bench: 5,000 entities (a seventh of them agencies) and 10,000
// "knows" relations between near neighbours, the same every time.
'use strict';
const fs = require('fs');
const path = require('path');

exports.write = function (dir) {
  let e = 'id,name,type\n', r = 'source,target,relation\n', x = 7;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 5000; i++) e += `p${i},Person ${i},${i % 7 ? 'person' : 'agency'}\n`;
  for (let i = 0; i < 10000; i++) {
    const a = Math.floor(rnd() * 5000), b = (a + 1 + Math.floor(rnd() * 40)) % 5000;
    r += `p${a},p${b},knows\n`;
  }
  fs.writeFileSync(path.join(dir, 'entities.csv'), e);
  fs.writeFileSync(path.join(dir, 'relations.csv'), r);
};
