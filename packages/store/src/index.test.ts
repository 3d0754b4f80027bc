// The public surface of @margin/store: a change here is a change for the server and the CLI.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as store from './index.js';

it('exports exactly the public names of @margin/store', () => {
  assert.deepEqual(Object.keys(store).sort(), [
    'BATCH_DELAY_MS_DEFAULT',
    'BATCH_MAX_COMMANDS_DEFAULT',
    'DEFAULT_PROFILE',
    'DEFAULT_SQLITE_PATH',
    'DurableEngine',
    'JournalConflictError',
    'JournalNotFoundError',
    'PROFILE_META_KEY',
    'PostgresJournal',
    'REPLAY_PAGE_ENTRIES',
    'RecoveryError',
    'SNAPSHOTS_KEPT',
    'SNAPSHOT_EVERY_DEFAULT',
    'SqliteJournal',
    'checkBatchShape',
    'isPostgresUrl',
    'openJournal',
    'parsePostgresUrl',
    'recover',
    'replayEntry',
    'resolveProfile',
    'toSeq',
  ]);
});
