// Compare two directories of synthesized examples (<dir>/<example>/*.template.json): see compare-templates.sh.
const fs = require('fs');
const path = require('path');

const [baseDir, headDir, ref] = process.argv.slice(2);
const templates = (dir) => {
  const found = {};
  for (const example of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const exampleDir = path.join(dir, example);
    if (!fs.statSync(exampleDir).isDirectory()) continue;
    for (const file of fs.readdirSync(exampleDir).filter((f) => f.endsWith('.template.json'))) {
      found[`${example}/${file}`] = JSON.parse(fs.readFileSync(path.join(exampleDir, file), 'utf8'));
    }
  }
  return found;
};
const stable = (value) => JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v)
  ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
const changedKeys = (a = {}, b = {}) => [...new Set([...Object.keys(a), ...Object.keys(b)])]
  .filter((k) => stable(a[k]) !== stable(b[k]));

const base = templates(baseDir);
const head = templates(headDir);
let differences = 0;
for (const name of [...new Set([...Object.keys(base), ...Object.keys(head)])].sort()) {
  const a = base[name];
  const b = head[name];
  if (!a || !b) {
    console.log(`${name}: ${a ? 'removed' : 'added'}`);
    differences++;
    continue;
  }
  if (stable(a) === stable(b)) continue;
  differences++;
  console.log(`${name}: changed`);
  for (const section of changedKeys(a, b).filter((s) => s !== 'Resources')) {
    console.log(`  ${section}: ${changedKeys(a[section], b[section]).join(', ')}`);
  }
  const ra = a.Resources ?? {};
  const rb = b.Resources ?? {};
  for (const id of changedKeys(ra, rb)) {
    if (!ra[id]) console.log(`  + ${id} (${rb[id].Type})`);
    else if (!rb[id]) console.log(`  - ${id} (${ra[id].Type})`);
    else {
      const props = changedKeys(ra[id].Properties, rb[id].Properties).map((p) => `Properties.${p}`);
      const attrs = changedKeys({ ...ra[id], Properties: undefined }, { ...rb[id], Properties: undefined });
      console.log(`  ~ ${id} (${rb[id].Type}): ${[...attrs, ...props].join(', ')}`);
    }
  }
}
console.log(differences === 0
  ? `${Object.keys(head).length} templates, identical to ${ref}`
  : `${differences} of ${Object.keys(head).length} templates differ from ${ref}`);
process.exit(differences === 0 ? 0 : 1);
