import { describe, expect, it } from '@jest/globals';
import { buffer as readAll } from 'node:stream/consumers';
import { gunzipSync, gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { BackupError, checkManifest, openBackup, packBackup, sha256 } from './archive.js';
import { backupFileName } from './backup.controller.js';

const KNOWN = ['Foundation1', 'Rooms2', 'Council3'];
const meta = {
  appVersion: '0.1.0',
  migrations: ['Foundation1', 'Rooms2'],
  createdAt: '2026-12-03T10:00:00.000Z',
  source: 'embedded',
};
const file = Buffer.from('%PDF-1.7 material');
const parts = () =>
  new Map<string, Buffer>([
    ['db/app_user.jsonl', Buffer.from('{"id":"a","username":"иван"}\n{"id":"b","username":"мария"}\n')],
    ['db/sequences.json', Buffer.from('{"audit_event_id_seq":{"lastValue":"7","isCalled":true}}\n')],
    [`files/materials/${sha256(file)}`, file],
  ]);

async function rawTar(entries: [string, Buffer][]): Promise<Buffer> {
  const pack = tar.pack();
  const done = readAll(pack);
  for (const [name, data] of entries) pack.entry({ name }, data);
  pack.finalize();
  return gzipSync(await done);
}

describe('backup archive', () => {
  it('round-trips every part byte for byte, with a manifest of their SHA-256 and sizes', async () => {
    const packed = await packBackup(meta, parts());
    const opened = await openBackup(packed, KNOWN);
    expect(opened.level).toBe(2);
    expect(opened.manifest).toMatchObject({ format: 1, ...meta });
    expect([...opened.parts.keys()].sort()).toEqual([...parts().keys()].sort());
    for (const [name, data] of parts()) {
      expect(opened.parts.get(name)!.equals(data)).toBe(true);
      expect(opened.manifest.parts[name]).toEqual({ sha256: sha256(data), size: data.length });
    }
  });

  it('refuses a damaged file: one byte flipped inside a part, a truncated file, not a backup at all', async () => {
    const packed = await packBackup(meta, parts());
    // Flip a byte of the users' rows inside the (uncompressed) tar and compress again: the
    // archive is readable, the part's SHA-256 is not the manifest's.
    const tarred = gunzipSync(packed);
    const at = tarred.indexOf('мария');
    tarred[at] = tarred[at]! ^ 0x01;
    await expect(openBackup(gzipSync(tarred), KNOWN)).rejects.toThrow(
      'the backup is damaged: db/app_user.jsonl does not match its SHA-256',
    );
    // A flipped byte in the compressed stream: gzip's own check (or the tar) refuses it.
    const flipped = Buffer.from(packed);
    flipped[Math.floor(flipped.length / 2)] ^= 0xff;
    await expect(openBackup(flipped, KNOWN)).rejects.toThrow(BackupError);
    await expect(openBackup(packed.subarray(0, packed.length - 20), KNOWN)).rejects.toThrow(BackupError);
    await expect(openBackup(Buffer.from('hello'), KNOWN)).rejects.toThrow('not a readable backup');
  });

  it('refuses a part the manifest does not list, and a listed part that is missing', async () => {
    const opened = await openBackup(await packBackup(meta, parts()), KNOWN);
    const manifest = (m: object) => ['manifest.json', Buffer.from(JSON.stringify(m))] as [string, Buffer];
    const all = [...parts()];
    await expect(openBackup(await rawTar([manifest(opened.manifest), ...all]), KNOWN)).resolves.toBeTruthy();
    await expect(
      openBackup(await rawTar([manifest(opened.manifest), ...all, ['db/extra.jsonl', Buffer.from('{}\n')]]), KNOWN),
    ).rejects.toThrow('parts its manifest does not list: db/extra.jsonl');
    await expect(openBackup(await rawTar([manifest(opened.manifest), ...all.slice(1)]), KNOWN)).rejects.toThrow(
      'the backup is damaged: db/app_user.jsonl is missing',
    );
    await expect(openBackup(await rawTar(all), KNOWN)).rejects.toThrow('no manifest.json');
  });

  it('checks the migration level: a newer one (or another order) is refused, a known prefix is its length', () => {
    const base = { format: 1, appVersion: '0.2.0', createdAt: meta.createdAt, source: 'embedded', parts: {} };
    expect(checkManifest({ ...base, migrations: [] }, KNOWN)).toBe(0);
    expect(checkManifest({ ...base, migrations: KNOWN }, KNOWN)).toBe(3);
    expect(() => checkManifest({ ...base, migrations: [...KNOWN, 'Future4'] }, KNOWN)).toThrow(
      'the backup comes from a newer version (0.2.0): this version does not have its migrations Future4',
    );
    expect(() => checkManifest({ ...base, migrations: ['Rooms2', 'Foundation1'] }, KNOWN)).toThrow('order');
    expect(() => checkManifest({ ...base, format: 2, migrations: [] }, KNOWN)).toThrow('format (2) is newer');
    expect(() => checkManifest({ format: 1 }, KNOWN)).toThrow('no valid manifest.json');
    expect(() => checkManifest(null, KNOWN)).toThrow('no valid manifest.json');
  });

  it('refuses to pack a part with an unexpected name (a path outside the backup layout)', async () => {
    await expect(packBackup(meta, new Map([['../etc/passwd', Buffer.from('x')]]))).rejects.toThrow('unexpected part');
  });

  it('names the download by the date and time in Europe/Sofia', () => {
    expect(backupFileName(new Date('2026-12-03T22:30:00Z'))).toBe('egov-box-backup-2026-12-04-0030.tar.gz');
    expect(backupFileName(new Date('2026-07-01T08:05:00Z'))).toBe('egov-box-backup-2026-07-01-1105.tar.gz');
  });
});
