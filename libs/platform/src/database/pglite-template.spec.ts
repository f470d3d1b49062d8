import { pgliteTemplateBuildKey, pgliteTemplateKey } from './pglite-template.js';

// Two builds of one migration: the same name, code printed differently (tsc's output and the
// bundle's), and a migration whose code really changed under the same name.
function migration(name: string, body: string) {
  return new Function(`return class ${name} { async up(q) { ${body} } }`)() as () => void;
}

describe('the embedded template keys', () => {
  const tsc = migration('Foundation1700000000000', `await q.query('CREATE TABLE a (id int)');`);
  const bundled = migration('Foundation1700000000000', `await   q.query("CREATE TABLE a (id int)")`);
  const other = migration('Other1700000000001', `await q.query('SELECT 1');`);

  it('a server copies the template whatever its build prints: the key holds names and order, not code', () => {
    expect(pgliteTemplateKey([tsc])).toBe(pgliteTemplateKey([bundled]));
    expect(pgliteTemplateKey([tsc, other])).not.toBe(pgliteTemplateKey([tsc]));
    expect(pgliteTemplateKey([tsc, other])).not.toBe(pgliteTemplateKey([other, tsc]));
  });

  it('the build makes the template again when a migration changed under the same name', () => {
    expect(pgliteTemplateBuildKey([tsc])).not.toBe(pgliteTemplateBuildKey([bundled]));
    expect(pgliteTemplateBuildKey([tsc])).toBe(pgliteTemplateBuildKey([tsc]));
    expect(pgliteTemplateBuildKey([tsc])).not.toBe(pgliteTemplateKey([tsc]));
  });
});
