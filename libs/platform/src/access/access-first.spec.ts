import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * "Who may do X?" is answered before anything is done (issue 19, item 1): every public method of
 * a library's services that acts for someone (its first parameter is the `AuthUser`) asks the
 * access service first. Nothing that touches the service's state (`this.…`) may come before the
 * call to `this.access.requireAccess` (or `allowed`, for the yes/no questions): only plain
 * computations on the arguments (whose ballot, whose check-in) may.
 *
 * The exceptions are steps other services call inside their own checked method, or a person's
 * own account; each says why.
 */
const EXEMPT: Record<string, string> = {
  'CouncilVotes.dropBallots': 'a step of CouncilAttendance.attendance, inside its transaction, after its check',
  'ProcedureService.afterClose':
    'a step of closing a vote (CouncilVotes.closeVote), inside its transaction, after its check',
  'SittingChanges.announce': 'a step after a procedural vote closed (checked there): mails the renewed invitations',
  'UsersService.me': 'a signed-in person reads their own account; there is no object to check',
  'TokenService.signAccess': 'makes the access token at sign-in; the person is the one who signed in',
};

const ROOT = join(process.cwd(), 'libs');

function serviceFiles(): string[] {
  return readdirSync(ROOT, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\/src\/.*\.ts$/.test(f) && !f.endsWith('.spec.ts') && !f.includes('/dist/'))
    .map((f) => join(ROOT, f));
}

interface Method {
  name: string;
  where: string;
  /** The statements before the access call that use the service's state, as text. */
  before: string[];
  checks: boolean;
}

const ACCESS_CALL = /\bthis\.access\.(requireAccess|allowed)\(/;

/** Public methods of the services (not controllers, gateways or repositories) in `text` taking an actor first. */
function actorMethods(file: string, text = readFileSync(file, 'utf8')): Method[] {
  if (!text.includes('@Injectable')) return [];
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Method[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isClassDeclaration(n) && n.name && !/(Controller|Gateway|Repository)$/.test(n.name.text)) {
      for (const m of n.members) {
        if (!ts.isMethodDeclaration(m) || !m.body) continue;
        if (ts.getCombinedModifierFlags(m) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
        const first = m.parameters[0];
        if (!first?.type || !/\bAuthUser\b/.test(first.type.getText(sf))) continue;
        const before: string[] = [];
        let checks = false;
        for (const s of m.body.statements) {
          const t = s.getText(sf);
          if (ACCESS_CALL.test(t)) {
            checks = true;
            break;
          }
          if (/\bthis\b|\bawait\b/.test(t)) before.push(t.split('\n')[0]!);
        }
        const line = sf.getLineAndCharacterOfPosition(m.getStart(sf)).line + 1;
        out.push({
          name: `${n.name.text}.${m.name.getText(sf)}`,
          where: `${relative(ROOT, file)}:${line}`,
          before,
          checks,
        });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe('every service method starts with its access check', () => {
  const methods = serviceFiles().flatMap((f) => actorMethods(f));

  it('finds the services (a scan that sees nothing proves nothing)', () => {
    expect(methods.length).toBeGreaterThan(100);
    for (const name of ['CouncilVotes.ballot', 'HallsService.book', 'OneOnOneService.propose'])
      expect(methods.map((m) => m.name)).toContain(name);
  });

  it('asks the access service before it touches anything', () => {
    const late = methods
      .filter((m) => !Object.hasOwn(EXEMPT, m.name))
      .filter((m) => !m.checks || m.before.length)
      .map((m) => `${m.where} ${m.name}: ${m.checks ? `after ${m.before.join(' | ')}` : 'no access check'}`);
    expect(late).toEqual([]);
  });

  it('excuses only methods that exist', () => {
    const names = new Set(methods.map((m) => m.name));
    expect(Object.keys(EXEMPT).filter((n) => !names.has(n))).toEqual([]);
  });

  it('sees a check that comes too late, and one missing', () => {
    const src = `@Injectable() export class LateService {
      async act(actor: AuthUser, id: string) { const row = await this.repo.find(id); await this.access.requireAccess(actor, 'x', id); }
      async fine(actor: AuthUser, id: string) { const who = id; await this.access.requireAccess(actor, 'x', id); }
      async none(actor: AuthUser) { return 1; }
      private async inner(actor: AuthUser) { return 2; }
    }`;
    expect(actorMethods(join(ROOT, 'fixture.ts'), src).map((m) => [m.name, m.checks, m.before.length])).toEqual([
      ['LateService.act', true, 1],
      ['LateService.fine', true, 0],
      ['LateService.none', false, 0],
    ]);
  });
});
