import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

type ColumnMetadata = EntityMetadata['columns'][number];

/**
 * One entity's columns in a query written by hand, hydrated as TypeORM's query builder
 * hydrates them. The select list is the entity's default selection taken from its metadata
 * (so a new column is read without touching the query, and a `select: false` column such as
 * a password hash never is); each value goes through the driver's own hydration
 * (`prepareHydratedValue`, with the column's type and transformer), and the entity is made
 * the way TypeORM makes one from a row. Made once per entity and alias, at start.
 *
 * Why: the query builder builds the same SQL again for every call and walks generic
 * machinery for every row; on the booking path that was about a tenth of the server's CPU
 * (docs/performance.md). `test/foundation/entity-columns.e2e-spec.ts` reads the same rows
 * both ways and finds them equal.
 */
export class EntityColumns<T extends ObjectLiteral> {
  /** `"alias"."column" AS "alias__column", …`, for the SELECT list. */
  readonly select: string;
  private readonly metadata: EntityMetadata;
  private readonly columns: { key: string; column: ColumnMetadata }[];
  private readonly primaryKeys: string[];

  constructor(
    private readonly dataSource: DataSource,
    target: EntityTarget<T>,
    readonly alias: string,
  ) {
    if (!/^[a-z][a-z0-9_]*$/.test(alias)) throw new Error(`EntityColumns: alias ${alias} is not a plain SQL name`);
    this.metadata = dataSource.getMetadata(target);
    const unsupported = this.metadata.columns.filter((c) => c.isVirtual || c.isVirtualProperty || c.embeddedMetadata);
    if (unsupported.length)
      throw new Error(
        `EntityColumns: ${this.metadata.name} has columns this reader does not hydrate: ${unsupported.map((c) => c.propertyPath).join(', ')}`,
      );
    this.columns = this.metadata.columns
      .filter((c) => c.isSelect)
      .map((column) => ({ key: `${alias}__${column.databaseName}`, column }));
    this.select = this.columns.map(({ key, column }) => `"${alias}"."${column.databaseName}" AS "${key}"`).join(', ');
    this.primaryKeys = this.metadata.primaryColumns.map((c) => `${alias}__${c.databaseName}`);
  }

  /** The entity in a row; null when the row holds none of it (a LEFT JOIN that found nothing). */
  read(row: Record<string, unknown>): T | null {
    if (this.primaryKeys.every((k) => row[k] === null || row[k] === undefined)) return null;
    const entity = this.metadata.create(undefined, { fromDeserializer: true }) as T;
    const driver = this.dataSource.driver;
    for (const { key, column } of this.columns) {
      const value = row[key];
      if (value !== undefined) column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
    }
    return entity;
  }
}
