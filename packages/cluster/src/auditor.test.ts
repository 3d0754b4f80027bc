/** The auditor names a ledger that does not sum to zero and an account in the wrong partition (no NATS needed). */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { snapshotState } from '@margin/engine';
import { DurableHost } from '@margin/host';
import { openJournal } from '@margin/store';
import { auditPartitions } from './auditor.js';
import { partitionOf } from './partition-map.js';

const dir = mkdtempSync(join(tmpdir(), 'margin-audit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function snapshotOf(name: string, commands: unknown[]): Promise<string> {
  const host = await DurableHost.open(await openJournal(join(dir, `${name}.sqlite`)));
  await host.executeJson(commands);
  const text = await host.read(({ state }) => snapshotState(state));
  await host.close();
  return text;
}

describe('auditPartitions', () => {
  it('passes balanced partitions and names each broken rule', async () => {
    const accounts = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'];
    const texts: string[] = [];
    for (let p = 0; p < 2; p++) {
      texts.push(await snapshotOf(`p${p}`, accounts.filter((id) => partitionOf(id, 2) === p).map((account) => ({ type: 'deposit', id: `d-${account}`, account, asset: 'USDT', amount: '100' }))));
    }
    const ok = auditPartitions(texts);
    assert.deepEqual(ok.problems, []);
    assert.equal(ok.netDepositsUnits['USDT'], String(600n * 10n ** 8n));

    const moved = JSON.parse(texts[0] as string) as { accounts: { id: string; wallets: Record<string, string> }[] };
    (moved.accounts[0] as { wallets: Record<string, string> }).wallets['USDT'] = '101';
    const broken = auditPartitions([JSON.stringify(moved), texts[1] as string]);
    assert.ok(broken.problems.some((p) => /partition 0: the USDT ledger sums to 100000000 units/.test(p)), broken.problems.join('\n'));
    assert.ok(broken.problems.some((p) => /cluster: the USDT ledger sums to 100000000 units/.test(p)));
    const swapped = auditPartitions([texts[1] as string, texts[0] as string]);
    assert.ok(swapped.problems.some((p) => /is in partition 0, its hash names partition 1/.test(p)));
  });
});
