import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.js';
import { containsPattern, foldText, foldedSql } from './text-search.js';

describe('foldText', () => {
  it('folds ASCII and Cyrillic capitals, nothing else', () => {
    expect(foldText('БЮДЖЕТ 2027 за Ѝмотите, ЁЖ, Budget')).toBe('бюджет 2027 за ѝмотите, ёж, budget');
    expect(foldText('ΑΒΓ ß')).toBe('ΑΒΓ ß');
  });

  it('makes a LIKE pattern with LIKE’s own characters escaped', () => {
    expect(containsPattern(' 100%_Бюджет\\ ')).toBe('%100\\%\\_бюджет\\\\%');
  });
});

/**
 * On the database itself — the embedded one, and the PostgreSQL server when DATABASE_URL is
 * set — with the text in the C collation, as a server initialised with the C locale has it:
 * there `ILIKE` does not fold Cyrillic (the first assertion shows the problem), the folded
 * expression does.
 */
describe('folded search on the database, under the C collation', () => {
  let dir: string;
  let ds: DataSource;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'egov-fold-'));
    ds = new DataSource(
      dataSourceOptions({ dataDir: dir, databaseUrl: process.env.DATABASE_URL || undefined }, [], []),
    );
    await ds.initialize();
  }, 60_000);

  afterAll(async () => {
    await ds?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const matches = async (sql: string, text: string, pattern: string) =>
    ((await ds.query(`SELECT (${sql}) AS hit`, [text, pattern])) as { hit: boolean }[])[0]!.hit;

  it('„бюджет“ finds „Бюджет“ and „БЮДЖЕТ“, „мария“ finds „Мария Иванова“', async () => {
    const text = `$1::text COLLATE "C"`;
    expect(await matches(`${text} ILIKE $2`, 'Бюджет', '%бюджет%')).toBe(false);
    for (const [haystack, query] of [
      ['Проект на Бюджет за 2027 г.', 'бюджет'],
      ['ПРОЕКТ НА БЮДЖЕТ', 'Бюджет'],
      ['Мария Иванова', 'мария'],
      ['Budget of the Municipality', 'BUDGET'],
    ])
      expect(await matches(`${foldedSql(text)} LIKE $2`, haystack!, containsPattern(query!))).toBe(true);
    expect(await matches(`${foldedSql(text)} LIKE $2`, 'Данъци', containsPattern('бюджет'))).toBe(false);
    expect(await matches(`${foldedSql(text)} LIKE $2`, 'Отчет 100 процента', containsPattern('100%'))).toBe(false);
  });
});
