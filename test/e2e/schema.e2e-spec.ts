import { TestApp, startApp } from '../support/app';

// Columns the database has on purpose without an entity property: the generated search vectors.
const UNMAPPED = new Set(['listings.search_vector', 'listings.title_vector']);

/**
 * Entities and migrations must agree: a property without a column (or a column no entity
 * knows) is drift that the next deploy would discover the hard way.
 */
describe('schema', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  it('has a column for every entity property and an entity property for every column', async () => {
    const rows: { table_name: string; column_name: string; is_nullable: 'YES' | 'NO'; udt_name: string }[] = await t.db.query(
      `SELECT table_name, column_name, is_nullable, udt_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const inDb = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r]));
    const problems: string[] = [];
    const mapped = new Set<string>();
    for (const entity of t.db.entityMetadatas) {
      for (const column of entity.columns) {
        const key = `${entity.tableName}.${column.databaseName}`;
        mapped.add(key);
        const db = inDb.get(key);
        if (!db) {
          problems.push(`${key}: no such column`);
          continue;
        }
        if ((db.is_nullable === 'YES') !== column.isNullable) problems.push(`${key}: nullable ${db.is_nullable} in the database`);
        const type = String(column.type);
        const expected: Record<string, string[]> = {
          uuid: ['uuid'],
          text: ['text', '_text'],
          jsonb: ['jsonb'],
          integer: ['int4'],
          bigint: ['int8'],
          boolean: ['bool'],
          timestamptz: ['timestamptz'],
          char: ['bpchar'],
        };
        if (expected[type] && !expected[type].includes(db.udt_name)) problems.push(`${key}: ${db.udt_name} in the database, ${type} in the entity`);
      }
    }
    const entityTables = new Set(t.db.entityMetadatas.map((e) => e.tableName));
    for (const key of inDb.keys()) {
      if (entityTables.has(key.split('.')[0]) && !mapped.has(key) && !UNMAPPED.has(key)) problems.push(`${key}: no entity property`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps the search vector generated from the texts', async () => {
    const [row] = await t.db.query(
      `SELECT is_generated, generation_expression FROM information_schema.columns WHERE table_name = 'listings' AND column_name = 'search_vector'`,
    );
    expect(row.is_generated).toBe('ALWAYS');
    expect(row.generation_expression).toContain("'simple'");
  });
});
